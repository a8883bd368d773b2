"""Group a Hugging Face repo's file list into the variants a person can download and run.

Pure string work on the listing (names, sizes, sha256): nothing is fetched or opened. Names come
from the network and are untrusted, so every one passes ``safe_relative_path`` first.

Layouts understood:
- GGUF: one variant per file, or per split set ``name-00001-of-00003.gguf`` (all parts, in order,
  sizes summed), in the root or in subfolders. Vision projectors (``mmproj-*.gguf``) are not
  variants: they are attached to every GGUF variant as ``extras`` (not counted in its size, not
  part of its files) so a caller can offer them as an optional extra download. Importance-matrix
  files (``*imatrix*``) and incomplete split sets are left in ``other_files``.
- ONNX, onnxruntime-genai: a folder holding ``genai_config.json`` is one variant with every file
  under it (``cpu_and_mobile/cpu-int4-rtn-block-32`` -> ``"cpu-int4-rtn-block-32"``).
- ONNX, onnx-community / Optimum: ``onnx/model_q4.onnx`` etc.; one variant per precision suffix,
  with every component of that precision, their external data files and the shared root files.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Literal

from app.core.errors import UnsafePathError
from app.core.formats.quant import bits_per_weight, quant_from_filename

VariantFormat = Literal["gguf", "onnx"]

_SPLIT_RE = re.compile(r"^(?P<stem>.+)-(?P<part>\d{5})-of-(?P<total>\d{5})\.gguf$", re.IGNORECASE)
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
# Names Windows maps to devices whatever the extension ("nul.gguf" is the null device).
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                    *(f"LPT{i}" for i in range(1, 10))}
# Files next to an Optimum export that the tokenizer and generation loop need.
SHARED_ONNX_FILES = ("config.json", "generation_config.json", "tokenizer.json",
                     "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja",
                     "chat_template.json", "added_tokens.json", "tokenizer.model", "vocab.json",
                     "merges.txt", "preprocessor_config.json")
# Documentation at a repo root is not part of a root-level onnxruntime-genai variant.
_DOC_FILES = {".gitattributes", "readme.md", "license", "license.md", "license.txt", "notice.md"}
# Optimum/transformers.js precision suffixes (longest first: "q4f16" before "q4"); none = fp32.
_ONNX_DTYPES = ("q4f16", "quantized", "uint8", "int8", "bnb4", "fp16", "bf16", "fp32", "int4",
                "q4", "q8")
_ONNX_BITS = {"fp32": 32.0, "fp16": 16.0, "bf16": 16.0, "int8": 8.0, "uint8": 8.0,
              "quantized": 8.0, "q8": 8.0, "int4": 4.5, "q4": 4.5, "q4f16": 4.5, "bnb4": 4.5}
_GENAI_PRECISION_RE = re.compile(r"(?<![a-z0-9])(int4|int8|fp16|fp32|bf16)(?![a-z0-9])")
# Where an onnxruntime-genai build is meant to run, from its folder names.
_DEVICE_WORDS = (("cuda", "cuda"), ("directml", "directml"), ("dml", "directml"),
                 ("webgpu", "webgpu"), ("cpu", "cpu"), ("gpu", "gpu"))


@dataclass(frozen=True)
class RepoFile:
    """One file of a repo as the hub lists it (``size``/``sha256`` unknown: ``None``)."""

    path: str
    size: int | None = None
    sha256: str | None = None

    @property
    def name(self) -> str:
        """The last component of the path."""
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Variant:
    """One downloadable, runnable choice: a quantisation of a GGUF, or an ONNX build."""

    name: str  # "Q4_K_M", "cpu-int4-rtn-block-32-acc-level-4", "q4f16"
    format: VariantFormat
    quant: str | None  # "Q4_K_M", "int4", "q4f16", ...
    files: list[RepoFile]
    size_bytes: int  # sum of the known sizes of ``files``
    bits_per_weight: float | None
    extras: list[RepoFile] = field(default_factory=list)  # optional: mmproj projectors
    layout: str | None = None  # ONNX: "genai" (onnxruntime-genai) or "optimum"
    device: str | None = None  # ONNX genai builds: "cpu", "cuda", "directml", "gpu", "webgpu"

    @property
    def size_known(self) -> bool:
        """False when the listing lacked the size of one of the files."""
        return all(f.size is not None for f in self.files)

    @property
    def projector(self) -> RepoFile | None:
        """The vision projector to fetch with this variant: of the repo's ``extras``, the one in
        the variant's folder (else any), 16-bit before 32-bit or quantised, then the smallest;
        ``None`` for a model without one."""
        if not self.extras or not self.files:
            return None
        folder = _folder(self.files[0].path)
        near = [f for f in self.extras if _folder(f.path) == folder] or list(self.extras)

        def rank(f: RepoFile) -> tuple[int, int, str]:
            lower = f.name.lower()
            return ("f16" not in lower and "bf16" not in lower, f.size or 0, f.path)

        return min(near, key=rank)

    @property
    def download_files(self) -> list[RepoFile]:
        """What downloading the variant fetches: its files, and its vision projector when the
        repo has one (the library pairs them by folder)."""
        extra = self.projector
        return list(self.files) + ([extra] if extra is not None else [])


@dataclass(frozen=True)
class VariantListing:
    """``group_variants``' answer: the variants (smallest first), refused names, the rest."""

    variants: list[Variant]
    rejected: list[str] = field(default_factory=list)  # unsafe names, never downloaded
    other_files: list[RepoFile] = field(default_factory=list)  # README, safetensors, ...

    def __iter__(self) -> Iterator[Variant]:
        return iter(self.variants)

    def __len__(self) -> int:
        return len(self.variants)

    def by_name(self, name: str) -> Variant | None:
        """The variant called ``name`` (case-insensitive), or ``None``."""
        return next((v for v in self.variants if v.name.lower() == name.lower()), None)


