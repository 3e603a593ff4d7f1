"""One page → one article: the only place the stages are chained (extract → clean → dates).

Everything that turns a page into an article goes through here: the crawl's Scrapy adapter
(``pipelines/page.py``), ``tuyengiao reprocess``, ``tuyengiao extract``, the replica tests and
the benchmarks. Plain-text dumps (``tuyengiao clean``, ``tuyengiao import-text``) have their
own, shorter path beside it, ``article_from_text``.

- The hints a page was found with (the date and title its listing showed beside the link, the
  date of its feed item) travel on the ``RawPage`` (``listing_date``, ``feed_date``,
  ``listing_title``); the WARC record keeps them (``crawler/store/warc.py``), so a page read
  back from the archive is processed exactly as the crawl processed it.
- A rejected page is still an ``Article``: its ``problem`` says why (empty response, not
  HTML, no title, login wall …), and nothing stores it.
- ``EXTRACTOR_VERSION`` names the rules that made an article: a hash of the source of the
  rule rooms (``RULE_ROOMS``: the CMS families and their engine, the Vietnamese text rules and
  date grammar, the stages, this module) and of the trafilatura version used as the fallback.
  It changes whenever any of them changes, and is stored on every article row.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress
from copy import deepcopy
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from lxml import etree

from crawler.cms import AUTO, FAMILIES, get_family
from crawler.cms.base import Family
from crawler.cms.engine import parse_html
from crawler.items import Article, PageWork, RawPage
from crawler.profile import SiteProfile, needs_profile, refine
from crawler.stages.clean import clean_extracted
from crawler.stages.dates import date_article
from crawler.stages.extract import extract_page, looks_like_html
from crawler.text.clean import clean_plain_text
from crawler.text.decode import charset_of, decode_html
from crawler.text.pubdate import choose_publication_date

_HERE = Path(__file__).resolve().parent
# The source whose changes can change an article: every .py file under these, and this file.
RULE_ROOMS = ("cms", "finders", "text", "stages", "profile")


def rules_version(root: Path = _HERE) -> str:
    """A short hash of the rule rooms' source under ``root`` and of the fallback's version."""
    digest = hashlib.sha256()
    files = [p for room in RULE_ROOMS for p in (root / room).rglob("*.py")]
    for path in sorted([*files, root / "page.py"]):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    with suppress(PackageNotFoundError):  # a core dependency, but a source tree may lack it
        digest.update(f"trafilatura {version('trafilatura')}".encode())
    return digest.hexdigest()[:12]


EXTRACTOR_VERSION = rules_version()


def _parsed_once(
    raw: RawPage, family: Family | str | None, profile: SiteProfile | None, declared: str | None
) -> tuple[str, etree._Element] | None:
    """The page decoded and parsed once, when the site profile will read it after the
    extraction (copying a tree costs less than parsing the page again): a usable profile,
    and a page no known family reads, or a site with template inside its articles."""
    if profile is None or not profile.usable or not isinstance(raw.html, bytes):
        return None
    if isinstance(family, Family) and not profile.template_inside():
        return None  # the family reads the page, and the profile has nothing to take out
    if not raw.html or not looks_like_html(raw.html):
        return None
    text = decode_html(raw.html, declared)[0]
    try:
        return text, parse_html(text)
    except ValueError:  # no HTML to read: the extraction says so itself
        return None


def run_stages(
    raw: RawPage, family: Family | str | None = None, profile: SiteProfile | None = None
) -> PageWork:
    """Extract, clean and date one fetched page; the work of each stage is kept.

    ``family`` is the site's family (with its registry overrides), a family name, or
    ``None``/``"auto"`` to detect it from the page. The article's dates use the same family
    as the extraction (for a detected one: the family the page was read with). ``profile``
    is the site's learned template (``crawler/profile``): it reads the pages the family
    does not (family selector → site profile → generic).
    """
    if isinstance(family, str) and family != AUTO:
        family = get_family(family)  # KeyError names the known families
    declared = charset_of(raw.headers.get("Content-Type", ""))
    shared = _parsed_once(raw, family, profile, declared)
    copy = deepcopy(shared[1]) if shared is not None else None  # the extraction prunes it
    extracted = extract_page(raw.html, raw.url, family, declared, tree=copy)
    if profile is not None and needs_profile(extracted):
        text, tree = shared if shared is not None else (decode_html(raw.html, declared)[0], None)
        extracted = refine(extracted, text, raw.url, profile, tree)
    if not isinstance(family, Family):
        family = FAMILIES.get(extracted.cms.partition("+")[0])
    article = clean_extracted(extracted, raw.site)
    article.fetched_at = raw.fetched_at
    article.warc_ref = raw.warc_ref
    article.extractor_version = EXTRACTOR_VERSION
    date_article(
        article,
        extracted,
        raw.fetched_at,
        listing_date=raw.listing_date,
        feed_date=raw.feed_date,
        family=family,
    )
    return PageWork(raw=raw, extracted=extracted, article=article)


def process_page(
    raw: RawPage, family: Family | str | None = None, profile: SiteProfile | None = None
) -> Article:
    """The clean, dated article of one fetched page; ``problem`` set when it is rejected."""
    article = run_stages(raw, family, profile).article
    assert article is not None
    return article


def article_from_text(
    text: str, url: str = "", site: str = "", fetched_at: datetime | None = None
) -> Article:
    """A plain-text dump of a page (the seeds, copied pages) → a clean, dated article.

    The same cleaning as the crawl, on lines instead of markup; the date comes only from
    the date line near the title (or printed right under the article, or a real URL), never
    from the body. ``fetched_at`` resolves relative dates and marks a capture-day clock.
    """
    plain = clean_plain_text(text, fetched_at)
    web = url if url.startswith(("http://", "https://")) else None  # a file path has no date
    edits = [("updated", plain.updated_line)] if plain.updated_line else []
    when = choose_publication_date(plain.date_line, edits, url=web, fetched_at=fetched_at)
    problem = None if plain.title and plain.body.strip() else "no article text found"
    return Article(
        url=url,
        site=site,
        cms="text",
        title=plain.title,
        lead=plain.lead,
        body=plain.body,
        author=plain.author,
        captions=plain.captions,
        views=plain.views,
        published_at=when.published_at,
        published_raw=when.published_raw,
        published_offset=when.offset,
        date_precision=when.precision,
        date_source=when.source,
        updated_at=when.updated_at,
        date_problem=when.problem,
        fetched_at=fetched_at,
        problem=problem,
        extractor_version=EXTRACTOR_VERSION,
    )
