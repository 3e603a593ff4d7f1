# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica renderer: a "Báo cáo viên" information site on the VHV CMS (vhv.vn).

What the pages reproduce (docs/evidence.md §2.8, from the saved ``templatesotc.vhv.vn``
template and the module-34 variant that prints views and author):

- every page: the ``div#whole-page`` shell with ``#page-header`` / ``#page-content`` /
  ``#page-footer``, every block a ``div#module<N>.ModuleWrapper[moduleRootId]``, assets under
  ``/App/Corporate/`` and ``/3rdparty/``, the ``VHV`` JavaScript object, frames
  ``div.panel.frame-general`` with ``div.panel-title`` headings (login box, "Tài liệu sinh
  hoạt chi bộ", "Văn bản mới", "Thống kê truy cập", link banners);
- articles ``/<category>/<slug>-<24-hex object id>.html`` in the
  ``article#article17.news-detail-layout-type-2[itemtype=NewsArticle]`` layout:
  ``<meta itemprop="datePublished" content="…+07:00">``, ``span.post-date.left`` in
  ``H:i:s | d/m/Y``, the ``block_share`` tool bar (A⁻ A A⁺, print, email),
  ``h1.title-detail[itemprop=headline]``, the "Đọc bài" / "Lưu" buttons, the sapo
  ``div.brief``, the body ``div.content-detail[itemprop=articleBody]``, the foot row
  ``div.clearfix.mt-10`` with "Lượt xem: N" and ``div.author`` "Tác giả: …", the
  ``div.rating #star-rating #stringrating17`` widget, then the "Tin liên quan" and
  "Bài viết khác" frames;
- category pages ``/<category>`` and ``/<category>?page=N`` (``section.section-list`` of
  ``article.list-news-one`` entries, ``div.default-pagination``);
- the print view ``…html?print=1`` (a duplicate), ``/sitemap.xml`` and ``robots.txt``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from replica.families._common import (
    PrintableSite,
    body_blocks,
    chunks,
    esc,
    first_image_src,
    hex_token,
    html_page,
    iso_local,
    local_dt,
    numbered_pager,
    portal_sitemap,
    pub_time,
    robots_page,
    words,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page

ASSET_V = "1.0.2023091512"
RELATED = 4


# --- ids and URLs ----------------------------------------------------------------------------
def object_id(article: ReplicaArticle) -> str:
    """The article's 24-hex object id (MongoDB ObjectId: 8 hex of creation time + 16 hex).

    Kept in ``extra.oid`` so an edit of the content never moves the URL; articles published
    later by tests get one derived from their publication time.
    """
    oid = article.extra.get("oid")
    if oid:
        return str(oid)
    created = local_dt(article.published or "2025-01-01T00:00")
    stamp = int((created - datetime(1970, 1, 1, 7)).total_seconds())
    return f"{stamp:08x}" + hex_token(f"vhv:{article.section}:{article.id}", 16)


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return f"/{article.section}/{article.slug}-{object_id(article)}.html"


def print_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return article_path(content, article) + "?print=1"


def listing_path(section: ReplicaSection, page: int) -> str:
    return f"/{section.key}" + ("" if page == 1 else f"?page={page}")


# --- dates -----------------------------------------------------------------------------------
def post_date(a: ReplicaArticle) -> str:
    """``date('H:i:s | d/m/Y')``: "17:23:00 | 07/08/2018"."""
    return f"{pub_time(a):%H:%M:%S | %d/%m/%Y}"


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _paragraph(text: str, align: str | None) -> str:
    return f'<p style="text-align:{align}">{text}</p>' if align else f"<p>{text}</p>"


class _Site(PrintableSite):
    def print_copy_path(self, a: ReplicaArticle) -> str:
        return print_path(self.c, a)

    def path(self, a: ReplicaArticle) -> str:
        return article_path(self.c, a)

    # --- shell -----------------------------------------------------------------------------
    def head(self, title: str, description: str, extra: str = "") -> str:
        site = self.s["site_title"]
        return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}" />
<meta name="keywords" content="{esc(self.s["keywords"])}" />
<meta property="og:site_name" content="{esc(site)}" />
<meta property="og:title" content="{esc(title)}" />
<meta property="og:description" content="{esc(description)}" />
{extra}<link rel="shortcut icon" href="/upload/{self.s["site_id"]}/favicon.ico" />
<link href="/3rdparty/bootstrap/css/bootstrap.min.css?v={ASSET_V}" rel="stylesheet" />
<link href="/3rdparty/font-awesome/css/font-awesome.min.css?v={ASSET_V}" rel="stylesheet" />
<link href="/App/Corporate/css/style.css?v={ASSET_V}" rel="stylesheet" />
<link href="/App/Corporate/themes/{self.s["theme"]}/css/theme.css?v={ASSET_V}" rel="stylesheet" />
<script src="/3rdparty/jquery/jquery-1.12.4.min.js"></script>
<script src="/3rdparty/bootstrap/js/bootstrap.min.js"></script>
<script src="/js/vhv.js?v={ASSET_V}"></script>
<script>VHV.site = {{"id":"{self.s["site_id"]}","title":"{esc(site)}","lang":"vi"}}; VHV.App = "Corporate";</script>
</head>"""

    def header(self, active: str | None) -> str:
        items = "".join(
            f'<li class="{"active" if key == active else ""}"><a href="{esc(path)}" '
            f'title="{esc(label)}">{esc(label)}</a></li>'
            for label, path, key in (
                (m[0], m[1], m[2] if len(m) > 2 else None) for m in self.s["menu"]
            )
        )
        return f"""<body>
<div id="whole-page">
<div id="page-header">
<div id="module1" class="ModuleWrapper" moduleRootId="1636100">
<div class="banner-top container"><a href="/" title="{esc(self.s["site_title"])}"><img src="/upload/{self.s["site_id"]}/banner.png" alt="{esc(self.s["site_title"])}" class="img-responsive" /></a>
<div class="banner-text"><div class="banner-org">{esc(self.s["banner_org"])}</div><div class="banner-name">{esc(self.s["banner_name"])}</div></div></div>
</div>
<div id="module2" class="ModuleWrapper" moduleRootId="1636101">
<nav class="navbar navbar-default main-menu"><div class="container"><ul class="nav navbar-nav">{items}</ul>
<form class="navbar-form navbar-right" action="/tim-kiem" method="get"><input type="text" name="keyword" class="form-control" placeholder="Tìm kiếm" /></form></div></nav>
</div>
</div>
<div id="page-content">
<div id="module10" class="ModuleWrapper">
<div class="content-frame">
<div class="columns-widget columns9-3 container">
<div class="row">
<div class="col-left col-xs-12 col-md-9 col-sm-8">"""

    def breadcrumb(self, section: ReplicaSection | None) -> str:
        items = [
            '<li class="first-item" itemscope itemtype="http://schema.org/ListItem" '
            'itemprop="itemListElement"><a href="/" title="Trang chủ" itemprop="item">'
            "Trang chủ</a></li>"
        ]
        if section is not None:
            items.append(
                '<li itemscope itemtype="http://schema.org/ListItem" itemprop="itemListElement">'
                f'<a href="{esc(listing_path(section, 1))}" title="{esc(section.name)}" '
                f'itemprop="item">{esc(section.name)}</a></li>'
            )
        return (
            '<div id="module11" class="ModuleWrapper" moduleRootId="1636110">'
            '<div class="pathway-category"><ol class="breadcrumb clearfix" itemprop="breadcrumb" '
            'itemtype="http://schema.org/BreadcrumbList">' + "".join(items) + "</ol></div></div>"
        )

    def frame(self, module: int, title: str, inner: str) -> str:
        return (
            f'<div class="panel panel-default frame-general" id="frameBoundB{module}">'
            f'<div class="panel-heading"><div class="panel-title">{esc(title)}</div></div>'
            f'<div class="panel-body"><div id="module{module}" class="ModuleWrapper" '
            f'moduleRootId="{1636000 + module}">{inner}</div></div></div>'
        )

    def sidebar(self) -> str:
        login = (
            '<form class="login-box" action="/dang-nhap" method="post">'
            f'<p class="note">{esc(self.s["login_note"])}</p>'
            '<input type="text" name="username" placeholder="Tên đăng nhập" class="form-control" />'
            '<input type="password" name="password" placeholder="Mật khẩu" class="form-control" />'
            '<button type="submit" class="btn btn-primary">Đăng nhập</button></form>'
        )
        docs = "".join(
            f'<li><a href="/tai-lieu/{esc(code.lower().replace("/", "-"))}" title="{esc(title)}">'
            f"<strong>{esc(code)}</strong> {esc(title)}</a></li>"
            for code, title in self.s["documents"]
        )
        stats = self.s["counter"]
        counter = (
            '<ul class="statistics list-unstyled">'
            f"<li>Đang truy cập: <span>{thousands(stats['online'])}</span></li>"
            f"<li>Hôm nay: <span>{thousands(stats['today'])}</span></li>"
            f"<li>Tháng hiện tại: <span>{thousands(stats['month'])}</span></li>"
            f"<li>Tổng lượt truy cập: <span>{thousands(stats['total'])}</span></li></ul>"
        )
        links = "".join(
            f'<a href="{esc(url)}" target="_blank"><img src="/upload/{self.s["site_id"]}/lienket/'
            f'{i}.jpg" alt="{esc(name)}" class="img-responsive" /></a>'
            for i, (name, url) in enumerate(self.s["links"], 1)
        )
        return (
            '</div>\n<div class="col-right col-xs-12 col-md-3 col-sm-4">'
            + self.frame(30, "Đăng nhập", login)
            + self.frame(31, "Tài liệu sinh hoạt chi bộ", f'<ul class="list-doc">{docs}</ul>')
            + self.frame(32, "Thống kê truy cập", counter)
            + self.frame(33, "Liên kết website", f'<div class="links">{links}</div>')
            + "</div>\n</div>\n</div>\n</div>\n</div>\n</div>"
        )

    def footer(self) -> str:
        lines = "".join(f"<p>{esc(line)}</p>" for line in self.s["footer"])
        return f"""<div id="page-footer">
<div id="module40" class="ModuleWrapper" moduleRootId="1636140">
<div class="footer container"><div class="footer-title">{esc(self.s["footer_title"])}</div>
<div class="footer-info">{lines}</div>
<div class="footer-design">{esc(self.s["footer_design"])}</div></div>
</div>
</div>
</div>
<div id="email-popup" class="white-popup mfp-hide"><h4>Gửi bài viết qua email</h4>
<input type="text" class="form-control" placeholder="Email người nhận" /></div>
<script src="/App/Corporate/js/news.js?v={ASSET_V}"></script>
</body>
</html>
"""

    def page(
        self,
        title: str,
        description: str,
        main: str,
        active: str | None,
        extra_head: str = "",
    ) -> Page:
        return html_page(
            self.head(title, description, extra_head)
            + "\n"
            + self.header(active)
            + "\n"
            + main
            + "\n"
            + self.sidebar()
            + "\n"
            + self.footer()
        )

    # --- article ---------------------------------------------------------------------------
    def image(self, item: dict[str, Any]) -> str:
        img = f'<img alt="" src="{esc(item["image"])}" style="width:100%" />'
        cap = item.get("caption")
        if not cap:
            return f'<p style="text-align:center">{img}</p>'
        if item.get("style") == "figure":
            return f'<figure class="image">{img}<figcaption>{esc(cap)}</figcaption></figure>'
        return (
            f'<p style="text-align:center">{img}</p>'
            f'<p style="text-align:center"><em>{esc(cap)}</em></p>'
        )

    def body_html(self, a: ReplicaArticle) -> str:
        parts = body_blocks(a.body, self.image, _paragraph)
        if a.extra.get("author_in") == "body" and (a.byline or a.author):
            for line in (a.byline or a.author or "").split("\n"):
                parts.append(f'<p style="text-align:right"><strong>{esc(line)}</strong></p>')
        return "\n".join(parts)

    def news_list(self, module: int, items: list[ReplicaArticle], with_date: bool) -> str:
        rows = []
        for o in items:
            date = f'<span class="post-date">{esc(post_date(o))}</span>' if with_date else ""
            rows.append(
                '<article class="list-news-one" itemscope itemtype="http://schema.org/NewsArticle">'
                f'<h2 class="h4 title" itemprop="headline"><a href="{esc(self.path(o))}" '
                f'title="{esc(o.title)}">{esc(o.title)}</a></h2>{date}</article>'
            )
        return (
            f'<section id="section{module}" class="section-list Article-News-Detail-default">'
            + "".join(rows)
            + f'<div class="clearfix"></div><div id="pagination{module}" '
            'class="default-pagination" style="text-align:center"></div></section>'
        )

    def detail(self, a: ReplicaArticle) -> Page:
        section = self.sections[a.section]
        oid = object_id(a)
        url = self.abs(self.path(a))
        foot = []
        if a.views is not None:
            foot.append(f'<span class="post-view pull-left">Lượt xem: {thousands(a.views)}</span>')
        if a.extra.get("author_in") != "body" and (a.byline or a.author):
            foot.append(
                f'<div class="author pull-right">Tác giả: {esc(a.byline or a.author)}</div>'
            )
        brief = f"<p>{esc(a.lead)}</p>" if a.lead else ""
        same = [o for o in self.latest(a.section) if o.id != a.id]
        related = same[:RELATED]
        others = [o for o in self.latest() if o.section != a.section][:RELATED]
        main = f"""{self.breadcrumb(section)}
<div id="module17" class="ModuleWrapper" moduleRootId="1636191">
<article id="article17" class="news-detail-layout-type-2 mb-20" itemscope itemtype="http://schema.org/NewsArticle">
<meta itemprop="datePublished" content="{iso_local(pub_time(a))}" />
<header class="clearfix"> <span class="post-date left"> {esc(post_date(a))} </span>
<div class="block_share pull-right"> <a href="javascript:void(0);" class="custom-font" onclick="fontCustom('small');" style="font-size:12px;">A<sup>-</sup></a> <a href="javascript:void(0);" class="custom-font" onclick="fontCustom('medium');">A</a> <a href="javascript:void(0);" class="custom-font" onclick="fontCustom('large');" style="font-size:16px;">A<sup>+</sup></a> <span class="drash"> | </span>
<a href="{esc(print_path(self.c, a))}" onclick="printArticle('{oid}');return false;" title="In" rel="nofollow"><img src="/App/Corporate/images/News/icon_print.gif" alt="" /></a>
<a class="btn_email open-popup-link" rel="nofollow" href="#email-popup" title="Email" onclick="sendMail('{oid}');"><img src="/App/Corporate/images/News/icon_letter.gif" alt="" /></a>
</div>
</header>
<div class="article-content">
<div class="block-core-a3">
<h1 class="title-detail" itemprop="headline">{esc(a.title)}</h1>
<div class="social-connect clearfix mb-15">
<div class="network-share pull-right">
<div class="zalo-share-button" data-href="{esc(url)}" data-oaid="579745863508352884" data-layout="1" data-color="blue" data-customize="false"></div>
<div class="facebook" style="margin-right:5px;display:inline-block;"><div class="fb-like" data-href="{esc(url)}" data-layout="button_count" data-action="like" data-share="true"></div></div>
<a href="javascript:void(0);" class="btn btn-xs btn-primary" onclick="readArticle('{oid}',$(this));">Đọc bài</a>
<a href="javascript:void(0);" class="btn btn-xs btn-info" onclick="VHV.alert('Bạn chưa đăng nhập hệ thống',{{ type: 'error' }})"><span class="icon fa fa-bookmark mr-5"></span><span class="text-mobile">Lưu</span></a>
</div>
</div>
<div class="brief font-size-text mb-10" style="text-align: justify;">{brief}</div>
</div>
<div id="audio17"><audio></audio></div>
<div class="block-core-a5" style="text-align: justify;">
<div class="content-detail font-size-text mb-20" itemprop="articleBody">
{self.body_html(a)}
</div>
<hr />
<div class="clearfix mt-10">{"".join(foot)}</div>
</div>
<div class="rating mt-10">
<div id="star-rating">
<div id="stringrating17">Tổng số điểm của bài viết là: <span class="totalStar">0</span> trong <span class="totalRating">0</span> đánh giá</div>
<div style="padding: 5px;">
<input class="hover-star" type="radio" value="1" title="bài viết rất kém" />
<input class="hover-star" type="radio" value="2" title="bài viết kém" />
<input class="hover-star" type="radio" value="3" title="bài viết đạt" />
<input class="hover-star" type="radio" value="4" title="bài viết tốt" />
<input class="hover-star" type="radio" value="5" title="bài viết rất tốt" /> <span id="rating-label17" style="margin: 0 0 0 20px;">Click để đánh giá bài viết</span></div>
</div>
</div>
</div>
</article>
<div class="modal fade" id="modal17" tabindex="-1" role="dialog"><div class="modal-dialog" role="document"><div class="modal-content"><div id="loadDetailLayout17" class="loadDetailLayout"></div></div></div></div>
<style>.news-detail-layout-type-2 .brief{{border-left:2px solid #ccc;padding-left:10px;color:#777}} .news-detail-layout-type-2 .post-date{{color:#777;font-size:12px}} .news-detail-layout-type-2 a.print-items{{background:url('/App/Corporate/images/News/print.gif') no-repeat left center;padding-left:20px}}</style>
</div>
{self.frame(18, "Tin liên quan", self.news_list(18, related, False))}
{self.frame(19, "Bài viết khác", self.news_list(19, others, False))}"""
        extra = (
            f'<meta property="og:type" content="article" />\n'
            f'<meta property="og:url" content="{esc(url)}" />\n'
            f'<link rel="canonical" href="{esc(url)}" />\n'
        )
        return self.page(a.title, a.lead or words(a.paragraphs[0], 30), main, a.section, extra)

    def print_view(self, a: ReplicaArticle) -> Page:
        """``printArticle(id)``: the same article in a bare page (a duplicate)."""
        markup = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8" /><title>{esc(a.title)}</title>
<link href="/App/Corporate/css/print.css?v={ASSET_V}" rel="stylesheet" /></head>
<body onload="window.print();"><div class="print-page">
<div class="print-header">{esc(self.s["site_title"])}</div>
<h1 class="title-detail">{esc(a.title)}</h1>
<span class="post-date">{esc(post_date(a))}</span>
<div class="brief">{esc(a.lead or "")}</div>
<div class="content-detail">{self.body_html(a)}</div>
</div></body></html>
"""
        return html_page(markup)

    # --- listings --------------------------------------------------------------------------
    def listing(self, section: ReplicaSection) -> dict[str, Page]:
        pages = chunks(self.c.in_section(section.key), section.per_page)
        out: dict[str, Page] = {}
        for n, chunk in enumerate(pages, 1):
            rows = []
            for a in chunk:
                img = first_image_src(a)
                thumb = (
                    f'<a class="thumb pull-left" href="{esc(self.path(a))}" title="{esc(a.title)}">'
                    f'<img src="{esc(img)}" alt="{esc(a.title)}" class="img-responsive" /></a>'
                    if img
                    else ""
                )
                brief = a.lead or a.paragraphs[0]
                rows.append(
                    '<article class="list-news-one clearfix" itemscope '
                    f'itemtype="http://schema.org/NewsArticle">{thumb}'
                    f'<h2 class="h4 title" itemprop="headline"><a href="{esc(self.path(a))}" '
                    f'title="{esc(a.title)}">{esc(a.title)}</a></h2>'
                    f'<span class="post-date">{esc(post_date(a))}</span>'
                    f'<div class="brief">{esc(words(brief, 40))}</div></article>'
                )
            lis = numbered_pager(
                n,
                len(pages),
                lambda k: listing_path(section, k),
                '<li class="active"><a href="javascript:void(0);">{n}</a></li>',
                '<li><a href="{href}">{n}</a></li>',
                '<li><a href="{href}" aria-label="Next">»</a></li>',
            )
            main = (
                self.breadcrumb(section)
                + '\n<div id="module17" class="ModuleWrapper" moduleRootId="1636192">'
                f'<h1 class="category-title">{esc(section.name)}</h1>'
                '<section id="section17" class="section-list Article-News-List-default">'
                + "".join(rows)
                + '<div class="clearfix"></div><div id="pagination17" class="default-pagination" '
                f'style="text-align:center"><ul class="pagination">{"".join(lis)}</ul></div>'
                "</section></div>"
            )
            out[listing_path(section, n)] = self.page(
                section.name, self.s["site_title"], main, section.key
            )
        return out

    def home(self) -> Page:
        blocks = []
        for i, section in enumerate(self.c.sections):
            items = self.latest(section.key)[:4]
            rows = "".join(
                '<article class="list-news-one" itemscope itemtype="http://schema.org/NewsArticle">'
                f'<h2 class="h4 title" itemprop="headline"><a href="{esc(self.path(a))}" '
                f'title="{esc(a.title)}">{esc(a.title)}</a></h2>'
                f'<span class="post-date">{esc(post_date(a))}</span></article>'
                for a in items
            )
            blocks.append(
                self.frame(
                    20 + i,
                    section.name,
                    f'<section class="section-list Article-News-Home">{rows}'
                    f'<a class="view-more" href="{esc(listing_path(section, 1))}">Xem thêm</a>'
                    "</section>",
                )
            )
        return self.page(self.s["site_title"], self.s["site_title"], "\n".join(blocks), None)

    def front(self) -> dict[str, Page]:
        return {
            "/": self.home(),
            "/robots.txt": robots_page(
                self.abs("/sitemap.xml"), "/dang-nhap", "/tim-kiem", "/3rdparty/"
            ),
            "/sitemap.xml": portal_sitemap(
                self,
                "/",
                "daily",
                lambda s: listing_path(s, 1),
                (self.path, lambda a: iso_local(pub_time(a)), "weekly", "0.6"),
            ),
        }


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of a VHV CMS replica site, keyed by path (with query)."""
    return _Site(content, base_url).render()
