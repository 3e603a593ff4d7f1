"""Helpers shared by the NukeViet 3, WordPress/tagDiv-builder, Liferay 7 and Joomla/K2 renderers.

All four renderers build pages as strings (stdlib only, deterministic), so escaping, URL
joining, page wrapping, aliases, Vietnamese weekday names and the RSS / sitemaps.org
documents live here once. Markup specific to a CMS stays in its own module.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urljoin

from crawler.replica.model import ReplicaArticle, ReplicaSite
from crawler.replica.server import Page

HTML_TYPE = "text/html; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"

# Lower-case second word, as NukeViet's and Joomla's Vietnamese language files print them.
WEEKDAYS_VI = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def esc(text: str | None) -> str:
    """HTML-escape text for element content and attribute values."""
    return html.escape(text or "", quote=True)


def ascii_fold(text: str) -> str:
    """Vietnamese → ASCII the way PHP/Java CMSs build aliases: tone marks off, đ → d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def alias_keep_case(title: str) -> str:
    """NukeViet ``change_alias``: ASCII, other runs → ``-``, case kept."""
    return _NON_ALNUM.sub("-", ascii_fold(title)).strip("-")


def absolute(base_url: str, path: str) -> str:
    """Absolute URL of a site path (``base_url`` ends with ``/``)."""
    return urljoin(base_url, path.lstrip("/"))


def html_page(markup: str, status: int = 200, **headers: str) -> Page:
    return Page(markup.encode("utf-8"), content_type=HTML_TYPE, status=status, headers=headers)


def xml_page(markup: str, content_type: str = XML_TYPE) -> Page:
    return Page(markup.encode("utf-8"), content_type=content_type)


def text_page(text: str) -> Page:
    return Page(text.encode("utf-8"), content_type=TEXT_TYPE)


def redirect_page(location: str, status: int = 302) -> Page:
    """A bare redirect, as servlet containers and PHP send them."""
    body = f'<html><body>Moved: <a href="{esc(location)}">{esc(location)}</a></body></html>'
    return Page(
        body.encode("utf-8"), content_type=HTML_TYPE, status=status, headers={"Location": location}
    )


def words(text: str, limit: int) -> str:
    """The first ``limit`` words of a text, with an ellipsis when cut (listing excerpts)."""
    parts = text.split()
    if len(parts) <= limit:
        return text
    return " ".join(parts[:limit]) + "..."


def local_dt(value: str | None) -> datetime:
    """A local publication time from the content JSON; these CMSs always store a full time."""
    if not value or "T" not in value:
        raise ValueError(f"these CMSs show a time with every date, got {value!r}")
    return datetime.fromisoformat(value)


def rfc822_utc(dt: datetime, zone: str = "+0000") -> str:
    """RFC 822 date of a local (UTC+7) time, converted to UTC as WordPress/Joomla feeds do."""
    g = dt - timedelta(hours=7)
    return (
        f"{EN_DAYS[g.weekday()]}, {g.day:02d} {EN_MONTHS[g.month - 1]} {g.year} {g:%H:%M:%S} {zone}"
    )


def iso_local(dt: datetime) -> str:
    """W3C date-time with the +07:00 offset (``<time datetime>``, JSON-LD, sitemaps)."""
    return f"{dt:%Y-%m-%dT%H:%M:%S}+07:00"


def newest_first(content: ReplicaSite) -> list[ReplicaArticle]:
    return sorted(content.articles, key=lambda a: (a.published or "", a.id), reverse=True)


def first_image(article: ReplicaArticle) -> dict | None:
    return next((b for b in article.body if "image" in b), None)


def excerpt(article: ReplicaArticle, limit: int = 40) -> str:
    """What listings show under a title: the sapo, else the start of the first paragraph."""
    if article.lead and article.lead.strip() != article.title.strip():
        return article.lead
    return words(article.paragraphs[0], limit)


def byline_lines(article: ReplicaArticle) -> list[str]:
    """The printed byline split into its lines ("Name\\nAffiliation")."""
    text = article.byline or article.author or ""
    return [line for line in text.split("\n") if line.strip()]


def pages_of(items: list[ReplicaArticle], per_page: int) -> list[list[ReplicaArticle]]:
    """Listing pages, newest first; at least one (possibly empty) page."""
    if not items:
        return [[]]
    return [items[i : i + per_page] for i in range(0, len(items), per_page)]


def urlset(entries: Iterable[tuple[str, str | None, str | None, str | None]]) -> str:
    """A sitemaps.org urlset; entries are (absolute loc, lastmod, changefreq, priority)."""
    rows = []
    for loc, lastmod, freq, priority in entries:
        parts = [f"<loc>{esc(loc)}</loc>"]
        if lastmod:
            parts.append(f"<lastmod>{esc(lastmod)}</lastmod>")
        if freq:
            parts.append(f"<changefreq>{freq}</changefreq>")
        if priority:
            parts.append(f"<priority>{priority}</priority>")
        rows.append("<url>" + "".join(parts) + "</url>")
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
