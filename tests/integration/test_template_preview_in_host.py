"""The prompt as the runtime host renders it: the loaded template or a draft, the same text the
same sandbox gives in the window's process, the count a generation's prompt has; a template
saved for a model is used from its next load on, also for a model whose own is broken."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.backends.chat_template import ChatTemplate, TemplateChoice
from app.core.errors import ChatTemplateError
from app.core.runtime import events as ev
from app.core.runtime.client import RuntimeClient
from app.core.types.params import SamplingParams
from tests.bad_models import broken_chat_template
from tests.integration.conftest import load_params

CHAT = [{"role": "system", "content": "Be brief."},
        {"role": "user", "content": "안녕! What is 2+2?"},
        {"role": "assistant", "content": "4."},
        {"role": "user", "content": "And 3+3?"}]
MINE = ("{% for m in messages %}<|im_start|>{{ m['role'] | upper }}\n{{ m['content'] }}"
        "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n"
        "{% endif %}")


@pytest.fixture(scope="module")
def client() -> Iterator[RuntimeClient]:
    runtime = RuntimeClient()
    runtime.start()
    yield runtime
    runtime.close()


def prompt_tokens(client: RuntimeClient) -> int:
    for event in client.generate(SamplingParams(temperature=0, max_tokens=2), messages=CHAT):
        if isinstance(event, ev.PromptReady):
            return event.prompt_tokens
    raise AssertionError("no PromptReady")


def test_the_loaded_template_and_a_draft_render_as_in_the_window(
        client: RuntimeClient, smollm2_path: Path) -> None:
    client.load(str(smollm2_path), load_params())
    shown = client.render_chat(CHAT)
    assert shown.source == "model" and shown.path == str(smollm2_path)
    assert shown.text.startswith("<|im_start|>system\nBe brief.<|im_end|>")
    assert shown.tokens == client.count_chat_tokens(CHAT) == prompt_tokens(client)
    # The window's own copy of the sandbox gives the very same bytes.
    local = ChatTemplate(TemplateChoice("model", "", shown.template)).render(CHAT)
    assert local == shown.text
    draft = client.render_chat(CHAT, template=MINE)
    assert draft.source == "draft" and draft.text.startswith("<|im_start|>SYSTEM\n")
    assert draft.text == ChatTemplate(TemplateChoice("draft", "", MINE)).render(CHAT)
    with pytest.raises(ChatTemplateError) as info:
        client.render_chat(CHAT, template="ok\n{% for m in messages %}\n{{ m.nope( }}")
    assert info.value.facts["line"] == 3


def test_a_saved_template_is_used_from_the_next_load(
        client: RuntimeClient, smollm2_path: Path) -> None:
    client.load(str(smollm2_path), dataclasses.replace(load_params(), chat_template=MINE))
    used = client.render_chat(CHAT)
    assert used.source == "override" and used.template == MINE
    assert used.text == client.render_chat(CHAT, template=MINE).text
    assert used.tokens == prompt_tokens(client)


def test_a_model_with_a_broken_template_works_with_one_given(
        client: RuntimeClient, smollm2_path: Path, tmp_path: Path) -> None:
    broken = broken_chat_template(smollm2_path, tmp_path)
    client.load(str(broken), load_params())
    assert client.render_chat(CHAT).source == "fallback:chatml"
    client.load(str(broken), dataclasses.replace(load_params(), chat_template=MINE))
    used = client.render_chat(CHAT)
    assert used.source == "override" and used.text.startswith("<|im_start|>SYSTEM")
    assert prompt_tokens(client) == used.tokens
