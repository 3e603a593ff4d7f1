"""Fault injection: nothing lost, nothing reported done that was not, nothing steered elsewhere.

Crawls run through the CLI in a subprocess, as cron runs them, against the replica and
a hostile site (``tests/hostile.py``), both started here.
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session
from twisted.python.failure import Failure

from crawler.registry import dump_sites
from crawler.runrecord import StageError, stage_failure
from crawler.stages.extract import extract_page
from crawler.store.db import open_store
from crawler.store.models import ArticleRow, CrawlRunRow, FrontierRow
from crawler.store.near_dup import install as install_near_dup
from replica.server import ReplicaServer
from tests.conftest import FAST, ROOT, run_cli
from tests.hostile import hostile_servers

HOSTILE = """
[[site]]
key = "hostile"
name = "Trang dẫn đi nơi khác"
province = "Thử nghiệm"
owner = "Không ai"
base_url = "{base}"
cms = "generic"
sitemaps = ["/sitemap.xml"]
"""


def _frontier(db: Path) -> dict[str, tuple[str, str | None, int]]:
    engine = create_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as s:
            rows = s.scalars(select(FrontierRow))
            return {r.url.rsplit("/", 1)[1]: (r.state, r.last_error, r.attempts) for r in rows}
    finally:
        engine.dispose()


def test_redirects_off_the_site_are_refused_and_big_pages_are_not_stored(tmp_path):
    hostile, internal = hostile_servers()
    registry = tmp_path / "hostile.toml"
    registry.write_text(HOSTILE.format(base=hostile.base_url), encoding="utf-8")
    db = tmp_path / "c.sqlite"
    args = ["crawl", "--registry", str(registry), "--site", "hostile", "--db", f"sqlite:///{db}"]
    options = [*FAST, "-s", "TUYENGIAO_MAX_PAGE_SIZE=200000", "-s", "TUYENGIAO_FRONTIER_ATTEMPTS=2"]
    with hostile, internal:
        result = run_cli(*args, *options, env={"TUYENGIAO_HOME": str(tmp_path)})
        frontier = _frontier(db)
        again = run_cli(*args, *options, env={"TUYENGIAO_HOME": str(tmp_path)})
        internal_hits = dict(internal.hits)
    engine = create_engine(f"sqlite:///{db}")
    with Session(engine) as s:
        stored = {r.url.rsplit("/", 1)[1] for r in s.scalars(select(ArticleRow))}
        run = s.scalars(select(CrawlRunRow).order_by(CrawlRunRow.id)).first()
    # The redirect inside the site is followed; nothing from another port or address.
    assert stored == {"bai-viet-1.html", "bai-viet-3.html"}, stored
    assert internal_hits == {}
    kinds = run.errors_by_kind
    # Another port of 127.0.0.1 (a 302 and a meta refresh) and the metadata address are
    # private addresses; example.org is another host.
    assert kinds.get("redirect_private") == 3, kinds
    assert kinds.get("redirect_offsite") == 1, kinds
    assert kinds.get("oversize") == 2, kinds
    # Refusals are decisions, recorded in the frontier as given up, not failures of the run.
    assert frontier["chuyen-cong-4.html"] == ("given_up", "redirect_private", 1)
    assert frontier["chuyen-rieng-5.html"] == ("given_up", "redirect_private", 1)
    assert frontier["chuyen-xa-9.html"] == ("given_up", "redirect_offsite", 1)
    assert frontier["qua-lon-8.html"] == ("given_up", "oversize", 1)
    # A page the site fails to serve waits for the next run, and is given up after a few.
    assert frontier["loi-10.html"] == ("pending", "http_500", 1)
    assert _frontier(db)["loi-10.html"] == ("given_up", "http_500 (2 attempts)", 2)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert again.returncode == 0, again.stdout + again.stderr[-3000:]


# --- faults during a crawl of the replica ----------------------------------------------------

SITEMAP_ONLY = "replica-chodon"  # WordPress, registered without sections: found by its sitemap
LISTED = "replica-dukcqtw"  # DNN: no sitemap, no feed, only section listings
SLOW = 0.25  # seconds per request during a faulty run, so that it is caught mid-way
# (the page pool starts while the crawl downloads: at 0.08 s a small site was all
# downloaded before its first article was stored)


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    server = ReplicaServer(keys=[SITEMAP_ONLY, LISTED]).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def registry(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    sites = [
        replace(replica.sites[SITEMAP_ONLY], sections=()),
        replica.sites[LISTED],
    ]
    path = tmp_path_factory.mktemp("faults") / "reg.toml"
    path.write_text(dump_sites(sites), encoding="utf-8")
    return path


def corpus(db: Path) -> dict[str, str]:
    """URL → content hash of every stored article."""
    if not db.exists():
        return {}
    engine = create_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as s:
            return {r.url: r.content_hash for r in s.scalars(select(ArticleRow))}
    finally:
        engine.dispose()


def stored_count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def last_run(db: Path) -> CrawlRunRow:
    engine = create_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as s:
            return s.scalars(select(CrawlRunRow).order_by(CrawlRunRow.id.desc())).first()
    finally:
        engine.dispose()


def crawl_args(registry: Path, site: str, db: Path, *extra: str) -> list[str]:
    return [
        "crawl",
        "--registry",
        str(registry),
        "--site",
        site,
        "--db",
        f"sqlite:///{db}",
        *FAST,
        *extra,
    ]


def start(registry: Path, site: str, db: Path, *extra: str, env=None, preexec=None):
    """A crawl in a subprocess, slowed down and in small batches so it can be caught mid-way."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            *crawl_args(registry, site, db, *extra),
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=1",
            "-s",
            "CONCURRENT_REQUESTS=1",  # the rest waits in the scheduler, which a stop drops
            "-s",
            "TUYENGIAO_STORE_BATCH=2",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
    )


