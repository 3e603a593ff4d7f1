# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica renderer: WordPress 6.4 with tagDiv's classic "Newspaper" theme (≤ 9).

What the pages reproduce (docs/evidence.md §2.2, seed 002):

- ``<meta name="generator" content="WordPress 6.4.3">``, ``/wp-content/themes/Newspaper/…``,
  ``/wp-includes/…``, ``/wp-content/uploads/YYYY/MM/…``; ``link rel=canonical`` (the pretty
  permalink) and ``rel=shortlink`` (``/?p=<id>``, which answers 301 to the permalink);
- tagDiv's single-post markup: ``article.post`` > ``div.td-post-header`` (``ul.td-category``,
  ``header.td-post-title h1.entry-title``, ``div.td-module-meta-info``), the share bar,
  ``div.td-post-content.tagdiv-type`` holding ``the_content()`` (``figure.wp-caption`` +
  ``figcaption.wp-caption-text``, the byline as the last right-aligned paragraph) and the
  ``td-a-rec`` content-bottom banner, then ``footer`` with ``ul.td-tags``,
  ``div.td-post-next-prev`` ("Bài trước" / "Bài tiếp theo": ``span`` + ``a``, which a text dump
  glues together), ``.td_block_related_posts``, the WordPress comment form, the sidebar and
  ``.td-footer-wrapper``;
- this district site hides every date (the theme panel switches the post date, the top-bar date
  and the author off; the seed shows none), so no ``td-post-date``, ``<time>``, JSON-LD or
  ``article:*`` meta appears anywhere; feeds are disabled (``/feed/`` is 404);
- listings ``/category/<cat>/``, ``/category/<cat>/page/N/`` (``div.page-nav``), tag archives,
  core sitemaps ``/wp-sitemap.xml`` → ``/wp-sitemap-posts-post-1.xml`` (no ``lastmod`` before
  WordPress 6.5), core ``robots.txt``;
- duplicates of each post: the core embed view ``/<slug>/embed/`` (linked through the oEmbed
  discovery ``<link>`` and its JSON), the ``/?p=<id>`` shortlink.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from replica.families._common import (
    XML_TYPE,
    SiteRenderer,
    alias_keep_case,
    esc,
    first_image,
    html_page,
    text_page,
    words,
    xml_page,
)
from replica.model import ReplicaArticle, ReplicaSite
from replica.server import Page

EMBED_SECRET = "Xq7kPz2LmA"
JSON_TYPE = "application/json; charset=UTF-8"


def slug_lower(title: str) -> str:
    """``sanitize_title`` for a Vietnamese title (remove_accents + lower-case)."""
    return alias_keep_case(title).lower()


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    """``/%postname%/`` permalinks."""
    return f"/{article.slug}/"


def category_path(section: str, page: int = 1) -> str:
    return f"/category/{section}/" if page == 1 else f"/category/{section}/page/{page}/"


def tag_slug(tag: str) -> str:
    return slug_lower(tag)


def tag_path(tag: str, page: int = 1) -> str:
    base = f"/tag/{tag_slug(tag)}/"
    return base if page == 1 else f"{base}page/{page}/"


