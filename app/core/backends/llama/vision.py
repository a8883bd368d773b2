"""Images for GGUF vision models: the projector file (``mmproj-*.gguf``) through llama.cpp's
multimodal library (mtmd), as llama-cpp-python 0.3.36 ships it.

llama-cpp-python's own vision chat handlers (``MTMDChatHandler`` and the older LLaVA-style
ones) drive ``create_completion`` and clear the context on every call; Ondol decodes with its
own loop, so it calls the same mtmd functions directly: the model's chat template renders the
conversation with mtmd's media marker where each image goes, ``mtmd_tokenize`` cuts the prompt
into text and image chunks, and an image chunk is encoded by the projector and written into the
context by ``mtmd_helper_eval_chunk_single``. Every projector type this mtmd reads works the
same way; which one a file holds is read from its metadata (``clip.projector_type``).

In the prompt's token list an image stands as negative placeholder ids (one per position, the
same for the same image), so the context cache still sees which prefix it already holds.
"""

from __future__ import annotations

import ctypes
import hashlib
import mmap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import llama_cpp
import llama_cpp.mtmd_cpp as mtmd

from app.core.backends.llama.decoder import LlamaDecoder
from app.core.backends.llama.evaluate import common_prefix, evaluate, truncate
from app.core.backends.llama.native import _TRAMPOLINE
from app.core.documents.image_parts import flatten_content, image_parts
from app.core.errors import DocumentError, GenerationError, ModelLoadError
from app.core.formats.gguf_header import GGUF_MAGIC, Damaged, HeaderParser, OldVersion, Truncated

MARKER = mtmd.mtmd_default_marker().decode("utf-8")


@dataclass(frozen=True)
class ProjectorInfo:
    """What a projector file's header says."""

    path: str
    projector_type: str
    image_size: int | None  # the side, in pixels, the vision encoder works at
    has_vision: bool


