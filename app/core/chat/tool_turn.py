"""One answer in which the model may call tools: the rounds, the rules, and what is kept.

A ``ToolTurn`` is driven from outside (the window, asynchronously; ``drive`` below, blocking):

1. generate with ``messages`` and ``offered()`` (None: answer in words), collect the text;
2. ``end_round(text)``: the calls written in it become ``ToolStep``s. Those in state ``asking``
   wait for the user: ``allow(step)`` (then run the call) or ``deny(step)``;
3. ``finish_call(step, result)`` for each call run;
4. when ``next_round()`` is True, generate again; when ``ended`` is set, the answer is over.

The rules: at most ``max_steps`` calls per answer (later ones are skipped and the tools are
withheld so the model answers in words); arguments that are not valid are sent back to the
model once with ``check_arguments``' sentence, a second time the answer ends with an error; a
server that crashed, is down or hung ends the answer with an error step; an answer that only
repeats calls already answered is dropped and the model answers again without tools (small
models loop on their own calls otherwise, see ``tools.loops``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from app.core.chat.tool_steps import (
    ASKING,
    DENIED,
    DONE,
    FAILED,
    INVALID,
    RUNNING,
    SETTLED,
    SKIPPED,
    ToolStep,
)
from app.core.errors import ToolServerError
from app.core.tools.arguments import check_arguments
from app.core.tools.calls import Parsed, ToolCall, parse_tool_calls
from app.core.tools.results import ToolResult, ToolSpec
from app.core.types.chat import ChatMessage

# Results that mean the server, not the tool, failed: the answer ends there.
FATAL_REASONS = frozenset({"server_crashed", "server_down", "timeout"})
ENDED_ANSWERED, ENDED_INVALID, ENDED_SERVER, ENDED_STOPPED = (
    "answered", "invalid_arguments", "server_failed", "stopped")


def function_spec(spec: ToolSpec) -> dict[str, Any]:
    """A tool as OpenAI's ``tools`` entry (what chat templates render)."""
    schema = spec.input_schema or {"type": "object", "properties": {}}
    return {"type": "function", "function": {"name": spec.name, "description": spec.description,
                                             "parameters": schema}}


