"""Hostile-operator paths of issue 12: each ends in one line and a documented exit code.

Planted lock links, broken registries, bad ``-s`` values, files that are not stores,
read-only and corrupt stores, unwritable lock/log/data paths, Ctrl-C at start-up and
twice. Everything runs ``tuyengiao`` in a fresh interpreter (``run_cli``); no check
here needs the network, because each refusal comes before the first request.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.cli import EXIT_INTERRUPTED, EXIT_STORE, EXIT_USAGE
from crawler.store.db import StoreError
from crawler.store.lock import LockHeldError, RunLock
from tests.conftest import ROOT, run_cli
from tests.query.conftest import ARTICLES, art, build

SITE = "tuyengiaokontum"  # a registry site; never fetched: every case stops before


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    err = result.stderr
    assert err.count("\n") == 1 and err.startswith("tuyengiao: "), err[-3000:]
    return err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment whose data home (logs, default stores) is inside tmp_path."""
    return {"TUYENGIAO_HOME": str(tmp_path / "home"), "TUYENGIAO_DB": ""}


def store_file(tmp_path: Path, name: str = "corpus.sqlite") -> Path:
    path = tmp_path / name
    build(f"sqlite:///{path}", ARTICLES).dispose()
    with sqlite3.connect(path) as conn:  # everything in the main file, no -wal beside it
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


# --------------------------------------------------------------------------- the run lock
def test_a_planted_lock_symlink_leaves_its_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "passwd"
    target.write_text("root:x:0:0:root:/root:/bin/bash\n")
    store = tmp_path / "corpus.sqlite"
    (tmp_path / "corpus.sqlite.lock").symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        RunLock(f"sqlite:///{store}").acquire()
    assert target.read_text() == "root:x:0:0:root:/root:/bin/bash\n"


def test_crawl_with_a_planted_lock_symlink_is_a_store_error(
    tmp_path: Path, home: dict[str, str]
) -> None:
    target = tmp_path / "victim"
    target.write_bytes(b"precious")
    store = store_file(tmp_path)
    (tmp_path / "corpus.sqlite.lock").symlink_to(target)
    result = run_cli("crawl", "--site", SITE, "--db", f"sqlite:///{store}", env=home)
    assert result.returncode == EXIT_STORE
    assert "symbolic link" in one_line_error(result)
    assert target.read_bytes() == b"precious"


@pytest.mark.parametrize("kind", ["other file", "fifo", "hard link"])
def test_a_lock_path_that_is_not_a_lock_file_is_refused_untouched(
    tmp_path: Path, kind: str
) -> None:
    lock = tmp_path / "corpus.sqlite.lock"
    if kind == "other file":
        lock.write_text("someone's notes, not a pid\n")
    elif kind == "fifo":
        os.mkfifo(lock)
    else:
        (tmp_path / "theirs").write_text("12345")
        os.link(tmp_path / "theirs", lock)
    before = lock.stat()
    with pytest.raises(StoreError, match="not a tuyengiao lock file"):
        RunLock(f"sqlite:///{tmp_path / 'corpus.sqlite'}").acquire()
    after = lock.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_mode) == (
        before.st_size, before.st_mtime_ns, before.st_mode,
    )  # fmt: skip


def test_a_stale_lock_file_is_reused_and_a_held_one_still_locks(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'corpus.sqlite'}"
    (tmp_path / "corpus.sqlite.lock").write_text("99999999")  # an earlier run, long gone
    with RunLock(url):
        assert (tmp_path / "corpus.sqlite.lock").read_text() == str(os.getpid())
        with pytest.raises(LockHeldError, match=f"pid {os.getpid()}"):
            RunLock(url).acquire()


def test_an_unopenable_lock_file_is_one_line(tmp_path: Path, home: dict[str, str]) -> None:
    store = store_file(tmp_path)
    (tmp_path / "corpus.sqlite.lock").mkdir()  # open() fails: EISDIR
    result = run_cli("crawl", "--site", SITE, "--db", f"sqlite:///{store}", env=home)
    assert result.returncode == EXIT_STORE
    assert "lock file" in one_line_error(result)


