"""The run record keeps no per-article state for the run (issue 14, memory), and writes
what it wrote before: a real Scrapy crawler's signals and a real SQLite store, no network.

A stored article leaves only its URL behind (its frontier row is deleted and its
validators are written while the run goes on); what was lost or given up, and the
feeds and sitemaps that listed it, are still written exactly at the end.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.registry import Site
from crawler.runrecord import RunRecorder, article_listed, page_settled, sites_opened
from crawler.store.db import open_store
from crawler.store.models import FetchStateRow, FrontierRow
from crawler.store.writer import sync_sites

SITE = Site(
    key="demo",
    name="Demo",
    province="Kon Tum",
    owner="Ban Tuyên giáo",
    base_url="http://demo.test/",
    cms="nukeviet4",
)
SITEMAP = "http://demo.test/sitemap.xml"
FEED = "http://demo.test/rss"


class Run:
    """One RunRecorder on a real crawler and store; sends what a crawl would."""

    def __init__(self, tmp: Path, **settings: Any) -> None:
        self.db = f"sqlite:///{tmp / 'corpus.sqlite'}"
        self.factory = open_store(self.db)
        with self.factory() as session:
            sync_sites(session, [SITE])
            session.commit()
        self.crawler = get_crawler(settings_dict={"TUYENGIAO_DB": self.db, **settings})
        self.recorder = RunRecorder.from_crawler(self.crawler)
        self.crawler.signals.send_catch_log(sites_opened, sites=[SITE])

    def answer(self, url: str, role: str, status: int = 200, etag: str | None = None) -> None:
        request = Request(url, meta={"site": SITE.key, "role": role})
        headers = {"ETag": etag} if etag else {}
        response = HtmlResponse(url, status=status, headers=headers, body=b"<p>x", request=request)
        self.recorder.response_received(response, request, None)  # type: ignore[arg-type]

    def list(self, url: str, source: str, title: str = "") -> None:
        hints = {"listing_title": title} if title else {}
        self.crawler.signals.send_catch_log(
            article_listed, site=SITE.key, url=url, hints=hints, source=source
        )

    def settle(self, url: str, kind: str | None, final: bool = True) -> None:
        self.crawler.signals.send_catch_log(
            page_settled, site=SITE.key, url=url, kind=kind, final=final
        )

    def close(self, reason: str = "finished") -> None:
        self.recorder.spider_closed(None, reason)  # type: ignore[arg-type]

    def frontier(self) -> dict[str, FrontierRow]:
        with Session(self.factory.kw["bind"]) as s:
            return {r.url: r for r in s.scalars(select(FrontierRow))}

    def fetch_state(self) -> dict[str, FetchStateRow]:
        with Session(self.factory.kw["bind"]) as s:
            return {r.url: r for r in s.scalars(select(FetchStateRow))}


def article(i: int) -> str:
    return f"http://demo.test/tin-tuc/bai-{i}.html"


def test_stored_articles_leave_only_their_url_behind_and_their_validators_in_the_store(
    tmp_path,
):
    run = Run(tmp_path)
    run.answer(SITEMAP, "sitemap", etag='"s1"')
    n = 1200
    for i in range(n):
        run.list(article(i), SITEMAP, title=f"Tin {i}")
    assert len(run.recorder.open) == n  # listed, not stored yet: kept until they are
    for i in range(n):
        run.answer(article(i), "article", etag=f'"a{i}"')
        run.settle(article(i), None)
        run.list(article(i), f"http://demo.test/tin-tuc/page-{i}")  # a listing names it again
    recorder = run.recorder
    assert recorder.open == {} and recorder.waiting == {}
    assert len(recorder.listed) == n  # the URL set, nothing more per article
    assert len(recorder.to_write) + len(recorder.to_delete) < 2 * 500
    # written while the run goes on, in batches
    assert len(run.fetch_state()) >= 1000
    run.close()
    state = run.fetch_state()
    assert {article(i) for i in range(n)} | {SITEMAP} == set(state)
    assert state[article(7)].etag == '"a7"' and state[SITEMAP].etag == '"s1"'
    assert run.frontier() == {}
    assert not run.crawler.stats.get_value("tuyengiao/demo/validators_held")


def test_lost_and_given_up_pages_are_written_at_the_end_and_hold_their_sitemap(tmp_path):
    run = Run(tmp_path)
    run.answer(SITEMAP, "sitemap", etag='"s1"')
    run.answer(FEED, "feed", etag='"f1"')
    for i in range(3):
        run.list(article(i), SITEMAP, title=f"Tin {i}")
    run.list(article(2), FEED)  # the feed lists only the page that is given up
    run.answer(article(0), "article", etag='"a0"')
    run.settle(article(0), None)
    run.answer(article(1), "article", status=503, etag='"a1"')
    run.settle(article(1), "http_503", final=False)
    run.answer(article(2), "article", status=404, etag='"a2"')
    run.settle(article(2), "http_404", final=True)
    run.close()
    frontier = run.frontier()
    assert set(frontier) == {article(1), article(2)}
    lost = frontier[article(1)]
    assert (lost.state, lost.attempts, lost.last_error) == ("pending", 1, "http_503")
    assert lost.hints == {"listing_title": "Tin 1"}
    gone = frontier[article(2)]
    assert (gone.state, gone.last_error) == ("given_up", "http_404")
    state = run.fetch_state()
    # the sitemap listed a page not stored: read in full next time; the feed's did settle
    assert SITEMAP not in state and FEED in state
    assert run.crawler.stats.get_value("tuyengiao/demo/validators_held") == 1
    assert article(0) in state and article(2) in state and article(1) not in state


def test_a_page_failing_its_last_attempt_is_given_up_and_releases_its_sitemap(tmp_path):
    run = Run(tmp_path, TUYENGIAO_FRONTIER_ATTEMPTS=2)
    run.list(article(1), SITEMAP)
    run.answer(article(1), "article", status=503, etag='"a1"')
    run.settle(article(1), "http_503", final=False)
    run.close("shutdown")
    assert run.frontier()[article(1)].state == "pending"

    run = Run(tmp_path, TUYENGIAO_FRONTIER_ATTEMPTS=2)
    run.answer(SITEMAP, "sitemap", etag='"s2"')
    run.list(article(1), "frontier")  # the spider lists the pending URLs first
    run.list(article(1), SITEMAP)
    run.answer(article(1), "article", status=503, etag='"a1"')
    run.settle(article(1), "http_503", final=False)
    run.close()
    row = run.frontier()[article(1)]
    assert (row.state, row.attempts, row.last_error) == ("given_up", 2, "http_503 (2 attempts)")
    state = run.fetch_state()
    assert SITEMAP in state and article(1) in state


@pytest.mark.parametrize("first", ["stored", "failed"])
def test_stored_is_never_overwritten_by_a_later_failure(tmp_path, first):
    run = Run(tmp_path)
    run.list(article(1), SITEMAP)
    if first == "failed":
        run.settle(article(1), "timeout", final=False)
    run.settle(article(1), None)
    run.settle(article(1), "timeout", final=False)
    run.close()
    assert run.frontier() == {}


def test_waiting_requests_go_to_a_disk_queue_of_the_run_own_unless_in_redis(tmp_path):
    from crawler.distributed import redis_settings
    from spiders.site import SiteSpider

    crawler = get_crawler(SiteSpider, settings_dict={"TUYENGIAO_DB": f"sqlite:///{tmp_path}/c"})
    queue = Path(crawler.settings["JOBDIR"])
    try:
        assert queue.is_dir() and queue.name.startswith("tuyengiao-queue-")
        spider = SiteSpider.from_crawler(crawler, sites=[SITE])
        spider.remove_queue()
        assert not queue.exists()
    finally:
        shutil.rmtree(queue, ignore_errors=True)
    for settings in (
        redis_settings("redis://127.0.0.1:1/0", "run"),
        {"TUYENGIAO_DISK_QUEUE": False},
        {"JOBDIR": str(tmp_path / "mine")},
    ):
        crawler = get_crawler(SiteSpider, settings_dict=settings)
        assert crawler.settings.get("TUYENGIAO_QUEUE_DIR") is None
