"""Stage 3, dates: date strings → ``published_at`` (UTC) with raw text, precision, source.

The order of trust is the CMS family's date line, then the machine dates tied to the
article (JSON-LD, meta, ``<time>``), then the generic visible date line
(``crawler/finders/dates.py``), then the feed's and the listing's dates, then the URL;
never the body (``crawler/text/pubdate.py``). ``published_offset`` keeps the page's own
UTC offset beside the UTC instant.
"""

from __future__ import annotations

from datetime import datetime

from crawler.cms.base import Family
from crawler.items import Article, Extracted
from crawler.text.dates import LOCAL_TZ, parse_date_line
from crawler.text.pubdate import choose_publication_date


def _not_a_clock(extracted: Extracted, fetched_at: datetime | None) -> str | None:
    """The generic visible date line, unless it is a day-only date of the fetch day printed
    before the title: a clock that shows the day the page was fetched (the finder runs in
    the extract stage, which does not know the fetch time)."""
    line = extracted.visible_date
    if line is None or not extracted.visible_before_title or fetched_at is None:
        return line
    parsed = parse_date_line(line, fetched_at)
    clock = (
        parsed.precision == "day"
        and parsed.value is not None
        and parsed.value.date() == fetched_at.astimezone(LOCAL_TZ).date()
    )
    return None if clock else line


def date_article(
    article: Article,
    extracted: Extracted,
    fetched_at: datetime | None,
    listing_date: str | None = None,
    feed_date: str | None = None,
    family: Family | None = None,
) -> Article:
    """Fill the article's date fields in place and return it."""
    ignore = family.meta_date_ignore if family is not None else ()
    meta = [(source, raw) for source, raw in extracted.meta_dates if source not in ignore]
    if feed_date:
        meta.append(("rss", feed_date))
    if extracted.updated_raw:
        meta.append(("updated", extracted.updated_raw))
    edit_sources = ("updated", *(family.edit_time_sources if family is not None else ()))
    result = choose_publication_date(
        extracted.date_line,
        meta,
        listing_date=listing_date,
        url=article.url,
        fetched_at=fetched_at,
        edit_time_sources=edit_sources,
        day_only_sources=family.day_only_sources if family is not None else (),
        visible_line=_not_a_clock(extracted, fetched_at),
        day_first=extracted.day_first,
    )
    article.published_at = result.published_at
    article.published_raw = result.published_raw
    article.published_offset = result.offset
    article.date_precision = result.precision
    article.date_source = result.source
    article.updated_at = result.updated_at
    article.date_problem = result.problem
    return article
