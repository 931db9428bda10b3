"""The embedded database bulk-loaded in a process of its own, fed Arrow tables through a pipe.

A build makes the database while it writes graph.json, the report and the views. Done in a
thread, the two took turns at the GIL: LadybugDB's ``COPY`` from Arrow takes it back again
and again, so each slowed the other (at the reference size the build took 1.2 times as long
as the two paths apart, run side by side in two processes). A child process has a GIL of its own.

The pipe carries frames: an 8-byte little-endian length, a JSON header ``{"name", "options"}``
(a table of the schema and its ``COPY`` options, checked against the schema by the child), and
an Arrow IPC stream of the rows; a header ``{"end": true}`` closes the input. The child answers
with one JSON line on stdout: ``{"counts": ..., "peak_rss": bytes, "seconds": ...}``, with
``"error": [what, where, fix]`` or ``"oserror": [errno, strerror, filename]`` instead of counts
when it failed. If the input ends before ``end`` (the parent failed or was killed), the child
exits at once with code 2 and writes nothing more.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import resource
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from chainkg.errors import EngineError

__all__ = ["LoadingProcess"]

_LENGTH = struct.Struct("<Q")
_CRASHED = "the database loader stopped without an answer"


class LoadingProcess:
    """A child process that creates the embedded database in the folder :meth:`open` names,
    from the tables :meth:`send` gives it, in order; :meth:`result` ends the input and returns
    its counts. Started before the folder is known, it is ready (its imports done) by the time
    the first tables are. Leaving the ``with`` block without a result (an error in the parent)
    kills the child."""

    def __init__(self) -> None:
        self.folder = ""
        self._errors: IO[bytes] = tempfile.TemporaryFile()  # the child's stderr, read if it crashes
        env = {**os.environ, "PYTHONSAFEPATH": "1"}  # not the working folder's modules: the installed package
        self._proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=self._errors, env=env)
        self._answer: dict[str, Any] | None = None

    @contextlib.contextmanager
    def loading_into(self, folder: Path) -> Iterator[None]:
        """Name the folder of the new database (first, before any table). If the block fails,
        the child is killed and waited for before the block's error goes on, so that whoever
        removes ``folder`` then finds no process still writing in it."""
        self.folder = str(folder)
        try:
            self._frame({"folder": self.folder}, b"")
            yield
        except BaseException:
            self._stop()
            raise

    def send(self, tables: Iterable[tuple[str, str, pa.Table]]) -> None:
        """Hand ``tables`` (name, COPY options, rows) to the child; a list given is emptied."""
        for name, options, table in _drained(tables) if isinstance(tables, list) else tables:
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, table.schema) as writer:
                writer.write_table(table)
            del table
            self._frame({"name": name, "options": options}, sink.getvalue())

    def result(self) -> dict[str, dict[str, int]]:
        """End the input, wait for the child, and return the database's counts (or raise its error)."""
        self._frame({"end": True}, b"")
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.close()
        answer = self._read_answer()
        return answer["counts"]

    @property
    def peak_rss(self) -> int:
        """The child's peak resident memory in bytes, once :meth:`result` has returned."""
        return int((self._answer or {}).get("peak_rss", 0))

    @property
    def seconds(self) -> dict[str, float]:
        """Where the child's time went, once :meth:`result` has returned: ``wait`` (for tables),
        ``copy`` (the engine's ``COPY``) and ``checkpoint``."""
        return dict((self._answer or {}).get("seconds", {}))

    def __enter__(self) -> "LoadingProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def _stop(self) -> None:
        """Kill the child unless it answered, close the pipes, and wait for it."""
        if self._answer is None and self._proc.poll() is None:
            self._proc.kill()  # the parent failed: nothing of the database is kept
        for stream in (self._proc.stdin, self._proc.stdout):
            if stream is not None and not stream.closed:
                try:
                    stream.close()
                except BrokenPipeError:
                    pass
        self._proc.wait()
        if not self._errors.closed:
            self._errors.close()

    def _frame(self, header: dict[str, Any], body: Any) -> None:
        head = json.dumps(header).encode()
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(_LENGTH.pack(len(head)) + head + _LENGTH.pack(len(body)))
            self._proc.stdin.write(body)
        except BrokenPipeError:
            self._read_answer()  # raises the child's error
            raise EngineError(_CRASHED, str(self.folder), "report this as a bug") from None

    def _read_answer(self) -> dict[str, Any]:
        assert self._proc.stdout is not None
        lines = self._proc.stdout.read().decode("utf-8", "replace").splitlines()
        self._proc.wait()
        answer = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
        if "error" in answer:
            what, where, fix = answer["error"]
            raise EngineError(what, where or str(self.folder), fix)
        if "oserror" in answer:
            raise OSError(*answer["oserror"])
        if "counts" not in answer:
            self._errors.seek(0)
            said = self._errors.read().decode("utf-8", "replace").strip().splitlines()
            last = said[-1] if said else f"exit code {self._proc.returncode}"
            raise EngineError(f"{_CRASHED}: {last}", str(self.folder), "report this as a bug")
        self._answer = answer
        return answer


