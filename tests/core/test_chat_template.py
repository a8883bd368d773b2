"""Chat templates: rendered in a sandbox, with a fallback by architecture that says so."""

from __future__ import annotations

import pytest

from app.core.backends.chat_template import ChatTemplate, TemplateChoice, choose_template
from app.core.errors import ChatTemplateError

MESSAGES = [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "안녕?"},
    {"role": "assistant", "content": "안녕하세요."},
    {"role": "user", "content": "Again"},
]


def test_model_template_is_used_when_present() -> None:
    choice = choose_template("{{ messages[0]['content'] }}", "llama")
    assert choice.source == "model"
    assert ChatTemplate(choice).render(MESSAGES) == "Be brief."


def test_gemma_fallback_folds_system_into_first_user_turn() -> None:
    choice = choose_template(None, "gemma3")
    assert choice.source == "fallback:gemma" and "no chat template" in choice.note
    text = ChatTemplate(choice, bos_token="<bos>").render(MESSAGES)
    assert text.startswith("<bos><start_of_turn>user\nBe brief.\n\n안녕?<end_of_turn>\n")
    assert "<start_of_turn>model\n안녕하세요.<end_of_turn>" in text
    assert text.endswith("<start_of_turn>model\n")
    assert "system" not in text


def test_unknown_architecture_falls_back_to_chatml() -> None:
    choice = choose_template(None, "somethingnew")
    text = ChatTemplate(choice).render(MESSAGES[:2], add_generation_prompt=True)
    assert choice.source == "fallback:chatml"
    assert text == ("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n안녕?<|im_end|>\n"
                    "<|im_start|>assistant\n")


@pytest.mark.parametrize("evil", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ messages.__class__.__init__.__globals__ }}",
    "{% set x = messages.append(1) %}",
])
def test_sandbox_refuses_escapes(evil: str) -> None:
    template = ChatTemplate(TemplateChoice("model", "test", evil))
    with pytest.raises(ChatTemplateError):
        template.render(MESSAGES)


def test_raise_exception_in_template_becomes_typed_error() -> None:
    source = "{{ raise_exception('roles must alternate') }}"
    template = ChatTemplate(TemplateChoice("model", "t", source))
    with pytest.raises(ChatTemplateError, match="roles must alternate"):
        template.render(MESSAGES)


def test_broken_template_is_a_typed_error() -> None:
    with pytest.raises(ChatTemplateError):
        ChatTemplate(TemplateChoice("model", "t", "{% for %}"))


def test_hugging_face_template_features_work() -> None:
    # Loop controls and tojson, as transformers renders templates.
    source = ("{% for m in messages %}{% if m['role'] == 'system' %}{% continue %}{% endif %}"
              "{{ m['content'] | tojson }}{% endfor %}")
    text = ChatTemplate(TemplateChoice("model", "t", source)).render(MESSAGES[:2])
    assert text == '"안녕?"'


def test_a_template_that_does_not_compile_falls_back_and_says_why() -> None:
    from app.core.backends.chat_template import compile_template

    template = compile_template("{% for x in %}", "qwen2", "", "")
    assert template.choice.source == "fallback:chatml"
    assert "not usable" in template.choice.note
    assert template.render(MESSAGES[:2]).startswith("<|im_start|>system")
