# ruff: noqa: E501 - page templates: markup lines are kept whole, as the site prints them
"""Replica renderer for an unseen theme: a city party committee site built by hand, no CMS.

Written for issue 11's honest checks, before any rule was tuned for it. Nothing on the
pages names a platform: no generator, no known asset path or class name. Articles live at
``/tin-tuc/<slug>-<id>.htm``; sections at ``/chuyen-muc/<key>`` and ``?trang=N``; a print
copy at ``/in-bai/<id>``. The masthead shows the day the page was served
("Thứ Bảy, ngày 01/11/2025", the replica clock), the detail box opens with a
"Ngày đăng: 28/12/2023 - 14:55 | Lượt xem: 12" line above the title, then the title in an
``h1`` (the ``<title>`` is "Thành ủy … | <title>"), the sapo in italics, the body as ``div``
paragraphs and the byline at its end; "Các tin khác" follows. A left column of links and
a "Tin đọc nhiều" box repeat on every page.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from replica.families._common import (
    PrintableSite,
    body_blocks,
    byline_html,
    chunks,
    esc,
    html_page,
    pub_time,
    robots_page,
    weekday_vi,
    words,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import CLOCK_START, Page

# The day the replica serves its pages (its clock), as the masthead prints "today".
CLOCK_DAY = (CLOCK_START + timedelta(hours=7)).date()


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return f"/tin-tuc/{article.slug}-{article.id}.htm"


def print_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return f"/in-bai/{article.id}"


def listing_path(section: ReplicaSection, page: int) -> str:
    return f"/chuyen-muc/{section.key}" + ("" if page == 1 else f"?trang={page}")


def _image(item: dict[str, Any]) -> str:
    img = f'<div align="center"><img src="/upload/images/{esc(item["image"])}" border="0"></div>'
    if item.get("caption"):
        return img + f'\n<div align="center"><i>{esc(item["caption"])}</i></div>'
    return img


def _paragraph(text: str, align: str | None) -> str:
    return f'<div style="text-align:{align}">{text}</div>' if align else f"<div>{text}</div>"


class _Site(PrintableSite):
    def path(self, a: ReplicaArticle) -> str:
        return article_path(self.c, a)

    def print_copy_path(self, a: ReplicaArticle) -> str:
        return print_path(self.c, a)

    def page(self, title: str, main: str, active: str | None, extra: str = "") -> Page:
        menu = "".join(
            f'<a class="{"on" if s.key == active else ""}" href="{esc(listing_path(s, 1))}">{esc(s.name)}</a>'
            for s in self.c.sections
        )
        popular = "".join(
            f'<div class="pop-item"><a href="{esc(self.path(a))}">{esc(a.title)}</a></div>'
            for a in sorted(self.c.articles, key=lambda a: a.id)[:4]
        )
        links = "".join(f'<div><a href="{esc(u)}">{esc(n)}</a></div>' for n, u in self.s["links"])
        day = f"{weekday_vi(CLOCK_DAY)}, ngày {CLOCK_DAY:%d/%m/%Y}"
        return html_page(
            f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)}</title>
<link href="/css/style.css" rel="stylesheet" type="text/css">
<script src="/js/jquery.js"></script>
{extra}</head>
<body>
<div id="wrapper">
<div id="top"><div class="logo"><a href="/"><img src="/images/logo.png" alt="logo"></a></div>
<div class="site-name">{esc(self.s["site_name"])}</div><div class="today">{day}</div></div>
<div id="nav"><a href="/">Trang chủ</a>{menu}<a href="/lien-he">Liên hệ</a></div>
<div id="middle">
<div id="left">
<div class="lbox"><div class="lbox-head">Liên kết</div>{links}</div>
<div class="lbox"><div class="lbox-head">Tin đọc nhiều</div>{popular}</div>
</div>
<div id="center">
{main}
</div>
</div>
<div id="bottom"><div class="addr">{"<br>".join(esc(x) for x in self.s["footer"])}</div><div class="copy">{esc(self.s["copyright"])}</div></div>
</div>
</body>
</html>
"""
        )

    def body(self, a: ReplicaArticle) -> str:
        parts = body_blocks(a.body, _image, _paragraph)
        parts.append(byline_html(a))
        return "\n".join(p for p in parts if p)

    def detail(self, a: ReplicaArticle) -> Page:
        t = pub_time(a)
        others = [o for o in self.latest(a.section) if o.id != a.id][:6]
        views = f" | Lượt xem: {a.views}" if a.views is not None else ""
        lead = f'<div class="sapo"><i>{esc(a.lead)}</i></div>' if a.lead else ""
        main = f"""<div class="box">
<div class="box-info">Ngày đăng: {t:%d/%m/%Y - %H:%M}{views}</div>
<h1 class="box-h">{esc(a.title)}</h1>
{lead}
<div class="box-text">
{self.body(a)}
</div>
<div class="box-tools"><a href="{esc(print_path(self.c, a))}">In bài viết</a> <a href="javascript:history.back()">Quay lại</a></div>
</div>
<div class="other"><div class="other-head">Các tin khác</div>
{"".join(f'<div class="other-item">» <a href="{esc(self.path(o))}">{esc(o.title)}</a> <span>({pub_time(o):%d/%m/%Y})</span></div>' for o in others)}
</div>"""
        return self.page(f"{self.s['short_name']} | {a.title}", main, a.section)

    def print_view(self, a: ReplicaArticle) -> Page:
        return html_page(
            f"""<html><head><meta charset="utf-8"><title>{esc(a.title)}</title></head><body onload="print()">
<h1>{esc(a.title)}</h1><div>{esc(a.lead or "")}</div>{self.body(a)}</body></html>
"""
        )

    def listing(self, section: ReplicaSection) -> dict[str, Page]:
        pages = chunks(self.c.in_section(section.key), section.per_page)
        out = {}
        for n, chunk in enumerate(pages, 1):
            rows = "".join(
                f'<div class="list-item"><a class="list-title" href="{esc(self.path(a))}">{esc(a.title)}</a>'
                f'<div class="list-date">{pub_time(a):%d/%m/%Y}</div><div class="list-sum">{esc(words(a.lead or a.paragraphs[0], 30))}</div></div>'
                for a in chunk
            )
            nxt = (
                f'<a class="next" href="{esc(listing_path(section, n + 1))}">Trang sau</a>'
                if n < len(pages)
                else ""
            )
            main = f'<div class="list"><div class="list-head">{esc(section.name)}</div>{rows}<div class="pages">Trang {n}/{len(pages)} {nxt}</div></div>'
            out[listing_path(section, n)] = self.page(
                f"{self.s['short_name']} | {section.name}", main, section.key
            )
        return out

    def home(self) -> Page:
        main = "".join(
            f'<div class="list"><div class="list-head">{esc(s.name)}</div>'
            + "".join(
                f'<div class="list-item"><a class="list-title" href="{esc(self.path(a))}">{esc(a.title)}</a></div>'
                for a in self.latest(s.key)[:3]
            )
            + "</div>"
            for s in self.c.sections
        )
        return self.page(self.s["site_name"], main, None)

    def front(self) -> dict[str, Page]:
        return {
            "/": self.home(),
            "/robots.txt": robots_page(self.abs("/sitemap.xml"), "/in-bai/"),
            "/sitemap.xml": self.article_sitemap(),
        }


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of the hand-built (no CMS) replica site, keyed by path."""
    return _Site(content, base_url).render()
