"""The Hugging Face token: kept in huggingface_hub's own token file (``$HF_HOME/token``), where
the ``hf`` command line and other tools find it too."""

from __future__ import annotations

import os
from pathlib import Path

from app.core.errors import StorageError


def token_path() -> Path:
    """Where huggingface_hub keeps the token (honours ``HF_HOME`` / ``HF_TOKEN_PATH``)."""
    from huggingface_hub import constants

    return Path(constants.HF_TOKEN_PATH)


def load_token() -> str | None:
    """The saved token (or ``HF_TOKEN`` from the environment), if any."""
    from huggingface_hub import get_token

    return get_token()


def save_token(token: str) -> None:
    """Save (or with "" remove) the token, readable by this user only.

    Raises:
        StorageError: the file cannot be written.
    """
    path = token_path()
    try:
        if not token.strip():
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(token.strip())
    except OSError as err:
        raise StorageError(f"The Hugging Face token could not be saved to {path}: {err}",
                           path=str(path), reason="token_save", errno=err.errno,
                           detail=err.strerror or str(err)) from err
