"""Thin Scrapy adapter: learn each site's profile from the article pages the crawl fetches.

The learning is ``crawler.profile.learn`` (pure); this class only feeds it and keeps the
result in the store (``site_profiles``) and announces it (``profile_learned``, which the
page pipeline listens to and hands to ``run_stages``). It sits after the page pipeline, so
it sees what each page came out as:

- a site's profile is (re)learned once it has ``MIN_PAGES`` pages, then after every
  ``TUYENGIAO_PROFILE_EVERY`` new pages, and when the crawl ends; profiles of earlier runs
  are the starting point, and a page learned from already is never counted twice;
- with a page pool (``crawler/pool.py``) the learning runs in it, off the reactor thread:
  one learning a site at a time, the pages that arrive meanwhile wait and are then taken
  in one by one as if they had come during an inline run, so the batches (and the profile
  learned) are the same; a dead pool → the batch is learned here;
- the profile is stored when it has learned from twice the pages stored last, and at the
  end of the run (not after every batch: a save serialises the whole record);
- a page the family could not read, processed before the site's final profile of this run
  existed, is read again at the end with that profile and stored when it changed (so the
  first pages of a new site end up as good as the later ones, and a second run over the
  same pages finds nothing to change).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict, deque
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler.items import Extracted, PageWork, RawPage
from crawler.page import run_stages
from crawler.pool import SiteInputs, crawl_pool, profile_learned
from crawler.profile import SiteProfile, learn, worth_rereading
from crawler.profile.model import MIN_PAGES
from crawler.registry import Site
from crawler.runrecord import sites_opened
from crawler.store.db import open_store
from crawler.store.profiles import load_profiles, save_profile
from crawler.store.writer import upsert_article

log = logging.getLogger(__name__)
# Pages kept in memory for the end-of-run re-read; past that, ``tuyengiao reprocess`` does it.
MAX_REREAD = 2000


class ProfilePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.enabled = settings.getbool("TUYENGIAO_PROFILE", True)
        self.every = max(1, settings.getint("TUYENGIAO_PROFILE_EVERY", 20))
        self.db_url: str | None = settings.get("TUYENGIAO_DB")
        self.factory: sessionmaker[Session] | None = None
        self.profiles: dict[str, SiteProfile] = {}
        self.pending: defaultdict[str, list[tuple[str, bytes]]] = defaultdict(list)
        # Pages come in one by one (``_take``) in the order they arrived; while the site's
        # learning runs in the pool they wait here, so the batches are those of an inline run.
        self.arrived: defaultdict[str, deque[tuple[RawPage, Extracted, int]]] = defaultdict(deque)
        self.learning: dict[str, Deferred[None]] = {}  # site → its learning in the pool
        self.saved: dict[str, int] = {}  # site → pages of the profile last stored
        # Pages read without the site's final profile: (page, pages the profile had then).
        self.stale: defaultdict[str, list[tuple[RawPage, int]]] = defaultdict(list)
        self.kept = 0
        self.inputs = SiteInputs(crawler)  # each site's family, for the end-of-run re-read
        self.pool = crawl_pool(crawler) if self.enabled else None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProfilePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        if not self.enabled:
            return
        self.factory = open_store(self.db_url, immediate=True)
        self.crawler.signals.connect(self.on_sites, signal=sites_opened)

    def on_sites(self, sites: list[Site]) -> None:
        """Start from the profiles earlier runs learned for this run's sites."""
        assert self.factory is not None
        with self.factory() as session:
            self.profiles = load_profiles(session, [s.key for s in sites])
        for site, profile in self.profiles.items():
            self.saved[site] = profile.pages
            self._announce(site, profile)

    def _announce(self, site: str, profile: SiteProfile) -> None:
        self.crawler.signals.send_catch_log(profile_learned, site=site, profile=profile)

    def _learn(self, site: str) -> None:
        """Learn from the pending pages: in the pool when there is one (the pages that come
        meanwhile wait in ``arrived``), else here."""
        pages = self.pending[site]
        base = self.profiles.get(site)
        if self.pool is None:
            self._learned(site, learn(pages, base, site=site))
            return

        def inline(failure: Failure) -> SiteProfile:  # a dead or closed pool: learn here
            log.info("%s: profile learned in the crawl process (%s)", site, failure.value)
            return learn(pages, base, site=site)

        def done(result: SiteProfile | Failure) -> None:
            del self.learning[site]
            if isinstance(result, Failure):
                log.error("%s: profile learning failed: %s", site, result.getErrorMessage())
            else:
                self._learned(site, result)
            self._advance(site)

        task: Deferred[Any] = self.pool.submit(learn, list(pages), base, site, first=True)
        self.learning[site] = task
        task.addErrback(inline)
        task.addBoth(done)

    def _learned(self, site: str, profile: SiteProfile) -> None:
        if not profile.usable:  # keep the pages: the next ones may make it usable
            return
        self.pending[site] = []
        self.profiles[site] = profile
        self._announce(site, profile)
        # Stored when it learned from twice the pages stored last, and at the end of the run.
        if profile.pages >= 2 * self.saved.get(site, 0):
            self._save(site)

    def _save(self, site: str) -> None:
        profile = self.profiles.get(site)
        if self.factory is None or profile is None or self.saved.get(site) == profile.pages:
            return
        try:
            with self.factory() as session:
                save_profile(session, profile, datetime.now(UTC))
                session.commit()
            self.saved[site] = profile.pages
        except SQLAlchemyError as exc:  # another worker stored this site's first: next time
            log.warning("%s: profile not stored this time (%s)", site, exc.__class__.__name__)

    def _advance(self, site: str) -> None:
        """Take in the pages that arrived, one by one, until one starts a learning in the pool."""
        arrived = self.arrived[site]
        while arrived and site not in self.learning:
            self._take(site, *arrived.popleft())

    def _take(self, site: str, raw: RawPage, extracted: Extracted, used: int) -> None:
        self.pending[site].append((raw.url, raw.html))
        # A page its family read is kept only where the profile may change it (template
        # inside the article container): the re-read costs a parse per page.
        if self.kept < MAX_REREAD and worth_rereading(extracted, self.profiles.get(site)):
            # The profile the stages used (the page pool may have read it a while ago).
            self.stale[site].append((raw, used))
            self.kept += 1
        profile = self.profiles.get(site)
        due = MIN_PAGES if profile is None or not profile.usable else self.every
        if len(self.pending[site]) >= due:
            self._learn(site)

    def process_item(self, item: PageWork) -> PageWork:
        raw = item.raw
        if not self.enabled or raw.status != 200 or not raw.html or item.extracted is None:
            return item
        self.arrived[raw.site].append((raw, item.extracted, item.profile_pages))
        self._advance(raw.site)
        return item

    def close_spider(self) -> None:
        self.pool = None  # the page pipeline closes it: what is left is learned here

    async def _settled(self) -> None:
        """Wait until no learning is in flight and every page that arrived is taken in."""
        while True:
            for site in list(self.arrived):
                self._advance(site)
            if not self.learning:
                return
            for task in list(self.learning.values()):
                await maybe_deferred_to_future(task)

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        """Learn from the last pages, then re-read the pages an older profile read."""
        if not self.enabled or self.factory is None:
            return
        await self._settled()
        for site in [s for s, pages in self.pending.items() if pages]:
            self._learn(site)
        await self._settled()  # a learning started here may have gone to a pool
        for site in self.profiles:
            self._save(site)
        for site, pages in self.stale.items():
            profile = self.profiles.get(site)
            if profile is None or not profile.usable:
                continue
            outcomes: Counter[str] = Counter()
            for raw, used in pages:
                if used == profile.pages:
                    continue
                article = run_stages(raw, self.inputs.family(site), profile).article
                if article is None or article.problem:
                    outcomes["still rejected"] += 1
                    continue
                with self.factory() as session:
                    outcomes[upsert_article(session, article, datetime.now(UTC))] += 1
                    session.commit()
            if outcomes:
                log.info(
                    "%s: re-read %d pages with the profile learned from %d pages: %s",
                    site,
                    sum(outcomes.values()),
                    profile.pages,
                    dict(outcomes),
                )
