"""Ondol's window: PySide6 only. Core logic lives in app.core."""
