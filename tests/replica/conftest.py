"""One replica site under test: its registry entry, content, family data and rendered pages.

The generic test (``test_replica_sites.py``) walks every site with these helpers; each
family's own file (``test_<family>.py``) uses the same ones for what only that CMS does.
Pages are rendered in-process at the registry's ``base_url``, once per session.

The helpers read pages with the spider's own functions: ``Family.accepts`` says which links
are articles, ``spiders/listing.py`` reads a listing page and finds the next one.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from types import ModuleType
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from crawler.cms import AUTO, get_family
from crawler.cms.base import Family
from crawler.cms.detect import detect
from crawler.cms.engine import css
from crawler.items import Article, Extracted, RawPage
from crawler.page import run_stages
from crawler.registry import Site
from crawler.store.present import published_local
from replica.model import ReplicaArticle, ReplicaSite, load_content
from replica.registry import ReplicaEntry, load_replica
from replica.server import CLOCK_START, Page, renderer
from spiders.listing import ListingLink, listing_links, next_listing_page

# What a crawl of the replica would stamp as the fetch time (the replica clock's start).
FETCHED = CLOCK_START
_HREF = re.compile(r'href="([^"]+)"')


def norm(text: str) -> str:
    """White space folded to single spaces."""
    return " ".join(text.split())


@dataclass
class ListingPage:
    """One page of a section's listing: its path and the article each entry links."""

    path: str
    root: Any
    entries: list[tuple[str, ListingLink]] = field(default_factory=list)  # (article path, link)


