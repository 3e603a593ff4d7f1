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
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, StopDownload, UsageError
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
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
from crawler.middlewares import RedirectRefused
from crawler.offsite import refusal
from crawler.registry import RegistryError, Site, load_registry
from crawler.runrecord import (
    FINAL_KINDS,
    article_listed,
    count,
    leases_done,
    page_settled,
    requested_url,
    section_walked,
    sitemap_listed,
    sites_opened,
)
from crawler.store.db import open_store
from crawler.store.frontier import Frontier, RecheckPolicy, load_frontier
from spiders.listing import article_on_site, listing_links, next_listing_page

_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
MAX_LISTING_PAGES = 1000  # a guard against endless pagers
DEFAULT_SCHEDULER = "scrapy.core.scheduler.Scheduler"


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


def asked(response: Response) -> Request:
    """The request a response answers (Scrapy sets it before any callback sees it)."""
    if response.request is None:
        raise ValueError(f"{response.url}: a response with no request")
    return response.request


def error_kind(failure: Failure) -> str:
    """A short name for why a request failed, for the run record."""
    if failure.check(RedirectRefused):
        return failure.value.kind
    message = str(failure.value)
    if (
        failure.check(StopDownload)
        or "DOWNLOAD_MAXSIZE" in message
        or (failure.check(CancelledError, DownloadCancelledError) and "max size" in message)
    ):
        return "oversize"
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
        # The walk's own bookkeeping (pager guards); what the run did goes to the stats.
        self.listing_pages: Counter[tuple[str, str]] = Counter()
        self.seen_on_listings: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        self.frontier = Frontier()
        self.backfill = False
        self.max_page_size = 0

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Requests waiting for their turn are kept on disk, not in memory (a sitemap can
        name every article of a site at once): Scrapy's disk queues in a directory of this
        run's own (``JOBDIR``), removed when the spider closes. Not when another scheduler
        (distributed: Redis) or a ``JOBDIR`` is set, or ``TUYENGIAO_DISK_QUEUE`` is off."""
        super().update_settings(settings)
        if (
            settings.getbool("TUYENGIAO_DISK_QUEUE", True)
            and not settings.get("JOBDIR")
            and settings.get("SCHEDULER") == DEFAULT_SCHEDULER
        ):
            settings.set("JOBDIR", tempfile.mkdtemp(prefix="tuyengiao-queue-"), priority="spider")
            settings.set("TUYENGIAO_QUEUE_DIR", settings.get("JOBDIR"), priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        """Load the store's memory of these sites (known URLs, validators, sections)."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.backfill = settings.getbool("TUYENGIAO_BACKFILL")
        spider.max_page_size = settings.getint("TUYENGIAO_MAX_PAGE_SIZE", 4 * 1024 * 1024)
        if settings.getbool("TUYENGIAO_INCREMENTAL", True):
            policy = RecheckPolicy(
                recent_days=settings.getfloat("TUYENGIAO_RECHECK_DAYS", 14),
                old_every_days=settings.getfloat("TUYENGIAO_RECHECK_OLD_DAYS", 90),
            )
            factory = open_store(settings.get("TUYENGIAO_DB"))
            spider.frontier = load_frontier(
                factory,
                list(spider.sites),
                datetime.now(UTC),
                policy,
                retry_given_up=settings.getbool("TUYENGIAO_RETRY_GIVEN_UP"),
            )
        crawler.signals.connect(spider.on_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.remove_queue, signal=signals.engine_stopped)
        crawler.signals.connect(spider.on_bytes, signal=signals.bytes_received)
        return spider

    def remove_queue(self) -> None:
        """The run's own disk queue goes with the run (the frontier keeps what is left)."""
        queue = self.crawler.settings.get("TUYENGIAO_QUEUE_DIR")
        if queue:
            shutil.rmtree(queue, ignore_errors=True)

    def on_bytes(self, data: bytes, request: Request, spider: Spider) -> None:
        """Stop reading a page past its size limit (one without Content-Length included)."""
        limit = request.meta.get("download_maxsize")
        if limit:
            received = request.meta["tuyengiao_received"] = request.meta.get(
                "tuyengiao_received", 0
            ) + len(data)
            if received > limit:
                raise StopDownload(fail=True)

    def _count(self, site: str, name: str, n: int = 1) -> None:
        count(self.crawler.stats, site, name, n)

    def _settle(self, request: Request, kind: str) -> None:
        """What became of an article URL that will not reach the store (the frontier's record)."""
        if request.meta.get("role") in ("article", "recheck"):
            self.crawler.signals.send_catch_log(
                page_settled,
                site=request.meta["site"],
                url=requested_url(request),
                kind=kind,
                final=kind in FINAL_KINDS,
            )

    def on_dropped(self, request: Request, spider: Spider) -> None:
        """A redirect back to a URL already fetched is a loop: the dupefilter drops it."""
        site = request.meta.get("site")
        if site in self.sites and request.meta.get("redirect_urls"):
            # The dupefilter sees a redirect before SiteRedirectMiddleware: an off-site
            # target refused once is dropped here the next time, and counted as refused.
            kind = refusal(self.sites[site], request.url) or "redirect_loop"
            self._count(site, f"errors/{kind}")
            self._settle(request, kind)
            self.logger.warning(
                "%s: %s: %s",
                site,
                kind.replace("_", " "),
                " → ".join([*request.meta["redirect_urls"], request.url]),
            )

    # --- helpers -----------------------------------------------------------------------------
    def _request(self, url: str, site: Site, callback: Any, role: str, **meta: Any) -> Request:
        headers: dict[str, str] = {}
        if role in ("feed", "sitemap", "recheck"):
            # Unchanged since the last run: the server answers 304 and we skip the work.
            # (Not robots.txt: a 304 there would hide the sitemaps it names.)
            headers = self.frontier.conditional_headers(url)
            meta.setdefault("handle_httpstatus_list", [304])
        if role == "recheck":
            meta["handle_httpstatus_list"] = [304, 404, 410]
        if role in ("article", "recheck") and self.max_page_size:
            meta["download_maxsize"] = self.max_page_size
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

    def _article(self, site: Site, url: str, source: str, **hints: str | None) -> Iterator[Request]:
        url = urldefrag(url)[0]
        if not self.is_article(site, url):
            return
        if self.frontier.is_known(site.key, url):  # stored; re-checks were sent at the start
            self._count(site.key, "skipped_known")
            return
        if self.frontier.is_given_up(site.key, url):  # 404, rejected…: --retry-given-up
            self._count(site.key, "skipped_given_up")
            return
        # What the listing or feed showed travels with the request, so whichever worker
        # fetches the page (distributed mode) has it.
        shown = {name: value for name, value in hints.items() if value}
        self.crawler.signals.send_catch_log(
            article_listed, site=site.key, url=url, hints=shown, source=source
        )
        yield self._request(url, site, self.parse_article, "article", hints=shown)

    # --- discovery ---------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Request]:
        # Before the first request: the store writes the site rows, the recorder notes the
        # sections, the redirect guard learns each site's hosts.
        self.crawler.signals.send_catch_log(sites_opened, sites=list(self.sites.values()))
        for site in self.sites.values():
            if site.key not in self.families:
                yield self._request(site.base_url, site, self.parse_home, "home")
                continue
            for request in self.discovery(site):
                yield request

    def discovery(self, site: Site) -> Iterator[Request]:
        family = self.families[site.key]
        # The frontier first: pages an earlier run discovered and did not store (stopped,
        # killed, a failing stage), whatever the feeds and sitemaps say today.
        for url, hints in self.frontier.pending.pop(site.key, []):
            yield from self._article(site, url, "frontier", **hints)
        # Re-checks next: recent articles (and old ones whose turn has come), whether or
        # not a listing still links them, so edits and deletions are seen.
        for url in sorted(self.frontier.due & self.frontier.known.get(site.key, set())):
            self.frontier.due.discard(url)
            self._count(site.key, "rechecked")
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
        self._count(site.key, "ok_responses")
        detection = detect(response.body, response.url)
        self.logger.info("%s: detected CMS %s (%s)", site.key, detection.family, detection.evidence)
        self.families[site.key] = get_family(detection.family).with_overrides(site.selectors)
        yield from self.discovery(site)

    def parse_robots(self, response: Response) -> Iterator[Request]:
        site = self.sites[response.meta["site"]]
        self._count(site.key, "ok_responses")
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
        self._count(site.key, "ok_responses")
        if response.status == 304:
            return None
        try:
            root = etree.fromstring(response.body, etree.XMLParser(recover=True, no_network=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            self._count(site.key, f"errors/{bad}")
        return root

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        site = self.sites[response.meta["site"]]
        root = self._xml(response, site, "bad_sitemap")
        if root is None:
            return
        locs = [el.text.strip() for el in root.iter("{*}loc") if el.text and el.text.strip()]
        if etree.QName(root).localname == "sitemapindex":
            for loc in locs:
                url = urljoin(response.url, loc)
                self.crawler.signals.send_catch_log(
                    sitemap_listed, site=site.key, url=url, source=asked(response).url
                )
                yield self._request(url, site, self.parse_sitemap, "sitemap")
            return
        for loc in locs:
            yield from self._article(site, urljoin(response.url, loc), asked(response).url)

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
                    asked(response).url,
                    feed_date=date,
                    listing_title=title,
                )

    def parse_listing(self, response: Response) -> Iterator[Request]:
        site = self.sites[response.meta["site"]]
        self._count(site.key, "ok_responses")
        family = self.families[site.key]
        section = response.meta.get("section", "")
        self.listing_pages[site.key, section] += 1
        self._count(site.key, "listing_pages")
        try:
            root = parse_html(response.body)
        except ValueError:
            self._count(site.key, "errors/bad_listing")
            return
        links = [(k.url, k.title, k.date) for k in listing_links(root, response.url, site, family)]
        self._count(site.key, "listing_links", len(links))
        seen = self.seen_on_listings[site.key, section]
        repeat = bool(links) and all(u in seen for u, _, _ in links)
        seen.update(u for u, _, _ in links)
        if repeat and self.listing_pages[site.key, section] > 1:
            # An endless pager (or a calendar) showing the same links again: stop here.
            self._count(site.key, "errors/listing_repeats")
            self._section_walked(site, section)
            return
        for url, title, date in links:
            yield from self._article(
                site, url, asked(response).url, listing_title=title, listing_date=date
            )
        known_ground = bool(links) and all(self.frontier.is_known(site.key, u) for u, _, _ in links)
        if known_ground and not self.backfill and self.frontier.section_complete(site.key, section):
            # Everything on this page is stored and the last walk of this section
            # finished: older pages hold nothing new.
            self._section_walked(site, section)
            return
        if self.listing_pages[site.key, section] >= MAX_LISTING_PAGES:
            self._count(site.key, "errors/listing_page_limit")
            return
        nxt = next_listing_page(root, response.url, family)
        if nxt is not None:
            yield self._request(nxt, site, self.parse_listing, "listing", section=section)
            return
        self._section_walked(site, section)  # the last page: the walk is complete

    def _section_walked(self, site: Site, section: str) -> None:
        self.seen_on_listings.pop((site.key, section), None)  # the walk is over
        self.crawler.signals.send_catch_log(section_walked, site=site.key, section=section)

    # --- articles ----------------------------------------------------------------------------
    def parse_article(self, response: Response) -> Iterator[RawPage]:
        site = self.sites[response.meta["site"]]
        self._count(site.key, "ok_responses")
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if response.status == 200 and ctype and "html" not in ctype and "xml" not in ctype:
            self._count(site.key, "errors/not_html")
            self._settle(asked(response), "not_html")
            return
        offsite = refusal(site, response.url)
        if offsite is not None:  # never store a page from elsewhere (the middleware let it by)
            self._count(site.key, f"errors/{offsite}")
            self._settle(asked(response), offsite)
            return
        if self.max_page_size and len(response.body) > self.max_page_size:  # decompressed
            self._count(site.key, "errors/oversize")
            self._settle(asked(response), "oversize")
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
            requested_url=requested_url(asked(response)),
        )

    def on_error(self, failure: Failure) -> None:
        # Scrapy hangs the failed request on an errback's Failure; Twisted's type has no slot.
        request = failure.request  # type: ignore[attr-defined]
        if request.meta.get("lease"):  # distributed: a failed request needs no recovery
            self.crawler.signals.send_catch_log(leases_done, leases=[request.meta["lease"]])
        site = request.meta.get("site", "?")
        kind = error_kind(failure)
        self._settle(request, kind)
        if request.meta.get("optional") and kind in ("http_404", "http_410"):
            self.logger.info("%s: no %s at %s", site, request.meta.get("role"), request.url)
            return
        self._count(site, f"errors/{kind}")
        self.logger.warning(
            "%s: %s failed (%s): %s", site, request.meta.get("role"), kind, request.url
        )
