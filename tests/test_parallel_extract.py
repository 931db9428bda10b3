"""Documents extracted in worker processes: the same facts and graph.json bytes as one process."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import chainkg.loaders.parallel as parallel
from chainkg.build import build
from chainkg.cli import main
from chainkg.errors import LoadError
from chainkg.loaders import DocumentOptions, extract_files, load_inputs
from chainkg.loaders.lexicon import Lexicon
from chainkg.loaders.parallel import extract_documents, pool_size

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [ROOT / "examples" / "hunan" / "news_supply.txt", *sorted((ROOT / "tests" / "gold").rglob("docs/*.txt"))]


@pytest.fixture
def always_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every call with jobs > 1 uses the pool, however little text (and each task holds one document)."""
    monkeypatch.setattr(parallel, "POOL_MIN_DOCUMENTS", 0)
    monkeypatch.setattr(parallel, "POOL_MIN_BYTES", {})
    monkeypatch.setattr(parallel, "BATCH_MIN_BYTES", 0)


def folder_of_documents(tmp_path: Path, copies: int = 2) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    for copy in range(copies):
        for text in TEXTS:
            shutil.copy(text, folder / f"{copy}_{text.parent.parent.name}_{text.name}")
    shutil.copy(ROOT / "examples" / "hunan" / "technologies.csv", folder / "m_technologies.csv")
    (folder / "c_empty.txt").write_bytes(b"")
    (folder / "k_binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    return folder


def test_a_pool_gives_the_same_graph_json_bytes_as_one_process(tmp_path: Path, always_pool: None) -> None:
    folder = folder_of_documents(tmp_path)
    notes: dict[int, list[str]] = {1: [], 2: []}
    for jobs in (1, 2):
        build([folder], tmp_path / f"out{jobs}", options=DocumentOptions(jobs=jobs), on_skip=notes[jobs].append)
    assert (tmp_path / "out1" / "graph.json").read_bytes() == (tmp_path / "out2" / "graph.json").read_bytes()
    assert notes[1] == notes[2] and len(notes[1]) == 2
    assert notes[2][0].startswith("skipped docs/c_empty.txt: ")
    assert notes[2][1].startswith("skipped docs/k_binary.txt: ")
    assert not multiprocessing.active_children()


def test_the_pool_gives_the_same_facts_in_the_same_order(tmp_path: Path, always_pool: None) -> None:
    folder = folder_of_documents(tmp_path, copies=1)
    assert load_inputs([folder], DocumentOptions(jobs=1)) == load_inputs([folder], DocumentOptions(jobs=3))
    assert extract_files([folder], DocumentOptions(jobs=1)) == extract_files([folder], DocumentOptions(jobs=2))


def test_spawned_workers_rebuild_the_lexicon_from_its_entries(
    tmp_path: Path, always_pool: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_of_documents(tmp_path, copies=1)
    documents = [(path, path.name) for path in sorted(folder.glob("*.txt"))]
    lexicon = Lexicon.shipped()
    here = list(extract_documents(documents, lexicon, jobs=1))
    monkeypatch.setattr(parallel, "START_METHOD", "spawn")
    spawned = list(extract_documents(documents, lexicon, jobs=2))
    assert [o.facts for o in spawned] == [o.facts for o in here]
    assert [(o.error.what, o.error.where, o.error.fix) if o.error else None for o in spawned] == [
        (o.error.what, o.error.where, o.error.fix) if o.error else None for o in here
    ]


def test_strict_fails_on_an_unusable_document_in_the_pool_and_ends_it(tmp_path: Path, always_pool: None) -> None:
    folder = folder_of_documents(tmp_path, copies=3)
    with pytest.raises(LoadError) as one:
        load_inputs([folder], DocumentOptions(strict=True, jobs=1))
    with pytest.raises(LoadError) as pooled:
        load_inputs([folder], DocumentOptions(strict=True, jobs=2))
    assert pooled.value.one_line() == one.value.one_line()
    assert not multiprocessing.active_children()


def test_leaving_early_stops_the_workers(tmp_path: Path, always_pool: None) -> None:
    folder = folder_of_documents(tmp_path, copies=4)
    documents = [(path, path.name) for path in sorted(folder.glob("*.txt"))]
    outcomes = extract_documents(documents, Lexicon.shipped(), jobs=2)
    next(outcomes)
    assert multiprocessing.active_children()
    outcomes.close()  # what an error or Ctrl-C in the caller does
    assert not multiprocessing.active_children()


def test_the_cli_skip_note_is_the_same_with_jobs(tmp_path: Path, always_pool: None) -> None:
    folder = folder_of_documents(tmp_path, copies=1)
    one = CliRunner().invoke(main, ["extract", str(folder), "--jobs", "1", "--format", "jsonl"])
    two = CliRunner().invoke(main, ["extract", str(folder), "-j", "2", "--format", "jsonl"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert "skipped docs/c_empty.txt: " in two.stderr


@pytest.mark.parametrize(
    ("jobs", "count", "size", "workers"),
    [(1, 10, 4 * 10**6, 0), (2, 1, 10**7, 0), (2, 10, 1000, 0), (2, 10, 4 * 10**6, 2), (8, 3, 4 * 10**6, 3)],
)
def test_pool_size_thresholds(tmp_path: Path, jobs: int, count: int, size: int, workers: int) -> None:
    paths = []
    for index in range(count):
        path = tmp_path / f"{index}.txt"
        path.write_bytes(b"x" * (size // count))
        paths.append(path)
    assert pool_size(jobs, paths) == workers


def test_ctrl_c_while_gathering_ends_the_pool(tmp_path: Path, always_pool: None) -> None:
    folder = folder_of_documents(tmp_path, copies=4)

    def interrupt(display: str) -> None:
        if display.endswith(".txt"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        load_inputs([folder], DocumentOptions(jobs=2), on_file=interrupt)
    assert not multiprocessing.active_children()


def test_a_worker_killed_is_one_load_error_naming_where(
    tmp_path: Path, always_pool: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_of_documents(tmp_path, copies=1)
    monkeypatch.setattr(parallel, "_work_batch", _die)
    with pytest.raises(
        LoadError, match=r"a document extraction process ended abruptly \(docs/0_.*or the documents after it\)"
    ):
        list(
            extract_documents([(p, f"docs/{p.name}") for p in sorted(folder.glob("*.txt"))], Lexicon.shipped(), jobs=2)
        )
    assert not multiprocessing.active_children()


def _die(*_args: object) -> None:
    import os

    os._exit(9)


def test_ctrl_c_on_the_command_ends_it_and_its_workers_within_seconds(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = folder_of_documents(tmp_path, copies=150)  # ~2 MB: several seconds of extraction
    command = [str(Path(sys.executable).parent / "chainkg"), "extract", str(folder), "--jobs", "2", "--format", "jsonl"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(1.5)
    assert process.poll() is None, "the extraction ended before the interrupt"
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    assert process.wait(timeout=15) == 1
    with pytest.raises(ProcessLookupError):  # nobody left in the group
        time.sleep(0.2)
        os.killpg(process.pid, 0)
