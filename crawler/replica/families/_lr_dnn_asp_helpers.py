"""Shared pieces of the Liferay 6, DotNetNuke and custom ASP.NET replica renderers.

Only what all three need: escaping, pagination, deterministic stand-ins for the
opaque tokens these platforms print (``__VIEWSTATE``, cache-busting stamps),
the article body as the rich-text editors of those CMSes leave it, bylines in
the forms the seeds show (research/sites.md §4 "Bylines at end"), RSS 2.0 and
sitemap documents, and Vietnamese date words. Stdlib only, no wall clock.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar
from urllib.parse import quote

from crawler.replica.model import ReplicaArticle
from crawler.replica.server import Page

T = TypeVar("T")

NBSP = "&nbsp;"
WEEKDAYS_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_RFC822_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_RFC822_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def esc(text: object) -> str:
    """Text or attribute value, HTML-escaped (quotes included)."""
    return html.escape(str(text), quote=True)


def html_page(markup: str, status: int = 200) -> Page:
    return Page(markup.encode("utf-8"), "text/html; charset=utf-8", status)


def xml_page(markup: str, content_type: str = "text/xml; charset=utf-8") -> Page:
    return Page(markup.encode("utf-8"), content_type)


def text_page(text: str) -> Page:
    return Page(text.encode("utf-8"), "text/plain; charset=utf-8")


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """Listing pages: ``items`` cut into pages of ``size`` (at least one, maybe empty, page)."""
    size = max(1, size)
    pages = [list(items[i : i + size]) for i in range(0, len(items), size)]
    return pages or [[]]


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


def viewstate(seed: str, length: int = 320) -> str:
    """A ``__VIEWSTATE`` value: base64 that starts like a serialized WebForms page."""
    return "/wEPDwUK" + token("vs:" + seed, length - 8)


def digits(seed: str, length: int) -> str:
    return token(seed, length, "0123456789")


def quote_path(path: str) -> str:
    """A path as a ``redirect=`` / ``returnurl=`` query value."""
    return quote(path, safe="")


# --------------------------------------------------------------------------------------------
# Article bodies
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


def first_image(article: ReplicaArticle) -> str | None:
    return next((b["image"] for b in article.body if "image" in b), None)


def summary(article: ReplicaArticle, limit: int = 200) -> str:
    """What a listing shows under the title: the sapo, else the opening words of the body."""
    text = article.lead or (article.paragraphs[0] if article.paragraphs else "")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "..."


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------
def as_datetime(value: str) -> datetime:
    """A content ISO date ("2021-01-06T06:01" or "2020-06-15") as a naive local datetime."""
    if "T" in value:
        return datetime.fromisoformat(value)
    d = date.fromisoformat(value)
    return datetime(d.year, d.month, d.day)


def dmy(value: str) -> str:
    """dd/MM/yyyy, the Vietnamese short date."""
    return as_datetime(value).strftime("%d/%m/%Y")


def dmy_hm(value: str) -> str:
    """dd/MM/yyyy HH:mm [S 000]."""
    return as_datetime(value).strftime("%d/%m/%Y %H:%M")


def weekday_vi(d: date) -> str:
    return WEEKDAYS_VI[d.weekday()]


def rfc822(dt: datetime, zone: str = "GMT") -> str:
    """RSS ``pubDate``; ``dt`` is printed as given, followed by ``zone``."""
    return (
        f"{_RFC822_DAYS[dt.weekday()]}, {dt.day:02d} {_RFC822_MONTHS[dt.month - 1]} {dt.year} "
        f"{dt:%H:%M:%S} {zone}"
    )


def relative_vi(published: str, now: date) -> str:
    """ "7 ngày trước", "1 tháng trước" [S 001]: whole days, then 30-day months, then years."""
    days = (now - as_datetime(published).date()).days
    if days <= 0:
        return "Hôm nay"
    if days < 30:
        return f"{days} ngày trước"
    if days < 365:
        return f"{days // 30} tháng trước"
    return f"{days // 365} năm trước"


# --------------------------------------------------------------------------------------------
# Feeds, sitemaps, robots
# --------------------------------------------------------------------------------------------
def rss(
    title: str,
    link: str,
    description: str,
    items: Iterable[tuple[str, str, str | None, str]],
    generator: str | None = None,
    extra_channel: str = "",
) -> str:
    """An RSS 2.0 document; items are (title, absolute link, pubDate or None, description)."""
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


def sitemap(entries: Iterable[tuple[str, str | None, str | None, str | None]]) -> str:
    """A sitemaps.org urlset; entries are (absolute loc, lastmod, changefreq, priority)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for loc, lastmod, changefreq, priority in entries:
        out.append("<url>")
        out.append(f"<loc>{esc(loc)}</loc>")
        if lastmod:
            out.append(f"<lastmod>{lastmod}</lastmod>")
        if changefreq:
            out.append(f"<changefreq>{changefreq}</changefreq>")
        if priority:
            out.append(f"<priority>{priority}</priority>")
        out.append("</url>")
    out += ["</urlset>", ""]
    return "\n".join(out)


def absolute(base_url: str, path: str) -> str:
    """``base_url`` (ends with /) joined with a site path (starts with /)."""
    return base_url.rstrip("/") + path
