"""How commands print: plain text for people, one JSON object per line for programs."""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any, TextIO

from app.core.errors import OndolError
from app.core.runtime import events as ev


def to_jsonable(value: Any) -> Any:
    """Dataclasses, tuples and paths as JSON-friendly values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_dict"):
            return to_jsonable(value.to_dict())
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def print_json(obj: Any, stream: TextIO | None = None) -> None:
    """One JSON object on one line, flushed (so a reader sees it at once)."""
    out = stream or sys.stdout
    out.write(json.dumps(to_jsonable(obj), ensure_ascii=False) + "\n")
    out.flush()


def describe_stats(stats: ev.Stats, reason: str) -> str:
    """``42 tokens · 187.3 tok/s · first token 0.06 s · stop``."""
    return (f"{stats.generated_tokens} tokens · {stats.decode_tokens_per_second:.1f} tok/s · "
            f"first token {stats.time_to_first_token:.2f} s · {reason}")


def event_json(event: object) -> dict[str, Any]:
    """An event as a JSON object with a ``type``."""
    if isinstance(event, ev.Delta):
        data: dict[str, Any] = {"type": "delta", "text": event.text,
                                "token_ids": list(event.token_ids)}
        if event.logprobs:
            data["logprobs"] = [
                {"token": chosen.token, "logprob": round(chosen.logprob, 4),
                 "top": [{"token": t.token, "logprob": round(t.logprob, 4)} for t in top]}
                for chosen, top in event.logprobs
            ]
        return data
    if isinstance(event, ev.Done):
        return {"type": "done", "reason": event.reason, "stats": event.stats.to_dict()}
    if isinstance(event, ev.Stats):
        return {"type": "stats", **event.to_dict()}
    if isinstance(event, ev.PromptReady):
        return {"type": "prompt", "prompt_tokens": event.prompt_tokens, "n_ctx": event.n_ctx,
                "messages_dropped": event.messages_dropped}
    if isinstance(event, ev.LoadProgress):
        return {"type": "load_progress", "fraction": round(event.fraction, 3)}
    if isinstance(event, ev.Loaded):
        return {"type": "loaded", **to_jsonable(event.model)}
    return {"type": type(event).__name__.lower()}


def print_error(err: OndolError, as_json: bool) -> None:
    """A typed error: its sentence for people, its code and facts for programs."""
    if as_json:
        print_json({"type": "error", **err.to_dict()})
    else:
        sys.stderr.write(f"ondol: {err.message}\n")
