"""The things that travel between the stages: spider → extract → clean → dates → store.

Each is a plain dataclass so the pure stage functions can be called outside
Scrapy (re-extraction, import, tests); Scrapy accepts dataclasses as items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

BlockKind = Literal["text", "heading", "caption", "list"]


@dataclass
class Block:
    """One block of an article body as the page laid it out.

    ``kind`` is what the markup says (a ``figcaption`` is a ``caption``);
    ``align`` keeps ``text-align: right|center`` because Vietnamese sites
    right-align bylines ("Trần Bình Trọng"); ``after_image`` marks a block that
    directly follows an image-only block, the usual caption position.
    """

    text: str
    kind: BlockKind = "text"
    align: str | None = None
    after_image: bool = False
    emphasis: bool = False


@dataclass
class RawPage:
    """What the spider yields for an article page: the response, untouched."""

    url: str
    site: str
    fetched_at: datetime
    status: int
    html: bytes
    headers: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    # What the listing page showed beside the link (title, date string), if any.
    listing_title: str | None = None
    listing_date: str | None = None
    feed_date: str | None = None
    warc_ref: str | None = None
    # Distributed mode: the lease this page's request holds until the article is committed.
    lease: str | None = None
    # The URL the crawl asked for, when a redirect (on the site) ended elsewhere.
    requested_url: str | None = None

    def __repr__(self) -> str:  # the log names the page, not its bytes
        return (
            f"RawPage({self.url!r}, site={self.site!r}, status={self.status}, {len(self.html)} B)"
        )


@dataclass
class Extracted:
    """Fields found in the markup, before any Vietnamese text cleaning."""

    url: str
    cms: str
    title: str | None = None
    lead: str | None = None
    blocks: list[Block] = field(default_factory=list)
    date_line: str | None = None
    # Machine-readable dates: (source, raw value), e.g. ("jsonld", "2023-12-28T14:55:00+07:00").
    meta_dates: list[tuple[str, str]] = field(default_factory=list)
    # The generic finder's date line (``crawler/finders/dates.py``) when the family found none;
    # it ranks after the machine dates. ``day_first``: numeric dates put the day first.
    visible_date: str | None = None
    visible_before_title: bool = False  # where a masthead clock would sit
    day_first: bool = True
    updated_raw: str | None = None
    views_text: str | None = None
    author: str | None = None
    captions: list[str] = field(default_factory=list)
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    # An author the markup names (itemprop/rel/class "author", JSON-LD, meta) where the
    # family's byline selector found none: the cleaner uses it only when the text has no byline.
    byline_guess: str | None = None
    # Fields a generic finder supplied because the family's selectors missed them.
    generic_fields: list[str] = field(default_factory=list)
    # Why the page is not a good article (empty, binary, no body …); None when fine.
    problem: str | None = None


@dataclass
class Article:
    """A clean article, ready for the store."""

    url: str
    site: str
    cms: str
    title: str | None
    lead: str | None
    body: str
    author: str | None = None
    captions: list[str] = field(default_factory=list)
    views: int | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    published_at: datetime | None = None  # UTC
    published_raw: str | None = None
    # The UTC offset the page states for its date, in minutes east of UTC (+07:00 → 420):
    # ``published_at`` is UTC, so the day as the page prints it is published_at + offset.
    published_offset: int | None = None
    date_precision: str | None = None
    date_source: str | None = None
    updated_at: datetime | None = None  # UTC
    date_problem: str | None = None
    fetched_at: datetime | None = None
    warc_ref: str | None = None
    problem: str | None = None
    extractor_version: str = ""


@dataclass
class PageWork:
    """What travels through the item pipelines: the page and what each stage made of it."""

    raw: RawPage
    extracted: Extracted | None = None
    article: Article | None = None
    # What the store computes from the article, computed ahead in the page pool
    # (``crawler.store.bulk.Prepared``: content hash, index document, signature).
    prepared: Any = None
    # The pages the site's profile had learned from when the stages read this page
    # (0: no profile); the profile stage re-reads the page when a later profile exists.
    profile_pages: int = 0

    def __repr__(self) -> str:
        return f"PageWork({self.raw!r})"
