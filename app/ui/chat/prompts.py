"""The empty chat's example prompts (in the chat view's words)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def example_prompts() -> list[str]:
    """Four prompts a new user can start with, in the interface's language."""
    return [QCoreApplication.translate(
                "ChatView", "Explain how a transformer model works in simple terms."),
            QCoreApplication.translate(
                "ChatView", "Write a Python function that checks whether a word is a "
                            "palindrome."),
            QCoreApplication.translate(
                "ChatView", "Translate this sentence into Korean: \"The weather is lovely "
                            "today, so let's go for a walk.\""),
            QCoreApplication.translate(
                "ChatView", "Suggest three ideas for a weekend trip, with a short packing list.")]
