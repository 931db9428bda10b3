"""Faults: `chainkg build` killed at any point, and two builds into one folder at once.

Real `chainkg build` processes: SIGKILL at points spread over a whole build, and
a second build started while the first holds the folder (kept there by a FIFO
among its inputs, which it blocks on until the test writes to it).
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import EXAMPLE

from chainkg.graph.engines.embedded import EmbeddedStore

KILLS = 10
ENTERPRISES, SUPPLIES = 700, 1400  # with the example: a build of ~2 s, most of it inside the staged folder
REFUSED = "Error: another chainkg process is writing this folder ({out}): wait for it to finish, then run again"


def chainkg(*args: str | Path) -> list[str]:
    """The command line of the installed ``chainkg`` (the console script next to this Python)."""
    script = Path(sys.executable).with_name("chainkg")
    head = [str(script)] if script.exists() else [sys.executable, "-c", "from chainkg.cli import main; main()"]
    return [*head, *map(str, args)]


def run_build(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(chainkg("build", *args), capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(out: Path) -> list[str]:
    """Everything next to ``out`` but ``out`` and its (empty, unlocked) lock file."""
    return sorted(p.name for p in out.parent.iterdir() if p.name not in {out.name, f".{out.name}.lock"})


def assert_usable(out: Path) -> None:
    """``out`` opens with the embedded engine and holds what its graph.json says."""
    counts = json.loads((out / "graph.json").read_text("utf-8"))["graph"]["counts"]
    with EmbeddedStore(out / "db") as store:
        assert store.counts() == counts
        assert store.query("MATCH (e:Enterprise {name: $n}) RETURN e.name_en", {"n": "三一重工"})[1] == [
            ["Sany Heavy Industry"]
        ]


def write_synthetic(folder: Path) -> Path:
    """A nodes and an edges table of random suppliers, big enough to make a build last a while."""
    folder.mkdir(parents=True)
    rng = random.Random(8)
    names = [f"合成企业{i:04d}" for i in range(ENTERPRISES)]
    with open(folder / "synthetic_nodes.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["label", "name", "region"])
        writer.writerows(["Enterprise", name, "长沙"] for name in names)
    with open(folder / "synthetic_edges.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["type", "source", "target", "product"])
        writer.writerows(["SUPPLIES", *rng.sample(names, 2), f"零件{i % 40}"] for i in range(SUPPLIES))
    return folder


def extra_table(folder: Path) -> Path:
    """One more node: a build with it gives a graph.json that differs from one without."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "extra.csv"
    path.write_text("label,name\nEnterprise,额外企业\n", encoding="utf-8")
    return path


def timed(args: list[str | Path]) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    done = run_build(*args)
    return done, time.monotonic() - started


