"""What a crawl prints: the plain summary under cron, the live display on a terminal,
``--quiet`` and ``--json``.

The counts printed are checked against the store (articles, the frontier), never
against the command's own numbers: a crawl of two replica sites, one with two article
pages that answer 500 and one with a page the extraction rejects, and a dead site.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func
from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session

from crawler.progress import LiveView, read_counters
from crawler.registry import dump_sites
from crawler.store.models import ArticleRow, FrontierRow
from replica.server import Page, ReplicaServer
from tests.conftest import FAST, ROOT, run_cli

SITES = ("replica-chodon", "replica-plainsite")
BROKEN = 2  # article pages of replica-chodon that answer 500
ANSI = "\x1b["


@pytest.fixture(scope="module")
def served() -> Iterator[ReplicaServer]:
    server = ReplicaServer(keys=list(SITES)).start()
    chodon, plain = (server.content[k].articles for k in SITES)
    for article in chodon[:BROKEN]:
        path = server.article_url("replica-chodon", article).split("/", 3)[3]
        server.pages("replica-chodon")["/" + path] = Page(b"<html>oops</html>", status=500)
    path = server.article_url("replica-plainsite", plain[0]).split("/", 3)[3]
    server.pages("replica-plainsite")["/" + path] = Page(b"<html><body></body></html>")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def registry(served: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dead = replace(served.sites["replica-chodon"], key="dead-site", base_url="http://127.0.0.1:9/")
    path = tmp_path_factory.mktemp("reg") / "reg.toml"
    path.write_text(dump_sites([*served.sites.values(), dead]), encoding="utf-8")
    return path


def crawl_args(registry: Path, db: Path, log: Path, *extra: str) -> list[str]:
    return [
        "crawl", "--registry", str(registry), "--site", ",".join([*SITES, "dead-site"]),
        "--db", f"sqlite:///{db}", "--log-file", str(log), *FAST, "-s", "RETRY_TIMES=0", *extra,
    ]  # fmt: skip


@pytest.fixture(scope="module")
def plain(registry: Path, tmp_path_factory: pytest.TempPathFactory):
    """One crawl with stdout and stderr captured (not a terminal: what cron gets)."""
    where = tmp_path_factory.mktemp("plain")
    db, log = where / "c.sqlite", where / "crawl.log"
    return run_cli(*crawl_args(registry, db, log)), db, log


def table(stdout: str) -> dict[str, dict[str, str]]:
    """The plain summary table: site → column → cell."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("site "))
    header = lines[start].split()
    rows = {}
    for line in lines[start + 1 :]:
        cells = line.split()
        if not cells or cells[0] == "total":
            break
        status = cells[1]
        rows[cells[0]] = dict(zip(header, [cells[0], status, *cells[2:]], strict=True))
    return rows


def store_counts(db: Path, site: str) -> dict[str, int]:
    engine = create_engine(f"sqlite:///{db}")
    with Session(engine) as session:
        articles = session.scalar(
            sql_select(func.count()).select_from(ArticleRow).where(ArticleRow.site_key == site)
        )
        dated = session.scalar(
            sql_select(func.count(ArticleRow.published_at)).where(ArticleRow.site_key == site)
        )
        frontier = session.execute(
            sql_select(FrontierRow.state, FrontierRow.last_error).where(
                FrontierRow.site_key == site
            )
        ).all()
    engine.dispose()
    return {
        "articles": articles or 0,
        "dated": dated or 0,
        "pending": sum(1 for state, _ in frontier if state == "pending"),
        "http_500": sum(1 for _, error in frontier if error == "http_500"),
        "rejected": sum(
            1 for state, e in frontier if state == "given_up" and (e or "").startswith("rejected:")
        ),
    }


