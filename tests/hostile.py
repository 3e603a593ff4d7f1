"""A site that tries to steer the crawler elsewhere, and the internal page it points at.

``HostileSite`` (found only through ``/sitemap.xml``) serves:
    /bai-viet-1.html        a good article
    /chuyen-trong-2.html    302 to /bai-viet-3.html on the same site (followed, stored)
    /bai-viet-3.html        a good article
    /chuyen-cong-4.html     302 to the internal page on another port of 127.0.0.1
    /chuyen-rieng-5.html    302 to the cloud metadata address 169.254.169.254
    /lam-moi-6.html         <meta http-equiv="refresh"> to the internal page
    /chuyen-xa-9.html       302 to a public host elsewhere (never contacted: refused first)
    /loi-10.html            always 500
    /qua-lon-7.html         an article padded past the page-size limit (Content-Length sent)
    /qua-lon-8.html         the same, streamed without Content-Length
``Internal`` is the page on another port that must never be fetched (it counts hits).
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.traps import ARTICLE

BIG = 300_000  # bytes of padding: above the limit the tests set (200,000)
ARTICLES = [
    "/bai-viet-1.html",
    "/chuyen-trong-2.html",
    "/chuyen-cong-4.html",
    "/chuyen-rieng-5.html",
    "/lam-moi-6.html",
    "/qua-lon-7.html",
    "/qua-lon-8.html",
    "/chuyen-xa-9.html",
    "/loi-10.html",
]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.hits: Counter[str] = Counter()
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}/"
        self.internal_url = ""

    def __enter__(self) -> _Server:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(
        self, status: int, body: bytes = b"", headers: dict[str, str] | None = None, length=True
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if length:
            self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the crawler may hang up on a big page


class _HostileHandler(_Handler):
    def do_GET(self) -> None:
        path = self.path
        self.server.hits[path] += 1
        internal = self.server.internal_url
        article = ARTICLE.format(t=f"Bài viết {path}").encode()
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow:\n")
        if path == "/sitemap.xml":
            locs = "".join(
                f"<url><loc>{self.server.base_url[:-1]}{p}</loc></url>" for p in ARTICLES
            )
            body = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
            return self._send(200, body.encode(), {"Content-Type": "application/xml"})
        if path in ("/bai-viet-1.html", "/bai-viet-3.html"):
            return self._send(200, article)
        if path == "/chuyen-trong-2.html":
            return self._send(302, headers={"Location": "/bai-viet-3.html"})
        if path == "/chuyen-cong-4.html":
            return self._send(302, headers={"Location": internal})
        if path == "/chuyen-rieng-5.html":
            return self._send(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        if path == "/loi-10.html":
            return self._send(500, b"<h1>Server Error</h1>")
        if path == "/chuyen-xa-9.html":
            return self._send(302, headers={"Location": "http://example.org/tin-1.html"})
        if path == "/lam-moi-6.html":
            body = (
                f'<html><head><meta http-equiv="refresh" content="0; url={internal}"></head></html>'
            )
            return self._send(200, body.encode())
        if path in ("/qua-lon-7.html", "/qua-lon-8.html"):
            padded = article.replace(b"</body>", b"<!--" + b"x" * BIG + b"--></body>")
            return self._send(200, padded, length=path.endswith("7.html"))
        return self._send(404, b"<h1>404</h1>")


class _InternalHandler(_Handler):
    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        self._send(200, ARTICLE.format(t="Trang nội bộ không được lấy").encode())


def hostile_servers() -> tuple[_Server, _Server]:
    """(the hostile site, the internal page it points at); use both as context managers."""
    internal = _Server(_InternalHandler)
    hostile = _Server(_HostileHandler)
    hostile.internal_url = f"{internal.base_url}noi-bo.html"
    return hostile, internal
