"""Moving a file's bytes: one HTTP GET (with Range to resume), retried when the connection drops.

The standard library's ``http.client`` reads into one reused buffer; on loopback it keeps up with
curl (about 0.9 GB/s here), where ``huggingface_hub``'s ``http_get`` over httpx peaks near a
third of that. The hub client still finds the file (its size, sha256 and real location).
"""

from __future__ import annotations

import http.client
import ssl
import urllib.request
from collections.abc import Callable
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

from app.core.catalog.transfer_watch import TransferWatch
from app.core.errors import (
    DownloadCancelledError,
    DownloadIntegrityError,
    HubAuthError,
    HubNotFoundError,
    HubOfflineError,
    HubTimeoutError,
)

BUFFER_BYTES = 1024 * 1024  # the most one read returns
# Attempts in a row that end (dropped, or closed cleanly before the end) without reaching
# MIN_PROGRESS_BYTES further into the file than any attempt before: then the download gives up.
ATTEMPTS_WITHOUT_PROGRESS = 5
MAX_REDIRECTS = 5
STALL_TIMEOUT_S = 15.0  # a server silent this long (connecting or mid-file) counts as a failure
# Fewer than MIN_PROGRESS_BYTES in PROGRESS_DEADLINE_S (over all attempts): the server trickles
# too slowly to ever finish, and the download stops with what it has.
PROGRESS_DEADLINE_S = 120.0
MIN_PROGRESS_BYTES = 64 * 1024


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
          stopped: Callable[[], bool] = lambda: False, timeout: float | None = None,
          if_range: str | None = None, on_etag: Callable[[str], None] | None = None,
          max_bytes: int | None = None) -> None:
    """Append the bytes of ``url`` from offset ``resume`` to ``out``, resuming after drops.

    ``on_bytes(n)`` is called after each write; raising from it stops the transfer (cancel).
    ``stopped()`` is watched a few times a second: when it turns true the connection is cut,
    so a pause takes effect at once even while a server trickles or stays silent. ``timeout``
    is how long a silent server is waited for per attempt (``STALL_TIMEOUT_S`` when None, read
    at call time so tests can lower it). Never more than ``expected_size`` bytes are written;
    when the size is not known, never more than ``max_bytes`` (the room there is for it).
    ``if_range`` (the ETag the part file was started from) goes with a resumed request, so a
    changed file comes back whole (200) and starts again instead of mixing two versions;
    ``on_etag(etag)`` hears the ETag of every answer that starts the file from its beginning.

    Raises:
        WriteError: ``out`` could not be written (the caller decides: usually a full disk).
        DownloadCancelledError: ``stopped()`` turned true.
        DownloadIntegrityError: the server sent more than ``expected_size`` bytes (reason
            ``too_long``); what was written stops at ``expected_size``. Or, of a file of unknown
            size, more than ``max_bytes`` (reason ``too_big``).
        HubAuthError, HubNotFoundError, HubOfflineError, HubTimeoutError: the server said no,
            redirected outside http(s), kept failing, kept ending the file early without new
            bytes, or sent too little for too long (reason ``too_slow``).
    """
    timeout = STALL_TIMEOUT_S if timeout is None else timeout
    refused = _scheme_error(url)
    if refused is not None:
        raise refused
    watch = TransferWatch(stopped, PROGRESS_DEADLINE_S, MIN_PROGRESS_BYTES)
    with watch:
        try:
            _fetch(url, out, resume, _Limit(expected_size, max_bytes), headers, on_bytes,
                   timeout, watch, if_range, on_etag)
        except (OSError, http.client.HTTPException) as err:
            _raise_if_watched(watch, err)
            raise
        _raise_if_watched(watch, None)


