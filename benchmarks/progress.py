"""What the live crawl display costs (crawler/progress.py).

1. One redraw, in process: read the counters of N sites from a stats dict the size a
   real run keeps, and draw the table into a terminal-like buffer; CPU ms per redraw and
   the share of one core at the display's rate (``LIVE_INTERVAL``).
2. A whole crawl of the replica (``tuyengiao demo --free-ports``) on a pseudo-terminal,
   with the live display and with ``--no-progress``, alternated: the child's CPU time
   (user + system) with the display over without it, the same run.

    python benchmarks/progress.py [--repeat 2] [--skip-crawl]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.progress import LIVE_BUDGET, LIVE_INTERVAL, LiveView  # noqa: E402
from tests.test_progress import run_in_pty  # noqa: E402

COUNTERS = (
    "requests", "ok_responses", "fetched", "bytes", "listing_pages", "listing_links",
    "rechecked", "skipped_known", "stored/new", "stored/changed", "stored/unchanged",
    "stored/not_modified", "rejected/empty_body", "errors/http_404", "errors/timeout",
)  # fmt: skip


def redraw_cost(sites: int, ticks: int = 200) -> float:
    """CPU ms of one redraw of ``sites`` sites."""
    keys = [f"site-{i:03d}" for i in range(sites)]
    stats: dict[str, int] = {f"tuyengiao/{k}/{c}": 1 for k in keys for c in COUNTERS}
    stats |= {f"downloader/other/{i}": i for i in range(200)}  # Scrapy's own keys
    view = LiveView(keys)
    console = Console(file=io.StringIO(), force_terminal=True, width=160, height=50)
    start = time.process_time()
    for n in range(ticks):
        stats[f"tuyengiao/{keys[n % sites]}/requests"] += 1
        view.update(stats)
        console.print(view.render(console.size.height))
    return (time.process_time() - start) * 1000 / ticks


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crawl_cpu(live: bool) -> float:
    """CPU seconds of one demo crawl on a pseudo-terminal."""
    with tempfile.TemporaryDirectory() as tmp:
        argv = ["demo", "--free-ports", "--db", f"sqlite:///{tmp}/demo.sqlite"]
        os.environ["TUYENGIAO_HOME"] = tmp
        before = child_cpu()
        code, out = run_in_pty(argv if live else [*argv, "--no-progress"])
        spent = child_cpu() - before
    assert code == 0, out[-2000:]
    assert ("req/s" in out) == live
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--skip-crawl", action="store_true")
    args = parser.parse_args()
    print(f"redraws every {LIVE_INTERVAL}s")
    for sites in (15, 60, 200):
        ms = redraw_cost(sites)
        share = ms / (LIVE_INTERVAL * 1000)
        every = max(LIVE_INTERVAL, ms / 1000 / LIVE_BUDGET)  # what LiveDisplay.tick settles on
        print(
            f"{sites:>4} sites: {ms:6.2f} ms CPU per redraw, {share:.1%} of one core at "
            f"{LIVE_INTERVAL}s; redrawn every {every:.2f}s: {ms / 1000 / every:.1%}"
        )
    if args.skip_crawl:
        return
    with_live, without = [], []
    for _ in range(args.repeat):
        with_live.append(crawl_cpu(True))
        without.append(crawl_cpu(False))
    print(f"demo crawl CPU, live display: {' '.join(f'{s:.1f}s' for s in with_live)}")
    print(f"demo crawl CPU, --no-progress: {' '.join(f'{s:.1f}s' for s in without)}")
    print(f"ratio (sum with / sum without): {sum(with_live) / sum(without):.3f}")


if __name__ == "__main__":
    main()
