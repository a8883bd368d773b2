"""How fast the index answers: ``search`` over 10,000 chunks of 768 dimensions, and the size of
the index on disk. Prints numbers; asserts nothing.

    .venv/bin/python -m tests.bench.bench_retrieval [--chunks 10000] [--dims 768]

The first query is timed apart: it loads the collection's vectors from SQLite into memory.
With ``--pdf-model MODEL``, also a 200-page PDF indexed with that embedding model (chunks/s,
peak memory of the indexing process and of the runtime host), beside llama-cpp-python's own
embedding loop on the same chunk texts.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import psutil

from app.core.retrieval.search import search
from app.core.retrieval.store import ChunkRow, IndexStore

FILES = 100
TEXT = "A passage of about three hundred and fifty tokens. " * 40  # ~2 KB, like a real chunk


def fill(store: IndexStore, chunks: int, dims: int, rng: np.random.Generator) -> None:
    """A collection of ``chunks`` random unit vectors over ``FILES`` documents."""
    info = store.create_collection("bench", kind="attachments")
    store.set_model(info.id, "bench-random", dims)
    per_file = chunks // FILES
    for f in range(FILES):
        vectors = rng.standard_normal((per_file, dims), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        doc = store.begin_document(info.id, Path(f"/bench/file{f}.txt"), 1, 1)
        for start in range(0, per_file, 16):
            store.add_chunks(doc, [ChunkRow(i, TEXT, None, None, 0, vectors[i])
                                   for i in range(start, min(start + 16, per_file))])
        store.finish_document(doc)


def bench_search(chunks: int, dims: int, queries: int) -> None:
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.sqlite3"
        with IndexStore(path) as store:
            started = time.perf_counter()
            fill(store, chunks, dims, rng)
            print(f"writing {chunks} chunks × {dims} dims: {time.perf_counter() - started:.2f} s")
        size = sum(p.stat().st_size for p in Path(tmp).iterdir())
        print(f"index on disk: {size / 2**20:.1f} MiB ({size / chunks:.0f} bytes per chunk)")
        with IndexStore(path) as store:
            query = rng.standard_normal(dims, dtype=np.float32)
            started = time.perf_counter()
            search(store, ["bench"], query, k=5)
            print(f"first query (loads the vectors from SQLite): "
                  f"{(time.perf_counter() - started) * 1000:.1f} ms")
            times = []
            for _ in range(queries):
                query = rng.standard_normal(dims, dtype=np.float32)
                started = time.perf_counter()
                search(store, ["bench"], query, k=5)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"search, {queries} queries: p50 {statistics.median(times):.2f} ms, "
                  f"p95 {p95:.2f} ms")


def long_pdf(folder: Path, pages: int) -> Path:
    """A ``pages``-page PDF of ordinary prose (about 500 words a page), from the English
    documents of the retrieval corpus, cycled; Latin-1 only (the PDF writer's font)."""
    from tests.document_files import write_text_pdf

    corpus = Path(__file__).resolve().parents[1] / "fixtures" / "retrieval" / "documents"
    words = " ".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("en_*.md"))
                     ).replace("#", "").encode("latin-1", "ignore").decode("latin-1").split()
    texts = []
    for page in range(pages):
        start = (page * 500) % max(1, len(words) - 500)
        body = words[start:start + 500]
        texts.append("\n".join(" ".join(body[i:i + 14]) for i in range(0, len(body), 14)))
    return write_text_pdf(folder, texts, name=f"long-{pages}.pdf")


def _peak_rss(pids: list[int], stop: threading.Event, peaks: dict[int, int]) -> None:
    while not stop.is_set():
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                peaks[pid] = max(peaks.get(pid, 0), psutil.Process(pid).memory_info().rss)
        stop.wait(0.1)


