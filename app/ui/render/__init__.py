"""Markdown → Qt rich-text HTML for the chat view. Qt-free, so it is tested without a display."""
