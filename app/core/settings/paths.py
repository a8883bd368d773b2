"""Where Ondol keeps its files. ``ONDOL_HOME`` relocates all of them (tests use temp folders)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_HOME = "ONDOL_HOME"
CONNECTIONS_FILE, KEYS_FILE = "connections.json", "keys.json"


@dataclass(frozen=True)
class AppPaths:
    """Every folder Ondol writes to, derived from one root or from the platform's conventions."""

    data_dir: Path
    config_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def models_dir(self) -> Path:
        """The model library: ``models/<publisher>/<repo>/<file>`` (the LM Studio layout)."""
        return self.data_dir / "models"

    @property
    def settings_file(self) -> Path:
        """The versioned JSON settings file."""
        return self.config_dir / "settings.json"

    @property
    def connections_file(self) -> Path:
        """The remote connections (names, addresses; never their keys)."""
        return self.data_dir / CONNECTIONS_FILE

    @property
    def keys_file(self) -> Path:
        """API keys when the system has no keyring (readable by the user only)."""
        return self.data_dir / KEYS_FILE

    @property
    def tool_servers_file(self) -> Path:
        """The tool (MCP) servers and which tools are always allowed (user-only: keys)."""
        return self.data_dir / "tool_servers.json"

    def ensure(self) -> AppPaths:
        """Create the folders if missing and return self.

        Raises:
            OSError: when a folder cannot be created (read-only disk, permissions).
        """
        folders = (self.data_dir, self.config_dir, self.cache_dir, self.log_dir, self.models_dir)
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @classmethod
    def from_environment(cls) -> AppPaths:
        """``$ONDOL_HOME/{data,config,cache,logs}`` when set, else the platform's folders."""
        home = os.environ.get(ENV_HOME)
        if home:
            root = Path(home).expanduser().resolve()
            return cls(root / "data", root / "config", root / "cache", root / "logs")
        return cls(
            Path(platformdirs.user_data_dir("Ondol", appauthor=False)),
            Path(platformdirs.user_config_dir("Ondol", appauthor=False)),
            Path(platformdirs.user_cache_dir("Ondol", appauthor=False)),
            Path(platformdirs.user_log_dir("Ondol", appauthor=False)),
        )
