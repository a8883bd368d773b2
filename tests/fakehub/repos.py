"""The fake hub's repositories: files, repos, and the JSON the real Hub renders for them.

Field names and shapes follow what huggingface_hub 2.4.0 parses (``ModelInfo``, ``RepoSibling``,
``RepoFile`` / ``RepoFolder`` in ``hf_api.py``).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

CHUNK = 64 * 1024
# What a real repo's .gitattributes sends to LFS; used when FakeFile.lfs is left as None.
LFS_SUFFIXES = (".gguf", ".onnx", ".onnx_data", ".data", ".bin", ".safetensors", ".pt", ".pth")
LFS_MIN_SIZE = 10 * 1024 * 1024
GITATTRIBUTES = "".join(
    f"*{suffix} filter=lfs diff=lfs merge=lfs -text\n" for suffix in LFS_SUFFIXES
).encode()

_HASHES: dict[tuple[str, int, int], str] = {}
_HASHES_LOCK = threading.Lock()


def sha256_of_path(path: Path) -> str:
    """SHA-256 of a file on disk, cached per process by (path, size, mtime)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _HASHES_LOCK:
        if key in _HASHES:
            return _HASHES[key]
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1024 * 1024):
            digest.update(block)
    with _HASHES_LOCK:
        _HASHES[key] = digest.hexdigest()
    return _HASHES[key]


def git_blob_oid(data: bytes) -> str:
    """The git object id (sha1 of ``blob <len>\\0<data>``) — the Hub's ``blobId`` / ``oid``."""
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


@dataclass
class FakeFile:
    """One file of a repo: inline ``data`` or a big ``source`` file streamed from disk.

    ``lfs`` None means "as a real repo would": LFS for model-weight suffixes, for files served
    from ``source`` and for anything of 10 MiB or more. LFS files are reported with their sha256
    and size, and ``resolve`` answers them with a 302 to the CDN server.
    """

    path: str
    data: bytes | None = None
    source: Path | None = None
    lfs: bool | None = None

    def __post_init__(self) -> None:
        if (self.data is None) == (self.source is None):
            raise ValueError(f"{self.path}: give exactly one of data / source")
        if self.source is not None:
            self.source = Path(self.source)

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.source.stat().st_size

    @property
    def is_lfs(self) -> bool:
        if self.lfs is not None:
            return self.lfs
        return (
            self.source is not None
            or self.path.lower().endswith(LFS_SUFFIXES)
            or self.size >= LFS_MIN_SIZE
        )

    @property
    def sha256(self) -> str:
        if self.data is not None:
            return hashlib.sha256(self.data).hexdigest()
        return sha256_of_path(self.source)

    def pointer(self) -> bytes:
        """The git-lfs pointer file that git stores in place of an LFS file."""
        return (
            "version https://git-lfs.github.com/spec/v1\n"
            f"oid sha256:{self.sha256}\nsize {self.size}\n"
        ).encode()

    @property
    def blob_id(self) -> str:
        """Git oid: of the pointer for LFS files, of the content otherwise."""
        content = self.pointer() if self.is_lfs else self.data or self.source.read_bytes()
        return git_blob_oid(content)

    @property
    def etag(self) -> str:
        """What ``resolve`` puts in ETag / X-Linked-Etag: sha256 for LFS, git oid otherwise."""
        return self.sha256 if self.is_lfs else self.blob_id

    def lfs_json(self, oid_key: str) -> dict[str, Any]:
        # model_info siblings call the hash "sha256", tree entries call it "oid".
        return {oid_key: self.sha256, "size": self.size, "pointerSize": len(self.pointer())}

    def iter_bytes(self, start: int, end: int, chunk: int = CHUNK) -> Iterator[bytes]:
        """Bytes ``[start, end)`` of the content, in chunks of at most ``chunk``."""
        if self.data is not None:
            for pos in range(start, end, chunk):
                yield self.data[pos : min(pos + chunk, end)]
            return
        with self.source.open("rb") as handle:
            handle.seek(start)
            pos = start
            while pos < end:
                block = handle.read(min(chunk, end - pos))
                if not block:
                    return
                pos += len(block)
                yield block