def test_the_plain_summary_matches_the_store_and_the_frontier(plain) -> None:
    result, db, _ = plain
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]
    rows = table(result.stdout)
    assert set(rows) == {*SITES, "dead-site"}
    for site in SITES:
        stored = store_counts(db, site)
        row = rows[site]
        assert row["status"] == "ok", row
        assert int(row["new"]) == stored["articles"] > 0
        assert int(row["left"]) == stored["pending"]
        share = f"{100 * stored['dated'] / stored['articles']:.0f}%"
        assert row["dated"] == share
    chodon, plainsite = (store_counts(db, s) for s in SITES)
    assert chodon["pending"] == chodon["http_500"] == BROKEN  # the frontier keeps them
    assert int(rows["replica-chodon"]["failed"]) == BROKEN
    assert int(rows["replica-plainsite"]["rejected"]) == plainsite["rejected"] == 1
    assert rows["dead-site"]["status"] == "failed" and int(rows["dead-site"]["failed"]) > 0
    assert store_counts(db, "dead-site")["articles"] == 0
    totals = next(line for line in result.stdout.splitlines() if line.startswith("total "))
    assert totals.split()[1:3] == ["2/3", "ok"]
    assert int(totals.split()[4]) == sum(store_counts(db, s)["articles"] for s in SITES)


def test_cron_output_is_short_and_plain_and_the_log_has_scrapy(plain) -> None:
    result, _, log = plain
    out = result.stdout.splitlines()
    assert ANSI not in result.stdout + result.stderr
    assert result.stderr == ""
    assert "[scrapy" not in result.stdout and "INFO:" not in result.stdout
    # A row per site, header, total, one line per problem or note, totals line, log, exit.
    problems = [line for line in out if line.startswith("FAILED ")]
    assert problems == [next(p for p in problems if p.startswith("FAILED dead-site: "))]
    assert len(out) <= 1 + 3 + 1 + 1 + 3 + 3, result.stdout
    assert out[-1].startswith("exit 1: ") and out[-2].startswith(f"log: {log} (")
    assert re.match(r"tuyengiao run \w+: 2/3 sites ok, ", out[-3])
    text = log.read_text(encoding="utf-8")
    assert "[scrapy.core.engine] INFO: Spider opened" in text
    assert "[scrapy.core.engine] INFO: Spider closed (finished)" in text
    assert "dead-site: robots failed" in text
    assert text.rstrip().endswith(out[-3])  # the totals line is the log's last line


def test_quiet_prints_the_problems_and_the_totals_line(registry, plain, tmp_path) -> None:
    _, db, _ = plain
    again = tmp_path / "c.sqlite"
    shutil.copy(db, again)  # the same store, crawled again (incremental)
    log = tmp_path / "crawl.log"
    result = run_cli(*crawl_args(registry, again, log, "--quiet"))
    assert result.returncode == 1 and result.stderr == ""
    out = result.stdout.splitlines()
    # The problems (the dead site; the rejected page, fetched again alone, looks like a
    # layout change), then the totals line and where the log is; nothing else.
    *problems, line, where = out
    assert [p.split(":")[0] for p in problems] == [
        "LAYOUT CHANGE? replica-plainsite",
        "FAILED dead-site",
    ]
    assert re.match(r"tuyengiao run \w+: 1/3 sites ok, 0 new, ", line)
    assert where.startswith(f"log: {log} (")
    one = ["crawl", "--registry", str(registry), "--site", "replica-chodon", "--quiet",
           "--db", f"sqlite:///{again}", "--log-file", str(log), *FAST]  # fmt: skip
    healthy = run_cli(*one)
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr
    assert healthy.stderr == "" and len(healthy.stdout.splitlines()) == 1
    assert re.match(r"tuyengiao run \w+: 1/1 sites ok, 0 new, ", healthy.stdout)


