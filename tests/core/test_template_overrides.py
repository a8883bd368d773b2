"""Chat templates saved per model: the store, the plan that carries one, the compiled choice,
and where a template error points."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.backends.chat_template import (
    CHATML,
    ChatTemplate,
    TemplateChoice,
    compile_template,
)
from app.core.context import AppContext
from app.core.errors import ChatTemplateError
from app.core.settings.paths import AppPaths
from app.core.settings.template_overrides import TemplateOverrides, model_key

MINE = "{% for m in messages %}[{{ m['role'] }}] {{ m['content'] }}\n{% endfor %}"


def test_saved_templates_round_trip_and_survive_a_new_store(tmp_path: Path) -> None:
    paths = AppPaths.from_environment().ensure()
    model = tmp_path / "m.gguf"
    store = TemplateOverrides(paths)
    assert store.get(model) is None
    store.save(model, MINE)
    assert TemplateOverrides(paths).get(model) == MINE  # read again from disk
    assert TemplateOverrides(paths).get(tmp_path / "." / "m.gguf") == MINE  # same file
    TemplateOverrides(paths).remove(model)
    assert TemplateOverrides(paths).get(model) is None
    TemplateOverrides(paths).remove(model)  # removing nothing is fine


def test_a_damaged_store_means_no_overrides(tmp_path: Path) -> None:
    paths = AppPaths.from_environment().ensure()
    store = TemplateOverrides(paths)
    store.file.write_text("{not json", encoding="utf-8")
    assert store.get(tmp_path / "m.gguf") is None
    store.save(tmp_path / "m.gguf", MINE)  # a save replaces the damaged file
    assert store.get(tmp_path / "m.gguf") == MINE


def test_the_plan_of_a_load_carries_the_saved_template(smollm2_path: Path) -> None:
    ctx = AppContext.create()
    assert ctx.plan(smollm2_path)[1].params.chat_template is None
    TemplateOverrides(ctx.paths).save(smollm2_path, MINE)
    assert ctx.plan(smollm2_path)[1].params.chat_template == MINE
    assert model_key(smollm2_path) in TemplateOverrides(ctx.paths).file.read_text("utf-8")


def test_an_override_replaces_the_files_template_and_a_broken_one_falls_back() -> None:
    used = compile_template(CHATML, "llama", "", "", override=MINE)
    assert used.choice.source == "override"
    assert used.render([{"role": "user", "content": "hi"}]) == "[user] hi\n"
    broken = compile_template(CHATML, "llama", "", "", override="{% f0r %}")
    assert broken.choice.source == "model"
    assert compile_template("{% f0r %}", "llama", "", "", override=MINE).choice.source \
        == "override"


def test_a_syntax_error_says_its_line() -> None:
    with pytest.raises(ChatTemplateError) as info:
        ChatTemplate(TemplateChoice("draft", "", "line one\n{{ x }}\n{% if %}\n"))
    assert info.value.facts["line"] == 3


def test_a_render_error_says_its_line() -> None:
    template = ChatTemplate(TemplateChoice(
        "draft", "", "{{ messages[0]['content'] }}\n\n{{ raise_exception('no') }}"))
    with pytest.raises(ChatTemplateError) as info:
        template.render([{"role": "user", "content": "hi"}])
    assert info.value.facts["line"] == 3


def test_a_draft_keeps_the_models_bos_and_eos() -> None:
    loaded = ChatTemplate(TemplateChoice("model", "", CHATML), "<s>", "</s>")
    draft = loaded.with_source("{{ bos_token }}x{{ eos_token }}")
    assert draft.choice.source == "draft"
    assert draft.render([]) == "<s>x</s>"
