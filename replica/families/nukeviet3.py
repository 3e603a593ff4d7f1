# ruff: noqa: E501 - page templates: markup lines are kept whole, as the CMS prints them
"""Replica renderer: a NukeViet 3.4 site (default theme), the ``news`` module under ``/news/``.

What the pages reproduce (docs/evidence.md §2.1, last paragraph; the 3.x theme files):

- every page: ``<meta name="generator" content="NukeViet v3.4">``, XHTML 1.0 doctype, the 3.x
  asset paths ``/js/global.js``, ``/js/language/vi.js``, ``/js/shadowbox/`` (no ``/assets/``
  prefix, which came with 4.x), the inline globals ``nv_siteroot`` / ``nv_cookie_prefix =
  'nv3c_…'``, ``/themes/default/css/…``, images under ``/uploads/news/YYYY_MM/``; a left and a
  right column of global blocks (menu, "Thăm dò ý kiến", "Liên kết website", the counter), the
  footer with the licence / contact lines;
- articles at ``/news/<Cat-Alias>/<Alias>-<id>/`` (3.x kept the case of category aliases and
  ended URLs with ``/``: ``rewrite_endurl``), in ``div.news_column > div#news_detail``: ``h1``,
  ``span.time`` with ``l - d/m/Y  H:i`` (two spaces), the sendmail / print / savefile toolbar,
  ``div#hometext`` (home image ``#imghome`` with its note, then the sapo in ``h2``),
  ``div.bodytext``, "Tác giả:" / "Nguồn tin:", then keywords, the ``#stringrating`` form,
  ``ul.related`` lists with ``span.date`` "(d/m/Y)", and ``div#idcomment`` with its form;
- bodies as CKEditor 3 saved them: justified paragraphs, images in centred paragraphs with the
  caption as the next, italic centred paragraph, the byline as the last right-aligned paragraph;
- listings ``/news/<Cat>/`` then ``/news/<Cat>/page-3/``, ``/page-6/`` … (3.x pages by row
  offset) with the ``div.generate_page`` pager;
- RSS 2.0 at ``/news/rss/`` and ``/news/rss/<Cat>/`` (pubDate printed with the
  ``gmdate('D, j M Y H:m:s')`` pattern 4.x inherited, so only its day is right);
- ``/Sitemap.xml`` (index) → ``/Sitemap-vi.news.xml``; ``robots.txt`` naming it;
- the print, savefile and sendmail copies of every article, which the crawler must skip.
"""

from __future__ import annotations

from datetime import datetime

from replica.families._common import (
    RSS_TYPE,
    WEEKDAYS_VI_LOWER,
    XML_TYPE,
    SiteRenderer,
    ascii_fold,
    byline_lines,
    chunks,
    esc,
    excerpt,
    first_image,
    html_page,
    newest_first,
    nukeviet_rss_pubdate,
    robots_page,
    sitemap_index,
    urlset,
    xml_page,
)
from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page

GENERATOR = "NukeViet v3.4"
# robots.txt as NukeViet 3 ships it.
ROBOTS_DISALLOW = (
    "/cache/", "/data/", "/files/", "/includes/", "/install/", "/js/", "/language/", "/logs/",
    "/modules/", "/themes/", "/tmp/", "/uploads/", "/admin/",
)  # fmt: skip
MODULE = "news"
RELATED_LIMIT = 5


# --- dates, the way NukeViet 3 prints them (RSS pubDate: ``nukeviet_rss_pubdate``) ----------
def date_line(dt: datetime) -> str:
    """``nv_date('l - d/m/Y  H:i')`` of 3.x: weekday, date, two spaces, time."""
    return f"{WEEKDAYS_VI_LOWER[dt.weekday()]} - {dt:%d/%m/%Y}  {dt:%H:%M}"


# --- URLs ------------------------------------------------------------------------------------
def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    """``/news/<Cat-Alias>/<Alias>-<id>/``: rewrite on, module segment kept, no language."""
    return f"/{MODULE}/{article.section}/{article.slug}-{article.id}/"


