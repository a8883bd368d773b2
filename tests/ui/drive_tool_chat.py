"""Screenshots of a chat that calls tools, in a process of its own:

    python -m tests.ui.drive_tool_chat OUT_DIR THEME LANGUAGE
        writes <OUT_DIR>/ondol-tool-chat-<THEME>-<LANGUAGE>.png: a first answer that called
        ``add`` on the real MCP test server (its result unfolded), then a second question whose
        ``multiply`` call waits on the card above the message box.

The scripted runtime writes the calls (the picture is about the window, not the model); the
tools are real.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.fake_runtime import FakeRuntime
from tests.ui.driving import pump, start_window, wait

SERVER = Path(__file__).resolve().parents[1] / "tools" / "mcp_test_server.py"
CALL = '<tool_call>{{"name": "{name}", "arguments": {{"a": {a}, "b": {b}}}}}</tool_call>'
WORDS = {
    "en": ("What is 2 + 3?", "2 + 3 = **5**.", "And 6 × 7?"),
    "ko": ("2 더하기 3은 얼마예요?", "2 + 3 = **5**예요.", "6 곱하기 7은요?"),
}


def tool_chat_screenshot(out: Path, theme: str, language: str) -> None:
    from app.core.settings.tool_servers import ToolSettings, ToolSettingsStore
    from app.core.tools.config import ToolServer

    first, answer, second = WORDS[language]
    fake = FakeRuntime(answers=[CALL.format(name="add", a=2, b=3), answer,
                                CALL.format(name="multiply", a=6, b=7), "42"],
                       tokens_per_second=200)
    window = start_window(theme, language, client=fake)
    ToolSettingsStore(window.ctx.paths.tool_servers_file).save(ToolSettings(
        servers=[ToolServer(name="calculator", command=sys.executable, args=(str(SERVER),))],
        always_allowed={"calculator": ["add"]}))
    flow = window.tool_flow
    for text in (first, second):
        window.composer.edit.setPlainText(text)
        window.composer.send_button.click()
        if text == first:
            wait(lambda: not window.chat.busy, timeout=90)
            answer_id = window.chat.conversation.active_path()[-1].id
            flow.unfolded.add((answer_id, 0))
            window.view.redraw()
    wait(lambda: flow.card is not None and flow.card.isVisible(), timeout=90)
    pump(0.5)
    out.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out / f"ondol-tool-chat-{theme}-{language}.png"))
    print(flow.card.title.text(), window.focusWidget() is flow.card.allow_once, flush=True)
    window.chat.stop()
    pump(0.2)
    window.close()
    pump(0.3)
    print("ok", flush=True)


if __name__ == "__main__":
    tool_chat_screenshot(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