# --------------------------------------------------------------------------- registry
REGISTRY_ENTRY = (
    '[[site]]\nkey = "bad-site"\nname = "X"\nprovince = "P"\nowner = "O"\n'
    'base_url = "{url}"\ncms = "auto"\nsections = ["/tin/"]\nevidence = ["test"]\n'
)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (REGISTRY_ENTRY.format(url="http://a.example:abc/").encode(), "port 'abc'"),
        (REGISTRY_ENTRY.format(url="http://a.example:99999/").encode(), "port '99999'"),
        (REGISTRY_ENTRY.format(url="http://a.example/").encode().replace(b'"X"', b'"\xff"'),
         "not UTF-8"),
        (b"site = [1, 2]\n", "expected only [[site]] tables"),
    ],
    ids=["port abc", "port 99999", "not UTF-8", "site = [1, 2]"],
)  # fmt: skip
def test_a_broken_registry_is_a_usage_error(
    tmp_path: Path, home: dict[str, str], content: bytes, reason: str
) -> None:
    registry = tmp_path / "sites.toml"
    registry.write_bytes(content)
    for argv in (["sites"], ["crawl", "--site", "bad-site"], ["crawl"]):
        result = run_cli(*argv, "--registry", str(registry), env=home)
        assert result.returncode == EXIT_USAGE, (argv, result.stderr[-3000:])
        assert reason in one_line_error(result)
    check = run_cli("sites", "check", "--registry", str(registry), env=home)
    assert check.returncode == EXIT_USAGE and reason in check.stdout + check.stderr
    assert "Traceback" not in check.stderr


# --------------------------------------------------------------------------- settings
@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ("DOWNLOAD_DELAY=abc", "DOWNLOAD_DELAY takes a number"),
        ("CONCURRENT_REQUESTS=many", "takes a number"),
        ("ROBOTSTXT_OBEY=perhaps", "takes true or false"),
        ("DOWNLOAD_DELAY=nan", "finite number"),
    ],
)
def test_a_mistyped_setting_is_a_usage_error_before_anything_runs(
    tmp_path: Path, home: dict[str, str], setting: str, reason: str
) -> None:
    result = run_cli("crawl", "--site", SITE, "-s", setting, env=home)
    assert result.returncode == EXIT_USAGE
    assert reason in one_line_error(result)
    assert not (tmp_path / "home").exists()  # refused before the store or the log


# --------------------------------------------------------------------------- broken stores
def _not_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"These are my notes, not a database.\n" * 200)
    return path


def _truncated(tmp_path: Path) -> Path:
    path = store_file(tmp_path, "cut.sqlite")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


