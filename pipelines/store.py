"""Stage 4, store: batched, idempotent upserts and the run record.

Articles are written in batches (``TUYENGIAO_STORE_BATCH``, default 100: per-item
commits halve throughput, docs/evidence.md §6.2) and on close. A page whose
extraction failed is counted as ``rejected`` with its reason and never stored
as a good article; a re-check answered 304 touches the row, a 404/410 marks it
``gone``. When the spider closes, one ``crawl_runs`` row per site records what
the run did there and whether the site looks broken (``health``), and the
incremental state (HTTP validators, sections walked to known ground) is saved.
"""

from __future__ import annotations

import logging
import statistics
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crawler.items import Article, PageWork, RawPage
from crawler.store.db import open_store
from crawler.store.models import ArticleRow, CrawlRunRow, FetchStateRow, SectionStateRow
from crawler.store.writer import mark_gone, sync_sites, touch, upsert_article, upsert_row

log = logging.getLogger(__name__)
COLLAPSE_RATIO = 0.4  # a run's median body below 40% of the site's usual median: layout change?


def store_articles(session: Session, articles: list[Article], now: datetime) -> Counter[str]:
    """Upsert a batch in one transaction; count outcomes ("new", "changed", …)."""
    outcomes: Counter[str] = Counter()
    for article in articles:
        outcomes[upsert_article(session, article, now)] += 1
    session.commit()
    return outcomes