def dup_path(kind: str, article: ReplicaArticle) -> str:
    """``/news/print/…``, ``/news/savefile/…``, ``/news/sendmail/…`` (detail.php builds all)."""
    return f"/{MODULE}/{kind}/{article.section}/{article.slug}-{article.id}/"


def listing_path(section: ReplicaSection, page: int) -> str:
    """Page 1 is the category; later pages carry the row offset (``page-3`` = rows 4…6)."""
    base = f"/{MODULE}/{section.key}/"
    return base if page == 1 else f"{base}page-{(page - 1) * section.per_page}/"


def tag_path(keyword: str) -> str:
    """3.x keyword links: ASCII alias under the module's ``tag`` function."""
    return f"/{MODULE}/tag/{'-'.join(ascii_fold(keyword).lower().split())}/"


# --- the renderer ----------------------------------------------------------------------------
class _Site(SiteRenderer):
    def __init__(self, content: ReplicaSite, base_url: str) -> None:
        super().__init__(content, base_url)
        self.theme = self.s.get("theme", "default")

    def path(self, a: ReplicaArticle) -> str:
        return article_path(self.c, a)

    # --- page frame ---------------------------------------------------------------------------
    def head(self, title: str, description: str, keywords: str = "") -> str:
        s = self.s
        t = self.theme
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi" lang="vi">
<head>
<title>{esc(title)}</title>
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<meta http-equiv="content-language" content="vi" />
<meta name="description" content="{esc(description)}" />
<meta name="keywords" content="{esc(keywords or s["keywords"])}" />
<meta name="author" content="{esc(s["org_name"])} [{esc(s["email"])}]" />
<meta name="copyright" content="{esc(s["org_name"])} [{esc(s["email"])}]" />
<meta name="robots" content="index, archive, follow, noodp" />
<meta name="googlebot" content="index,archive,follow,noodp" />
<meta name="msnbot" content="all,index,follow" />
<meta name="generator" content="{GENERATOR}" />
<link rel="shortcut icon" href="/favicon.ico" type="image/vnd.microsoft.icon" />
<link rel="alternate" href="/{MODULE}/rss/" title="{esc(s["module_title"])}" type="application/rss+xml" />
<link rel="stylesheet" type="text/css" media="all" href="/themes/{t}/css/reset.css" />
<link rel="stylesheet" type="text/css" media="all" href="/themes/{t}/css/template.css" />
<link rel="stylesheet" type="text/css" media="all" href="/themes/{t}/css/icons.css" />
<link rel="stylesheet" type="text/css" media="all" href="/themes/{t}/css/{MODULE}.css" />
<link rel="stylesheet" type="text/css" media="all" href="/js/shadowbox/shadowbox.css" />
<script type="text/javascript">
//<![CDATA[
var nv_siteroot = '/';
var nv_sitelang = 'vi';
var nv_name_variable = 'nv';
var nv_fc_variable = 'op';
var nv_lang_variable = 'language';
var nv_module_name = '{MODULE}';
var nv_my_ofs = 7;
var nv_my_abbr = 'ICT';
var nv_cookie_prefix = '{esc(s["cookie_prefix"])}';
var nv_area_admin = 0;
//]]>
</script>
<script type="text/javascript" src="/js/jquery/jquery.min.js"></script>
<script type="text/javascript" src="/js/language/vi.js"></script>
<script type="text/javascript" src="/js/global.js"></script>
<script type="text/javascript" src="/modules/{MODULE}/js/user.js"></script>
<script type="text/javascript" src="/js/shadowbox/shadowbox.js"></script>
<script type="text/javascript">Shadowbox.init();</script>
</head>
"""

    def bare_scripts(self) -> str:
        """What ``nv_html_site_js()`` puts in the head of the bare print/sendmail pages too."""
        return f"""<script type="text/javascript">
