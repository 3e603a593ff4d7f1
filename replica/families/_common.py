"""What every replica renderer needs, once: page wrappers, escaping, aliases, stable tokens,
listing helpers, the rich-text body the editors leave, Vietnamese and RFC 822 dates, RSS
and sitemaps.org documents.

The renderers build pages as strings (stdlib only, no wall clock: every date printed comes
from the content file), so the same content always gives the same bytes. Markup and
formats that belong to one CMS stay in that family's module; a helper lives here when two
or more families print the same thing the same way.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urljoin

from replica.model import ReplicaArticle, ReplicaSection, ReplicaSite
from replica.server import Page

T = TypeVar("T")

HTML_TYPE = "text/html; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"

NBSP = "&nbsp;"
# Capitalised, as portals print them in date lines ("Thứ Năm, 8/6/2023"; DNN's date token).
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
# Lower-case second word, as NukeViet's and Joomla's Vietnamese language files have them
# (NukeViet: includes/language/vi/global.php, Monday first).
WEEKDAYS_VI_LOWER = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")


# --------------------------------------------------------------------------------------------
# The site being rendered
# --------------------------------------------------------------------------------------------
class SiteRenderer:
    """One replica site being rendered: its content (``c``), address (``base``), settings
    (``s``) and sections by key. Each family's ``_Site`` adds its page builders."""

    def __init__(self, content: ReplicaSite, base_url: str) -> None:
        self.c = content
        self.base = base_url
        self.s: dict[str, Any] = content.settings
        self.sections = {s.key: s for s in content.sections}

    def abs(self, path: str) -> str:
        return absolute(self.base, path)

    def latest(self, section: str | None = None) -> list[ReplicaArticle]:
        """A section's articles, or the whole site's, newest first."""
        return self.c.in_section(section) if section else newest_first(self.c)

    def pub(self, a: ReplicaArticle) -> datetime:
        return pub_time(a)

    def mod(self, a: ReplicaArticle) -> datetime:
        """The last edit time; the publication time when the article was never edited."""
        return local_time(a.updated) if a.updated else self.pub(a)


class PrintableSite(SiteRenderer):
    """A site of a few fixed pages (``front``), each section's listing pages, then each
    article's page and its print copy, in that order (the hand-built and table themes)."""

    def front(self) -> dict[str, Page]:
        """The fixed pages: home, robots.txt, sitemap …"""
        raise NotImplementedError

    def path(self, a: ReplicaArticle) -> str:
        raise NotImplementedError

    def print_copy_path(self, a: ReplicaArticle) -> str:
        raise NotImplementedError

    def listing(self, section: ReplicaSection) -> dict[str, Page]:
        raise NotImplementedError

    def detail(self, a: ReplicaArticle) -> Page:
        raise NotImplementedError

    def print_view(self, a: ReplicaArticle) -> Page:
        raise NotImplementedError

    def render(self) -> dict[str, Page]:
        pages = self.front()
        for section in self.c.sections:
            pages.update(self.listing(section))
        for a in self.c.articles:
            pages[self.path(a)] = self.detail(a)
            pages[self.print_copy_path(a)] = self.print_view(a)
        return pages

    def article_sitemap(self, dated: bool = True) -> Page:
        """Every article, newest first, with its publication time unless ``dated`` is off."""
        return xml_page(
            urlset(
                (self.abs(self.path(a)), iso_local(pub_time(a)) if dated else None, None, None)
                for a in self.latest()
            )
        )


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------
def html_page(markup: str, headers: dict[str, str] | None = None) -> Page:
    return Page(markup.encode("utf-8"), content_type=HTML_TYPE, headers=dict(headers or {}))


def xml_page(markup: str, content_type: str = XML_TYPE) -> Page:
    return Page(markup.encode("utf-8"), content_type=content_type)


def text_page(text: str) -> Page:
    return Page(text.encode("utf-8"), content_type=TEXT_TYPE)


