"""Checking a Hugging Face repository name before anything is asked of the hub.

``huggingface_hub`` validates names itself, but with its own exception type and a message meant
for programmers; a name typed by a person gets a typed error and a sentence instead.
"""

from __future__ import annotations

from app.core.errors import HubNotFoundError


def check_repo_id(repo_id: str) -> str:
    """``repo_id`` when it can name a repository on the hub ("owner/name" or "name").

    Raises:
        HubNotFoundError: reason ``bad_repo_id`` (fact ``repo_id``) when it cannot: spaces,
            characters other than letters, digits, ``-``, ``_`` and ``.``, more than one
            ``/``, ``--`` or ``..``, or longer than the hub allows.
    """
    from huggingface_hub.errors import HFValidationError
    from huggingface_hub.utils import validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError as err:
        raise HubNotFoundError(
            f"'{repo_id}' is not a Hugging Face repository name: it looks like owner/name, "
            "with letters, digits, '-', '_' or '.'.", reason="bad_repo_id",
            repo_id=repo_id) from err
    return repo_id
