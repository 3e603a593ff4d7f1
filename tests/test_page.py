"""The page processor's record of a page: hints kept in the WARC record, the rules' version."""

from __future__ import annotations

import gzip
import io
import re
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import crawler
from crawler.items import RawPage
from crawler.page import EXTRACTOR_VERSION, RULE_ROOMS, rules_version
from crawler.store.warc import iter_pages, new_writer, page_record, read_page, write_page

HINTS = {
    "listing_date": " (28/12/2023 14:55)\n",
    "feed_date": "Thu, 28 Dec 2023 07:55:00 +0000",
    "listing_title": "Hội nghị “tổng kết” 100% công tác\r\nnăm 2023 ",
}


def test_a_warc_record_gives_back_the_page_and_its_hints_exactly(tmp_path: Path) -> None:
    fetched = datetime(2023, 12, 28, 8, 1, 2, 345678, tzinfo=UTC)
    pages = [
        RawPage("http://x.vn/a-1.html", "s", fetched, 200, b"<html>1</html>", **HINTS),
        RawPage("http://x.vn/a-2.html", "s", fetched, 200, b"<html>2</html>"),
    ]
    path = tmp_path / "t.warc.gz"
    with path.open("wb") as stream:
        writer = new_writer(stream)
        refs = [f"{path.name}#{write_page(writer, stream, page)}" for page in pages]
    for page, ref in zip(pages, refs, strict=True):
        back = read_page(ref, tmp_path)
        assert (back.url, back.html, back.fetched_at, back.warc_ref) == (
            page.url,
            page.html,
            fetched,
            ref,
        )
        assert (back.listing_date, back.feed_date, back.listing_title) == (
            page.listing_date,
            page.feed_date,
            page.listing_title,
        )
    assert [p.listing_title for p in iter_pages(path)] == [HINTS["listing_title"], None]


def test_a_record_written_before_fractions_of_seconds_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "old.warc.gz"
    with path.open("wb") as stream:
        writer = new_writer(stream)
        record = writer.create_warc_record(
            "http://x.vn/a-1.html",
            "response",
            payload=io.BytesIO(b"HTTP/1.1 200 OK\r\n\r\n<html></html>"),
            warc_headers_dict={"WARC-Date": "2023-12-28T08:01:02Z"},
        )
        writer.write_record(record)
    (page,) = iter_pages(path)
    assert page.fetched_at == datetime(2023, 12, 28, 8, 1, 2, tzinfo=UTC)
    assert page.html == b"<html></html>"  # the body, not what is left after the offset
    assert read_page(page.warc_ref, tmp_path).html == page.html
    assert page.listing_date is None


def test_extractor_version_is_the_hash_of_the_rules(tmp_path: Path) -> None:
    source = Path(crawler.__file__).parent
    assert rules_version(source) == EXTRACTOR_VERSION
    copy = tmp_path / "crawler"
    for room in RULE_ROOMS:
        shutil.copytree(source / room, copy / room)
    shutil.copy(source / "page.py", copy / "page.py")
    assert rules_version(copy) == EXTRACTOR_VERSION
    family = copy / "cms" / "wordpress.py"
    family.write_text(family.read_text(encoding="utf-8") + "\n# a rule changed\n", "utf-8")
    changed = rules_version(copy)
    assert changed != EXTRACTOR_VERSION and len(changed) == 12
    (copy / "text" / "new_cues.py").write_text("CUES = ('Nguồn:',)\n", "utf-8")
    assert rules_version(copy) not in (changed, EXTRACTOR_VERSION)


def test_a_record_made_apart_is_the_record_written_in_place(tmp_path: Path) -> None:
    page = RawPage(
        url="https://a.example/tin/1.html",
        site="a",
        fetched_at=datetime(2024, 5, 1, 8, 30, 15, 123456, tzinfo=UTC),
        status=200,
        html="<html><body><p>Chào buổi sáng</p></body></html>".encode(),
        headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        listing_title=" Tin %  mới\n",
    )
    path = tmp_path / "x.warc.gz"
    with open(path, "wb") as stream:
        first = write_page(new_writer(stream), stream, page)
        second = stream.tell()
        stream.write(page_record(page))
    direct = read_page(f"x.warc.gz#{first}", tmp_path)
    apart = read_page(f"x.warc.gz#{second}", tmp_path)
    assert direct == replace(apart, warc_ref=direct.warc_ref)
    assert apart.html == page.html and apart.listing_title == page.listing_title
    # Byte for byte the same record (one whole gzip member) but for its random id.
    data = path.read_bytes()
    in_place, made_apart = (gzip.decompress(b) for b in (data[:second], data[second:]))
    record_id = re.compile(rb"WARC-Record-ID: <urn:uuid:[0-9a-f-]+>")
    assert record_id.sub(b"", in_place) == record_id.sub(b"", made_apart)
