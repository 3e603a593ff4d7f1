"""A site on 127.0.0.1 whose articles show their date only on the section listing.

The article pages carry no date anywhere: no date line, no ``<meta>``/JSON-LD/``<time>``,
no date in the URL or in the text. The listing shows one beside each link, in the
formats Vietnamese listings use, so the only place a crawl can learn an article's date
is the listing it was found on (``tests/test_reprocess.py``).

Paths:
    /robots.txt                 allows everything
    /tin-tuc/ , /tin-tuc/trang-2  the section listing, two pages ("Trang sau" links on)
    /tin-tuc/<slug>-<n>.html    the articles
    anything else               404 (no sitemap, no feed)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Listed:
    """One article: where it is, what the listing shows, and the date read from it by hand."""

    path: str
    title: str
    shown: str  # the date text beside the link on the listing
    published: str  # that date as ISO 8601 in Vietnam time, cut to what it shows
    paragraphs: tuple[str, ...]


ARTICLES = (
    Listed(
        "/tin-tuc/hoi-nghi-bao-cao-vien-101.html",
        "Hội nghị báo cáo viên cấp tỉnh quý cuối",
        "28/12/2023 14:55",
        "2023-12-28T14:55:00+07:00",
        (
            "Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị báo cáo viên, thông tin những vấn đề"
            " thời sự nổi bật trong tỉnh và cả nước tới đội ngũ báo cáo viên các cấp.",
            "Các đại biểu được nghe phổ biến tình hình kinh tế, xã hội, quốc phòng, an ninh"
            " và những định hướng tuyên truyền trọng tâm trong thời gian tới.",
        ),
    ),
    Listed(
        "/tin-tuc/tap-huan-nghiep-vu-tuyen-giao-102.html",
        "Tập huấn nghiệp vụ công tác tuyên giáo cơ sở",
        "(05/01/2024)",
        "2024-01-05",
        (
            "Lớp tập huấn dành cho cán bộ làm công tác tuyên giáo ở các xã, phường, thị trấn"
            " và các chi bộ trực thuộc Đảng ủy khối cơ quan.",
            "Học viên được trao đổi kỹ năng nắm bắt dư luận xã hội, viết tin bài và sử dụng"
            " mạng xã hội trong tuyên truyền.",
        ),
    ),
    Listed(
        "/tin-tuc/hoc-tap-lam-theo-tu-tuong-103.html",
        "Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Thứ Hai, 15/01/2024 - 08:30",
        "2024-01-15T08:30:00+07:00",
        (
            "Nhiều tập thể, cá nhân điển hình được biểu dương vì đã có cách làm sáng tạo,"
            " gắn việc học tập với nhiệm vụ chính trị của từng địa phương, đơn vị.",
            "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy tiếp tục nhân rộng những mô hình hay.",
        ),
    ),
    Listed(
        "/tin-tuc/bao-ve-nen-tang-tu-tuong-104.html",
        "Bảo vệ nền tảng tư tưởng của Đảng trên không gian mạng",
        "Ngày 3 tháng 2 năm 2024",
        "2024-02-03",
        (
            "Ban Chỉ đạo tỉnh nhận định các thế lực thù địch tiếp tục lợi dụng mạng xã hội"
            " để xuyên tạc đường lối, chủ trương của Đảng và chính sách của Nhà nước.",
            "Lực lượng nòng cốt được giao chủ động đăng tải thông tin tích cực và phản bác"
            " kịp thời các quan điểm sai trái, thù địch.",
        ),
    ),
    Listed(
        "/tin-tuc/giao-ban-bao-chi-105.html",
        "Giao ban báo chí định kỳ với các cơ quan thông tấn",
        "22-02-2024",
        "2024-02-22",
        (
            "Tại buổi giao ban, lãnh đạo các sở, ngành cung cấp thông tin về những vấn đề"
            " được dư luận quan tâm và trả lời câu hỏi của phóng viên.",
            "Các cơ quan báo chí được đề nghị phản ánh kịp thời gương người tốt, việc tốt.",
        ),
    ),
    Listed(
        "/tin-tuc/sinh-hoat-chinh-tri-106.html",
        "Sinh hoạt chính trị về truyền thống văn hóa quê hương",
        "09:15 | 07/03/2024",
        "2024-03-07T09:15:00+07:00",
        (
            "Đoàn viên, thanh niên và học sinh tham dự buổi sinh hoạt chính trị do Tỉnh đoàn"
            " phối hợp với Ban Tuyên giáo tổ chức tại nhà văn hóa trung tâm.",
            "Các nghệ nhân giới thiệu những làn điệu dân ca và nghề truyền thống của địa phương.",
        ),
    ),
)
PER_PAGE = 3
REGISTRY = """
[[site]]
key = "{key}"
name = "Trang tin chỉ ghi ngày ở danh sách"
province = "Thử nghiệm"
owner = "Không ai"
base_url = "{base}"
cms = "generic"
sections = ["/tin-tuc/"]
[site.selectors]
listing_item = ["li.tin"]
listing_date = ["span.ngay"]
listing_next = ["a.trang-sau"]
"""
PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>
</head><body><div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc/">Tin tức</a></div>
{main}<div class="chan-trang">Ban Tuyên giáo Tỉnh ủy · Trang thử nghiệm</div></body></html>"""


def listing(page: int) -> str:
    """Listing page ``page`` (1-based): the title and shown date of each article, a pager."""
    start = (page - 1) * PER_PAGE
    items = "".join(
        f'<li class="tin"><a href="{a.path}">{escape(a.title)}</a>'
        f' <span class="ngay">{escape(a.shown)}</span></li>'
        for a in ARTICLES[start : start + PER_PAGE]
    )
    more = start + PER_PAGE < len(ARTICLES)
    pager = f'<a class="trang-sau" href="/tin-tuc/trang-{page + 1}">Trang sau</a>' if more else ""
    return PAGE.format(title=f"Tin tức - trang {page}", main=f"<ul>{items}</ul>{pager}")


def article(a: Listed) -> str:
    """An article page that shows no date anywhere."""
    body = "".join(f"<p>{escape(p)}</p>" for p in a.paragraphs)
    main = f'<article><h1>{escape(a.title)}</h1><div itemprop="articleBody">{body}</div></article>'
    return PAGE.format(title=escape(a.title), main=main)


class _Handler(BaseHTTPRequestHandler):
    server: ListedServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = self.path
        if path == "/robots.txt":
            return self._send(200, "User-agent: *\nDisallow:\n")
        if path == "/tin-tuc/":
            return self._send(200, listing(1))
        if path.startswith("/tin-tuc/trang-") and path.rsplit("-", 1)[1].isdigit():
            return self._send(200, listing(int(path.rsplit("-", 1)[1])))
        found = next((a for a in ARTICLES if a.path == path), None)
        if found is not None:
            return self._send(200, article(found))
        return self._send(404, "<h1>404</h1>")


class ListedServer(ThreadingHTTPServer):
    """The site on a free 127.0.0.1 port, served from a thread while in a ``with`` block."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}/"

    def registry(self, key: str) -> str:
        """A registry file's text naming this site under ``key``."""
        return REGISTRY.format(key=key, base=self.base_url)

    def __enter__(self) -> ListedServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
