"""``ondol tokens`` end to end, in a subprocess, on the real starter model."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.test_cli import ondol


def test_tokens_json_gives_spans_counts_and_the_korean_numbers() -> None:
    result = ondol("tokens", "가 a", "--json")
    assert result.returncode == 0, result.stderr
    (out,) = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    (model,) = out["models"]
    assert Path(model["model"]).name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert (model["tokens"], model["characters"]) == (len(model["spans"]), 3)
    assert [s["kind"] for s in model["spans"][:3]] == ["byte"] * 3
    assert set(model["spans"][0]) == {"id", "bytes", "text", "kind", "label", "chars"}
    assert model["korean_vs_english"]["korean_per_english"] > 3.0
    assert model["korean_advice"]["advise"] is True
    assert "comparison" not in out


def test_tokens_compare_and_a_broken_file(smollm2_path: Path, tmp_path: Path) -> None:
    result = ondol("tokens", "hello", "--compare", str(smollm2_path))
    assert result.returncode == 0, result.stderr
    assert "uses 1.00 tokens for each of" in result.stdout
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(smollm2_path.read_bytes()[:4096])
    result = ondol("tokens", "hello", "--model", str(broken))
    assert result.returncode == 1
    assert result.stderr.startswith("ondol: ") and "Traceback" not in result.stderr
    assert "broken.gguf ends in the middle of its header" in result.stderr
    missing = ondol("tokens", "hello", "--model", "no-such-model", "--json")
    assert missing.returncode == 1
    assert json.loads(missing.stdout)["type"] == "error"
