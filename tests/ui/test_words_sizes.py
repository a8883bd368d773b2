"""Sizes, numbers and durations in the window's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from app.ui.i18n import install_translator
from app.ui.words.sizes import format_duration, format_number, format_size, format_speed


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    install_translator(qapp, "en")
    yield
    install_translator(qapp, "en")


def test_sizes_in_binary_units(english: None) -> None:
    assert format_size(1.5 * 2**30) == "1.5 GiB"
    assert format_size(512 * 2**20) == "512 MiB"
    assert format_size(2 * 2**40) == "2.0 TiB"
    assert format_size(12 * 1024 + 100) == "12 KiB"
    assert format_size(300) == "300 B"
    assert format_size(0) == "0 B"
    assert format_size(1023 * 2**30) == "1,023.0 GiB"  # grouped digits
    assert format_speed(3 * 2**20) == "3 MiB/s"
    assert format_duration(7500) == "2 h 5 min"
    assert format_duration(200) == "3 min 20 s"
    assert format_duration(42.9) == "42 s"
    assert format_duration(None) == "—"


def test_digits_follow_the_locale_and_words_the_translation(qapp: QApplication) -> None:
    QLocale.setDefault(QLocale(QLocale.Language.German))
    try:
        assert format_size(1.5 * 2**30) == "1,5 GiB"  # a decimal comma where the language has one
        assert format_number(1234567) == "1.234.567"
    finally:
        install_translator(qapp, "en")
    assert install_translator(qapp, "ko") is not None
    try:
        assert format_size(1.5 * 2**30) == "1.5 GiB"
        assert format_duration(7500) == "2시간 5분"
        assert format_duration(200) == "3분 20초"
        assert format_speed(2**20) == "초당 1 MiB"
    finally:
        install_translator(qapp, "en")
