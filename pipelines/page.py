"""Thin Scrapy adapters for the page's stages: archive it, then make it an article.

The work is done by pure functions in the core: ``crawler.store.warc.write_page`` (the WARC
record, hints included) and ``crawler.page.run_stages`` (extract → clean → dates).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import BinaryIO

from scrapy.crawler import Crawler
from warcio.warcwriter import WARCWriter

from crawler.items import PageWork, RawPage
from crawler.page import run_stages
from crawler.runrecord import StageError
from crawler.store.warc import WARC_VERSION, new_writer, warc_dir, write_page


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
    """RawPage → PageWork: the article of a 200 answer (``problem`` set when rejected)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PagePipeline:
        return cls(crawler)

    def process_item(self, item: RawPage) -> PageWork:
        if item.status != 200:  # 304 not modified, 404/410 gone: nothing to read
            return PageWork(raw=item)
        spider = self.crawler.spider
        family = spider.families.get(item.site) if spider is not None else None
        profile = getattr(spider, "site_profiles", {}).get(item.site)  # pipelines/profile.py
        return run_stages(item, family, profile)
