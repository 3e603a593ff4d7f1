"""Serve the replica sites on 127.0.0.1, one port per site, like separate hosts.

Each site is rendered once at start-up by its family renderer into a map of
path → page; the server only looks pages up, so it is fast and deterministic.
``hits`` counts requests per (site, path) so tests can assert what a crawl
fetched.
"""

from __future__ import annotations

import importlib
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from crawler.registry import REPLICA_REGISTRY, Site, load_registry
from crawler.replica.model import ReplicaSite, load_content


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def renderer(family: str):
    """The renderer module of a replica family (``crawler/replica/families/<family>.py``)."""
    return importlib.import_module(f"crawler.replica.families.{family}")


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

    def _send(self, head_only: bool) -> None:
        self.server.hits[self.path] += 1
        page = self._page()
        if page is None:
            page = Page(b"<html><body><h1>404 Not Found</h1></body></html>", status=404)
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
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


class ReplicaServer:
    """All replica sites, each on its own port.

    ``ReplicaServer(fixed_ports=True)`` uses the ports in the replica registry
    (so ``scrapy crawl site -a site=replica-…`` works against ``tuyengiao
    replica serve``); otherwise each site gets a free port and ``sites`` holds
    the registry entries rewritten to the real addresses.
    """

    def __init__(
        self, host: str = "127.0.0.1", fixed_ports: bool = False, keys: list[str] | None = None
    ):
        self.host = host
        self.fixed_ports = fixed_ports
        registry = load_registry(REPLICA_REGISTRY)
        self.registry = {k: s for k, s in registry.items() if keys is None or k in keys}
        self._servers: dict[str, _SiteServer] = {}
        self._threads: list[threading.Thread] = []
        self.sites: dict[str, Site] = {}
        self.content: dict[str, ReplicaSite] = {}

    def start(self) -> ReplicaServer:
        for key, site in self.registry.items():
            port = int(site.replica.get("port", 0)) if self.fixed_ports else 0
            server = _SiteServer((self.host, port))
            base_url = f"http://{self.host}:{server.server_address[1]}/"
            content = load_content(site.replica.get("content", key))
            server.pages = render(content, base_url)
            self._servers[key] = server
            self.sites[key] = site.with_base_url(base_url)
            self.content[key] = content
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

    def hits(self, key: str) -> Counter[str]:
        return self._servers[key].hits

    def pages(self, key: str) -> dict[str, Page]:
        return self._servers[key].pages

    def __enter__(self) -> ReplicaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
