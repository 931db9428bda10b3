"""All-or-nothing writes: temp file then rename, staged folder then swap.

A failed or killed write never leaves a half-written file or folder where a
reader expects a whole one.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import glob
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from chainkg.errors import ChainKGError

__all__ = ["atomic_write_bytes", "atomic_write_text", "dir_lock", "fsync_path", "staged_dir"]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_POLL_SECONDS = 0.1


def atomic_write_bytes(path: Path, data: bytes | Iterable[Any], *, sync: bool = True) -> None:
    """Write ``data`` (bytes, or pieces of bytes-like objects written one after the other)
    to ``path`` via a temp file in the same folder and ``os.replace``. ``sync=False`` leaves
    out the ``fsync`` before the rename: only for a file in a :func:`staged_dir` whose caller
    calls :func:`fsync_path` on it before the folder is swapped in."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            pieces: Iterable[Any] = [data] if isinstance(data, (bytes, bytearray, memoryview)) else data
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def fsync_path(path: Path) -> None:
    """Wait until the file at ``path`` is on disk (what :func:`atomic_write_bytes` does before
    its rename; apart, so that a build can wait for it in a thread while it writes on)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_text(path: Path, text: str) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def staged_dir(target: Path) -> Iterator[Path]:
    """Yield an empty sibling folder; on success it replaces ``target`` whole.

    On an exception the staged folder is removed and ``target`` is untouched.
    Use it under :func:`dir_lock`, which also removes the staged folders of
    writers that were killed.
    The swap is one ``renameat2(RENAME_EXCHANGE)`` where Linux offers it, so a
    reader (or a kill) sees either the old folder or the new one.
    """
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.staged-", dir=target.parent))
    try:
        os.chmod(staged, 0o777 & ~_umask())
        yield staged
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    _swap_into_place(staged, target)


def _umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _swap_into_place(staged: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staged, target)
        return
    if _exchange(staged, target):
        shutil.rmtree(staged, ignore_errors=True)  # now holds the old contents
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    os.rename(staged, target)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths with renameat2; False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


@contextlib.contextmanager
def dir_lock(target: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock for writing ``target``; refuse if another writer has it.

    The lock is ``flock`` on a sibling ``.NAME.lock`` file: the kernel drops it
    when its holder dies, even by SIGKILL, so a killed writer never blocks the
    next one. With ``wait`` > 0, wait up to that many seconds for the other
    writer. Once held, leftovers of writers that died (staged and old folders)
    are removed: :func:`staged_dir` must only be used under this lock.
    """
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    with open(lock_path, "a+b") as handle:
        _acquire(handle, target, wait)
        try:
            _remove_leftovers(target)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(handle: IO[bytes], target: Path, wait: float) -> None:
    """Take the exclusive flock, polling for up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError as exc:
            if time.monotonic() >= deadline:
                if wait > 0:
                    raise ChainKGError(
                        f"another chainkg process was still writing this folder after {wait:g} s",
                        str(target),
                        "wait for it to finish, or give a longer --wait",
                    ) from exc
                raise ChainKGError(
                    "another chainkg process is writing this folder",
                    str(target),
                    "wait for it to finish, then run again",
                ) from exc
            time.sleep(min(_POLL_SECONDS, max(deadline - time.monotonic(), 0.0)))


def _remove_leftovers(target: Path) -> None:
    """Remove staged and old folders left by a writer that died; put back an old one if ``target`` is gone."""
    olds = sorted(target.parent.glob(f".{glob.escape(target.name)}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():  # killed between the two renames of the fallback swap
        os.rename(olds.pop(), target)
    for leftover in [*olds, *target.parent.glob(f".{glob.escape(target.name)}.staged-*")]:
        shutil.rmtree(leftover, ignore_errors=True)