def robots_page(sitemap_url: str, *disallowed: str) -> Page:
    """``User-agent: *``, a ``Disallow`` line a path, then the sitemap's address."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed)]
    return text_page("\n".join([*lines, f"Sitemap: {sitemap_url}", ""]))


def portal_sitemap(
    site: SiteRenderer,
    home: str,
    often: str,
    sections: Callable[[ReplicaSection], str],
    articles: tuple[
        Callable[[ReplicaArticle], str], Callable[[ReplicaArticle], str | None], str, str
    ],
) -> Page:
    """The home page and each section's first listing page (changing ``often``), then every
    article newest first as ``articles`` = (its path, its lastmod, changefreq, priority)."""
    path, lastmod, freq, priority = articles
    entries: list[tuple[str, str | None, str | None, str | None]] = [
        (site.abs(home), None, often, "1.0")
    ]
    entries += [(site.abs(sections(s)), None, often, "0.8") for s in site.c.sections]
    entries += [(site.abs(path(a)), lastmod(a), freq, priority) for a in site.latest()]
    return xml_page(urlset(entries))


def redirect_page(location: str, status: int = 302) -> Page:
    """A bare redirect, as servlet containers and PHP send them."""
    body = f'<html><body>Moved: <a href="{esc(location)}">{esc(location)}</a></body></html>'
    return Page(
        body.encode("utf-8"), content_type=HTML_TYPE, status=status, headers={"Location": location}
    )


# --------------------------------------------------------------------------------------------
# Text, aliases, URLs
# --------------------------------------------------------------------------------------------
def esc(text: object) -> str:
    """Text or attribute value, HTML-escaped (quotes included); ``None`` is empty."""
    return html.escape("" if text is None else str(text), quote=True)


def ascii_fold(text: str) -> str:
    """Vietnamese → ASCII the way the CMSs build aliases: tone marks off, đ → d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def alias_keep_case(title: str) -> str:
    """NukeViet ``change_alias``: ASCII, runs of other characters → ``-``, case kept."""
    return _NON_ALNUM.sub("-", ascii_fold(title)).strip("-")


def words(text: str, limit: int) -> str:
    """The first ``limit`` words of a text, with an ellipsis when cut (listing teasers)."""
    parts = text.split()
    if len(parts) <= limit:
        return text
    return " ".join(parts[:limit]) + "..."


def absolute(base_url: str, path: str) -> str:
    """Absolute URL of a site path (``base_url`` ends with ``/``)."""
    return urljoin(base_url, path.lstrip("/"))


# --------------------------------------------------------------------------------------------
# Stable stand-ins for the opaque tokens the platforms print
# --------------------------------------------------------------------------------------------
def token(seed: str, length: int, alphabet: str | None = None) -> str:
    """A stable pseudo-random string derived from ``seed`` (ids, ViewState, stamps)."""
    raw = b""
    counter = 0
    while len(raw) < length * 2:
        raw += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    if alphabet is None:
        return base64.b64encode(raw).decode("ascii")[:length]
    return "".join(alphabet[b % len(alphabet)] for b in raw[:length])


def hex_token(seed: str, length: int) -> str:
    return token(seed, length, "0123456789abcdef")


def viewstate(seed: str, length: int = 320) -> str:
    """A ``__VIEWSTATE`` value: base64 that starts like a serialized WebForms page."""
    return "/wEPDwUK" + token("vs:" + seed, length - 8)


# --------------------------------------------------------------------------------------------
# Listings
# --------------------------------------------------------------------------------------------
def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """Listing pages: ``items`` cut into pages of ``size`` (at least one, maybe empty, page)."""
    size = max(1, size)
    pages = [list(items[i : i + size]) for i in range(0, len(items), size)]
    return pages or [[]]


