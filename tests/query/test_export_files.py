"""Exports are files a study can cite and an operator can trust.

Data package beside the file, Excel's BOM, a seeded sample, standard output, and
the file safety of issue 12: a symlink, FIFO or device at ``--out`` is never
replaced (only written into on request), modes are kept or follow the umask, and
no temporary file outlives the command, SIGTERM included.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.query import OutputError
from crawler.query.export import NAMES, export
from crawler.query.filters import Filters
from tests.query.conftest import Backend, number

ROOT_DIR = Path(__file__).resolve().parents[2]


def cli(*args: str, env: dict[str, str] | None = None, **kw: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT_DIR), **(env or {})},
        timeout=120,
        **kw,  # type: ignore[arg-type]
    )


def test_data_package_describes_the_file(store: Backend, tmp_path: Path) -> None:
    out = tmp_path / "dai-hoi.csv"
    n = export(store.engine, "csv", out, Filters.make(query='"đại hội"'), store="test")
    package = json.loads((tmp_path / "dai-hoi.datapackage.json").read_text(encoding="utf-8"))
    [res] = package["resources"]
    assert res["path"] == "dai-hoi.csv" and res["format"] == "csv"
    assert [f["name"] for f in res["schema"]["fields"]] == list(NAMES)
    assert res["hash"] == "sha256:" + hashlib.sha256(out.read_bytes()).hexdigest()
    assert res["bytes"] == out.stat().st_size
    meta = package["tuyengiao"]
    assert meta["rows"] == n == 3 and meta["filters"]["query"] == '"đại hội"'
    assert meta["filters"]["mode"] == "folded"
    assert meta["extractor_versions"] == {"test-1": 3}
    assert meta["articles_per_site"] == {"kontum": 1, "daklak": 1, "hanoi": 1}
    assert {s["title"] for s in package["sources"]} == {
        "Ban Tuyên giáo Tỉnh ủy Kon Tum", "Ban Tuyên giáo Tỉnh ủy Đắk Lắk",
        "Ban Tuyên giáo Thành ủy Hà Nội",
    }  # fmt: skip
    assert "remain theirs" in package["licenses"][0]["title"]
    assert meta["crawl_runs"] == []  # the test corpus was written without a crawl


def test_excel_csv_starts_with_a_bom(store: Backend, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    export(store.engine, "csv", out, excel=True)
    data = out.read_bytes()
    assert data[:3] == b"\xef\xbb\xbf" and data[3:5] == b"id"
    with pytest.raises(OutputError, match="CSV only"):
        export(store.engine, "jsonl", tmp_path / "x.jsonl", excel=True)


def test_seeded_sample_is_reproducible(store: Backend, tmp_path: Path) -> None:
    def drawn(seed: int, name: str) -> list[int]:
        out = tmp_path / name
        assert export(store.engine, "jsonl", out, sample=3, seed=seed) == 3
        return [number(json.loads(line)["url"]) for line in out.read_text().splitlines()]

    first = drawn(42, "a.jsonl")
    assert drawn(42, "b.jsonl") == first and first == sorted(first)
    assert len({tuple(drawn(s, f"s{s}.jsonl")) for s in range(8)}) > 1  # seeds differ
    meta = json.loads((tmp_path / "a.datapackage.json").read_text())["tuyengiao"]
    assert meta["sample"] == {"size": 3, "requested": 3, "seed": 42, "population": 6}


def test_out_dash_writes_to_stdout(sqlite_store: Backend, tmp_path: Path) -> None:
    here = tmp_path / "cwd"
    here.mkdir()
    result = cli("export", "--format", "csv", "--out", "-", "--db", sqlite_store.url, cwd=here)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.decode("utf-8"))))
    assert rows[0] == list(NAMES) and len(rows) == 7
    assert list(here.iterdir()) == []  # no file named "-", no package, no temp file


def test_symlink_and_fifo_are_never_replaced(store: Backend, tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    with pytest.raises(OutputError, match="symbolic link"):
        export(store.engine, "csv", link, package=False)
    assert link.is_symlink() and target.read_text() == "keep me"
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="FIFO"):
        export(store.engine, "csv", fifo, package=False)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "pipe.csv", "precious.txt"]


def test_write_through_writes_into_the_symlink_target(store: Backend, tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old content that is longer than nothing at all\n" * 100)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    export(store.engine, "csv", link, package=False, write_through=True)
    assert link.is_symlink()
    assert target.read_text().splitlines()[0] == ",".join(NAMES)
    assert "old content" not in target.read_text()


def test_write_through_a_fifo_streams_into_it(sqlite_store: Backend, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "export", "--format", "csv", "--out", str(fifo),
         "--write-through", "--no-datapackage", "--db", sqlite_store.url],
        env={**os.environ, "PYTHONPATH": str(ROOT_DIR)}, stderr=subprocess.PIPE,
    )  # fmt: skip
    with open(fifo, encoding="utf-8") as reader:
        data = reader.read()
    assert proc.wait(60) == 0
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0] == list(NAMES) and len(rows) == 7
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_mode_kept_or_from_the_umask(store: Backend, tmp_path: Path) -> None:
    new = tmp_path / "new.csv"
    old_mask = os.umask(0o022)
    try:
        export(store.engine, "csv", new)
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        assert stat.S_IMODE((tmp_path / "new.datapackage.json").stat().st_mode) == 0o644
        os.umask(0o077)
        export(store.engine, "csv", tmp_path / "private.csv", package=False)
        assert stat.S_IMODE((tmp_path / "private.csv").stat().st_mode) == 0o600
    finally:
        os.umask(old_mask)
    shared = tmp_path / "shared.csv"
    shared.write_text("x")
    shared.chmod(0o664)
    export(store.engine, "csv", shared, package=False)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664 and shared.read_text() != "x"


def test_sigterm_leaves_no_temporary_file(sqlite_store: Backend, tmp_path: Path) -> None:
    """An export blocked on a FIFO nobody reads is stopped by SIGTERM: it exits, cleans up."""
    fifo = tmp_path / "out" / "pipe.csv"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "export", "--format", "csv", "--out", str(fifo),
         "--write-through", "--no-datapackage", "--db", sqlite_store.url],
        env={**os.environ, "PYTHONPATH": str(ROOT_DIR), "TMPDIR": str(tmpdir)},
        stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not any(tmpdir.iterdir()) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # the rows are in the temporary file; now it waits for a reader
    assert any(tmpdir.iterdir()), "the export never made its temporary file"
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 143
    assert list(tmpdir.iterdir()) == [] and list(fifo.parent.iterdir()) == [fifo]