//<![CDATA[
var nv_siteroot = '/';
var nv_sitelang = 'vi';
var nv_cookie_prefix = '{esc(self.s["cookie_prefix"])}';
//]]>
</script>
<script type="text/javascript" src="/js/jquery/jquery.min.js"></script>
<script type="text/javascript" src="/js/global.js"></script>"""

    def menu(self, active: str | None) -> str:
        items = ['<li><a href="/" title="Trang chủ"><span>Trang chủ</span></a></li>']
        for sec in self.c.sections:
            cls = ' class="current"' if sec.key == active else ""
            items.append(
                f'<li{cls}><a href="/{MODULE}/{sec.key}/" title="{esc(sec.name)}">'
                f"<span>{esc(sec.name)}</span></a></li>"
            )
        for label, href in self.s["menu_extra"]:
            items.append(
                f'<li><a href="{esc(href)}" title="{esc(label)}"><span>{esc(label)}</span></a></li>'
            )
        return "\n".join(items)

    def box(self, title: str, inner: str, cls: str = "") -> str:
        """A 3.x global block container (``themes/default/layout/block.default.tpl``)."""
        return f"""<div class="box silver{(" " + cls) if cls else ""}">
<h3 class="header"><span>{esc(title)}</span></h3>
<div class="content">
{inner}
</div>
</div>"""

    def left_column(self) -> str:
        s = self.s
        cats = "\n".join(
            f'<li><a href="/{MODULE}/{sec.key}/" title="{esc(sec.name)}">{esc(sec.name)}</a></li>'
            for sec in self.c.sections
        )
        docs = "\n".join(
            f'<li><a href="{esc(d["href"])}" title="{esc(d["title"])}">{esc(d["title"])}</a></li>'
            for d in s["documents"]
        )
        links = "\n".join(
            f'<option value="{esc(href)}">{esc(label)}</option>' for label, href in s["weblinks"]
        )
        return "\n".join(
            [
                self.box("Chuyên mục", f'<ul class="block_cat">\n{cats}\n</ul>'),
                self.box("Văn bản mới", f'<ul class="list_doc">\n{docs}\n</ul>'),
                self.box(
                    "Liên kết website",
                    '<select name="weblink" onchange="if(this.value!=\'\')window.open(this.value);">'
                    f'<option value="">-- Liên kết website --</option>\n{links}\n</select>',
                ),
            ]
        )

    def right_column(self) -> str:
        s = self.s
        poll = s["poll"]
        options = "\n".join(
            f'<p><input type="radio" name="option" id="opt{i}" value="{i}" /> '
            f'<label for="opt{i}">{esc(o)}</label></p>'
            for i, o in enumerate(poll["options"], start=1)
        )
        voting = f"""<form action="/voting/" method="post">
<p class="question"><strong>{esc(poll["question"])}</strong></p>
{options}
<p class="aright"><input type="button" class="button" value="Biểu quyết" onclick="nv_sendvoting(this.form, '{poll["id"]}', 1, '', '');" /> <input type="button" class="button" value="Kết quả" onclick="nv_sendvoting(this.form, '{poll["id"]}', 0, '', '');" /></p>
</form>"""
        counter = "\n".join(
            f'<li><span class="label">{esc(label)}</span>: <span class="num">{esc(num)}</span></li>'
            for label, num in s["counter"]
        )
        banners = "\n".join(
            f'<p class="banner"><a href="{esc(b["href"])}" onclick="this.target=\'_blank\'">'
            f'<img src="{esc(b["src"])}" alt="{esc(b["alt"])}" width="200" /></a></p>'
            for b in s["banners"]
        )
        latest = "\n".join(
            f'<li><a href="{self.path(a)}" title="{esc(a.title)}">{esc(a.title)}</a></li>'
            for a in newest_first(self.c)[:5]
        )
        return "\n".join(
            [
                self.box("Tin mới", f'<ul class="block_news">\n{latest}\n</ul>'),
                self.box("Thăm dò ý kiến", voting),
                banners,
                self.box("Thống kê truy cập", f'<ul class="counter">\n{counter}\n</ul>'),
            ]
        )

    def breadcrumbs(self, trail: list[tuple[str, str]]) -> str:
        links = ['<a href="/" title="Trang chủ">Trang chủ</a>']
        links += [
            f'<a href="{esc(href)}" title="{esc(name)}">{esc(name)}</a>' for name, href in trail
        ]
        return '<div class="breadcrumbs">' + " &raquo; ".join(links) + "</div>"

    def frame(
        self, head: str, main: str, *, active: str | None, trail: list[tuple[str, str]]
    ) -> str:
        s = self.s
        footer = "\n".join(f"<p>{esc(line)}</p>" for line in s["footer_lines"])
        return f"""{head}<body>
