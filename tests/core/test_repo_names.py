"""A repository name that cannot exist is a typed error with a sentence, before the hub."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.catalog.repo_names import check_repo_id
from app.core.errors import HubNotFoundError

BAD = ["bad repo!!", "a/b/c", "owner/na..me", "-owner/name", "x" * 200, "", "../../etc"]


@pytest.mark.parametrize("name", BAD)
def test_bad_names_are_refused_with_a_reason(name: str) -> None:
    with pytest.raises(HubNotFoundError) as info:
        check_repo_id(name)
    assert info.value.facts["reason"] == "bad_repo_id"
    assert info.value.facts["repo_id"] == name


@pytest.mark.parametrize("name", ["HuggingFaceTB/SmolLM2-135M-Instruct", "gpt2",
                                  "unsloth/gemma-3-1b-it-GGUF", "a.b_c/d-e.f"])
def test_good_names_pass(name: str) -> None:
    assert check_repo_id(name) == name


@pytest.mark.parametrize("command", ["files", "download"])
def test_cli_says_a_sentence_not_a_traceback(command: str, ondol_home: Path) -> None:
    env = dict(os.environ, HF_ENDPOINT="http://127.0.0.1:9")  # never the real hub
    result = subprocess.run([sys.executable, "-m", "app", "models", command, "bad repo!!"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "not a Hugging Face repository name" in result.stderr
