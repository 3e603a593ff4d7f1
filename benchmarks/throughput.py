"""Pages per second of the crawl against its own spider and a bare Scrapy crawl, in one run.

    python benchmarks/throughput.py [--articles 1500] [--workers 0,1,2] [--pg URL]
                                    [--rss-articles 10000] [--store-articles 1000]

One synthetic NukeViet replica site of ``--articles`` articles (``benchmarks/scaleout.py``'s
``big_site``) is served by a separate process; every crawl below runs in its own process
against it, with no politeness delay and 16 requests per domain:

- ``bare``: a Scrapy ``CrawlSpider`` that follows every link of the site and only parses
  each page with lxml (the floor of what Scrapy costs here);
- ``spider``: the project's spider with ``ITEM_PIPELINES={}`` (fetching and discovery);
- ``full N``: ``tuyengiao crawl`` (SQLite, WARC on) with ``TUYENGIAO_PAGE_WORKERS=N``
  for each N of ``--workers`` (0: the page stages inline on the reactor thread).

pages/s is responses / the crawl's own elapsed time (Scrapy's ``elapsed_time_seconds``; for
``tuyengiao crawl`` the run's ``crawl_runs`` row), so interpreter start-up is left out.
RSS is the crawl process plus its children (the page pool), sampled every 0.5 s from
/proc, and "crawl CPU ms/page" the crawl process's own CPU time per response (start-up
included; for ``tuyengiao crawl`` not its pool's workers: the part one core must carry).
``--rss-articles 1000,10000`` adds one full crawl per site size (pool
``--rss-workers``) and reports the peak RSS of each, the growth per 1,000 articles between
the smallest and the largest, and RSS against the number of articles stored so far.
``--rss-trace N`` crawls an N-article site inline under ``tracemalloc`` and prints what grew
between a tenth and all of the articles stored (by source line, and live objects by type).
Last, the store alone: ``--store-articles`` articles of the first full crawl written
again into a fresh store, batched (``StorePipeline``'s bulk path) and one ORM upsert at a
time (the old path), in ms per article;
``--store-prefill 0,10000`` does it at each store size (the store already holding that
many other copies of the site's texts, written before the clock starts). On SQLite the
clock stops after a checkpoint has copied what the run left in the WAL into the file, so
a checkpoint policy cannot look cheaper by leaving its work to after the measurement.
Beside the milliseconds: the storing process's CPU time, and the bytes it wrote and read
through system calls per article (``/proc/self/io``; on SQLite its WAL and database file,
which a busy machine does not change).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from scaleout import KEY, fresh_pg_database, serve  # noqa: E402

FAST = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "CONCURRENT_REQUESTS": 16,
    "LOG_LEVEL": "WARNING",
}


# --- the two Scrapy-only crawls (run in a child process: ``--child bare|spider``) ----------
def child_bare(base_url: str, pages: str) -> dict[str, Any]:
    """A CrawlSpider over the whole site that parses every page with lxml and keeps nothing;
    it stops after ``pages`` responses (the site's every link is more than the spider reads:
    date archives, tags, print views)."""
    from urllib.parse import urlsplit

    import lxml.html
    from scrapy.crawler import CrawlerProcess
    from scrapy.linkextractors import LinkExtractor
    from scrapy.spiders import CrawlSpider, Rule

    host = urlsplit(base_url).netloc  # with the port: Scrapy compares it to the link's netloc

    class Bare(CrawlSpider):
        name = "bare"
        start_urls = (base_url,)
        rules = (Rule(LinkExtractor(allow_domains=[host]), callback="parse_page", follow=True),)

        def parse_page(self, response: Any) -> None:
            lxml.html.fromstring(response.body)

    process = CrawlerProcess(
        {
            **FAST,
            "ROBOTSTXT_OBEY": False,
            "TELNETCONSOLE_ENABLED": False,
            "CLOSESPIDER_PAGECOUNT": int(pages),
        }
    )
    crawler = process.create_crawler(Bare)
    process.crawl(crawler)
    process.start()
    return _scrapy_figures(crawler)


def child_spider(registry: str, db: str) -> dict[str, Any]:
    """The project's spider, every item pipeline off."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from spiders.site import SiteSpider

    settings = get_project_settings()
    settings.setdict({**FAST, "ITEM_PIPELINES": {}, "TUYENGIAO_DB": db}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, site=KEY, registry=registry)
    process.start()
    return _scrapy_figures(crawler)


