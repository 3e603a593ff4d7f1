"""One distributed worker against two on the same crawl, in one run: time to the last article.

    python benchmarks/scaleout.py [--articles 600] [--latency 1.0 --delay 0.5 --concurrency 2]
                                  [--pg URL|private] [--repeat 2]

A synthetic NukeViet replica site of ``--articles`` articles is served by a separate
process (the replica server, threaded, 127.0.0.1); a private redis-server holds the
scheduler. Each run gets a fresh store (one SQLite file, or a fresh database on the
PostgreSQL server of ``--pg URL``; ``--pg private`` starts a throwaway server) and a fresh
crawl name in Redis, then ``tuyengiao crawl --redis`` is started once (one worker) or
twice at the same moment (two workers). Runs alternate 1, 2, 1, 2… (``--repeat``) so a
change in the machine's load hits both.

What is timed, from the moment the workers are started:
- **to last article**: until the commit of the last article (the store's newest
  ``first_seen_at``): the crawl as the goal names it, start-up included;
- **head**: until the replica answered the first request (Python, Scrapy, the store, the
  seeds: each worker's fixed start-up); **tail**: from the last article to the last
  worker's exit (idle close, the run record, shutdown): fixed costs the crawl pays once;
- **exit**: until the last worker exited.

CPU: each worker's own process and its page pool (the forkserver and its workers),
sampled from /proc every 0.2 s, the replica server and redis-server, as cores used over
the run's time to exit; "machine" is the busy share of all cores (/proc/stat: every
job on the machine, other people's included) and "load" the 1-minute load average.

Correctness, checked on every run: the articles stored (URL, content hash) are the same
set as the first one-worker run's; otherwise the benchmark says so and exits 1. Article
pages fetched more than once are counted (a retry after a timeout, or a lease taken back
from a worker that looked dead, fetch a page again; neither loses or doubles an article).

``--latency S`` makes the replica answer every request after S seconds (a slow provincial
server); ``--delay`` and ``--concurrency`` are the politeness per worker (Scrapy's
``DOWNLOAD_DELAY`` and ``CONCURRENT_REQUESTS_PER_DOMAIN``). With ``--delay 0`` Scrapy 2.19
on the asyncio reactor does not hold a slot to its concurrency (requests queued in one
reactor turn all start: 15 in flight were seen with a concurrency of 2), so a latency
run without a delay measures the CPU, not the politeness.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import UTC
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.registry import dump_sites  # noqa: E402
from replica.model import ReplicaSection, load_content  # noqa: E402
from replica.server import ReplicaServer  # noqa: E402

KEY = "replica-tuyengiaokontum"


def big_site(n: int):
    """The NukeViet replica grown to ``n`` articles (copies of its own, renamed)."""
    content = load_content("tuyengiaokontum")
    base = [a for a in content.articles if not a.seed]
    articles = []
    for i in range(n):
        a = base[i % len(base)]
        day = 1 + i % 28
        articles.append(
            replace(
                a,
                id=100000 + i,
                slug=f"{a.slug}-{i}",
                title=f"{a.title} ({i})",
                seed=None,
                published=f"20{19 + i % 6}-{1 + i % 12:02d}-{day:02d}T08:{i % 60:02d}",
                body=[{"p": f"Bản tin số {i}."}, *a.body],
            )
        )
    sections = [replace(s, per_page=20) for s in content.sections]
    return replace(
        content, articles=articles, sections=[ReplicaSection(**s.__dict__) for s in sections]
    )


class TimedHits(Counter):
    """The replica's hit counter, also noting when the first and the last request came."""

    first = last = 0.0

    def __setitem__(self, key: str, value: int) -> None:
        now = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process
        self.first = self.first or now
        self.last = now
        super().__setitem__(key, value)


def serve(n: int, conn, latency: float = 0.0) -> None:
    """The replica server's process: sends the registry, then answers "times" with the
    (first, last, hits per path) of the requests since the last ask, until anything else."""
    server = ReplicaServer(keys=[KEY]).start()
    server.replace_content(KEY, big_site(n))
    if latency:
        server.slow_down(latency)
    site = server._servers[KEY]
    conn.send(dump_sites(server.sites.values()))
    while conn.recv() == "times":
        hits, site.hits = site.hits, TimedHits()
        conn.send(
            (getattr(hits, "first", 0.0), getattr(hits, "last", 0.0), dict(hits))
        )  # fmt: skip
    server.stop()


