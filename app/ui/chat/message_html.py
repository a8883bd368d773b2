"""HTML for the parts of a message around its text: the speaker's label, the user's tinted
turn, the quiet row of icons and stats under a message, and the empty chat's welcome.

Qt's rich text has no rounded corners and no hover styles, so the user's turn is a tinted
one-cell table (the view paints its tint rounded: ``rounded``). Icons are
``<img src="icon:NAME">``, drawn by the chat view from the shipped icon set; the actions that
show only where wanted (``HIDEABLE_ACTIONS``) have an image per message, ``icon:NAME?m=ID``
(see ``message_icons``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from app.ui.render.colours import ChatColours

ICON_SCHEME = "icon"
ICON_SIZE = 16
PROMPT_SCHEME = "ondol-prompt"
# The action under a message → the icon that shows it.
ACTION_ICONS = {
    "prev": "chevron-left", "next": "chevron-right", "copy": "copy", "edit": "pencil",
    "regenerate": "refresh-cw", "delete": "trash-2",
    "probs": "bar-chart-horizontal", "probs-none": "bar-chart-horizontal~dim",
}
DIM = "~dim"  # an icon drawn faint: an action this message cannot have
# Shown under the message the pointer or keyboard is in, and the last one; the version arrows
# always (they say there is more than one version).
HIDEABLE_ACTIONS = ("copy", "edit", "regenerate", "probs", "probs-none", "delete")
TURN_GAP = 16  # px above each message (and the row of icons above it): turns read apart
QUESTION_GAP = 28  # px above the user's turn: a new exchange begins
TIGHT = "line-height:100%"  # labels and the row of icons: no room for a second line


def _icon_link(action: str, message_id: int, title: str) -> str:
    name = ACTION_ICONS[action]
    if action in HIDEABLE_ACTIONS:
        name += f"?m={message_id}"
    tip = html.escape(title)
    return (f'<a href="ondol-msg:{action}:{message_id}" title="{tip}">'
            f'<img src="{ICON_SCHEME}:{name}" width="{ICON_SIZE}" height="{ICON_SIZE}" '
            f'title="{tip}"></a>')


def actions_html(message_id: int, role: str, version: tuple[int, int], footer: str,
                 titles: Mapping[str, str], colours: ChatColours, probs: str = "") -> str:
    """The row under a message: versions ‹ 1/2 ›, copy, edit or regenerate, the answer's
    probabilities toggle, delete; then the stats line, all small and quiet. ``titles`` holds
    each action's (translated) tooltip; ``probs`` is the toggle's state: "on", "off", "none"
    (the answer has no probabilities: a faint icon that only says why) or "" (no toggle)."""
    index, count = version
    parts: list[str] = []
    if count > 1:
        parts.append(f'{_icon_link("prev", message_id, titles["prev"])}&nbsp;{index}/{count}'
                     f'&nbsp;{_icon_link("next", message_id, titles["next"])}')
    actions = ["copy", "edit" if role == "user" else "regenerate" if role == "assistant" else "",
               "probs-none" if probs == "none" else "probs" if probs else "", "delete"]
    parts += [_icon_link(action, message_id, titles[f"probs-{probs}" if action == "probs" else
                                                    action]) for action in actions if action]
    row = "&nbsp;&nbsp;&nbsp;".join(parts)
    stats = (f'&nbsp;&nbsp;&nbsp;&nbsp;{html.escape(footer)}' if footer else "")
    return (f'<p style="margin-top:4px; margin-bottom:0; font-size:small; {TIGHT}; '
            f'color:{colours.muted}">{row}{stats}</p>')


def name_html(name: str, colours: ChatColours) -> str:
    """The speaker's label above an answer: small, quiet, bold."""
    return (f'<p style="margin-top:{TURN_GAP}px; margin-bottom:0; font-size:small; {TIGHT}; '
            f'color:{colours.muted}"><b>{html.escape(name)}</b></p>')


def plain_html(text: str) -> str:
    """Text written by a person: escaped, its line breaks kept, wrapped anywhere."""
    return f'<p style="white-space:pre-wrap">{html.escape(text, quote=False)}</p>'


def user_turn_html(name: str, text: str, colours: ChatColours) -> str:
    """The user's turn: their label and words on a tinted block."""
    return (f'<table width="100%" cellspacing="0" cellpadding="10" bgcolor="{colours.user_bg}"'
            f' style="margin-top:{QUESTION_GAP}px"><tr><td>'
            f'<p style="margin:0; font-size:small; {TIGHT}; color:{colours.muted}">'
            f'<b>{html.escape(name)}</b></p>'
            f'<p style="margin:0; white-space:pre-wrap">{html.escape(text, quote=False)}</p>'
            f"</td></tr></table>")


def welcome_html(greeting: str, hint: str, prompts: Sequence[str], colours: ChatColours) -> str:
    """The empty chat: a short welcome and example prompts, each a link (``ondol-prompt:N``)."""
    items = "".join(
        f'<p style="margin-top:8px; margin-bottom:0">'
        f'<a href="{PROMPT_SCHEME}:{index}" style="color:{colours.link}; text-decoration:none">'
        f"→&nbsp;{html.escape(prompt, quote=False)}</a></p>"
        for index, prompt in enumerate(prompts))
    return (f'<p style="margin-top:48px; font-size:x-large"><b>{html.escape(greeting)}</b></p>'
            f'<p style="margin-top:6px; color:{colours.muted}">{html.escape(hint)}</p>'
            f'<table width="100%" cellspacing="0" cellpadding="12" bgcolor="{colours.code_bg}" '
            f'style="margin-top:14px"><tr><td>{items}</td></tr></table>')
