"""Stage 0, archive: every fetched article response → a WARC record (warcio).

Raw pages are kept so a better extractor can be re-run over everything
collected (``tuyengiao reprocess``) without touching the sites again. Each
record's place, ``<file name>#<offset>``, goes on the article row
(``warc_ref``). One gzip-per-record file per run and process, next to the
SQLite store (``<store dir>/warc/``) or in the data home (the Scrapy adapter is
``pipelines.page.Archive``; the record's bytes are made by ``page_record``, in a page
worker when there is a pool).

A record keeps what the crawl knew besides the bytes, so a re-extraction sees exactly
what the crawl saw: the fetch time to the microsecond (``WARC-Date``, WARC 1.1) and the
hints the page was found with, in ``WARC-Tuyengiao-*`` headers (``HINT_HEADERS``; absent
when empty). Their values are UTF-8, with ``%``, control characters and white space at
either end percent-escaped so that every value survives on one header line.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.items import RawPage
from crawler.store.db import data_home, default_db_url, sqlite_path

_HOP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
WARC_VERSION = "1.1"  # 1.1 allows fractions of a second in WARC-Date
# RawPage field → the WARC header that keeps it.
HINT_HEADERS = {
    "listing_date": "WARC-Tuyengiao-Listing-Date",
    "feed_date": "WARC-Tuyengiao-Feed-Date",
    "listing_title": "WARC-Tuyengiao-Listing-Title",
}
_UNSAFE = re.compile(r"%|[\x00-\x1f\x7f\x85\u2028\u2029]|^\s|\s$")
_DATE_FORMATS = ("%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%dT%H:%M:%SZ")


def _escape(value: str) -> str:
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), value)


def _warc_date(raw: str) -> datetime:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).replace(tzinfo=UTC)
        except ValueError:
            pass
    raise ValueError(f"bad WARC-Date {raw!r}")


def new_writer(stream: BinaryIO) -> WARCWriter:
    """A gzip-per-record writer of the WARC version ``write_page`` relies on."""
    return WARCWriter(stream, gzip=True, warc_version=WARC_VERSION)


def warc_dir(db_url: str | None) -> Path:
    """Where WARC files go for a store: beside a SQLite file, else the data home."""
    if os.environ.get("TUYENGIAO_WARC_DIR"):
        return Path(os.environ["TUYENGIAO_WARC_DIR"])
    path = sqlite_path(db_url or default_db_url())
    return (path.parent if path else data_home()) / "warc"


def write_page(writer: WARCWriter, stream: BinaryIO, page: RawPage) -> int:
    """Append one response record for ``page``; return its offset in the file.

    The body is stored as Scrapy delivered it (already decompressed), so the
    encoding headers that described the wire form are dropped; the page's hints
    go in ``HINT_HEADERS``.
    """
    offset = stream.tell()
    headers = [(k, v) for k, v in page.headers.items() if k.lower() not in _HOP_HEADERS]
    http_headers = StatusAndHeaders(f"{page.status} OK", headers, protocol="HTTP/1.1")
    warc_headers = {
        "WARC-Date": page.fetched_at.astimezone(UTC).strftime(_DATE_FORMATS[0]),
        "WARC-Source-Site": page.site,
    }
    for name, header in HINT_HEADERS.items():
        value = getattr(page, name)
        if value:
            warc_headers[header] = _escape(value)
    record = writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.html),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )
    writer.write_record(record)
    return offset


def page_record(page: RawPage) -> bytes:
    """``write_page``'s record for ``page`` as bytes (one gzip member), built in memory, so
    that the compression (zlib level 9, warcio's) runs in a page worker and the crawl only
    appends the bytes to its file."""
    buffer = io.BytesIO()
    write_page(new_writer(buffer), buffer, page)
    return buffer.getvalue()


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
                # The page is read before the offset is asked for: asking reads the record
                # to its end, and its body would then come back empty.
                page = _page_of(record, "")
                page.warc_ref = f"{path.name}#{iterator.get_record_offset()}"
                yield page


def _page_of(record: ArcWarcRecord, ref: str) -> RawPage:
    http = record.http_headers
    warc = record.rec_headers
    hints = {name: warc.get_header(header) for name, header in HINT_HEADERS.items()}
    return RawPage(
        url=warc.get_header("WARC-Target-URI"),
        site=warc.get_header("WARC-Source-Site") or "",
        fetched_at=_warc_date(warc.get_header("WARC-Date")),
        status=int(http.get_statuscode() or 200),
        html=record.content_stream().read(),
        headers=dict(http.headers),
        warc_ref=ref,
        **{name: unquote(value) for name, value in hints.items() if value},
    )