def safe_relative_path(path: str) -> PurePosixPath:
    """``path`` as a relative POSIX path that cannot leave the folder it is joined to.

    Raises:
        UnsafePathError: empty, NUL or control characters, a backslash, an absolute path, a
            drive letter or colon (NTFS streams), an empty, ``.`` or ``..`` component, or a
            Windows device name; facts ``path`` and ``reason``.
    """
    def refuse(reason: str, why: str) -> UnsafePathError:
        return UnsafePathError(f"Refused an unsafe file name from the hub: {path!r} ({why}).",
                               path=path, reason=reason)

    if not path:
        raise refuse("empty", "empty")
    if any(ord(ch) < 32 for ch in path):
        raise refuse("control_character", "control character")
    if "\\" in path:
        raise refuse("backslash", "backslash")
    if path.startswith("/"):
        raise refuse("absolute", "absolute path")
    if _DRIVE_RE.match(path) or ":" in path:
        raise refuse("drive_or_colon", "drive letter or colon")
    for part in path.split("/"):
        if part in ("", ".", ".."):
            raise refuse("dot_component", "empty, '.' or '..' component")
        if part.split(".", 1)[0].upper() in _WINDOWS_DEVICES:
            raise refuse("device_name", "Windows device name")
    return PurePosixPath(path)


