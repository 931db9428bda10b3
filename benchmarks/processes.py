"""One command run as its own process, measured: what the benchmarks that time whole commands share."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["measured"]


def measured(
    command: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (the child's user + system) and peak RSS (MiB) of ``command``,
    from ``wait4``; a command that fails ends the benchmark with the end of what it printed."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            told = errors.read().decode(errors="replace")[-2000:]
            raise SystemExit(f"failed: {' '.join(command[:4])} ...: {told}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
