"""Downloader middlewares: per-site request counts, and redirects kept on the site.

``SiteStatsMiddleware`` sits next to the downloader so that every attempt, retries
included, counts as a request against the site that asked for it
(``request.meta["site"]``).

``SiteRedirectMiddleware`` looks at every request a redirect made (a 3xx
``Location`` or a ``<meta http-equiv="refresh">``: Scrapy marks both with
``redirect_urls``) before it is sent, and refuses it unless it stays on the site
(``crawler/offsite.py``). A refusal fails the request with ``RedirectRefused``,
whose ``kind`` (``redirect_offsite``, ``redirect_private``) the spider counts.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.offsite import refusal
from crawler.registry import Site
from crawler.runrecord import count, sites_opened

log = logging.getLogger(__name__)


class RedirectRefused(IgnoreRequest):
    """A redirect that would leave the site."""

    def __init__(self, kind: str, chain: list[str]) -> None:
        super().__init__(f"{kind}: {' → '.join(chain)}")
        self.kind = kind


class SiteStatsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteStatsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        count(self.crawler.stats, request.meta.get("site", ""), "requests")


class SiteRedirectMiddleware:
    """Follow redirects only to the site's own hosts (see module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        self.sites: dict[str, Site] = {}
        crawler.signals.connect(self.on_sites, signal=sites_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteRedirectMiddleware:
        return cls(crawler)

    def on_sites(self, sites: list[Site]) -> None:
        self.sites = {s.key: s for s in sites}

    def process_request(self, request: Request) -> None:
        chain = request.meta.get("redirect_urls")
        site = self.sites.get(request.meta.get("site", ""))
        if not chain or site is None:
            return
        kind = refusal(site, request.url)
        if kind is not None:
            log.warning("%s: %s refused: %s → %s", site.key, kind, chain[-1], request.url)
            raise RedirectRefused(kind, [*chain, request.url])
