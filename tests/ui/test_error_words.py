"""Every error the core can raise has a sentence in the window's words, and a Korean one.

The core gives codes and facts; ``app.ui.words`` gives the sentences. These tests read the core's
raise sites (every ``reason`` / ``missing`` a raise site writes must have its sentence), the
translation file (every sentence has a finished Korean translation with the same placeholders),
and say real errors from the core with the real Korean ``.qm`` installed.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.core import errors
from app.core.errors import (
    CorruptModelError,
    DiskSpaceError,
    InsufficientMemoryError,
    NotAModelFileError,
    OndolError,
    RuntimeCrashedError,
    StorageError,
)
from app.ui.i18n import install_translator
from app.ui.words import error_sentences as words
from app.ui.words import presets as preset_words
from app.ui.words.errors import error_text, placeholders
from tests import bad_models

REPO = Path(__file__).resolve().parents[2]
TS_FILE = REPO / "resources" / "translations" / "ondol_ko.ts"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Names and units that stay as they are in a Korean sentence.
TERMS = {"GGUF", "PNG", "ONNX", "GiB", "MiB", "KiB", "Ondol", "SIGKILL", "Hugging", "Face",
         "VRAM", "RAM", "CPU", "GPU", "NEON"}


def korean_only(text: str, *names: str) -> bool:
    """Hangul, and no Latin word left once file names, numbers and technical terms are gone."""
    rest = text
    for name in names:
        rest = rest.replace(name, " ")
    words_left = [w for w in re.findall(r"[A-Za-z][A-Za-z_.]*", rest) if w.strip(".") not in TERMS]
    return bool(HANGUL.search(text)) and not words_left


def error_classes() -> list[type[OndolError]]:
    return [errors.OndolError, *errors._BY_CODE.values()]


def literals(value: ast.expr) -> list[str]:
    """The strings a ``reason=`` may be: a literal, or either literal of ``a if c else b``."""
    if isinstance(value, ast.Constant):
        return [str(value.value)]
    if isinstance(value, ast.IfExp):
        return literals(value.body) + literals(value.orelse)
    return []


def raised_variants() -> set[tuple[str, str]]:
    """(code, reason or missing) for every error the core builds with a literal one."""
    by_name = {cls.__name__: cls.code for cls in error_classes()}
    found = set()
    for path in (REPO / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in by_name):
                continue
            for keyword in node.keywords:
                if keyword.arg in ("reason", "missing"):
                    found.update((by_name[node.func.id], v) for v in literals(keyword.value))
    return found


def translations() -> dict[tuple[str, str], str]:
    """(context, source) → finished Korean translation, from the translators' file."""
    out = {}
    for context in ET.parse(TS_FILE).getroot():
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") not in ("unfinished", "vanished", "obsolete"):
                out[(name, message.findtext("source") or "")] = translation.text or ""
    return out


def needs_words(source: str) -> bool:
    """A sentence with English words in it (not only placeholders, names and punctuation)."""
    bare = re.sub(r"\{[^}]*\}", " ", source)
    return any(w not in TERMS for w in re.findall(r"[A-Za-z]+", bare))