def _drained(tables: list[Any]) -> Iterator[Any]:
    tables.reverse()
    while tables:
        yield tables.pop()


# ---------------------------------------------------------------- the child


def _answer(answer: dict[str, Any]) -> None:
    try:
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        pass


def _allowed_tables() -> set[tuple[str, str]]:
    from chainkg.graph.engines.embedded import copy_options
    from chainkg.graph.schema import SCHEMA

    allowed = {(label.name, "") for label in SCHEMA.labels}
    allowed.update((rel.name, copy_options(*ends)) for rel in SCHEMA.rels for ends in rel.endpoints)
    return allowed


def _read_frames(stream: IO[bytes], tables: "queue.SimpleQueue[Any]") -> None:
    """Put each table of ``stream`` in ``tables``, then None at the end frame. At an early end
    of input (the parent failed or was killed) or a frame that cannot be loaded, the process
    ends at once, even during a ``COPY``: nothing is checkpointed, nothing more is written."""
    try:
        reason = _read_tables(stream, tables)
    except Exception as exc:  # noqa: BLE001 - told to the parent, which raises it
        reason = f"unreadable input: {exc}"
    if reason:
        _answer({"error": [reason, None, "report this as a bug"]})  # the parent may be gone: best effort
        os._exit(2)


def _read_tables(stream: IO[bytes], tables: "queue.SimpleQueue[Any]") -> str | None:
    """Read frames into ``tables`` up to the end frame (None), or say why not."""
    allowed = _allowed_tables()
    early = "the build stopped before its database was complete"
    while True:
        head = _exactly(stream, _LENGTH.size)
        header = json.loads(_exactly(stream, _LENGTH.unpack(head)[0])) if head else None
        size = _exactly(stream, _LENGTH.size) if header is not None else b""
        if len(size) < _LENGTH.size:
            return early
        if header.get("end"):
            tables.put(None)
            return None
        if (header.get("name"), header.get("options")) not in allowed:
            return f"no such table in the schema: {header.get('name')!r}{header.get('options') or ''}"
        body = _exactly(stream, _LENGTH.unpack(size)[0])
        if len(body) < _LENGTH.unpack(size)[0]:
            return early
        tables.put((header["name"], header["options"], pa.ipc.open_stream(pa.py_buffer(body)).read_all()))
        del body


def _exactly(stream: IO[bytes], size: int) -> bytes:
    """``size`` bytes of ``stream`` (fewer only at its end)."""
    return stream.read(size) if size else b""


def _tables(incoming: "queue.SimpleQueue[Any]", seconds: dict[str, float]) -> Iterator[tuple[str, str, pa.Table]]:
    """The tables as they come; ``seconds`` adds up the time spent waiting for them and the
    time the engine took over each (from handing it over to asking for the next)."""
    handed = None
    while True:
        asked = time.perf_counter()
        if handed is not None:
            seconds["copy"] += asked - handed
        item = incoming.get()
        handed = time.perf_counter()
        seconds["wait"] += handed - asked
        if item is None:
            seconds["ended"] = handed
            return
        yield item


def main() -> int:
    """Load the tables on stdin into a new database in the folder its first frame names;
    answer on stdout."""
    from chainkg.graph.engines.embedded import EmbeddedStore
    from chainkg.graph.schema import SCHEMA

    stdin = sys.stdin.buffer
    head = _exactly(stdin, _LENGTH.size)
    header = json.loads(_exactly(stdin, _LENGTH.unpack(head)[0])) if head else {}
    if "folder" not in header or _exactly(stdin, _LENGTH.size) != _LENGTH.pack(0):
        return 2  # the build ended (or failed) before it had a folder to load
    folder = header["folder"]
    incoming: queue.SimpleQueue[Any] = queue.SimpleQueue()
    threading.Thread(target=_read_frames, args=(stdin, incoming), daemon=True).start()
    seconds = {"wait": 0.0, "copy": 0.0}
    answer: dict[str, Any] = {}
    try:
        with EmbeddedStore.create_from(Path(folder), SCHEMA, _tables(incoming, seconds)) as store:
            seconds["checkpoint"] = time.perf_counter() - seconds.pop("ended")
            answer["counts"] = store.counts()
    except EngineError as exc:
        answer["error"] = [exc.what, exc.where, exc.fix]
    except OSError as exc:  # a full disk, a folder not writable: the parent raises it as its own
        answer["oserror"] = [exc.errno, exc.strerror, exc.filename]
    answer["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    answer["seconds"] = seconds
    _answer(answer)
    return 0 if "counts" in answer else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the parent reports it
        os._exit(130)