def numbered_pager(
    page: int, pages: int, href: Callable[[int], str], current: str, other: str, following: str
) -> list[str]:
    """A numbered pager: each page number (``current`` for this page, ``other`` linked), then
    ``following`` to the next page when there is one. The templates take ``{n}`` (the
    number) and ``{href}`` (``href(n)``, escaped)."""
    out = [
        (current if k == page else other).format(n=k, href=esc(href(k)))
        for k in range(1, pages + 1)
    ]
    if page < pages:
        out.append(following.format(n=page + 1, href=esc(href(page + 1))))
    return out


def newest_first(content: ReplicaSite) -> list[ReplicaArticle]:
    """All articles of a site, newest first (home page, site-wide feeds)."""
    return sorted(content.articles, key=lambda a: (a.published or "", a.id), reverse=True)


def first_image(article: ReplicaArticle) -> dict[str, Any] | None:
    """The article's first photo (the body item), for thumbnails."""
    return next((b for b in article.body if "image" in b), None)


def first_image_src(article: ReplicaArticle) -> str | None:
    image = first_image(article)
    return image["image"] if image else None


def excerpt(article: ReplicaArticle, limit: int = 40) -> str:
    """What listings show under a title: the sapo, else the first paragraph's first words."""
    if article.lead and article.lead.strip() != article.title.strip():
        return article.lead
    return words(article.paragraphs[0], limit)


def summary(article: ReplicaArticle, limit: int = 200) -> str:
    """The sapo, else the body's opening characters cut at a word (.NET/Java portals)."""
    text = article.lead or (article.paragraphs[0] if article.paragraphs else "")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "..."


def byline_lines(article: ReplicaArticle) -> list[str]:
    """The printed byline split into its lines ("Name\\nAffiliation")."""
    text = article.byline or article.author or ""
    return [line for line in text.split("\n") if line.strip()]


# --------------------------------------------------------------------------------------------
# Article bodies as the rich-text editors leave them (Liferay 6, DNN, ASP.NET portal)
# --------------------------------------------------------------------------------------------
def _img(src: str, alt: str = "", width: int = 600, height: int = 400) -> str:
    return (
        f'<img alt="{esc(alt)}" src="{esc(src)}" style="width: {width}px; height: {height}px;" />'
    )


def image_html(item: dict[str, Any], default_style: str = "p-em") -> str:
    """A photo as the editor left it.

    ``p-em`` (CKEditor/FCKeditor default: the image in a centred paragraph, the
    caption in the next one, italic), ``figure`` (CKEditor's captioned image,
    ``figure.image > figcaption``), ``table`` (a two-row layout table, the
    caption in ``td.image-desc``), ``plain`` (no caption markup at all).
    """
    src, caption = item["image"], item.get("caption") or ""
    style = item.get("style", default_style)
    tail = item.get("tail", "").replace("\u00a0", NBSP)
    spacer = "\n<p>&nbsp;</p>" if item.get("spacer_after") else ""
    if not caption or style == "plain":
        return f'<p style="text-align: center;">{_img(src)}</p>{spacer}'
    if style == "figure":
        return (
            f'<figure class="image" style="display:table; margin:0 auto;">{_img(src)}'
            f"<figcaption>{esc(caption)}{tail}</figcaption></figure>{spacer}"
        )
    if style == "table":
        return (
            '<table align="center" border="0" cellpadding="2" cellspacing="0" class="image">'
            f"<tbody><tr><td>{_img(src)}</td></tr>"
            f'<tr><td class="image-desc"><em>{esc(caption)}{tail}</em></td></tr></tbody></table>'
            f"{spacer}"
        )
    return (
        f'<p style="text-align: center;">{_img(src)}</p>\n'
        f'<p style="text-align: center;"><em>{esc(caption)}{tail}</em></p>{spacer}'
    )


def paragraph_html(item: dict[str, Any]) -> str:
    style = ' style="text-align: justify;"'
    if item.get("align") in ("right", "center"):
        style = f' style="text-align: {item["align"]};"'
    tail = item.get("tail", "").replace("\u00a0", NBSP)
    return f"<p{style}>{esc(item['p'])}{tail}</p>"