class _Site(SiteRenderer):
    def __init__(self, content: ReplicaSite, base_url: str) -> None:
        super().__init__(content, base_url)
        self.wp = self.s.get("wp_version", "6.4.3")
        self.td = self.s.get("theme_version", "9.8")
        # WordPress orders posts by date; this site shows none, and its ids follow the dates.
        self.by_id = sorted(content.articles, key=lambda a: a.id)

    def permalink(self, a: ReplicaArticle) -> str:
        return self.abs(article_path(self.c, a))

    def newest(self) -> list[ReplicaArticle]:
        return list(reversed(self.by_id))

    def thumb(self, a: ReplicaArticle, size: str = "218x150") -> str | None:
        img = first_image(a)
        if img is None:
            return None
        stem, _, ext = img["image"].rpartition(".")
        return f"{stem}-{size}.{ext}"

    def excerpt(self, a: ReplicaArticle, n: int = 25) -> str:
        return words(a.paragraphs[0], n)

    # --- frame ----------------------------------------------------------------------------
    def head(
        self, title: str, canonical: str, *, post: ReplicaArticle | None = None, body_class: str
    ) -> str:
        s = self.s
        extra = ""
        if post is not None:
            link = self.permalink(post)
            oembed = self.abs("/wp-json/oembed/1.0/embed") + "?url=" + quote(link, safe="")
            extra = (
                f'<link rel="alternate" type="application/json" href="{self.abs(f"/wp-json/wp/v2/posts/{post.id}")}" />\n'
                f"<link rel='shortlink' href='{self.abs(f'/?p={post.id}')}' />\n"
                f'<link rel="alternate" type="application/json+oembed" href="{esc(oembed)}" />\n'
                f'<link rel="alternate" type="text/xml+oembed" href="{esc(oembed)}&#038;format=xml" />\n'
            )
            img = first_image(post)
            if img is not None:
                extra += f'<meta property="og:image" content="{esc(self.abs(img["image"]))}" />\n'
        return f"""<!doctype html >
<!--[if IE 8]>    <html class="ie8" lang="en"> <![endif]-->
<!--[if IE 9]>    <html class="ie9" lang="en"> <![endif]-->
<!--[if gt IE 8]><!--> <html lang="vi"> <!--<![endif]-->
<head>
    <title>{esc(title)}</title>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <link rel="pingback" href="{self.abs("/xmlrpc.php")}" />
    <meta name='robots' content='max-image-preview:large' />
<link rel="icon" type="image/png" href="{esc(self.abs(s["icon"]))}"><link rel='dns-prefetch' href='//fonts.googleapis.com' />
<link rel='stylesheet' id='wp-block-library-css' href='{self.abs("/wp-includes/css/dist/block-library/style.min.css")}?ver={self.wp}' type='text/css' media='all' />
<link rel='stylesheet' id='classic-theme-styles-css' href='{self.abs("/wp-includes/css/classic-themes.min.css")}?ver={self.wp}' type='text/css' media='all' />
<link rel='stylesheet' id='google-fonts-style-css' href='https://fonts.googleapis.com/css?family=Open+Sans%3A400%2C600%2C700%7CRoboto%3A400%2C500%2C700&#038;display=swap&#038;ver={self.td}' type='text/css' media='all' />
<link rel='stylesheet' id='td-theme-css' href='{self.abs("/wp-content/themes/Newspaper/style.css")}?ver={self.td}' type='text/css' media='all' />
<script type="text/javascript" src="{self.abs("/wp-includes/js/jquery/jquery.min.js")}?ver=3.7.1" id="jquery-core-js"></script>
<script type="text/javascript" src="{self.abs("/wp-includes/js/jquery/jquery-migrate.min.js")}?ver=3.4.1" id="jquery-migrate-js"></script>
<link rel="https://api.w.org/" href="{self.abs("/wp-json/")}" />
{extra}<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{self.abs("/xmlrpc.php")}?rsd" />
<meta name="generator" content="WordPress {self.wp}" />
<link rel="canonical" href="{esc(canonical)}" />
<!--[if lt IE 9]><script src="https://cdnjs.cloudflare.com/ajax/libs/html5shiv/3.7.3/html5shiv.js"></script><![endif]-->
<script>
    var tdBlocksArray = []; //here we store all the items for the current page
    var tdLocalCache = {{}};
    var td_ajax_url="{self.abs("/wp-admin/admin-ajax.php")}?td_theme_name=Newspaper&v={self.td}";
    var td_get_template_directory_uri="{self.abs("/wp-content/themes/Newspaper")}";
    var tds_logo_on_sticky="";
    var td_viewport_interval_list=[{{"limitBottom":767,"sidebarWidth":228}},{{"limitBottom":1018,"sidebarWidth":300}},{{"limitBottom":1140,"sidebarWidth":324}}];
    var td_animation_stack_effect="type0";
    var tds_general_modal_image="yes";
</script>
</head>

<body class="{body_class} global-block-template-1 td-animation-stack-type0 td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">
"""

    def menu_items(self, active: str | None) -> str:
        items = []
        for n, (label, href) in enumerate(self.s["menu"], start=1):
            cls = "menu-item menu-item-type-custom menu-item-object-custom td-menu-item td-normal-menu"
            if n == 1:
                cls += " menu-item-first"
            if href == (category_path(active) if active else "/"):
                cls += " current-menu-item"
            items.append(
                f'<li id="menu-item-{10 + n}" class="{cls} menu-item-{10 + n}"><a href="{self.abs(href)}">{esc(label)}</a></li>'
            )
        return "\n".join(items)

    def header(self, active: str | None) -> str:
        s = self.s
        return f"""<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>
<div class="td-menu-background"></div>
<div id="td-mobile-nav">
    <div class="td-mobile-container">
        <div class="td-menu-socials-wrap"><div class="td-mobile-close"><a href="#"><i class="td-icon-close-mobile"></i></a></div></div>
        <div class="td-mobile-content"><div class="menu-main-menu-container"><ul id="menu-main-menu" class="td-mobile-main-menu">
{self.menu_items(active)}
</ul></div></div>
    </div>
</div>
<div class="td-search-background"></div>
<div class="td-search-wrap-mob"><div class="td-drop-down-search"><form method="get" class="td-search-form" action="{self.base}"><div class="td-search-close"><a href="#"><i class="td-icon-close-mobile"></i></a></div><div role="search" class="td-search-input"><span>Tìm kiếm</span><input id="td-header-search-mob" type="text" value="" name="s" autocomplete="off" /></div></form></div></div>
<div id="td-outer-wrap" class="td-theme-wrap">
    <div class="td-header-wrap td-header-style-1 ">
        <div class="td-header-top-menu-full td-container-wrap ">
            <div class="td-container td-header-row td-header-top-menu">
                <div class="top-bar-style-1">
                    <div class="td-header-sp-top-menu"><div class="menu-top-container"><ul id="menu-top-menu" class="top-header-menu"><li class="menu-item menu-item-first td-menu-item td-normal-menu"><a href="{self.base}">{esc(s["site_tagline"])}</a></li></ul></div></div>
                    <div class="td-header-sp-top-widget"><span class="td-social-icon-wrap"><a target="_blank" href="https://www.facebook.com/" title="Facebook"><i class="td-icon-font td-icon-facebook"></i></a></span></div>
                </div>
            </div>
        </div>
        <div class="td-banner-wrap-full td-logo-wrap-full td-container-wrap ">
            <div class="td-container td-header-row td-header-header">
                <div class="td-header-sp-logo">
                    <a class="td-main-logo" href="{self.base}"><img class="td-retina-data" data-retina="{esc(self.abs(s["logo"]))}" src="{esc(self.abs(s["logo"]))}" alt="{esc(s["site_name"])}" title="{esc(s["site_tagline"])}"/><span class="td-visual-hidden">{esc(s["site_name"])}</span></a>
                </div>
            </div>
        </div>
        <div class="td-header-menu-wrap-full td-container-wrap ">
            <div class="td-header-menu-wrap td-header-gradient ">
                <div class="td-container td-header-row td-header-main-menu">
                    <div id="td-header-menu" role="navigation">
                        <div id="td-top-mobile-toggle"><a href="#"><i class="td-icon-font td-icon-mobile"></i></a></div>
                        <div class="menu-main-menu-container"><ul id="menu-main-menu-1" class="sf-menu">
{self.menu_items(active)}
</ul></div>
                    </div>
                    <div class="header-search-wrap"><div class="td-search-btns-wrap"><a id="td-header-search-button" href="#" role="button" class="dropdown-toggle " data-toggle="dropdown"><i class="td-icon-search"></i></a></div></div>
                </div>
            </div>
        </div>
    </div>
"""

    def sidebar(self) -> str:
        s = self.s
        recent = "\n".join(
            f'<li><a href="{self.permalink(a)}">{esc(a.title)}</a></li>' for a in self.newest()[:5]
        )
        banners = "\n".join(
            f'<aside class="td_block_template_1 widget widget_media_image"><a href="{self.base}"><img width="300" height="150" src="{esc(self.abs(src))}" class="image wp-image-{300 + n} attachment-full size-full" alt="{esc(alt)}" decoding="async" /></a></aside>'
            for n, (alt, src) in enumerate(s["banners"])
        )
        cats = "\n".join(
            f'<li class="cat-item cat-item-{n + 2}"><a href="{self.abs(category_path(sec.key))}">{esc(sec.name)}</a></li>'
            for n, sec in enumerate(self.c.sections)
        )
        links = "\n".join(
            f'<li><a href="{esc(href)}" target="_blank" rel="noopener">{esc(label)}</a></li>'
            for label, href in s["links"]
        )
        counter = "\n".join(
            f'<li><span class="wps-label">{esc(label)}:</span> <span class="wps-value">{esc(value)}</span></li>'
            for label, value in s["counter"]
        )
        return f"""<div class="td-pb-span4 td-main-sidebar" role="complementary">
<div class="td-ss-main-sidebar">
<aside class="td_block_template_1 widget widget_search"><form method="get" class="td-search-form-widget" action="{self.base}"><div role="search"><input class="td-widget-search-input" type="text" value="" name="s" id="s" /><input class="wpb_button wpb_btn-inverse btn" type="submit" id="searchsubmit" value="Tìm kiếm" /></div></form></aside>
<aside class="td_block_template_1 widget widget_recent_entries"><h4 class="block-title"><span>Bài viết mới</span></h4><ul>
{recent}
</ul></aside>
{banners}
<aside class="td_block_template_1 widget widget_categories"><h4 class="block-title"><span>Chuyên mục</span></h4><ul>
{cats}
</ul></aside>
<aside class="td_block_template_1 widget widget_text"><h4 class="block-title"><span>Liên kết website</span></h4><div class="textwidget"><ul>
{links}
</ul></div></aside>
<aside class="td_block_template_1 widget widget_wp_statistics_widget"><h4 class="block-title"><span>Thống kê truy cập</span></h4><ul class="wp-statistics-widget">
{counter}
</ul></aside>
</div>
</div>"""

    def footer(self) -> str:
        s = self.s
        lines = "<br>\n".join(esc(line) for line in s["footer_lines"])
        sub_menu = "".join(
            f'<li class="menu-item td-menu-item td-normal-menu"><a href="{self.abs(href)}">{esc(label)}</a></li>'
            for label, href in s["menu"]
        )
        return f"""<div class="td-footer-wrapper td-footer-container td-container-wrap td-footer-template-2 ">
    <div class="td-container">
        <div class="td-pb-row">
            <div class="td-pb-span12">
                <div class="td-footer-info">
                    <div class="footer-logo-wrap"><a href="{self.base}"><img class="td-retina-data" src="{esc(self.abs(s["footer_logo"]))}" alt="{esc(s["site_name"])}" title="{esc(s["site_name"])}" width="272"/></a></div>
                    <div class="footer-text-wrap">{lines}<div class="footer-email-wrap">Liên hệ với chúng tôi: <a href="mailto:{esc(s["email"])}">{esc(s["email"])}</a></div></div>
                    <div class="footer-social-wrap td-social-style-2"><span class="td-social-icon-wrap"><a target="_blank" href="https://www.facebook.com/" title="Facebook"><i class="td-icon-font td-icon-facebook"></i></a></span></div>
                </div>
            </div>
        </div>
    </div>
</div>
<div class="td-sub-footer-container td-container-wrap ">
    <div class="td-container">
        <div class="td-pb-row">
            <div class="td-pb-span td-sub-footer-menu"><div class="menu-footer-container"><ul id="menu-footer" class="td-subfooter-menu">{sub_menu}</ul></div></div>
            <div class="td-pb-span td-sub-footer-copy">{esc(s["copyright"])}</div>
        </div>
    </div>
</div>
</div><!--close td-outer-wrap-->
<script type="text/javascript" src="{self.abs("/wp-content/themes/Newspaper/js/tagdiv_theme.min.js")}?ver={self.td}" id="td-site-min-js"></script>
<script type="text/javascript" src="{self.abs("/wp-includes/js/comment-reply.min.js")}?ver={self.wp}" id="comment-reply-js" async="async" data-wp-strategy="async"></script>
</body>
</html>
"""

    def crumbs(self, trail: list[tuple[str, str | None]]) -> str:
        parts = [f'<span><a title="" class="entry-crumb" href="{self.base}">Trang chủ</a></span>']
        for name, href in trail:
            if href:
                parts.append(
                    f'<i class="td-icon-right td-bread-sep"></i> <span><a title="Xem tất cả bài viết trong {esc(name)}" class="entry-crumb" href="{esc(href)}">{esc(name)}</a></span>'
                )
            else:
                parts.append(
                    f'<i class="td-icon-right td-bread-sep td-bred-no-url-last"></i> <span class="td-bred-no-url-last">{esc(name)}</span>'
                )
        return '<div class="entry-crumbs">' + " ".join(parts) + "</div>"

    # --- single post ----------------------------------------------------------------------
    def content_html(self, a: ReplicaArticle) -> str:
        """``the_content()`` of a classic-editor post after wpautop, then the tagDiv banner."""
        out = []
        aid = a.id
        for item in a.body:
            if "p" in item:
                align = item.get("align", "justify")
                out.append(f'<p style="text-align: {align};">{esc(item["p"])}</p>')
                continue
            aid += 1
            src = self.abs(item["image"])
            stem, _, ext = src.rpartition(".")
            srcset = f"{src} 800w, {stem}-300x200.{ext} 300w, {stem}-768x512.{ext} 768w"
            img = (
                f'<img decoding="async" loading="lazy" class="wp-image-{aid} size-full" src="{esc(src)}" alt="" '
                f'width="800" height="533" srcset="{esc(srcset)}" sizes="(max-width: 800px) 100vw, 800px" />'
            )
            if item.get("caption"):
                lead_space = " " if a.extra.get("caption_leading_space") else ""
                out.append(
                    f'<figure id="attachment_{aid}" aria-describedby="caption-attachment-{aid}" style="width: 800px" '
                    f'class="wp-caption aligncenter">{img}<figcaption id="caption-attachment-{aid}" '
                    f'class="wp-caption-text">{lead_space}{esc(item["caption"])}</figcaption></figure>'
                )
            else:
                centered = img.replace('class="', 'class="aligncenter ', 1)
                out.append(f'<p style="text-align: center;">{centered}</p>')
        byline = a.byline or a.author
        if byline:
            first, *rest = byline.split("\n")
            tail = "".join(f"<br />\n<em>{esc(line)}</em>" for line in rest)
            out.append(f'<p style="text-align: right;"><strong>{esc(first)}</strong>{tail}</p>')
        banner_alt, banner_src = self.s["content_banner"]
        out.append(
            f'<div class="td-a-rec td-a-rec-id-content_bottom  td_uid_{a.id}_rand td_block_template_1">'
            f'<a href="{self.abs(category_path("xay-dung-dang"))}"><img src="{esc(self.abs(banner_src))}" '
            f'alt="{esc(banner_alt)}" width="680" height="120" /></a></div>'
        )
        return "\n".join(out)

    def sharing(self, a: ReplicaArticle, where: str) -> str:
        link = quote(self.permalink(a), safe="")
        nets = [
            ("facebook", "Facebook", f"https://www.facebook.com/sharer.php?u={link}"),
            (
                "twitter",
                "Twitter",
                f"https://twitter.com/intent/tweet?text={quote(a.title)}&amp;url={link}",
            ),
            ("pinterest", "Pinterest", f"https://pinterest.com/pin/create/button/?url={link}"),
            (
                "whatsapp",
                "WhatsApp",
                f"https://api.whatsapp.com/send?text={quote(a.title)}%20%0A%0A%20{link}",
            ),
            ("print", "Print", "#"),
        ]
        buttons = "".join(
            f'<a class="td-social-sharing-button td-social-sharing-button-js td-social-network td-social-{key}" '
            f'href="{href}" title="{label}"><div class="td-social-but-icon"><i class="td-icon-{key}"></i></div>'
            f'<div class="td-social-but-text">{label}</div></a>'
            for key, label, href in nets
        )
        return (
            f'<div class="td-post-sharing-{where}"><div id="td_social_sharing_article_{where}" '
            'class="td-post-sharing td-ps-bg td-ps-notext td-post-sharing-style1 ">'
            '<div class="td-post-sharing-visible"><div class="td-social-sharing-button td-social-sharing-button-js '
            'td-social-handler td-social-share-text"><div class="td-social-but-icon"><i class="td-icon-share"></i></div>'
            f'<div class="td-social-but-text">Chia sẻ</div></div>{buttons}</div></div></div>'
        )

    def next_prev(self, a: ReplicaArticle) -> str:
        idx = self.by_id.index(a)
        prev = self.by_id[idx - 1] if idx > 0 else None
        nxt = self.by_id[idx + 1] if idx + 1 < len(self.by_id) else None
        prev_html = (
            f'<div class="td-post-next-prev-content"><span>Bài trước</span><a href="{self.permalink(prev)}">{esc(prev.title)}</a></div>'
            if prev
            else ""
        )
        next_html = (
            f'<div class="td-post-next-prev-content"><span>Bài tiếp theo</span><a href="{self.permalink(nxt)}">{esc(nxt.title)}</a></div>'
            if nxt
            else ""
        )
        return (
            '<div class="td-block-row td-post-next-prev">'
            f'<div class="td-block-span6 td-post-prev-post">{prev_html}</div>'
            '<div class="td-next-prev-separator"></div>'
            f'<div class="td-block-span6 td-post-next-post">{next_html}</div></div>'
        )

    def related(self, a: ReplicaArticle) -> str:
        uid = f"td_uid_{a.id % 97 + 3}_5f0c1a"
        same = [r for r in self.c.in_section(a.section) if r is not a][:3]
        sec = self.sections[a.section]
        cells = []
        for r in same:
            thumb = self.thumb(r)
            img = (
                f'<img class="entry-thumb" src="{esc(self.abs(thumb))}" alt="" title="{esc(r.title)}" width="218" height="150"/>'
                if thumb
                else '<img width="218" height="150" class="entry-thumb" src="'
                + self.abs("/wp-content/themes/Newspaper/images/no-thumb/td_218x150.png")
                + '" alt=""/>'
            )
            cells.append(
                f"""<div class="td-related-span4"><div class="td_module_related_posts td-animation-stack td_mod_related_posts">
<div class="td-module-image"><div class="td-module-thumb"><a href="{self.permalink(r)}" rel="bookmark" class="td-image-wrap" title="{esc(r.title)}">{img}</a></div><a href="{self.abs(category_path(sec.key))}" class="td-post-category">{esc(sec.name)}</a></div>
<div class="item-details"><h3 class="entry-title td-module-title"><a href="{self.permalink(r)}" rel="bookmark" title="{esc(r.title)}">{esc(r.title)}</a></h3></div>
</div></div>"""
            )
        return f"""<div class="td_block_wrap td_block_related_posts {uid}_rand td_with_ajax_pagination td-pb-border-top td_block_template_1" data-td-block-uid="{uid}">
<h4 class="td-related-title td-block-title"><a id="{uid}_l" class="td-related-left td-cur-simple-item" data-td_filter_value="" data-td_block_id="{uid}" href="#">BÀI LIÊN QUAN</a><a id="{uid}_r" class="td-related-right" data-td_filter_value="td_related_more_from_author" data-td_block_id="{uid}" href="#">Tin liên quan</a></h4>
<div id="{uid}" class="td_block_inner"><div class="td-related-row">
{"".join(cells)}
</div></div>
<div class="td-next-prev-wrap"><a href="#" class="td-ajax-prev-page ajax-page-disabled" id="prev-page-{uid}" data-td_block_id="{uid}"><i class="td-icon-font td-icon-menu-left"></i></a><a href="#" class="td-ajax-next-page" id="next-page-{uid}" data-td_block_id="{uid}"><i class="td-icon-font td-icon-menu-right"></i></a></div>
</div>"""

    def comment_form(self, a: ReplicaArticle) -> str:
        link = self.permalink(a)
        return f"""<div class="comments" id="comments">
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Trả lời <small><a rel="nofollow" id="cancel-comment-reply-link" href="{link}#respond" style="display:none;">Hủy trả lời</a></small></h3>
<form action="{self.abs("/wp-comments-post.php")}" method="post" id="commentform" class="comment-form" novalidate>
<p class="comment-notes"><span id="email-notes">Email của bạn sẽ không được hiển thị công khai.</span> <span class="required-field-message">Các trường bắt buộc được đánh dấu <span class="required">*</span></span></p>
<div class="clearfix"></div>
<div class="comment-form-input-wrap td-form-comment"><textarea placeholder="Bình luận:" id="comment" name="comment" cols="45" rows="8" aria-required="true"></textarea><div class="td-warning-comment">Xin vui lòng nhập bình luận của bạn!</div></div>
<div class="comment-form-input-wrap td-form-author"><input class="" id="author" name="author" placeholder="Tên:*" type="text" value="" size="30" aria-required="true" /><div class="td-warning-author">Xin vui lòng nhập tên của bạn ở đây</div></div>
<div class="comment-form-input-wrap td-form-email"><input class="" id="email" name="email" placeholder="Email:*" type="text" value="" size="30" aria-required="true" /><div class="td-warning-email-error">Bạn đã nhập một địa chỉ email không chính xác!</div><div class="td-warning-email">Xin vui lòng nhập địa chỉ email của bạn ở đây</div></div>
<div class="comment-form-input-wrap td-form-url"><input class="" id="url" name="url" placeholder="Trang web:" type="text" value="" size="30" /></div>
<p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes" /><label for="wp-comment-cookies-consent">Lưu tên của tôi, email, và trang web trong trình duyệt này cho lần bình luận kế tiếp của tôi.</label></p>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Gửi bình luận" /> <input type='hidden' name='comment_post_ID' value='{a.id}' id='comment_post_ID' />
<input type='hidden' name='comment_parent' id='comment_parent' value='0' /></p>
</form>
</div><!-- #respond -->
</div>"""

    def single(self, a: ReplicaArticle) -> Page:
        sec = self.sections[a.section]
        link = self.permalink(a)
        tag_classes = " ".join(f"tag-{tag_slug(t)}" for t in a.tags)
        has_thumb = " has-post-thumbnail" if first_image(a) else ""
        tags = ""
        if a.tags:
            lis = "".join(
                f'<li><a href="{self.abs(tag_path(t))}">{esc(t)}</a></li>' for t in a.tags
            )
            tags = f'<div class="td-post-source-tags"><ul class="td-tags td-post-small-box clearfix"><li><span>TAGS</span></li>{lis}</ul></div>'
        body_class = f"post-template-default single single-post postid-{a.id} single-format-standard td-standard-pack"
        html = (
            self.head(f"{a.title} – {self.s['site_name']}", link, post=a, body_class=body_class)
            + self.header(a.section)
            + f"""<div class="td-main-content-wrap td-container-wrap">
<div class="td-container td-post-template-default ">
<div class="td-crumb-container">{self.crumbs([(sec.name, self.abs(category_path(sec.key))), (a.title, None)])}</div>
<div class="td-pb-row">
<div class="td-pb-span8 td-main-content" role="main">
<div class="td-ss-main-content">
<article id="post-{a.id}" class="post-{a.id} post type-post status-publish format-standard{has_thumb} hentry category-{sec.key} {tag_classes}">
<div class="td-post-header">
<ul class="td-category"><li class="entry-category"><a href="{self.abs(category_path(sec.key))}">{esc(sec.name)}</a></li></ul>
<header class="td-post-title">
<h1 class="entry-title">{esc(a.title)}</h1>
<div class="td-module-meta-info">
<div class="td-post-comments"><a href="{link}#respond"><i class="td-icon-comments"></i>0</a></div>
</div>
</header>
</div>
{self.sharing(a, "top")}
<div class="td-post-content tagdiv-type">
{self.content_html(a)}
</div>
<footer>
{tags}
{self.sharing(a, "bottom")}
{self.next_prev(a)}
</footer>
</article>
{self.related(a)}
{self.comment_form(a)}
</div>
</div>
{self.sidebar()}
</div>
</div>
</div>
"""
            + self.footer()
        )
        return html_page(html)

    def embed(self, a: ReplicaArticle) -> Page:
        """``/<slug>/embed/``: core's oEmbed template, an excerpt copy of the post."""
        link = self.permalink(a)
        thumb = self.thumb(a, "300x200")
        img = (
            f'<div class="wp-embed-featured-image rectangular"><a href="{link}" target="_top"><img width="300" height="200" src="{esc(self.abs(thumb))}" alt="" /></a></div>'
            if thumb
            else ""
        )
        html = f"""<!DOCTYPE html>
<html lang="vi" class="no-js">
<head>
<title>{esc(a.title)} &#8211; {esc(self.s["site_name"])}</title>
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name='robots' content='noindex, follow, max-image-preview:large' />
<link rel="canonical" href="{link}" />
<script type="text/javascript" src="{self.abs("/wp-includes/js/wp-embed-template.min.js")}?ver={self.wp}"></script>
</head>
<body class="single single-post postid-{a.id} single-format-standard">
<div class="wp-embed post-{a.id} post type-post status-publish format-standard hentry category-{a.section}">
{img}
<p class="wp-embed-heading"><a href="{link}" target="_top">{esc(a.title)}</a></p>
<div class="wp-embed-excerpt"><p>{esc(words(a.paragraphs[0], 55).rstrip("."))} &hellip; <a href="{link}" class="wp-embed-more" target="_top">Đọc thêm<span class="screen-reader-text"> &#8220;{esc(a.title)}&#8221;</span></a></p></div>
<div class="wp-embed-footer">
<div class="wp-embed-site-title"><a href="{self.base}" target="_top"><img src="{esc(self.abs(self.s["icon"]))}" width="32" height="32" alt="" class="wp-embed-site-icon" /><span>{esc(self.s["site_name"])}</span></a></div>
<div class="wp-embed-meta"><div class="wp-embed-comments"><a href="{link}#respond" target="_top"><span class="dashicons dashicons-admin-comments"></span>Bình luận <span class="screen-reader-text">trong {esc(a.title)}</span></a></div>
<div class="wp-embed-share"><button type="button" class="wp-embed-share-dialog-open" aria-label="Mở hộp thoại chia sẻ"><span class="dashicons dashicons-share"></span></button></div></div>
</div>
</div>
</body>
</html>
"""
        return html_page(html)

    def oembed(self, a: ReplicaArticle) -> dict[str, Page]:
        link = self.permalink(a)
        frame = (
            f'<blockquote class="wp-embedded-content" data-secret="{EMBED_SECRET}"><a href="{link}">{esc(a.title)}</a></blockquote>'
            f'<iframe sandbox="allow-scripts" security="restricted" src="{link}embed/#?secret={EMBED_SECRET}" '
            f'width="600" height="338" title="&#8220;{esc(a.title)}&#8221; &#8212; {esc(self.s["site_name"])}" '
            f'data-secret="{EMBED_SECRET}" frameborder="0" marginwidth="0" marginheight="0" scrolling="no" class="wp-embedded-content"></iframe>'
        )
        data = {
            "version": "1.0",
            "provider_name": self.s["site_name"],
            "provider_url": self.base.rstrip("/"),
            "title": a.title,
            "type": "rich",
            "width": 600,
            "height": 338,
            "html": frame,
        }
        thumb = self.thumb(a, "300x200")
        if thumb:
            data.update(thumbnail_url=self.abs(thumb), thumbnail_width=300, thumbnail_height=200)
        path = "/wp-json/oembed/1.0/embed?url=" + quote(link, safe="")
        xml = (
            '<?xml version="1.0"?>\n<oembed>'
            + "".join(f"<{k}>{esc(str(v))}</{k}>" for k, v in data.items())
            + "</oembed>\n"
        )
        return {
            path: Page(
                json.dumps(data, ensure_ascii=False).encode("utf-8"), content_type=JSON_TYPE
            ),
            path + "&format=xml": xml_page(xml, "text/xml; charset=UTF-8"),
        }

    # --- archives ---------------------------------------------------------------------------
    def module10(self, a: ReplicaArticle) -> str:
        """tagDiv ``td_module_10``: thumb, title, meta row (empty here: dates and authors off),
        excerpt."""
        link = self.permalink(a)
        thumb = self.thumb(a)
        src = (
            self.abs(thumb)
            if thumb
            else self.abs("/wp-content/themes/Newspaper/images/no-thumb/td_218x150.png")
        )
        return f"""<div class="td_module_10 td_module_wrap td-animation-stack">
<div class="td-module-thumb"><a href="{link}" rel="bookmark" class="td-image-wrap" title="{esc(a.title)}"><img width="218" height="150" class="entry-thumb" src="{esc(src)}" alt="" title="{esc(a.title)}"/></a></div>
<div class="item-details">
<h3 class="entry-title td-module-title"><a href="{link}" rel="bookmark" title="{esc(a.title)}">{esc(a.title)}</a></h3>
<div class="td-module-meta-info"></div>
<div class="td-excerpt">{esc(self.excerpt(a))}</div>
</div>
</div>"""

    def page_nav(self, base: str, page: int, pages: int) -> str:
        if pages <= 1:
            return ""

        def href(n: int) -> str:
            return self.abs(base if n == 1 else f"{base}page/{n}/")

        parts = []
        if page > 1:
            parts.append(f'<a href="{href(page - 1)}"><i class="td-icon-menu-left"></i></a>')
        for n in range(1, pages + 1):
            if n == page:
                parts.append(f'<span class="current">{n}</span>')
            else:
                parts.append(f'<a href="{href(n)}" class="page" title="{n}">{n}</a>')
        if page < pages:
            parts.append(f'<a href="{href(page + 1)}"><i class="td-icon-menu-right"></i></a>')
        parts.append(f'<span class="pages">Trang {page} của {pages}</span>')
        return (
            '<div class="page-nav td-pb-padding-side">'
            + "".join(parts)
            + '<div class="clearfix"></div></div>'
        )

    def archive(
        self,
        name: str,
        base: str,
        items: list[ReplicaArticle],
        per: int,
        body_class: str,
        active: str | None,
    ) -> dict[str, Page]:
        pages = max(1, -(-len(items) // per))
        out = {}
        for page in range(1, pages + 1):
            chunk = items[(page - 1) * per : page * per]
            path = base if page == 1 else f"{base}page/{page}/"
            title = (
                f"{name} – {self.s['site_name']}"
                if page == 1
                else f"{name} – Trang {page} – {self.s['site_name']}"
            )
            paged = f" paged paged-{page}" if page > 1 else ""
            html = (
                self.head(title, self.abs(path), body_class=body_class + paged)
                + self.header(active)
                + f"""<div class="td-category-header td-container-wrap">
<div class="td-container"><div class="td-pb-row"><div class="td-pb-span12">
<div class="td-crumb-container">{self.crumbs([(name, None)])}</div>
<h1 class="entry-title td-page-title">{esc(name)}</h1>
</div></div></div>
</div>
<div class="td-main-content-wrap td-container-wrap">
<div class="td-container">
<div class="td-pb-row">
<div class="td-pb-span8 td-main-content">
<div class="td-ss-main-content">
{chr(10).join(self.module10(a) for a in chunk)}
{self.page_nav(base, page, pages)}
</div>
</div>
{self.sidebar()}
</div>
</div>
</div>
"""
                + self.footer()
            )
            out[path] = html_page(html)
        return out

    def home(self) -> Page:
        latest = self.newest()
        grid = "".join(
            f"""<div class="td_module_mx{5 if i == 0 else 6} td-animation-stack td-big-grid-post-{i} td-big-grid-post td-{"big" if i == 0 else "small"}-thumb">
<div class="td-module-thumb"><a href="{self.permalink(a)}" rel="bookmark" class="td-image-wrap" title="{esc(a.title)}"><img class="entry-thumb" src="{esc(self.abs(self.thumb(a, "534x462") or "/wp-content/themes/Newspaper/images/no-thumb/td_534x462.png"))}" alt="" title="{esc(a.title)}"/></a></div>
<div class="td-meta-info-container"><div class="td-meta-align"><div class="td-big-grid-meta"><h3 class="entry-title td-module-title"><a href="{self.permalink(a)}" rel="bookmark" title="{esc(a.title)}">{esc(a.title)}</a></h3></div></div></div>
</div>"""
            for i, a in enumerate(latest[:4])
        )
        blocks: list[str] = []
        for sec in self.c.sections:
            rows = self.c.in_section(sec.key)[:5]
            mods = "".join(
                f"""<div class="td_module_6 td_module_wrap td-animation-stack"><div class="td-module-thumb"><a href="{self.permalink(r)}" rel="bookmark" class="td-image-wrap" title="{esc(r.title)}"><img width="100" height="70" class="entry-thumb" src="{esc(self.abs(self.thumb(r, "100x70") or "/wp-content/themes/Newspaper/images/no-thumb/td_100x70.png"))}" alt="" title="{esc(r.title)}"/></a></div><div class="item-details"><h3 class="entry-title td-module-title"><a href="{self.permalink(r)}" rel="bookmark" title="{esc(r.title)}">{esc(r.title)}</a></h3></div></div>"""
                for r in rows
            )
            blocks.append(
                f"""<div class="td_block_wrap td_block_1 td_uid_{len(blocks) + 7}_rand td-pb-border-top td_block_template_1">
<div class="td-block-title-wrap"><h4 class="block-title td-block-title"><a href="{self.abs(category_path(sec.key))}" class="td-pulldown-size">{esc(sec.name)}</a></h4></div>
<div class="td_block_inner">{mods}</div>
</div>"""
            )
        html = (
            self.head(
                f"{self.s['site_name']} – {self.s['site_tagline']}",
                self.base,
                body_class="home blog td-standard-pack",
            )
            + self.header(None)
            + f"""<div class="td-main-content-wrap td-main-page-wrap td-container-wrap">
<div class="td-container">
<div class="td_block_wrap td_block_big_grid_1 td_uid_1_rand td-grid-style-1 td-hover-1 td-big-grids td-pb-border-top td_block_template_1"><div id="td_uid_1" class="td_block_inner"><div class="td-big-grid-wrapper">{grid}</div><div class="clearfix"></div></div></div>
<div class="td-pb-row">
<div class="td-pb-span8 td-main-content"><div class="td-ss-main-content">
{chr(10).join(blocks)}
</div></div>
{self.sidebar()}
</div>
</div>
</div>
"""
            + self.footer()
        )
        return html_page(html)

    # --- machine-readable -------------------------------------------------------------------
    def sitemaps(self) -> dict[str, Page]:
        def urlset(locs: list[str]) -> str:
            inner = "".join(f"<url><loc>{esc(loc)}</loc></url>" for loc in locs)
            return (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<?xml-stylesheet type="text/xsl" href="{self.abs("/wp-sitemap.xsl")}" ?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{inner}</urlset>\n'
            )

        names = [
            "/wp-sitemap-posts-post-1.xml",
            "/wp-sitemap-posts-page-1.xml",
            "/wp-sitemap-taxonomies-category-1.xml",
            "/wp-sitemap-taxonomies-post_tag-1.xml",
        ]
        index = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<?xml-stylesheet type="text/xsl" href="{self.abs("/wp-sitemap-index.xsl")}" ?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<sitemap><loc>{self.abs(n)}</loc></sitemap>" for n in names)
            + "</sitemapindex>\n"
        )
        tags = sorted({t for a in self.c.articles for t in a.tags}, key=tag_slug)
        return {
            "/wp-sitemap.xml": xml_page(index, XML_TYPE),
            names[0]: xml_page(urlset([self.permalink(a) for a in self.by_id]), XML_TYPE),
            names[1]: xml_page(urlset([self.base]), XML_TYPE),
            names[2]: xml_page(
                urlset([self.abs(category_path(s.key)) for s in self.c.sections]), XML_TYPE
            ),
            names[3]: xml_page(urlset([self.abs(tag_path(t)) for t in tags]), XML_TYPE),
        }

    def robots(self) -> Page:
        """WordPress core's virtual robots.txt (``do_robots``) plus the core sitemap line."""
        return text_page(
            "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
            f"Sitemap: {self.abs('/wp-sitemap.xml')}\n"
        )

    def rest_denied(self) -> Page:
        body = {
            "code": "rest_login_required",
            "message": "REST API restricted to authenticated users.",
            "data": {"status": 401},
        }
        return Page(json.dumps(body).encode("utf-8"), content_type=JSON_TYPE, status=401)

    def render(self) -> dict[str, Page]:
        pages: dict[str, Page] = {"/": self.home(), "/robots.txt": self.robots()}
        pages.update(self.sitemaps())
        pages["/wp-json/"] = self.rest_denied()
        for sec in self.c.sections:
            pages.update(
                self.archive(
                    sec.name,
                    category_path(sec.key),
                    self.c.in_section(sec.key),
                    sec.per_page,
                    f"archive category category-{sec.key} td-standard-pack",
                    sec.key,
                )
            )
        tags: dict[str, list[ReplicaArticle]] = {}
        for a in self.newest():
            for t in a.tags:
                tags.setdefault(t, []).append(a)
        per = self.c.sections[0].per_page if self.c.sections else 10
        for t, rows in tags.items():
            pages.update(
                self.archive(
                    t,
                    tag_path(t),
                    rows,
                    per,
                    f"archive tag tag-{tag_slug(t)} td-standard-pack",
                    None,
                )
            )
        for a in self.c.articles:
            pages[article_path(self.c, a)] = self.single(a)
            pages[f"{article_path(self.c, a)}embed/"] = self.embed(a)
            pages.update(self.oembed(a))
            pages[f"/wp-json/wp/v2/posts/{a.id}"] = self.rest_denied()
            pages[f"/?p={a.id}"] = Page(
                b"",
                status=301,
                headers={"Location": self.permalink(a), "X-Redirect-By": "WordPress"},
            )
        return pages


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of a WordPress + tagDiv Newspaper replica site, keyed by path (with query)."""
    return _Site(content, base_url).render()