def test_json_summary(registry, tmp_path) -> None:
    log = tmp_path / "crawl.log"
    args = ["crawl", "--registry", str(registry), "--site", "dead-site", "--json",
            "--db", f"sqlite:///{tmp_path / 'c.sqlite'}", "--log-file", str(log), *FAST,
            "-s", "RETRY_TIMES=0"]  # fmt: skip
    result = run_cli(*args)
    assert result.returncode == 1 and result.stderr == ""
    summary = json.loads(result.stdout)
    assert summary["exit_code"] == 1 and summary["log_file"] == str(log)
    assert summary["sites"]["dead-site"]["status"] == "failed"
    assert summary["summary"].startswith("tuyengiao run ")


def run_in_pty(argv: list[str], timeout: float = 300) -> tuple[int, str]:
    """``tuyengiao ARGV`` with stdin, stdout and stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm"}
    env.pop("COLUMNS", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *argv],
        stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True,
    )  # fmt: skip
    os.close(slave)
    out = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            out += data
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(timeout=60), out.decode("utf-8", "replace")


def test_the_live_display_shows_the_sites_then_the_table(registry, tmp_path) -> None:
    log = tmp_path / "crawl.log"
    code, out = run_in_pty(crawl_args(registry, tmp_path / "c.sqlite", log))
    assert code == 1, out[-3000:]
    title = re.search(r"run \w+ · [\d.]+s", out)
    assert title, out[-3000:]
    live, summary = out[: title.start()], out[title.start() :]
    # The live display: its header and a line per site, redrawn in place (erase line).
    assert "req/s" in live and "\x1b[2K" in live
    frames = live.count("req/s")
    for site in (*SITES, "dead-site"):
        assert re.search(rf"{site} +\S*(waiting|crawling|failing|idle)", live), site
    # Then the table (box drawing on a terminal), the problems, the totals line.
    assert "req/s" not in summary and "┃" in summary and "replica-chodon" in summary
    assert "FAILED dead-site: " in summary and "2/3 sites ok" in summary
    assert "[scrapy" not in out
    assert frames >= 2


def test_counters_are_read_from_the_stats_in_one_pass() -> None:
    stats = {
        "tuyengiao/a/requests": 9,
        "tuyengiao/a/ok_responses": 8,
        "tuyengiao/a/listing_pages": 2,
        "tuyengiao/a/fetched": 5,
        "tuyengiao/a/stored/new": 3,
        "tuyengiao/a/stored/changed": 1,
        "tuyengiao/a/stored/not_modified": 1,
        "tuyengiao/a/rejected/empty_body": 1,
        "tuyengiao/a/errors/http_500": 2,
        "tuyengiao/a/errors/dns": 1,
        "tuyengiao/a/bytes": 2048,
        "tuyengiao/ab/stored/new": 7,  # another site whose key starts the same
        "downloader/request_count": 99,
    }
    a = read_counters(stats, ["a"])["a"]
    assert (a.requests, a.listings, a.fetched, a.bytes) == (9, 2, 5, 2048)
    assert (a.stored, a.same, a.rejected, a.failed) == (4, 1, 1, 3)
    clock = iter([0.0, 0.0, 2.0]).__next__
    view = LiveView(["a"], clock=clock)
    view.update({"tuyengiao/a/requests": 0})
    view.update({"tuyengiao/a/requests": 10})
    assert view.rate("a") == 5.0


def test_verbose_streams_the_log_to_stderr(registry, tmp_path) -> None:
    log = tmp_path / "crawl.log"
    args = ["crawl", "--registry", str(registry), "--site", "dead-site", "-v",
            "--db", f"sqlite:///{tmp_path / 'c.sqlite'}", "--log-file", str(log), *FAST,
            "-s", "RETRY_TIMES=0"]  # fmt: skip
    result = run_cli(*args)
    assert result.returncode == 1
    assert "[scrapy.core.engine] INFO: Spider opened" in result.stderr
    assert "[scrapy" not in result.stdout and "FAILED dead-site: " in result.stdout
    assert "[scrapy.core.engine] INFO: Spider opened" in log.read_text(encoding="utf-8")
