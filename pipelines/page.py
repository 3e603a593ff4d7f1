"""Thin Scrapy adapter for the page's stages: archive it and make it an article.

The work is done by pure functions in the core: ``crawler.store.warc.page_record`` (the
WARC record, hints included, compressed) and ``crawler.page.run_stages`` (extract → clean
→ dates), both in the page pool (``crawler/pool.py``) unless ``TUYENGIAO_PAGE_WORKERS=0``;
the record's bytes are appended to the run's WARC file here (``Archive``).
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.items import PageWork, RawPage
from crawler.pool import PageResult, SiteInputs, crawl_pool, work_page
from crawler.runrecord import StageError
from crawler.store.warc import WARC_VERSION, new_writer, warc_dir

log = logging.getLogger(__name__)


class Archive:
    """The run's WARC file: each article response (status 200) is a record, made by
    ``page_record`` (in the page pool, or inline) and appended here; its place goes on the page.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.stream: BinaryIO | None = None
        self.name = ""

    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.name = f"tuyengiao-{stamp}-{os.getpid()}.warc.gz"
        # Unbuffered: a failed write (full disk, file-size limit) fails the page it belongs to.
        self.stream = open(self.directory / self.name, "ab", buffering=0)  # noqa: SIM115
        writer = new_writer(self.stream)
        info = writer.create_warcinfo_record(
            self.name, {"software": "tuyengiao", "format": f"WARC File Format {WARC_VERSION}"}
        )
        writer.write_record(info)

    def append(self, record: bytes) -> str:
        """Append a record; its ``<file name>#<offset>``. A failed write leaves no half record
        and fails the page (``StageError("archive")``: not archived, so not stored either)."""
        try:
            if self.stream is None:
                self._open()
            assert self.stream is not None
            offset = self.stream.tell()
            try:
                view = memoryview(record)
                while view:
                    written = self.stream.write(view)
                    if not written:  # no progress: an error, not a loop without end
                        raise OSError(f"{self.name}: the file took no bytes")
                    view = view[written:]
            except OSError:
                self.stream.truncate(offset)  # no half record for the next one to follow
                raise
        except OSError as exc:
            raise StageError("archive") from exc
        return f"{self.name}#{offset}"

    def close(self) -> None:
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
        archived = crawler.settings.getbool("TUYENGIAO_WARC", True)
        self.archive = Archive(warc_dir(crawler.settings.get("TUYENGIAO_DB"))) if archived else None

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
        archive = self.archive is not None
        if self.pool is None:
            result = work_page(item, spec, profile, self.dialect, archive)
        else:  # a coroutine, not a returned Deferred (deprecated since Scrapy 2.13)
            shared = self.inputs.shared(item.site)
            pending = self.pool.submit(work_page, item, spec, shared, self.dialect, archive)
            result = await maybe_deferred_to_future(pending)
        if self.archive is not None and result.record is not None:
            # Archived whatever the stages gave: a page they failed on can be read again.
            item.warc_ref = self.archive.append(result.record)
            if result.article is not None:
                result.article.warc_ref = item.warc_ref
        return page_work(item, result, used)

    async def close_spider(self) -> None:
        if self.pool is not None:  # the tasks running (a profile learning) finish first
            await maybe_deferred_to_future(self.pool.close())
        if self.archive is not None:
            self.archive.close()


def page_work(raw: RawPage, result: PageResult, profile_pages: int = 0) -> PageWork:
    """The stages' result on its page; a stage's exception is raised here, named."""
    if result.error is not None:
        if result.trace:  # the worker's traceback, as Scrapy logs an inline stage's
            log.error(
                "%s: the %s stage raised on %s\n%s", raw.site, result.stage, raw.url, result.trace
            )
        raise StageError(result.stage or "pipeline") from result.error
    return PageWork(raw, result.extracted, result.article, result.prepared, profile_pages)
