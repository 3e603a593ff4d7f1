"""CPU time of a page's work in the crawl, per page, on the throughput benchmark's site.

    python benchmarks/page_cost.py [--articles 1000] [--baseline TREE] [--repeat 3]
                                   [--profile FILE.prof]

The pages are those of ``benchmarks/throughput.py``'s synthetic NukeViet site
(``scaleout.big_site``), rendered in-process, in article order. Each page goes through
what the crawl does with it, in one process and nothing else (no Scrapy, no store):

- **page**: ``crawler.pool.work_page``, the function a pool worker runs (and an inline
  crawl runs on the reactor thread): decode, family extraction, clean, dates, the site
  profile where it applies, and the store's row preparation (hash, index text, MinHash);
- **learn**: the site profile learned as ``pipelines/profile.py`` feeds it (``MIN_PAGES``
  first, then every ``TUYENGIAO_PROFILE_EVERY`` = 20 pages, each profile used by the
  pages after it);
- **pickle**: the page's result pickled and unpickled (what crosses back from a pool worker).

Each run is a fresh process (cold caches, as a crawl starts), timed with its CPU clock.
``--baseline TREE`` (another checkout, e.g. ``git worktree add /tmp/base main``) runs the
same pages with that tree's code, alternating with this tree's runs, and prints the ratio
(this tree ÷ baseline) of the best run of each; the two trees must store the same
articles: the script compares a digest of every result and of the learned profile, and
exits 1 when they differ. ``--profile``: one run of this tree under cProfile, saved.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import subprocess
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BASE_URL = "http://127.0.0.1:8000/"
FETCHED = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def child(tree: str, articles: int, profile_to: str | None) -> dict[str, Any]:
    """One run with the code of ``tree`` (imported from there): CPU seconds by part."""
    sys.path[:0] = [tree, str(Path(tree) / "benchmarks")]
    from scaleout import KEY, big_site

    from crawler.items import RawPage
    from crawler.pool import FamilySpec, work_page
    from crawler.profile import learn
    from crawler.profile.model import MIN_PAGES
    from replica.server import render, renderer

    content = big_site(articles)
    rendered = render(content, BASE_URL)
    module = renderer(content.family)
    pages = []
    for a in content.articles:
        page = rendered[module.article_path(content, a)]
        url = BASE_URL.rstrip("/") + module.article_path(content, a)
        headers = {"Content-Type": page.content_type}
        pages.append(RawPage(url, KEY, FETCHED, page.status, page.body, headers))
    spec = FamilySpec(content.family, {})
    work_page(pages[0], spec, None, "sqlite")  # imports done before the clock starts
    every = 20
    spent = {"page": 0.0, "learn": 0.0, "pickle": 0.0}
    digest = hashlib.sha256()
    profile = None
    pending: list[tuple[str, bytes]] = []
    clock = time.process_time
    profiler = None
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    for raw in pages:
        t0 = clock()
        result = work_page(raw, spec, profile, "sqlite")
        t1 = clock()
        pickle.loads(pickle.dumps(result, pickle.HIGHEST_PROTOCOL))
        t2 = clock()
        spent["page"] += t1 - t0
        spent["pickle"] += t2 - t1
        if result.extracted is not None:
            pending.append((raw.url, raw.html))
            if len(pending) >= (MIN_PAGES if profile is None or not profile.usable else every):
                t3 = clock()
                learned = learn(pending, profile, site=raw.site)
                spent["learn"] += clock() - t3
                if learned.usable:
                    profile, pending = learned, []
        article = asdict(result.article) if result.article is not None else None
        if article is not None:
            article.pop("extractor_version")  # a hash of the rules' source: differs by tree
        digest.update(pickle.dumps((article, result.prepared, result.stage)))
    if profiler is not None and profile_to:
        profiler.disable()
        profiler.dump_stats(profile_to)
    digest.update(profile.to_json().encode() if profile is not None else b"")
    return {"pages": len(pages), "seconds": spent, "digest": digest.hexdigest()}


def run(tree: Path, articles: int, profile_to: str | None = None) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(tree)]
    cmd += ["--articles", str(articles)]
    if profile_to:
        cmd += ["--profile", profile_to]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"run in {tree} failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def line(label: str, best: dict[str, float], pages: int) -> str:
    ms = {k: 1000 * v / pages for k, v in best.items()}
    total = ms["page"] + ms["learn"]
    return f"{label:<10} {ms['page']:>8.2f} {ms['learn']:>8.2f} {total:>8.2f} {ms['pickle']:>8.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--baseline", type=Path, help="another source tree to compare with")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each tree (best kept)")
    parser.add_argument("--profile", help="save a cProfile of one run of this tree here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.articles, args.profile)))
        return 0
    if args.profile:
        run(ROOT, args.articles, str(Path(args.profile).resolve()))
        print(f"profile of one run saved to {args.profile}")
        return 0
    trees = {"this tree": ROOT}
    if args.baseline:
        trees = {"baseline": args.baseline.resolve(), **trees}
    best: dict[str, dict[str, float]] = {}
    digests: dict[str, str] = {}
    pages = 0
    for _ in range(args.repeat):
        for label, tree in trees.items():  # alternated: a change in the load hits both
            out = run(tree, args.articles)
            pages, digests[label] = out["pages"], out["digest"]
            if label not in best or sum(out["seconds"].values()) < sum(best[label].values()):
                best[label] = out["seconds"]
    load = os.getloadavg()
    print(
        f"{pages} article pages of the throughput site, CPU ms per page, best of "
        f"{args.repeat}; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    print(f"{'tree':<10} {'page':>8} {'learn':>8} {'total':>8} {'pickle':>8}")
    for label in trees:
        print(line(label, best[label], pages))
    if args.baseline:
        ratio = (best["this tree"]["page"] + best["this tree"]["learn"]) / (
            best["baseline"]["page"] + best["baseline"]["learn"]
        )
        same = digests["baseline"] == digests["this tree"]
        print(f"this tree ÷ baseline (page + learn): {ratio:.2f}; same results: {same}")
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