def _scheme_error(url: str) -> HubOfflineError | None:
    """Only http(s) is followed: a ``file:`` or ``ftp:`` address would read or reach what a
    download server has no business with."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        return None
    return HubOfflineError("The download server pointed to an address that is not a web "
                           f"address ({scheme or 'none'}); it was refused.",
                           reason="bad_redirect", scheme=scheme, url=url)


def _raise_if_watched(watch: TransferWatch, err: BaseException | None) -> None:
    """The watch cut the connection: say why, rather than "the connection failed"."""
    if watch.why == "stopped":
        raise DownloadCancelledError("The download was stopped.") from err
    if watch.why == "too_slow":
        raise HubTimeoutError(
            "The download server sends too little to ever finish; the download is kept and "
            "can be resumed.", reason="too_slow", seconds=PROGRESS_DEADLINE_S,
            min_bytes=MIN_PROGRESS_BYTES) from err


class _Limit:
    """How far a file may go: its size when known (exactly that many bytes), else at most
    ``max_bytes`` (a server that never ends must not fill the disk)."""

    def __init__(self, size: int | None, max_bytes: int | None) -> None:
        self.size = size
        self.max_bytes = max_bytes

    def error(self, url: str) -> DownloadIntegrityError:
        """What a server sending past the limit gets."""
        if self.size is not None:
            return DownloadIntegrityError(
                "The download server sent more than the file's size; nothing past it was kept.",
                reason="too_long", expected_bytes=self.size, url=url)
        return DownloadIntegrityError(
            "The download server sent more than there is room for, for a file whose size it "
            "did not state; it stopped there.", reason="too_big", limit_bytes=self.max_bytes,
            url=url)

    @property
    def bytes(self) -> int | None:
        return self.size if self.size is not None else self.max_bytes


def _fetch(url: str, out: BinaryIO, resume: int, limit: _Limit,
           headers: dict[str, str], on_bytes: Callable[[int], None], timeout: float,
           watch: TransferWatch, if_range: str | None,
           on_etag: Callable[[str], None] | None) -> None:
    expected_size = limit.size
    failures = 0
    redirects = 0
    origin = _origin(url)
    best = resume  # the furthest offset reached: only going past it is progress
    while True:
        if expected_size is not None and resume >= expected_size:
            return
        _raise_if_watched(watch, None)
        conn, path = _connect(url, timeout)
        # http.client's own hook for making the socket: the watch's connect can be cut.
        conn._create_connection = watch.open_socket  # type: ignore[attr-defined]
        watch.attach(conn)
        request_headers = dict(headers) if _origin(url) == origin else {}
        if resume:
            request_headers["Range"] = f"bytes={resume}-"
            if if_range:
                request_headers["If-Range"] = if_range
        try:
            conn.request("GET", path, headers=request_headers)
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                redirects += 1
                if redirects > MAX_REDIRECTS:
                    raise _Refused(HubOfflineError("The download kept redirecting.", url=url,
                                                   reason="too_many_redirects"))
                url = urljoin(url, response.getheader("Location", ""))
                refused = _scheme_error(url)
                if refused is not None:
                    raise _Refused(refused)
                continue
            if response.status == 416 and expected_size in (resume, None):
                return  # already complete
            if response.status not in (200, 206):
                error = _status_error(response.status, url)
                raise error if _is_transient(response.status) else _Refused(error)
            if response.status == 200:
                etag = response.getheader("ETag") or None
                if resume:
                    # The server ignored the Range, or the file changed (If-Range): start the
                    # file again from its beginning.
                    out.seek(out.tell() - resume)
                    out.truncate()
                    on_bytes(-resume)
                    resume = 0
                    if if_range and etag != if_range:
                        best = 0  # another file: its bytes are progress from the start
                # Later resumes ask for this version; only a strong ETag may go in If-Range.
                if_range = etag if etag and etag.startswith('"') else None
                if on_etag is not None and etag:
                    on_etag(etag)
            offset = [resume]  # kept up to date by _copy, also when a read fails
            try:
                _copy(response, out, offset, limit, on_bytes, watch, url)
            finally:
                resume = offset[0]
            if expected_size is None or resume >= expected_size:
                return
            # A clean end before the whole file: an attempt like a dropped connection.
            raise http.client.IncompleteRead(b"", expected_size - resume)
        except _Refused as refused:
            raise refused.error from None
        except (TimeoutError, OSError, http.client.HTTPException) as err:
            _raise_if_watched(watch, err)
            if resume - best >= MIN_PROGRESS_BYTES:  # a byte or two per attempt is no progress
                best, failures = resume, 0
            else:
                failures += 1
            if failures >= ATTEMPTS_WITHOUT_PROGRESS:
                _give_up(err)
            watch.pause(0.2 * failures)
        finally:
            watch.detach()


def _copy(response: http.client.HTTPResponse, out: BinaryIO, offset: list[int],
          limit: _Limit, on_bytes: Callable[[int], None], watch: TransferWatch,
          url: str) -> None:
    """Write the body to ``out`` up to ``limit``, advancing ``offset[0]`` per write.

    ``read1`` returns what has arrived (up to a buffer) rather than waiting to fill it, so
    progress and the deadline see a slow server's bytes as they come.

    Raises:
        WriteError, DownloadIntegrityError (the server sends past ``limit``), and what the
        connection raises.
    """
    cap = limit.bytes
    while True:
        want = BUFFER_BYTES
        if cap is not None:
            want = min(want, cap - offset[0])
            if want <= 0:
                # The whole file arrived (or all there is room for): anything more means it is
                # not the file we expect.
                if response.read1(1):
                    raise _Refused(limit.error(url))
                return
        data = response.read1(want)
        if not data:
            return
        watch.arrived(len(data))
        try:
            out.write(data)
        except OSError as err:
            raise WriteError(err) from err
        offset[0] += len(data)
        on_bytes(len(data))


def _give_up(err: BaseException) -> None:
    """The last attempt failed too: the typed error for how it failed.

    Raises:
        HubOfflineError, HubTimeoutError: always.
    """
    if isinstance(err, HubOfflineError):
        raise err  # a server error every time: say which status it answered
    if isinstance(err, TimeoutError):
        raise HubTimeoutError("The download server stopped answering.",
                              reason="download_stalled") from err
    raise HubOfflineError("The connection to the download server keeps failing; the download "
                          "is kept and can be resumed.", reason="connection_failing") from err