def fresh_pg_database(server_url: str, name: str) -> str:
    """Create an empty database on the server of ``server_url``; return its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a running process has used (all its threads)."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / _TICK if fields else 0.0


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


class CpuSampler(threading.Thread):
    """Every 0.2 s: each worker's own CPU seconds and those of its descendants (its page
    pool), kept per pid, so a process's last reading survives its exit."""

    def __init__(self, roots: list[int]) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.own: dict[int, float] = {}
        self.tree: dict[int, dict[int, float]] = {r: {} for r in roots}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.sample()

    def sample(self) -> None:
        parents: dict[int, int] = {}
        cpu: dict[int, float] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (fields := _stat(int(entry))) is not None:
                parents[int(entry)] = int(fields[1])
                cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / _TICK
        for root in self.roots:
            if root in cpu:
                self.own[root] = cpu[root]
            for pid in cpu:
                up, seen = pid, 0
                while up in parents and up != root and seen < 20:
                    up, seen = parents[up], seen + 1
                if up == root and pid != root:
                    self.tree[root][pid] = cpu[pid]


@dataclass
class Run:
    workers: int
    started: float  # time.time()
    exited: float = 0.0
    last_article: float = 0.0
    head: float = 0.0
    articles: set[tuple[str, str]] = field(default_factory=set)
    requests: int = 0
    per_worker: list[int] = field(default_factory=list)  # new articles each stored
    fetched_twice: int = 0
    cpu: dict[str, Any] = field(default_factory=dict)

    @property
    def to_last(self) -> float:
        return self.last_article - self.started

    @property
    def to_exit(self) -> float:
        return self.exited - self.started


def worker_command(registry: Path, db: str, redis: str, run: str, args: Any) -> list[str]:
    return [
        sys.executable,
        "-m",
        "crawler.cli",
        "crawl",
        "--registry",
        str(registry),
        "--site",
        KEY,
        "--db",
        db,
        "--redis",
        redis,
        "--redis-run",
        run,
        "--json",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        f"DOWNLOAD_DELAY={args.delay}",
        "-s",
        f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}",
        "-s",
        f"TUYENGIAO_IDLE_CLOSE={args.idle_close}",
        "-s",
        "LOG_LEVEL=WARNING",
        *[item for s in args.set for item in ("-s", s)],
    ]


def stored(db: str) -> tuple[set[tuple[str, str]], float]:
    """The store's articles as (URL, content hash), and when the last one was first stored."""
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from crawler.store.models import ArticleRow

    engine = create_engine(db)
    with Session(engine) as s:
        rows = {
            (r.url, r.content_hash)
            for r in s.execute(select(ArticleRow.url, ArticleRow.content_hash))
        }
        newest = s.scalar(select(func.max(ArticleRow.first_seen_at)))
    engine.dispose()
    if newest is None:
        return rows, 0.0
    if newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    return rows, newest.timestamp()


def crawl(workers: int, db: str, redis: str, run: str, registry: Path, args, conn, pids) -> Run:
    """Start ``workers`` workers at once on a fresh crawl; time and account them."""
    conn.send("times")  # start a new span of replica hits
    conn.recv()
    cmd = worker_command(registry, db, redis, run, args)
    before = (cpu_seconds(pids["server"]), cpu_seconds(pids["redis"]))
    ticks, load = machine_ticks(), os.getloadavg()[0]
    mono, started = time.monotonic(), time.time()
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(workers)
    ]
    sampler = CpuSampler([p.pid for p in procs])
    sampler.start()
    result = Run(workers, started)
    for p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            sys.exit(f"worker failed ({p.returncode}): {err[-2000:]}")
        result.per_worker.append(json.loads(out)["sites"][KEY]["new"])
    result.exited = time.time()
    sampler.done.set()
    sampler.join()
    busy, total = machine_ticks()
    conn.send("times")
    first, _, hits = conn.recv()
    result.head = first - mono
    result.requests = sum(hits.values())
    result.fetched_twice = sum(1 for path, n in hits.items() if n > 1 and path.endswith(".html"))
    result.articles, result.last_article = stored(db)
    wall = result.to_exit
    result.cpu = {
        "workers": [
            (sampler.own.get(p.pid, 0.0) / wall, sum(sampler.tree[p.pid].values()) / wall)
            for p in procs
        ],
        "server": (cpu_seconds(pids["server"]) - before[0]) / wall,
        "redis": (cpu_seconds(pids["redis"]) - before[1]) / wall,
        "machine": (busy - ticks[0]) / max(1, total - ticks[1]),
        "load": load,
    }
    return result