<div id="container">
<div id="header">
<div id="logo"><a href="/" title="{esc(s["site_name"])}"><img src="{esc(s["logo"])}" alt="{esc(s["site_name"])}" /></a></div>
<div id="banner"><img src="{esc(s["banner_top"])}" alt="{esc(s["org_name"])}" width="760" height="120" /></div>
<div id="today">{esc(s["today"])}</div>
</div>
<div id="topmenu">
<ul id="menu">
{self.menu(active)}
</ul>
<div id="search"><form action="/index.php" method="get"><input type="hidden" name="language" value="vi" /><input type="hidden" name="nv" value="search" /><input type="text" name="q" class="txt" value="" maxlength="60" /> <input type="submit" class="button" value="Tìm kiếm" /></form></div>
</div>
{self.breadcrumbs(trail)}
<div id="body" class="clearfix">
<div id="col-left" class="fl">
{self.left_column()}
</div>
<div id="col-content" class="fl">
{main}
</div>
<div id="col-right" class="fr">
{self.right_column()}
</div>
</div>
<div id="footer" class="clearfix">
<div class="copyright">
<p><strong>{esc(s["footer_title"])}</strong></p>
{footer}
</div>
<div class="powered fr">Powered by <a href="http://nukeviet.vn/" rel="nofollow">NukeViet</a> 3.4</div>
</div>
</div>
<div id="run_cronjobs" style="visibility:hidden;display:none;"><img alt="" title="" src="/index.php?second=cronjobs&amp;p=Tn3kzUaQ" width="1" height="1" /></div>
</body>
</html>
"""

    # --- article bodies -----------------------------------------------------------------------
    def bodytext(self, a: ReplicaArticle) -> str:
        """CKEditor 3 output: justified ``p``; photo paragraph then an italic caption paragraph;
        the byline as the last right-aligned paragraph(s) unless the author field is used."""
        home = first_image(a) if a.extra.get("homeimg") else None
        out: list[str] = []
        for item in a.body:
            if "p" in item:
                align = item.get("align", "justify")
                out.append(f'<p style="text-align: {align};">{esc(item["p"])}</p>')
            elif "image" in item:
                if item is home:
                    continue
                alt = esc(item.get("caption") or a.title)
                out.append(
                    f'<p style="text-align: center;"><img alt="{alt}" src="{esc(item["image"])}" '
                    'style="width: 500px; height: 333px;" /></p>'
                )
                if item.get("caption"):
                    out.append(
                        f'<p style="text-align: center;"><em>{esc(item["caption"])}</em></p>'
                    )
        lines = byline_lines(a)
        if lines and a.extra.get("byline_place", "body") == "body":
            first, *rest = lines
            tail = "".join(f"<br />\n{esc(line)}" for line in rest)
            out.append(f'<p style="text-align: right;"><strong>{esc(first)}</strong>{tail}</p>')
        return "\n".join(out)

    def hometext(self, a: ReplicaArticle) -> str:
        """``div#hometext``: the sapo as bare text (3.x prints ``{DETAIL.hometext}`` unwrapped).

        The home image goes *under* it here (``imgfull``: the article's image position is
        "large"): a bare ``div`` with the image and the note in ``p > em``. The other position
        (``imgthumb``) floats ``div#imghome`` inside ``#hometext``, before the text."""
        home = first_image(a) if a.extra.get("homeimg") else None
        text = a.lead or (a.title if a.extra.get("hometext_is_title") else "")
        out = f'<div id="hometext">{esc(text)}</div>'
        if home is not None:
            out += f"""
<div style="width:500px;margin:10px auto;">
<img alt="{esc(home.get("caption") or a.title)}" src="{esc(home["image"])}" width="500"/>
<p style="text-align: center;">
<em>{esc(home.get("caption") or "")}</em>
</p>
</div>"""
        return out

    def author_block(self, a: ReplicaArticle) -> str:
        """``detail.tpl``: one right-aligned ``p`` per field, "Tác giả:" then "Nguồn tin:"."""
        parts = []
        if a.extra.get("byline_place") == "author_field" and byline_lines(a):
            parts.append(
                '<p style="text-align: right;">\n<strong>Tác giả: </strong>'
                f"{esc(' '.join(byline_lines(a)))}\n</p>"
            )
        if a.extra.get("source"):
            parts.append(
                '<p style="text-align: right;">\n<strong>Nguồn tin: </strong>'
                f"{esc(a.extra['source'])}\n</p>"
            )
        parts.append(f'<p class="copyright">{esc(self.s["copyright"])}</p>')
        return "\n".join(parts)

    def related(self, a: ReplicaArticle) -> str:
        same = self.c.in_section(a.section)
        idx = same.index(a)
        newer = list(reversed(same[:idx]))[:RELATED_LIMIT]
        older = same[idx + 1 : idx + 1 + RELATED_LIMIT]

        def items(rows: list[ReplicaArticle]) -> str:
            return "\n".join(
                f'<li>\n<a title="{esc(r.title)}" href="{self.path(r)}">{esc(r.title)}</a>\n'
                f'<span class="date">({self.pub(r):%d/%m/%Y})</span>\n</li>'
                for r in rows
            )

        out = []
        if newer:
            out.append(
                f'<p>\n<strong>Những tin mới hơn</strong>\n</p>\n<ul class="related">\n{items(newer)}\n</ul>'
            )
        if older:
            out.append(
                '<div class="clear"></div>\n'
                f'<p>\n<strong>Những tin cũ hơn</strong>\n</p>\n<ul class="related">\n{items(older)}\n</ul>'
            )
        return "\n".join(out)

    def keywords(self, a: ReplicaArticle) -> str:
        if not a.tags:
            return ""
        links = ", ".join(
            f'<a title="{esc(t)}" href="{tag_path(t)}"><em>{esc(t)}</em></a>' for t in a.tags
        )
        return f'<div class="keywords">\n<strong>Từ khóa: </strong>\n{links}\n</div>'

    def rating(self, a: ReplicaArticle) -> str:
        stars = "".join(
            f'<input class="hover-star" type="radio" value="{i}" title="{t}" />'
            for i, t in enumerate(
                (
                    "Bài viết rất kém",
                    "Bài viết kém",
                    "Bài viết bình thường",
                    "Bài viết tốt",
                    "Bài viết rất tốt",
                ),
                start=1,
            )
        )
        return f"""<form id="form3B" action="">
<div class="clearfix">
<div id="stringrating">Tổng số điểm của bài viết là: 0 trong 0 đánh giá</div>
<div style="padding: 5px;">{stars}<span id="hover-test" style="margin: 0 0 0 20px;">Click để đánh giá bài viết</span></div>
</div>
</form>
<script type="text/javascript">var sr = 0; $('.hover-star').rating({{callback: function(value, link){{ if (sr == 1) {{ sr = 2; sendrating('{a.id}', value, 'c4ca4238a0b923820dcc509a6f75849b'); }} }}}});</script>"""

    def comments(self, a: ReplicaArticle) -> str:
        return f"""<div id="idcomment">
<ul class="control">
<li><a onclick="nv_show_hidden('showcomment',2);" href="javascript:void(0);"><img src="/themes/{self.theme}/images/{MODULE}/comment.png" alt="Show comment" /><strong>Xem phản hồi</strong></a></li>
<li>-- <a onclick="nv_show_hidden('formcomment',2);" href="javascript:void(0);"><img alt="Add comment" src="/themes/{self.theme}/images/{MODULE}/comment_add.png" /><strong>Gửi phản hồi</strong></a></li>
</ul>
<div class="clearfix"></div>
<div id="showcomment"></div>
<div id="formcomment">
<div class="add"><img alt="Comment add" src="/themes/{self.theme}/images/{MODULE}/comment_add.png" /><strong>Ý kiến bạn đọc</strong></div>
<div class="name"><label><strong>Họ tên</strong></label><input type="text" id="commentname" value="" /></div>
<div class="email"><label><strong>Email</strong></label><input type="text" id="commentemail_iavim" value="" /></div>
<div class="content"><label><strong>Nội dung</strong></label><textarea cols="50" rows="5" id="commentcontent"></textarea></div>
<div class="captcha"><label><strong>Mã an toàn</strong></label><input type="text" id="commentseccode_iavim" /><img id="vimg" alt="Mã an toàn" src="/index.php?scaptcha=captcha" width="120" height="25" /><img alt="Thay mới" src="/images/refresh.png" width="16" height="16" class="refresh" onclick="nv_change_captcha('vimg','commentseccode_iavim');"/></div>
<div style="text-align: center;"><input type="button" id="buttoncontent" value="Gửi phản hồi" onclick="sendcommment('{a.id}', 'c4ca4238a0b923820dcc509a6f75849b', '6');"/></div>
</div>
</div>"""

    def detail(self, a: ReplicaArticle) -> Page:
        sec = self.sections[a.section]
        pub = self.pub(a)
        url_print = dup_path("print", a)
        url_save = dup_path("savefile", a)
        url_mail = dup_path("sendmail", a)
        title = f"{a.title} - {sec.name} - {self.s['module_title']} - {self.s['site_name']}"
        head = self.head(title, excerpt(a, 30), ", ".join(a.tags))
        main = f"""<div class="news_column" style="padding:0 !important;margin:0 !important;">
<div id="news_detail">
<h1>{esc(a.title)}</h1>
<span class="time">{date_line(pub)}</span>
<div class="control">
<ul>
<li><a class="sendmail" title="Gửi bài viết qua email" href="javascript:void(0);" onclick="NewWindow('{url_mail}','{esc(a.title)}','500','400','no');return false"></a></li>
<li><a class="print" title="In ra" href="javascript: void(0)" onclick="NewWindow('{url_print}','{esc(a.title)}','840','768','yes');return false"></a></li>
<li><a class="savefile" title="Lưu bài viết này" href="{url_save}"></a></li>
</ul>
</div>
<div style="clear: both;"></div>
{self.hometext(a)}
<div class="bodytext">{self.bodytext(a)}</div>
{self.author_block(a)}
</div>
{self.rating(a)}
{self.keywords(a)}
{self.comments(a)}
{self.related(a)}
</div>"""
        trail = [(self.s["module_title"], f"/{MODULE}/"), (sec.name, f"/{MODULE}/{sec.key}/")]
        return html_page(self.frame(head, main, active=a.section, trail=trail))

    def print_view(self, a: ReplicaArticle) -> str:
        """3.x ``print.tpl``: the article again on a bare page, for paper."""
        url = self.abs(self.path(a))
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="content-type" content="text/html; charset=utf-8" />
<title>{esc(a.title)}</title>
<meta name="generator" content="{GENERATOR}" />
<meta name="robots" content="noindex, nofollow" />
<link rel="stylesheet" type="text/css" href="/themes/{self.theme}/css/print.css" />
{self.bare_scripts()}
</head>
<body>
<div id="print">
<div id="hd_print"><h2>{esc(self.s["org_name"])}</h2><a href="{esc(self.base)}">{esc(self.base)}</a></div>
<div id="content">
<h1>{esc(a.title)}</h1>
<p class="time">{date_line(self.pub(a))}</p>
<div id="hometext">{esc(a.lead or "")}</div>
<div id="bodytext">
{self.bodytext(a)}
</div>
{self.author_block(a)}
</div>
<div id="footer"><div id="url"><strong>URL của bản tin này: </strong><a href="{esc(url)}">{esc(url)}</a></div>
<div class="copyright">&copy; {esc(self.s["org_name"])}</div>
<div id="contact"><a href="mailto:{esc(self.s["email"])}">{esc(self.s["email"])}</a></div>
<p><a href="javascript:;" onclick="window.print()">In ra</a> | <a href="javascript:;" onclick="window.close()">Đóng cửa sổ này</a></p></div>
</div>
</body>
</html>
"""

    def sendmail(self, a: ReplicaArticle) -> Page:
        return html_page(
            f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="content-type" content="text/html; charset=utf-8" /><title>Gửi bài viết qua email</title>
<meta name="generator" content="{GENERATOR}" /><meta name="robots" content="noindex, nofollow" />
{self.bare_scripts()}
</head>
<body>
<div id="sendmail">
<h3>Gửi bài viết qua email</h3>
<p><strong>{esc(a.title)}</strong></p>
<form action="{dup_path("sendmail", a)}" method="post">
<p><label>Tên của bạn</label> <input type="text" name="name" /></p>
<p><label>Email của bạn</label> <input type="text" name="youremail" /></p>
<p><label>Gửi đến email</label> <input type="text" name="email" /></p>
<p><label>Nội dung</label> <textarea name="content" rows="5" cols="40"></textarea></p>
<p><input type="submit" value="Gửi" /></p>
</form>
</div>
</body>
</html>
"""
        )

    # --- listings -----------------------------------------------------------------------------
    def entry(self, a: ReplicaArticle) -> str:
        """One 3.x ``viewcat_page`` item: thumb, ``h2`` link, hometext (no date, no hits)."""
        path = self.path(a)
        img = first_image(a)
        thumb = (
            f'<a href="{path}" title="{esc(a.title)}"><img alt="{esc(a.title)}" '
            f'src="{esc(img["image"].replace("/uploads/", "/files/", 1))}" width="100" height="75"/></a>'
            if img
            else ""
        )
        return f"""<div class="news_column">
<div class="items clearfix">
{thumb}<h2><a href="{path}" title="{esc(a.title)}">{esc(a.title)}</a></h2>
<p>
{esc(excerpt(a, 40))}
</p>
</div>
</div>"""

    def pager(self, section: ReplicaSection, page: int, pages: int) -> str:
        """3.x ``nv_generate_page``: comma-separated links carrying the row offset, the
        current page in ``strong``, "Trang trước" / "Trang sau" in ``span``s at the ends."""
        if pages <= 1:
            return ""
        nums = ", ".join(
            f"<strong>{n}</strong>"
            if n == page
            else f'<a href="{listing_path(section, n)}">{n}</a>'
            for n in range(1, pages + 1)
        )
        if page > 1:
            nums = (
                f'&nbsp;&nbsp;<span><a href="{listing_path(section, page - 1)}">Trang trước</a>'
                f"</span>&nbsp;&nbsp;{nums}"
            )
        if page < pages:
            nums += f'&nbsp;&nbsp;<span><a href="{listing_path(section, page + 1)}">Trang sau</a></span>'
        return f'<div class="generate_page">{nums}</div>'

    def listing(self, section: ReplicaSection) -> dict[str, Page]:
        paged = chunks(self.c.in_section(section.key), section.per_page)
        out: dict[str, Page] = {}
        for page, chunk in enumerate(paged, start=1):
            path = listing_path(section, page)
            title = section.name if page == 1 else f"{section.name} - Trang {page}"
            head = self.head(
                f"{title} - {self.s['module_title']} - {self.s['site_name']}", section.name
            )
            main = (
                "\n".join(self.entry(a) for a in chunk)
                + "\n"
                + self.pager(section, page, len(paged))
            )
            trail = [
                (self.s["module_title"], f"/{MODULE}/"),
                (section.name, f"/{MODULE}/{section.key}/"),
            ]
            out[path] = html_page(self.frame(head, main, active=section.key, trail=trail))
        return out

    def home(self) -> Page:
        blocks = []
        for sec in self.c.sections:
            rows = self.c.in_section(sec.key)[:4]
            first, rest = rows[0], rows[1:]
            others = "\n".join(
                f'<li><a href="{self.path(r)}" title="{esc(r.title)}">{esc(r.title)}</a></li>'
                for r in rest
            )
            blocks.append(
                f"""<div class="news_column">
<div class="cat-box">
<h3 class="cat"><a href="/{MODULE}/{sec.key}/" title="{esc(sec.name)}">{esc(sec.name)}</a></h3>
<div class="items clearfix"><h4><a href="{self.path(first)}" title="{esc(first.title)}">{esc(first.title)}</a></h4><p>{esc(excerpt(first, 35))}</p></div>
<ul class="related">{others}</ul>
<p class="aright"><a href="/{MODULE}/{sec.key}/">Xem tiếp...</a></p>
</div>
</div>"""
            )
        head = self.head(self.s["site_name"], self.s["site_description"])
        return html_page(self.frame(head, "\n".join(blocks), active=None, trail=[]))

    # --- machine-readable ---------------------------------------------------------------------
    def rss(self, section: ReplicaSection | None) -> Page:
        rows = self.c.in_section(section.key) if section else newest_first(self.c)
        title = self.s["module_title"] + (f" - {section.name}" if section else "")
        link = self.abs(f"/{MODULE}/{section.key}/" if section else f"/{MODULE}/")
        items = []
        for a in rows:
            items.append(
                f"""<item>
<title>{esc(a.title)}</title>
<link>{esc(self.abs(self.path(a)))}</link>
<guid isPermaLink="false">{MODULE}_{a.id}</guid>
<description><![CDATA[{excerpt(a, 40)}]]></description>
<pubDate>{nukeviet_rss_pubdate(self.pub(a))}</pubDate>
</item>"""
            )
        body = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>{esc(title)}</title>