@dataclass
class ReplicaUnderTest:
    site: Site
    content: ReplicaSite
    family: Family
    module: ModuleType
    pages: dict[str, Page]

    @property
    def key(self) -> str:
        return self.site.key

    @cached_property
    def articles(self) -> dict[str, ReplicaArticle]:
        """Every article by its path, in content order."""
        return {self.article_path(a): a for a in self.content.articles}

    def article_path(self, article: ReplicaArticle) -> str:
        return self.module.article_path(self.content, article)

    def article(self, **match: Any) -> ReplicaArticle:
        """The first article whose attributes (or ``extra`` keys) have the given values."""
        for a in self.content.articles:
            if all(getattr(a, k, a.extra.get(k)) == v for k, v in match.items()):
                return a
        raise LookupError(f"{self.key}: no article with {match}")

    def section_name(self, article: ReplicaArticle) -> str:
        return next(s.name for s in self.content.sections if s.key == article.section)

    # --- URLs ---------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return urljoin(self.site.base_url, path)

    def local(self, href: str) -> str:
        """Path and query of a link on this site (relative or absolute)."""
        parts = urlsplit(urljoin(self.site.base_url, href))
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def excluded(self, path: str) -> bool:
        return self.family.excludes(path)

    def is_article(self, path: str) -> bool:
        """What the spider asks of a link on its site (``Family.accepts``)."""
        return self.family.accepts(path)

    # --- pages --------------------------------------------------------------------------
    def text(self, path: str) -> str:
        return self.pages[path].body.decode("utf-8")

    def root(self, path: str) -> lxml.html.HtmlElement:
        return lxml.html.document_fromstring(self.text(path))

    def hrefs(self, path: str) -> set[str]:
        """Every ``href`` of a page as written (entities unescaped)."""
        return {html.unescape(h) for h in _HREF.findall(self.text(path))}

    def links(self, path: str) -> set[str]:
        """Local paths a page links: its ``href``s (relative or absolute) and the URLs its
        ``onclick``s open in a new window (NukeViet's print and mail buttons)."""
        root = self.root(path)
        found = {self.local(h) for h in root.xpath("//@href")}
        for js in root.xpath("//@onclick"):
            found |= {self.local(u) for u in re.findall(r"'(/[^']*)'", js)}
        return found

    def html_paths(self) -> list[str]:
        return [p for p, pg in self.pages.items() if "html" in pg.content_type and pg.body]

    def xml(self, path: str) -> etree._Element:
        return etree.fromstring(self.pages[path].body)

    def documents(self, *kinds: str) -> list[str]:
        """Paths of the XML documents whose root is one of ``kinds`` ("rss", "urlset",
        "sitemapindex"), whatever their URL looks like."""
        found = []
        for path, page in self.pages.items():
            if "xml" in page.content_type and etree.QName(self.xml(path)).localname in kinds:
                found.append(path)
        return found

    def body_element(self, root: Any) -> Any:
        """The family's body container on an article page (its first ``body`` match)."""
        return next(el for sel in self.family.body for el in css(sel)(root))

    def xml_links(self, path: str) -> list[str]:
        """Sitemap ``loc``s, or the ``link`` of each RSS item."""
        root = self.xml(path)
        locs = [el.text.strip() for el in root.iter("{*}loc") if el.text]
        return locs or [(item.findtext("link") or "").strip() for item in root.iter("item")]

    # --- listings -----------------------------------------------------------------------
    def walk_listing(self, start: str) -> list[ListingPage]:
        """Follow a section's listing as the spider reads it (``spiders/listing.py``): each
        page with the article links it yields, then the next page, until there is none."""
        walked: list[ListingPage] = []
        path: str | None = start
        while path is not None:
            assert path in self.pages, f"{self.key}: listing page {path} is not served"
            assert path not in [p.path for p in walked], f"{self.key}: listing loops at {path}"
            assert len(walked) < 20, f"{self.key}: listing from {start} does not end"
            root = self.root(path)
            links = listing_links(root, self.url(path), self.site, self.family)
            walked.append(ListingPage(path, root, [(self.local(k.url), k) for k in links]))
            nxt = next_listing_page(root, self.url(path), self.family)
            path = self.local(nxt) if nxt is not None else None
        return walked

    def listing_dates(self, start: str) -> list[tuple[str, str | None]]:
        """(article path, date text shown) of every entry of a section's listing, in order."""
        return [(path, k.date) for page in self.walk_listing(start) for path, k in page.entries]

    def shown_dates(self) -> dict[str, str]:
        """The date text each registry section's listing shows, by article path."""
        return {
            link: date
            for entry in self.site.sections
            for link, date in self.listing_dates(entry.path)
        }

    # --- the pipeline -------------------------------------------------------------------
    def pipeline(self, article: ReplicaArticle) -> tuple[Extracted, Article]:
        """extract → clean → dates (``run_stages``, as the crawl runs them) on the article page."""
        path = self.article_path(article)
        raw = RawPage(self.url(path), self.key, FETCHED, 200, self.pages[path].body)
        work = run_stages(raw, self.family)
        assert work.extracted is not None and work.article is not None
        return work.extracted, work.article

    @staticmethod
    def stored(art: Article) -> dict[str, Any]:
        """The stored article in the shape of ``ReplicaArticle.gold()``."""
        return {
            "title": art.title,
            "lead": art.lead,
            "body": art.body,
            "author": art.author,
            "views": art.views,
            "published": published_local(art.published_at, art.date_precision),
            "captions": art.captions,
            "tags": art.tags,
        }


def pub(a: ReplicaArticle) -> datetime:
    """An article's local publication time (the content's ISO string)."""
    assert a.published, a.id
    return datetime.fromisoformat(a.published)


@cache
def entries() -> dict[str, ReplicaEntry]:
    """The replica's registry: each site with its content file, port and seed."""
    return load_replica(check_families=False)


@cache
def registry() -> dict[str, Site]:
    return {key: entry.site for key, entry in entries().items()}


@cache
def replica_site(key: str) -> ReplicaUnderTest:
    """A replica site rendered at its registry address (cached for the session)."""
    site = registry()[key]
    content = load_content(entries()[key].content)
    module = renderer(content.family)
    pages = module.render_site(content, site.base_url)
    # cms = "auto" (the unseen themes): the family the crawl would detect on the home page.
    cms = site.cms if site.cms != AUTO else detect(pages["/"].body, site.base_url).family
    return ReplicaUnderTest(
        site=site, content=content, family=get_family(cms), module=module, pages=pages
    )


def replica_of(family: str) -> ReplicaUnderTest:
    """The replica site of a family (one site per family)."""
    keys = [k for k, s in registry().items() if s.cms == family]
    assert len(keys) == 1, f"{family}: {keys}"
    return replica_site(keys[0])
