# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica renderer: tuyengiao.vn, the site of the Central Propaganda Department, old ASP.NET CMS.

What the pages reproduce (docs/evidence.md §2.9, §3 #7):

- every page: a WebForms ``form#aspnetForm`` with ``__VIEWSTATE``; the masthead with
  **today's** date ("Thứ Sáu, 19/7/2024", the render date, never a publication date), the
  logo, the section menu (``/thoi-su``, ``/nhip-cau-tuyen-giao``, ``/theo-guong-bac``, …),
  a right column (latest and most-read lists, the Party-cell documents box, links) and the
  footer with the licence and contact lines;
- articles at ``/<slug>-<id>`` (no extension): ``span.story_headline`` in the heading,
  ``span.story_date`` "Thứ Năm, 8/6/2023 14:46'(GMT+7)", the sapo ``div.story_teaser``
  ("TG - …"), the lead photo ``div.story_avatar_b`` (image + caption span), the body
  ``div.story_body#ArticleContent`` whose last ``<p>`` is the author, inline photos as
  ``table.tbl-image`` with the caption in ``td.td-image-desc``, then the keyword box and
  "Các tin khác"; the print and send-to-a-friend utilities
  (``/Utilities/PrintView.aspx?distributionid=<id>``, ``/Utilities/SendArticle.aspx?…``,
  duplicates the crawler must skip);
- section pages ``/<section>`` and ``/<section>?page=N``: ``div.zonepage-l`` of entries with
  an ``h4`` link, pager ``div.datapager`` with ``span.active``;
- RSS 2.0 ``/rss/home.rss`` and ``/rss/<section>.rss`` (pubDate in GMT), ``/sitemap.xml`` and
  ``robots.txt``. Images live under ``/uploads/YYYY/M/D/N/`` (``cdn.tuyengiao.vn`` on the
  real site; relative here).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from replica.families._common import (
    RSS_TYPE,
    SiteRenderer,
    body_blocks,
    chunks,
    esc,
    first_image_src,
    html_page,
    numbered_pager,
    portal_sitemap,
    pub_time,
    rfc822_utc,
    robots_page,
    styled_paragraph,
    viewstate,
    weekday_vi,
    words,
    xml_page,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page

OTHER_NEWS = 6
SIDE_ITEMS = 5


def rss_document(
    title: str,
    link: str,
    description: str,
    self_url: str,
    items: Iterable[tuple[str, str, str, str]],
) -> Page:
    """An RSS 2.0 channel; ``items`` are (title, absolute link, description, pubDate)."""
    rows = "\n".join(
        "<item>"
        f"<title>{esc(t)}</title>"
        f"<link>{esc(u)}</link>"
        f'<guid isPermaLink="true">{esc(u)}</guid>'
        f"<description><![CDATA[{d}]]></description>"
        f"<pubDate>{p}</pubDate>"
        "</item>"
        for t, u, d, p in items
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{esc(title)}</title>\n<link>{esc(link)}</link>\n"
        f"<description>{esc(description)}</description>\n<language>vi-VN</language>\n"
        f'<atom:link href="{esc(self_url)}" rel="self" type="application/rss+xml"/>\n'
        f"{rows}\n</channel>\n</rss>\n"
    )
    return xml_page(body, RSS_TYPE)


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return f"/{article.slug}-{article.id}"


def print_path(article: ReplicaArticle) -> str:
    return f"/Utilities/PrintView.aspx?distributionid={article.id}"


def send_path(article: ReplicaArticle) -> str:
    return f"/Utilities/SendArticle.aspx?distributionid={article.id}"


def listing_path(section: ReplicaSection, page: int) -> str:
    return f"/{section.key}" + ("" if page == 1 else f"?page={page}")


def story_date(a: ReplicaArticle) -> str:
    """ "Thứ Năm, 8/6/2023 14:46'(GMT+7)": no leading zeros in the day and month."""
    d = pub_time(a)
    return f"{weekday_vi(d)}, {d.day}/{d.month}/{d.year} {d:%H:%M}'(GMT+7)"


def short_date(a: ReplicaArticle) -> str:
    return f"({pub_time(a):%d/%m/%Y})"


class _Site(SiteRenderer):
    def path(self, a: ReplicaArticle) -> str:
        return article_path(self.c, a)

    # --- shell -----------------------------------------------------------------------------
    def head(self, title: str, description: str, extra: str = "") -> str:
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" lang="vi">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}" />
<meta name="keywords" content="{esc(self.s["keywords"])}" />
<meta name="copyright" content="{esc(self.s["org"])}" />
{extra}<link rel="shortcut icon" href="/favicon.ico" />
<link href="/Styles/tuyengiao/style.css?v=20240105" rel="stylesheet" type="text/css" />
<link rel="alternate" type="application/rss+xml" title="Tuyên giáo - Trang chủ" href="/rss/home.rss" />
<script type="text/javascript" src="/Scripts/jquery-1.8.3.min.js"></script>
<script type="text/javascript" src="/Scripts/tuyengiao.js?v=20240105"></script>
</head>"""

    def header(self, form_action: str, active: str | None) -> str:
        menu = "".join(
            f'<li class="{"active" if key == active else ""}"><a href="{esc(path)}">{esc(label)}</a></li>'
            for label, path, key in (
                (m[0], m[1], m[2] if len(m) > 2 else None) for m in self.s["menu"]
            )
        )
        return f"""<body>
<form name="aspnetForm" method="post" action="{esc(form_action)}" id="aspnetForm">
<div>
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{viewstate(form_action, 220)}" />
</div>
<div class="wrapper">
<div class="header">
<div class="header_top"><span class="header_date">{esc(self.s["today"])}</span>
<div class="header_links"><a href="/rss">RSS</a> | <a href="/lien-he">Liên hệ</a> | <a href="/english">English</a></div></div>
<div class="header_logo"><a href="/"><img src="/Images/logo-tuyengiao.png" alt="{esc(self.s["logo_alt"])}" /></a>
<div class="header_search"><input name="ctl00$txtSearch" type="text" id="ctl00_txtSearch" class="txt_search" value="Tìm kiếm..." /></div></div>
<div class="menu"><ul>{menu}</ul></div>
</div>
<div class="content">"""

    def thumb(self, a: ReplicaArticle) -> str:
        img = first_image_src(a)
        if not img:
            return ""
        return (
            f'<a class="story_avatar" href="{esc(self.path(a))}"><img src="{esc(img)}" '
            f'alt="{esc(a.title)}" /></a>'
        )

    def right_column(self) -> str:
        newest = "".join(
            f'<li class="story_item">{self.thumb(a)}<a href="{esc(self.path(a))}">'
            f"{esc(a.title)}</a></li>"
            for a in self.latest()[:SIDE_ITEMS]
        )
        most = "".join(
            f'<li><a href="{esc(self.path(a))}">{esc(a.title)}</a></li>'
            for a in sorted(self.c.articles, key=lambda a: (len(a.title), a.id))[:SIDE_ITEMS]
        )
        docs = "".join(
            f'<li><a href="/tai-lieu/{i}">{esc(d)}</a></li>'
            for i, d in enumerate(self.s["documents"], 1)
        )
        links = "".join(
            f'<option value="{esc(url)}">{esc(name)}</option>' for name, url in self.s["links"]
        )
        return f"""<div class="col_right">
<div class="box_right"><div class="box_title">Tin mới</div><ul class="list_news">{newest}</ul></div>
<div class="box_right"><div class="box_title">Đọc nhiều</div><ul class="list_news">{most}</ul></div>
<div class="box_right"><div class="box_title">Tài liệu sinh hoạt chi bộ</div><ul class="list_doc">{docs}</ul></div>
<div class="box_right"><div class="box_title">Liên kết website</div><select onchange="window.open(this.value)"><option value="">-- Liên kết --</option>{links}</select></div>
<div class="box_right banner"><a href="/hoc-tap-va-lam-theo-bac"><img src="/Images/banner-hoc-tap-bac.jpg" alt="banner hoc tap va lam theo bac" /></a></div>
</div>"""

    def footer(self) -> str:
        lines = "".join(f"<p>{esc(line)}</p>" for line in self.s["footer"])
        return f"""</div>
<div class="footer">
<div class="footer_menu"><a href="/">Trang chủ</a> | <a href="/gioi-thieu">Giới thiệu</a> | <a href="/lien-he">Liên hệ</a> | <a href="/rss">RSS</a></div>
<div class="footer_info"><p class="footer_title">{esc(self.s["footer_title"])}</p>{lines}</div>
</div>
</div>
</form>
<script type="text/javascript">var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-00000000-1']); _gaq.push(['_trackPageview']);</script>
</body>
</html>
"""

    def page(
        self,
        path: str,
        title: str,
        description: str,
        main: str,
        active: str | None,
        extra: str = "",
    ) -> Page:
        return html_page(
            self.head(f"{title} - {self.s['site_title']}", description, extra)
            + "\n"
            + self.header(path, active)
            + "\n"
            + main
            + "\n"
            + self.right_column()
            + "\n"
            + self.footer()
        )

    def breadcrumb(self, section: ReplicaSection) -> str:
        return (
            f'<div class="breadcrumb"><a href="/">Trang chủ</a> » '
            f'<a href="{esc(listing_path(section, 1))}">{esc(section.name)}</a></div>'
        )

    # --- article ---------------------------------------------------------------------------
    def image_table(self, item: dict[str, Any]) -> str:
        cap = item.get("caption")
        desc = f'<tr><td class="td-image-desc">{esc(cap)}</td></tr>' if cap else ""
        return (
            '<table class="tbl-image" align="center" border="0" cellpadding="0" cellspacing="0">'
            f'<tbody><tr><td class="td-image"><img src="{esc(item["image"])}" alt="" '
            'width="500" /></td></tr>' + desc + "</tbody></table>"
        )

    def detail(self, a: ReplicaArticle) -> Page:
        section = self.sections[a.section]
        items = list(a.body)
        avatar = ""
        if items and "image" in items[0]:
            first = items.pop(0)
            cap = f"<span>{esc(first['caption'])}</span>" if first.get("caption") else ""
            avatar = (
                f'<div class="story_avatar_b"><img src="{esc(first["image"])}" '
                f'alt="{esc(a.title)}" />{cap}</div>'
            )
        body = body_blocks(items, self.image_table, styled_paragraph)
        if a.byline or a.author:
            body.append(
                f'<p style="text-align: right;"><strong>{esc(a.byline or a.author)}</strong></p>'
            )
        tags = ""
        if a.tags:
            links = ", ".join(
                f'<a href="/tag/{esc(quote(t.lower().replace(" ", "-")))}">{esc(t)}</a>'
                for t in a.tags
            )
            tags = f'<div class="story_tags"><b>Từ khóa:</b> {links}</div>'
        others = [o for o in self.latest(a.section) if o.id != a.id][:OTHER_NEWS]
        other_rows = "".join(
            f'<li><a href="{esc(self.path(o))}">{esc(o.title)}</a> '
            f'<span class="date">{esc(short_date(o))}</span></li>'
            for o in others
        )
        url = self.abs(self.path(a))
        teaser = f'<div class="story_teaser">{esc(a.lead)}</div>' if a.lead else ""
        main = f"""<div class="col_left">
{self.breadcrumb(section)}
<div class="story_detail">
<div class="story_tools"><a href="{esc(print_path(a))}" target="_blank" rel="nofollow">In bài</a> | <a href="{esc(send_path(a))}" target="_blank" rel="nofollow">Gửi email</a> | <a href="https://www.facebook.com/sharer.php?u={esc(quote(url, safe=""))}" target="_blank">Chia sẻ</a></div>
<h1 class="story_title"><span class="story_headline">{esc(a.title)}</span></h1>
<span class="story_date">{esc(story_date(a))}</span>
{teaser}
{avatar}
<div class="story_body" id="ArticleContent">
{chr(10).join(body)}
</div>
{tags}
<div class="story_other"><h3 class="title_other">Các tin khác</h3><ul>{other_rows}</ul></div>
</div>
</div>"""
        image = first_image_src(a)
        extra = (
            f'<meta property="og:title" content="{esc(a.title)}" />\n'
            f'<meta property="og:url" content="{esc(url)}" />\n'
            + (f'<meta property="og:image" content="{esc(self.abs(image))}" />\n' if image else "")
            + f'<link rel="canonical" href="{esc(url)}" />\n'
        )
        return self.page(self.path(a), a.title, a.lead or a.title, main, a.section, extra)

    def print_view(self, a: ReplicaArticle) -> Page:
        body = "".join(
            self.image_table(i) if "image" in i else f"<p>{esc(i['p'])}</p>" for i in a.body
        )
        markup = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{esc(a.title)}</title><link href="/Styles/tuyengiao/print.css" rel="stylesheet" type="text/css" /></head>
<body onload="window.print()"><div class="print_logo"><img src="/Images/logo-tuyengiao.png" alt="" /></div>
<span class="story_headline">{esc(a.title)}</span><br /><span class="story_date">{esc(story_date(a))}</span>
<div class="story_teaser">{esc(a.lead or "")}</div>
<div class="story_body">{body}<p style="text-align: right;"><strong>{esc(a.byline or a.author or "")}</strong></p></div>
</body></html>
"""
        return html_page(markup)

    def send_form(self, a: ReplicaArticle) -> Page:
        markup = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>Gửi bài viết cho bạn bè</title></head>
<body><form method="post" action="{esc(send_path(a))}" id="form1"><h3>Gửi bài viết cho bạn bè</h3>
<div class="send_story"><span class="story_headline">{esc(a.title)}</span><div class="story_teaser">{esc(a.lead or "")}</div></div>
<p>Email người nhận: <input type="text" name="txtTo" /></p><p>Email của bạn: <input type="text" name="txtFrom" /></p>
<input type="submit" value="Gửi" /></form></body></html>
"""
        return html_page(markup)

    # --- listings, home, feeds -------------------------------------------------------------
    def listing(self, section: ReplicaSection) -> dict[str, Page]:
        pages = chunks(self.c.in_section(section.key), section.per_page)
        out: dict[str, Page] = {}
        for n, chunk in enumerate(pages, 1):
            rows = []
            for a in chunk:
                rows.append(
                    f'<div class="story_item">{self.thumb(a)}<h4><a href="{esc(self.path(a))}">'
                    f"{esc(a.title)}</a></h4>"
                    f'<span class="date">{esc(short_date(a))}</span>'
                    f'<p class="teaser">{esc(words(a.lead or a.paragraphs[0], 40))}</p></div>'
                )
            pager = numbered_pager(
                n,
                len(pages),
                lambda k: listing_path(section, k),
                '<span class="active">{n}</span>',
                '<a href="{href}">{n}</a>',
                '<a class="next" href="{href}">Trang sau</a>',
            )
            main = f"""<div class="col_left">
{self.breadcrumb(section)}
<div class="zonepage-l">
<div class="zone_title"><h2><a href="{esc(listing_path(section, 1))}">{esc(section.name)}</a></h2></div>
{"".join(rows)}
<div class="datapager">{" ".join(pager)}</div>
</div>
</div>"""
            path = listing_path(section, n)
            out[path] = self.page(path, section.name, section.name, main, section.key)
        return out

    def home(self) -> Page:
        top = self.latest()[0]
        focus = (
            '<div class="story_focus">'
            + self.thumb(top)
            + f'<h2><a class="story_headline" href="{esc(self.path(top))}">{esc(top.title)}</a></h2>'
            f'<div class="story_teaser">{esc(top.lead or words(top.paragraphs[0], 40))}</div>'
            "</div>"
        )
        zones = []
        for section in self.c.sections:
            rows = "".join(
                f'<h4><a href="{esc(self.path(a))}">{esc(a.title)}</a></h4>'
                for a in self.latest(section.key)[:4]
            )
            zones.append(
                f'<div class="zonehome"><div class="zone_title"><h2><a href="'
                f'{esc(listing_path(section, 1))}">{esc(section.name)}</a></h2></div>{rows}</div>'
            )
        main = '<div class="col_left">' + focus + "".join(zones) + "</div>"
        return self.page("/", "Trang chủ", self.s["site_title"], main, None)

    def rss(self, section: ReplicaSection | None) -> Page:
        items = self.latest(section.key if section else None)
        name = section.name if section else "Trang chủ"
        path = f"/rss/{section.key if section else 'home'}.rss"
        link = self.abs(listing_path(section, 1) if section else "/")
        return rss_document(
            f"Tuyên giáo - {name}",
            link,
            self.s["site_title"],
            self.abs(path),
            (
                (
                    a.title,
                    self.abs(self.path(a)),
                    a.lead or words(a.paragraphs[0], 40),
                    rfc822_utc(pub_time(a), "GMT"),
                )
                for a in items
            ),
        )

    def rss_index(self) -> Page:
        rows = "".join(
            f'<li><a href="/rss/{key}.rss">{esc(name)}</a></li>'
            for key, name in [("home", "Trang chủ")] + [(s.key, s.name) for s in self.c.sections]
        )
        main = f'<div class="col_left"><h2>RSS</h2><ul class="rss_list">{rows}</ul></div>'
        return self.page("/rss", "RSS", "RSS", main, None)

    def robots(self) -> Page:
        return robots_page(self.abs("/sitemap.xml"), "/Utilities/", "/Admin/")

    def sitemap(self) -> Page:
        articles = (self.path, lambda a: f"{pub_time(a):%Y-%m-%d}", "monthly", "0.6")
        return portal_sitemap(self, "/", "hourly", lambda s: listing_path(s, 1), articles)

    def render(self) -> dict[str, Page]:
        pages: dict[str, Page] = {
            "/": self.home(),
            "/robots.txt": self.robots(),
            "/sitemap.xml": self.sitemap(),
            "/rss": self.rss_index(),
            "/rss/home.rss": self.rss(None),
        }
        for section in self.c.sections:
            pages.update(self.listing(section))
            pages[f"/rss/{section.key}.rss"] = self.rss(section)
        for a in self.c.articles:
            pages[self.path(a)] = self.detail(a)
            pages[print_path(a)] = self.print_view(a)
            pages[send_path(a)] = self.send_form(a)
        return pages


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of the tuyengiao.vn replica, keyed by path (with query)."""
    return _Site(content, base_url).render()
