"""The fake hub: routes of the hub server (API + resolve) and of the CDN server, file bodies."""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from .repos import (
    CHUNK,
    EXPAND_PROPERTIES,
    FULL_FIELDS,
    LIST_FIELDS,
    FakeFile,
    FakeRepo,
    select_fields,
)
from .transport import Faults, Handler, RecordedRequest, Server, parse_range


class FakeHub:
    """A fake Hugging Face Hub: the API + resolve server at ``url``, LFS bytes at ``cdn_url``.

    ``page_size`` caps every ``/api/models`` page (the client's ``limit`` caps it further);
    ``tree_page_size`` caps tree pages (50 when ``expand=true``, like the Hub).
    """

    def __init__(
        self, repos: list[FakeRepo] | tuple[FakeRepo, ...] = (), *, page_size: int = 1000,
        tree_page_size: int = 1000,
    ) -> None:  # fmt: skip
        self.repos: dict[str, FakeRepo] = {}
        self.requests: list[RecordedRequest] = []
        self.page_size = page_size
        self.tree_page_size = tree_page_size
        self._servers: list[Server] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.faults = Faults(on_down=self._wait_down)
        self.url = self.cdn_url = ""
        for repo in repos:
            self.add(repo)

    def add(self, repo: FakeRepo) -> None:
        with self._lock:
            self.repos[repo.repo_id] = repo

    def remove(self, repo_id: str) -> None:
        with self._lock:
            self.repos.pop(repo_id, None)

    def find_requests(
        self, method: str | None = None, path_contains: str = "", server: str | None = None
    ) -> list[RecordedRequest]:
        with self._lock:
            found = list(self.requests)
        return [
            r for r in found
            if (method is None or r.method == method) and path_contains in unquote(r.path)
            and (server is None or r.server == server)
        ]  # fmt: skip

    def __enter__(self) -> FakeHub:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        if self._servers:
            return
        self._servers = [Server(self, "hub"), Server(self, "cdn")]
        self.url, self.cdn_url = (f"http://127.0.0.1:{s.port}" for s in self._servers)
        for server in self._servers:
            thread = threading.Thread(target=server.loop, name=f"fakehub-{server.role}")
            thread.daemon = True
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in self._servers:
            server.stopping.set()
        for thread in self._threads:
            thread.join(timeout=1)
        for server in self._servers:
            server.kill_connections()
        self._servers, self._threads = [], []

    def _wait_down(self, down: bool) -> None:
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and any(s.listening == down for s in self._servers):
            time.sleep(0.005)

    # ---- dispatch ------------------------------------------------------------------------------

    def _dispatch(self, h: Handler, role: str, head: bool) -> None:
        split = urlsplit(h.path)
        query = parse_qs(split.query, keep_blank_values=True)
        with self._lock:
            self.requests.append(
                RecordedRequest(
                    role, h.command, split.path, query, {k.lower(): v for k, v in h.headers.items()}
                )
            )
        stopping = h.server.stopping
        if self.faults.down:
            h.abort()
            return
        while self.faults.stall and not stopping.is_set():
            stopping.wait(0.02)
        if self.faults.stall or stopping.is_set():
            h.abort()
            return
        try:
            if role == "cdn":
                self._cdn(h, split.path, head)
            else:
                self._hub(h, split.path, query, head)
        except (ConnectionError, TimeoutError):
            h.close_connection = True

    def _find_repo(self, segments: list[str]) -> tuple[FakeRepo | None, list[str]]:
        with self._lock:
            for n in (2, 1):
                repo = self.repos.get("/".join(unquote(s) for s in segments[:n]))
                if repo is not None and len(segments) >= n:
                    return repo, segments[n:]
        return None, segments

    def _hub(self, h: Handler, path: str, query: dict[str, list[str]], head: bool) -> None:
        segments = path.strip("/").split("/")
        if path.rstrip("/") == "/api/models":
            return self._list_models(h, query)
        if segments[:2] == ["api", "models"]:
            repo, rest = self._find_repo(segments[2:])
            if repo is None:
                return h.error(404, "RepoNotFound", "Repository not found")
            if not rest or rest[0] == "revision":
                if rest and (len(rest) != 2 or unquote(rest[1]) not in ("main", repo.sha)):
                    return h.error(404, "RevisionNotFound", "Invalid rev id")
                return self._model_info(h, repo, query)
            if rest[0] == "tree" and len(rest) >= 2:
                if unquote(rest[1]) not in ("main", repo.sha):
                    return h.error(404, "RevisionNotFound", "Invalid rev id")
                return self._tree(h, repo, unquote("/".join(rest[2:])), query)
            return h.error(404, None, "Not found")
        if "resolve" in segments[1:3]:
            i = segments.index("resolve", 1)
            repo, rest = self._find_repo(segments[:i])
            if repo is None or rest:
                return h.error(404, "RepoNotFound", "Repository not found")
            return self._resolve(h, repo, segments[i + 1 :], head)
        return h.error(404, None, "Not found")

    # ---- API -----------------------------------------------------------------------------------

    def _page(self, h: Handler, items: list[Any], query: dict[str, list[str]], size: int) -> None:
        offset = int(query.get("cursor", ["0"])[0])
        page = items[offset : offset + size]
        headers = {}
        if offset + size < len(items):
            params = [(k, v) for k, vs in query.items() if k != "cursor" for v in vs]
            params.append(("cursor", str(offset + size)))
            path = urlsplit(h.path).path
            headers["Link"] = f'<{self.url}{path}?{urlencode(params)}>; rel="next"'
        h.json(page, headers)

    def _list_models(self, h: Handler, query: dict[str, list[str]]) -> None:
        one = {k: v[-1] for k, v in query.items()}
        expand = query.get("expand", []) + query.get("expand[]", [])
        bad = [e for e in expand if e not in EXPAND_PROPERTIES]
        if bad or (expand and ("full" in one or "cardData" in one or "config" in one)):
            return h.error(400, "BadRequest", f"Invalid expand: {bad or expand}")
        with self._lock:
            repos = [r for r in self.repos.values() if not r.private]
        if search := one.get("search", "").lower():
            repos = [r for r in repos if search in r.repo_id.lower()]
        if author := one.get("author"):
            repos = [r for r in repos if r.author == author]
        for wanted in query.get("filter", []):
            repos = [r for r in repos if wanted.lower() in r.searchable()]
        if pipeline := one.get("pipeline_tag"):
            repos = [r for r in repos if r.pipeline_tag == pipeline]
        if "gated" in one:
            want = one["gated"].lower() == "true"
            repos = [r for r in repos if bool(r.gated) == want]
        key = one.get("sort", "trendingScore")
        key = {"last_modified": "lastModified", "created_at": "createdAt"}.get(key, key)
        ascending = one.get("direction") == "1"
        repos.sort(key=lambda r: r.repo_id)
        repos.sort(key=lambda r: r.sort_value(key), reverse=not ascending)
        full = one.get("full", "").lower() == "true"
        names = expand or (FULL_FIELDS if full else LIST_FIELDS)
        if one.get("cardData", "").lower() == "true":
            names = [*names, "cardData"]
        items = [select_fields(r.all_fields(blobs=False), names) for r in repos]
        limit = int(one["limit"]) if one.get("limit", "").isdigit() else self.page_size
        self._page(h, items, query, max(1, min(limit, self.page_size)))

    def _model_info(self, h: Handler, repo: FakeRepo, query: dict[str, list[str]]) -> None:
        blobs = query.get("blobs", ["false"])[-1].lower() == "true"
        fields = repo.all_fields(blobs=blobs)
        expand = query.get("expand", []) + query.get("expand[]", [])
        if [e for e in expand if e not in EXPAND_PROPERTIES]:
            return h.error(400, "BadRequest", f"Invalid expand: {expand}")
        h.json(select_fields(fields, expand) if expand else fields)

    def _tree(self, h: Handler, repo: FakeRepo, folder: str, query: dict[str, list[str]]) -> None:
        recursive = query.get("recursive", ["false"])[-1].lower() == "true"
        expand = query.get("expand", ["false"])[-1].lower() == "true"
        entries = repo.tree(folder, recursive=recursive, expand=expand)
        if entries is None:
            return h.error(404, "EntryNotFound", f"{folder} does not exist on main")
        self._page(h, entries, query, min(self.tree_page_size, 50 if expand else 1000))

    # ---- files ---------------------------------------------------------------------------------

    def _resolve(self, h: Handler, repo: FakeRepo, rest: list[str], head: bool) -> None:
        if not rest or unquote(rest[0]) not in ("main", repo.sha):
            return h.error(404, "RevisionNotFound", "Invalid rev id")
        name = unquote("/".join(rest[1:]))
        f = repo.file(name)
        if f is None or name in self.faults.missing:
            return h.error(404, "EntryNotFound", f"{name} does not exist on main")
        if repo.gated and name not in ("README.md", ".gitattributes"):
            auth = h.headers.get("Authorization", "")
            if not auth.startswith("Bearer "):
                return h.error(401, "GatedRepo", f"Access to model {repo.repo_id} is restricted.")
            if auth[len("Bearer ") :].strip() not in self.faults.tokens:
                return h.error(403, "GatedRepo", "You are not in the authorized list.")
        headers = {"X-Repo-Commit": repo.sha, "ETag": f'"{f.etag}"', "Accept-Ranges": "bytes"}
        if self.faults.redirect_to and not head:
            return h.reply(302, b"", {**headers, "Location": self.faults.redirect_to})
        if not f.is_lfs:
            return self._body(h, f, head, headers)
        headers["X-Linked-Etag"] = f'"{f.sha256}"'
        if not self.faults.hide_size:
            headers["X-Linked-Size"] = str(f.size)
        headers["Location"] = f"{self.cdn_url}/lfs/{f.sha256}?" + urlencode(
            {"repo": repo.repo_id, "file": name}
        )
        h.reply(302, b"Found. Redirecting to the CDN", {"Content-Type": "text/plain", **headers})

    def _cdn(self, h: Handler, path: str, head: bool) -> None:
        if self.faults.redirect_to and not head:
            return h.reply(302, b"", {"Location": self.faults.redirect_to})
        sha = path.rsplit("/", 1)[-1]
        with self._lock:
            repos = list(self.repos.values())
        for repo in repos:
            for f in repo.all_files():
                if f.is_lfs and path.startswith("/lfs/") and f.sha256 == sha:
                    name = quote(f.path.rsplit("/", 1)[-1])
                    disposition = f"attachment; filename*=UTF-8''{name}; filename=\"{name}\";"
                    return self._body(
                        h, f, head, {"ETag": f'"{sha}"', "Content-Disposition": disposition}
                    )
        h.error(404, None, "NoSuchKey")

    def _body(self, h: Handler, f: FakeFile, head: bool, headers: dict[str, str]) -> None:
        size, start, end, status = f.size, 0, f.size, 200
        header = h.headers.get("Range")
        headers = {"Content-Type": "application/octet-stream", "Accept-Ranges": "bytes", **headers}
        if_range = h.headers.get("If-Range")
        if if_range is not None and if_range != headers.get("ETag"):
            header = None  # the file changed since the client's part began: send it whole
        if header and not self.faults.ignore_range:
            parsed = parse_range(header, size)
            if parsed is None:
                return h.reply(416, b"", {**headers, "Content-Range": f"bytes */{size}"})
            (start, end), status = parsed, 206
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
        h.send_response(status)
        endless = self.faults.endless_body
        if (self.faults.no_content_length or endless) and not head:
            headers["Connection"] = "close"
            h.close_connection = True
        elif head and self.faults.hide_size:
            h.close_connection = True
        else:
            headers["Content-Length"] = str(end - start)
        for name, value in headers.items():
            h.send_header(name, value)
        h.end_headers()
        if head:
            return
        if self.faults.truncate_at is not None:
            end = min(end, start + self.faults.truncate_at)
        if self._send(h, f, start, end) and self.faults.extra_bytes:
            h.wfile.write(b"\0" * self.faults.extra_bytes)
        if endless:
            self._send_endless(h)
        if self.faults.truncate_at is not None or self.faults.no_content_length:
            h.close_connection = True

    def _send(self, h: Handler, f: FakeFile, start: int, end: int) -> bool:
        """Bytes ``[start, end)`` of ``f`` with the faults; False when the connection was cut."""
        drop, corrupt, sent = self.faults.take_drop(), self.faults.corrupt_byte_at, 0
        due = time.monotonic()
        rate = self.faults.throttle_bytes_per_s
        chunk_size = CHUNK if not rate else max(1, min(CHUNK, int(rate / 20)))
        for chunk in f.iter_bytes(start, end, chunk_size):
            pos = start + sent
            if corrupt is not None and pos <= corrupt < pos + len(chunk):
                i = corrupt - pos
                chunk = chunk[:i] + bytes([chunk[i] ^ 0xFF]) + chunk[i + 1 :]
            if drop is not None and sent + len(chunk) >= drop and drop < end - start:
                h.wfile.write(chunk[: drop - sent])
                h.abort()
                return False
            h.wfile.write(chunk)
            sent += len(chunk)
            rate = self.faults.throttle_bytes_per_s
            if rate:
                due = max(due, time.monotonic()) + len(chunk) / rate
                if due > time.monotonic():
                    h.server.stopping.wait(due - time.monotonic())
            if h.server.stopping.is_set():
                h.abort()
                return False
        return True

    def _send_endless(self, h: Handler) -> None:
        """Zeros until the client goes away or the hub stops (``endless_body``)."""
        due = time.monotonic()
        while not h.server.stopping.is_set():
            rate = self.faults.throttle_bytes_per_s
            chunk = b"\0" * (CHUNK if not rate else max(1, min(CHUNK, int(rate / 20))))
            h.wfile.write(chunk)  # raises once the client closed the connection
            if rate:
                due = max(due, time.monotonic()) + len(chunk) / rate
                if due > time.monotonic():
                    h.server.stopping.wait(due - time.monotonic())
        h.abort()
