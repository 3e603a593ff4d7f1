"""One generic spider driven by registry entries: discovery, then article pages.

Discovery per site: robots.txt (for ``Sitemap:`` lines), the sitemaps and feeds
the site or its CMS family provides, and the section listings with their
pagination. Every link that the family's ``article_url`` patterns accept (and
its ``exclude_url`` patterns do not: NukeViet's print/savefile copies) is
fetched once and yielded untouched as a ``RawPage``. No extraction happens here.

    scrapy crawl site -a site=tuyengiaokontum
    scrapy crawl site -a site=replica-chodon,replica-travinh -a registry=replica.toml
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
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
from crawler.cms.engine import parse_html
from crawler.items import RawPage
from crawler.registry import RegistryError, Site, load_registry
from crawler.store.frontier import Frontier, RecheckPolicy, load_frontier
from spiders.listing import article_on_site, listing_links, next_listing_page

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
MAX_LISTING_PAGES = 1000  # a guard against endless pagers


def resolve_sites(keys: str | Iterable[str], registry: str | None = None) -> list[Site]:
    """Registry entries for comma-separated keys; unknown keys raise UsageError naming them."""
    if isinstance(keys, str):
        keys = [k.strip() for k in keys.split(",") if k.strip()]
    try:
        known = load_registry(registry)
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
    if failure.check(TimeoutError, TCPTimedOutError) or "Timeout" in type(failure.value).__name__:
        return "timeout"
    if failure.check(ConnectionRefusedError):
        return "connection_refused"
    if failure.check(IgnoreRequest):
        reason = str(failure.value).lower()
        if "redirect" in reason:
            return "redirect_loop"
        return "robots_forbidden" if "robots" in reason else "ignored"
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
        self.errors: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.ok_responses: Counter[str] = Counter()
        self.listing_pages: Counter[tuple[str, str]] = Counter()
        self.listing_links: Counter[str] = Counter()  # article links seen on listings, per site
        self.seen_on_listings: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        self.skipped_known: Counter[str] = Counter()
        self.rechecked: Counter[str] = Counter()
        self.sections_done: defaultdict[str, set[str]] = defaultdict(set)
        self.validators_seen: dict[str, tuple[str, str | None, str | None, int]] = {}
        self.frontier = Frontier()
        self.backfill = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        """Load the store's memory of these sites (known URLs, validators, sections)."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.backfill = settings.getbool("TUYENGIAO_BACKFILL")
        if settings.getbool("TUYENGIAO_INCREMENTAL", True):
            from crawler.store.db import open_store

            policy = RecheckPolicy(
                recent_days=settings.getfloat("TUYENGIAO_RECHECK_DAYS", 14),
                old_every_days=settings.getfloat("TUYENGIAO_RECHECK_OLD_DAYS", 90),
            )
            factory = open_store(settings.get("TUYENGIAO_DB"))
            spider.frontier = load_frontier(factory, list(spider.sites), datetime.now(UTC), policy)
        crawler.signals.connect(spider.on_response, signal=signals.response_received)
        crawler.signals.connect(spider.on_dropped, signal=signals.request_dropped)
        return spider

    def on_dropped(self, request: Request, spider: Spider) -> None:
        """A redirect back to a URL already fetched is a loop: the dupefilter drops it."""
        site = request.meta.get("site")
        if site and request.meta.get("redirect_urls"):
            self.errors[site]["redirect_loop"] += 1
            self.logger.warning(
                "%s: redirect loop: %s",
                site,
                " → ".join([*request.meta["redirect_urls"], request.url]),
            )

    def on_response(self, response: Response, request: Request, spider: Spider) -> None:
        """Keep ETag / Last-Modified of every answer worth re-asking conditionally."""
        role = request.meta.get("role")
        site = request.meta.get("site")
        if role in ("article", "recheck", "feed", "sitemap", "robots") and site:
            etag = response.headers.get(b"ETag")
            modified = response.headers.get(b"Last-Modified")
            if response.status == 200 or etag or modified:
                self.validators_seen[request.url] = (
                    site,
                    etag.decode("latin-1") if etag else None,
                    modified.decode("latin-1") if modified else None,
                    response.status,
                )

    # --- helpers -----------------------------------------------------------------------------
    def _request(self, url: str, site: Site, callback: Any, role: str, **meta: Any) -> Request:
        headers: dict[str, str] = {}
        if role in ("feed", "sitemap", "robots", "recheck"):
            # Unchanged since the last run: the server answers 304 and we skip the work.
            headers = self.frontier.conditional_headers(url)
            meta.setdefault("handle_httpstatus_list", [304])
        if role == "recheck":
            meta["handle_httpstatus_list"] = [304, 404, 410]
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            headers=headers,
            meta={"site": site.key, "role": role, **meta},
        )

    def is_article(self, site: Site, url: str) -> bool:
        """Same host as the site, accepted by the family's article patterns, not excluded."""
        family = self.families.get(site.key)
        return family is not None and article_on_site(site, family, url)

    def _article(self, site: Site, url: str, **hints: str | None) -> Iterator[Request]:
        url = urldefrag(url)[0]
        if not self.is_article(site, url):
            return
        if self.frontier.is_known(site.key, url):  # stored; re-checks were sent at the start
            self.skipped_known[site.key] += 1
            return
        # What the listing or feed showed travels with the request, so whichever worker
        # fetches the page (distributed mode) has it.
        shown = {name: value for name, value in hints.items() if value}
        yield self._request(url, site, self.parse_article, "article", hints=shown)

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
        # Re-checks first: recent articles (and old ones whose turn has come), whether or
        # not a listing still links them, so edits and deletions are seen.
        for url in sorted(self.frontier.due & self.frontier.known.get(site.key, set())):
            self.frontier.due.discard(url)
            self.rechecked[site.key] += 1
            yield self._request(url, site, self.parse_article, "recheck")
        yield self._request(site.url("/robots.txt"), site, self.parse_robots, "robots")
        # The family's default feed and sitemap paths are guesses: a site may have turned
        # them off, and their 404 is not an error. Paths the registry names are.
        optional = not site.sitemaps
        for path in site.sitemaps or family.sitemaps:
            yield self._request(
                site.url(path), site, self.parse_sitemap, "sitemap", optional=optional
            )
        optional = not site.feeds
        for path in site.feeds or family.feeds:
            yield self._request(site.url(path), site, self.parse_feed, "feed", optional=optional)
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
        if response.status == 304:
            return
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

    def _xml(self, response: Response, site: Site, bad: str) -> etree._Element | None:
        """A sitemap's or feed's root; None when unchanged (304) or unreadable (counted)."""
        self.ok_responses[site.key] += 1
        if response.status == 304:
            return None
        try:
            root = etree.fromstring(response.body, etree.XMLParser(recover=True, no_network=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self.errors[site.key][bad] += 1
        return root

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        site = self.sites[response.meta["site"]]
        root = self._xml(response, site, "bad_sitemap")
        if root is None:
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
        root = self._xml(response, site, "bad_feed")
        if root is None:
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
        self.listing_pages[site.key, section] += 1
        try:
            root = parse_html(response.body)
        except ValueError:
            self.errors[site.key]["bad_listing"] += 1
            return
        links = [(k.url, k.title, k.date) for k in listing_links(root, response.url, site, family)]
        self.listing_links[site.key] += len(links)
        seen = self.seen_on_listings[site.key, section]
        repeat = bool(links) and all(u in seen for u, _, _ in links)
        seen.update(u for u, _, _ in links)
        if repeat and self.listing_pages[site.key, section] > 1:
            # An endless pager (or a calendar) showing the same links again: stop here.
            self.errors[site.key]["listing_repeats"] += 1
            self.sections_done[site.key].add(section)
            return
        for url, title, date in links:
            yield from self._article(site, url, listing_title=title, listing_date=date)
        known_ground = bool(links) and all(self.frontier.is_known(site.key, u) for u, _, _ in links)
        if known_ground and not self.backfill and self.frontier.section_complete(site.key, section):
            # Everything on this page is stored and the last walk of this section
            # finished: older pages hold nothing new.
            self.sections_done[site.key].add(section)
            return
        if self.listing_pages[site.key, section] >= MAX_LISTING_PAGES:
            self.errors[site.key]["listing_page_limit"] += 1
            return
        nxt = next_listing_page(root, response.url, family)
        if nxt is not None:
            yield self._request(nxt, site, self.parse_listing, "listing", section=section)
            return
        self.sections_done[site.key].add(section)  # the last page: the walk is complete

    # --- articles ----------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[RawPage]:
        site = self.sites[response.meta["site"]]
        self.ok_responses[site.key] += 1
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if response.status == 200 and ctype and "html" not in ctype and "xml" not in ctype:
            self.errors[site.key]["not_html"] += 1
            return
        hints = response.meta.get("hints", {})
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
            lease=response.meta.get("lease"),
        )

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        coordinator = getattr(self.crawler, "tuyengiao_coordinator", None)
        if coordinator is not None:  # distributed: a failed request needs no recovery
            coordinator.release(request)
        site = request.meta.get("site", "?")
        kind = error_kind(failure)
        if request.meta.get("optional") and kind in ("http_404", "http_410"):
            self.logger.info("%s: no %s at %s", site, request.meta.get("role"), request.url)
            return
        self.errors[site][kind] += 1
        self.logger.warning(
            "%s: %s failed (%s): %s", site, request.meta.get("role"), kind, request.url
        )