def _scrapy_figures(crawler: Any) -> dict[str, Any]:
    stats = crawler.stats.get_stats()
    return {
        "responses": stats.get("response_received_count", 0),
        "elapsed": stats.get("elapsed_time_seconds", 0.0),
        "cpu": cpu_seconds(os.getpid()),  # this process's, start-up included
    }


def child_traced(outdir: str, *argv: str) -> int:
    """``tuyengiao crawl`` in this process under tracemalloc: on SIGUSR1 (the sampler sends
    it at each article mark) a snapshot and the live objects by type go to ``outdir``."""
    import gc
    import tracemalloc
    from collections import Counter

    from crawler.cli import main as cli_main

    tracemalloc.start(4)
    taken = 0

    def dump(signum: int, frame: Any) -> None:
        nonlocal taken
        gc.collect()
        tracemalloc.take_snapshot().dump(f"{outdir}/snap{taken}")
        types = Counter(type(o).__qualname__ for o in gc.get_objects())
        Path(f"{outdir}/types{taken}.json").write_text(json.dumps(types), encoding="utf-8")
        taken += 1

    signal.signal(signal.SIGUSR1, dump)
    return cli_main(list(argv))


def trace_report(outdir: Path, first: int, last: int, top: int = 15) -> str:
    """What grew between the first and the last snapshot of ``child_traced``, per 1,000
    articles (``first``, ``last``: articles stored at each), by source line and by type."""
    import tracemalloc

    snaps = sorted(outdir.glob("snap*"), key=lambda f: int(f.name[4:]))
    if len(snaps) < 2:
        return f"tracemalloc: {len(snaps)} snapshot(s) taken, two needed"
    per = 1000 / max(1, last - first)
    keep = [tracemalloc.Filter(False, tracemalloc.__file__)]
    a = tracemalloc.Snapshot.load(str(snaps[0])).filter_traces(keep)
    b = tracemalloc.Snapshot.load(str(snaps[-1])).filter_traces(keep)
    total = sum(s.size for s in b.statistics("filename")) - sum(
        s.size for s in a.statistics("filename")
    )
    lines = [
        f"tracemalloc, {first} → {last} articles stored: traced memory "
        f"{total / 1024:+.0f} kB ({total * per / 1024:+.1f} kB per 1,000 articles); "
        "largest growth by allocating line (4 frames, innermost shown):"
    ]
    for stat in b.compare_to(a, "traceback")[:top]:
        frame = stat.traceback[0]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        ours = next(
            (
                f"{Path(f.filename).parent.name}/{Path(f.filename).name}:{f.lineno}"
                for f in stat.traceback
                if str(ROOT) in f.filename
            ),
            "",
        )
        lines.append(
            f"  {stat.size_diff * per / 1024:+9.1f} kB/1000 {stat.count_diff * per:+9.0f} blocks"
            f"  {where}" + (f"  (from {ours})" if ours else "")
        )
    names = sorted(outdir.glob("types*.json"), key=lambda f: int(f.name[5:-5]))
    before = json.loads(names[0].read_text(encoding="utf-8"))
    after = json.loads(names[-1].read_text(encoding="utf-8"))
    grown = sorted(((after[k] - before.get(k, 0), k) for k in after), reverse=True)[:top]
    lines.append("live objects tracked by gc, growth per 1,000 articles, by type:")
    lines += [f"  {n * per:+9.0f}  {name}" for n, name in grown if n > 0]
    return "\n".join(lines)


# --- RSS of a process tree ------------------------------------------------------------------
def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def tree_rss_kb(pid: int) -> tuple[int, int]:
    """(RSS of ``pid``, RSS of ``pid`` and all its descendants), in kB."""
    own = _rss_kb(pid)
    total, todo = own, _children(pid)
    while todo:
        child = todo.pop()
        total += _rss_kb(child)
        todo.extend(_children(child))
    return own, total


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of one process, all its threads, so far."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Sampler(threading.Thread):
    """Samples (seconds, articles stored, own RSS, tree RSS) of a running crawl, and the
    crawl process's own CPU time (its reactor thread and any thread of its: the part that
    one core must carry; the page pool's workers are other processes)."""

    def __init__(self, pid: int, store: Path | None, marks: tuple[int, ...] = ()) -> None:
        super().__init__(daemon=True)
        self.pid, self.store = pid, store
        self.samples: list[tuple[float, int, int, int]] = []
        self.cpu = 0.0  # the crawl process's CPU seconds at the last sample
        self.done = threading.Event()
        self.marks = list(marks)  # article counts at which to signal the crawl (SIGUSR1)

    def _stored(self) -> int:
        if self.store is None or not self.store.exists():
            return 0
        try:
            with sqlite3.connect(f"file:{self.store}?mode=ro", uri=True, timeout=0.2) as conn:
                return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            return self.samples[-1][1] if self.samples else 0

    def run(self) -> None:
        started = time.perf_counter()
        while not self.done.wait(0.5):
            own, tree = tree_rss_kb(self.pid)
            self.cpu = cpu_seconds(self.pid) or self.cpu
            if tree:
                self.samples.append((time.perf_counter() - started, self._stored(), own, tree))
                if self.marks and self.samples[-1][1] >= self.marks[0]:
                    self.marks.pop(0)
                    os.kill(self.pid, signal.SIGUSR1)


