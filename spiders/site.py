"""One generic spider driven by registry entries: discovery, then article pages.

Discovery per site: robots.txt (for ``Sitemap:`` lines), the sitemaps and feeds
the site or its CMS family provides, and the section listings with their
pagination. Every link that the family's ``article_url`` patterns accept (and
its ``exclude_url`` patterns do not: NukeViet's print/savefile copies) is
fetched once and yielded untouched as a ``RawPage``. No extraction happens here.

    scrapy crawl site -a site=replica-chodon
    scrapy crawl site -a site=replica-chodon,replica-travinh -a registry=my-sites.toml
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest, UsageError
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from crawler.cms import AUTO, get_family
from crawler.cms.base import Family
from crawler.cms.detect import detect
from crawler.cms.engine import css, parse_html, text_of
from crawler.items import RawPage
from crawler.registry import RegistryError, Site, load_all

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
MAX_LISTING_PAGES = 1000  # a guard against endless pagers


def resolve_sites(keys: str | Iterable[str], registry: str | None = None) -> list[Site]:
    """Registry entries for comma-separated keys; unknown keys raise UsageError naming them."""
    if isinstance(keys, str):
        keys = [k.strip() for k in keys.split(",") if k.strip()]
    try:
        known = load_all(registry)
    except RegistryError as exc:
        raise UsageError(str(exc)) from None
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise UsageError(
            f"unknown site key(s): {', '.join(unknown)}; known keys: {', '.join(known)}"
        )
    return [known[k] for k in keys]


def error_kind(failure: Failure) -> str:
    """A short name for why a request failed, for the run record."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    if failure.check(DNSLookupError):
        return "dns"
    if failure.check(TimeoutError, TCPTimedOutError):
        return "timeout"
    if failure.check(ConnectionRefusedError):
        return "connection_refused"
    if failure.check(IgnoreRequest):
        return "robots_forbidden" if "robots" in str(failure.value).lower() else "ignored"
    return type(failure.value).__name__


