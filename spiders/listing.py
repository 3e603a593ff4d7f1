"""Reading a site's pages for links: which URLs are its articles, which article links a
section listing holds (with the title and date shown beside each), where its next page is.

Pure functions on a parsed page, used by the spider (``spiders/site.py``) and by the
replica tests, so a test of a listing reads it exactly as a crawl does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from crawler.cms.base import Family
from crawler.cms.engine import css, text_of
from crawler.registry import Site


@dataclass(frozen=True)
class ListingLink:
    """One article link of a listing page."""

    url: str
    title: str | None = None  # the link's text
    date: str | None = None  # the date the entry shows, white space folded
    entry: Any = None  # the listing entry element it came from (None: found anywhere)


def article_on_site(site: Site, family: Family, url: str) -> bool:
    """Same host as the site, under its base path, and an article URL of its family."""
    parts = urlsplit(url)
    if parts.netloc.lower() != site.host:
        return False
    # Two sites can share a host (dangcongsan.org.vn/thanhuyhanoi/, …/hoidonglyluan/):
    # a site whose base URL has a path owns only the URLs under it.
    base_path = urlsplit(site.base_url).path
    if base_path not in ("", "/") and not parts.path.startswith(base_path):
        return False
    return family.accepts(url)


def _squash(text: str) -> str:
    return " ".join(text.split())


def listing_links(root: Any, page_url: str, site: Site, family: Family) -> list[ListingLink]:
    """The article links of a listing page, in page order.

    Inside the family's listing entries (the first ``listing_item`` selector that matches
    wins, as for every selector: later ones are fallbacks for other themes, and would also
    match sidebars such as "Tin mới" on this one), the first article link of each entry with
    the date the entry shows. When the family does not know this listing's markup, every
    article link of the page, without title or date.
    """
    links: list[ListingLink] = []
    entries: list[Any] = next(
        (found for sel in family.listing_item if (found := css(sel)(root))), []
    )
    for entry in entries:
        for a in entry.iter("a"):
            url = urldefrag(urljoin(page_url, a.get("href", "")))[0]
            if article_on_site(site, family, url):
                date_el = next((e for s in family.listing_date for e in css(s)(entry)), None)
                date = _squash(text_of(date_el)) if date_el is not None else ""
                links.append(ListingLink(url, _squash(text_of(a)) or None, date or None, entry))
                break
    if not links:
        for href in root.xpath("//a/@href"):
            url = urldefrag(urljoin(page_url, href))[0]
            if article_on_site(site, family, url):
                links.append(ListingLink(url))
    return links


def next_listing_page(root: Any, page_url: str, family: Family) -> str | None:
    """The URL of the listing's next page: the first ``listing_next`` match with a link."""
    for sel in family.listing_next:
        found = css(sel)(root)
        if found and found[0].get("href"):
            return urljoin(page_url, found[0].get("href"))
    return None
