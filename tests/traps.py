"""A hostile site on 127.0.0.1 for the crawler's bad-input tests.

Paths:
    /robots.txt                 allows everything
    /tin-tuc/ , /tin-tuc/page-N an endless pager: every page shows the same links
                                and a "next" link to page N+1, forever
    /bai-viet-tot-1.html        one good article
    /loi-may-chu-2.html         always 500
    /cham-qua-3.html            answers after ``slow`` seconds (longer than the timeout)
    /vong-lap-4.html            redirects to /vong-lap-5.html, which redirects back
    /can-dang-nhap-6.html       a login page instead of the article (status 200)
    /lich/YYYY-MM-DD            an endless calendar: every day links to the next
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE = """<!doctype html><html><head><meta charset="utf-8"><title>{t}</title></head><body>
<div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc/">Tin tức</a></div>
<article><h1>{t}</h1><div class="date">Thứ năm - 28/12/2023 14:55</div>
<div itemprop="articleBody"><p>Sáng 28-12, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị tổng kết công
tác tuyên giáo năm 2023, triển khai nhiệm vụ năm 2024 với sự tham dự của các đại biểu.</p>
<p>Hội nghị đánh giá toàn ngành đã hoàn thành tốt các nhiệm vụ được giao trong năm qua.</p></div>
</article></body></html>"""
LOGIN = """<!doctype html><html><head><meta charset="utf-8"><title>Đăng nhập</title></head><body>
<form action="/login" method="post"><h1>Đăng nhập</h1>
<p>Hãy đăng nhập tài khoản để sử dụng tài liệu Báo cáo viên</p>
<label>Tên đăng nhập</label><input name="u"><label>Mật khẩu</label><input name="p" type="password">
<button>Đăng nhập</button></form></body></html>"""
LINKS = [
    "/bai-viet-tot-1.html",
    "/loi-may-chu-2.html",
    "/cham-qua-3.html",
    "/vong-lap-4.html",
    "/can-dang-nhap-6.html",
]


def listing(page: int) -> str:
    items = "".join(f'<li class="item"><a href="{u}">Bài {i}</a></li>' for i, u in enumerate(LINKS))
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>Tin tức {page}</title></head>'
        f'<body><ul>{items}</ul><a class="next" href="/tin-tuc/page-{page + 1}">Sau</a>'
        f'<a href="/lich/2024-01-01">Lịch</a></body></html>'
    )


class _Handler(BaseHTTPRequestHandler):
    server: TrapServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: str = "", headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = self.path
        self.server.hits[path] += 1
        if path == "/robots.txt":
            return self._send(200, "User-agent: *\nDisallow:\n")
        if path == "/tin-tuc/" or path.startswith("/tin-tuc/page-"):
            page = int(path.rsplit("-", 1)[1]) if "page-" in path else 1
            return self._send(200, listing(page))
        if path == "/bai-viet-tot-1.html":
            return self._send(200, ARTICLE.format(t="Tổng kết công tác tuyên giáo năm 2023"))
        if path == "/loi-may-chu-2.html":
            return self._send(500, "<h1>Server Error</h1>")
        if path == "/cham-qua-3.html":
            time.sleep(self.server.slow)
            return self._send(200, ARTICLE.format(t="Quá chậm"))
        if path == "/vong-lap-4.html":
            return self._send(302, headers={"Location": "/vong-lap-5.html"})
        if path == "/vong-lap-5.html":
            return self._send(302, headers={"Location": "/vong-lap-4.html"})
        if path == "/can-dang-nhap-6.html":
            return self._send(200, LOGIN)
        if path.startswith("/lich/"):
            day = date.fromisoformat(path.rsplit("/", 1)[1]) + timedelta(days=1)
            return self._send(200, f'<html><body><a href="/lich/{day}">{day}</a></body></html>')
        return self._send(404, "<h1>404</h1>")


class TrapServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, slow: float = 5.0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.slow = slow
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}/"

    def handle_error(self, request: object, client_address: object) -> None:
        """The crawler hangs up on the slow page (its timeout): expected, not news."""

    def __enter__(self) -> TrapServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
