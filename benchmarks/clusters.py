"""Benchmark: syndication clustering, time and memory, on synthetic corpora.

    python benchmarks/clusters.py                       # all stages, default sizes
    python benchmarks/clusters.py --sign 20000 --cluster 1000000 --store 20000

Three stages, each in its own child process so that its peak RSS (``getrusage``)
is its own:

* ``sign``: N synthetic articles (the generator of ``benchmarks/query.py``: Zipf-like
  Vietnamese syllables), 2 % of them planted copies of an earlier article with a
  new intro (0–60 words) and/or a cut ending (0–40 %). Signing time per article is
  given beside ``tokens()`` on the same bodies (the folding every article already
  pays for the search index); then ``cluster_ids`` and pairwise precision/recall
  against the planted copies.
* ``cluster``: the clustering alone (banding, candidate pairs, verification,
  components) on M signatures: random ones for unrelated articles and, for 1 % of
  rows, copies of another row keeping 45–95 % of its MinHash values (what a copy
  sharing that share of shingles looks like). Signing a million articles is linear
  (the ``sign`` figure × M); this measures what is not.
* ``store``: K articles in a SQLite store (Core inserts), ``rebuild`` timed; then 1,000
  more stored one by one through the writer, the store-time hook on and off in turn
  (ratio = the hook's cost during a crawl).
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _planted_bodies(n: int, seed: int = 7) -> tuple[list[str], list[set[int]]]:
    """Bodies, and the planted groups (indices of an original and its copies)."""
    import random

    from benchmarks.query import Generator

    gen = Generator(seed)
    rng = random.Random(seed)
    bodies: list[str] = []
    groups: dict[int, set[int]] = {}
    for i in range(n):
        if i > 100 and rng.random() < 0.02:
            src = rng.randrange(i)
            root = next((g for g, members in groups.items() if src in members), src)
            paragraphs = bodies[src].split("\n")
            cut = int(len(paragraphs) * rng.uniform(0, 0.4))
            kept = paragraphs[: len(paragraphs) - cut] or paragraphs[:1]
            intro = [gen.sentence(rng.randint(1, 60))] if rng.random() < 0.6 else []
            bodies.append("\n".join(intro + kept))
            groups.setdefault(root, {root}).add(i)
        else:
            sentences = [gen.sentence(rng.randint(8, 22)) for _ in range(rng.randint(12, 40))]
            bodies.append(
                "\n".join(" ".join(sentences[k : k + 3]) for k in range(0, len(sentences), 3))
            )
    return bodies, list(groups.values())


def _score(found: dict[int, int], groups: list[set[int]]) -> tuple[float, float]:
    gold = {frozenset(p) for g in groups for p in itertools.combinations(sorted(g), 2)}
    members: dict[int, list[int]] = {}
    for i, c in found.items():
        members.setdefault(c, []).append(i)
    got = {frozenset(p) for m in members.values() for p in itertools.combinations(sorted(m), 2)}
    precision = len(got & gold) / len(got) if got else 1.0
    recall = len(got & gold) / len(gold) if gold else 1.0
    return precision, recall


def stage_sign(n: int) -> dict:
    import numpy as np

    from crawler.store import minhash as sg
    from crawler.store.near_dup import cluster_ids
    from crawler.store.tokens import tokens

    bodies, groups = _planted_bodies(n)
    t0 = time.perf_counter()
    for b in bodies:
        tokens(b)
    t_tokens = time.perf_counter() - t0
    t0 = time.perf_counter()
    sigs, sizes = sg.signatures(bodies)
    t_sign = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = cluster_ids(np.arange(n), sigs, sizes)
    t_cluster = time.perf_counter() - t0
    precision, recall = _score(found, groups)
    return {
        "articles": n,
        "planted_groups": len(groups),
        "ms_per_article_sign": round(t_sign / n * 1000, 3),
        "ms_per_article_tokens": round(t_tokens / n * 1000, 3),
        "sign_vs_tokens": round(t_sign / t_tokens, 1),
        "cluster_s": round(t_cluster, 2),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "peak_rss_mb": round(_rss_mb()),
    }


def stage_cluster(m: int) -> dict:
    import numpy as np

    from crawler.store import minhash as sg
    from crawler.store.near_dup import cluster_ids

    rng = np.random.default_rng(3)
    t0 = time.perf_counter()
    sigs = rng.integers(0, 2**32, size=(m, sg.NUM_PERM), dtype=np.uint32)
    sizes = np.full(m, 300, dtype=np.int64)
    copies = rng.choice(np.arange(m // 2, m), size=m // 100, replace=False)
    sources = rng.integers(0, m // 2, size=len(copies))
    keep = rng.uniform(0.45, 0.95, size=len(copies))
    for c, s, k in zip(copies, sources, keep, strict=True):
        mask = rng.random(sg.NUM_PERM) < k
        sigs[c, mask] = sigs[s, mask]
    t_make = time.perf_counter() - t0
    rss_data = _rss_mb()
    t0 = time.perf_counter()
    found = cluster_ids(np.arange(m), sigs, sizes)
    t_cluster = time.perf_counter() - t0
    # Expected: copies whose kept share passes the containment test 2J/(1+J) >= 0.6.
    j = keep  # the kept share is the Jaccard of the two signatures' sources, in expectation
    should = {
        int(c)
        for c, jj in zip(copies, j, strict=True)
        if 2 * jj / (1 + jj) >= sg.CONTAINMENT + 0.05
    }
    got = {i for i in found if i >= m // 2}
    recall = len(should & got) / len(should) if should else 1.0
    false = len([i for i in got if i not in set(copies.tolist())])
    return {
        "signatures": m,
        "planted_copies": len(copies),
        "make_s": round(t_make, 1),
        "cluster_s": round(t_cluster, 1),
        "recall_clear_copies": round(recall, 4),
        "unrelated_clustered": false,
        "rss_after_data_mb": round(rss_data),
        "peak_rss_mb": round(_rss_mb()),
    }


def stage_store(k: int) -> dict:
    from datetime import UTC, datetime

    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    import crawler.store.writer as writer
    from crawler.items import Article
    from crawler.registry import Site
    from crawler.store.db import open_store
    from crawler.store.models import ArticleRow
    from crawler.store.near_dup import rebuild

    bodies, _ = _planted_bodies(k + 1000, seed=11)
    now = datetime(2025, 1, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        factory = open_store(f"sqlite:///{tmp}/bench.sqlite")
        engine = factory.kw["bind"]
        with factory() as s:
            writer.sync_sites(s, [Site("s", "S", "P", "O", "https://s.example/", "generic")])
            s.commit()
        rows = [
            {"site_key": "s", "url": f"https://s.example/{i}", "cms": "generic", "body": b,
             "title": f"t{i}", "content_hash": str(i), "status": "live", "first_seen_at": now,
             "last_seen_at": now, "last_changed_at": now, "fetched_at": now}
            for i, b in enumerate(bodies[:k])
        ]  # fmt: skip
        with engine.begin() as conn:
            for start in range(0, k, 5000):
                conn.execute(insert(ArticleRow), rows[start : start + 5000])
        t0 = time.perf_counter()
        n, clustered, clusters = rebuild(engine)
        t_rebuild = time.perf_counter() - t0

        # Articles stored one by one, the hook on and off in turn (so that a cold or warm
        # cache, or a load spike, falls on both alike).
        real = writer.note_article
        spent = {True: 0.0, False: 0.0}
        try:
            with Session(engine) as s:
                for i, b in enumerate(bodies[k : k + 1000]):
                    hook = i % 2 == 0
                    writer.note_article = real if hook else (lambda *a, **kw: None)  # type: ignore[assignment]
                    url = f"https://s.example/n{i}"
                    a = Article(url=url, site="s", cms="generic", title=url, lead=None, body=b)
                    t = time.perf_counter()
                    writer.upsert_article(s, a, now)
                    s.commit()
                    spent[hook] += time.perf_counter() - t
        finally:
            writer.note_article = real
        with_hook, without = spent[True], spent[False]
        engine.dispose()
    return {
        "articles": n,
        "clustered": clustered,
        "clusters": clusters,
        "rebuild_s": round(t_rebuild, 1),
        "ms_per_article_rebuild": round(t_rebuild / n * 1000, 2),
        "store_ms_with_hook": round(with_hook / 500 * 1000, 2),
        "store_ms_without_hook": round(without / 500 * 1000, 2),
        "hook_ratio": round(with_hook / without, 2),
        "peak_rss_mb": round(_rss_mb()),
    }


STAGES = {"sign": stage_sign, "cluster": stage_cluster, "store": stage_store}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sign", type=int, default=20_000)
    ap.add_argument("--cluster", type=int, default=1_000_000)
    ap.add_argument("--store", type=int, default=20_000)
    ap.add_argument("--stage", choices=list(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        print(json.dumps(STAGES[args.stage](args.size)))
        return
    for stage in STAGES:
        size = getattr(args, stage)
        if not size:
            continue
        out = subprocess.run(
            [sys.executable, __file__, "--stage", stage, "--size", str(size)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if out.returncode:
            print(f"{stage}: failed\n{out.stderr[-2000:]}", file=sys.stderr)
            sys.exit(1)
        print(f"{stage}: {out.stdout.strip()}")


if __name__ == "__main__":
    main()
