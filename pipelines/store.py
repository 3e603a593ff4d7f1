"""Stage 4, store: batched, idempotent upserts and the run record.

Articles are written in batches (``TUYENGIAO_STORE_BATCH``, default 100: per-item
commits halve throughput, research/infra.md §2) and on close. A page whose
extraction failed is counted as ``rejected`` with its reason and never stored
as a good article. At the end one ``crawl_runs`` row per site records what the
run did there.
"""

from __future__ import annotations

import logging
import statistics
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy.orm import Session, sessionmaker

from crawler.items import Article, PageWork
from crawler.store.db import open_store
from crawler.store.models import CrawlRunRow
from crawler.store.writer import sync_sites, upsert_article

log = logging.getLogger(__name__)


def store_articles(session: Session, articles: list[Article], now: datetime) -> Counter[str]:
    """Upsert a batch in one transaction; count outcomes ("new", "changed", …)."""
    outcomes: Counter[str] = Counter()
    for article in articles:
        outcomes[upsert_article(session, article, now)] += 1
    session.commit()
    return outcomes


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.db_url: str | None = settings.get("TUYENGIAO_DB")
        self.batch_size = settings.getint("TUYENGIAO_STORE_BATCH", 100)
        self.run_id = settings.get("TUYENGIAO_RUN_ID") or uuid.uuid4().hex[:12]
        self.pending: list[Article] = []
        self.outcomes: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.rejections: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.body_lengths: defaultdict[str, list[int]] = defaultdict(list)
        self.started_at = datetime.now(UTC)
        self.factory: sessionmaker[Session] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.factory = open_store(self.db_url)
        spider = self.crawler.spider
        with self.factory() as session:
            sync_sites(session, spider.sites.values())
            session.commit()

    def process_item(self, item: PageWork) -> PageWork:
        article = item.article
        assert article is not None
        if article.problem:
            self.rejections[article.site][article.problem.split(":")[0]] += 1
            log.warning("%s: not stored (%s): %s", article.site, article.problem, article.url)
            return item
        self.body_lengths[article.site].append(len(article.body))
        self.pending.append(article)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        """Write what is pending: one transaction per site, so outcomes count per site."""
        if self.factory is None or not self.pending:
            return
        by_site: defaultdict[str, list[Article]] = defaultdict(list)
        for article in self.pending:
            by_site[article.site].append(article)
        self.pending = []
        for site, articles in by_site.items():
            with self.factory() as session:
                self.outcomes[site].update(store_articles(session, articles, datetime.now(UTC)))

    def close_spider(self) -> None:
        self.flush()
        self.record_run()

    def record_run(self) -> None:
        if self.factory is None:
            return
        spider = self.crawler.spider
        requests = getattr(self.crawler, "site_requests", Counter())
        finished = datetime.now(UTC)
        summary: dict[str, Any] = {"run_id": self.run_id, "sites": {}}
        with self.factory() as session:
            for key in spider.sites:
                out = self.outcomes.get(key, Counter())
                errors = dict(spider.errors.get(key, Counter()))
                ok = spider.ok_responses.get(key, 0)
                lengths = self.body_lengths.get(key, [])
                stored = sum(out[k] for k in ("new", "changed", "unchanged", "alias"))
                status = "failed" if ok == 0 else "ok"
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
                    rejected=sum(self.rejections.get(key, Counter()).values()),
                    errors=sum(errors.values()),
                    errors_by_kind=errors
                    | {f"rejected:{k}": v for k, v in self.rejections.get(key, {}).items()},
                    median_body_length=int(statistics.median(lengths)) if lengths else None,
                    message=None if ok else "no response from the site",
                )
                session.add(row)
                summary["sites"][key] = {
                    "status": status,
                    "requests": row.requests,
                    "articles": stored,
                    "new": row.new,
                    "changed": row.changed,
                    "unchanged": row.unchanged,
                    "aliases": row.aliases,
                    "rejected": row.rejected,
                    "errors": errors,
                }
            session.commit()
        self.crawler.tuyengiao_summary = summary  # type: ignore[attr-defined]