class ToolTurn:
    """The state of one answer with tools; no I/O of its own."""

    def __init__(self, messages: Sequence[ChatMessage], specs: Iterable[ToolSpec],
                 max_steps: int) -> None:
        self.messages: list[ChatMessage] = list(messages)
        self.specs = {spec.name: spec for spec in specs}
        self.max_steps = max_steps
        self.steps: list[ToolStep] = []
        self.text = ""  # what the user reads of the answer, every round's text joined
        self.ended: str | None = None
        self._told_invalid = False
        self._withheld = not self.specs

    # -- rounds -------------------------------------------------------------------------------

    def offered(self) -> list[dict[str, Any]] | None:
        """The tools to offer in the next round; None when the model must answer in words."""
        if self._withheld or self._calls_made() >= self.max_steps:
            return None
        return [function_spec(spec) for spec in self.specs.values()]

    def end_round(self, text: str, calls: Sequence[tuple[str, str, str]] = ()
                  ) -> list[ToolStep]:
        """A round's answer text: its calls as new steps (those ``asking`` need the user).
        ``calls`` (call id, name, arguments JSON) came apart from the text (a remote server's
        ``tool_calls``) and are taken as given; without them the text is parsed for calls.

        No calls: the text is the answer's end. Raises nothing: every problem is a step.
        """
        tools = self.offered()
        parsed = None if tools is None else Parsed(text, [ToolCall(*c) for c in calls]) \
            if calls else parse_tool_calls(text, self.specs)
        if parsed is None or not parsed.calls:
            self._add_text(text)
            self.ended = ENDED_ANSWERED
            return []
        # Only calls that got a result: an invalid call made again is invalid a second time.
        answered = {(s.name, _canonical(s.arguments)) for s in self.steps if s.state == DONE}
        if all((c.name, _canonical(c.arguments)) in answered for c in parsed.calls):
            self._withheld = True  # a repeat: the model answers again, in words this time
            return []
        self._add_text(parsed.content or "")
        calls = [{"id": c.id, "type": "function",
                  "function": {"name": c.name, "arguments": _object(c.arguments)}}
                 for c in parsed.calls]
        self.messages.append(ChatMessage(role="assistant", content=parsed.content or "",
                                         tool_calls=calls))
        new = []
        for c in parsed.calls:
            new.append(self._step(c.id, c.name, c.arguments))
            self.steps.append(new[-1])
        self._skip_waiting()
        return new

    def next_round(self) -> bool:
        """Every call of the last round is settled and the answer goes on."""
        return self.ended is None and all(s.state in SETTLED for s in self.steps)

    def stop(self) -> None:
        """The user stopped the answer: calls still waiting are denied, nothing more runs."""
        for step in self.steps:
            if step.state in (ASKING, RUNNING):
                step.state, step.result, step.is_error = DENIED, "Stopped.", True
                step.reason = "stopped"
        if self.ended is None:
            self.ended = ENDED_STOPPED

    # -- one call -----------------------------------------------------------------------------

    def allow(self, step: ToolStep) -> tuple[str, str, dict[str, Any]]:
        """The user allowed the call: (server, tool, arguments) to run it with.

        Raises:
            ValueError: the step is not waiting for the user.
        """
        if step.state != ASKING:
            raise ValueError(f"the call {step.call_id} is not waiting ({step.state})")
        step.state = RUNNING
        return step.server, step.tool, check_arguments(step.tool, step.arguments,
                                                       self.specs[step.name].input_schema)

    def deny(self, step: ToolStep) -> None:
        """The user denied the call: the model is told so."""
        if step.state == ASKING:
            self._settle(step, DENIED, f"The user denied the call to the tool {step.name}. "
                         "Do not call it again; answer without it.", True, "denied")

    def finish_call(self, step: ToolStep, result: ToolResult) -> None:
        """A call's result goes back to the model; a failed server ends the answer."""
        if step.state != RUNNING:
            return  # stopped meanwhile: the late result is dropped
        step.truncated = result.truncated
        self._settle(step, FAILED if result.is_error else DONE, result.text, result.is_error,
                     result.error_reason)
        if result.error_reason in FATAL_REASONS:
            self.ended = ENDED_SERVER
            self._skip_waiting()

    # -- inside ---------------------------------------------------------------------------------

    def _step(self, call_id: str, name: str, arguments: str) -> ToolStep:
        spec = self.specs.get(name)
        step = ToolStep(call_id, name, spec.server if spec else "", spec.tool if spec else name,
                        arguments, at=len(self.text))
        if self._calls_made() >= self.max_steps:
            self._settle(step, SKIPPED, "No more tool calls are allowed for this answer; "
                         "answer with what you have.", True, "max_steps")
            return step
        try:
            if spec is None:
                raise ToolServerError(f"There is no tool named {name}. The tools are: "
                                      f"{', '.join(self.specs)}.", reason="not_found")
            check_arguments(spec.tool, arguments, spec.input_schema)
        except ToolServerError as err:
            if self._told_invalid:  # told once already: it will not get better
                self._settle(step, FAILED, err.message, True, "invalid_arguments")
                self.ended = ENDED_INVALID
            else:
                self._told_invalid = True
                self._settle(step, INVALID, err.message, True, "invalid_arguments")
        return step

    def _settle(self, step: ToolStep, state: str, text: str, is_error: bool,
                reason: str | None) -> None:
        step.state, step.result, step.is_error, step.reason = state, text, is_error, reason
        self.messages.append(ChatMessage(role="tool", content=text, tool_call_id=step.call_id,
                                         name=step.name))

    def _calls_made(self) -> int:
        return sum(1 for s in self.steps if s.reason != "max_steps")

    def _skip_waiting(self) -> None:
        """The answer ended: calls still waiting for the user will not run."""
        if self.ended is None:
            return
        for step in self.steps:
            if step.state == ASKING:
                self._settle(step, SKIPPED, "Not run: the answer ended.", True, "ended")

    def _add_text(self, text: str) -> None:
        if text.strip():
            self.text = f"{self.text}\n\n{text.strip()}" if self.text else text.strip()


def _object(arguments: str) -> Any:
    try:
        return json.loads(arguments)
    except (ValueError, RecursionError):
        return arguments


def _canonical(arguments: str) -> str:
    value = _object(arguments)
    return json.dumps(value, sort_keys=True, ensure_ascii=False) if not isinstance(
        value, str) else value


Answer = str | tuple[str, Sequence[tuple[str, str, str]]]  # text, or text and its calls


def drive(turn: ToolTurn, answer: Callable[[list[ChatMessage], list[dict[str, Any]] | None],
                                          Answer],
          decide: Callable[[ToolStep], bool],
          call: Callable[[str, str, dict[str, Any]], ToolResult]) -> ToolTurn:
    """Run a turn to its end, blocking: ``answer(messages, tools)`` is one round's text (or
    its text and the calls a server sent apart from it), ``decide(step)`` the user's yes or
    no, ``call(server, tool, arguments)`` the call.

    Raises:
        Exception: whatever ``answer`` raises (the turn is left as it was).
    """
    for _ in range(2 * turn.max_steps + 3):  # rounds are bounded even for a wayward model
        said = answer(turn.messages, turn.offered())
        steps = turn.end_round(*((said,) if isinstance(said, str) else said))
        for step in steps:
            if step.state != ASKING or turn.ended is not None:
                continue
            if decide(step):
                turn.finish_call(step, call(*turn.allow(step)))
            else:
                turn.deny(step)
        if not turn.next_round():
            break
    else:
        turn.ended = ENDED_ANSWERED
    return turn
