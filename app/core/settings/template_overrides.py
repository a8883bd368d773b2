"""Chat templates saved in Ondol per model, used instead of the model file's own.

A person can fix or change the template a model formats its chats with (a model whose own is
broken can be given one). They live in one small JSON file beside the settings, keyed by the
model file's resolved path; the plan of a load carries the one saved for that file, so the
runtime host compiles it, in its sandbox, in place of the file's.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from pathlib import Path

from app.core.errors import SettingsError
from app.core.planning.load_plan import LoadPlan
from app.core.settings.paths import AppPaths

logger = logging.getLogger(__name__)

FILE_NAME = "chat_templates.json"
VERSION = 1


def model_key(path: str | Path) -> str:
    """The key a model's template is saved under: its resolved path."""
    return str(Path(path).expanduser().resolve())


class TemplateOverrides:
    """The saved templates, read from disk on every question (the file is small and another
    process — the server, the command line — may have changed it)."""

    def __init__(self, paths: AppPaths) -> None:
        self.file = paths.config_dir / FILE_NAME

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as err:  # unreadable: no overrides, the file kept as is
            logger.warning("could not read %s: %s", self.file, err)
            return {}
        templates = data.get("templates") if isinstance(data, dict) else None
        if not isinstance(templates, dict):
            return {}
        return {k: v for k, v in templates.items() if isinstance(k, str) and isinstance(v, str)}

    def _write(self, templates: dict[str, str]) -> None:
        text = json.dumps({"version": VERSION, "templates": templates}, indent=2,
                          ensure_ascii=False) + "\n"
        tmp = self.file.with_name(self.file.name + ".tmp")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.file)
        except OSError as err:
            raise SettingsError(f"Could not save {self.file}: {err}", reason="write_failed",
                                path=str(self.file), errno=err.errno) from err

    def get(self, path: str | Path) -> str | None:
        """The template saved for the model at ``path``, or None."""
        return self._read().get(model_key(path))

    def save(self, path: str | Path, template: str) -> None:
        """Use ``template`` for the model at ``path`` from its next load on.

        Raises:
            SettingsError: reason ``write_failed``: the file could not be written.
        """
        templates = self._read()
        templates[model_key(path)] = template
        self._write(templates)

    def remove(self, path: str | Path) -> None:
        """Back to the model file's own template (from its next load on).

        Raises:
            SettingsError: reason ``write_failed``: the file could not be written.
        """
        templates = self._read()
        if templates.pop(model_key(path), None) is not None:
            self._write(templates)

    def apply(self, plan: LoadPlan, path: str | Path) -> LoadPlan:
        """``plan`` carrying the template saved for ``path`` (unchanged if none)."""
        template = self.get(path)
        if template is None:
            return plan
        return dataclasses.replace(
            plan, params=dataclasses.replace(plan.params, chat_template=template))
