"""Thin Scrapy adapters for the page's stages: archive it, then make it an article.

The work is done by pure functions in the core: ``crawler.store.warc.write_page`` (the WARC
record, hints included) and ``crawler.page.run_stages`` (extract → clean → dates), the
latter in the page pool (``crawler/pool.py``) unless ``TUYENGIAO_PAGE_WORKERS=0``.
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from typing import BinaryIO

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from warcio.warcwriter import WARCWriter

from crawler.items import PageWork, RawPage
from crawler.pool import PageResult, SiteInputs, crawl_pool, work_page
from crawler.runrecord import StageError
from crawler.store.warc import WARC_VERSION, new_writer, warc_dir, write_page

log = logging.getLogger(__name__)


class ArchivePipeline:
    """Every article response (status 200) → a WARC record; its place goes on the page."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.enabled = settings.getbool("TUYENGIAO_WARC", True)
        self.directory = warc_dir(settings.get("TUYENGIAO_DB"))
        self.run_id = settings.get("TUYENGIAO_RUN_ID") or ""
        self.stream: BinaryIO | None = None
        self.writer: WARCWriter | None = None
        self.name = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.name = f"tuyengiao-{stamp}-{os.getpid()}.warc.gz"
        # Unbuffered: a failed write (full disk, file-size limit) fails the page it belongs to.
        self.stream = open(self.directory / self.name, "ab", buffering=0)  # noqa: SIM115
        self.writer = new_writer(self.stream)
        info = self.writer.create_warcinfo_record(
            self.name, {"software": "tuyengiao", "format": f"WARC File Format {WARC_VERSION}"}
        )
        self.writer.write_record(info)

    def process_item(self, item: RawPage) -> RawPage:
        if not self.enabled or item.status != 200:
            return item
        try:
            if self.writer is None:
                self._open()
            assert self.writer is not None and self.stream is not None
            offset = self.stream.tell()
            try:
                offset = write_page(self.writer, self.stream, item)
            except OSError:
                self.stream.truncate(offset)  # no half record for the next one to follow
                raise
        except OSError as exc:  # the page is not archived: it is not stored either
            raise StageError("archive") from exc
        item.warc_ref = f"{self.name}#{offset}"
        return item

    def close_spider(self) -> None:
        if self.stream is not None:
            self.stream.close()


class PagePipeline:
    """RawPage → PageWork: the article of a 200 answer (``problem`` set when rejected).

    The stages run in the page pool (awaited, so the reactor goes on) or, with
    ``TUYENGIAO_PAGE_WORKERS=0``, inline; the site's family and profile come from the
    run's signals (``SiteInputs``), never from the spider.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.inputs = SiteInputs(crawler)
        db = crawler.settings.get("TUYENGIAO_DB") or ""
        self.dialect = "postgresql" if db.startswith("postgresql") else "sqlite"
        self.pool = crawl_pool(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PagePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        if self.pool is not None:
            self.pool.start()

    async def process_item(self, item: RawPage) -> PageWork:
        if item.status != 200:  # 304 not modified, 404/410 gone: nothing to read
            return PageWork(raw=item)
        spec = self.inputs.families.get(item.site)
        profile = self.inputs.profiles.get(item.site)
        used = profile.pages if profile is not None else 0
        if self.pool is None:
            return page_work(item, work_page(item, spec, profile, self.dialect), used)
        # A coroutine, not a returned Deferred (deprecated since Scrapy 2.13).
        shared = self.inputs.shared(item.site)
        pending = self.pool.submit(work_page, item, spec, shared, self.dialect)
        result = await maybe_deferred_to_future(pending)
        return page_work(item, result, used)

    async def close_spider(self) -> None:
        if self.pool is not None:  # the tasks running (a profile learning) finish first
            await maybe_deferred_to_future(self.pool.close())


def page_work(raw: RawPage, result: PageResult, profile_pages: int = 0) -> PageWork:
    """The stages' result on its page; a stage's exception is raised here, named."""
    if result.error is not None:
        if result.trace:  # the worker's traceback, as Scrapy logs an inline stage's
            log.error(
                "%s: the %s stage raised on %s\n%s", raw.site, result.stage, raw.url, result.trace
            )
        raise StageError(result.stage or "pipeline") from result.error
    return PageWork(raw, result.extracted, result.article, result.prepared, profile_pages)