def all_sources(tmp_path: Path) -> list[tuple[str, str]]:
    """Every (context, source) the words modules can show, as lupdate finds them (a string
    lupdate cannot see would never be translated)."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    extracted = tmp_path / "words.ts"
    subprocess.run([str(lupdate), "-no-obsolete", "-locations", "none",
                    *map(str, sorted((REPO / "app" / "ui" / "words").glob("*.py"))),
                    "-ts", str(extracted)], check=True, capture_output=True)
    found = [(context.findtext("name") or "", message.findtext("source") or "")
             for context in ET.parse(extracted).getroot() for message in
             context.findall("message")]
    tables = [s for group in words.SENTENCES.values() for s in group]
    assert set(tables) <= {source for _, source in found}
    assert {(c, s) for c, s in found if c == "Presets"} == {
        ("Presets", s) for s in (*preset_words._NAMES.values(),
                                 *preset_words._DESCRIPTIONS.values())}
    return found


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[None]:
    """The real Korean translation installed for the test, English again afterwards."""
    assert install_translator(qapp, "ko") is not None
    yield
    install_translator(qapp, "en")


def test_every_error_code_has_a_sentence() -> None:
    missing = [cls.code for cls in error_classes() if cls.code not in words.SENTENCES]
    assert not missing, f"no sentence for the error codes {missing}"


def test_every_reason_a_raise_site_gives_has_its_sentence() -> None:
    variants = raised_variants()
    assert ("not_a_model_file", "not_gguf") in variants  # the scan does find raise sites
    assert ("runtime_crashed", "not_running") in variants  # and both sides of an ``if``
    missing = sorted(v for v in variants if f"{v[0]}.{v[1]}" not in words.SENTENCES
                     and not (v[0] == "unsafe_path" and v[1] in words.UNSAFE_REASONS))
    assert not missing, f"no sentence for {missing}"


def test_every_sentence_has_a_finished_korean_translation_with_the_same_placeholders(
        tmp_path: Path) -> None:
    korean_words = translations()
    problems = []
    for context, source in all_sources(tmp_path):
        text = korean_words.get((context, source))
        if text is None:
            problems.append(f"untranslated: {source}")
        elif (needs_words(source) and not HANGUL.search(text)) or \
                placeholders(text) != placeholders(source):
            problems.append(f"{source!r} → {text!r}")
    assert not problems, "\n".join(problems)


def test_real_errors_from_the_core_read_as_korean(korean: None, tmp_path: Path,
                                                  smollm2_path: Path) -> None:
    from app.core.formats.gguf_reader import read_gguf_metadata

    for make in (bad_models.png_renamed, lambda folder: bad_models.truncated_half(smollm2_path,
                                                                                  folder),
                 lambda folder: bad_models.corrupted_header(smollm2_path, folder)):
        bad = make(tmp_path)
        with pytest.raises(OndolError) as caught:
            read_gguf_metadata(bad)
        text = error_text(caught.value)
        assert korean_only(text, bad.name), text
        assert caught.value.message not in text
    png = error_text(NotAModelFileError("x", path="/m/picture.gguf", reason="not_gguf",
                                        kind="png"))
    assert "PNG 이미지" in png and "picture.gguf" in png


def test_facts_fill_the_sentence_in_the_windows_language(korean: None) -> None:
    memory = error_text(InsufficientMemoryError(
        "English", path="/m/a.gguf", bytes_needed=3 * 2**30, bytes_available=2**30 + 1,
        n_ctx=8192, where="memory"))
    assert "3.0 GiB" in memory and "1.0 GiB" in memory and "8,192" in memory
    assert korean_only(memory)
    crashed = error_text(RuntimeCrashedError("English", exit_code=-9, signal="SIGKILL"))
    assert "SIGKILL" in crashed and korean_only(crashed)
    disk = error_text(StorageError("English", path="/data/x.json", errno=13,
                                   reason="token_save"))
    assert "권한이 없습니다" in disk and korean_only(disk, "/data/x.json")


def test_dict_form_unknown_codes_and_missing_facts_never_show_the_english_message(
        korean: None) -> None:
    as_dict = DiskSpaceError("English", path="/m", bytes_needed=5 * 2**30,
                             bytes_available=2**30, reason="download",
                             repo_id="a/b").to_dict()
    assert error_text(as_dict) == error_text(OndolError.from_dict(as_dict))
    assert "a/b" in error_text(as_dict) and "5.0 GiB" in error_text(as_dict)
    unknown = error_text({"code": "from_a_newer_ondol", "message": "English", "facts": {}})
    assert "from_a_newer_ondol" in unknown and "English" not in unknown and HANGUL.search(unknown)
    # A reason whose facts are missing falls back to the code's plainer sentence.
    assert korean_only(error_text(CorruptModelError("English", reason="truncated_data")))


def test_english_window_uses_the_source_sentences(qapp: QApplication) -> None:
    install_translator(qapp, "en")
    text = error_text(NotAModelFileError("core", path="/m/picture.gguf", reason="not_gguf",
                                         kind="png"))
    assert text == "picture.gguf is not a GGUF model file: it looks like a PNG image."


def test_auto_says_why_each_variant_cannot_run(qapp: object) -> None:
    from app.core.errors import InsufficientMemoryError, ModelLoadError, NoModelLoadedError
    from app.ui.words.errors import error_text

    problems = [
        {"variant": "GGUF Q4_K_M", "error": InsufficientMemoryError(
            "core sentence one", n_ctx=4096, bytes_needed=3 * 2**30, bytes_available=2**29,
            where="RAM", format="gguf", reason="memory").to_dict()},
        {"variant": "ONNX int4", "error": ModelLoadError(
            "core sentence two", backend="onnxruntime-genai", package="onnxruntime-genai",
            missing_module="onnxruntime_genai", reason="runtime_missing").to_dict()},
    ]
    text = error_text(NoModelLoadedError("none", model="Qwen", reason="no_runnable_variant",
                                         problems=problems))
    assert text.startswith(error_text(NoModelLoadedError("none", model="Qwen",
                                                         reason="no_runnable_variant")))
    assert "GGUF Q4_K_M: " in text and "ONNX int4: " in text
    assert "3.0 GiB" in text  # each cause in the window's words, not the core's message
    assert "core sentence" not in text
