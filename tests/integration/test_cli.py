"""The ``ondol`` command end to end, in a subprocess, on the real starter model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests import bad_models

STARTER = "HuggingFaceTB/SmolLM2-135M-Instruct-GGUF/SmolLM2-135M-Instruct.Q4_1.gguf"


def ondol(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], input=stdin,
                          capture_output=True, text=True, timeout=300)


def json_lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_chat_json_streams_events_and_places_the_starter_model(ondol_home: Path) -> None:
    result = ondol("chat", "--json", "--temp", "0", "--max-tokens", "12", "Say hello.")
    assert result.returncode == 0, result.stderr
    events = json_lines(result.stdout)
    types = [e["type"] for e in events]
    assert types[0] in ("load_progress", "loaded") and "loaded" in types
    assert types[-1] == "done"
    assert types.count("delta") >= 2
    done = events[-1]
    assert done["reason"] in ("stop", "length") and done["stats"]["generated_tokens"] >= 1
    loaded = next(e for e in events if e["type"] == "loaded")
    assert loaded["n_ctx"] == 8192 and "no GPU found" in loaded["reason"]
    assert (ondol_home / "data" / "models" / STARTER).is_file()


def test_chat_text_streams_to_stdout_and_stats_to_stderr() -> None:
    result = ondol("chat", "--temp", "0", "--max-tokens", "10", "--seed", "3", "Hello!")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
    assert "tok/s" in result.stderr and "first token" in result.stderr


def test_interactive_chat_takes_turns_until_exit() -> None:
    result = ondol("chat", "--temp", "0", "--max-tokens", "8",
                   stdin="My name is Minji.\n/system Be brief.\nWhat is my name?\n/exit\n")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("tok/s") == 2  # two answers


def test_models_list_shows_the_starter_model() -> None:
    result = ondol("models", "list", "--json")
    assert result.returncode == 0, result.stderr
    (model,) = json_lines(result.stdout)
    assert model["name"] == STARTER
    assert (model["format"], model["quant"], model["context_length"]) == ("gguf", "Q4_1", 8192)
    assert model["size_bytes"] == 98_362_432
    table = ondol("models", "list").stdout
    assert "NAME" in table and "Q4_1" in table and "94 MiB" in table


def test_hw_reports_hardware_and_the_plan_with_its_reason() -> None:
    result = ondol("hw", "--json", "--ctx", "4096")
    assert result.returncode == 0, result.stderr
    (report,) = json_lines(result.stdout)
    assert report["hardware"]["logical_cores"] >= 1
    assert report["plan"]["backend"] == "llama.cpp"
    assert report["plan"]["params"]["n_ctx"] == 4096
    assert report["plan"]["reason"].startswith(report["plan"]["device"])
    text = ondol("hw").stdout
    assert "Hardware" in text and "why" in text


def test_bench_prints_speed_and_memory_as_json() -> None:
    result = ondol("bench", "--runs", "1", "--tokens", "16", "--ctx", "1024")
    assert result.returncode == 0, result.stderr
    (report,) = json_lines(result.stdout)
    assert report["generated_tokens"] == 16
    for key in ("decode_tokens_per_second", "prompt_tokens_per_second",
                "time_to_first_token_seconds"):
        assert report[key] > 0
    assert report["peak_rss_bytes"] > 50 * 2**20


def test_errors_are_one_clear_line_and_exit_1(tmp_path: Path) -> None:
    missing = ondol("chat", "--model", str(tmp_path / "nope.gguf"), "hi")
    assert missing.returncode == 1
    assert missing.stderr.strip().startswith("ondol: No model file at")
    assert "Traceback" not in missing.stderr

    png = ondol("chat", "--model", str(bad_models.png_renamed(tmp_path)), "hi")
    assert png.returncode == 1 and "PNG" in png.stderr and "Traceback" not in png.stderr

    huge = ondol("chat", "--ctx", "50000000", "hi")
    assert huge.returncode == 1 and "needs about" in huge.stderr

    bad_param = ondol("chat", "--temperature", "-1", "hi")
    assert bad_param.returncode == 1 and "temperature must be >= 0" in bad_param.stderr

    as_json = ondol("chat", "--json", "--model", "no-such-model", "hi")
    (error,) = json_lines(as_json.stdout)
    assert as_json.returncode == 1
    assert error["type"] == "error" and error["code"] == "model_not_found"


def test_interactive_chat_survives_a_killed_runtime() -> None:
    import psutil

    proc = subprocess.Popen([sys.executable, "-m", "app", "chat", "--temp", "0",
                             "--max-tokens", "6"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdin is not None and proc.stderr is not None
    try:
        proc.stdin.write("First question\n")
        proc.stdin.flush()
        seen = ""
        while "tok/s" not in seen:  # the first answer is complete
            seen += proc.stderr.readline()
        (host,) = [c for c in psutil.Process(proc.pid).children()
                   if "resource_tracker" not in " ".join(c.cmdline())]
        host.kill()
        _out, err = proc.communicate("Second question\nThird question\n/exit\n", timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "SIGKILL" in err and "Reloading the model" in err
    assert err.count("tok/s") == 1  # the third question was answered after the reload
    assert "Traceback" not in err


def test_native_log_goes_to_the_app_logger_not_stderr(gemma3_path: Path) -> None:
    # Gemma's vocabulary makes llama.cpp warn while loading ("control-looking token ...").
    quiet = ondol("chat", "--model", str(gemma3_path), "--max-tokens", "2", "Hi")
    assert quiet.returncode == 0, quiet.stderr
    assert "control-looking" not in quiet.stderr and "llama_model_loader" not in quiet.stderr
    verbose = ondol("-v", "chat", "--model", str(gemma3_path), "--max-tokens", "2", "Hi")
    assert "WARNING ondol.llama: load: control-looking token" in verbose.stderr
    assert "INFO ondol.llama: llama_model_loader" in verbose.stderr


def test_models_list_marks_bad_entries_and_lists_the_rest(ondol_home: Path) -> None:
    models = ondol_home / "data" / "models"
    (models / "pub" / "bad").mkdir(parents=True)
    bad_models.nested_arrays(models / "pub" / "bad")
    bad_models.onnx_genai_folder(models / "pub" / "bad-onnx",
                                 '{"model": {"decoder": {"filename": "model.onnx",'
                                 ' "num_hidden_layers": NaN}}}')
    result = ondol("models", "list", "--json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    listed = {m["name"]: m for m in json_lines(result.stdout)}
    assert listed[STARTER]["error"] is None and listed[STARTER]["quant"] == "Q4_1"
    assert listed["pub/bad/nested.gguf"]["error"]["facts"]["reason"] == "damaged_header"
    assert listed["pub/bad-onnx"]["error"]["facts"]["reason"] == "bad_config_value"
    table = ondol("models", "list")
    assert table.returncode == 0 and "Traceback" not in table.stderr
    assert "Q4_1" in table.stdout
    assert "unusable: corrupt_model (damaged_header)" in table.stdout