def _folder(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _size(files: Iterable[RepoFile]) -> int:
    return sum(f.size or 0 for f in files)


def _group_gguf(files: list[RepoFile], extras: list[RepoFile],
                other: list[RepoFile]) -> list[Variant]:
    """Single files and complete split sets; an incomplete set goes to ``other``."""
    groups: dict[str, list[tuple[int, int, RepoFile]]] = defaultdict(list)
    for f in files:
        match = _SPLIT_RE.match(f.name)
        if match:  # key: the folder and the name without "-0000k-of-0000n"
            key = f"{_folder(f.path)}/{match['stem']}"
            groups[key].append((int(match["part"]), int(match["total"]), f))
        else:
            groups[f.path[: -len(".gguf")]].append((1, 1, f))
    found: list[tuple[str, str | None, list[RepoFile]]] = []
    for key, parts in groups.items():
        parts.sort(key=lambda p: p[0])
        total = parts[0][1]
        if [p[0] for p in parts] != list(range(1, total + 1)) or any(p[1] != total for p in parts):
            other.extend(p[2] for p in parts)  # a part is missing: it could never load
            continue
        stem = key.rsplit("/", 1)[-1]
        quant = quant_from_filename(stem) or quant_from_filename(_folder(key) or "")
        found.append((stem, quant, [p[2] for p in parts]))
    quant_counts = defaultdict(int)
    for _, quant, _ in found:
        quant_counts[quant] += 1
    variants = []
    for stem, quant, parts in found:
        # The quantisation names the variant unless two variants share it (then the file stem).
        name = quant if quant is not None and quant_counts[quant] == 1 else stem
        bits = bits_per_weight(quant) if quant else None
        variants.append(Variant(name, "gguf", quant, parts, _size(parts), bits,
                                extras=list(extras)))
    return variants


def _genai_precision(name: str) -> str | None:
    found = _GENAI_PRECISION_RE.findall(name.lower())
    return found[0] if found else None


def _genai_device(folder: str) -> str | None:
    words = re.split(r"[-_/]", folder.lower())
    for word, device in _DEVICE_WORDS:
        if word in words:
            return device
    return None


def _group_genai(files: list[RepoFile], claimed: set[str]) -> list[Variant]:
    """Every folder holding ``genai_config.json``, with the files under it (deepest folder wins)."""
    roots = sorted({_folder(f.path) for f in files if f.name == "genai_config.json"},
                   key=len, reverse=True)
    members: dict[str, list[RepoFile]] = defaultdict(list)
    for f in files:
        if f.path in claimed:
            continue
        for root in roots:
            inside = f.path.startswith(root + "/") if root else (
                "/" not in f.path and f.name.lower() not in _DOC_FILES)
            if inside:
                members[root].append(f)
                claimed.add(f.path)
                break
    variants = []
    for root in roots:
        parts = sorted(members[root], key=lambda f: f.path)
        name = root.rsplit("/", 1)[-1] if root else "onnx"
        precision = _genai_precision(name)
        bits = _ONNX_BITS.get(precision) if precision else None
        variants.append(Variant(name, "onnx", precision, parts, _size(parts), bits,
                                layout="genai", device=_genai_device(root)))
    return variants


def _onnx_dtype(stem: str) -> str:
    for dtype in _ONNX_DTYPES:
        if stem.lower().endswith("_" + dtype):
            return dtype
    return "fp32"  # Optimum's plain "model.onnx" is full precision


def _group_optimum(files: list[RepoFile], claimed: set[str]) -> list[Variant]:
    """``[onnx/]<component>[_<dtype>].onnx`` by (folder, dtype), with data and shared files."""
    by_path = {f.path: f for f in files}
    groups: dict[tuple[str, str], list[RepoFile]] = defaultdict(list)
    for f in files:
        if f.path in claimed or not f.name.lower().endswith(".onnx"):
            continue
        groups[(_folder(f.path), _onnx_dtype(f.name[: -len(".onnx")]))].append(f)
    dtype_counts = defaultdict(int)
    for _, dtype in groups:
        dtype_counts[dtype] += 1
    variants = []
    for (folder, dtype), graphs in groups.items():
        parts: list[RepoFile] = []
        for graph in sorted(graphs, key=lambda f: f.path):
            parts.append(graph)
            # External weights: model.onnx_data, model.onnx.data, model.onnx_data_1, model_data
            stem = re.escape(graph.path[: -len(".onnx")])
            data_re = re.compile(rf"^{stem}(?:\.onnx)?[._]data(?:_\d+)?$")
            parts.extend(by_path[p] for p in sorted(by_path) if data_re.match(p))
        # Shared tokenizer/config files sit beside the graphs, or one level up from "onnx/".
        base = _folder(folder) if folder.rsplit("/", 1)[-1] == "onnx" else folder
        for where in dict.fromkeys((base, folder)):
            for shared in SHARED_ONNX_FILES:
                f = by_path.get(f"{where}/{shared}" if where else shared)
                if f is not None and f not in parts:
                    parts.append(f)
        claimed.update(f.path for f in parts)
        name = dtype if dtype_counts[dtype] == 1 else f"{folder}/{dtype}"
        variants.append(Variant(name, "onnx", dtype, parts, _size(parts), _ONNX_BITS[dtype],
                                layout="optimum"))
    return variants


def group_variants(files: Iterable[RepoFile]) -> VariantListing:
    """The repo's variants, smallest first, with refused names and the files left over.

    Raises:
        nothing: an unsafe name is reported in ``rejected``, never raised.
    """
    safe: list[RepoFile] = []
    rejected: list[str] = []
    for f in files:
        try:
            safe_relative_path(f.path)
        except UnsafePathError:
            rejected.append(f.path)
            continue
        safe.append(f)

    other: list[RepoFile] = []
    gguf: list[RepoFile] = []
    projectors: list[RepoFile] = []
    for f in safe:
        lower = f.name.lower()
        if not lower.endswith(".gguf"):
            continue
        if "mmproj" in lower:
            projectors.append(f)
        elif "imatrix" in lower:
            other.append(f)
        else:
            gguf.append(f)
    projectors.sort(key=lambda f: f.path)
    variants = _group_gguf(gguf, projectors, other)
    claimed = {f.path for v in variants for f in v.files} | {f.path for f in projectors}
    claimed |= {f.path for f in other}
    variants += _group_genai(safe, claimed)
    variants += _group_optimum(safe, claimed)
    other += [f for f in safe if f.path not in claimed]
    variants.sort(key=lambda v: (v.size_bytes, v.name))
    return VariantListing(variants, rejected, sorted(other, key=lambda f: f.path))
