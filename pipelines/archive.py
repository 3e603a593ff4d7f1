"""Stage 0, archive: every fetched article response → a WARC record (warcio).

Raw pages are kept so a better extractor can be re-run over everything
collected (``tuyengiao reprocess``) without touching the sites again. Each
record's place, ``<file name>#<offset>``, goes on the article row
(``warc_ref``). One gzip-per-record file per run and process, next to the
SQLite store (``<store dir>/warc/``) or in the data home.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from scrapy.crawler import Crawler
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.items import RawPage
from crawler.store.db import data_home, default_db_url, sqlite_path

_HOP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


def warc_dir(db_url: str | None) -> Path:
    """Where WARC files go for a store: beside a SQLite file, else the data home."""
    if os.environ.get("TUYENGIAO_WARC_DIR"):
        return Path(os.environ["TUYENGIAO_WARC_DIR"])
    path = sqlite_path(db_url or default_db_url())
    return (path.parent if path else data_home()) / "warc"


def write_page(writer: WARCWriter, stream: BinaryIO, page: RawPage) -> int:
    """Append one response record for ``page``; return its offset in the file.

    The body is stored as Scrapy delivered it (already decompressed), so the
    encoding headers that described the wire form are dropped.
    """
    offset = stream.tell()
    headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _HOP_HEADERS]
    http_headers = StatusAndHeaders(f"{page.status} OK", headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.html),
        http_headers=http_headers,
        warc_headers_dict={
            "WARC-Date": page.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "WARC-Source-Site": page.site,
        },
    )
    writer.write_record(record)
    return offset


def read_page(ref: str, base: Path) -> RawPage:
    """The archived page behind a ``file#offset`` reference."""
    name, _, offset = ref.rpartition("#")
    with open(base / name, "rb") as fh:
        fh.seek(int(offset))
        record = next(iter(ArchiveIterator(fh)))
        return _page_of(record, ref)


def iter_pages(path: Path) -> Iterator[RawPage]:
    """Every response record of one WARC file, in order."""
    with open(path, "rb") as fh:
        iterator = ArchiveIterator(fh)
        for record in iterator:
            if record.rec_type == "response":
                yield _page_of(record, f"{path.name}#{iterator.get_record_offset()}")


def _page_of(record: ArcWarcRecord, ref: str) -> RawPage:
    http = record.http_headers
    return RawPage(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        site=record.rec_headers.get_header("WARC-Source-Site") or "",
        fetched_at=datetime.strptime(
            record.rec_headers.get_header("WARC-Date"), "%Y-%m-%dT%H:%M:%SZ"
        ).replace(tzinfo=UTC),
        status=int(http.get_statuscode() or 200),
        html=record.content_stream().read(),
        headers=dict(http.headers),
        warc_ref=ref,
    )


class ArchivePipeline:
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
        self.writer = WARCWriter(self.stream, gzip=True)
        info = self.writer.create_warcinfo_record(
            self.name, {"software": "tuyengiao", "format": "WARC File Format 1.1"}
        )
        self.writer.write_record(info)

    def process_item(self, item: RawPage) -> RawPage:
        if not self.enabled or item.status != 200:
            return item
        if self.writer is None:
            self._open()
        assert self.writer is not None and self.stream is not None
        offset = self.stream.tell()
        try:
            offset = write_page(self.writer, self.stream, item)
        except OSError:
            self.stream.truncate(offset)  # no half record for the next one to follow
            raise
        item.warc_ref = f"{self.name}#{offset}"
        return item

    def close_spider(self) -> None:
        if self.stream is not None:
            self.stream.close()