def body_blocks(
    items: Iterable[dict[str, Any]],
    image: Callable[[dict[str, Any]], str],
    paragraph: Callable[[str, str | None], str],
) -> list[str]:
    """The markup of each body item: a photo by ``image(item)``, a paragraph by
    ``paragraph(escaped text, its alignment or None)``."""
    return [
        image(item) if "image" in item else paragraph(esc(item["p"]), item.get("align") or None)
        for item in items
    ]


def styled_paragraph(text: str, align: str | None) -> str:
    """A paragraph as WYSIWYG editors save it: ``text-align`` in a style, justified if unset."""
    return f'<p style="text-align: {align or "justify"};">{text}</p>'


def byline_html(article: ReplicaArticle) -> str:
    """The byline as the last paragraph(s) of the body, the way editors type it.

    ``extra.byline_style``: ``right`` (``text-align:right``, bold), ``plain`` (bold, not
    aligned), ``nbsp`` (pushed right with a run of ``&nbsp;`` as in seeds 001/003),
    ``right-em``; ``extra.byline_indents``: the ``&nbsp;`` count of each line for
    ``nbsp``; ``extra.byline_lines``: affiliation lines printed under the name
    ("Ban Tuyên giáo Đảng ủy Khối" [S 001]); ``extra.byline_spacer``: an empty
    ``<p>&nbsp;</p>`` after it, as the editors leave.
    """
    byline = article.byline or article.author
    if not byline:
        return ""
    style = article.extra.get("byline_style", "right")
    run = int(article.extra.get("byline_indent", 40))
    out = []
    lines = [byline, *article.extra.get("byline_lines", [])]
    for i, line in enumerate(lines):
        if style == "plain":
            out.append(f"<p><strong>{esc(line)}</strong></p>" if i == 0 else f"<p>{esc(line)}</p>")
        elif style == "nbsp":
            indents = article.extra.get("byline_indents", [run] * len(lines))
            n = int(indents[i]) if i < len(indents) else run
            text = f"<strong>{esc(line)}</strong>" if i == 0 else f"<em>{esc(line)}</em>"
            out.append(f"<p>{NBSP * n}{' ' if n else ''}{text}</p>")
        elif style == "right-em":
            out.append(f'<p style="text-align: right;"><em>{esc(line)}</em></p>')
        else:
            out.append(f'<p style="text-align: right;"><strong>{esc(line)}</strong></p>')
    if article.extra.get("byline_spacer"):
        out.append("<p>&nbsp;</p>")
    return "\n".join(out)


def body_html(article: ReplicaArticle, image_style: str = "p-em") -> str:
    """Paragraphs, photos and the byline, in order."""
    parts = []
    for item in article.body:
        if "image" in item:
            parts.append(image_html(item, image_style))
        elif "p" in item:
            parts.append(paragraph_html(item))
    byline = byline_html(article)
    if byline:
        parts.append(byline)
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------
def local_dt(value: str) -> datetime:
    """A content date ("2023-06-08T14:46" or "2020-10-14") as a naive local datetime."""
    if "T" in value:
        return datetime.fromisoformat(value)
    d = date.fromisoformat(value)
    return datetime(d.year, d.month, d.day)


def local_time(value: str | None) -> datetime:
    """A content timestamp for a CMS that prints a time with every date; a day alone is a
    mistake in the content file, not something to render as midnight."""
    if not value or "T" not in value:
        raise ValueError(f"this CMS shows a time with every date, got {value!r}")
    return datetime.fromisoformat(value)


def pub_time(a: ReplicaArticle) -> datetime:
    """An article's publication time, on CMSs that print a time with every date."""
    return local_time(a.published)


def weekday_vi(d: date) -> str:
    return WEEKDAYS_VI[d.weekday()]


def dmy(value: str) -> str:
    """dd/MM/yyyy, the Vietnamese short date."""
    return local_dt(value).strftime("%d/%m/%Y")


