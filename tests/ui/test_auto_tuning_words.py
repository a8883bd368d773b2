"""The window says Auto's measured thread count and draft model as the command line does."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.core.planning.reasons import reason
from app.core.planning.words import english
from app.ui.i18n import install_translator
from app.ui.words.planning import reason_text


def test_the_window_says_the_measured_threads_and_draft_as_the_command_line(
        qapp: QApplication) -> None:
    install_translator(qapp, "en")
    fast, slow = reason("speed.measured", tps=41.2), reason("speed.measured", tps=29.0)
    tuning = (reason("auto.threads", threads=1, speed=fast, planned=2, planned_speed=slow),
              reason("auto.draft", draft="qwen-0.5b", speed=fast, plain=slow),
              reason("auto.no_draft", draft="qwen-0.5b", speed=slow, plain=fast))
    auto = reason("auto.only", variant="GGUF Q4_K_M", device="CPU")
    for sample in (*tuning, reason("auto.tuned", auto=auto, tuning=tuning)):
        assert reason_text(sample) == english(sample), sample.code
    assert english(tuning[1]) == "draft model qwen-0.5b: 41 tok/s measured vs 29 tok/s " \
                                 "measured without"
