# ruff: noqa: E501 - page templates: markup lines are kept whole, as the theme prints them
"""Replica renderer for an unseen theme: NukeViet 4 re-skinned by a local contractor.

Written for issue 11's honest checks, before any rule was tuned for it: the core still
prints what NukeViet prints (``<meta name="generator" content="NukeViet v4.5">``, the
``/themes/<t>/`` and ``/assets/js/`` paths, the malformed ``article:published_time``
meta, the ``/<cat>/<Alias>-<id>.html`` URLs, ``/print/…`` copies), but the theme renamed
every class and id the ``nukeviet4`` family reads (no ``news_column``, no
``#news-bodyhtml``, no ``h1.title``), put the title in an ``h2`` under a site-name
``h1``, and moved the date line below the body, after the byline, as
"Cập nhật: 14:55 | 28/12/2023" beside the view count. The right column repeats on every
page ("Tin mới nhất", "Văn bản chỉ đạo", a visit counter); each article ends with
"Tin cùng chuyên mục", links that differ from page to page.
"""

from __future__ import annotations

from typing import Any

from replica.families._common import (
    PrintableSite,
    body_blocks,
    byline_html,
    chunks,
    esc,
    html_page,
    numbered_pager,
    pub_time,
    robots_page,
    styled_paragraph,
    words,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page

THEME = "tg-xanh"


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return f"/{article.section}/{article.slug}-{article.id}.html"


def print_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return f"/print/{article.section}/{article.slug}-{article.id}.html"


def listing_path(section: ReplicaSection, page: int) -> str:
    return f"/{section.key}/" if page == 1 else f"/{section.key}/page-{page}"


def date_line(a: ReplicaArticle) -> str:
    return f"Cập nhật: {pub_time(a):%H:%M | %d/%m/%Y}"


def _image(item: dict[str, Any]) -> str:
    src = f"/uploads/news/{item['image']}"
    img = f'<div class="anh-bai"><img src="{esc(src)}" alt=""></div>'
    if item.get("caption"):
        return img + f'\n<div class="chu-thich-anh">{esc(item["caption"])}</div>'
    return img


class _Site(PrintableSite):
    def path(self, a: ReplicaArticle) -> str:
        return article_path(self.c, a)

    def print_copy_path(self, a: ReplicaArticle) -> str:
        return print_path(self.c, a)

    def head(self, title: str, description: str, extra: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}">
<meta name="generator" content="NukeViet v4.5">
<meta property="og:title" content="{esc(title)}">
<meta property="og:site_name" content="{esc(self.s["site_name"])}">
{extra}<link rel="StyleSheet" href="/themes/{THEME}/css/giaodien.css?t=1700000000">
<script src="/assets/js/jquery/jquery.min.js?t=1700000000"></script>
<script src="/assets/js/global.js?t=1700000000"></script>
<script src="/themes/{THEME}/js/giaodien.js?t=1700000000"></script>
</head>"""

    def top(self, active: str | None) -> str:
        menu = "".join(
            f'<li class="{"dang-chon" if s.key == active else "muc"}"><a href="{esc(listing_path(s, 1))}">{esc(s.name)}</a></li>'
            for s in self.c.sections
        )
        return f"""<body>
<div class="khung-trang">
<div class="dau-trang"><a href="/"><img src="/themes/{THEME}/images/banner.png" alt="banner"></a>
<h1 class="ten-don-vi">{esc(self.s["site_name"])}</h1>
<div class="khau-hieu">{esc(self.s["slogan"])}</div></div>
<ul class="thanh-menu"><li class="muc"><a href="/">Trang chủ</a></li>{menu}</ul>
<div class="than-trang">
<div class="cot-trai">"""

    def right(self) -> str:
        latest = "".join(
            f'<li><a href="{esc(self.path(a))}">{esc(a.title)}</a></li>' for a in self.latest()[:5]
        )
        docs = "".join(
            f"<li><span>{esc(code)}</span> {esc(name)}</li>" for code, name in self.s["documents"]
        )
        return f"""</div>
<div class="cot-phai">
<div class="hop-phu"><div class="hop-phu-tieu-de">Tin mới nhất</div><ul class="ds-tin">{latest}</ul></div>
<div class="hop-phu"><div class="hop-phu-tieu-de">Văn bản chỉ đạo</div><ul class="ds-vb">{docs}</ul></div>
<div class="hop-phu"><div class="hop-phu-tieu-de">Thống kê truy cập</div>
<ul class="dem"><li>Đang truy cập: {self.s["online"]}</li><li>Hôm nay: {self.s["today"]}</li><li>Tổng lượt truy cập: {self.s["total"]}</li></ul></div>
</div>
</div>
<div class="chan-trang">{"".join(f"<p>{esc(line)}</p>" for line in self.s["footer"])}</div>
</div>
</body>
</html>
"""

    def page(
        self, title: str, description: str, main: str, active: str | None, extra: str = ""
    ) -> Page:
        return html_page(
            self.head(title, description, extra)
            + "\n"
            + self.top(active)
            + "\n"
            + main
            + "\n"
            + self.right()
        )

    def body(self, a: ReplicaArticle) -> str:
        parts = body_blocks(a.body, _image, styled_paragraph)
        parts.append(byline_html(a))
        return "\n".join(p for p in parts if p)

    def detail(self, a: ReplicaArticle) -> Page:
        section = self.sections[a.section]
        others = [o for o in self.latest(a.section) if o.id != a.id][:5]
        lead = f'<div class="tom-tat"><strong>{esc(a.lead)}</strong></div>' if a.lead else ""
        views = (
            f'<span class="so-lan-xem">Lượt xem: {a.views}</span>' if a.views is not None else ""
        )
        url = self.abs(self.path(a))
        main = f"""<div class="duong-dan"><a href="/">Trang chủ</a> » <a href="{esc(listing_path(section, 1))}">{esc(section.name)}</a></div>
<div class="bai-viet-chi-tiet">
<h2 class="tieu-de-bai">{esc(a.title)}</h2>
<div class="cong-cu"><a href="{esc(print_path(self.c, a))}" rel="nofollow">In bài</a> | <a href="javascript:void(0)" onclick="guiEmail()">Gửi email</a> | <span class="co-chu">Cỡ chữ: A- A A+</span></div>
{lead}
<div class="noi-dung-bai">
{self.body(a)}
</div>
<div class="thong-tin-cuoi"><span class="ngay-cap-nhat">{esc(date_line(a))}</span> {views}</div>
<div class="chia-se">Chia sẻ: <a href="https://facebook.com/sharer.php?u={esc(url)}">Facebook</a> <a href="https://zalo.me/share?u={esc(url)}">Zalo</a></div>
<div class="tin-cung-muc"><div class="tin-cung-muc-tieu-de">Tin cùng chuyên mục</div>
<ul>{"".join(f'<li><a href="{esc(self.path(o))}">{esc(o.title)}</a></li>' for o in others)}</ul></div>
</div>"""
        t = pub_time(a)
        extra = (
            f'<meta property="article:published_time" content="{t:%Y-%m-%d}ICT{t:%H:%M:%S}">\n'
            f'<link rel="canonical" href="{esc(url)}">\n'
        )
        return self.page(
            f"{a.title} - {self.s['site_name']}",
            a.lead or words(a.paragraphs[0], 30),
            main,
            a.section,
            extra,
        )

    def print_view(self, a: ReplicaArticle) -> Page:
        return html_page(
            f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{esc(a.title)}</title>
<meta name="generator" content="NukeViet v4.5"></head><body onload="window.print()">
<h2>{esc(a.title)}</h2><p>{esc(date_line(a))}</p><div><strong>{esc(a.lead or "")}</strong></div>
<div>{self.body(a)}</div></body></html>
"""
        )

    def listing(self, section: ReplicaSection) -> dict[str, Page]:
        pages = chunks(self.c.in_section(section.key), section.per_page)
        out = {}
        for n, chunk in enumerate(pages, 1):
            rows = "".join(
                f'<div class="muc-tin"><h3><a href="{esc(self.path(a))}">{esc(a.title)}</a></h3>'
                f'<span class="ngay">{pub_time(a):%d/%m/%Y %H:%M}</span><p>{esc(words(a.lead or a.paragraphs[0], 35))}</p></div>'
                for a in chunk
            )
            pager = numbered_pager(
                n,
                len(pages),
                lambda k: listing_path(section, k),
                '<span class="trang-nay">{n}</span>',
                '<a href="{href}">{n}</a>',
                '<a class="trang-sau" href="{href}">Sau »</a>',
            )
            main = f'<div class="danh-sach"><h2 class="ten-chuyen-muc">{esc(section.name)}</h2>{rows}<div class="phan-trang">{" ".join(pager)}</div></div>'
            out[listing_path(section, n)] = self.page(
                section.name, self.s["site_name"], main, section.key
            )
        return out

    def home(self) -> Page:
        blocks = "".join(
            f'<div class="khoi-trang-chu"><h2><a href="{esc(listing_path(s, 1))}">{esc(s.name)}</a></h2><ul>'
            + "".join(
                f'<li><a href="{esc(self.path(a))}">{esc(a.title)}</a></li>'
                for a in self.latest(s.key)[:4]
            )
            + "</ul></div>"
            for s in self.c.sections
        )
        return self.page(self.s["site_name"], self.s["site_name"], blocks, None)

    def front(self) -> dict[str, Page]:
        return {
            "/": self.home(),
            "/robots.txt": robots_page(self.abs("/sitemap.xml"), "/admin/", "/print/"),
            "/sitemap.xml": self.article_sitemap(),
        }


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of the re-skinned NukeViet 4 replica site, keyed by path."""
    return _Site(content, base_url).render()
