"""Serve the replica sites on 127.0.0.1, one port per site, like separate hosts.

Each site is rendered once at start-up by its family renderer into a map of
path → page; the server only looks pages up, so it is fast and deterministic.
``hits`` counts requests per (site, path) so tests can assert what a crawl
fetched.
"""

from __future__ import annotations

import hashlib
import importlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from crawler.registry import Site
from replica.model import ReplicaArticle, ReplicaSite, load_content
from replica.registry import load_replica

CLOCK_START = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None  # set by the server: when this body first appeared

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


def renderer(family: str):
    """The renderer module of a replica family (``replica/families/<family>.py``)."""
    return importlib.import_module(f"replica.families.{family}")


def render(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of one replica site, keyed by path (with query, if any)."""
    return renderer(content.family).render_site(content, base_url)


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _page(self) -> Page | None:
        pages = self.server.pages
        return pages.get(self.path) or pages.get(unquote(self.path))

    def _not_modified(self, page: Page) -> bool:
        """HTTP conditional GET: ``If-None-Match`` wins over ``If-Modified-Since``."""
        if page.status != 200:
            return False
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            return page.etag in [t.strip() for t in tags.split(",")] or tags.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since and page.last_modified is not None:
            try:
                return page.last_modified <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def _send(self, head_only: bool) -> None:
        self.server.hits[self.path] += 1
        if self.server.delay:
            time.sleep(self.server.delay)
        page = self._page()
        if page is None:
            page = Page(b"<html><body><h1>404 Not Found</h1></body></html>", status=404)
        if self._not_modified(page):
            self.send_response(304)
            self.send_header("ETag", page.etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        if page.status == 200:
            self.send_header("ETag", page.etag)
            if page.last_modified is not None:
                self.send_header("Last-Modified", format_datetime(page.last_modified, usegmt=True))
        for name, value in page.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head_only:
            self.wfile.write(page.body)

    def do_GET(self) -> None:
        self._send(head_only=False)

    def do_HEAD(self) -> None:
        self._send(head_only=True)


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, addr: tuple[str, int]) -> None:
        super().__init__(addr, _Handler)
        self.pages: dict[str, Page] = {}
        self.hits: Counter[str] = Counter()
        self.delay = 0.0  # seconds per request, to make a crawl slow enough to kill mid-run


class ReplicaServer:
    """All replica sites, each on its own port.

    ``ReplicaServer(fixed_ports=True)`` uses the ports in the replica registry
    (so ``scrapy crawl site -a site=replica-…`` works against ``tuyengiao
    replica serve``); otherwise each site gets a free port and ``sites`` holds
    the registry entries rewritten to the real addresses.

    The replica moves in time for incremental-crawl tests: ``publish``, ``edit``
    and ``delete`` change a site's content and re-render it; a replica clock
    (one hour per change, from ``CLOCK_START``) stamps ``Last-Modified`` on the
    pages whose bytes changed, and every page has an ``ETag``.
    """

    def __init__(
        self, host: str = "127.0.0.1", fixed_ports: bool = False, keys: list[str] | None = None
    ):
        self.host = host
        self.fixed_ports = fixed_ports
        replica = load_replica(check_families=False)
        self.entries = {k: e for k, e in replica.items() if keys is None or k in keys}
        self.registry = {k: e.site for k, e in self.entries.items()}  # at their fixed ports
        self._servers: dict[str, _SiteServer] = {}
        self._threads: list[threading.Thread] = []
        self.sites: dict[str, Site] = {}
        self.content: dict[str, ReplicaSite] = {}
        self.clock = CLOCK_START
        self._lock = threading.Lock()

    def start(self) -> ReplicaServer:
        for key, entry in self.entries.items():
            server = _SiteServer((self.host, entry.port if self.fixed_ports else 0))
            base_url = f"http://{self.host}:{server.server_address[1]}/"
            content = load_content(entry.content)
            self._servers[key] = server
            self.sites[key] = entry.site.with_base_url(base_url)
            self.content[key] = content
            self._install(key)
            thread = threading.Thread(
                target=server.serve_forever, name=f"replica-{key}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def _install(self, key: str) -> None:
        """Render a site and swap its pages in; unchanged pages keep their Last-Modified."""
        server = self._servers[key]
        pages = render(self.content[key], self.sites[key].base_url)
        for path, page in pages.items():
            old = server.pages.get(path)
            same = old is not None and old.body == page.body
            page.last_modified = old.last_modified if same and old else self.clock
        server.pages = pages

    def _change(self, key: str) -> None:
        self.clock += timedelta(hours=1)
        self._install(key)

    def replace_content(self, key: str, content: ReplicaSite) -> None:
        """Serve other content on a site (benchmarks build large synthetic sites)."""
        with self._lock:
            self.content[key] = content
            self._change(key)

    def article_url(self, key: str, article: ReplicaArticle) -> str:
        content = self.content[key]
        return self.sites[key].url(renderer(content.family).article_path(content, article))

    def publish(self, key: str, article: ReplicaArticle) -> str:
        """Add an article to a site (newest first on its listing); return its URL."""
        with self._lock:
            content = self.content[key]
            if any(a.id == article.id for a in content.articles):
                raise ValueError(f"{key}: article id {article.id} exists")
            content.articles.append(article)
            self._change(key)
        return self.article_url(key, article)

    def edit(self, key: str, article_id: int, **changes: object) -> None:
        """Change fields of an article (e.g. ``body=[{"p": "…"}]``, ``title="…"``)."""
        with self._lock:
            article = next(a for a in self.content[key].articles if a.id == article_id)
            for name, value in changes.items():
                setattr(article, name, value)
            self._change(key)

    def delete(self, key: str, article_id: int) -> None:
        """Remove an article: its page answers 404 from now on."""
        with self._lock:
            content = self.content[key]
            content.articles = [a for a in content.articles if a.id != article_id]
            self._change(key)

    def slow_down(self, seconds: float) -> None:
        """Answer every request after ``seconds`` (a slow government server)."""
        for server in self._servers.values():
            server.delay = seconds

    def hits(self, key: str) -> Counter[str]:
        return self._servers[key].hits

    def pages(self, key: str) -> dict[str, Page]:
        return self._servers[key].pages

    def __enter__(self) -> ReplicaServer:
        return self if self._servers else self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
