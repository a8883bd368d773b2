"""From the host's ``NextTokenView`` to the rows of the playground's two bar charts.

The left chart is the model's own distribution (the view's candidates and the rest's mass);
the right one is the same tokens after the last decoding step, each token a knob cut away
greyed, with the name of the knob that cut it in its tip.
"""

from __future__ import annotations

from app.core.inspect.distribution import NextTokenView
from app.core.inspect.tokens_render import visible
from app.ui.inside.bars import BarRow, BarState
from app.ui.words import decoding as words


def token_label(token: str, token_id: int) -> str:
    """A candidate's text as a person can read it (spaces and newlines drawn); a piece of a
    character (a Hangul syllable's byte) carries its id, so two such pieces differ.

    Raises:
        nothing.
    """
    label = visible(token.encode("utf-8", "surrogateescape")) or "∅"
    return f"{label} #{token_id}" if "\ufffd" in label else label


def before_rows(view: NextTokenView) -> list[BarRow]:
    """The view's candidates, most likely first, then "the rest".

    Raises:
        nothing.
    """
    rows = [BarRow(token_label(c.token, c.token_id), c.prob, BarState.NORMAL,
                   words.token_tip(c.token_id, c.prob)) for c in view.candidates]
    return [*rows, BarRow(words.rest_label(), view.rest, BarState.REST)]


def cutting_step(view: NextTokenView, index: int) -> str:
    """The name of the first step that cut candidate ``index`` ("" if it is still kept).

    Raises:
        nothing.
    """
    for step in view.steps:
        if not step.kept[index]:
            return step.name
    return ""


def after_rows(view: NextTokenView) -> list[BarRow]:
    """The same candidates after the last step: probability after it, cut ones greyed.

    Raises:
        ValueError: the view carries no steps (it was asked for without sampling).
    """
    if not view.steps:
        raise ValueError("the view has no decoding steps")
    last = view.steps[-1]
    rows = []
    for index, candidate in enumerate(view.candidates):
        cut = cutting_step(view, index)
        tip = words.cut_by(cut) if cut else words.token_tip(candidate.token_id,
                                                              last.probs[index])
        rows.append(BarRow(token_label(candidate.token, candidate.token_id), last.probs[index],
                           BarState.CUT if cut else BarState.NORMAL, tip))
    return [*rows, BarRow(words.rest_label(), last.rest, BarState.REST)]