@dataclass
class FakeRepo:
    """A model repo. ``card`` is served as README.md (unless ``files`` holds one)."""

    repo_id: str
    files: list[FakeFile] = field(default_factory=list)
    downloads: int = 0
    likes: int = 0
    last_modified: str = "2024-11-26T12:00:00.000Z"
    created_at: str = "2024-10-31T12:00:00.000Z"
    tags: list[str] = field(default_factory=list)
    pipeline_tag: str | None = None
    library_name: str | None = None
    gated: bool | str = False  # False, "auto" or "manual" (True is sent as "auto")
    private: bool = False
    gguf: dict[str, Any] | None = None
    card: str = ""
    card_data: dict[str, Any] | None = None  # the card's YAML header, as the Hub parses it
    sha: str = ""
    trending_score: int = 0
    gitattributes: bool = True  # every real repo has one

    def __post_init__(self) -> None:
        if not self.sha:
            self.sha = hashlib.sha1(f"commit:{self.repo_id}".encode()).hexdigest()

    @property
    def author(self) -> str | None:
        return self.repo_id.split("/")[0] if "/" in self.repo_id else None

    @property
    def gated_value(self) -> bool | str:
        return "auto" if self.gated is True else self.gated

    def all_files(self) -> list[FakeFile]:
        files = list(self.files)
        names = {f.path for f in files}
        if self.card and "README.md" not in names:
            files.append(FakeFile("README.md", data=self.card.encode(), lfs=False))
        if self.gitattributes and ".gitattributes" not in names:
            files.append(FakeFile(".gitattributes", data=GITATTRIBUTES, lfs=False))
        return sorted(files, key=lambda f: f.path)

    def file(self, path: str) -> FakeFile | None:
        return next((f for f in self.all_files() if f.path == path), None)

    def searchable(self) -> set[str]:
        """What ``filter=`` matches: tags, library and pipeline tag."""
        return {t.lower() for t in [*self.tags, self.library_name, self.pipeline_tag] if t}

    def sort_value(self, key: str) -> Any:
        return {
            "downloads": self.downloads,
            "likes": self.likes,
            "lastModified": self.last_modified,
            "createdAt": self.created_at,
            "trendingScore": self.trending_score,
            "id": self.repo_id,
        }.get(key, self.downloads)

    # ---- JSON, as the Hub sends it -----------------------------------------------------------

    def all_fields(self, blobs: bool) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "_id": self.sha[:24],
            "id": self.repo_id,
            "modelId": self.repo_id,
            "author": self.author,
            "sha": self.sha,
            "lastModified": self.last_modified,
            "createdAt": self.created_at,
            "private": self.private,
            "disabled": False,
            "gated": self.gated_value,
            "downloads": self.downloads,
            "downloadsAllTime": self.downloads,
            "likes": self.likes,
            "trendingScore": self.trending_score,
            "tags": list(self.tags),
            "pipeline_tag": self.pipeline_tag,
            "library_name": self.library_name,
            "siblings": [self.sibling(f, blobs) for f in self.all_files()],
            "spaces": [],
            "usedStorage": sum(f.size for f in self.all_files()),
        }
        if self.gguf is not None:
            fields["gguf"] = dict(self.gguf)
        if self.card_data is not None:
            fields["cardData"] = dict(self.card_data)
        return fields

    @staticmethod
    def sibling(f: FakeFile, blobs: bool) -> dict[str, Any]:
        if not blobs:
            return {"rfilename": f.path}
        entry: dict[str, Any] = {"rfilename": f.path, "blobId": f.blob_id, "size": f.size}
        if f.is_lfs:
            entry["lfs"] = f.lfs_json("sha256")
        return entry

    def tree(self, folder: str, recursive: bool, expand: bool) -> list[dict[str, Any]] | None:
        """Entries under ``folder`` ("" = root); None when the folder does not exist."""
        folder = folder.strip("/")
        prefix = f"{folder}/" if folder else ""
        dirs: dict[str, None] = {}
        files: list[FakeFile] = []
        for f in self.all_files():
            if not f.path.startswith(prefix):
                continue
            rel_parts = PurePosixPath(f.path[len(prefix) :]).parts
            for depth in range(1, len(rel_parts)):
                if depth == 1 or recursive:
                    dirs[prefix + "/".join(rel_parts[:depth])] = None
            if len(rel_parts) == 1 or recursive:
                files.append(f)
        if folder and not dirs and not files:
            return None
        commit = {"id": self.sha, "title": "Upload folder", "date": self.last_modified}
        entries: list[dict[str, Any]] = []
        for d in sorted(dirs):
            oid = hashlib.sha1(f"tree:{self.sha}:{d}".encode()).hexdigest()
            entries.append({"type": "directory", "oid": oid, "size": 0, "path": d})
        for f in files:
            entry: dict[str, Any] = {"type": "file", "oid": f.blob_id, "size": f.size}
            entry["path"] = f.path
            if f.is_lfs:
                entry["lfs"] = f.lfs_json("oid")
            entries.append(entry)
        if expand:
            for entry in entries:
                entry["lastCommit"] = dict(commit)
        return entries


# What GET /api/models returns per model without expand / with full=true.
LIST_FIELDS = (
    "_id", "id", "likes", "trendingScore", "private", "downloads", "tags", "pipeline_tag",
    "library_name", "createdAt", "modelId",
)  # fmt: skip
FULL_FIELDS = (*LIST_FIELDS, "author", "sha", "lastModified", "gated", "disabled", "siblings")
# ExpandModelProperty_T of huggingface_hub 2.4.0; the ones not modelled are simply left out.
_EXPAND = (
    "author cardData config createdAt disabled downloads downloadsAllTime evalResults gated gguf "
    "inference inferenceProviderMapping lastModified library_name likes mask_token model-index "
    "pipeline_tag private safetensors sha siblings spaces tags transformersInfo trendingScore "
    "widgetData resourceGroup"
)
EXPAND_PROPERTIES = frozenset(_EXPAND.split())


def select_fields(all_fields: dict[str, Any], names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {k: all_fields[k] for k in ("_id", "id", *names) if k in all_fields}