def site_health(
    stored_this_run: int,
    rejected: int,
    listing_links: int,
    listing_pages: int,
    known_articles: int,
    median_now: int | None,
    median_before: int | None,
    new_this_run: int,
) -> str | None:
    """Why a site that used to give articles looks broken now, or None.

    Three signs of a layout change: every article page fetched was rejected by
    the extraction; listing pages answered but held no article link at all
    although the site has stored articles; the median body of this run's new
    articles collapsed against the site's history.
    """
    if rejected and not stored_this_run:
        return f"all {rejected} article pages fetched were rejected by the extraction"
    if listing_pages and not listing_links and known_articles:
        return f"{listing_pages} listing pages held no article link (the site had some before)"
    if (
        median_now is not None
        and median_before
        and new_this_run >= 3
        and median_now < COLLAPSE_RATIO * median_before
    ):
        return f"median body length fell from {median_before} to {median_now} characters"
    return None


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.db_url: str | None = settings.get("TUYENGIAO_DB")
        self.batch_size = settings.getint("TUYENGIAO_STORE_BATCH", 100)
        self.run_id = settings.get("TUYENGIAO_RUN_ID") or uuid.uuid4().hex[:12]
        self.pending: list[Article] = []
        self.pending_leases: list[str] = []
        self.outcomes: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.rejections: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.body_lengths: defaultdict[str, list[int]] = defaultdict(list)
        self.started_at = datetime.now(UTC)
        self.factory: sessionmaker[Session] | None = None
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.tuyengiao_store = self  # type: ignore[attr-defined]  # distributed: flush on idle

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.factory = open_store(self.db_url, immediate=True)
        spider = self.crawler.spider
        with self.factory() as session:
            sync_sites(session, spider.sites.values())
            for site in spider.sites.values():
                for section in site.sections:
                    upsert_row(
                        session,
                        SectionStateRow,
                        {
                            "site_key": site.key,
                            "section": section.path,
                            "started_at": self.started_at,
                        },
                        ["site_key", "section"],
                    )
            session.commit()

    def _release(self, leases: list[str | None]) -> None:
        """Distributed mode: tell the other workers these pages need no recovery."""
        coordinator = getattr(self.crawler, "tuyengiao_coordinator", None)
        if coordinator is not None:
            coordinator.release_leases([lease for lease in leases if lease])

    def process_item(self, item: PageWork) -> PageWork:
        raw = item.raw
        if raw.status in (304, 404, 410):
            self._answer(raw)
            self._release([raw.lease])
            return item
        article = item.article
        assert article is not None
        if article.problem:
            self.rejections[article.site][article.problem.split(":")[0]] += 1
            log.warning("%s: not stored (%s): %s", article.site, article.problem, article.url)
            self._release([raw.lease])
            return item
        self.body_lengths[article.site].append(len(article.body))
        self.pending.append(article)
        if raw.lease:
            self.pending_leases.append(raw.lease)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def _answer(self, raw: RawPage) -> None:
        """A re-check's answer: 304 → still there; 404/410 → gone (text kept)."""
        assert self.factory is not None
        now = datetime.now(UTC)
        with self.factory() as session:
            if raw.status == 304:
                self.outcomes[raw.site][touch(session, raw.url, now)] += 1
            elif mark_gone(session, raw.url, now):
                self.outcomes[raw.site]["gone"] += 1
            session.commit()

    def flush(self) -> None:
        """Write what is pending: one transaction per site, so outcomes count per site."""
        if self.factory is None or not self.pending:
            return
        by_site: defaultdict[str, list[Article]] = defaultdict(list)
        for article in self.pending:
            by_site[article.site].append(article)
        leases, self.pending, self.pending_leases = self.pending_leases, [], []
        for site, articles in by_site.items():
            with self.factory() as session:
                self.outcomes[site].update(store_articles(session, articles, datetime.now(UTC)))
        self._release(leases)

    def close_spider(self) -> None:
        self.flush()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """After the pipelines closed: incremental state, run record, health."""
        if self.factory is None:
            return
        self.flush()
        finished = reason == "finished"
        with self.factory() as session:
            self._save_state(session, spider, finished)
            summary = self._record_run(session, spider, reason)
            session.commit()
        self.crawler.tuyengiao_summary = summary  # type: ignore[attr-defined]

    def _save_state(self, session: Session, spider: Spider, finished: bool) -> None:
        now = datetime.now(UTC)
        for url, (site, etag, modified, status) in spider.validators_seen.items():
            values: dict[str, Any] = {
                "url": url,
                "site_key": site,
                "status": status,
                "checked_at": now,
            }
            if status != 304:  # a 304 keeps the validators we sent
                values |= {"etag": etag, "last_modified": modified}
            upsert_row(session, FetchStateRow, values, ["url"])
        if not finished:  # a killed or shut-down walk is not complete: walk again next time
            return
        for site, sections in spider.sections_done.items():
            for section in sections:
                state = session.get(SectionStateRow, (site, section))
                if state is not None:
                    state.completed_at = state.started_at

    def _record_run(self, session: Session, spider: Spider, reason: str) -> dict[str, Any]:
        requests = getattr(self.crawler, "site_requests", Counter())
        finished = datetime.now(UTC)
        summary: dict[str, Any] = {"run_id": self.run_id, "reason": reason, "sites": {}}
        for key in spider.sites:
            out = self.outcomes.get(key, Counter())
            errors = dict(spider.errors.get(key, Counter()))
            rejections = self.rejections.get(key, Counter())
            ok = spider.ok_responses.get(key, 0)
            lengths = self.body_lengths.get(key, [])
            median_now = int(statistics.median(lengths)) if lengths else None
            known = session.scalar(
                select(func.count()).select_from(ArticleRow).where(ArticleRow.site_key == key)
            )
            before = session.scalars(
                select(func.length(ArticleRow.body)).where(
                    ArticleRow.site_key == key, ArticleRow.first_seen_at < self.started_at
                )
            ).all()
            health = site_health(
                stored_this_run=sum(out[k] for k in ("new", "changed", "unchanged", "alias")),
                rejected=sum(rejections.values()),
                listing_links=spider.listing_links.get(key, 0),
                listing_pages=sum(n for (s, _), n in spider.listing_pages.items() if s == key),
                known_articles=known or 0,
                median_now=median_now,
                median_before=int(statistics.median(before)) if before else None,
                new_this_run=out["new"],
            )
            # No answer at all and errors: the site failed. (No answer and no error happens to a
            # distributed worker whose partners fetched every page of that site.)
            status = "failed" if ok == 0 and errors else "unhealthy" if health else "ok"
            row = CrawlRunRow(
                run_id=self.run_id,
                site_key=key,
                started_at=self.started_at,
                finished_at=finished,
                status=status,
                requests=requests.get(key, 0),
                new=out["new"],
                changed=out["changed"],
                unchanged=out["unchanged"],
                aliases=out["alias"],
                gone=out["gone"],
                rechecked=spider.rechecked.get(key, 0),
                not_modified=out["not_modified"],
                rejected=sum(rejections.values()),
                errors=sum(errors.values()),
                errors_by_kind=errors | {f"rejected:{k}": v for k, v in rejections.items()},
                median_body_length=median_now,
                health=health,
                message="no response from the site" if status == "failed" else None,
            )
            session.add(row)
            summary["sites"][key] = {
                "status": status,
                "requests": row.requests,
                "articles": row.new + row.changed + row.unchanged + row.aliases,
                "new": row.new,
                "changed": row.changed,
                "unchanged": row.unchanged,
                "aliases": row.aliases,
                "gone": row.gone,
                "rechecked": row.rechecked,
                "not_modified": row.not_modified,
                "skipped_known": spider.skipped_known.get(key, 0),
                "rejected": row.rejected,
                "errors": errors,
                "health": health,
            }
        return summary