class SiteSpider(Spider):
    name = "site"

    def __init__(
        self,
        site: str | None = None,
        registry: str | None = None,
        sites: list[Site] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if sites is None:
            if not site:
                raise UsageError("give the site key(s): scrapy crawl site -a site=KEY[,KEY…]")
            sites = resolve_sites(site, registry)
        self.sites: dict[str, Site] = {s.key: s for s in sites}
        self.families: dict[str, Family] = {}
        for s in sites:
            if s.cms != AUTO:
                self.families[s.key] = get_family(s.cms).with_overrides(s.selectors)
        self.hints: dict[str, dict[str, str]] = defaultdict(dict)
        self.errors: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.ok_responses: Counter[str] = Counter()
        self.listing_pages: Counter[str] = Counter()

    # --- helpers -----------------------------------------------------------------------------
    def _request(self, url: str, site: Site, callback: Any, role: str, **meta: Any) -> Request:
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            meta={"site": site.key, "role": role, **meta},
        )

    def is_article(self, site: Site, url: str) -> bool:
        """Same host as the site, accepted by the family's article patterns, not excluded."""
        family = self.families.get(site.key)
        parts = urlsplit(url)
        if family is None or parts.netloc.lower() != site.host:
            return False
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if any(p.search(path) for p in family.patterns("exclude_url")):
            return False
        return any(p.search(path) for p in family.patterns("article_url"))

    def _article(self, site: Site, url: str, **hints: str | None) -> Iterator[Request]:
        url = urldefrag(url)[0]
        if not self.is_article(site, url):
            return
        for name, value in hints.items():
            if value:
                self.hints[url].setdefault(name, value)
        yield self._request(url, site, self.parse_article, "article")

    # --- discovery ---------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        for site in self.sites.values():
            if site.key not in self.families:
                yield self._request(site.base_url, site, self.parse_home, "home")
                continue
            for request in self.discovery(site):
                yield request

    def discovery(self, site: Site) -> Iterator[Request]:
        family = self.families[site.key]
        yield self._request(site.url("/robots.txt"), site, self.parse_robots, "robots")
        for path in site.sitemaps or family.sitemaps:
            yield self._request(site.url(path), site, self.parse_sitemap, "sitemap")
        for path in site.feeds or family.feeds:
            yield self._request(site.url(path), site, self.parse_feed, "feed")
        for section in site.sections:
            yield self._request(
                site.url(section.path), site, self.parse_listing, "listing", section=section.path
            )

    def parse_home(self, response: Response) -> Iterator[Request]:
        """For ``cms = "auto"``: detect the family from the home page, then discover."""
        site = self.sites[response.meta["site"]]
        self.ok_responses[site.key] += 1
        detection = detect(response.body, response.url)
        self.logger.info("%s: detected CMS %s (%s)", site.key, detection.family, detection.evidence)
        self.families[site.key] = get_family(detection.family).with_overrides(site.selectors)
        yield from self.discovery(site)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        site = self.sites[response.meta["site"]]
        self.ok_responses[site.key] += 1
        family = self.families[site.key]
        known = {site.url(p) for p in site.sitemaps or family.sitemaps}
        text = response.text if isinstance(response, TextResponse) else ""
        for url in _SITEMAP_LINE.findall(text):
            url = urljoin(response.url, url)
            # A robots.txt written for the public host still names it; keep to this site.
            if urlsplit(url).netloc.lower() != site.host:
                url = site.url(urlsplit(url).path)
            if url not in known:
                known.add(url)
                yield self._request(url, site, self.parse_sitemap, "sitemap")

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        site = self.sites[response.meta["site"]]
        self.ok_responses[site.key] += 1
        try:
            root = etree.fromstring(response.body, etree.XMLParser(recover=True, no_network=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self.errors[site.key]["bad_sitemap"] += 1
            return
        locs = [el.text.strip() for el in root.iter("{*}loc") if el.text and el.text.strip()]
        if etree.QName(root).localname == "sitemapindex":
            for loc in locs:
                yield self._request(urljoin(response.url, loc), site, self.parse_sitemap, "sitemap")
            return
        for loc in locs:
            yield from self._article(site, urljoin(response.url, loc))

    def parse_feed(self, response: Response) -> Iterator[Request]:
        site = self.sites[response.meta["site"]]
        self.ok_responses[site.key] += 1
        try:
            root = etree.fromstring(response.body, etree.XMLParser(recover=True, no_network=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self.errors[site.key]["bad_feed"] += 1
            return
        for item in root.iter("item", "{*}entry"):
            link = item.findtext("link") or ""
            if not link.strip():
                href = item.find("{*}link")
                link = href.get("href", "") if href is not None else ""
            date = item.findtext("pubDate") or item.findtext("{*}published") or None
            title = item.findtext("title") or item.findtext("{*}title") or None
            if link.strip():
                yield from self._article(
                    site,
                    urljoin(response.url, link.strip()),
                    feed_date=date,
                    listing_title=title,
                )

    def parse_listing(self, response: Response) -> Iterator[Request]:
        site = self.sites[response.meta["site"]]
        self.ok_responses[site.key] += 1
        family = self.families[site.key]
        section = response.meta.get("section", "")
        self.listing_pages[section] += 1
        try:
            root = parse_html(response.body)
        except ValueError:
            self.errors[site.key]["bad_listing"] += 1
            return
        found = False
        for sel in family.listing_item:
            for entry in css(sel)(root):
                for a in entry.iter("a"):
                    url = urljoin(response.url, a.get("href", ""))
                    if self.is_article(site, urldefrag(url)[0]):
                        date_el = next(
                            (e for s in family.listing_date for e in css(s)(entry)), None
                        )
                        found = True
                        yield from self._article(
                            site,
                            url,
                            listing_title=" ".join(text_of(a).split()) or None,
                            listing_date=" ".join(text_of(date_el).split())
                            if date_el is not None
                            else None,
                        )
                        break
        if not found:  # the family does not know this listing's markup: take article links
            for href in root.xpath("//a/@href"):
                yield from self._article(site, urljoin(response.url, href))
        if self.listing_pages[section] >= MAX_LISTING_PAGES:
            self.errors[site.key]["listing_page_limit"] += 1
            return
        for sel in family.listing_next:
            nxt = css(sel)(root)
            if nxt and nxt[0].get("href"):
                yield self._request(
                    urljoin(response.url, nxt[0].get("href")),
                    site,
                    self.parse_listing,
                    "listing",
                    section=section,
                )
                break

    # --- articles ----------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[RawPage]:
        site = self.sites[response.meta["site"]]
        self.ok_responses[site.key] += 1
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if ctype and "html" not in ctype and "xml" not in ctype:
            self.errors[site.key]["not_html"] += 1
            return
        hints = self.hints.get(response.request.url if response.request else response.url, {})
        yield RawPage(
            url=response.url,
            site=site.key,
            fetched_at=datetime.now(UTC),
            status=response.status,
            html=response.body,
            headers={
                k.decode("latin-1"): b", ".join(v).decode("latin-1")
                for k, v in response.headers.items()
            },
            encoding=response.encoding if isinstance(response, TextResponse) else None,
            listing_title=hints.get("listing_title"),
            listing_date=hints.get("listing_date"),
            feed_date=hints.get("feed_date"),
        )

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        site = request.meta.get("site", "?")
        kind = error_kind(failure)
        self.errors[site][kind] += 1
        self.logger.warning(
            "%s: %s failed (%s): %s", site, request.meta.get("role"), kind, request.url
        )
