"""Starting ``chainkg serve`` on a free loopback port for the explorer's tests and benchmark."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["running_server"]


@contextlib.contextmanager
def running_server(folder: Path, timeout: float = 60.0) -> Iterator[tuple[str, float]]:
    """``chainkg serve FOLDER --no-open --port 0`` in a child process: (its URL, seconds until it answered)."""
    started = time.perf_counter()
    command = [
        sys.executable,
        "-c",
        "from chainkg.cli import main; main()",
        "serve",
        str(folder),
        "--no-open",
        "--port",
        "0",
    ]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = None
        while url is None:
            line = process.stderr.readline()
            if not line:
                raise RuntimeError(f"chainkg serve stopped before it answered (exit {process.wait()})")
            found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else None
            if time.perf_counter() - started > timeout:
                raise RuntimeError("chainkg serve did not start in time")
        ready = time.perf_counter() - started
        threading.Thread(target=process.stderr.read, daemon=True).start()  # keep the pipe drained
        yield url, ready
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
