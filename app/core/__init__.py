"""Ondol's pure-Python core. Never imports PySide6 or anything from ``app.ui``."""