@pytest.fixture(scope="module")
def reference(replica, registry, tmp_path_factory) -> dict[str, dict[str, str]]:
    """The corpus an uninterrupted crawl of each site gives."""
    out = {}
    for site in (SITEMAP_ONLY, LISTED):
        db = tmp_path_factory.mktemp("ref") / "ref.sqlite"
        result = run_cli(*crawl_args(registry, site, db))
        assert result.returncode == 0, result.stderr[-3000:]
        out[site] = corpus(db)
        assert len(out[site]) >= 14
    return out


def wait_for(condition, proc: subprocess.Popen, limit: float = 60) -> None:
    """Poll until ``condition()`` or the process ends (the caller checks which)."""
    deadline = time.monotonic() + limit
    while not condition() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)


def recover(registry: Path, site: str, db: Path, reference: dict[str, str]) -> None:
    """One clean run after the fault gives exactly the uninterrupted corpus, and exits 0."""
    result = run_cli(*crawl_args(registry, site, db))
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert corpus(db) == reference


SIGNALS = [
    (signal.SIGKILL, "storing"),
    (signal.SIGTERM, "discovering"),
    (signal.SIGTERM, "storing"),
    (signal.SIGINT, "storing"),  # Ctrl-C: the same graceful stop as SIGTERM
]


@pytest.mark.parametrize("site", [SITEMAP_ONLY, LISTED])
@pytest.mark.parametrize(("sig", "moment"), SIGNALS, ids=lambda v: getattr(v, "name", v))
def test_a_stopped_run_loses_nothing(replica, registry, reference, tmp_path, site, sig, moment):
    db = tmp_path / "c.sqlite"
    replica.hits(site).clear()
    replica.slow_down(SLOW)
    try:
        proc = start(registry, site, db)
        if moment == "discovering":  # the crawl has reached the site, nothing stored yet
            wait_for(lambda: sum(replica.hits(site).values()) > 0, proc)
        else:  # the first batches are in the store
            wait_for(lambda: stored_count(db) >= 2, proc)
        assert proc.poll() is None, "the crawl ended before the signal"
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    finally:
        replica.slow_down(0)
    assert set(corpus(db)) < set(reference[site])  # the fault did cost pages
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:  # a clean stop: recorded, said, non-zero
        assert proc.returncode == 1, out + err[-3000:]
        assert "stopped: shutdown" in out
        assert last_run(db).status == "stopped"
    recover(registry, site, db, reference[site])


def _unwritable_warc(db: Path, site: str, reference: dict[str, str]) -> dict:
    blocker = db.parent / "not-a-directory"
    blocker.write_text("a file where the WARC directory should be")
    return {"env": {"TUYENGIAO_WARC_DIR": str(blocker / "warc")}}


