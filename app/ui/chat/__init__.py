"""The chat page: the conversation view, the message composer and their controller."""
