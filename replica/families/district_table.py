# ruff: noqa: E501 - page templates: markup lines are kept whole, as the site prints them
"""Replica renderer for an unseen theme: a district party committee site laid out in tables.

Written for issue 11's honest checks, before any rule was tuned for it. The layout of a
site built around 2008 and never redone: one 1000-pixel ``<table>`` with a banner row, a
menu row, three cells (left menu of sections and links; the article; right column with
"Văn bản mới" and a visit counter) and a footer row, ``<font>`` and ``<b>`` instead of
headings. The article cell is a nested table: the title in a bold ``<font>`` (no ``<h1>``
anywhere; the ``<title>`` is the article's title alone), then "(Cập nhật ngày 28/12/2023)",
the sapo in bold, the body as ``<p>`` paragraphs with the byline last, then
"Các tin đã đưa" with dated links. Articles at ``/tin-tuc/<id>/<slug>.htm``, sections at
``/chuyen-muc/<n>.aspx?page=N``, print copies at ``/print/<id>``. Dates are days only.
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
    local_dt,
    robots_page,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return f"/tin-tuc/{article.id}/{article.slug}.htm"


def print_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return f"/print/{article.id}"


def _number(content: ReplicaSite, section: ReplicaSection) -> int:
    return [s.key for s in content.sections].index(section.key) + 1


def listing_path(content: ReplicaSite, section: ReplicaSection, page: int) -> str:
    n = _number(content, section)
    return f"/chuyen-muc/{n}.aspx" + ("" if page == 1 else f"?page={page}")


def day(a: ReplicaArticle) -> str:
    return f"{local_dt(a.published or ''):%d/%m/%Y}"


def _image(item: dict[str, Any]) -> str:
    caption = (
        f'<tr><td align="center"><i>{esc(item["caption"])}</i></td></tr>'
        if item.get("caption")
        else ""
    )
    return (
        f'<table align="center" width="450"><tr><td><img src="/Uploads/{esc(item["image"])}" width="450"></td></tr>'
        + caption
        + "</table>"
    )


def _paragraph(text: str, align: str | None) -> str:
    return f'<p align="{align or "justify"}">{text}</p>'


class _Site(PrintableSite):
    def path(self, a: ReplicaArticle) -> str:
        return article_path(self.c, a)

    def print_copy_path(self, a: ReplicaArticle) -> str:
        return print_path(self.c, a)

    def page(self, title: str, main: str) -> Page:
        sections = "".join(
            f'<tr><td class="lmenu">&raquo; <a href="{esc(listing_path(self.c, s, 1))}">{esc(s.name)}</a></td></tr>'
            for s in self.c.sections
        )
        links = "".join(
            f'<tr><td class="lmenu"><a href="{esc(u)}" target="_blank">{esc(n)}</a></td></tr>'
            for n, u in self.s["links"]
        )
        docs = "".join(
            f'<tr><td class="vb"><img src="/images/bullet.gif"> <b>{esc(code)}</b><br>{esc(name)}</td></tr>'
            for code, name in self.s["documents"]
        )
        c = self.s["counter"]
        return html_page(
            f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)}</title>
<link rel="stylesheet" href="/style.css" type="text/css">
</head>
<body topmargin="0" leftmargin="0" bgcolor="#F2F2F2">
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0" bgcolor="#FFFFFF">
<tr><td colspan="3"><img src="/images/banner.jpg" width="1000" height="150" alt="{esc(self.s["site_name"])}"></td></tr>
<tr><td colspan="3" class="topmenu" bgcolor="#B30000"><a href="/">TRANG CHỦ</a> | <a href="/gioi-thieu.aspx">GIỚI THIỆU</a> | <a href="/lien-he.aspx">LIÊN HỆ</a></td></tr>
<tr>
<td width="200" valign="top" bgcolor="#FFF5E6">
<table width="100%" border="0" cellspacing="0" cellpadding="4">
<tr><td class="lhead"><b>CHUYÊN MỤC</b></td></tr>
{sections}
<tr><td class="lhead"><b>LIÊN KẾT WEBSITE</b></td></tr>
{links}
</table>
</td>
<td width="580" valign="top">
{main}
</td>
<td width="220" valign="top">
<table width="100%" border="0" cellspacing="0" cellpadding="4">
<tr><td class="rhead"><b>VĂN BẢN MỚI</b></td></tr>
{docs}
<tr><td class="rhead"><b>THỐNG KÊ TRUY CẬP</b></td></tr>
<tr><td class="counter">Đang online: {c["online"]}<br>Lượt truy cập: {c["total"]}</td></tr>
</table>
</td>
</tr>
<tr><td colspan="3" class="footer" align="center" bgcolor="#B30000"><font color="#FFFFFF">{"<br>".join(esc(x) for x in self.s["footer"])}</font></td></tr>
</table>
</body>
</html>
"""
        )

    def body(self, a: ReplicaArticle) -> str:
        parts = body_blocks(a.body, _image, _paragraph)
        parts.append(byline_html(a))
        return "\n".join(p for p in parts if p)

    def detail(self, a: ReplicaArticle) -> Page:
        others = [o for o in self.latest(a.section) if o.id != a.id][:5]
        lead = f'<tr><td class="trichdan"><b>{esc(a.lead)}</b></td></tr>' if a.lead else ""
        main = f"""<table width="100%" border="0" cellspacing="0" cellpadding="6">
<tr><td class="tieude"><font size="4" color="#B30000"><b>{esc(a.title)}</b></font></td></tr>
<tr><td class="ngay"><font color="#666666">(Cập nhật ngày {day(a)})</font></td></tr>
{lead}
<tr><td class="noidung">
{self.body(a)}
</td></tr>
<tr><td align="right"><a href="{esc(print_path(self.c, a))}"><img src="/images/print.gif" border="0"> In trang</a> &nbsp; <a href="javascript:history.back()">Trở về</a></td></tr>
<tr><td class="tinkhac"><b>Các tin đã đưa:</b><br>
{"".join(f'&middot; <a href="{esc(self.path(o))}">{esc(o.title)}</a> <font color="#999999">({day(o)})</font><br>' for o in others)}
</td></tr>
</table>"""
        return self.page(a.title, main)

    def print_view(self, a: ReplicaArticle) -> Page:
        return html_page(
            f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{esc(a.title)}</title></head>
<body onload="window.print()"><b>{esc(a.title)}</b><br>(Cập nhật ngày {day(a)})<br><b>{esc(a.lead or "")}</b>{self.body(a)}</body></html>
"""
        )

    def listing(self, section: ReplicaSection) -> dict[str, Page]:
        pages = chunks(self.c.in_section(section.key), section.per_page)
        out = {}
        for n, chunk in enumerate(pages, 1):
            rows = "".join(
                f'<tr><td class="tin"><a href="{esc(self.path(a))}"><b>{esc(a.title)}</b></a> <font color="#999999">({day(a)})</font></td></tr>'
                for a in chunk
            )
            pager = " ".join(
                f"<b>[{k}]</b>"
                if k == n
                else f'<a href="{esc(listing_path(self.c, section, k))}">[{k}]</a>'
                for k in range(1, len(pages) + 1)
            )
            main = (
                f'<table width="100%" cellpadding="6"><tr><td class="tieude"><b>{esc(section.name.upper())}</b></td></tr>'
                f'{rows}<tr><td align="center" class="trang">Trang: {pager}</td></tr></table>'
            )
            out[listing_path(self.c, section, n)] = self.page(self.s["site_name"], main)
        return out

    def home(self) -> Page:
        main = "".join(
            f'<table width="100%" cellpadding="6"><tr><td class="tieude"><b>{esc(s.name.upper())}</b></td></tr>'
            + "".join(
                f'<tr><td><a href="{esc(self.path(a))}">{esc(a.title)}</a></td></tr>'
                for a in self.latest(s.key)[:3]
            )
            + "</table>"
            for s in self.c.sections
        )
        return self.page(self.s["site_name"], main)

    def front(self) -> dict[str, Page]:
        return {
            "/": self.home(),
            "/robots.txt": robots_page(self.abs("/sitemap.xml"), "/print/"),
            "/sitemap.xml": self.article_sitemap(dated=False),
        }


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of the table-layout district replica site, keyed by path."""
    return _Site(content, base_url).render()
