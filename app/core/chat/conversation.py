"""One chat in memory as a tree of messages, so regenerate and edit keep the old versions.

Every message has a parent (``None`` for the first level). Children of one parent are the
*versions* of that turn: regenerating adds an assistant sibling, editing adds a user sibling
(and then a fresh assistant child under it). For each parent one child is *selected*; following
the selected child from the root gives the active path, which is what the chat view shows and
what the model is sent. Where nothing was chosen the newest child counts as selected.

Semantics, in store calls (``conv = store.load_conversation(chat_id)``):

- send: ``add_message(chat, conv.last_message().id or None, "user", text)``, then the answer
  as its child;
- regenerate: ``add_message(chat, answer.parent_id, "assistant", "")`` (a sibling of ``answer``);
- edit and resend: ``add_message(chat, question.parent_id, "user", new_text)``, then the answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.core.chat.attachments import Grounding, image_part
from app.core.errors import MessageNotFoundError
from app.core.types.chat import ChatMessage, Role

DEFAULT_TITLE = "New chat"  # replaced by make_title(first user message)
TITLE_LENGTH = 40


@dataclass
class ChatSummary:
    """A chat without its messages: what the chat list shows, plus its per-chat settings."""

    id: int
    title: str
    created_at: float
    updated_at: float
    model: str | None = None  # the model this chat last used
    system_prompt: str = ""
    params: dict[str, Any] = field(default_factory=dict)  # sampling / load parameters
    overflow_policy: str = "drop_oldest"  # an OverflowPolicy value


@dataclass
class StoredMessage:
    """One message as saved: its place in the tree, its text and how it was produced."""

    id: int
    chat_id: int
    parent_id: int | None  # None: first level of the chat
    role: Role
    content: str
    created_at: float  # seconds since the epoch
    model: str | None = None  # the model that wrote it (assistant messages)
    # Generation figures: Stats.to_dict() plus e.g. "stop_reason"; None when there are none.
    stats: dict[str, Any] | None = None
    complete: bool = True  # False while streaming, or if the app died mid-answer
    # Token log-probabilities are stored for it (load them with ChatStore.load_logprobs).
    has_logprobs: bool = False
    # A question's attachments: what the model saw from them and the sources (None: none).
    grounding: Grounding | None = None
    images: list[bytes] = field(default_factory=list)  # a question's images (PNG)

    def as_prompt_dict(self) -> ChatMessage:
        """The ``{"role", "content"}`` form chat templates take; a question's attached text
        (whole files or retrieved passages) goes before it, as the model first saw it, and
        its images after it as content parts."""
        context = self.grounding.context if self.grounding is not None else ""
        content = f"{context}\n\n{self.content}" if context else self.content
        if not self.images:
            return {"role": self.role, "content": content}
        parts = [{"type": "text", "text": content}, *map(image_part, self.images)]
        return {"role": self.role, "content": parts}  # type: ignore[typeddict-item]


class Conversation:
    """All messages of one chat (every version) plus which child is selected under each parent.

    Children are ordered by id, which SQLite hands out in insertion order, so a clock that
    jumps cannot reorder versions.
    """

    def __init__(self, chat_id: int, messages: Iterable[StoredMessage] = (),
                 selected_child: dict[int | None, int] | None = None) -> None:
        self.chat_id = chat_id
        self.messages: dict[int, StoredMessage] = {}
        self._children: dict[int | None, list[int]] = {}
        self.selected_child: dict[int | None, int] = dict(selected_child or {})
        for message in sorted(messages, key=lambda m: m.id):
            self._insert(message)

    def __len__(self) -> int:
        return len(self.messages)

    def get(self, message_id: int) -> StoredMessage:
        """The message with that id.

        Raises:
            MessageNotFoundError: it is not in this conversation.
        """
        try:
            return self.messages[message_id]
        except KeyError:
            raise _not_found(message_id) from None

    def children(self, parent_id: int | None) -> list[StoredMessage]:
        """The messages directly under ``parent_id`` (None: the first level), oldest first."""
        return [self.messages[i] for i in self._children.get(parent_id, [])]

    def selected(self, parent_id: int | None) -> StoredMessage | None:
        """The selected child of ``parent_id``: the chosen one, else the newest; None if none."""
        ids = self._children.get(parent_id)
        if not ids:
            return None
        chosen = self.selected_child.get(parent_id)
        return self.messages[chosen if chosen in ids else ids[-1]]

    def active_path(self) -> list[StoredMessage]:
        """From the root down, the selected child at each level: the chat as shown."""
        path: list[StoredMessage] = []
        seen: set[int] = set()
        node = self.selected(None)
        while node is not None and node.id not in seen:  # `seen` guards a damaged file's cycle
            path.append(node)
            seen.add(node.id)
            node = self.selected(node.id)
        return path

    def last_message(self) -> StoredMessage | None:
        """The end of the active path (the parent of the next user message); None if empty."""
        path = self.active_path()
        return path[-1] if path else None

    def siblings(self, message_id: int) -> list[StoredMessage]:
        """All versions of this turn: the messages with the same parent, itself included.

        Raises:
            MessageNotFoundError: the message is not in this conversation.
        """
        return self.children(self.get(message_id).parent_id)

    def version_index(self, message_id: int) -> tuple[int, int]:
        """(1-based position among its siblings, how many there are), for ``< 2/3 >``.

        Raises:
            MessageNotFoundError: the message is not in this conversation.
        """
        ids = [m.id for m in self.siblings(message_id)]
        return ids.index(message_id) + 1, len(ids)

    def select(self, message_id: int) -> None:
        """Make this message the selected child of its parent (the store's ``select_version``).

        Raises:
            MessageNotFoundError: the message is not in this conversation.
        """
        self.selected_child[self.get(message_id).parent_id] = message_id

    def add(self, message: StoredMessage, select: bool = True) -> None:
        """Mirror a message the store just added (and, like the store, select it).

        Raises:
            MessageNotFoundError: its parent is not in this conversation.
        """
        if message.parent_id is not None and message.parent_id not in self.messages:
            raise _not_found(message.parent_id)
        self._insert(message)
        if select:
            self.selected_child[message.parent_id] = message.id

    def remove(self, message_id: int) -> list[int]:
        """Mirror the store's ``delete_message``: drop the message and everything under it.

        If it was selected, its parent falls back to the newest remaining sibling (or none).
        Returns the ids removed.

        Raises:
            MessageNotFoundError: the message is not in this conversation.
        """
        message = self.get(message_id)
        removed: list[int] = []
        stack = [message_id]
        while stack:
            current = stack.pop()
            removed.append(current)
            stack.extend(self._children.pop(current, []))
            self.selected_child.pop(current, None)
            del self.messages[current]
        siblings = self._children[message.parent_id]
        siblings.remove(message_id)
        if not siblings:
            del self._children[message.parent_id]
            self.selected_child.pop(message.parent_id, None)
        elif self.selected_child.get(message.parent_id) == message_id:
            self.selected_child[message.parent_id] = siblings[-1]
        return removed

    def messages_for_model(self, system_prompt: str = "") -> list[ChatMessage]:
        """The active path as ``{"role", "content"}`` dicts, ready for a chat template.

        An assistant message that is incomplete and still empty (the answer about to be
        written, or one the app died before starting) is skipped. ``system_prompt``, when
        given (the chat's setting), goes first.
        """
        head: list[ChatMessage] = (
            [{"role": "system", "content": system_prompt}] if system_prompt else [])
        return head + [m.as_prompt_dict() for m in self.active_path()
                       if not (m.role == "assistant" and not m.complete and not m.content)]

    def _insert(self, message: StoredMessage) -> None:
        self.messages[message.id] = message
        ids = self._children.setdefault(message.parent_id, [])
        ids.append(message.id)
        if len(ids) > 1 and ids[-2] > message.id:
            ids.sort()


def _not_found(message_id: int) -> MessageNotFoundError:
    return MessageNotFoundError(f"There is no message {message_id} in this chat.",
                                message_id=message_id)


def make_title(text: str) -> str:
    """A chat title from a message: its first non-blank line, about 40 characters at most."""
    line = next((" ".join(part.split()) for part in text.splitlines() if part.strip()), "")
    if len(line) <= TITLE_LENGTH:
        return line
    cut = line[:TITLE_LENGTH]
    space = cut.rfind(" ")
    if space >= TITLE_LENGTH // 2:  # end on a word when that keeps at least half
        cut = cut[:space]
    return cut.rstrip() + "…"
