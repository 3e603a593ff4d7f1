"""Stage 4, store: batched, idempotent upserts; the thin adapter around ``crawler/store``.

Articles are written in batches (``TUYENGIAO_STORE_BATCH``, default 100: per-item
commits halve throughput, docs/evidence.md §6.2), after ``TUYENGIAO_STORE_FLUSH_SECONDS``
(default 1 s) at the latest, on a flush signal and on close; a batch is one transaction
of bulk statements (``crawler.store.bulk.store_batch``), written on one writer thread
with its own connection, in order, while the reactor goes on downloading; a batch's
outcomes are counted, its pages settled and its leases released on the reactor thread
once it is committed, and the flush signal and the close wait until every batch is. A
page whose
extraction failed is dropped (``DropItem``) with its reason and never stored; a
re-check answered 304 touches the row, a 404/410 marks it ``gone``. A batch whose
transaction fails is written again one article at a time, so one bad row costs one
page, not a hundred; each page that still fails is a stage failure of its site.
Counts go to Scrapy's stats and signals (``crawler/runrecord.py`` writes the run's
record).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet.task import LoopingCall

from crawler.items import Article, PageWork, RawPage
from crawler.registry import Site
from crawler.runrecord import (
    count,
    flush_requested,
    leases_done,
    page_settled,
    sites_opened,
    stage_failed,
)
from crawler.store.bulk import Prepared, store_batch
from crawler.store.db import open_store
from crawler.store.writer import mark_gone, sync_sites, touch

log = logging.getLogger(__name__)


def store_articles(
    session: Session,
    articles: list[Article],
    now: datetime,
    prepared: list[Prepared | None] | None = None,
) -> Counter[str]:
    """Store a batch in one transaction; count outcomes ("new", "changed", …)."""
    outcomes: Counter[str] = Counter(store_batch(session, articles, now, prepared))
    session.commit()
    return outcomes


@dataclass
class _Pending:
    article: Article
    requested: str  # the URL the crawl asked for (the frontier's key)
    lease: str | None
    prepared: Prepared | None = None  # computed in the page pool


class _Write:
    """One flush: each site's batch; what the writer thread committed and what failed."""

    def __init__(self, batches: list[tuple[str, list[_Pending]]]) -> None:
        self.batches = batches
        self.done: list[tuple[str, list[_Pending], Counter[str]]] = []
        self.failed: list[tuple[str, _Pending, Exception]] = []
        self.finished = threading.Event()


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.db_url: str | None = settings.get("TUYENGIAO_DB")
        self.batch_size = settings.getint("TUYENGIAO_STORE_BATCH", 100)
        self.flush_every = settings.getfloat("TUYENGIAO_STORE_FLUSH_SECONDS", 1.0)
        self.pending: list[_Pending] = []
        self.factory: sessionmaker[Session] | None = None
        self.timer: LoopingCall | None = None
        # Batches are written on one thread with its own connection, in order; their counts,
        # settled pages and leases are told on the reactor thread once committed.
        self.writer = ThreadPoolExecutor(1, thread_name_prefix="store-writer")
        self.writer_factory: sessionmaker[Session] | None = None
        self.writes: deque[_Write] = deque()  # handed to the writer, not counted yet
        crawler.signals.connect(self.flush_now, signal=flush_requested)
        crawler.signals.connect(self.on_sites, signal=sites_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.factory = open_store(self.db_url, immediate=True)
        self.writer_factory = open_store(self.db_url, immediate=True)
        if self.flush_every > 0:
            self.timer = LoopingCall(self.flush)
            self.timer.start(self.flush_every, now=False)

    def on_sites(self, sites: list[Site]) -> None:
        """Make sure the rows of this run's sites exist before their articles come."""
        assert self.factory is not None
        with self.factory() as session:
            sync_sites(session, sites)
            session.commit()

    def _signal(self, signal: object, **kwargs: object) -> None:
        self.crawler.signals.send_catch_log(signal, **kwargs)

    def _release(self, leases: list[str | None]) -> None:
        """Distributed mode: tell the other workers these pages need no recovery."""
        done = [lease for lease in leases if lease]
        if done:
            self._signal(leases_done, leases=done)

    def process_item(self, item: PageWork) -> PageWork:
        raw = item.raw
        requested = raw.requested_url or raw.url
        if raw.status in (304, 404, 410):
            self._answer(raw)
            self._signal(page_settled, site=raw.site, url=requested, kind=None, final=True)
            self._release([raw.lease])
            return item
        article = item.article
        assert article is not None
        if article.problem:
            self._release([raw.lease])
            raise DropItem(article.problem)
        self.pending.append(_Pending(article, requested, raw.lease, item.prepared))
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def _answer(self, raw: RawPage) -> None:
        """A re-check's answer: 304 → still there; 404/410 → gone (text kept)."""
        assert self.factory is not None
        now = datetime.now(UTC)
        with self.factory() as session:
            if raw.status == 304:
                outcome = touch(session, raw.url, now)
            else:
                outcome = "gone" if mark_gone(session, raw.url, now) else "unknown"
            session.commit()
        count(self.crawler.stats, raw.site, f"stored/{outcome}")

    def flush(self) -> None:
        """Hand what is pending to the writer thread: one transaction per site, so outcomes
        count per site; the reactor goes on downloading meanwhile."""
        if self.factory is None or not self.pending:
            return
        by_site: defaultdict[str, list[_Pending]] = defaultdict(list)
        for entry in self.pending:
            by_site[entry.article.site].append(entry)
        self.pending = []
        write = _Write(list(by_site.items()))
        future = self.writer.submit(self._write_all, write)
        self.writes.append(write)
        from twisted.internet import reactor  # installed by Scrapy before any flush

        future.add_done_callback(lambda _: reactor.callFromThread(self._settle, write))

    def _write_all(self, write: _Write) -> None:
        """On the writer thread, with its own connection: write each site's batch; a batch
        whose transaction fails is written again one article at a time, to find the bad row."""
        try:
            for site, entries in write.batches:
                try:
                    write.done.append((site, entries, self._write(entries)))
                except Exception:
                    for entry in entries:
                        try:
                            write.done.append((site, [entry], self._write([entry])))
                        except Exception as exc:
                            write.failed.append((site, entry, exc))
        finally:
            write.finished.set()

    def _write(self, entries: list[_Pending]) -> Counter[str]:
        assert self.writer_factory is not None
        with self.writer_factory() as session:
            try:
                return store_articles(
                    session,
                    [e.article for e in entries],
                    datetime.now(UTC),
                    [e.prepared for e in entries],
                )
            except BaseException:
                session.rollback()
                raise

    def _settle(self, write: _Write) -> None:
        """On the reactor thread, once a write is committed (or failed): count its outcomes,
        settle its pages and release their leases, in the order the writes were made."""
        while self.writes and self.writes[0].finished.is_set():
            self._account(self.writes.popleft())

    def _account(self, write: _Write) -> None:
        for site, entries, outcomes in write.done:
            for outcome, n in outcomes.items():
                count(self.crawler.stats, site, f"stored/{outcome}", n)
            for entry in entries:
                self._signal(page_settled, site=site, url=entry.requested, kind=None, final=True)
            self._release([e.lease for e in entries])
        for site, entry, exc in write.failed:
            cause = getattr(exc, "orig", None) or exc  # the driver's message
            log.error("%s: not stored (store failed: %s): %s", site, cause, entry.article.url)
            self._signal(stage_failed, site=site, url=entry.requested, stage="store", exc=exc)
            self._release([entry.lease])

    def flush_now(self) -> None:
        """Write what is pending and wait until every write is committed and counted (a
        distributed worker going idle: what it leases must be finished when this returns)."""
        self.flush()
        for write in list(self.writes):
            write.finished.wait()
        self._settle_all()

    def _settle_all(self) -> None:
        while self.writes:
            self._account(self.writes.popleft())

    def close_spider(self) -> None:
        if self.timer is not None and self.timer.running:
            self.timer.stop()
        self.flush_now()
        self.writer.shutdown(wait=True)
        if self.writer_factory is not None:
            self.writer_factory.kw["bind"].dispose()
