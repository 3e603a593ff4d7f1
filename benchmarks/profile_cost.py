"""What a site profile costs on the pages of a family site, per page, as a ratio against
reading the same pages with no profile, in the same run.

Three costs, over every article page of every replica family site:

- **read**: ``run_stages`` with the site's profile (learned from all its pages) against
  ``run_stages`` without one: the profile's template removal on family-read pages
  (``strip_template``: a copy of the parsed page, ``run_stages`` parses it once, and a
  walk of it);
- **learn**: ``learn`` fed the pages in batches of ``--every`` (the crawl's
  ``TUYENGIAO_PROFILE_EVERY``, 20), as the crawl does, against the same no-profile read;
- **learn, long site**: the same on a site of ``--long`` pages (the replica pages
  repeated under new URLs), where ``LEARN_SAMPLE`` bounds what is parsed.

Each time is the best of ``--repeat`` runs. Usage::

    python benchmarks/profile_cost.py
    python benchmarks/profile_cost.py --repeat 3 --long 400
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.ablation import SitePages, replica_pages
from crawler.items import RawPage
from crawler.page import run_stages
from crawler.profile import SiteProfile, learn

FETCHED = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
HEADERS = {"Content-Type": "text/html; charset=utf-8"}


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def read_all(site: SitePages, profile: SiteProfile | None) -> None:
    for url, html, _ in site.pages:
        run_stages(RawPage(url, site.key, FETCHED, 200, html, HEADERS), site.family, profile)


def learn_all(pages: list[tuple[str, bytes]], every: int) -> SiteProfile:
    profile = None
    for i in range(0, len(pages), every):
        profile = learn(pages[i : i + every], profile)
    assert profile is not None
    return profile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--every", type=int, default=20)
    parser.add_argument("--long", type=int, default=400, help="pages of the long site")
    args = parser.parse_args(argv)
    sites = [s for s in replica_pages() if s.family != "auto"]
    totals = {"plain": 0.0, "read": 0.0, "learn": 0.0}
    n = 0
    print(f"{'site':<26} {'pages':>5} {'no profile ms/p':>15} {'read ×':>7} {'learn ×':>8}")
    for site in sites:
        pages = [(url, html) for url, html, _ in site.pages]
        profile = learn(pages, site=site.key)
        plain = best(partial(read_all, site, None), args.repeat)
        read = best(partial(read_all, site, profile), args.repeat)
        learning = best(partial(learn_all, pages, args.every), args.repeat)
        k = len(pages)
        n += k
        totals["plain"] += plain
        totals["read"] += read
        totals["learn"] += learning
        print(
            f"{site.key:<26} {k:>5} {1000 * plain / k:>15.2f} "
            f"{read / plain:>6.2f}× {learning / plain:>7.2f}×"
        )
    print(
        f"{'all family sites':<26} {n:>5} {1000 * totals['plain'] / n:>15.2f} "
        f"{totals['read'] / totals['plain']:>6.2f}× {totals['learn'] / totals['plain']:>7.2f}×"
    )
    # A long site: the pages of all family sites under new URLs, learned as the crawl does.
    every_page = [(url, html) for s in sites for url, html, _ in s.pages]
    long_pages = [
        (f"{url}?copy={i}", html)
        for i in range(args.long // len(every_page) + 1)
        for url, html in every_page
    ][: args.long]
    learning = best(partial(learn_all, long_pages, args.every), 1)
    per_page_plain = totals["plain"] / n
    print(
        f"\nlong site, {len(long_pages)} pages learned in batches of {args.every}: "
        f"{1000 * learning / len(long_pages):.2f} ms/page = "
        f"{learning / len(long_pages) / per_page_plain:.2f}× the no-profile read"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
