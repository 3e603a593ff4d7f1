"""Small helpers shared by the NukeViet and WordPress replica renderers.

Both CMSs turn a Vietnamese title into an ASCII URL alias (NukeViet's
``change_alias`` keeps the case, WordPress's ``sanitize_title`` lower-cases),
and both renderers build pages as strings, so escaping and page wrapping live
here once.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urljoin

from crawler.replica.server import Page

HTML_TYPE = "text/html; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
JSON_TYPE = "application/json; charset=UTF-8"

_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def esc(text: str | None) -> str:
    """HTML-escape text for element content and attribute values."""
    return html.escape(text or "", quote=True)


def ascii_fold(text: str) -> str:
    """Vietnamese → ASCII the way both CMSs build aliases: tone marks off, đ → d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def alias_keep_case(title: str) -> str:
    """NukeViet ``change_alias``: ASCII, runs of other characters → ``-``, case kept."""
    return _NON_ALNUM.sub("-", ascii_fold(title)).strip("-")


def slug_lower(title: str) -> str:
    """WordPress ``sanitize_title`` for a Vietnamese title (remove_accents + lower-case)."""
    return alias_keep_case(title).lower()


def absolute(base_url: str, path: str) -> str:
    """Absolute URL of a site path (``base_url`` ends with ``/``)."""
    return urljoin(base_url, path.lstrip("/"))


def html_page(markup: str, **headers: str) -> Page:
    return Page(markup.encode("utf-8"), content_type=HTML_TYPE, headers=dict(headers))


def xml_page(markup: str, content_type: str = XML_TYPE) -> Page:
    return Page(markup.encode("utf-8"), content_type=content_type)


def text_page(text: str) -> Page:
    return Page(text.encode("utf-8"), content_type=TEXT_TYPE)


def words(text: str, limit: int) -> str:
    """The first ``limit`` words of a text, with an ellipsis when cut (listing excerpts)."""
    parts = text.split()
    if len(parts) <= limit:
        return text
    return " ".join(parts[:limit]) + "..."
