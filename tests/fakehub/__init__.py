"""A fake Hugging Face Hub for tests: standard library only, on 127.0.0.1, no internet.

Two ``ThreadingHTTPServer`` s on free ports, each served by a background thread:

* ``hub.url`` — the endpoint: ``GET /api/models`` (search, author, filter, sort, direction,
  limit, expand, full; ``Link: <…>; rel="next"`` pagination), ``GET /api/models/{id}`` and
  ``/api/models/{id}/revision/{rev}`` (``blobs=true`` adds size / blobId / lfs to siblings),
  ``GET /api/models/{id}/tree/{rev}[/{path}]`` (``recursive``, ``expand``; paginated), and
  ``HEAD`` / ``GET /{id}/resolve/{rev}/{path}``: small files directly; LFS files as a ``302``
  to the CDN with ``X-Repo-Commit``, ``ETag`` / ``X-Linked-Etag`` (sha256), ``X-Linked-Size``.
* ``hub.cdn_url`` — ``GET /lfs/{sha256}``: the bytes, with ``Range: bytes=N-`` → ``206``.
  Never sends ``X-Xet-Hash``, so the client downloads over plain HTTP.

Errors carry ``X-Error-Code`` as the Hub does: ``RepoNotFound`` (404), ``RevisionNotFound`` /
``EntryNotFound`` (404), ``GatedRepo`` (401 without a bearer token, 403 with a token not in
``hub.faults.tokens``; README.md and .gitattributes of gated repos stay public).
``hub.faults`` injects failures; ``hub.requests`` logs every request (``RecordedRequest``).

**Endpoint.** huggingface_hub reads ``HF_ENDPOINT`` (and ``HF_HUB_OFFLINE``, ``HF_HOME``,
``HF_HUB_DISABLE_XET`` …) when it is first imported, so setting the environment in a fixture is
too late once anything imported it. Always pass the endpoint explicitly:
``HfApi(endpoint=hub.url)``, ``hf_hub_url(repo, file, endpoint=hub.url)``,
``hf_hub_download(..., endpoint=hub.url)``. The ``fake_hub`` fixture (``tests.fakehub.fixtures``)
sets the environment and also patches the import-time constants for the duration of a test,
as a safety net.

**Timeouts.** ``list_models`` / ``model_info`` pass ``timeout=None`` per request, which in
httpx2 overrides a client-level timeout; ``faults.stall`` hangs them forever unless a client
is installed whose request hook sets ``request.extensions["timeout"]`` (see the tests).
"""

from .repos import FakeFile, FakeRepo
from .server import FakeHub
from .transport import Faults, RecordedRequest

__all__ = ["FakeFile", "FakeHub", "FakeRepo", "Faults", "RecordedRequest"]
