"""Stage 1, extract: HTML → ``Extracted`` (title, date line, lead, body blocks …).

``extract_page`` is the pure function (``crawler.page`` chains it with the other stages
for the crawl, ``tuyengiao extract`` and ``tuyengiao reprocess``): decode the bytes, pick
the CMS family (the site's, or detected from the page), apply its selectors; each field they
miss comes from a generic finder (``crawler/finders``), and ``cms`` says "<family>+generic"
when the body did (``generic`` alone when no family fits).
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.cms import AUTO, get_family
from crawler.cms.base import Family
from crawler.cms.detect import detect
from crawler.cms.engine import TOO_DEEP, extract
from crawler.items import Extracted
from crawler.text.decode import decode_html, wide_codec
from crawler.text.normalize import normalize_text

_SNIFF = 2048
# The first element after an XML declaration, its comments and its DOCTYPE.
_XML_ROOT = re.compile(rb"<\?xml[^>]*>(?:\s|<!--.*?-->|<![^>]*>|<\?[^>]*>)*<([a-z][\w:.-]*)", re.S)
# Control bytes no text page has (NUL … BS, SO … US, DEL); tab, newlines, FF and ESC are text.
_CONTROL = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])


def looks_like_html(data: bytes) -> bool:
    """True when the start of the bytes is markup, not a PDF, image, JSON or binary blob.

    Markup may follow a PHP warning ("Warning: … on line 12 <!DOCTYPE html>"), so "<html" or
    "<body" near the start counts; a stray NUL byte does not make a page binary, a head where
    more than one byte in twenty is a control byte does (PNG, PDF streams, gzip, Office); an
    XML document is HTML only when its root is ``<html>`` (XHTML, not a feed or a sitemap).
    """
    wide = wide_codec(data)
    if wide is not None:
        text = data[: _SNIFF * 2].decode(wide, "ignore").lstrip("\ufeff \t\r\n").lower()
        head = text.encode("utf-8", "ignore")
    else:
        raw = data[:_SNIFF]
        if (len(raw) - len(raw.translate(None, _CONTROL))) * 20 > len(raw):
            return False
        head = raw.replace(b"\x00", b"").lstrip().lower()
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:].lstrip()
    if not head or head.startswith((b"{", b"[")):  # JSON, even when it carries HTML strings
        return False
    root = _XML_ROOT.match(head)
    if root is not None:  # XHTML has an <html> root; RSS, sitemaps and SVG do not
        return root.group(1) == b"html"
    return head.startswith(b"<") or b"<html" in head or b"<body" in head


def extract_page(
    html: bytes | str,
    url: str,
    family: Family | str | None = None,
    declared_encoding: str | None = None,
    tree: etree._Element | None = None,
) -> Extracted:
    """Read one article page. Never raises on bad input: ``problem`` says what was wrong.

    A page cut short (no ``</body>``/``</html>`` near its end) gives
    ``problem="truncated page"``: even when the body container closed before the cut, the
    byline or the date that follows it may be lost, so it is never a good article. (Scrapy
    already fails downloads shorter than their Content-Length; this catches saved files
    and servers that stop without saying so.)

    ``tree``: the decoded page already parsed (``parse_html``), read and changed in place
    instead of parsing it again.
    """
    if isinstance(html, bytes):
        if len(html) == 0:
            return Extracted(url=url, cms="none", problem="empty response")
        if not looks_like_html(html):
            return Extracted(url=url, cms="none", problem="not an HTML page")
        text, _codec = decode_html(html, declared_encoding)
    else:
        text = html.replace("\x00", "")
    if not text.strip():
        return Extracted(url=url, cms="none", problem="empty page")
    if family is None or family == AUTO:
        family = get_family(detect(text, url).family)
    elif isinstance(family, str):
        family = get_family(family)
    try:
        out = extract(text, url, family, tree=tree)
    except RecursionError:  # the body walk on 1000+ levels (the parser allows 2048)
        out = Extracted(url=url, cms=family.name, problem=f"{TOO_DEEP} to walk")
    except Exception as exc:  # lxml on pathological markup; never lose the crawl over a page
        out = Extracted(url=url, cms=family.name, problem=f"extraction failed: {exc!r}"[:300])
    if out.title:
        out.title = normalize_text(out.title)
    return out