def read_projector_info(path: str) -> ProjectorInfo:
    """The header of a projector file, read without loading it.

    Raises:
        ModelLoadError: reason ``projector_missing`` (no such file), ``not_a_projector`` (not
            GGUF, or a GGUF that is no projector, fact ``architecture``), ``projector_broken``
            (a damaged header, fact ``detail``).
    """
    p = Path(path)
    try:
        with open(p, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            if buf[:len(GGUF_MAGIC)] != GGUF_MAGIC:
                raise _load_error(p, "not_a_projector", "not a GGUF file", architecture="")
            header = HeaderParser(buf, len(buf),
                                  keep=lambda k: k.startswith(("general.", "clip."))).parse()
    except (FileNotFoundError, IsADirectoryError):
        raise _load_error(p, "projector_missing", "no such file") from None
    except (ValueError, OSError) as err:  # an empty file cannot be mapped
        raise _load_error(p, "projector_broken", str(err) or "empty") from None
    except (Truncated, Damaged, OldVersion) as err:
        raise _load_error(p, "projector_broken", str(err) or type(err).__name__) from None
    fields = header.fields
    arch = fields.get("general.architecture")
    if arch != "clip":
        raise _load_error(p, "not_a_projector", f"architecture {arch!r}",
                          architecture=str(arch or ""))
    kind = fields.get("clip.projector_type") or fields.get("clip.vision.projector_type") or ""
    size = fields.get("clip.vision.image_size")
    return ProjectorInfo(str(p), str(kind), size if isinstance(size, int) and size > 0 else None,
                         bool(fields.get("clip.has_vision_encoder", False)))


def _load_error(p: Path, reason: str, detail: str, **facts: Any) -> ModelLoadError:
    return ModelLoadError(f"The projector {p.name} could not be used: {detail}",
                          path=str(p), file_name=p.name, reason=reason, detail=detail, **facts)


@dataclass
class MediaPrompt:
    """A prompt with images: its token list (placeholders for images) and mtmd's chunks."""

    tokens: list[int]
    chunks: Any  # mtmd_input_chunks_p, freed by ``Projector.forget``
    spans: list[tuple[int, int, bool]]  # (start, end, is_image) per chunk, in positions


class Projector:
    """A loaded projector beside a loaded model."""

    def __init__(self, info: ProjectorInfo, llm: Any, n_threads: int, use_gpu: bool) -> None:
        """Load ``info.path`` for ``llm``.

        Raises:
            ModelLoadError: reason ``projector_refused`` (mtmd could not load it, or it was
                made for another model: the sizes differ, fact ``detail``) or
                ``projector_no_vision`` (a projector for sound only).
        """
        self.info = info
        # mtmd logs through its own hook: into Ondol's native log, like llama.cpp's lines.
        mtmd.mtmd_log_set(_TRAMPOLINE, ctypes.c_void_p(0))
        mtmd.mtmd_helper_log_set(_TRAMPOLINE, ctypes.c_void_p(0))
        params = mtmd.mtmd_context_params_default()
        params.use_gpu = use_gpu
        params.print_timings = False
        params.n_threads = n_threads
        params.flash_attn_type = llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED
        self._ctx = mtmd.mtmd_init_from_file(info.path.encode(), llm.model, params)
        p = Path(info.path)
        if not self._ctx:
            raise _load_error(p, "projector_refused",
                              "mtmd refused it (damaged, or made for another model)")
        if not mtmd.mtmd_support_vision(self._ctx):
            self.close()
            raise _load_error(p, "projector_no_vision", "it reads no images")
        self._plans: dict[tuple[int, ...], MediaPrompt] = {}

    def close(self) -> None:
        """Free the projector and any prompt chunks still held."""
        for plan in getattr(self, "_plans", {}).values():
            mtmd.mtmd_input_chunks_free(plan.chunks)
        self._plans = {}
        if self._ctx:
            mtmd.mtmd_free(self._ctx)
            self._ctx = None

    def plan(self, prompt: str, images: Sequence[bytes], add_special: bool) -> MediaPrompt:
        """Cut ``prompt`` (one ``MARKER`` per image) into text and image chunks.

        Raises:
            DocumentError: reason ``not_an_image`` (mtmd cannot decode an image).
            GenerationError: mtmd could not tokenize the prompt (fact ``detail``).
        """
        bitmaps = []
        try:
            for data in images:
                buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
                bitmap = mtmd.mtmd_helper_bitmap_init_from_buf(self._ctx, buffer, len(data),
                                                               False)
                if not bitmap:
                    raise DocumentError("The image could not be decoded.",
                                        reason="not_an_image")
                mtmd.mtmd_bitmap_set_id(bitmap, hashlib.sha256(data).hexdigest().encode())
                bitmaps.append(bitmap)
            return self._tokenize(prompt, bitmaps, add_special)
        finally:
            for bitmap in bitmaps:
                mtmd.mtmd_bitmap_free(bitmap)

    def _tokenize(self, prompt: str, bitmaps: list[Any], add_special: bool) -> MediaPrompt:
        text = mtmd.mtmd_input_text()
        raw = prompt.encode("utf-8")
        text.text, text.text_len = raw, len(raw)
        text.add_special, text.parse_special = add_special, True
        chunks = mtmd.mtmd_input_chunks_init()
        array = (mtmd.mtmd_bitmap_p_ctypes * max(1, len(bitmaps)))(*bitmaps)
        code = mtmd.mtmd_tokenize(self._ctx, chunks, ctypes.byref(text), array, len(bitmaps))
        if code != 0:
            mtmd.mtmd_input_chunks_free(chunks)
            detail = "images and markers differ in number" if code == 1 else f"code {code}"
            raise GenerationError(f"The prompt with images could not be prepared: {detail}",
                                  reason="llama_failed", detail=detail)
        tokens: list[int] = []
        spans: list[tuple[int, int, bool]] = []
        for i in range(mtmd.mtmd_input_chunks_size(chunks)):
            chunk = mtmd.mtmd_input_chunks_get(chunks, i)
            start = len(tokens)
            if mtmd.mtmd_input_chunk_get_type(chunk) == mtmd.MTMD_INPUT_CHUNK_TYPE_TEXT:
                n = ctypes.c_size_t()
                ptr = mtmd.mtmd_input_chunk_get_tokens_text(chunk, ctypes.byref(n))
                tokens.extend(int(ptr[j]) for j in range(n.value))
                spans.append((start, len(tokens), False))
            else:
                ident = (mtmd.mtmd_input_chunk_get_id(chunk) or b"").decode("ascii", "replace")
                # Negative: never a real token; the same image gives the same placeholders.
                mark = -1 - int(hashlib.sha256(ident.encode()).hexdigest()[:7], 16)
                tokens.extend([mark] * int(mtmd.mtmd_input_chunk_get_n_pos(chunk)))
                spans.append((start, len(tokens), True))
        plan = MediaPrompt(tokens, chunks, spans)
        for old in self._plans.values():  # only the newest prompt is kept
            mtmd.mtmd_input_chunks_free(old.chunks)
        self._plans = {tuple(tokens): plan}
        return plan

    def plan_for(self, tokens: Sequence[int]) -> MediaPrompt | None:
        """The plan whose token list starts ``tokens`` (an answer's forced start may follow
        it); None: no plan fits.

        Raises:
            GenerationError: ``tokens`` hold image placeholders but no plan fits them (the
                prompt was not prepared here): never sent to llama.cpp as token ids.
        """
        for plan in self._plans.values():
            if list(tokens[:len(plan.tokens)]) == plan.tokens:
                return plan
        if any(t < 0 for t in tokens):
            raise GenerationError("The prompt's images were not prepared.",
                                  reason="llama_failed", detail="unknown image placeholders")
        return None

    def prefill(self, llm: Any, plan: MediaPrompt, should_stop: Callable[[], bool]
                ) -> int | None:
        """Write every position of ``plan`` but its last (a text token, which the decoder
        evaluates for fresh logits) into the context, reusing what it already holds: the
        number of positions written, or None when ``should_stop`` turned true.

        Raises:
            GenerationError: llama.cpp or the projector failed (fact ``detail``).
        """
        tokens = plan.tokens
        cached = min(common_prefix(llm, tokens), len(tokens) - 1)
        for start, end, is_image in plan.spans:
            if is_image and start < cached < end:
                cached = start  # an image is written whole or not at all
        truncate(llm, cached)
        written = max(0, len(tokens) - 1 - cached)
        for index, (start, end, is_image) in enumerate(plan.spans):
            stop_at = min(end, len(tokens) - 1)
            if stop_at <= cached or start >= stop_at:
                continue
            if should_stop():
                return None
            if not is_image:
                if not evaluate(llm, tokens[max(start, cached):stop_at]):
                    return None
                continue
            chunk = mtmd.mtmd_input_chunks_get(plan.chunks, index)
            new_past = llama_cpp.llama_pos(0)
            code = mtmd.mtmd_helper_eval_chunk_single(
                self._ctx, llm._ctx.ctx, chunk, llama_cpp.llama_pos(int(llm.n_tokens)),
                llama_cpp.llama_seq_id(0), int(llm.n_batch), False, ctypes.byref(new_past))
            if code != 0:
                if should_stop():
                    return None
                raise GenerationError("The projector could not encode the image.",
                                      reason="llama_failed", detail=f"mtmd code {code}")
            llm.input_ids[start:end] = tokens[start:end]
            llm.n_tokens = end
        return written


def split_messages(messages: Sequence[Any]) -> tuple[list[Any], list[bytes]]:
    """Messages with each image part replaced by ``MARKER`` in plain-text content, and the
    images' bytes in the order the markers appear.

    Raises:
        DocumentError: an image part that is not an inline image (reason ``remote_image`` or
            ``not_an_image``).
    """
    out: list[Any] = []
    images: list[bytes] = []
    for message in messages:
        if isinstance(message, dict) and isinstance(message.get("content"), list):
            text, found = flatten_content(message["content"], MARKER)
            message = {**message, "content": text}
            images.extend(found)
        out.append(message)
    return out, images


def refuse_images(messages: Sequence[Any]) -> None:
    """For a model without a projector: any image is refused before anything is done.

    Raises:
        DocumentError: reason ``no_vision``.
    """
    if any(image_parts(m.get("content")) for m in messages if isinstance(m, dict)):
        raise DocumentError("This model reads no images: load a vision model with its "
                            "projector.", reason="no_vision")


class VisionDecoder(LlamaDecoder):
    """A ``LlamaDecoder`` whose prompt holds images: the projector writes the prompt (images
    and text) into the context first; the decoder then goes on as for text."""

    def __init__(self, *args: Any, projector: Projector, plan: MediaPrompt) -> None:
        super().__init__(*args)
        self._projector = projector
        self._plan = plan

    def _start(self, tokens: list[int]) -> list[int] | None:
        self._abort.arm()  # a cancel stops a long image or text chunk mid-way
        try:
            written = self._projector.prefill(self._llm, self._plan, self._should_stop)
        finally:
            self._abort.disarm()
        if written is None:
            self._prompt = None
            return None
        got = super()._start(tokens)
        self._evaluated += written
        return got
