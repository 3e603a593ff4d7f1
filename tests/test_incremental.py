"""Cron-ready crawling against a replica that moves in time (issue: incremental crawling).

Each test starts its own replica (the shared one must not change) and crawls it
through the CLI in a subprocess, as cron would.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from crawler.registry import dump_sites
from crawler.store.lock import RunLock
from crawler.store.models import ArticleRow, ArticleVersionRow, CrawlRunRow
from replica.server import ReplicaServer, renderer
from tests.conftest import FAST, ROOT, run_cli

NV = "replica-tuyengiaokontum"  # NukeViet: RSS + sitemap + listings
WP = "replica-chodon"  # WordPress: sitemap + listings, no feed


class Lab:
    """One replica site, a registry for it and a store; crawl and inspect."""

    def __init__(self, key: str, tmp: Path) -> None:
        self.key = key
        self.replica = ReplicaServer(keys=[key]).start()
        self.registry = tmp / "reg.toml"
        self.registry.write_text(dump_sites(self.replica.sites.values()), encoding="utf-8")
        self.db = tmp / "corpus.sqlite"
        self.engine = create_engine(f"sqlite:///{self.db}")

    def crawl(self, *extra: str, expect: int = 0) -> subprocess.CompletedProcess[str]:
        self.replica.hits(self.key).clear()
        result = run_cli(
            "crawl",
            "--registry",
            str(self.registry),
            "--site",
            self.key,
            "--db",
            f"sqlite:///{self.db}",
            *FAST,
            *extra,
        )
        assert result.returncode == expect, result.stdout + result.stderr[-3000:]
        return result

    def article_paths(self) -> set[str]:
        content = self.replica.content[self.key]
        module = renderer(content.family)
        return {module.article_path(content, a) for a in content.articles}

    def rows(self) -> dict[str, ArticleRow]:
        with Session(self.engine) as s:
            return {r.url: r for r in s.scalars(select(ArticleRow))}

    def last_run(self) -> CrawlRunRow:
        with Session(self.engine) as s:
            return s.scalars(select(CrawlRunRow).order_by(CrawlRunRow.id.desc())).first()

    def fetched_articles(self, paths: set[str]) -> set[str]:
        return {p for p in self.replica.hits(self.key) if p in paths}

    def new_article(self, n: int, section: str | None = None) -> object:
        content = self.replica.content[self.key]
        base = next(a for a in content.articles if not a.seed and a.published)
        if section:
            base = next(a for a in content.articles if not a.seed and a.section == section)
        return replace(
            base,
            id=900000 + n,
            slug=f"{base.slug}-moi-{n}",
            title=f"Tin mới số {n}: {base.title}",
            published=f"2025-12-{10 + n:02d}T08:{n:02d}",
            seed=None,
            views=base.views,
            body=[{"p": f"Đoạn mở đầu của tin mới số {n} về công tác tuyên giáo."}, *base.body],
        )

    def close(self) -> None:
        self.replica.stop()


@pytest.fixture
def lab(request, tmp_path):
    lab = Lab(getattr(request, "param", NV), tmp_path)
    yield lab
    lab.close()


@pytest.mark.parametrize("lab", [NV, WP], indirect=True)
def test_unchanged_rerun_fetches_no_article_page(lab):
    lab.crawl()
    first = lab.rows()
    assert len(first) == len(lab.article_paths())
    lab.crawl("-s", "TUYENGIAO_RECHECK_DAYS=0")  # nothing counts as recent: nothing due
    paths = lab.article_paths()
    assert lab.fetched_articles(paths) == set()
    site = lab.replica.sites[lab.key]
    sections = {s.path for s in site.sections}
    listing_hits = {p for p in lab.replica.hits(lab.key) if p not in paths}
    # Only robots.txt, feeds, sitemaps and the first page of each section.
    for path in listing_hits:
        assert path in sections or any(w in path for w in ("robots", "rss", "feed", "sitemap")), (
            path
        )
    assert sections <= listing_hits
    run = lab.last_run()
    assert (run.new, run.changed, run.gone, run.rechecked) == (0, 0, 0, 0)
    assert {u: r.content_hash for u, r in lab.rows().items()} == {
        u: r.content_hash for u, r in first.items()
    }


@pytest.mark.parametrize("lab", [WP], indirect=True)
def test_recent_articles_are_rechecked_conditionally_and_counted_apart(lab):
    # This site shows no dates: every article is as young as its first sighting.
    lab.crawl()
    lab.crawl()
    run = lab.last_run()
    stored = len(lab.rows())
    assert run.rechecked == stored
    assert run.not_modified == stored  # every re-check answered 304
    assert (run.new, run.changed, run.unchanged) == (0, 0, 0)


def test_k_new_articles_give_exactly_k_new_rows(lab):
    lab.crawl()
    before = len(lab.rows())
    sections = [s.key for s in lab.replica.content[lab.key].sections]
    urls = {lab.replica.publish(lab.key, lab.new_article(i, sections[i % 2])) for i in range(3)}
    lab.crawl()
    after = lab.rows()
    assert len(after) == before + 3
    assert urls <= set(after)
    assert lab.last_run().new == 3
    assert lab.fetched_articles(lab.article_paths()) == {
        p for p in lab.article_paths() if lab.replica.sites[lab.key].url(p) in urls
    }


def test_edit_gives_a_version_and_deletion_gives_gone(lab):
    lab.crawl()
    content = lab.replica.content[lab.key]
    edited, deleted = [a for a in content.articles if not a.seed][:2]
    edited_url = lab.replica.article_url(lab.key, edited)
    deleted_url = lab.replica.article_url(lab.key, deleted)
    lab.replica.edit(lab.key, edited.id, body=[*edited.body, {"p": "Đoạn bổ sung sau khi đăng."}])
    lab.replica.delete(lab.key, deleted.id)
    # Everything counts as recent: every known article is re-checked, conditionally.
    lab.crawl("-s", "TUYENGIAO_RECHECK_DAYS=100000")
    rows = lab.rows()
    assert rows[edited_url].body.endswith("Đoạn bổ sung sau khi đăng.")
    assert rows[deleted_url].status == "gone" and rows[deleted_url].body
    with Session(lab.engine) as s:
        versions = s.scalar(
            select(func.count())
            .select_from(ArticleVersionRow)
            .where(ArticleVersionRow.article_id == rows[edited_url].id)
        )
    assert versions == 2
    run = lab.last_run()
    assert (run.changed, run.gone) == (1, 1)
    assert run.rechecked == len(rows)
    # The others answer 304, or 200 when only their chrome changed (a neighbour's
    # title left their "other news" list): same content, no new version.
    assert run.not_modified + run.unchanged == len(rows) - 2
    assert run.not_modified > 0


def test_second_run_exits_with_the_lock_message_and_the_store_is_intact(lab):
    lab.crawl()
    before = {u: r.content_hash for u, r in lab.rows().items()}
    with RunLock(f"sqlite:///{lab.db}"):
        result = lab.crawl(expect=4)
    assert "another crawl" in result.stderr and "running" in result.stderr
    assert {u: r.content_hash for u, r in lab.rows().items()} == before


def _corpus(db: Path) -> set[tuple[str, str]]:
    engine = create_engine(f"sqlite:///{db}")
    with Session(engine) as s:
        return {(r.url, r.content_hash) for r in s.scalars(select(ArticleRow))}


@pytest.mark.parametrize("kill_after", [0.8, 2.0, 3.5])
def test_killed_run_resumes_to_the_same_corpus(lab, tmp_path, kill_after):
    lab.replica.slow_down(0.05)
    reference = tmp_path / "reference.sqlite"
    result = run_cli(
        "crawl",
        "--registry",
        str(lab.registry),
        "--site",
        lab.key,
        "--db",
        f"sqlite:///{reference}",
        *FAST,
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        "-s",
        "TUYENGIAO_STORE_BATCH=3",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            "--registry",
            str(lab.registry),
            "--site",
            lab.key,
            "--db",
            f"sqlite:///{lab.db}",
            *FAST,
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=2",
            "-s",
            "TUYENGIAO_STORE_BATCH=3",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(kill_after)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    lab.crawl("-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")
    assert _corpus(lab.db) == _corpus(reference)
