"""Requests and wall time of a first crawl, an unchanged re-run, and a re-run after k new
articles, on the offline replica (every site), in one run of this script.

    python benchmarks/recrawl.py [--k 5] [--delay 0.02]

``--delay`` makes every replica answer that many seconds late (a slow government
server), so wall times are dominated by requests, as on the real sites.
Requests are counted twice: by the replica server (what it answered) and by the
crawler's run record (what it sent, retries included).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.registry import dump_sites  # noqa: E402
from replica.server import ReplicaServer  # noqa: E402

FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=2",
]


def crawl(registry: Path, db: Path, keys: list[str]) -> tuple[float, dict]:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            "--registry",
            str(registry),
            "--site",
            ",".join(keys),
            "--db",
            f"sqlite:///{db}",
            "--json",
            *FAST,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"crawl failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed, json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", type=int, default=5, help="new articles per site before run 3")
    parser.add_argument("--delay", type=float, default=0.02, help="replica latency, seconds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ReplicaServer() as replica:
        replica.slow_down(args.delay)
        keys = list(replica.sites)
        registry = Path(tmp) / "replica.toml"
        registry.write_text(dump_sites(replica.sites.values()), encoding="utf-8")
        db = Path(tmp) / "corpus.sqlite"
        rows = []
        for label in ("first run", "unchanged re-run", f"after {args.k} new per site"):
            if label.startswith("after"):
                for key in keys:
                    content = replica.content[key]
                    base = next(a for a in content.articles if not a.seed)
                    for i in range(args.k):
                        replica.publish(
                            key,
                            replace(
                                base,
                                id=800000 + i,
                                slug=f"{base.slug}-bench-{i}",
                                title=f"Tin mới {i}: {base.title}",
                                seed=None,
                                published=f"2025-12-{10 + i:02d}T07:00" if base.published else None,
                            ),
                        )
            for key in keys:
                replica.hits(key).clear()
            elapsed, summary = crawl(registry, db, keys)
            answered = sum(sum(replica.hits(k).values()) for k in keys)
            sent = sum(s["requests"] for s in summary["sites"].values())
            new = sum(s["new"] for s in summary["sites"].values())
            rows.append((label, sent, answered, new, elapsed))
    print(f"replica: {len(keys)} sites, latency {args.delay * 1000:.0f} ms per request")
    print(f"{'run':<24} {'sent':>6} {'answered':>9} {'new rows':>9} {'wall s':>8}")
    for label, sent, answered, new, elapsed in rows:
        print(f"{label:<24} {sent:>6} {answered:>9} {new:>9} {elapsed:>8.2f}")
    print(f"unchanged re-run: {rows[1][2] / rows[0][2]:.0%} of the first run's requests")


if __name__ == "__main__":
    main()