def report(rows: list[Run], args) -> bool:
    """Print the table and the ratios; True when every run stored the same corpus."""
    print(
        f"synthetic NukeViet site: {args.articles} articles; store: "
        f"{'PostgreSQL' if args.pg else 'SQLite'}; {os.cpu_count()} cores; latency "
        f"{args.latency * 1000:.0f} ms per response; per worker: DOWNLOAD_DELAY {args.delay}, "
        f"{args.concurrency} requests per domain; idle close {args.idle_close} s"
    )
    print(
        f"{'workers':>7} {'articles (each)':>15} {'requests':>8} {'to last article s':>17}"
        f" {'head s':>6} {'tail s':>6} {'exit s':>6}"
        "   cores used: each worker (process + pool) | replica redis | machine | load"
    )
    reference = rows[0].articles
    same = True
    for r in rows:
        each = " ".join(f"{own:.2f}+{pool:.2f}" for own, pool in r.cpu["workers"])
        print(
            f"{r.workers:>7} {len(r.articles):>5} {r.per_worker!s:>9} {r.requests:>8}"
            f" {r.to_last:>17.1f}"
            f" {r.head:>6.1f} {r.exited - r.last_article:>6.1f} {r.to_exit:>6.1f}"
            f"   {each:>41} | {r.cpu['server']:>7.2f} {r.cpu['redis']:>5.2f} |"
            f" {r.cpu['machine']:>7.0%} | {r.cpu['load']:.1f}"
        )
        same = same and r.articles == reference
    for one, two in zip(rows[0::2], rows[1::2], strict=False):
        print(
            f"two workers / one worker: {one.to_last / two.to_last:.2f}× to the last article, "
            f"{(one.to_last - one.head) / (two.to_last - two.head):.2f}× from the first "
            f"request to the last article, {one.to_exit / two.to_exit:.2f}× to exit"
        )
    twice = [r.fetched_twice for r in rows]
    if same:
        print(f"corpus: every run stored the same {len(reference)} articles (URL and content hash)")
    else:
        diff = [len(r.articles ^ reference) for r in rows]
        print(f"CORPUS DIFFERS: articles not in both, per run: {diff}")
    # Not a failure: Scrapy retries a page that timed out (30 s: an overloaded machine),
    # and a worker takes back the leases of one whose heartbeat stopped for 20 s.
    print(f"article pages fetched more than once, per run: {twice}")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--pg", help="a PostgreSQL server URL, or 'private' (default: SQLite)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per response")
    parser.add_argument("--delay", type=float, default=0.0, help="DOWNLOAD_DELAY per worker")
    parser.add_argument("--concurrency", type=int, default=16, help="requests per domain")
    parser.add_argument("--idle-close", type=float, default=1.0, help="TUYENGIAO_IDLE_CLOSE")
    parser.add_argument("--repeat", type=int, default=1, help="pairs of runs (1 then 2)")
    parser.add_argument("-s", "--set", action="append", default=[], help="more -s NAME=VALUE")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("redis-server is needed (apt-get install redis-server)")
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(
        target=serve, args=(args.articles, child, args.latency), daemon=True
    )
    server.start()
    registry_text = parent.recv()
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="scaleout-"))
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(0.5)
    rows: list[Run] = []
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, tmp, ignore_errors=True)
        stack.callback(server.join, 10)
        stack.callback(parent.send, "stop")
        stack.callback(redis.terminate)
        pg = args.pg
        if pg == "private":  # a throwaway server, as the tests start one
            from tests.servers import postgres_server

            pg = stack.enter_context(postgres_server("scaleout"))
        registry = tmp / "registry.toml"
        registry.write_text(registry_text, encoding="utf-8")
        pids = {"server": server.pid or 0, "redis": redis.pid}
        for n in range(args.repeat):
            for workers in (1, 2):
                name = f"scaleout_{workers}_{n}_{port}"
                db = fresh_pg_database(pg, name) if pg else f"sqlite:///{tmp / f'{name}.sqlite'}"
                url = f"redis://127.0.0.1:{port}/0"
                rows.append(crawl(workers, db, url, name, registry, args, parent, pids))
                print(f"  run {n + 1}, {workers} worker(s): done", file=sys.stderr)
    if not report(rows, args):
        sys.exit(1)


if __name__ == "__main__":
    main()
