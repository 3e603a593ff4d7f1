# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica renderer: Joomla 3 with K2 2.10, a theory-journal site (Tạp chí Lý luận chính trị style).

What the pages reproduce (docs/evidence.md §2.6; the lyluanchinhtri.vn shapes):

- every page: ``<meta name="generator" content="Joomla! - Open Source Content Management">``,
  Joomla's ``<base href>``, ``/media/jui/js/``, ``/media/system/js/``, K2's ``/media/k2/`` and
  ``/components/com_k2/`` assets, the template under ``/templates/llct/``; a masthead with
  today's date, ``mod_menu``, ``mod_breadcrumbs`` with arrow images between the links ("Trang
  chủ    Đào tạo - Bồi dưỡng    <title>" in the text layer), right-column modules (K2 "Bài
  đọc nhiều" with hit counts, the current issue banner, the archive list, a visitor counter),
  the footer with licence, editor-in-chief and contact lines;
- items at ``/index.php/<menu>/item/<id>-<alias>.html`` (SEF on, URL rewriting off, ".html"
  suffix) in K2's ``item.php`` layout: ``div#k2Container.itemView`` > ``div.itemHeader``
  (``span.itemDateCreated`` "Thứ hai, 11 Tháng 12 2023 16:03" = ``K2_DATE_FORMAT_LC2``,
  ``h2.itemTitle``), ``div.itemToolbar`` (print, e-mail, font size, ``span.itemHits`` "4664
  Lượt xem"), ``div.itemBody`` (``div.itemImageBlock`` with ``span.itemImageCaption``,
  ``div.itemIntroText`` = the sapo "(LLCT) - …", ``div.itemFullText``, ``span.itemDateModified``),
  ``div.itemLinks`` (category, tags), ``div.itemRelated``, ``div.itemNavigation``,
  ``div.itemBackToTop``; K2's JSON-LD Article (UTC dates);
- category listings ``/index.php/<menu>.html`` then ``?start=3``, ``?start=6`` (Joomla 3
  ``ul.pagination-list``, "Trang 1 của 3");
- K2 RSS at ``?format=feed&type=rss`` (home and each category), the OSMap XML sitemap named in
  ``robots.txt``;