@pytest.mark.parametrize("make", [_not_sqlite, _truncated], ids=["not SQLite", "truncated"])
@pytest.mark.parametrize(
    "argv",
    [["runs"], ["db", "status"], ["db", "upgrade"], ["crawl", "--site", SITE], ["search", "x"]],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_file_that_is_not_a_sound_store_is_one_line(
    tmp_path: Path, home: dict[str, str], make, argv: list[str]
) -> None:
    path = make(tmp_path)
    before = digest(path)
    result = run_cli(*argv, "--db", f"sqlite:///{path}", env=home)
    assert result.returncode == EXIT_STORE, result.stderr[-3000:]
    err = one_line_error(result)
    assert any(w in err for w in ("not a database", "malformed", "quick_check")), err
    assert digest(path) == before


def test_crawl_refuses_a_store_failing_quick_check_and_writes_nothing(
    tmp_path: Path, home: dict[str, str]
) -> None:
    path = tmp_path / "corpus.sqlite"
    build(f"sqlite:///{path}", [*ARTICLES, *(art(10 + i, "kontum", f"T{i}", "lorem " * 500)
                                            for i in range(40))]).dispose()  # fmt: skip
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'")
        page = page.fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    offset = (page - 1) * size
    data[offset + 8 : offset + 200] = b"\xff" * 192  # the cell pointers of the articles table
    path.write_bytes(bytes(data))
    before = digest(path)
    result = run_cli("crawl", "--site", SITE, "--db", f"sqlite:///{path}", env=home)
    assert result.returncode == EXIT_STORE
    assert "quick_check" in one_line_error(result)
    assert digest(path) == before


@pytest.fixture
def read_only() -> Iterator[list[Path]]:
    """Files put here are made read-only: mode 0444, or immutable for root (who ignores modes)."""
    files: list[Path] = []
    yield files
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", *map(str, files)], check=False)


def _make_read_only(path: Path, files: list[Path]) -> None:
    path.chmod(0o444)
    if os.geteuid() == 0:
        files.append(path)
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("root here cannot make a file read-only (no chattr +i)")


@pytest.mark.parametrize("command", ["crawl", "import-text"])
def test_a_read_only_store_is_refused_before_any_write(
    tmp_path: Path, home: dict[str, str], read_only: list[Path], command: str
) -> None:
    path = store_file(tmp_path)
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    shutil.copy(next((ROOT / "tests" / "fixtures" / "seeds").glob("000_*.txt")), dumps / "a.txt")
    _make_read_only(path, read_only)
    before = digest(path)
    argv = ["crawl", "--site", SITE] if command == "crawl" else ["import-text", str(dumps),
                                                                 "--site", SITE]  # fmt: skip
    result = run_cli(*argv, "--db", f"sqlite:///{path}", env=home)
    assert result.returncode == EXIT_STORE, result.stderr[-3000:]
    err = one_line_error(result)
    assert "read-only" in err or "readonly" in err, err
    assert digest(path) == before


# --------------------------------------------------------------------------- unwritable paths
def test_an_unusable_data_home_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    env = {"TUYENGIAO_HOME": str(tmp_path / "file" / "home"), "TUYENGIAO_DB": ""}
    result = run_cli("crawl", "--site", SITE, env=env)
    assert result.returncode == EXIT_STORE
    assert str(tmp_path / "file") in one_line_error(result)


def test_an_unusable_log_file_is_one_line(tmp_path: Path, home: dict[str, str]) -> None:
    store = store_file(tmp_path)
    (tmp_path / "file").write_text("not a folder")
    log = tmp_path / "file" / "crawl.log"
    result = run_cli(
        "crawl", "--site", SITE, "--db", f"sqlite:///{store}", "--log-file", str(log), env=home
    )
    assert result.returncode == EXIT_STORE
    assert str(log) in one_line_error(result)


# --------------------------------------------------------------------------- Ctrl-C
def _interrupt(argv: list[str], env: dict[str, str], ready: Path, after: float, times: int):
    """Start ``tuyengiao ARGV``; once ``ready`` exists, wait ``after`` s, send SIGINT ``times``."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *argv], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(after)
    for _ in range(times):
        proc.send_signal(signal.SIGINT)
        time.sleep(0.2)
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out, err


def test_ctrl_c_during_start_up_is_a_quiet_interrupt(tmp_path: Path, home: dict[str, str]) -> None:
    """The log file opens just before Scrapy is set up: the signal lands in its start-up."""
    log = tmp_path / "home" / "logs" / "tuyengiao.log"
    for times in (1, 2):
        code, _, err = _interrupt(["crawl", "--site", SITE], home, log, 0.0, times)
        assert code in (1, EXIT_INTERRUPTED), err[-3000:]  # stopped gracefully, or at once
        assert "Traceback" not in err and "KeyboardInterrupt" not in err
        assert "store error" not in err and "ended before the store recorded" not in err
        log.unlink()


def test_ctrl_c_twice_during_a_crawl_is_an_interrupt_not_a_store_error(
    tmp_path: Path, home: dict[str, str]
) -> None:
    log = tmp_path / "home" / "logs" / "tuyengiao.log"
    argv = ["demo", "--free-ports", "-s", "DOWNLOAD_DELAY=0.5"]
    code, _, err = _interrupt(argv, home, log, 2.0, 2)
    assert code in (1, EXIT_INTERRUPTED), err[-3000:]
    assert "Traceback" not in err and "store error" not in err
    assert "ended before the store recorded" not in err


def test_a_planted_schema_lock_symlink_is_not_followed(tmp_path: Path) -> None:
    store = store_file(tmp_path)
    target = tmp_path / "created-by-nobody"
    (tmp_path / "corpus.sqlite.init.lock").unlink()
    (tmp_path / "corpus.sqlite.init.lock").symlink_to(target)
    result = run_cli("search", "x", "--db", f"sqlite:///{store}")
    assert result.returncode == EXIT_STORE
    assert "lock file" in one_line_error(result)
    assert not target.exists()
