"""Per-site request counts for the run record.

Sits next to the downloader so that every attempt, retries included, counts as
a request against the site that asked for it (``request.meta["site"]``).
"""

from __future__ import annotations

from collections import Counter

from scrapy import Request
from scrapy.crawler import Crawler


class SiteStatsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.requests: Counter[str] = Counter()
        crawler.site_requests = self.requests  # type: ignore[attr-defined]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteStatsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        site = request.meta.get("site")
        if site:
            self.requests[site] += 1
