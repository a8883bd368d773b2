"""When a Korean speaker uses a model that handles Korean poorly, the chat says so once.

After each load the loaded model's tokenizer reads the shipped Korean and English samples (on the
runtime worker's thread); ``korean_advice`` decides from that ratio and the shipped list. The
note is shown when the window speaks Korean or a message in Hangul was sent, and only once per
model: which models were told is kept in Ondol's config folder, so it never nags again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings

from app.core.errors import OndolError
from app.core.inspect.korean import KoreanAdvice, korean_advice, model_names
from app.core.settings.settings import Settings
from app.ui.chat.korean_notice import KoreanNotice
from app.ui.i18n import resolve_language
from app.ui.runtime_calls import RuntimeCalls
from app.ui.words.korean import advice_text

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
TOLD_KEY = "korean_advice/told"


def has_hangul(text: str) -> bool:
    """Whether ``text`` holds a Hangul syllable or letter."""
    return bool(HANGUL.search(text))


def measure_ratio(client: Any) -> float:
    """The loaded model's Korean tokens per English token on the shipped samples (on the
    runtime worker's thread).

    Raises:
        OndolError: no model loaded, or the host died.
    """
    from app.core.inspect.tokens_compare import sample_text

    korean = client.token_spans(sample_text("ko")).tokens
    english = client.token_spans(sample_text("en")).tokens
    return korean / english if english else 0.0


class KoreanAdvisor(QObject):
    """Measures each loaded model once and shows ``notice`` when it should."""

    def __init__(self, calls: RuntimeCalls, notice: KoreanNotice, settings: Settings,
                 config_dir: Path) -> None:
        super().__init__(notice)
        self.calls, self.notice, self.settings = calls, notice, settings
        self._store = QSettings(str(config_dir / "advice.ini"), QSettings.Format.IniFormat)
        self._model: Any = None  # the loaded LocalModel
        self._call: int | None = None
        self.advice: KoreanAdvice | None = None  # for the loaded model, once measured
        self.korean_typed = False  # a message in Hangul was sent in this session
        notice.dismissed.connect(notice.hide)

    # -- what the window tells it ------------------------------------------------------

    def model_loaded(self, model: Any, _plan: object = None) -> None:
        """A model is ready: measure its tokenizer (between answers) and decide."""
        self.model_gone()
        self._model = model
        self._call = self.calls.run(measure_ratio, self._measured, self._not_measured)

    def model_gone(self, *_args: object) -> None:
        """Loading another model, ejected, failed: the note was about the old one."""
        if self._call is not None:
            self.calls.forget(self._call)
        self._call, self._model, self.advice = None, None, None
        self.notice.hide()

    def message_sent(self, text: str) -> None:
        """A message left the composer: Hangul in it makes this a Korean speaker."""
        if not self.korean_typed and has_hangul(text):
            self.korean_typed = True
            self._maybe_show()

    # -- deciding ---------------------------------------------------------------------

    def _measured(self, ratio: float) -> None:
        self._decide(ratio)

    def _not_measured(self, _error: OndolError) -> None:
        self._decide(None)  # the shipped list still knows the model by its name

    def _decide(self, ratio: float | None) -> None:
        model, self._call = self._model, None
        if model is None:
            return
        meta = getattr(model, "metadata", None)
        names = model_names(model.path, getattr(meta, "name", None), model.name)
        self.advice = korean_advice(names, ratio)
        self._maybe_show()

    def korean_user(self) -> bool:
        """The window speaks Korean, or a message in Hangul was sent."""
        return resolve_language(self.settings.language) == "ko" or self.korean_typed

    def _maybe_show(self) -> None:
        advice, model = self.advice, self._model
        if advice is None or model is None or not advice.advise or not self.korean_user():
            return
        if self.told(model.name):
            return
        self._remember(model.name)
        self.notice.show_advice(advice_text(advice))

    # -- once per model ------------------------------------------------------------------

    def told(self, name: str) -> bool:
        """Whether the note was already shown for the model called ``name``."""
        return name in self._told()

    def _told(self) -> list[str]:
        value = self._store.value(TOLD_KEY, [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember(self, name: str) -> None:
        self._store.setValue(TOLD_KEY, [*self._told(), name])
        self._store.sync()


def wire_korean_advice(parts: Any, window: Any, calls: RuntimeCalls,
                       open_browser: Callable[[], None] | None = None) -> KoreanAdvisor:
    """The note above the message box, fed by the model controller and the composer; its
    button opens the Models page filtered to models that handle Korean well."""
    notice = KoreanNotice()
    layout = parts.composer.parentWidget().layout()
    layout.insertWidget(layout.indexOf(parts.composer), notice)
    advisor = KoreanAdvisor(calls, notice, parts.settings, parts.ctx.paths.config_dir)
    models = parts.models
    models.loaded.connect(advisor.model_loaded)
    models.loading.connect(advisor.model_gone)
    models.unloaded.connect(advisor.model_gone)
    models.failed.connect(advisor.model_gone)
    parts.composer.sendRequested.connect(advisor.message_sent)

    def show_korean_models() -> None:
        page = parts.browser.page
        window.sidebar.modelsPageRequested.emit()
        page.setCurrentWidget(page.discover)
        page.discover.setCurrentWidget(page.search)
        page.search.show_korean()

    notice.findRequested.connect(open_browser or show_korean_models)
    window.korean_advisor = advisor  # for tests and screenshots
    return advisor
