"""Shared pieces of the SharePoint, VHV and tuyengiao.vn replica renderers.

What all three need and nothing more: escaping and page wrappers, stable
stand-ins for the opaque tokens these platforms print (``__VIEWSTATE``,
object ids, cache stamps) so output is deterministic, listing pagination,
Vietnamese weekday names, RSS 2.0 and sitemap documents. Stdlib only, no
wall clock: every date printed comes from the content file.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import TypeVar
from urllib.parse import urljoin

from crawler.replica.server import Page

T = TypeVar("T")

HTML_TYPE = "text/html; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"

# Capitalised the way portals print them in date lines ("Thứ Năm, 8/6/2023").
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
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def esc(text: object) -> str:
    """Text or attribute value, HTML-escaped (quotes included)."""
    return html.escape("" if text is None else str(text), quote=True)


def html_page(markup: str, status: int = 200, **headers: str) -> Page:
    return Page(markup.encode("utf-8"), HTML_TYPE, status, dict(headers))


def xml_page(markup: str, content_type: str = XML_TYPE) -> Page:
    return Page(markup.encode("utf-8"), content_type)


def text_page(text: str) -> Page:
    return Page(text.encode("utf-8"), TEXT_TYPE)


def absolute(base_url: str, path: str) -> str:
    """Absolute URL of a site path (``base_url`` ends with ``/``)."""
    return urljoin(base_url, path.lstrip("/"))


def ascii_fold(text: str) -> str:
    """Vietnamese → ASCII as URL aliases are built: tone marks off, đ → d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """A lower-case ASCII alias, words joined by ``-``."""
    return _NON_ALNUM.sub("-", ascii_fold(text).lower()).strip("-")


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


def guid(seed: str) -> str:
    """A GUID-shaped stable value (SharePoint web part ids, list ids)."""
    h = hex_token("guid:" + seed, 32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def viewstate(seed: str, length: int = 360) -> str:
    """A ``__VIEWSTATE`` value: base64 that starts like a serialized WebForms page."""
    return "/wEPDwUK" + token("vs:" + seed, length - 8)


def chunks(items: Sequence[T], size: int) -> list[list[T]]:
    """Listing pages: ``items`` cut into pages of ``size`` (at least one, maybe empty, page)."""
    size = max(1, size)
    pages = [list(items[i : i + size]) for i in range(0, len(items), size)]
    return pages or [[]]


def local_dt(value: str) -> datetime:
    """A content date ("2023-06-08T14:46" or "2020-10-14") as a naive local datetime."""
    if "T" in value:
        return datetime.fromisoformat(value)
    d = date.fromisoformat(value)
    return datetime(d.year, d.month, d.day)


def weekday_vi(d: date | datetime) -> str:
    return WEEKDAYS_VI[d.weekday()]


def rfc822_gmt(local: datetime) -> str:
    """RSS ``pubDate`` of a local (UTC+7) time, written in GMT as .NET/PHP feeds do."""
    g = local - timedelta(hours=7)
    return (
        f"{_RFC822_DAYS[g.weekday()]}, {g.day:02d} {_RFC822_MONTHS[g.month - 1]} {g.year} "
        f"{g:%H:%M:%S} GMT"
    )


def iso_local(local: datetime) -> str:
    """W3C date-time with the +07:00 offset (sitemaps, schema.org ``datePublished``)."""
    return f"{local:%Y-%m-%dT%H:%M:%S}+07:00"


def rss_document(
    title: str,
    link: str,
    description: str,
    self_url: str,
    items: Iterable[tuple[str, str, str, str]],
    generator: str | None = None,
    language: str = "vi-VN",
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
    gen = f"<generator>{esc(generator)}</generator>\n" if generator else ""
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{esc(title)}</title>\n<link>{esc(link)}</link>\n"
        f"<description>{esc(description)}</description>\n<language>{language}</language>\n"
        f'<atom:link href="{esc(self_url)}" rel="self" type="application/rss+xml"/>\n'
        f"{gen}{rows}\n</channel>\n</rss>\n"
    )
    return xml_page(body, RSS_TYPE)


def sitemap_document(entries: Iterable[tuple[str, str | None, str, str]]) -> Page:
    """A sitemaps.org urlset; entries are (absolute loc, lastmod or None, changefreq, priority)."""
    rows = []
    for loc, lastmod, freq, priority in entries:
        mod = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        rows.append(
            f"<url><loc>{esc(loc)}</loc>{mod}<changefreq>{freq}</changefreq>"
            f"<priority>{priority}</priority></url>"
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )
    return xml_page(body)


def excerpt(text: str, limit: int) -> str:
    """The first ``limit`` words of a text, with an ellipsis when cut (listing teasers)."""
    parts = text.split()
    if len(parts) <= limit:
        return text
    return " ".join(parts[:limit]) + "..."