# --- the full crawl -------------------------------------------------------------------------
def full_crawl(
    registry: Path,
    db: str,
    workers: int,
    store: Path | None,
    trace: Path | None = None,
    marks: tuple[int, ...] = (),
) -> tuple[dict[str, Any], Sampler]:
    """``tuyengiao crawl`` with a page pool of ``workers`` (0: inline); figures + RSS.
    ``trace``: run it under tracemalloc (``child_traced``), a snapshot written there each
    time the store reaches the next of ``marks`` articles."""
    cmd = [sys.executable, "-m", "crawler.cli"]
    if trace is not None:
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "traced", str(trace)]
    cmd += ["crawl", "--registry", str(registry), "--site", KEY, "--db", db, "--json"]
    for name, value in {**FAST, "TUYENGIAO_PAGE_WORKERS": workers}.items():
        cmd += ["-s", f"{name}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sampler = Sampler(proc.pid, store, marks)
    sampler.start()
    out, err = proc.communicate()
    sampler.done.set()
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"crawl failed ({proc.returncode}): {err[-3000:]}")
    site = json.loads(out)["sites"][KEY]
    elapsed = _run_seconds(db)
    figures = {"responses": site["requests"], "elapsed": elapsed, "stored": site["new"]}
    return {**figures, "cpu": sampler.cpu}, sampler


def _run_seconds(db: str) -> float:
    from sqlalchemy import create_engine, text

    engine = create_engine(db)
    with engine.connect() as conn:
        started, finished = conn.execute(
            text("SELECT started_at, finished_at FROM crawl_runs ORDER BY id DESC LIMIT 1")
        ).one()
    engine.dispose()
    if isinstance(started, str):
        started, finished = datetime.fromisoformat(started), datetime.fromisoformat(finished)
    return (finished - started).total_seconds()