def _full_disk(db: Path, site: str, reference: dict[str, str]) -> dict:
    open_store(f"sqlite:///{db}")  # the schema exists; the run's writes hit the limit
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    limit = db.stat().st_size + 150_000

    def limit_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return {"preexec": limit_files, "env": {"TUYENGIAO_HOME": str(db.parent)}}


def _store_error(db: Path, site: str, reference: dict[str, str]) -> dict:
    factory = open_store(f"sqlite:///{db}")
    # The near-duplicate index makes its tables in the first article's transaction and
    # then trusts they exist: if that transaction is the one that fails, every later
    # article fails ("no such table: near_dup_signatures"; crawler/store/near_dup.py,
    # reported, not this suite's subject). Make them first.
    with factory() as session:
        install_near_dup(session.connection())
        session.commit()
    victim = sorted(reference)[len(reference) // 2]
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TRIGGER injected BEFORE INSERT ON articles WHEN NEW.url = ? "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END".replace("?", f"'{victim}'")
    )
    con.commit()
    con.close()
    return {}


def _heal(db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("DROP TRIGGER IF EXISTS injected")
    con.commit()
    con.close()


FAULTS = {"unwritable_warc": _unwritable_warc, "full_disk": _full_disk, "store_error": _store_error}
# What the summary names as the failure (stage:exception): one of these.
EXPECTED = {
    "unwritable_warc": ("archive:NotADirectoryError", "archive:FileExistsError"),
    "full_disk": ("store:OperationalError", "archive:OSError"),
    "store_error": ("store:IntegrityError",),
}


@pytest.mark.parametrize("site", [SITEMAP_ONLY, LISTED])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_failing_stage_fails_the_run_and_loses_nothing(
    replica, registry, reference, tmp_path, site, fault
):
    db = tmp_path / "c.sqlite"
    setup = FAULTS[fault](db, site, reference[site])
    proc = start(registry, site, db, env=setup.get("env"), preexec=setup.get("preexec"))
    out, err = proc.communicate(timeout=120)
    assert set(corpus(db)) < set(reference[site])  # the fault did cost pages
    # Not "ok": the site failed (1) or the store could not record the run (3).
    assert proc.returncode in (1, 3), out + err[-3000:]
    failed = next(line for line in out.splitlines() if line.startswith(f"FAILED {site}: "))
    assert any(kind in failed for kind in EXPECTED[fault]), failed
    if proc.returncode == 1:  # recorded: the site's run says it failed, and why
        run = last_run(db)
        assert run.status == "failed" and "not stored" in run.message
    _heal(db)
    recover(registry, site, db, reference[site])


def test_a_stage_failure_is_named_by_the_stage_it_came_from():
    """The recorder names the stage: a ``StageError`` names itself; otherwise the deepest
    ``crawler/stages/<stage>.py`` frame of the traceback."""
    try:
        extract_page(None, "http://x.vn/a-1.html")  # a real exception inside the extract stage
    except Exception:
        failure = Failure()
    stage, cause = stage_failure(failure)
    assert stage == "extract" and cause is failure.value
    try:
        try:
            raise NotADirectoryError(20, "Not a directory")
        except OSError as exc:
            raise StageError("archive") from exc
    except StageError:
        named = Failure()
    stage, cause = stage_failure(named)
    assert stage == "archive" and isinstance(cause, NotADirectoryError)


def test_the_frontier_is_fetched_whatever_the_sitemap_says(replica, registry, reference, tmp_path):
    """A page whose store write failed is fetched by the next run even when the sitemap
    that listed it has gone: it waits in the store's frontier, not in the sitemap."""
    site, db = SITEMAP_ONLY, tmp_path / "c.sqlite"
    _store_error(db, site, reference[site])
    first = run_cli(*crawl_args(registry, site, db))
    assert first.returncode == 1, first.stdout + first.stderr[-3000:]
    missing = set(reference[site]) - set(corpus(db))
    assert len(missing) == 1, first.stdout
    _heal(db)
    pages = replica.pages(site)
    hidden = {p: pages.pop(p) for p in list(pages) if "sitemap" in p or p == "/robots.txt"}
    try:
        replica.hits(site).clear()
        result = run_cli(*crawl_args(registry, site, db))
        hits = dict(replica.hits(site))
    finally:
        pages.update(hidden)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert corpus(db) == reference[site]
    (url,) = missing
    assert hits.get(url.removeprefix(replica.sites[site].base_url.rstrip("/"))) == 1