def bench_index_pdf(model: Path, pages: int, threads: int, baseline_chunks: int) -> None:
    """Index a long PDF with a real embedding model through Ondol's runtime host; then the
    same model's own lowest-level loop (llama-cpp-python ``Llama.embed``, fresh process,
    same threads and window) on the first ``baseline_chunks`` chunk texts, for comparison."""
    from app.core.retrieval.indexer import index_files
    from app.core.retrieval.runtime_embedder import load_for_embedding
    from app.core.runtime.client import RuntimeClient

    with tempfile.TemporaryDirectory() as tmp:
        pdf = long_pdf(Path(tmp), pages)
        print(f"{pdf.name}: {pages} pages, {pdf.stat().st_size / 2**20:.1f} MiB; "
              f"model {model.name}, {threads} threads; load average "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        with IndexStore(Path(tmp) / "index.sqlite3") as store, RuntimeClient() as client:
            embedder = load_for_embedding(client, model, threads)
            store.create_collection("pdf", kind="attachments")
            assert client.pid is not None
            peaks: dict[int, int] = {}
            stop = threading.Event()
            watcher = threading.Thread(target=_peak_rss, args=(
                [os.getpid(), client.pid], stop, peaks), daemon=True)
            watcher.start()
            started = time.perf_counter()
            report = index_files(store, "pdf", [pdf], embedder)
            seconds = time.perf_counter() - started
            stop.set()
            watcher.join()
            texts = _chunk_texts(store, baseline_chunks)
        print(f"Ondol: {report.chunks} chunks in {seconds:.1f} s = "
              f"{report.chunks / seconds:.2f} chunks/s, {pages / seconds:.2f} pages/s")
        print(f"peak memory: indexing process {peaks.get(os.getpid(), 0) / 2**20:.0f} MiB, "
              f"runtime host with the model {max(peaks.values()) / 2**20:.0f} MiB")
        _baseline(model, texts, threads, embedder.prompts.for_document)


def _chunk_texts(store: IndexStore, limit: int) -> list[str]:
    with store.db.reading() as conn:
        return [row[0] for row in conn.execute("SELECT text FROM chunks ORDER BY id LIMIT ?",
                                               (limit,))]


_BASELINE = """
import json, sys, time
import llama_cpp
model, threads, window = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
texts = json.loads(sys.stdin.read())
llm = llama_cpp.Llama(model_path=model, embedding=True, n_ctx=window, n_batch=window,
                      n_ubatch=window, n_threads=threads, n_threads_batch=threads,
                      flash_attn=True, verbose=False)
started = time.perf_counter()
for start in range(0, len(texts), 16):
    llm.embed(texts[start:start + 16], normalize=True, truncate=True)
print(json.dumps({"seconds": time.perf_counter() - started, "chunks": len(texts)}))
"""


def _baseline(model: Path, texts: list[str], threads: int,
              prefix: Callable[[str], str]) -> None:
    """llama-cpp-python's own embedding loop on the same texts (process start not counted)."""
    if not texts:
        return
    if model.suffix != ".gguf":
        print("baseline: llama-cpp-python's loop takes GGUF models only")
        return
    from app.core.retrieval.runtime_embedder import DEFAULT_WINDOW  # the same window as Ondol

    run = subprocess.run([sys.executable, "-c", _BASELINE, str(model), str(threads),
                          str(DEFAULT_WINDOW)],
                         input=json.dumps([prefix(t) for t in texts]), capture_output=True,
                         text=True, timeout=3600)
    if run.returncode != 0:
        print(f"baseline failed: {run.stderr.strip()[-300:]}")
        return
    got = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"llama-cpp-python Llama.embed, first {got['chunks']} chunks: "
          f"{got['chunks'] / got['seconds']:.2f} chunks/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--dims", type=int, default=768)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--pdf-model", type=Path,
                        help="an embedding model: also index a long PDF with it")
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--baseline-chunks", type=int, default=64)
    args = parser.parse_args()
    bench_search(args.chunks, args.dims, args.queries)
    if args.pdf_model is not None:
        bench_index_pdf(args.pdf_model, args.pages, args.threads, args.baseline_chunks)


if __name__ == "__main__":
    main()
