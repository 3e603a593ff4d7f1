"""Per-site counters the run record needs (requests, responses by status).

Sits next to the downloader so that every attempt, retries included, counts as
a request against the site that asked for it (``request.meta["site"]``).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response


class SiteStatsMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.requests: Counter[str] = Counter()
        self.statuses: defaultdict[str, Counter[int]] = defaultdict(Counter)
        crawler.site_requests = self.requests  # type: ignore[attr-defined]
        crawler.site_statuses = self.statuses  # type: ignore[attr-defined]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteStatsMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        site = request.meta.get("site")
        if site:
            self.requests[site] += 1

    def process_response(self, request: Request, response: Response) -> Response:
        site = request.meta.get("site")
        if site:
            self.statuses[site][response.status] += 1
        return response
