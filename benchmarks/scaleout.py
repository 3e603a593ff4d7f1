"""Pages per second of one and two distributed workers on the same crawl, in one run.

    python benchmarks/scaleout.py [--articles 1500] [--pg URL] [--latency S] [--concurrency N]

A synthetic NukeViet replica site of ``--articles`` articles is served by a
separate process (the replica server, threaded, 127.0.0.1) so the workers do not
share its CPU; a private redis-server is started for the scheduler. The store is
one SQLite file per run, or PostgreSQL with ``--pg URL`` (a server where the URL's
user may create databases: each run gets a fresh database). Both runs fetch the
same pages: the Redis keys and the store are fresh for each.

Where the time goes is printed beside pages per second: the CPU seconds of the
workers (all of them), of the replica server and of redis-server, as cores used
over the run's wall time, and the whole machine's busy share (/proc/stat: other
jobs on the machine included). The active span is the time from the first to the
last request the replica answered: the crawl without the workers' start-up (Python,
Scrapy, the store) and their idle-close wait: "head" is the time from starting the
workers to the first request, "tail" from the last request to the last worker's exit.
``--latency S`` makes the replica answer every request after S seconds (a slow
government server): the crawl is then bound by waiting, not by CPU, and two workers
have twice the requests in flight.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

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
    server = ReplicaServer(keys=[KEY]).start()
    server.replace_content(KEY, big_site(n))
    if latency:
        server.slow_down(latency)
    site = server._servers[KEY]
    conn.send(dump_sites(server.sites.values()))
    while conn.recv() == "times":  # the span of the requests since the last ask
        hits, site.hits = site.hits, TimedHits()
        conn.send((getattr(hits, "first", 0.0), getattr(hits, "last", 0.0)))
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a running process has used (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crawl(
    registry: Path, db: str, redis: str, run: str, workers: int, concurrency: int
) -> tuple[float, float, int, int]:
    cmd = [
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
        "DOWNLOAD_DELAY=0",
        "-s",
        f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
        "-s",
        "TUYENGIAO_IDLE_CLOSE=1",
        "-s",
        "LOG_LEVEL=WARNING",
    ]
    started = time.monotonic()  # the replica's clock too (TimedHits)
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(workers)
    ]
    summaries = []
    for p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            sys.exit(f"worker failed ({p.returncode}): {err[-2000:]}")
        summaries.append(json.loads(out))
    elapsed = time.monotonic() - started
    print(
        f"  {workers} worker(s): articles stored per worker "
        f"{[s['sites'][KEY]['new'] for s in summaries]}",
        file=sys.stderr,
    )
    stored = sum(s["sites"][KEY]["new"] for s in summaries)
    requests = sum(s["sites"][KEY]["requests"] for s in summaries)
    return started, elapsed, stored, requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--pg", help="an empty PostgreSQL database URL (default: SQLite)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per response")
    parser.add_argument("--concurrency", type=int, default=16, help="requests per worker")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("redis-server is needed (apt-get install redis-server)")
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(
        target=serve, args=(args.articles, child, args.latency), daemon=True
    )
    server.start()
    assert server.pid is not None
    registry_text = parent.recv()
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="scaleout-"))
    redis = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    try:
        registry = tmp / "registry.toml"
        registry.write_text(registry_text, encoding="utf-8")
        rows = []
        for workers in (1, 2):
            if args.pg:
                db = fresh_pg_database(args.pg, f"scaleout_{workers}_{port}")
            else:
                db = f"sqlite:///{tmp / f'w{workers}.sqlite'}"
            parent.send("times")  # start a new span
            parent.recv()
            before = (
                children_cpu(), cpu_seconds(server.pid), cpu_seconds(redis.pid), machine_ticks()
            )  # fmt: skip
            load = os.getloadavg()[0]
            started, elapsed, stored, requests = crawl(
                registry, db, f"redis://127.0.0.1:{port}/0", f"bench{workers}", workers,
                args.concurrency,
            )  # fmt: skip
            busy, total = machine_ticks()
            parent.send("times")
            first, last = parent.recv()
            cpu = {
                "active": last - first,
                "head": first - started,
                "tail": started + elapsed - last,
                "workers": children_cpu() - before[0],
                "server": cpu_seconds(server.pid) - before[1],
                "redis": cpu_seconds(redis.pid) - before[2],
                "machine": (busy - before[3][0]) / max(1, total - before[3][1]),
                "load": load,
            }
            rows.append((workers, stored, requests, elapsed, cpu))
    finally:
        redis.terminate()
        parent.send("stop")
        server.join(10)
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"synthetic NukeViet site: {args.articles} articles; store: "
        f"{'PostgreSQL' if args.pg else 'SQLite'}; {os.cpu_count()} cores; latency "
        f"{args.latency * 1000:.0f} ms per response; {args.concurrency} requests per worker"
    )
    print(
        f"{'workers':>7} {'articles':>9} {'requests':>9} {'wall s':>8} {'pages/s':>8}"
        f" {'active s':>9} {'pages/s':>8} {'head s':>7} {'tail s':>7}"
        "   cores used: workers server redis | machine busy | load at start"
    )
    for workers, stored, requests, elapsed, cpu in rows:
        active = max(cpu["active"], 1e-9)
        print(
            f"{workers:>7} {stored:>9} {requests:>9} {elapsed:>8.1f} {requests / elapsed:>8.1f}"
            f" {active:>9.1f} {requests / active:>8.1f} {cpu['head']:>7.1f} {cpu['tail']:>7.1f}"
            f"   {cpu['workers'] / elapsed:>19.2f} {cpu['server'] / elapsed:>6.2f} "
            f"{cpu['redis'] / elapsed:>5.2f} | {cpu['machine']:>11.0%} | {cpu['load']:.1f}"
        )
    if len(rows) == 2:
        print(
            f"two workers / one worker: {rows[0][3] / rows[1][3]:.2f}× the speed over the "
            "wall time (each worker's start-up and its idle close included); "
            f"{rows[0][4]['active'] / rows[1][4]['active']:.2f}× over the active span "
            "(first to last request the replica answered)"
        )


if __name__ == "__main__":
    main()
