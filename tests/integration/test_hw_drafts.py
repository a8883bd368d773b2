"""``ondol hw`` says which draft model would speed up the model, and why, or why none would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.context import AppContext
from tests.vocab_models import vocab_model


def test_hw_names_the_draft_or_says_why_there_is_none(
        capsys: pytest.CaptureFixture[str], smollm2_path: Path) -> None:
    ctx = AppContext.create()
    target = ctx.ensure_starter_model()
    assert main(["hw", "--model", str(target)]) == 0
    assert "  draft     none: no other GGUF model in the library\n" in capsys.readouterr().out

    twin = vocab_model(ctx.paths.models_dir / "pub" / "twin" / "twin.gguf", smollm2_path,
                       smollm2_path.stat().st_size * 9 // 10)
    assert main(["hw", "--model", str(target)]) == 0
    out = capsys.readouterr().out
    assert "  draft     none: every model with the same vocabulary is over 50% of this one's size" \
        in out
    assert "pub/twin/twin.gguf: same vocabulary, but 90% of the size" in out

    twin.unlink()
    vocab_model(ctx.paths.models_dir / "pub" / "tiny" / "tiny.gguf", smollm2_path,
                smollm2_path.stat().st_size // 4)
    assert main(["hw", "--model", str(target)]) == 0
    assert "  draft     pub/tiny/tiny.gguf: same vocabulary, 25% of the size\n" in \
        capsys.readouterr().out
    assert main(["hw", "--json", "--model", str(target)]) == 0
    draft = json.loads(capsys.readouterr().out)["draft"]
    assert draft["draft_name"] == "pub/tiny/tiny.gguf"
    assert draft["why"] == "same vocabulary, 25% of the size"
    assert draft["reason"]["code"] == "draft.same_vocab"
