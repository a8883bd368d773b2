"""``--draft`` and ``--lookup``: parsed, resolved like ``--model``, and carried to LoadParams."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.options import add_load_flags, load_overrides
from app.core.context import AppContext
from app.core.errors import ModelNotFoundError


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_load_flags(parser)
    return parser.parse_args(list(argv))


def test_without_the_flags_ondol_decides() -> None:
    overrides = load_overrides(parse())
    assert overrides.draft_model is None and overrides.prompt_lookup is None


@pytest.mark.parametrize(("flag", "expected"), [("--lookup", True), ("--no-lookup", False)])
def test_lookup_flag_reaches_the_load_parameters(smollm2_path: Path, flag: str,
                                                 expected: bool) -> None:
    ctx = AppContext.create()
    overrides = load_overrides(parse(flag), ctx)
    assert overrides.prompt_lookup is expected
    _meta, plan = ctx.plan(smollm2_path, overrides)
    assert plan.params.prompt_lookup is expected


def test_draft_path_is_resolved_and_reaches_the_load_parameters(smollm2_path: Path,
                                                                tmp_path: Path) -> None:
    ctx = AppContext.create()
    (tmp_path / "sub").mkdir()
    (tmp_path / "draft.gguf").write_bytes(smollm2_path.read_bytes()[:1024])
    # Given with a detour, resolved to the file's own absolute path, as --model is.
    args = parse("--draft", str(tmp_path / "sub" / ".." / "draft.gguf"), "--no-lookup")
    overrides = load_overrides(args, ctx)
    assert overrides.draft_model == str((tmp_path / "draft.gguf").resolve())
    _meta, plan = ctx.plan(smollm2_path, overrides)
    assert plan.params.draft_model == overrides.draft_model
    assert plan.params.prompt_lookup is False


def test_a_draft_library_name_is_found_like_a_model_name(smollm2_path: Path) -> None:
    ctx = AppContext.create()
    ctx.ensure_starter_model()  # the starter model is in the library now
    overrides = load_overrides(parse("--draft", "SmolLM2-135M"), ctx)
    assert overrides.draft_model is not None
    assert Path(overrides.draft_model).name == smollm2_path.name


def test_an_unknown_draft_says_so_in_one_line() -> None:
    with pytest.raises(ModelNotFoundError, match=r"^Draft model \(--draft\): No model named"):
        load_overrides(parse("--draft", "no-such-draft"), AppContext.create())

    result = subprocess.run([sys.executable, "-m", "app", "hw", "--json", "--draft",
                             "no-such-draft"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    out = result.stdout.strip() or result.stderr.strip()
    assert "--draft" in out and "no-such-draft" in out
    if result.stdout.strip():  # --json reports the error as one object
        assert json.loads(result.stdout.strip().splitlines()[-1])["code"] == "model_not_found"
