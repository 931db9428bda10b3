"""Documents extracted in worker processes, their facts gathered in input order.

Extraction is pure Python: one process uses one core. Many documents go to a
process pool (one worker per core asked for); each worker gets the lexicon once,
when it starts (inherited through ``fork`` where there is one, else pickled as
its entries), and a task is a run of consecutive documents (the largest runs
sent first). Results are gathered in the order of the inputs, so the facts, and
graph.json, are the same bytes as in one process. One document, or little text,
stays in this process: a pool costs its start-up (see ``benchmarks/bench_extract.py``).

An unusable document is an :class:`Outcome` with the error, not an exception:
the caller turns it into a skip note or, under ``strict``, raises it. Leaving
:func:`extract_documents` early (an error, Ctrl-C) cancels the queued runs and
ends the pool as soon as the runs under way are done.
"""

from __future__ import annotations

import copyreg
import multiprocessing
import os
import signal
from collections.abc import Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, NamedTuple

from chainkg.errors import LoadError
from chainkg.graph.facts import EdgeFact, NodeFact
from chainkg.loaders.lexicon import Entry, Lexicon
from chainkg.loaders.reading import MAX_DOCUMENT_BYTES

__all__ = ["POOL_MIN_BYTES", "POOL_MIN_DOCUMENTS", "START_METHOD", "Outcome", "extract_documents", "pool_size"]

POOL_MIN_DOCUMENTS = 2  # fewer documents than this are extracted in this process
# and so is less text than this: a pool of 2 forked workers starts and ends in ~20 ms and pays
# from ~50 KB of text; spawned ones (import chainkg, rebuild the lexicon) take ~0.45 s
POOL_MIN_BYTES = {"fork": 64 * 1024, "spawn": 1024 * 1024}
START_METHOD: str | None = None  # None: fork where there is one (the lexicon inherited), else spawn
BATCH_MIN_BYTES = 64 * 1024  # a task is a run of documents at least this big (or one document)
BATCH_MAX_BYTES = 512 * 1024  # and at most this big (unless one document is): how long Ctrl-C waits

Facts = list[NodeFact | EdgeFact]


class Outcome(NamedTuple):
    """One document's facts, or the error that made it unusable."""

    display: str
    facts: Facts
    error: LoadError | None = None


def pool_size(jobs: int | None, paths: Sequence[Path]) -> int:
    """How many worker processes ``paths`` get: 0 (extract here) below the thresholds."""
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs < 2 or len(paths) < POOL_MIN_DOCUMENTS:
        return 0
    if sum(_size(path) for path in paths) < POOL_MIN_BYTES.get(_start_method(), 0):
        return 0
    return min(jobs, len(paths))


def _start_method() -> str:
    return START_METHOD or ("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def extract_documents(
    documents: Sequence[tuple[Path, str]],
    lexicon: Lexicon,
    *,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    jobs: int | None = None,
) -> Generator[Outcome, None, None]:
    """Each of ``documents`` (``(path, display)``) read and extracted, in their order.

    ``jobs`` is the most worker processes (None: one per core; 1: none).
    """
    workers = pool_size(jobs, [path for path, _ in documents])
    if not workers:
        for path, display in documents:
            yield _extract(path, display, max_bytes, lexicon)
        return
    yield from _pooled(documents, lexicon, max_bytes, workers)


def _pooled(
    documents: Sequence[tuple[Path, str]], lexicon: Lexicon, max_bytes: int, workers: int
) -> Generator[Outcome, None, None]:
    method = _start_method()
    lexicon_arg: Lexicon | list[Entry] = lexicon if method == "fork" else lexicon.entries()
    if method == "fork":
        list(lexicon.matches(""))  # its walk and automaton built once here, inherited by every worker
        list(lexicon.all_matches(""))
    batches = _batches(documents, workers)
    pool = ProcessPoolExecutor(
        min(workers, len(batches)),
        multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(lexicon_arg,),
    )
    try:
        futures: dict[int, Future[list[Outcome]]] = {}
        for index in sorted(
            range(len(batches)), key=lambda i: -batches[i][1]
        ):  # largest first: the workers end together
            futures[index] = pool.submit(_work_batch, batches[index][0], max_bytes)
        for index in range(len(batches)):
            yield from _result(futures.pop(index), batches[index][0])
    finally:
        # when left early (an error, Ctrl-C): the queued runs cancelled, the running ones (at most
        # BATCH_MAX_BYTES of text each, under a second) waited for. Workers are not terminated: one
        # killed while it sends its facts back leaves the pool's reading thread blocked for good.
        pool.shutdown(wait=True, cancel_futures=True)


def _batches(documents: Sequence[tuple[Path, str]], workers: int) -> list[tuple[list[tuple[Path, str]], int]]:
    """Runs of consecutive documents with their bytes, each about 1/16 of a worker's share
    (from 64 to 512 KiB, or one document)."""
    sizes = [_size(path) for path, _ in documents]
    target = min(BATCH_MAX_BYTES, max(BATCH_MIN_BYTES, sum(sizes) // (workers * 16)))
    batches: list[tuple[list[tuple[Path, str]], int]] = []
    for document, size in zip(documents, sizes):
        if not batches or batches[-1][1] + size > target:
            batches.append(([], 0))
        run, held = batches[-1]
        run.append(document)
        batches[-1] = (run, held + size)
    return batches


def _result(future: Future[list[Outcome]], batch: list[tuple[Path, str]]) -> list[Outcome]:
    try:
        return future.result()
    except BrokenProcessPool as exc:  # a worker killed (out of memory, a signal)
        raise LoadError(
            "a document extraction process ended abruptly",
            f"{batch[0][1]} or the documents after it",
            "run again with --jobs 1 to read them in one process",
        ) from exc


_LEXICON: Lexicon | None = None


def _start_worker(lexicon: Lexicon | list[Entry]) -> None:
    """A worker's start: the lexicon kept for its tasks; Ctrl-C left to the parent, which ends the pool."""
    global _LEXICON
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    copyreg.pickle(LoadError, _reduce_load_error)  # sent back whole: by default only its message travels
    _LEXICON = lexicon if isinstance(lexicon, Lexicon) else Lexicon(lexicon)


def _work_batch(batch: list[tuple[Path, str]], max_bytes: int) -> list[Outcome]:
    assert _LEXICON is not None, "the pool's initializer sets the lexicon"
    return [_extract(path, display, max_bytes, _LEXICON) for path, display in batch]


def _reduce_load_error(error: LoadError) -> tuple[Any, tuple[str, str | None, str | None]]:
    return LoadError, (error.what, error.where, error.fix)


def _extract(path: Path, display: str, max_bytes: int, lexicon: Lexicon) -> Outcome:
    from chainkg.loaders.text import read_text_document

    try:
        return Outcome(display, read_text_document(path, display, lexicon, max_bytes))
    except LoadError as exc:
        return Outcome(display, [], exc)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
