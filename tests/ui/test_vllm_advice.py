"""The format advisor for AWQ and GPTQ repositories: the ready ``vllm serve`` command, Copy, and
"Connect to a vLLM server" opening the Connections dialog's Add form with the address filled in."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.core.catalog.advisor import advise, vllm_command
from app.ui.browser.repo_panel import RepoPanel
from app.ui.connections_menu import VLLM_URL
from tests.ui.conftest import MakeWindow


@pytest.mark.parametrize(("formats", "command"), [
    ({"awq"}, "vllm serve Org/Model-AWQ --quantization awq"),
    ({"gptq"}, "vllm serve Org/Model-AWQ --quantization gptq"),
    ({"safetensors"}, None),
    ({"gguf"}, None),
])
def test_the_command_for_each_format(formats: set[str], command: str | None) -> None:
    assert vllm_command(formats, "Org/Model-AWQ") == command


def report(repo_id: str, formats: set[str]) -> SimpleNamespace:
    return SimpleNamespace(repo_id=repo_id, gated=False, advice=advise(formats, repo_id),
                           rejected=[], rows=[], variants=[], recommendation_reason=None,
                           card="", revision=None)


def test_the_panel_shows_the_command_and_copies_it(qtbot: QtBot) -> None:
    panel = RepoPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.show_report(report("Qwen/Qwen2.5-7B-Instruct-AWQ", {"awq"}))
    box = panel.vllm
    assert box.isVisible()
    assert box.command.text() == "vllm serve Qwen/Qwen2.5-7B-Instruct-AWQ --quantization awq"
    assert "--tensor-parallel-size" in box.gpus.text()
    box.copy_button.click()
    assert QGuiApplication.clipboard().text() == box.command.text()
    panel.show_report(report("bartowski/Qwen-GGUF", {"gguf"}))
    assert not box.isVisible()
    panel.loading("Org/Other")
    assert not box.isVisible()


def test_connect_opens_the_add_form_filled_in(qtbot: QtBot, make_window: MakeWindow,
                                              fake: object) -> None:
    window = make_window(fake)
    repo = window.models_page.repo
    repo.show_report(report("TheBloke/Llama-2-7B-GPTQ", {"gptq"}))
    assert repo.vllm.command.text().endswith("--quantization gptq")
    repo.vllm.connect_button.click()
    dialog = window.connections.dialog
    assert dialog is not None and dialog.isVisible()
    form = dialog.form
    assert form is not None and form.isVisible()
    assert (form.url.text(), form.name.text()) == (VLLM_URL, "vLLM")
    form.reject()
    dialog.reject()