def iso_local(dt: datetime) -> str:
    """W3C date-time with the +07:00 offset (``<time datetime>``, JSON-LD, sitemaps)."""
    return f"{dt:%Y-%m-%dT%H:%M:%S}+07:00"


def rfc822(dt: datetime, zone: str = "GMT") -> str:
    """RSS ``pubDate``; ``dt`` is printed as given, followed by ``zone``."""
    return (
        f"{EN_DAYS[dt.weekday()]}, {dt.day:02d} {EN_MONTHS[dt.month - 1]} {dt.year} "
        f"{dt:%H:%M:%S} {zone}"
    )


def rfc822_utc(local: datetime, zone: str = "+0000") -> str:
    """RSS ``pubDate`` of a local (UTC+7) time, converted to UTC as WordPress/Joomla feeds do."""
    return rfc822(local - timedelta(hours=7), zone)


def nukeviet_rss_pubdate(local: datetime) -> str:
    """NukeViet 3 and 4: ``gmdate('D, j M Y H:m:s') . ' GMT'`` — GMT clock, ``m`` (the
    month) where the minutes belong."""
    g = local - timedelta(hours=7)
    return (
        f"{EN_DAYS[g.weekday()]}, {g.day} {EN_MONTHS[g.month - 1]} {g.year} "
        f"{g:%H}:{g:%m}:{g:%S} GMT"
    )


# --------------------------------------------------------------------------------------------
# Feeds and sitemaps
# --------------------------------------------------------------------------------------------
def rss(
    title: str,
    link: str,
    description: str,
    items: Iterable[tuple[str, str, str | None, str]],
    generator: str | None = None,
    extra_channel: str = "",
) -> str:
    """An RSS 2.0 document, one tag a line (Liferay 6, DNN); items are (title, absolute
    link, pubDate or None, description)."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<channel>",
        f"<title>{esc(title)}</title>",
        f"<link>{esc(link)}</link>",
        f"<description>{esc(description)}</description>",
        "<language>vi-VN</language>",
    ]
    if generator:
        out.append(f"<generator>{esc(generator)}</generator>")
    if extra_channel:
        out.append(extra_channel)
    for item_title, item_link, pub, desc in items:
        out.append("<item>")
        out.append(f"<title>{esc(item_title)}</title>")
        out.append(f"<link>{esc(item_link)}</link>")
        out.append(f"<description>{esc(desc)}</description>")
        if pub:
            out.append(f"<pubDate>{pub}</pubDate>")
        out.append(f'<guid isPermaLink="true">{esc(item_link)}</guid>')
        out.append("</item>")
    out += ["</channel>", "</rss>", ""]
    return "\n".join(out)


def urlset(
    entries: Iterable[tuple[str, str | None, str | None, str | None]],
    tag_per_line: bool = False,
) -> str:
    """A sitemaps.org urlset; entries are (absolute loc, lastmod, changefreq, priority).

    One ``<url>`` a line, as most generators write it; ``tag_per_line`` puts every tag on
    its own line, as the .NET and Liferay 6 sitemaps do.
    """
    sep = "\n" if tag_per_line else ""
    rows = []
    for loc, lastmod, freq, priority in entries:
        parts = [f"<loc>{esc(loc)}</loc>"]
        if lastmod:
            parts.append(f"<lastmod>{esc(lastmod)}</lastmod>")
        if freq:
            parts.append(f"<changefreq>{freq}</changefreq>")
        if priority:
            parts.append(f"<priority>{priority}</priority>")
        rows.append(sep.join(["<url>", *parts, "</url>"]))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )


def sitemap_index(locs: Iterable[str], stylesheet: str | None = None) -> str:
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    if stylesheet:
        head += f'<?xml-stylesheet type="text/xsl" href="{esc(stylesheet)}"?>\n'
    rows = "\n".join(f"<sitemap><loc>{esc(loc)}</loc></sitemap>" for loc in locs)
    return (
        head
        + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + rows
        + "\n</sitemapindex>\n"
    )