def run_child(kind: str, *args: str) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{kind} crawl failed ({done.returncode}): {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the store alone ------------------------------------------------------------------------
def _source_articles(source_db: str, n: int) -> tuple[list[Any], dict[str, Any]]:
    """The first ``n`` articles of a store of the site, as ``Article``s, and its site row."""
    from sqlalchemy import select

    from crawler.items import Article
    from crawler.store.db import open_store
    from crawler.store.models import ArticleRow, SiteRow

    source = open_store(source_db)
    with source() as session:
        rows = session.scalars(select(ArticleRow).order_by(ArticleRow.id).limit(n)).all()
        site = session.get(SiteRow, KEY)
        assert site is not None
        site_values = {c.name: getattr(site, c.name) for c in SiteRow.__table__.columns}
    fields = [f for f in Article.__dataclass_fields__ if f == "site" or hasattr(ArticleRow, f)]
    articles = [
        Article(**{f: getattr(r, "site_key" if f == "site" else f) for f in fields}) for r in rows
    ]
    source.kw["bind"].dispose()
    return articles, site_values


def prefill_articles(articles: list[Any], n: int) -> list[Any]:
    """``n`` articles the site could have published before ``articles``: copies of them under
    new URLs with a new number (as ``scaleout.big_site`` makes the site: "Bản tin số N."), so
    each measured article has about n / 17 near-copies in the store (the worst case for the
    near-copy index; the site has 17 texts)."""
    import re
    from dataclasses import replace

    number = re.compile(r"^Bản tin số \d+\.")
    out = []
    for i in range(n):
        a = articles[i % len(articles)]
        tag = 900000 + i
        body = number.sub(f"Bản tin số {tag}.", a.body, count=1)
        if body == a.body:
            body = f"Bản tin số {tag}.\n\n{a.body}"
        out.append(replace(a, url=f"{a.url}?prefill={tag}", title=f"{a.title} [{tag}]", body=body))
    return out


def store_figures(
    source_db: str, n: int, target: str, batch: int, prefill: int = 0
) -> dict[str, float]:
    """ms per article on the store's thread: one ORM upsert per article (the old path), the
    bulk batch writer computing each article's rows itself (``bulk``: what an inline crawl
    does), and the bulk writer given the rows the page pool computes (``prepare``).
    ``prefill``: the store already holds that many articles of the site (not timed)."""
    from crawler.store.bulk import prepare, store_batch
    from crawler.store.db import open_store
    from crawler.store.models import SiteRow
    from crawler.store.writer import upsert_article

    articles, site_values = _source_articles(source_db, n)
    before = prefill_articles(articles, prefill) if prefill else []
    figures = {}
    filled: Path | None = None  # SQLite: the store is filled once and copied
    for name in ("orm", "bulk", "prepared"):
        db = target.replace("{}", name)
        path = Path(db.removeprefix("sqlite:///")) if db.startswith("sqlite:///") else None
        if filled is not None and path is not None:
            shutil.copyfile(filled, path)
        factory = open_store(db, immediate=True)
        dialect = "postgresql" if db.startswith("postgresql") else "sqlite"
        if filled is None:
            with factory() as session:
                session.add(SiteRow(**site_values))
                session.commit()
            earlier = datetime(2020, 1, 1, tzinfo=UTC)
            for i in range(0, len(before), 500):
                with factory() as session:
                    store_batch(session, before[i : i + 500], earlier)
                    session.commit()
            if path is not None:  # closed (its WAL checkpointed into the file), copied
                factory.kw["bind"].dispose()
                filled = path.with_suffix(".filled")
                shutil.copyfile(path, filled)
                factory = open_store(db, immediate=True)
        ready: list[Any] | None = (
            [prepare(a, dialect) for a in articles] if name == "prepared" else None
        )
        now = datetime.now(UTC)
        io = _io()
        started, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(articles), batch):
            chunk = articles[i : i + batch]
            with factory() as session:
                if name == "orm":
                    for article in chunk:
                        upsert_article(session, article, now)
                else:
                    store_batch(session, chunk, now, ready[i : i + batch] if ready else None)
                session.commit()
        if path is not None:  # the pages the run left in the WAL, copied into the file: timed
            raw = factory.kw["bind"].raw_connection()  # no BEGIN: a checkpoint needs none
            raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
            raw.close()
        figures[name] = (time.perf_counter() - started) * 1000 / max(1, len(articles))
        # this process's CPU time (a PostgreSQL server's is not in it): less sensitive to a
        # busy machine than the wall clock
        figures[f"{name} cpu"] = (time.process_time() - cpu) * 1000 / max(1, len(articles))
        # bytes this process wrote and read through system calls (SQLite: its WAL and file)
        for key, value in zip(("write kB", "read kB"), _io(), strict=True):
            figures[f"{name} {key}"] = (value - io[key == "read kB"]) / 1024 / max(1, len(articles))
        factory.kw["bind"].dispose()
    return figures


def _io() -> tuple[int, int]:
    """Bytes this process has written and read through system calls (0, 0 off Linux)."""
    try:
        fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
    except OSError:
        return 0, 0
    return int(fields["wchar"]), int(fields["rchar"])


def _store_line(label: str, f: dict[str, float]) -> str:
    return (
        f"{label}: one ORM upsert each {f['orm']:.2f} ms/article; bulk {f['bulk']:.2f} "
        f"({f['bulk'] / f['orm']:.2f}×); bulk, rows prepared in the pool {f['prepared']:.2f} "
        f"({f['prepared'] / f['orm']:.2f}×); CPU ms/article of this process: "
        f"{f['orm cpu']:.2f}, {f['bulk cpu']:.2f}, {f['prepared cpu']:.2f}; kB this process "
        f"wrote/read per article, rows prepared: {f['prepared write kB']:.0f}/"
        f"{f['prepared read kB']:.0f}"
    )