<link>{esc(link)}</link>
<description>{esc(self.s["site_description"])}</description>
<language>vi</language>
<copyright>{esc(self.s["org_name"])}</copyright>
<generator>NukeViet v3.4</generator>
<image><url>{esc(self.abs(self.s["logo"]))}</url><title>{esc(title)}</title><link>{esc(self.base)}</link></image>
{chr(10).join(items)}
</channel>
</rss>
"""
        return xml_page(body, RSS_TYPE)

    def sitemaps(self) -> dict[str, Page]:
        index = sitemap_index([self.abs(f"/Sitemap-vi.{MODULE}.xml")])
        news = urlset(
            (self.abs(self.path(a)), f"{self.pub(a):%Y-%m-%dT%H:%M:%S}+07:00", "daily", "0.8")
            for a in newest_first(self.c)
        )
        return {
            "/Sitemap.xml": xml_page(index, XML_TYPE),
            "/Sitemap-vi.xml": xml_page(index, XML_TYPE),
            f"/Sitemap-vi.{MODULE}.xml": xml_page(news, XML_TYPE),
        }

    def robots(self) -> Page:
        return robots_page(self.abs("/Sitemap.xml"), *ROBOTS_DISALLOW)

    def render(self) -> dict[str, Page]:
        pages: dict[str, Page] = {"/": self.home(), "/robots.txt": self.robots()}
        pages[f"/{MODULE}/"] = pages["/"]
        for sec in self.c.sections:
            pages.update(self.listing(sec))
            pages[f"/{MODULE}/rss/{sec.key}/"] = self.rss(sec)
        pages[f"/{MODULE}/rss/"] = self.rss(None)
        pages.update(self.sitemaps())
        for a in self.c.articles:
            pages[self.path(a)] = self.detail(a)
            printed = self.print_view(a)
            pages[dup_path("print", a)] = html_page(printed)
            pages[dup_path("savefile", a)] = html_page(
                printed,
                {"Content-Disposition": f'attachment; filename="{a.slug}-{a.id}.html"'},
            )
            pages[dup_path("sendmail", a)] = self.sendmail(a)
        return pages


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """All pages of a NukeViet 3 replica site, keyed by path."""
    return _Site(content, base_url).render()
