"""The page pool (crawler/pool.py) changes where a page's work runs, never what it gives.

Crawls run through the CLI in a subprocess against the replica: every site crawled with
the stages inline (``TUYENGIAO_PAGE_WORKERS=0``) and in a pool of two workers must store
the same corpus, row for row; a worker that dies fails its pages loudly, and the next run
stores them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.pool import SharedProfile, page_workers
from crawler.profile import SiteProfile
from replica.server import ReplicaServer
from tests.conftest import FAST, ROOT, run_cli

# Every column a crawl decides, except the clock's (first/last seen, fetched) and the
# WARC offset (each run writes its own file); ids and clusters are compared through URLs.
COLUMNS = (
    "site_key, cms, title, lead, body, author, captions, category, tags, images, views, "
    "published_at, published_raw, published_offset, date_precision, date_source, "
    "updated_at, content_hash, status, extractor_version"
)


def corpus(db: Path) -> dict[str, tuple]:
    """Every stored URL (article or alias) → its article's columns, versions and index.

    An alias maps to its article's row: which of two URLs of one text was stored first
    depends on the order the answers came in, with or without a pool."""
    con = sqlite3.connect(db)
    try:
        rows = {
            r[0]: r[1:]
            for r in con.execute(
                f"SELECT a.url, {COLUMNS}, (SELECT count(*) FROM article_versions v "
                "WHERE v.article_id = a.id), (SELECT f.body FROM articles_fts f "
                "WHERE f.rowid = a.id) FROM articles a"
            )
        }
        for alias, article in con.execute(
            "SELECT l.url, a.url FROM article_aliases l JOIN articles a ON a.id = l.article_id"
        ):
            rows[alias] = rows[article]
        return rows
    finally:
        con.close()


def crawl(registry: Path, sites: str, db: Path, *extra: str, env=None):
    return run_cli(
        "crawl", "--registry", str(registry), "--site", sites, "--db", f"sqlite:///{db}",
        *FAST, *extra, env=env,
    )  # fmt: skip


def test_the_corpus_is_the_same_with_and_without_the_pool(
    replica: ReplicaServer, replica_registry: Path, tmp_path: Path
) -> None:
    sites = ",".join(replica.sites)
    stored = {}
    for workers in (0, 2):
        db = tmp_path / f"w{workers}.sqlite"
        result = crawl(replica_registry, sites, db, "-s", f"TUYENGIAO_PAGE_WORKERS={workers}")
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        stored[workers] = corpus(db)
    assert len(stored[0]) > 150
    assert stored[2].keys() == stored[0].keys()
    names = [*COLUMNS.split(", "), "versions", "index"]
    different = {}
    for url, inline in stored[0].items():
        pooled = stored[2][url]
        fields = [n for n, a, b in zip(names, inline, pooled, strict=True) if a != b]
        if inline[1].endswith("+profile") and "versions" in fields:
            # Read by the site's learned profile: pages read before it existed are read
            # again at the end, each a version; how many were in flight then is timing.
            fields.remove("versions")
        if fields:
            different[url] = fields
    assert not different, list(different.items())[:5]


# Injected into every interpreter of the crawl (sitecustomize): a pool worker that is
# given the victim page dies on the spot, as a worker killed by the OOM killer would.
KILLER = """
import multiprocessing, os
import crawler.pool as pool

_run = pool.run_stages

def run_stages(raw, *args, **kwargs):
    if multiprocessing.parent_process() is not None and raw.url.endswith({victim!r}):
        os._exit(9)
    return _run(raw, *args, **kwargs)

pool.run_stages = run_stages
"""


def test_a_dead_worker_fails_its_pages_and_the_next_run_stores_them(
    replica: ReplicaServer, replica_registry: Path, tmp_path: Path
) -> None:
    site = "replica-tuyengiaokontum"
    reference = tmp_path / "ref.sqlite"
    assert crawl(replica_registry, site, reference).returncode == 0
    expected = corpus(reference)
    victim = sorted(expected)[len(expected) // 2].rsplit("/", 1)[1]
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(KILLER.format(victim=victim), encoding="utf-8")
    db = tmp_path / "c.sqlite"
    result = crawl(
        replica_registry, site, db, "-s", "TUYENGIAO_PAGE_WORKERS=2",
        env={"PYTHONPATH": f"{hook}:{ROOT}"},
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]
    assert "pool:BrokenProcessPool" in result.stdout
    lost = set(expected) - set(corpus(db))
    assert any(url.endswith(victim) for url in lost)
    con = sqlite3.connect(db)
    pending = {u for (u,) in con.execute("SELECT url FROM frontier WHERE state = 'pending'")}
    con.close()
    assert lost <= pending  # the pages the dead worker held wait for the next run
    again = crawl(replica_registry, site, db)
    assert again.returncode == 0, again.stdout + again.stderr[-3000:]
    assert corpus(db) == expected


def test_the_pool_size_setting() -> None:
    assert page_workers(None) >= 1 and page_workers("") >= 1
    assert page_workers("0") == 0 and page_workers(3) == 3
    with pytest.raises(ValueError):
        page_workers(-1)


def test_a_shared_profile_is_the_profile_without_what_only_learning_reads() -> None:
    profile = SiteProfile(
        site="s", pages=5, seen=["a1", "b2"], counts={"k": 4}, paths={"body/div": [5, 90, 3]}
    )
    profile.container["body/div#main"] = 5
    shared = SharedProfile.of(profile)
    got = shared.profile()
    assert got == replace(profile, seen=[])
    assert shared.profile() is got  # read once per process
    newer = SharedProfile.of(replace(profile, pages=6, counts={"k": 5}))
    assert newer.profile().counts == {"k": 5} and shared.profile().counts == {"k": 4}


def test_a_worker_is_sent_each_profile_version_whole_once_and_always_can_read_it() -> None:
    import crawler.pool as pool

    versions = [
        SharedProfile.of(SiteProfile(site="s", pages=n, counts={"k": n})) for n in range(150)
    ]
    worker = pool._Worker(None, None)  # type: ignore[arg-type]
    pool._PROFILES.clear()  # this process plays the worker: its cache starts empty
    whole = 0
    for i in range(600):  # pages of the newest versions, and now and then an older one
        n = i // 4 if i % 7 else max(0, i // 4 - 70)
        sent = worker.slim(versions[n])
        whole += bool(sent.blob)
        assert sent.token == versions[n].token
        assert sent.profile().counts == {"k": n}
    assert whole < 300  # most pages go without the profile's bytes
    with pytest.raises(RuntimeError, match="without its blob"):
        SharedProfile("never-sent", b"").profile()