- duplicates: the print view ``…html?tmpl=component&print=1`` and the e-mail form
  ``/index.php/component/mailto/?tmpl=component&…``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from replica.families._common import (
    RSS_TYPE,
    WEEKDAYS_VI_LOWER,
    XML_TYPE,
    SiteRenderer,
    byline_lines,
    chunks,
    esc,
    excerpt,
    first_image,
    html_page,
    newest_first,
    rfc822_utc,
    text_page,
    urlset,
    xml_page,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page

GENERATOR = "Joomla! - Open Source Content Management"
K2_VERSION = "2.10.3"
TEMPLATE = "llct"
MEDIA_HASH = "5f4dcc3b5aa765d61d8327deb882cf99"


def k2_date(dt: datetime) -> str:
    """``K2_DATE_FORMAT_LC2`` ("l, d F Y H:i") in the Vietnamese pack: "Thứ hai, 11 Tháng 12 2023 16:03"."""
    return f"{WEEKDAYS_VI_LOWER[dt.weekday()]}, {dt:%d} Tháng {dt.month} {dt:%Y %H:%M}"


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    """``/index.php/<menu alias>/item/<id>-<alias>.html``."""
    return f"/index.php/{article.section}/item/{article.id}-{article.slug}.html"


def listing_path(section: ReplicaSection, page: int) -> str:
    base = f"/index.php/{section.key}.html"
    return base if page == 1 else f"{base}?start={(page - 1) * section.per_page}"


def image_hash(article: ReplicaArticle) -> str:
    """K2 names item images ``md5("Image" . id)`` with ``_XS/_S/_M/_L/_XL`` suffixes."""
    return hashlib.md5(f"Image{article.id}".encode()).hexdigest()


class _Site(SiteRenderer):
    def path(self, a: ReplicaArticle) -> str:
        return article_path(self.c, a)

    def print_path(self, a: ReplicaArticle) -> str:
        return f"{self.path(a)}?tmpl=component&print=1"

    def mailto_path(self, a: ReplicaArticle) -> str:
        link = hashlib.sha1(self.abs(self.path(a)).encode()).hexdigest()
        return f"/index.php/component/mailto/?tmpl=component&template={TEMPLATE}&link={link}"

    # --- page frame ---------------------------------------------------------------------------
    def head(self, title: str, current: str, description: str, extra: str = "") -> str:
        s = self.s
        return f"""<!DOCTYPE html>
<html prefix="og: http://ogp.me/ns#" xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi-vn" lang="vi-vn" dir="ltr">
<head>
<base href="{esc(self.abs(current))}" />
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta name="keywords" content="{esc(s["keywords"])}" />
<meta name="rights" content="{esc(s["rights"])}" />
{extra}<meta name="description" content="{esc(description)}" />
<meta name="generator" content="{GENERATOR}" />
<title>{esc(title)}</title>
<link href="/templates/{TEMPLATE}/favicon.ico" rel="shortcut icon" type="image/vnd.microsoft.icon" />
<link href="/media/k2/assets/css/k2.fonts.css?v{K2_VERSION}" rel="stylesheet" type="text/css" />
<link href="/components/com_k2/css/k2.css?v{K2_VERSION}" rel="stylesheet" type="text/css" />
<link href="/templates/{TEMPLATE}/css/template.css" rel="stylesheet" type="text/css" />
<script src="/media/jui/js/jquery.min.js?{MEDIA_HASH}" type="text/javascript"></script>
<script src="/media/jui/js/jquery-noconflict.js?{MEDIA_HASH}" type="text/javascript"></script>
<script src="/media/jui/js/jquery-migrate.min.js?{MEDIA_HASH}" type="text/javascript"></script>
<script src="/media/k2/assets/js/k2.frontend.js?v{K2_VERSION}&amp;sitepath=/" type="text/javascript"></script>
<script src="/media/system/js/caption.js?{MEDIA_HASH}" type="text/javascript"></script>
<script type="text/javascript">jQuery(window).on('load',  function() {{ new JCaption('img.caption'); }});</script>
</head>
"""

    def breadcrumbs(self, trail: list[tuple[str, str | None]]) -> str:
        """``mod_breadcrumbs`` (template override): links separated by arrow images."""
        sep = f' <img src="/templates/{TEMPLATE}/images/arrow.png" alt="" /> '
        parts = ['<a href="/" class="pathway">Trang chủ</a>']
        for name, href in trail:
            parts.append(
                f'<a href="{esc(href)}" class="pathway">{esc(name)}</a>'
                if href
                else f"<span>{esc(name)}</span>"
            )
        return '<div class="breadcrumbs">' + sep.join(parts) + "</div>"

    def right_column(self) -> str:
        s = self.s
        popular = sorted(self.c.articles, key=lambda a: (-(a.views or 0), a.id))[:5]
        items = "\n".join(
            f'<li class="{"even" if i % 2 == 0 else "odd"}"><a class="moduleItemTitle" href="{esc(self.path(a))}">{esc(a.title)}</a>'
            f'<span class="moduleItemHits">Lượt xem {a.views}</span><div class="clr"></div></li>'
            for i, a in enumerate(popular)
        )
        archive = "\n".join(
            f'<li><a href="/index.php/component/k2/itemlist/date/{y}/{m}">Tháng {m} {y} ({n})</a></li>'
            for y, m, n in s["archive"]
        )
        online, today, total = s["counter"]
        return f"""<div class="moduletable">
<h3>Số mới phát hành</h3>
<div class="custom"><p><a href="{esc(s["issue"]["href"])}"><img src="{esc(s["issue"]["src"])}" alt="{esc(s["issue"]["alt"])}" width="260" /></a></p></div>
</div>
<div class="moduletable">
<h3>Bài đọc nhiều</h3>
<div id="k2ModuleBox121" class="k2ItemsBlock">
<ul>
{items}
</ul>
</div>
</div>
<div class="moduletable">
<h3>Lưu trữ</h3>
<div id="k2ModuleBox122" class="k2ArchivesBlock">
<ul>
{archive}
</ul>
</div>
</div>
<div class="moduletable">
<h3>Thống kê truy cập</h3>
<div class="counter"><p>Đang trực tuyến: {online}</p><p>Hôm nay: {today}</p><p>Tổng lượt truy cập: {total}</p></div>
</div>"""

    def frame(
        self, head: str, body_class: str, main: str, trail: list[tuple[str, str | None]]
    ) -> str:
        s = self.s
        menu = ['<li class="item-101 default"><a href="/index.php">Trang chủ</a></li>']
        for n, sec in enumerate(self.c.sections):
            menu.append(
                f'<li class="item-{112 + n}"><a href="{esc(listing_path(sec, 1))}">{esc(sec.name)}</a></li>'
            )
        for n, (label, href) in enumerate(s["menu_extra"]):
            menu.append(f'<li class="item-{130 + n}"><a href="{esc(href)}">{esc(label)}</a></li>')
        footer = "".join(f"<p>{esc(line)}</p>" for line in s["footer_lines"])
        return f"""{head}<body class="{body_class}">
<div id="wrapper">
<div id="header">
<div class="logo"><a href="/"><img src="/templates/{TEMPLATE}/images/logo.png" alt="{esc(s["site_name"])}" /></a></div>
<div class="masthead"><p class="site-title">{esc(s["masthead"])}</p><p class="site-slogan">{esc(s["slogan"])}</p></div>
<div class="today">{esc(s["today"])}</div>
</div>
<div id="mainmenu">
<ul class="nav menu mod-list">
{chr(10).join(menu)}
</ul>
<div class="search"><form action="/index.php" method="post" class="form-inline"><label for="mod-search-searchword" class="element-invisible">Tìm kiếm...</label> <input name="searchword" id="mod-search-searchword" maxlength="200" class="inputbox search-query" type="search" placeholder="Tìm kiếm..." /><input type="hidden" name="task" value="search" /><input type="hidden" name="option" value="com_search" /></form></div>
</div>
{self.breadcrumbs(trail)}
<div id="main" class="clearfix">
<div id="content">
<div id="system-message-container"></div>
{main}
</div>
<div id="right">
{self.right_column()}
</div>
</div>
<div id="footer">
<div class="footer-info"><p><strong>{esc(s["footer_title"])}</strong></p>{footer}</div>
<div class="copyright">{esc(s["copyright"])}</div>
</div>
</div>
</body>
</html>
"""

    # --- the item -----------------------------------------------------------------------------
    def fulltext(self, a: ReplicaArticle) -> str:
        """The editor's full text (after "Đọc tiếp"): paragraphs, inline images with an italic
        caption line, the author and affiliation right-aligned at the end."""
        item_image = first_image(a) if a.extra.get("item_image") else None
        out: list[str] = []
        for item in a.body:
            if "p" in item:
                out.append(f'<p style="text-align: justify;">{esc(item["p"])}</p>')
            elif "image" in item and item is not item_image:
                out.append(
                    f'<p style="text-align: center;"><img src="{esc(item["image"])}" alt="" width="600" /></p>'
                )
                if item.get("caption"):
                    out.append(
                        f'<p style="text-align: center;"><em>{esc(item["caption"])}</em></p>'
                    )
        lines = byline_lines(a)
        if lines:
            tail = "".join(f"<br /><em>{esc(line)}</em>" for line in lines[1:])
            out.append(f'<p style="text-align: right;"><strong>{esc(lines[0])}</strong>{tail}</p>')
        return "\n".join(out)

    def item_view(self, a: ReplicaArticle, printing: bool = False) -> str:
        sec = self.sections[a.section]
        pub = self.pub(a)
        item_image = first_image(a) if a.extra.get("item_image") else None
        h = image_hash(a)
        image_block = ""
        if item_image is not None:
            cap = item_image.get("caption")
            image_block = f"""<div class="itemImageBlock">
<span class="itemImage"><a class="modal" rel="{{handler: 'image'}}" href="/media/k2/items/cache/{h}_XL.jpg" title="Nhấn vào để xem hình đầy đủ"><img src="/media/k2/items/cache/{h}_L.jpg" alt="{esc(cap or a.title)}" style="width:600px; height:auto;" /></a></span>
{f'<span class="itemImageCaption">{esc(cap)}</span>' if cap else ""}
<div class="clr"></div>
</div>"""
        toolbar = ""
        if not printing:
            toolbar = f"""<div class="itemToolbar">
<ul>
<li><a class="itemPrintLink" rel="nofollow" href="{esc(self.print_path(a))}" onclick="window.open(this.href,'printWindow','width=900,height=600,location=no,menubar=no,resizable=yes,scrollbars=yes'); return false;"><span>In</span></a></li>
<li><a class="itemEmailLink" rel="nofollow" href="{esc(self.mailto_path(a))}" onclick="window.open(this.href,'emailWindow','width=400,height=350,location=no,menubar=no,resizable=no,scrollbars=no'); return false;"><span>E-mail</span></a></li>
<li><span class="itemTextResizerTitle">Cỡ chữ</span> <a href="#" id="fontDecrease"><span>giảm cỡ chữ</span></a> <a href="#" id="fontIncrease"><span>tăng cỡ chữ</span></a></li>
<li><span class="itemHits"><b>{a.views}</b> Lượt xem</span></li>
</ul>
<div class="clr"></div>
</div>"""
        else:
            toolbar = '<a class="itemPrintThisPage" rel="nofollow" href="#" onclick="window.print(); return false;"><span>In trang này</span></a>'
        modified = ""
        if a.updated:
            modified = f'<div class="itemContentFooter"><span class="itemDateModified">Lần cập nhật cuối {k2_date(self.mod(a))}</span><div class="clr"></div></div>'
        tags = ""
        if a.tags:
            lis = "".join(
                f'<li><a href="/index.php/{sec.key}/itemlist/tag/{esc(t.replace(" ", "%20"))}.html">{esc(t)}</a></li>'
                for t in a.tags
            )
            tags = f'<div class="itemTagsBlock"><span>Từ khóa</span><ul class="itemTags">{lis}</ul><div class="clr"></div></div>'
        if printing:
            return f"""<div id="k2Container" class="itemView">
{toolbar}
<div class="itemHeader"><span class="itemDateCreated">{k2_date(pub)}</span><h2 class="itemTitle">{esc(a.title)}</h2></div>
<div class="itemBody">
{image_block}
<div class="itemIntroText">{self.introtext(a)}</div>
<div class="itemFullText">{self.fulltext(a)}</div>
</div>
</div>"""
        same = self.c.in_section(a.section)
        i = same.index(a)
        prev_item = same[i + 1] if i + 1 < len(same) else None  # older
        next_item = same[i - 1] if i > 0 else None  # newer
        nav = ['<span class="itemNavigationTitle">Thêm trong mục này:</span>']
        if prev_item:
            nav.append(
                f'<a class="itemPrevious" href="{esc(self.path(prev_item))}">&laquo; {esc(prev_item.title)}</a>'
            )
        if next_item:
            nav.append(
                f'<a class="itemNext" href="{esc(self.path(next_item))}">{esc(next_item.title)} &raquo;</a>'
            )
        related_rows = [r for r in same if r is not a and set(r.tags) & set(a.tags)][:4]
        related = ""
        if related_rows:
            lis = "".join(
                f'<li class="{"even" if n % 2 == 0 else "odd"}"><a class="itemRelTitle" href="{esc(self.path(r))}">{esc(r.title)}</a></li>'
                for n, r in enumerate(related_rows)
            )
            related = f'<div class="itemRelated"><h3>Bài viết liên quan</h3><ul>{lis}</ul><div class="clr"></div></div>'
        return f"""<span id="startOfPageId{a.id}"></span>
<div id="k2Container" class="itemView">
<div class="itemHeader">
<span class="itemDateCreated">{k2_date(pub)}</span>
<h2 class="itemTitle">{esc(a.title)}</h2>
</div>
{toolbar}
<div class="itemBody">
{image_block}
<div class="itemIntroText">
{self.introtext(a)}
</div>
<div class="itemFullText">
{self.fulltext(a)}
</div>
<div class="clr"></div>
{modified}
</div>
<div class="itemLinks">
<div class="itemCategory"><span>Đăng trong</span> <a href="{esc(listing_path(sec, 1))}">{esc(sec.name)}</a></div>
{tags}
<div class="clr"></div>
</div>
{related}
<div class="itemNavigation">{" ".join(nav)}</div>
<div class="itemBackToTop"><a class="k2Anchor" href="{esc(self.path(a))}#startOfPageId{a.id}">trở về đầu trang</a></div>
<div class="clr"></div>
</div>"""

    def introtext(self, a: ReplicaArticle) -> str:
        return f'<p style="text-align: justify;"><strong>{esc(a.lead or "")}</strong></p>'

    def detail(self, a: ReplicaArticle) -> Page:
        sec = self.sections[a.section]
        url = self.abs(self.path(a))
        pub, mod = self.pub(a), self.mod(a)
        utc = timedelta(hours=7)
        ld = {
            "@context": "https://schema.org",
            "@type": "Article",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "headline": a.title,
            "datePublished": f"{pub - utc:%Y-%m-%dT%H:%M:%S}+00:00",
            "dateModified": f"{mod - utc:%Y-%m-%dT%H:%M:%S}+00:00",
            "author": {"@type": "Person", "name": self.s["joomla_user"]},
            "publisher": {"@type": "Organization", "name": self.s["site_name"], "url": self.base},
            "articleSection": self.abs(listing_path(sec, 1)),
            "keywords": ", ".join(a.tags),
            "description": a.lead or "",
        }
        item_image = first_image(a) if a.extra.get("item_image") else None
        og_image = (
            f'<meta property="og:image" content="{esc(self.abs(f"/media/k2/items/cache/{image_hash(a)}_M.jpg"))}" />\n'
            if item_image
            else ""
        )
        extra = (
            f'<meta name="title" content="{esc(a.title)}" />\n'
            f'<meta name="author" content="{esc(self.s["joomla_user"])}" />\n'
            f'<meta property="og:url" content="{esc(url)}" />\n'
            f'<meta property="og:title" content="{esc(a.title)}" />\n'
            '<meta property="og:type" content="article" />\n'
            f"{og_image}"
            f'<meta property="og:description" content="{esc(excerpt(a, 40))}" />\n'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
        )
        head = self.head(f"{a.title} - {self.s['site_name']}", self.path(a), excerpt(a, 40), extra)
        body_class = (
            f"site com_k2 view-item no-layout no-task itemid-{112 + self.c.sections.index(sec)}"
        )
        return html_page(
            self.frame(
                head,
                body_class,
                self.item_view(a),
                [(sec.name, listing_path(sec, 1)), (a.title, None)],
            )
        )

    def print_view(self, a: ReplicaArticle) -> Page:
        """``tmpl=component&print=1``: the item alone on the component template."""
        head = self.head(f"{a.title} - {self.s['site_name']}", self.print_path(a), excerpt(a, 40))
        return html_page(
            f"""{head}<body class="contentpane modal">
<div id="system-message-container"></div>
{self.item_view(a, printing=True)}
</body>
</html>
"""
        )

    def mailto(self, a: ReplicaArticle) -> Page:
        head = self.head("Gửi liên kết này cho bạn bè", self.mailto_path(a), self.s["slogan"])
        return html_page(
            f"""{head}<body class="contentpane modal">
<div id="mailto-window">
<h2>Gửi liên kết này cho bạn bè.</h2>
<form action="/index.php" id="mailtoForm" method="post">
<div class="formelm"><label for="mailto_field">Gửi đến</label><input type="text" id="mailto_field" name="mailto" class="inputbox" size="25" value="" /></div>
<div class="formelm"><label for="sender_field">Người gửi:</label><input type="text" id="sender_field" name="sender" class="inputbox" value="" size="25" /></div>
<div class="formelm"><label for="from_field">E-mail của bạn:</label><input type="text" id="from_field" name="from" class="inputbox" value="" size="25" /></div>
<div class="formelm"><label for="subject_field">Tiêu đề:</label><input type="text" id="subject_field" name="subject" class="inputbox" value="{esc(a.title)}" size="25" /></div>
<p><button class="button" type="submit">Gửi</button> <button class="button" onclick="window.close();return false;">Hủy</button></p>
<input type="hidden" name="layout" value="default" /><input type="hidden" name="option" value="com_mailto" /><input type="hidden" name="task" value="send" /><input type="hidden" name="tmpl" value="component" />
</form>
</div>
</body>
</html>
"""
        )

    # --- listings -----------------------------------------------------------------------------
    def cat_item(self, a: ReplicaArticle) -> str:
        img = first_image(a) if a.extra.get("item_image") else None
        thumb = (
            f'<div class="catItemImageBlock"><span class="catItemImage"><a href="{esc(self.path(a))}" title="{esc(a.title)}"><img src="/media/k2/items/cache/{image_hash(a)}_S.jpg" alt="{esc(a.title)}" style="width:200px; height:auto;" /></a></span><div class="clr"></div></div>'
            if img
            else ""
        )
        return f"""<div class="itemContainer itemContainerLast" style="width:100.0%;">
<div class="catItemView groupLeading">
<div class="catItemHeader">
<span class="catItemDateCreated">{k2_date(self.pub(a))}</span>
<h3 class="catItemTitle"><a href="{esc(self.path(a))}">{esc(a.title)}</a></h3>
</div>
<div class="catItemBody">
{thumb}
<div class="catItemIntroText">{esc(excerpt(a, 45))}</div>
<div class="clr"></div>
</div>
<div class="catItemHitsBlock"><span class="catItemHits"><b>{a.views}</b> Lượt xem</span></div>
<div class="catItemReadMore"><a class="k2ReadMore" href="{esc(self.path(a))}">Đọc thêm...</a></div>
<div class="clr"></div>
</div>
</div>"""

    def pagination(self, sec: ReplicaSection, page: int, pages: int) -> str:
        """Joomla 3 ``pagination.list``: first/previous/numbers/next/last, the current page
        ``li.active``, disabled ends without ``href``; K2 adds "Trang X của Y"."""
        if pages <= 1:
            return ""

        def link(n: int, title: str, label: str, cls: str = "") -> str:
            return f'<li{cls}><a title="{title}" href="{esc(listing_path(sec, n))}" class="hasTooltip pagenav">{label}</a></li>'

        lis = []
        if page > 1:
            lis.append(link(1, "Bắt đầu", '<span class="icon-first"></span>'))
            lis.append(link(page - 1, "Trước", '<span class="icon-previous"></span>'))
        else:
            lis.append('<li class="disabled"><a><span class="icon-first"></span></a></li>')
            lis.append('<li class="disabled"><a><span class="icon-previous"></span></a></li>')
        for n in range(1, pages + 1):
            if n == page:
                lis.append(f'<li class="active hidden-phone"><a>{n}</a></li>')
            else:
                lis.append(
                    f'<li class="hidden-phone"><a title="{n}" href="{esc(listing_path(sec, n))}" class="pagenav">{n}</a></li>'
                )
        if page < pages:
            lis.append(link(page + 1, "Tiếp", '<span class="icon-next"></span>'))
            lis.append(link(pages, "Cuối", '<span class="icon-last"></span>'))
        else:
            lis.append('<li class="disabled"><a><span class="icon-next"></span></a></li>')
            lis.append('<li class="disabled"><a><span class="icon-last"></span></a></li>')
        return f"""<div class="k2Pagination">
<div class="pagination"><ul class="pagination-list">{"".join(lis)}</ul></div>
<div class="clr"></div>
<div class="k2PaginationCounter">Trang {page} của {pages}</div>
</div>"""

    def listing(self, sec: ReplicaSection) -> dict[str, Page]:
        paged = chunks(self.c.in_section(sec.key), sec.per_page)
        out: dict[str, Page] = {}
        for page, chunk in enumerate(paged, start=1):
            path = listing_path(sec, page)
            items = "\n".join(self.cat_item(a) for a in chunk)
            main = f"""<div id="k2Container" class="itemListView">
<div class="itemListCategoriesBlock"><div class="itemListCategory"><h2>{esc(sec.name)}</h2><div class="clr"></div></div></div>
<div class="itemList">
<div id="itemListLeading">
{items}
<div class="clr"></div>
</div>
</div>
{self.pagination(sec, page, len(paged))}
</div>"""
            feed = f'<link href="{esc(listing_path(sec, 1))}?format=feed&amp;type=rss" rel="alternate" type="application/rss+xml" title="RSS 2.0" />\n'
            head = self.head(
                f"{sec.name} - {self.s['site_name']}" + (f" - Trang {page}" if page > 1 else ""),
                path,
                sec.name,
                feed,
            )
            body_class = f"site com_k2 view-itemlist layout-category no-task itemid-{112 + self.c.sections.index(sec)}"
            out[path] = html_page(self.frame(head, body_class, main, [(sec.name, None)]))
        return out

    def home(self) -> Page:
        blocks = []
        for sec in self.c.sections:
            items = "\n".join(self.cat_item(a) for a in self.c.in_section(sec.key)[:3])
            blocks.append(
                f'<div class="home-block"><h3 class="home-cat"><a href="{esc(listing_path(sec, 1))}">{esc(sec.name)}</a></h3>\n{items}\n</div>'
            )
        main = '<div id="k2Container" class="itemListView">\n' + "\n".join(blocks) + "\n</div>"
        feed = '<link href="/index.php?format=feed&amp;type=rss" rel="alternate" type="application/rss+xml" title="RSS 2.0" />\n'
        head = self.head(self.s["site_name"], "/", self.s["slogan"], feed)
        return html_page(
            self.frame(
                head, "site com_k2 view-itemlist layout-category no-task itemid-101", main, []
            )
        )

    # --- machine-readable ---------------------------------------------------------------------
    def feed(self, sec: ReplicaSection | None) -> Page:
        rows = (self.c.in_section(sec.key) if sec else newest_first(self.c))[:10]
        title = self.s["site_name"] + (f" - {sec.name}" if sec else "")
        link = self.abs(listing_path(sec, 1) if sec else "/")
        self_url = self.abs(
            (listing_path(sec, 1) if sec else "/index.php") + "?format=feed&type=rss"
        )
        items = "\n".join(
            f"""<item>
<title>{esc(a.title)}</title>
<link>{esc(self.abs(self.path(a)))}</link>
<guid isPermaLink="true">{esc(self.abs(self.path(a)))}</guid>
<description><![CDATA[{excerpt(a, 60)}]]></description>
<author>{esc(self.s["feed_author"])}</author>
<category>{esc(self.sections[a.section].name)}</category>
<pubDate>{rfc822_utc(self.pub(a))}</pubDate>
</item>"""
            for a in rows
        )
        return xml_page(
            f"""<?xml version="1.0" encoding="utf-8"?>
<!-- generator="{GENERATOR}" -->
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{esc(title)}</title>
<description><![CDATA[{self.s["slogan"]}]]></description>
<link>{esc(link)}</link>
<lastBuildDate>{rfc822_utc(self.pub(rows[0]) if rows else datetime(2025, 1, 1))}</lastBuildDate>
<generator>{GENERATOR}</generator>
<atom:link rel="self" type="application/rss+xml" href="{esc(self_url)}"/>
<language>vi-vn</language>
{items}
</channel>
</rss>
""",
            RSS_TYPE,
        )

    def sitemap(self) -> Page:
        """OSMap's XML view: menu items, then every K2 item."""
        entries: list[tuple[str, str | None, str, str]] = [
            (self.abs("/index.php"), None, "daily", "1")
        ]
        entries += [(self.abs(listing_path(s, 1)), None, "daily", "0.8") for s in self.c.sections]
        entries += [
            (
                self.abs(self.path(a)),
                f"{self.mod(a) - timedelta(hours=7):%Y-%m-%dT%H:%M:%S}Z",
                "weekly",
                "0.5",
            )
            for a in newest_first(self.c)
        ]
        return xml_page(urlset(entries), XML_TYPE)

    def robots(self) -> Page:
        lines = [
            "# Joomla robots.txt; the site lives at the web root.",
            "User-agent: *",
            "Disallow: /administrator/",
            "Disallow: /bin/",
            "Disallow: /cache/",
            "Disallow: /cli/",
            "Disallow: /components/",
            "Disallow: /includes/",
            "Disallow: /installation/",
            "Disallow: /language/",
            "Disallow: /layouts/",
            "Disallow: /libraries/",
            "Disallow: /logs/",
            "Disallow: /modules/",
            "Disallow: /plugins/",
            "Disallow: /tmp/",
            "",
            f"Sitemap: {self.abs(SITEMAP)}",
        ]
        return text_page("\n".join(lines) + "\n")

    def render(self) -> dict[str, Page]:
        home = self.home()
        pages: dict[str, Page] = {
            "/": home,
            "/index.php": home,
            "/robots.txt": self.robots(),
            SITEMAP: self.sitemap(),
            "/index.php?format=feed&type=rss": self.feed(None),
        }
        for sec in self.c.sections:
            pages.update(self.listing(sec))
            pages[f"{listing_path(sec, 1)}?format=feed&type=rss"] = self.feed(sec)
        for a in self.c.articles:
            pages[self.path(a)] = self.detail(a)
            pages[self.print_path(a)] = self.print_view(a)
            pages[self.mailto_path(a)] = self.mailto(a)
        return pages


SITEMAP = "/index.php?option=com_osmap&view=xml&tmpl=component&id=1"


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of a Joomla + K2 replica site, keyed by path (with query where there is one)."""
    return _Site(content, base_url).render()