def store_options(parser: argparse.ArgumentParser) -> None:
    """The store part's options."""
    parser.add_argument("--store-articles", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--store-source", help="a store of the site (default: this run's)")
    parser.add_argument(
        "--store-prefill",
        default="0",
        help="comma list of store sizes to measure at, e.g. 0,10000 (articles already stored)",
    )


def store_part(args: argparse.Namespace, source: str, tmp: Path) -> None:
    """Print the store figures (SQLite, and PostgreSQL with ``--pg``) at each prefill."""
    sizes = [int(v) for v in args.store_prefill.split(",") if v != ""]
    print(f"\nstore, {args.store_articles} articles in batches of {args.batch}, per article:")
    for size in sizes:
        where = f", store already holding {size} articles" if size else ", empty store"
        target = f"sqlite:///{tmp}/store-{size}-{{}}.sqlite"
        sq = store_figures(source, args.store_articles, target, args.batch, size)
        print(_store_line("SQLite" + where, sq), flush=True)
        for name in ("orm", "bulk", "prepared"):
            for suffix in (".sqlite", ".sqlite-wal", ".sqlite-shm", ".sqlite.init.lock", ".filled"):
                Path(f"{tmp}/store-{size}-{name}{suffix}").unlink(missing_ok=True)
    if not args.pg:
        return
    with ExitStack() as stack:
        server = args.pg
        if server == "private":  # a throwaway server, as the tests start one
            from tests.servers import postgres_server

            server = stack.enter_context(postgres_server("throughput"))
        for size in sizes:
            urls = {
                name: fresh_pg_database(server, f"throughput_{name}_{os.getpid()}")
                for name in ("orm", "bulk", "prepared")
            }
            target = urls["orm"].replace(f"_orm_{os.getpid()}", f"_{{}}_{os.getpid()}")
            pf = store_figures(source, args.store_articles, target, args.batch, size)
            where = f", store already holding {size} articles" if size else ", empty store"
            print(_store_line("PostgreSQL" + where, pf), flush=True)


# --- the run --------------------------------------------------------------------------------
def _start_server(articles: int) -> tuple[Any, Any, str]:
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(articles, child), daemon=True)
    server.start()
    return server, parent, parent.recv()


def _stop_server(server: Any, conn: Any) -> None:
    conn.send("stop")
    server.join(10)


def _rss_profile(sampler: Sampler) -> str:
    """Tree RSS at a quarter, half, three quarters and all of the articles stored."""
    samples = sampler.samples
    if not samples:
        return "no samples"
    total = max(s[1] for s in samples) or 1
    marks = []
    for share in (0.1, 0.25, 0.5, 0.75, 1.0):
        at = next((s for s in samples if s[1] >= share * total), samples[-1])
        marks.append(
            f"{at[1]:>6} articles: {at[3] / 1024:6.0f} MB (crawl process {at[2] / 1024:.0f})"
        )
    return "\n".join(marks)


def rss_part(sizes: list[int], workers: int, tmp: Path) -> None:
    """One full crawl per site size: peak RSS of each, and the growth per 1,000 articles."""
    peaks: list[tuple[int, float, float]] = []  # stored, tree MB, crawl process MB
    for size in sizes:
        server, conn, registry_text = _start_server(size)
        try:
            registry = tmp / "registry.toml"
            registry.write_text(registry_text, encoding="utf-8")
            store = tmp / f"rss{size}.sqlite"
            figures, sampler = full_crawl(registry, f"sqlite:///{store}", workers, store)
        finally:
            _stop_server(server, conn)
        tree = max(s[3] for s in sampler.samples) / 1024
        own = max(s[2] for s in sampler.samples) / 1024
        peaks.append((figures["stored"], tree, own))
        print(
            f"\n{size}-article crawl, pool {workers}: {figures['responses']} responses, "
            f"{figures['stored']} stored, {figures['responses'] / figures['elapsed']:.1f} "
            f"pages/s, peak RSS {tree:.0f} MB (crawl process and its pool; the crawl process "
            f"alone {own:.0f} MB)",
            flush=True,
        )
        print(_rss_profile(sampler), flush=True)
    if len(peaks) > 1:
        (a, tree_a, own_a), (b, tree_b, own_b) = peaks[0], peaks[-1]
        per = 1000 / max(1, b - a)
        print(
            f"\npeak RSS from {a} to {b} articles: {tree_a:.0f} → {tree_b:.0f} MB, "
            f"{(tree_b - tree_a) * per:+.2f} MB per 1,000 articles "
            f"(crawl process alone {own_a:.0f} → {own_b:.0f} MB, "
            f"{(own_b - own_a) * per:+.2f} MB per 1,000)"
        )


def trace_part(size: int, tmp: Path) -> None:
    """An inline crawl of a ``size``-article site under tracemalloc: what grew per article."""
    server, conn, registry_text = _start_server(size)
    outdir = tmp / "trace"
    outdir.mkdir()
    marks = (size // 10, size)
    try:
        registry = tmp / "registry.toml"
        registry.write_text(registry_text, encoding="utf-8")
        store = tmp / "traced.sqlite"
        full_crawl(registry, f"sqlite:///{store}", 0, store, outdir, marks)
    finally:
        _stop_server(server, conn)
    print(f"\n{size}-article crawl, inline, under tracemalloc (snapshots at {marks}):")
    print(trace_report(outdir, *marks))


def main() -> None:
    if sys.argv[1:3] == ["--child", "traced"]:  # the crawl's own options follow: not ours
        sys.exit(child_traced(*sys.argv[3:]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--workers", default=f"0,1,{os.cpu_count() or 1}", help="pool sizes")
    parser.add_argument(
        "--pg", help="a PostgreSQL server URL (or 'private': start one): store figures there too"
    )
    parser.add_argument(
        "--rss-articles", default="", help="comma list of site sizes, e.g. 1000,10000"
    )
    parser.add_argument(
        "--rss-workers", type=int, help="pool size (default: the last of --workers)"
    )
    parser.add_argument("--rss-trace", type=int, default=0, help="site size of a traced crawl")
    store_options(parser)
    parser.add_argument("--skip", default="", help="comma list of: bare,spider,full")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("rest", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "bare":
        print(json.dumps(child_bare(*args.rest)))
        return
    if args.child == "spider":
        print(json.dumps(child_spider(*args.rest)))
        return

    workers = [int(w) for w in args.workers.split(",") if w != ""]
    tmp = Path(tempfile.mkdtemp(prefix="throughput-"))
    server, conn, registry_text = _start_server(args.articles)
    rows: list[tuple[str, dict[str, Any]]] = []
    samplers: dict[str, Sampler] = {}
    try:
        registry = tmp / "registry.toml"
        registry.write_text(registry_text, encoding="utf-8")
        base_url = next(
            line.split("=", 1)[1].strip().strip('"')
            for line in registry_text.splitlines()
            if line.startswith("base_url")
        )
        skip = set(args.skip.split(","))
        if "bare" not in skip:
            pages = str(args.articles + args.articles // 20 + 10)  # about what the spider reads
            rows.append(("bare CrawlSpider, lxml parse only", run_child("bare", base_url, pages)))
        if "spider" not in skip:
            db = f"sqlite:///{tmp / 'spider.sqlite'}"
            rows.append(
                ("project spider, ITEM_PIPELINES={}", run_child("spider", str(registry), db))
            )
        for n in workers if "full" not in skip else []:
            store = tmp / f"full{n}.sqlite"
            figures, sampler = full_crawl(registry, f"sqlite:///{store}", n, store)
            label = f"tuyengiao crawl, pool {n}" if n else "tuyengiao crawl, inline (no pool)"
            rows.append((label, figures))
            samplers[label] = sampler
    finally:
        _stop_server(server, conn)

    load = os.getloadavg()
    print(
        f"synthetic NukeViet site: {args.articles} articles, one server process; "
        f"{os.cpu_count()} cores; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    base = next((f for label, f in rows if label.startswith("project spider")), None)
    head = ("responses", "seconds", "pages/s", "÷ spider")
    print(
        f"{'crawl':<38} "
        + " ".join(f"{h:>9}" for h in head)
        + f" {'peak RSS MB':>11} {'crawl CPU ms/page':>17}"
    )
    for label, f in rows:
        rate = f["responses"] / f["elapsed"] if f["elapsed"] else 0.0
        ratio = rate / (base["responses"] / base["elapsed"]) if base else float("nan")
        peak = (
            max((s[3] for s in samplers[label].samples), default=0) / 1024
            if label in samplers
            else 0
        )
        peak_text = f"{peak:11.0f}" if peak else f"{'':>11}"
        cpu = f"{1000 * f['cpu'] / f['responses']:17.2f}" if f.get("cpu") else ""
        cells = f"{f['responses']:>9} {f['elapsed']:>9.1f} {rate:>9.1f} {ratio:>9.2f}"
        print(f"{label:<38} {cells} {peak_text} {cpu}")

    ran = workers and "full" not in args.skip
    if args.store_articles and (ran or args.store_source):
        store_part(args, args.store_source or f"sqlite:///{tmp / f'full{workers[0]}.sqlite'}", tmp)

    n = args.rss_workers if args.rss_workers is not None else (workers[-1] if workers else 0)
    sizes = [int(v) for v in args.rss_articles.split(",") if v != ""]
    if sizes:
        rss_part(sizes, n, tmp)
    if args.rss_trace:
        trace_part(args.rss_trace, tmp)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
