# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica renderer: WordPress 6 with tagDiv Newspaper 12 and its theme builder (tdb templates).

What the pages reproduce (docs/evidence.md §2.2, "Newspaper 10+"; §4 WordPress chrome):

- every page: ``<meta name="generator" content="WordPress 6.7.1">``, ``/wp-content/``,
  ``/wp-includes/`` and ``/wp-json/`` links, the Newspaper theme and its ``td-composer`` /
  ``td-cloud-library`` plugin assets, body class ``tdb-template``; header and footer are cloud
  templates built of ``tdc-zone`` / ``tdc-row`` / ``tdb_header_*`` blocks (logo, menu, today's
  date), the footer carries the department's address, hotline and "© Bản quyền thuộc về …";
- posts at ``/<slug>/`` rendered by a single-post cloud template: blocks
  ``div.td_block_wrap.tdb_<name>.tdi_NN`` where the ``tdi_NN`` id/class is numbered per page
  (breadcrumbs, ``tdb_single_categories``, ``h1.tdb-title-text``, ``tdb_single_author``
  "Bởi <name>", ``tdb_single_date`` with ``<time datetime>`` and the site's ``d/m/Y`` text,
  ``tdb_single_post_views``, ``tdb_single_featured_image`` with ``figcaption``,
  ``tdb_single_content … td-post-content tagdiv-type > div.tdb-block-inner.td-fix-index`` holding
  ``the_content()`` plus the theme's inline ad slot, share buttons, ``tdb_single_tags`` "TAGS",
  ``tdb_single_next_prev`` "Bài trước / Bài tiếp theo", ``tdb_single_related`` "Bài viết liên
  quan", comments with "Trả lời" links and the WordPress comment form); the theme's JSON-LD
  Article with ``datePublished``;
- category archives ``/category/<cat>/`` and ``/category/<cat>/page/N/`` through a ``tdb_loop``
  block with ``div.page-nav`` ("Trang 1 của 3");
- ``/feed/`` and ``/category/<cat>/feed/`` (RSS 2.0, UTC ``pubDate``), the core sitemaps
  ``/wp-sitemap.xml`` → posts / categories / users, the virtual ``robots.txt``;
- duplicates of each post: the comments feed ``/<slug>/feed/``, ``/<slug>/?replytocom=N`` (the
  "Trả lời" links: the same page again) and ``/?p=<id>`` (the shortlink, 301 to the permalink).
  (The core ``/<slug>/embed/`` card is left out: it is WordPress's own template, not the
  theme's, and carries none of the builder's markup.)
"""

from __future__ import annotations

import json
from datetime import datetime

from replica.families._common import (
    RSS_TYPE,
    XML_TYPE,
    SiteRenderer,
    alias_keep_case,
    byline_lines,
    chunks,
    esc,
    excerpt,
    first_image,
    html_page,
    iso_local,
    newest_first,
    redirect_page,
    rfc822_utc,
    sitemap_index,
    text_page,
    urlset,
    xml_page,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page

WP_VERSION = "6.7.1"
THEME_VERSION = "12.6.8"
TDC_VERSION = "5.1"
SINGLE_TEMPLATE = 1187
CATEGORY_TEMPLATE = 1203


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    """Permalinks ``/%postname%/``."""
    return f"/{article.slug}/"


def listing_path(section: ReplicaSection, page: int) -> str:
    base = f"/category/{section.key}/"
    return base if page == 1 else f"{base}page/{page}/"


def date_text(dt: datetime) -> str:
    """The site's ``date_format`` option: ``d/m/Y``."""
    return f"{dt:%d/%m/%Y}"


class _Tdi:
    """tagDiv numbers every block instance of a page ``tdi_1``, ``tdi_2`` … in render order."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"tdi_{self.n}"


class _Site(SiteRenderer):
    def __init__(self, content: ReplicaSite, base_url: str) -> None:
        super().__init__(content, base_url)
        self.users = self.s["users"]  # login → display name

    def path(self, a: ReplicaArticle) -> str:
        return article_path(self.c, a)

    def user_of(self, a: ReplicaArticle) -> tuple[str, str]:
        login = a.extra["user"]
        return login, self.users[login]

    # --- page frame ---------------------------------------------------------------------------
    def head(self, title: str, canonical: str, extra: str = "") -> str:
        s = self.s
        v = THEME_VERSION
        return f"""<!doctype html>
<html lang="vi">
<head>
<title>{esc(title)}</title>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="pingback" href="{esc(self.abs("/xmlrpc.php"))}" />
<meta name='robots' content='max-image-preview:large' />
<link rel="icon" type="image/png" href="{esc(self.abs(s["favicon"]))}">
<link rel="alternate" type="application/rss+xml" title="{esc(s["site_name"])} &raquo; Dòng thông tin" href="{esc(self.abs("/feed/"))}" />
<link rel="alternate" type="application/rss+xml" title="{esc(s["site_name"])} &raquo; Dòng phản hồi" href="{esc(self.abs("/comments/feed/"))}" />
{extra}<link rel='stylesheet' id='wp-block-library-css' href='{esc(self.abs("/wp-includes/css/dist/block-library/style.min.css"))}?ver={WP_VERSION}' type='text/css' media='all' />
<link rel='stylesheet' id='td-plugin-multi-purpose-css' href='{esc(self.abs("/wp-content/plugins/td-composer/td-multi-purpose/style.css"))}?ver=9c5a7338c90cbd82cb580e34cffb127f' type='text/css' media='all' />
<link rel='stylesheet' id='td-theme-css' href='{esc(self.abs("/wp-content/themes/Newspaper/style.css"))}?ver={v}' type='text/css' media='all' />
<link rel='stylesheet' id='tdb_style_cloud_templates_front-css' href='{esc(self.abs("/wp-content/plugins/td-cloud-library/assets/css/tdb_main.css"))}?ver=b379c96c54343541fd8742379a419361' type='text/css' media='all' />
<script type="text/javascript" src="{esc(self.abs("/wp-includes/js/jquery/jquery.min.js"))}?ver=3.7.1" id="jquery-core-js"></script>
<link rel="https://api.w.org/" href="{esc(self.abs("/wp-json/"))}" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{esc(self.abs("/xmlrpc.php?rsd"))}" />
<meta name="generator" content="WordPress {WP_VERSION}" />
<script>
    window.tdb_global_vars = {{"wpRestUrl":"{esc(self.abs("/wp-json/"))}","permalinkStructure":"\\/%postname%\\/"}};
    window.tdb_p_autoload_vars = {{"isAjax":false,"isAdminBarShowing":false,"autoloadStatus":"off","origPostEditUrl":null}};
</script>
<script type="text/javascript" id="td-generated-header-js">
var tdBlocksArray = []; var tdLocalCache = {{}}; var td_ajax_url="{esc(self.abs("/wp-admin/admin-ajax.php?td_theme_name=Newspaper&v=" + v))}";
var td_get_template_directory_uri="{esc(self.abs("/wp-content/plugins/td-composer/legacy/common"))}"; var tds_general_modal_image="yes";
</script>
</head>
"""

    def header_template(self, tdi: _Tdi, active: str | None) -> str:
        """The site-wide header cloud template: logo, menu, today's date."""
        s = self.s
        menu = [
            f'<li class="menu-item menu-item-type-custom menu-item-home"><a href="{esc(self.base)}"><div class="tdb-menu-item-text">Trang chủ</div></a></li>'
        ]
        for sec in self.c.sections:
            cur = " current-menu-item" if sec.key == active else ""
            menu.append(
                f'<li class="menu-item menu-item-type-taxonomy menu-item-object-category{cur}">'
                f'<a href="{esc(self.abs(listing_path(sec, 1)))}"><div class="tdb-menu-item-text">{esc(sec.name)}</div></a></li>'
            )
        for label, cat in s["menu_extra"]:
            menu.append(
                '<li class="menu-item menu-item-type-taxonomy menu-item-object-category">'
                f'<a href="{esc(self.abs(f"/category/{cat}/"))}"><div class="tdb-menu-item-text">{esc(label)}</div></a></li>'
            )
        z1, z2, r1 = tdi(), tdi(), tdi()
        logo, date, nav = tdi(), tdi(), tdi()
        return f"""<div class="td-header-template-wrap" style="position: relative">
<div class="td-header-mobile-wrap "><div id="{z1}" class="tdc-zone"><div class="tdc_zone {z1} wpb_row td-pb-row tdc-element-style"></div></div></div>
<div class="td-header-desktop-wrap ">
<div id="{z2}" class="tdc-zone"><div class="tdc_zone {z2} wpb_row td-pb-row">
<div id="{r1}" class="tdc-row stretch_row_1400 td-stretch-content"><div class="vc_row {r1} wpb_row td-pb-row">
<div class="vc_column wpb_column vc_column_container tdc-column td-pb-span12"><div class="wpb_wrapper">
<div class="td_block_wrap tdb_header_date {date} td-pb-border-top td_block_template_1 tdb-header-align" data-td-block-uid="{date}"><div class="tdb-block-inner td-fix-index"><div class="tdb-head-date-txt">{esc(s["today"])}</div></div></div>
<div class="td_block_wrap tdb_header_logo {logo} td-pb-border-top td_block_template_1 tdb-header-align" data-td-block-uid="{logo}"><div class="tdb-block-inner td-fix-index"><a class="tdb-logo-a" href="{esc(self.base)}"><span class="tdb-logo-img-wrap"><img class="tdb-logo-img" src="{esc(self.abs(s["logo"]))}" alt="{esc(s["site_name"])}" title="{esc(s["site_name"])}" /></span><span class="tdb-logo-text-wrap"><span class="tdb-logo-text-title">{esc(s["masthead"])}</span><span class="tdb-logo-text-tagline">{esc(s["tagline"])}</span></span></a></div></div>
<div class="td_block_wrap tdb_header_menu {nav} tds_menu_active1 tds_menu_sub_active1 td-pb-border-top td_block_template_1 tdb-header-align" data-td-block-uid="{nav}" style=" z-index: 999;"><div id="{nav}" class="td_block_inner td-fix-index"><div class="tdb-main-sub-icon-fake"></div><ul id="menu-main-menu-1" class="tdb-block-menu tdb-menu tdb-menu-items-visible">
{chr(10).join(menu)}
</ul></div></div>
</div></div></div></div>
</div></div>
</div>
</div>"""

    def footer_template(self, tdi: _Tdi) -> str:
        s = self.s
        z, r = tdi(), tdi()
        txt = tdi()
        lines = "".join(f"<p>{esc(line)}</p>" for line in s["footer_lines"])
        return f"""<div class="td-footer-template-wrap" style="position: relative">
<div class="td-footer-wrap "><div id="{z}" class="tdc-zone"><div class="tdc_zone {z} wpb_row td-pb-row">
<div id="{r}" class="tdc-row stretch_row_1200 td-stretch-content"><div class="vc_row {r} wpb_row td-pb-row">
<div class="vc_column wpb_column vc_column_container tdc-column td-pb-span12"><div class="wpb_wrapper">
<div class="td_block_wrap tdm_block_inline_text {txt} td-pb-border-top td_block_template_1" data-td-block-uid="{txt}"><div class="tdm-descr"><p><strong>{esc(s["footer_title"])}</strong></p>{lines}</div></div>
<div class="td_block_wrap tdb_footer_copyright"><div class="tdb-block-inner td-fix-index">{esc(s["copyright"])}</div></div>
</div></div></div></div>
</div></div></div>
</div>"""

    def frame(self, head: str, body_class: str, main: str, *, active: str | None, tdi: _Tdi) -> str:
        header = self.header_template(tdi, active)
        return f"""{head}<body class="{body_class} td-standard-pack global-block-template-1 tdb-template td-animation-stack-type0 td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">
<div class="td-scroll-up" data-style="style1"><i class="td-icon-menu-up"></i></div>
<div class="td-menu-background" style="visibility:hidden"></div>
<div id="td-outer-wrap" class="td-theme-wrap">
{header}
{main}
{self.footer_template(tdi)}
</div>
<script type="text/javascript" src="{esc(self.abs("/wp-content/plugins/td-composer/legacy/Newspaper/js/tagdiv_theme.min.js"))}?ver={THEME_VERSION}" id="td-site-min-js"></script>
<script type="text/javascript" src="{esc(self.abs("/wp-content/plugins/td-cloud-library/assets/js/js_files_for_front.min.js"))}?ver=b379c96c54343541fd8742379a419361" id="tdb_js_files_for_front-js"></script>
</body>
</html>
"""

    def block(self, tdi: _Tdi, name: str, inner: str, extra_cls: str = "") -> str:
        uid = tdi()
        return (
            f'<div class="td_block_wrap {name} {uid} td-pb-border-top td_block_template_1{extra_cls}" '
            f'data-td-block-uid="{uid}">\n{inner}\n</div>'
        )

    # --- post content -------------------------------------------------------------------------
    def the_content(self, a: ReplicaArticle) -> str:
        """``the_content()``: Gutenberg paragraphs and image blocks, classic ``[caption]``
        figures on older posts, the editor's "Đọc thêm" link and the byline paragraph."""
        featured = first_image(a) if a.extra.get("featured") else None
        classic = a.extra.get("classic_captions", False)
        read_more_after = a.extra.get("read_more_after")
        out: list[str] = []
        n_p = 0
        for item in a.body:
            if "p" in item:
                align = item.get("align")
                cls = f' class="has-text-align-{align}"' if align else ""
                out.append(f"<p{cls}>{esc(item['p'])}</p>")
                n_p += 1
                if read_more_after is not None and n_p == read_more_after:
                    other = next(x for x in self.c.articles if x.id == a.extra["read_more"])
                    out.append(
                        f'<p><strong>Đọc thêm:</strong> <a href="{esc(self.abs(self.path(other)))}">'
                        f"{esc(other.title)}</a></p>"
                    )
            elif "image" in item:
                if item is featured:
                    continue
                src = esc(self.abs(item["image"]))
                cap = item.get("caption")
                if classic and cap:
                    out.append(
                        f'<figure id="attachment_{a.id}1" aria-describedby="caption-attachment-{a.id}1" '
                        'style="width: 800px" class="wp-caption aligncenter">'
                        f'<img decoding="async" class="size-full" src="{src}" alt="" width="800" height="533" />'
                        f'<figcaption id="caption-attachment-{a.id}1" class="wp-caption-text">{esc(cap)}</figcaption></figure>'
                    )
                elif cap:
                    out.append(
                        '<figure class="wp-block-image size-large">'
                        f'<img decoding="async" width="1024" height="683" src="{src}" alt="" />'
                        f'<figcaption class="wp-element-caption">{esc(cap)}</figcaption></figure>'
                    )
                else:
                    out.append(
                        '<figure class="wp-block-image size-large">'
                        f'<img decoding="async" width="1024" height="683" src="{src}" alt="" /></figure>'
                    )
        lines = byline_lines(a) if a.extra.get("byline_in_body") else []
        if lines:
            tail = "".join(f"<br>{esc(line)}" for line in lines[1:])
            out.append(
                f'<p class="has-text-align-right"><strong>{esc(lines[0])}</strong>{tail}</p>'
            )
        # the theme's "content bottom" ad slot, inside the content block
        out.append(
            '<div class="td-a-rec td-a-rec-id-content_bottom tdi_ad td_block_template_1">'
            f'<a href="{esc(self.s["ad"]["href"])}"><img src="{esc(self.abs(self.s["ad"]["src"]))}" '
            f'alt="{esc(self.s["ad"]["alt"])}" width="728" height="90"></a></div>'
        )
        return "\n".join(out)

    def comments(self, a: ReplicaArticle, tdi: _Tdi) -> str:
        rows = []
        for cid, (name, when, text) in enumerate(a.extra.get("comments", []), start=a.id * 10):
            rows.append(
                f"""<li class="comment even thread-even depth-1" id="comment-{cid}">
<article><footer><div class="comment-author vcard"><cite>{esc(name)}</cite></div>
<div class="comment-meta"><time datetime="{esc(when)}">{esc(when[8:10])}/{esc(when[5:7])}/{esc(when[:4])} lúc {esc(when[11:16])}</time></div></footer>
<div class="comment-content"><p>{esc(text)}</p></div>
<div class="comment-respond-link"><a rel="nofollow" class="comment-reply-link" href="{esc(self.abs(self.path(a)))}?replytocom={cid}#respond" data-commentid="{cid}" data-postid="{a.id}" aria-label="Trả lời {esc(name)}">Trả lời</a></div>
</article></li>"""
            )
        count = len(rows)
        listing = (
            f'<div class="td-comments-title-wrap td_block_template_1"><h4 class="td-comments-title block-title"><span>{count} BÌNH LUẬN</span></h4></div>\n'
            f'<ol class="comment-list">\n{chr(10).join(rows)}\n</ol>'
            if rows
            else ""
        )
        inner = f"""<div class="comments" id="comments">
{listing}
<div id="respond" class="comment-respond">
<h3 id="reply-title" class="comment-reply-title">Để lại một bình luận <small><a rel="nofollow" id="cancel-comment-reply-link" href="/{esc(a.slug)}/#respond" style="display:none;">Hủy trả lời</a></small></h3>
<form action="{esc(self.abs("/wp-comments-post.php"))}" method="post" id="commentform" class="comment-form">
<p class="comment-notes"><span id="email-notes">Email của bạn sẽ không được hiển thị công khai.</span> <span class="required-field-message">Các trường bắt buộc được đánh dấu <span class="required">*</span></span></p>
<div class="clearfix"></div>
<div class="comment-form-input-wrap td-form-comment"><textarea placeholder="Bình luận:" id="comment" name="comment" cols="45" rows="8" required="required"></textarea></div>
<div class="comment-form-input-wrap td-form-author"><input class="" id="author" name="author" placeholder="Tên:*" type="text" value="" size="30" /></div>
<div class="comment-form-input-wrap td-form-email"><input class="" id="email" name="email" placeholder="Email:*" type="text" value="" size="30" /></div>
<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Gửi bình luận" /></p>
</form>
</div>
</div>"""
        return self.block(tdi, "tdb_single_comments", inner)

    def next_prev(self, a: ReplicaArticle) -> str:
        """``get_previous_post()`` / ``get_next_post()``: neighbours by date, any category."""
        rows = sorted(self.c.articles, key=lambda x: (x.published or "", x.id))
        i = rows.index(a)
        prev = rows[i - 1] if i > 0 else None
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        parts = []
        if prev:
            parts.append(
                '<div class="tdb-next-post tdb-next-post-bg tdb-post-prev"><span>Bài trước</span>'
                f'<a href="{esc(self.abs(self.path(prev)))}">{esc(prev.title)}</a></div>'
            )
        if nxt:
            parts.append(
                '<div class="tdb-next-post tdb-next-post-bg tdb-post-next"><span>Bài tiếp theo</span>'
                f'<a href="{esc(self.abs(self.path(nxt)))}">{esc(nxt.title)}</a></div>'
            )
        return '<div class="tdb-block-inner td-fix-index">' + "".join(parts) + "</div>"

    def module(self, r: ReplicaArticle, cls: str) -> str:
        """A tagDiv module: image, title link, date (``td-post-date > time``)."""
        img = first_image(r)
        thumb = (
            f'<div class="td-image-container"><div class="td-module-thumb"><a href="{esc(self.abs(self.path(r)))}" rel="bookmark" class="td-image-wrap " title="{esc(r.title)}">'
            f'<span class="entry-thumb td-thumb-css" data-type="css_image" data-img-url="{esc(self.abs(img["image"]))}"></span></a></div></div>'
            if img
            else ""
        )
        when = self.pub(r)
        return f"""<div class="{cls} td_module_wrap td-animation-stack td-cpt-post">
<div class="td-module-container td-category-pos-">
{thumb}
<div class="td-module-meta-info">
<h3 class="entry-title td-module-title"><a href="{esc(self.abs(self.path(r)))}" rel="bookmark" title="{esc(r.title)}">{esc(r.title)}</a></h3>
<div class="td-editor-date"><span class="td-author-date"><span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{iso_local(when)}">{date_text(when)}</time></span></span></div>
</div>
</div>
</div>"""

    def related(self, a: ReplicaArticle, tdi: _Tdi) -> str:
        same = [r for r in self.c.in_section(a.section) if r is not a][:3]
        uid = tdi()
        mods = "\n".join(self.module(r, "tdb_module_related") for r in same)
        return f"""<div class="td_block_wrap tdb_single_related {uid} td_with_ajax_pagination td-pb-border-top td_block_template_1 tdb-single-related-posts" data-td-block-uid="{uid}">
<div class="td-block-title-wrap"><h4 class="td-block-title"><span>Bài viết liên quan</span></h4></div>
<div id="{uid}" class="td_block_inner tdb-block-inner td-fix-index">
{mods}
</div>
<div class="td-next-prev-wrap"><a href="#" class="td-ajax-prev-page ajax-page-disabled" aria-label="prev-page" id="prev-page-{uid}"><i class="td-next-prev-icon td-icon-font td-icon-menu-left"></i></a><a href="#" class="td-ajax-next-page" aria-label="next-page" id="next-page-{uid}"><i class="td-next-prev-icon td-icon-font td-icon-menu-right"></i></a></div>
</div>"""

    def sidebar(self, tdi: _Tdi) -> str:
        mods = "\n".join(
            self.module(r, "td_module_flex td_module_flex_1") for r in newest_first(self.c)[:4]
        )
        docs = "".join(
            f'<li><a href="{esc(d["href"])}">{esc(d["title"])}</a></li>'
            for d in self.s["documents"]
        )
        banners = "".join(
            f'<div class="tdm_block td_block_wrap tdm_block_single_image"><a href="{esc(b["href"])}" target="_blank"><img src="{esc(self.abs(b["src"]))}" alt="{esc(b["alt"])}"></a></div>'
            for b in self.s["banners"]
        )
        latest = self.block(
            tdi,
            "td_flex_block_1 td_flex_block",
            f'<div class="td-block-title-wrap"><h4 class="td-block-title"><span>Tin mới</span></h4></div>\n<div class="td_block_inner td-mc1-wrap">\n{mods}\n</div>',
        )
        documents = self.block(
            tdi,
            "td_block_list_menu",
            f'<div class="td-block-title-wrap"><h4 class="td-block-title"><span>Văn bản mới</span></h4></div><div class="td_block_inner td-fix-index"><ul class="menu">{docs}</ul></div>',
        )
        return f'<div class="vc_column tdi_sidebar wpb_column vc_column_container tdc-column td-pb-span4"><div class="wpb_wrapper">\n{latest}\n{documents}\n{banners}\n</div></div>'

    def detail(self, a: ReplicaArticle) -> Page:
        tdi = _Tdi()
        sec = self.sections[a.section]
        pub, mod = self.pub(a), self.mod(a)
        login, display = self.user_of(a)
        url = self.abs(self.path(a))
        featured = first_image(a) if a.extra.get("featured") else None
        ld = {
            "@context": "https://schema.org",
            "@type": "Article",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": a.title,
            "datePublished": iso_local(pub),
            "dateModified": iso_local(mod),
            "author": {"@type": "Person", "name": display},
            "publisher": {"@type": "Organization", "name": self.s["site_name"]},
        }
        if featured:
            ld["image"] = {"@type": "ImageObject", "url": self.abs(featured["image"])}
        extra_head = (
            f'<link rel="alternate" type="application/rss+xml" title="{esc(self.s["site_name"])} &raquo; {esc(a.title)} Dòng phản hồi" href="{esc(url)}feed/" />\n'
            f'<link rel="canonical" href="{esc(url)}" />\n'
            f"<link rel='shortlink' href='{esc(self.abs(f'/?p={a.id}'))}' />\n"
            f'<link rel="alternate" title="oEmbed (JSON)" type="application/json+oembed" href="{esc(self.abs("/wp-json/oembed/1.0/embed"))}?url={esc(url)}" />\n'
            f'<meta property="og:title" content="{esc(a.title)}" />\n'
            f'<meta property="og:url" content="{esc(url)}" />\n'
            f'<meta property="og:type" content="article" />\n'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>\n'
        )
        head = self.head(f"{a.title} - {self.s['site_name']}", url, extra_head)
        crumbs = self.block(
            tdi,
            "tdb_breadcrumbs",
            f'<div class="tdb-block-inner td-fix-index"><span><a title="" class="tdb-entry-crumb" href="{esc(self.base)}">Trang chủ</a></span> <i class="tdc-font-tdmp tdc-font-tdmp-arrow-right tdb-bread-sep"></i> <span><a title="Xem tất cả bài viết trong {esc(sec.name)}" class="tdb-entry-crumb" href="{esc(self.abs(listing_path(sec, 1)))}">{esc(sec.name)}</a></span></div>',
            " tdb-breadcrumbs",
        )
        cats = self.block(
            tdi,
            "tdb_single_categories",
            f'<div class="tdb-category td-fix-index"><a class="tdb-entry-category" href="{esc(self.abs(listing_path(sec, 1)))}"><span class="tdb-cat-bg"></span>{esc(sec.name)}</a></div>',
        )
        title = self.block(
            tdi,
            "tdb_title",
            f'<div class="tdb-block-inner td-fix-index"><h1 class="tdb-title-text">{esc(a.title)}</h1><div></div><div class="tdb-title-line"></div></div>',
            " tdb-single-title",
        )
        sub = ""
        if a.lead:
            sub = self.block(
                tdi,
                "tdb_single_subtitle",
                f'<div class="tdb-block-inner td-fix-index"><p>{esc(a.lead)}</p></div>',
            )
        author = self.block(
            tdi,
            "tdb_single_author",
            f'<div class="tdb-block-inner td-fix-index"><a class="tdb-author-photo" href="{esc(self.abs(f"/author/{login}/"))}" title="{esc(display)}"><img alt="{esc(display)}" src="{esc(self.abs("/wp-content/uploads/avatar-default.png"))}" class="avatar avatar-96 photo" height="96" width="96"></a><div class="tdb-author-name-wrap"><span class="tdb-author-by">Bởi</span> <a class="tdb-author-name" href="{esc(self.abs(f"/author/{login}/"))}">{esc(display)}</a></div></div>',
            " tdb-post-meta",
        )
        date = self.block(
            tdi,
            "tdb_single_date",
            f'<div class="tdb-block-inner td-fix-index"><time class="entry-date updated td-module-date" datetime="{iso_local(pub)}">{date_text(pub)}</time></div>',
            " tdb-post-meta",
        )
        views = self.block(
            tdi,
            "tdb_single_post_views",
            f'<div class="tdb-block-inner td-fix-index"><i class="tdb-views-icon td-icon-views"></i><span class="td-nr-views-{a.id}">{a.views}</span></div>',
            " tdb-post-meta",
        )
        feat = ""
        if featured:
            cap = (
                f'<figcaption class="tdb-caption-text">{esc(featured["caption"])}</figcaption>'
                if featured.get("caption")
                else ""
            )
            feat = self.block(
                tdi,
                "tdb_single_featured_image",
                f'<div class="tdb-block-inner td-fix-index"><figure><img class="entry-thumb" src="{esc(self.abs(featured["image"]))}" alt="" title="{esc(a.title)}" width="1068" height="712" />{cap}</figure></div>',
                " tdb-content-horiz-center",
            )
        share_links = "".join(
            f'<a class="td-social-sharing-button td-social-sharing-button-js td-social-network td-social-{net}" href="{href}" title="{label}"><div class="td-social-but-icon"><i class="td-icon-{net}"></i></div><div class="td-social-but-text">{label}</div></a>'
            for net, href, label in (
                ("facebook", f"https://www.facebook.com/sharer.php?u={url}", "Facebook"),
                ("twitter", f"https://twitter.com/intent/tweet?text={a.slug}&url={url}", "Twitter"),
                ("zalo", f"https://zalo.me/share?url={url}", "Zalo"),
                ("print", "#", "Print"),
            )
        )
        share = self.block(
            tdi,
            "tdb_single_post_share",
            f'<div id="tdi_share" class="td-post-sharing tdb-block td-ps-bg td-ps-notext td-post-sharing-style1"><div class="td-post-sharing-visible"><div class="td-social-sharing-button td-social-sharing-button-js td-social-handler td-social-share-text"><div class="td-social-but-icon"><i class="td-icon-share"></i></div><div class="td-social-but-text">Chia sẻ</div></div>{share_links}</div></div>',
        )
        content = self.block(
            tdi,
            "tdb_single_content",
            f'<div class="tdb-block-inner td-fix-index">{self.the_content(a)}</div>',
            " td-post-content tagdiv-type",
        )
        tags = ""
        if a.tags:
            links = "".join(
                f'<li><a href="{esc(self.abs("/tag/" + t["slug"] + "/"))}">{esc(t["name"])}</a></li>'
                for t in self.tag_objs(a)
            )
            tags = self.block(
                tdi,
                "tdb_single_tags",
                f'<div class="tdb-block-inner td-fix-index"><ul class="tdb-tags"><li><span>TAGS</span></li>{links}</ul></div>',
            )
        nav = self.block(tdi, "tdb_single_next_prev", self.next_prev(a))
        main_col = "\n".join(
            x
            for x in (
                crumbs,
                cats,
                title,
                sub,
                author,
                date,
                views,
                feat,
                share,
                content,
                tags,
                nav,
                self.related(a, tdi),
                self.comments(a, tdi),
            )
            if x
        )
        zone, row = tdi(), tdi()
        main = f"""<div id="tdb-autoload-article" data-autoload="off" data-autoload-org-post-id="{a.id}" data-autoload-type="">
<div class="td-main-content-wrap td-container-wrap">
<div class="tdc-content-wrap">
<article id="template-id-{SINGLE_TEMPLATE}" class="post-{SINGLE_TEMPLATE} tdb_templates type-tdb_templates status-publish post" itemscope itemtype="https://schema.org/Article">
<div id="{zone}" class="tdc-zone"><div class="tdc_zone {zone} wpb_row td-pb-row">
<div id="{row}" class="tdc-row"><div class="vc_row {row} wpb_row td-pb-row">
<div class="vc_column tdi_main wpb_column vc_column_container tdc-column td-pb-span8"><div class="wpb_wrapper">
{main_col}
</div></div>
{self.sidebar(tdi)}
</div></div>
</div></div>
</article>
</div>
</div>
</div>"""
        body_class = (
            f"post-template-default single single-post postid-{a.id} single-format-standard "
            f"tdb_template_{SINGLE_TEMPLATE}"
        )
        return html_page(self.frame(head, body_class, main, active=a.section, tdi=tdi))

    def tag_objs(self, a: ReplicaArticle) -> list[dict[str, str]]:
        """Tags with WordPress slugs (``sanitize_title``: ASCII, lower case)."""
        return [{"name": t, "slug": alias_keep_case(t).lower()} for t in a.tags]

    def comments_feed(self, a: ReplicaArticle) -> Page:
        url = self.abs(self.path(a))
        items = "".join(
            f"<item><title>Bởi: {esc(name)}</title><link>{esc(url)}#comment-{cid}</link>"
            f"<pubDate>{rfc822_utc(datetime.fromisoformat(when[:16]))}</pubDate>"
            f"<description><![CDATA[{text}]]></description></item>\n"
            for cid, (name, when, text) in enumerate(a.extra.get("comments", []), start=a.id * 10)
        )
        return xml_page(
            f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>Bình luận về: {esc(a.title)}</title>
<atom:link href="{esc(url)}feed/" rel="self" type="application/rss+xml" />
<link>{esc(url)}</link>
<description>{esc(self.s["tagline"])}</description>
<generator>https://wordpress.org/?v={WP_VERSION}</generator>
{items}</channel>
</rss>
""",
            RSS_TYPE,
        )

    # --- archives -----------------------------------------------------------------------------
    def page_nav(self, section: ReplicaSection, page: int, pages: int) -> str:
        """tagDiv ``td_page_generator``: current in ``span.current``, then links, "Trang X của Y"."""
        if pages <= 1:
            return ""
        parts = []
        if page > 1:
            parts.append(
                f'<a href="{esc(self.abs(listing_path(section, page - 1)))}" aria-label="prev-page"><i class="page-nav-icon td-icon-menu-left"></i></a>'
            )
        for n in range(1, pages + 1):
            if n == page:
                parts.append(f'<span class="current">{n}</span>')
            else:
                cls = "last" if n == pages else "page"
                parts.append(
                    f'<a href="{esc(self.abs(listing_path(section, n)))}" class="{cls}" title="{n}">{n}</a>'
                )
        if page < pages:
            parts.append(
                f'<a href="{esc(self.abs(listing_path(section, page + 1)))}" aria-label="next-page"><i class="page-nav-icon td-icon-menu-right"></i></a>'
            )
        parts.append(f'<span class="pages">Trang {page} của {pages}</span>')
        return (
            '<div class="page-nav td-pb-padding-side">'
            + "".join(parts)
            + '<div class="clearfix"></div></div>'
        )

    def listing(self, section: ReplicaSection, cat_id: int) -> dict[str, Page]:
        paged = chunks(self.c.in_section(section.key), section.per_page)
        out: dict[str, Page] = {}
        for page, chunk in enumerate(paged, start=1):
            tdi = _Tdi()
            path = listing_path(section, page)
            url = self.abs(path)
            head = self.head(
                f"{section.name} Archives - {self.s['site_name']}"
                + (f" - Trang {page}" if page > 1 else ""),
                url,
                f'<link rel="canonical" href="{esc(url)}" />\n'
                f'<link rel="alternate" type="application/rss+xml" title="{esc(self.s["site_name"])} &raquo; {esc(section.name)} Dòng chuyên mục" href="{esc(self.abs(f"/category/{section.key}/feed/"))}" />\n',
            )
            mods = "\n".join(self.module(a, "tdb_module_loop") for a in chunk)
            title = self.block(
                tdi,
                "tdb_title",
                f'<div class="tdb-block-inner td-fix-index"><h1 class="tdb-title-text">{esc(section.name)}</h1></div>',
                " tdb-category-title",
            )
            loop_uid = tdi()
            loop = f"""<div class="td_block_wrap tdb_loop {loop_uid} tdb-numbered-pagination td_block_template_1 tdb-category-loop-posts" data-td-block-uid="{loop_uid}">
<div id="{loop_uid}" class="td_block_inner tdb-block-inner td-fix-index">
{mods}
</div>
{self.page_nav(section, page, len(paged))}
</div>"""
            zone = tdi()
            main = f"""<div class="td-main-content-wrap td-container-wrap">
<div class="tdc-content-wrap">
<div id="{zone}" class="tdc-zone"><div class="tdc_zone {zone} wpb_row td-pb-row">
<div class="tdc-row"><div class="vc_row wpb_row td-pb-row">
<div class="vc_column wpb_column vc_column_container tdc-column td-pb-span8"><div class="wpb_wrapper">
{title}
{loop}
</div></div>
{self.sidebar(tdi)}
</div></div>
</div></div>
</div>
</div>"""
            body_class = (
                f"archive category category-{section.key} category-{cat_id} "
                f"tdb_template_{CATEGORY_TEMPLATE}"
            )
            out[path] = html_page(self.frame(head, body_class, main, active=section.key, tdi=tdi))
        return out

    def home(self) -> Page:
        tdi = _Tdi()
        blocks = []
        for sec in self.c.sections:
            mods = "\n".join(
                self.module(a, "td_module_flex td_module_flex_4")
                for a in self.c.in_section(sec.key)[:4]
            )
            blocks.append(
                self.block(
                    tdi,
                    "td_flex_block_4 td_flex_block",
                    f'<div class="td-block-title-wrap"><h4 class="td-block-title"><a href="{esc(self.abs(listing_path(sec, 1)))}" class="td-pulldown-size">{esc(sec.name)}</a></h4></div>\n<div class="td_block_inner td-mc1-wrap">\n{mods}\n</div>',
                )
            )
        zone = tdi()
        main = f"""<div class="td-main-content-wrap td-container-wrap"><div class="tdc-content-wrap">
<div id="{zone}" class="tdc-zone"><div class="tdc_zone {zone} wpb_row td-pb-row"><div class="tdc-row"><div class="vc_row wpb_row td-pb-row">
<div class="vc_column wpb_column vc_column_container tdc-column td-pb-span8"><div class="wpb_wrapper">
{chr(10).join(blocks)}
</div></div>
{self.sidebar(tdi)}
</div></div></div></div>
</div></div>"""
        head = self.head(
            f"{self.s['site_name']} - {self.s['tagline']}",
            self.base,
            f'<link rel="canonical" href="{esc(self.base)}" />\n',
        )
        return html_page(
            self.frame(
                head,
                "home page-template-default page tdb_template_home",
                main,
                active=None,
                tdi=tdi,
            )
        )

    # --- feeds, sitemaps, robots --------------------------------------------------------------
    def feed(self, section: ReplicaSection | None) -> Page:
        rows = self.c.in_section(section.key) if section else newest_first(self.c)
        rows = rows[:10]  # posts_per_rss
        title = self.s["site_name"] + (f" - {section.name}" if section else "")
        link = self.abs(listing_path(section, 1)) if section else self.base
        self_url = self.abs(f"/category/{section.key}/feed/" if section else "/feed/")
        items = []
        for a in rows:
            url = self.abs(self.path(a))
            _, display = self.user_of(a)
            cat = self.sections[a.section].name
            items.append(
                f"""<item>
<title>{esc(a.title)}</title>
<link>{esc(url)}</link>
<comments>{esc(url)}#respond</comments>
<dc:creator><![CDATA[{display}]]></dc:creator>
<pubDate>{rfc822_utc(self.pub(a))}</pubDate>
<category><![CDATA[{cat}]]></category>
<guid isPermaLink="false">{esc(self.abs(f"/?p={a.id}"))}</guid>
<description><![CDATA[{excerpt(a, 55)} [&#8230;]]]></description>
</item>"""
            )
        newest = self.mod(rows[0]) if rows else datetime(2025, 1, 1)
        body = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:atom="http://www.w3.org/2005/Atom"
\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"
\t>
<channel>
<title>{esc(title)}</title>
<atom:link href="{esc(self_url)}" rel="self" type="application/rss+xml" />
<link>{esc(link)}</link>
<description>{esc(self.s["tagline"])}</description>
<lastBuildDate>{rfc822_utc(newest)}</lastBuildDate>
<language>vi</language>
<sy:updatePeriod>hourly</sy:updatePeriod>
<sy:updateFrequency>1</sy:updateFrequency>
<generator>https://wordpress.org/?v={WP_VERSION}</generator>
{chr(10).join(items)}
</channel>
</rss>
"""
        return xml_page(body, RSS_TYPE)

    def sitemaps(self) -> dict[str, Page]:
        style = self.abs("/wp-sitemap-index.xsl")
        index = sitemap_index(
            [
                self.abs("/wp-sitemap-posts-post-1.xml"),
                self.abs("/wp-sitemap-taxonomies-category-1.xml"),
                self.abs("/wp-sitemap-users-1.xml"),
            ],
            stylesheet=style,
        )
        posts = urlset(
            (self.abs(self.path(a)), iso_local(self.mod(a)), None, None)
            for a in newest_first(self.c)
        )
        cats = urlset((self.abs(listing_path(s, 1)), None, None, None) for s in self.c.sections)
        users = urlset((self.abs(f"/author/{login}/"), None, None, None) for login in self.users)
        return {
            "/wp-sitemap.xml": xml_page(index, XML_TYPE),
            "/wp-sitemap-posts-post-1.xml": xml_page(posts, XML_TYPE),
            "/wp-sitemap-taxonomies-category-1.xml": xml_page(cats, XML_TYPE),
            "/wp-sitemap-users-1.xml": xml_page(users, XML_TYPE),
        }

    def robots(self) -> Page:
        """The virtual robots.txt of WordPress ≥ 5.5 (``do_robots`` + the core sitemap line)."""
        return text_page(
            "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
            f"Sitemap: {self.abs('/wp-sitemap.xml')}\n"
        )

    def render(self) -> dict[str, Page]:
        pages: dict[str, Page] = {"/": self.home(), "/robots.txt": self.robots()}
        for n, sec in enumerate(self.c.sections, start=2):
            pages.update(self.listing(sec, n))
            pages[f"/category/{sec.key}/feed/"] = self.feed(sec)
        pages["/feed/"] = self.feed(None)
        pages.update(self.sitemaps())
        for a in self.c.articles:
            path = self.path(a)
            page = self.detail(a)
            pages[path] = page
            pages[f"{path}feed/"] = self.comments_feed(a)
            pages[f"/?p={a.id}"] = redirect_page(self.abs(path), 301)
            for cid in range(a.id * 10, a.id * 10 + len(a.extra.get("comments", []))):
                pages[f"{path}?replytocom={cid}"] = page
        return pages


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of a WordPress + Newspaper (tdb) replica site, keyed by path."""
    return _Site(content, base_url).render()
