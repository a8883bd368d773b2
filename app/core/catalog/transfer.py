"""Moving a file's bytes: one HTTP GET (with Range to resume), retried when the connection drops.

The standard library's ``http.client`` reads into one reused buffer; on loopback it keeps up with
curl (about 0.9 GB/s here), where ``huggingface_hub``'s ``http_get`` over httpx peaks near a
third of that. The hub client still finds the file (its size, sha256 and real location).
"""

from __future__ import annotations

import http.client
import ssl
import time
import urllib.request
from collections.abc import Callable
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

from app.core.errors import (
    DownloadCancelledError,
    HubAuthError,
    HubNotFoundError,
    HubOfflineError,
    HubTimeoutError,
)

BUFFER_BYTES = 1024 * 1024  # progress (and cancel) about every MiB
ATTEMPTS_WITHOUT_PROGRESS = 5  # a connection that keeps dropping with no new bytes: give up
MAX_REDIRECTS = 5
STALL_TIMEOUT_S = 15.0  # a server silent this long (connecting or mid-file) counts as a failure


class _Refused(Exception):
    """The server's final answer (a 4xx status, endless redirects): another try would get the
    same, so it is raised at once. (Ondol's hub errors are ``OSError`` s, which would otherwise
    be retried as a dropped connection and end as "keeps failing".)"""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def _is_transient(status: int) -> bool:
    """A server error or "too many requests": worth another try, like a dropped connection."""
    return status >= 500 or status == 429


class WriteError(Exception):
    """Writing to the local file failed (a full disk): not a network problem, never retried."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _ssl_context() -> ssl.SSLContext:
    try:
        import certifi  # the CA bundle huggingface_hub's client uses, where installed

        return ssl.create_default_context(cafile=certifi.where())
    except ImportError:
        return ssl.create_default_context()


def _connect(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection for ``url`` (through the environment's proxy, if any) and the request path."""
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    proxy = urllib.request.getproxies().get(parts.scheme)
    if proxy and not urllib.request.proxy_bypass(parts.hostname or ""):
        via = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        if secure:
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                via.hostname, via.port or 80, timeout=timeout, context=_ssl_context())
            conn.set_tunnel(parts.hostname or "", port)
            return conn, path
        return http.client.HTTPConnection(via.hostname, via.port or 80, timeout=timeout), url
    if secure:
        return http.client.HTTPSConnection(parts.hostname, port, timeout=timeout,
                                           context=_ssl_context()), path
    return http.client.HTTPConnection(parts.hostname, port, timeout=timeout), path


def _status_error(status: int, url: str) -> Exception:
    if status in (401, 403):
        return HubAuthError("Access denied: accept the licence on the model page, then add a "
                            "token in Settings.", reason="denied", status=status)
    if status == 404:
        return HubNotFoundError("The file is no longer on the server.", reason="file_gone",
                                url=url)
    return HubOfflineError(f"The download server answered {status}.", reason="server_status",
                           status=status)


def _origin(url: str) -> tuple[str, str, int]:
    """Scheme, host and port: the token goes only where all three match (https stays https)."""
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def fetch(url: str, out: BinaryIO, *, resume: int, expected_size: int | None,
          headers: dict[str, str], on_bytes: Callable[[int], None],
          stopped: Callable[[], bool] = lambda: False, timeout: float | None = None) -> None:
    """Append the bytes of ``url`` from offset ``resume`` to ``out``, resuming after drops.

    ``on_bytes(n)`` is called after each write; raising from it stops the transfer (cancel).
    ``stopped()`` is asked before every (re)connection, so a pause is not stuck behind retries
    against a server that stopped answering. ``timeout`` is how long a silent server is waited
    for per attempt (``STALL_TIMEOUT_S`` when None, read at call time so tests can lower it).

    Raises:
        WriteError: ``out`` could not be written (the caller decides: usually a full disk).
        HubAuthError, HubNotFoundError, HubOfflineError, HubTimeoutError: the server said no,
            or the connection kept failing.
    """
    timeout = STALL_TIMEOUT_S if timeout is None else timeout
    buffer = bytearray(BUFFER_BYTES)
    view = memoryview(buffer)
    failures = 0
    redirects = 0
    origin = _origin(url)
    while True:
        if expected_size is not None and resume >= expected_size:
            return
        if stopped():
            raise DownloadCancelledError("The download was stopped.")
        conn, path = _connect(url, timeout)
        request_headers = dict(headers) if _origin(url) == origin else {}
        if resume:
            request_headers["Range"] = f"bytes={resume}-"
        progressed = False
        try:
            conn.request("GET", path, headers=request_headers)
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    raise _Refused(HubOfflineError("The download kept redirecting.", url=url,
                                                   reason="too_many_redirects"))
                url = urljoin(url, response.getheader("Location", ""))
                continue
            if response.status == 416 and expected_size in (resume, None):
                return  # already complete
            if response.status not in (200, 206):
                error = _status_error(response.status, url)
                raise error if _is_transient(response.status) else _Refused(error)
            if resume and response.status == 200:
                # The server ignored the Range: start the file again from its beginning.
                out.seek(out.tell() - resume)
                out.truncate()
                on_bytes(-resume)
                resume = 0
            while True:
                n = response.readinto(view)
                if not n:
                    break
                try:
                    out.write(view[:n])
                except OSError as err:
                    raise WriteError(err) from err
                resume += n
                progressed = True
                on_bytes(n)
            if expected_size is None or resume >= expected_size:
                return
        except _Refused as refused:
            raise refused.error from None
        except (TimeoutError, OSError, http.client.HTTPException) as err:
            failures = 0 if progressed else failures + 1
            if failures >= ATTEMPTS_WITHOUT_PROGRESS:
                if isinstance(err, HubOfflineError):
                    raise  # a server error every time: say which status it answered
                if isinstance(err, TimeoutError):
                    raise HubTimeoutError("The download server stopped answering.",
                                          reason="download_stalled") from err
                raise HubOfflineError("The connection to the download server keeps failing; "
                                      "the download is kept and can be resumed.",
                                      reason="connection_failing") from err
            time.sleep(0.2 * failures)
        finally:
            conn.close()