def test_sigkill_at_any_point_leaves_the_previous_folder_whole_and_the_next_build_runs(tmp_path: Path) -> None:
    big = write_synthetic(tmp_path / "in" / "big")
    variants = [[EXAMPLE, big], [EXAMPLE, big, extra_table(tmp_path / "in" / "more")]]
    out, reference = tmp_path / "out" / "graph", tmp_path / "reference" / "graph"
    expected = []
    durations = []
    for variant, target in zip(variants, [reference, out]):  # ``out`` ends up built from variant 1
        done, seconds = timed([*variant, "--out", target])
        assert done.returncode == 0, done.stderr
        expected.append((target / "graph.json").read_bytes())
        durations.append(seconds)
    assert expected[0] != expected[1]
    whole = max(durations)
    landed = []  # per kill: what the folder held afterwards, and whether a killed writer left a staged folder
    for i in range(KILLS):
        new = i % 2  # alternate, so a finished build always changes graph.json
        before = snapshot(out)
        process = subprocess.Popen(
            chainkg("build", *variants[new], "--out", out), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        time.sleep(whole * i / (KILLS - 1))
        process.send_signal(signal.SIGKILL)
        stderr = process.communicate(timeout=60)[1].decode()
        assert process.returncode in (-signal.SIGKILL, 0), stderr  # never refused: a dead writer holds no lock
        after = snapshot(out)
        if after == before:
            landed.append("old")
        else:  # the swap happened before the kill: the new build, whole
            assert after["graph.json"] == expected[new]
            landed.append("new")
            variants.reverse(), expected.reverse()
        assert_usable(out)
        landed[-1] += "+staged" if any(".staged-" in name for name in leftovers(out)) else ""
    assert any(outcome.startswith("old") for outcome in landed[1:]), landed
    assert any(outcome.endswith("+staged") for outcome in landed), landed  # some kills did land mid-write
    done = run_build(*variants[1], "--out", out)
    assert done.returncode == 0, done.stderr
    assert (out / "graph.json").read_bytes() == expected[1]
    assert_usable(out)
    assert leftovers(out) == []  # the staged folders of the killed builds are gone


def holds_flock(pid: int, path: Path) -> bool:
    """Whether process ``pid`` holds a granted flock on ``path`` (from /proc/locks)."""
    try:
        inode = path.stat().st_ino
    except FileNotFoundError:
        return False
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if (
            len(fields) >= 6
            and fields[1] == "FLOCK"
            and fields[4] == str(pid)
            and fields[5].rsplit(":", 1)[-1] == str(inode)
        ):
            return True
    return False


def has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open."""
    folder = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fd) == os.path.realpath(path) for fd in folder.iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return False


def until(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for: {what}"
        time.sleep(0.02)


@pytest.fixture
def held_build(tmp_path: Path):
    """A real build of the example into ``tmp_path/out/graph``, held inside its lock until released.

    Yields ``(out, release)``; ``release()`` lets it finish and returns its CompletedProcess-like result.
    """
    fifo = tmp_path / "in" / "hold.csv"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    out = tmp_path / "out" / "graph"
    process = subprocess.Popen(
        chainkg("build", EXAMPLE, fifo, "--out", out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    lock = out.parent / f".{out.name}.lock"
    until(lambda: holds_flock(process.pid, lock) or process.poll() is not None, "the first build to take the lock")
    assert process.poll() is None, process.communicate()

    def release() -> tuple[int, str]:
        opener = threading.Thread(
            target=lambda: fifo.write_text("label,name\nEnterprise,先到企业\n", encoding="utf-8"), daemon=True
        )
        opener.start()
        stderr = process.communicate(timeout=300)[1]
        opener.join(timeout=5)
        return process.returncode, stderr

    try:
        yield out, release
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_second_build_is_refused_clearly_while_the_first_runs(held_build) -> None:
    out, release = held_build
    second = run_build(EXAMPLE, "--out", out)
    assert second.returncode == 1
    assert second.stderr.strip() == REFUSED.format(out=out)
    patient = run_build(EXAMPLE, "--out", out, "--wait", "0.5")
    assert patient.returncode == 1
    assert patient.stderr.strip() == (
        f"Error: another chainkg process was still writing this folder after 0.5 s ({out}): "
        "wait for it to finish, or give a longer --wait"
    )
    code, stderr = release()
    assert code == 0, stderr
    assert "先到企业" in (out / "graph.json").read_text("utf-8")  # the first build was not disturbed
    assert_usable(out)


def test_a_second_build_with_wait_runs_once_the_first_is_done(held_build, tmp_path: Path) -> None:
    out, release = held_build
    lock = out.parent / f".{out.name}.lock"
    waiting = subprocess.Popen(
        chainkg("build", EXAMPLE, extra_table(tmp_path / "more"), "--out", out, "--wait", "300"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        until(lambda: has_open(waiting.pid, lock) or waiting.poll() is not None, "the second build to try the lock")
        assert waiting.poll() is None, waiting.communicate()  # waiting, not refused
        code, stderr = release()
        assert code == 0, stderr
        stderr = waiting.communicate(timeout=300)[1]
        assert waiting.returncode == 0, stderr
    finally:
        if waiting.poll() is None:
            waiting.kill()
            waiting.wait()
    names = {node["name"] for node in json.loads((out / "graph.json").read_text("utf-8"))["nodes"]}
    assert "额外企业" in names and "先到企业" not in names  # the waiting build ran after the first, whole
    assert_usable(out)
    assert leftovers(out) == []


def test_a_writer_killed_between_the_two_renames_of_the_fallback_swap_is_repaired(tmp_path: Path) -> None:
    """Without renameat2 the swap is two renames; a kill between them leaves only ``.NAME.old-*``."""
    from chainkg.graph.io.atomic import dir_lock

    out = tmp_path / "graph"
    old = tmp_path / ".graph.old-abc123"
    (old / "db").mkdir(parents=True)
    (old / "graph.json").write_text("the previous build", encoding="utf-8")
    (tmp_path / ".graph.staged-def456").mkdir()
    with dir_lock(out):
        assert (out / "graph.json").read_text("utf-8") == "the previous build"
        assert leftovers(out) == []
