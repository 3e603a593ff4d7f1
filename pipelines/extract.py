"""Stage 1, extract: HTML → ``Extracted`` (title, date line, lead, body blocks …).

``extract_page`` is the pure function (used by the crawl, ``tuyengiao extract``
and ``tuyengiao reprocess``): decode the bytes, pick the CMS family (the site's,
or detected from the page), apply its selectors; when no family fits or its
body selector finds nothing, fall back to trafilatura and say so in ``cms``.
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.cms import AUTO, get_family
from crawler.cms.base import Family
from crawler.cms.detect import detect
from crawler.cms.engine import extract
from crawler.items import Block, Extracted, PageWork, RawPage
from crawler.text.normalize import decode_html, normalize_text

EXTRACTOR_VERSION = "0.1.0"
FALLBACK = "generic"
_SNIFF = 2048


def charset_of(content_type: str) -> str | None:
    """The ``charset=`` of a Content-Type header, if any."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def looks_like_html(data: bytes) -> bool:
    """True when the start of the bytes is markup, not a PDF, image or binary blob."""
    head = data[:_SNIFF].lstrip().lower()
    if not head or b"\x00" in data[:_SNIFF]:
        return False
    return head.startswith((b"<", b"\xef\xbb\xbf<")) or b"<html" in head or b"<body" in head


def _fallback(html: str, url: str, out: Extracted) -> Extracted:
    """trafilatura on a page no family could read; keeps what the family found."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True
    )
    if doc is None or doc.body is None:
        out.problem = out.problem or "no article text found (generic extraction)"
        return out
    blocks = []
    for el in doc.body:
        text = " ".join("".join(el.itertext()).split())
        if not text:
            continue
        kind = "heading" if el.tag == "head" else "list" if el.tag == "list" else "text"
        blocks.append(Block(text=normalize_text(text), kind=kind))
    out.blocks = blocks
    out.title = out.title or doc.title
    out.author = out.author or doc.author
    out.cms = f"{out.cms}+trafilatura" if out.cms != FALLBACK else "generic"
    out.problem = None if blocks else "no article text found (generic extraction)"
    return out


def extract_page(
    html: bytes | str,
    url: str,
    family: Family | str | None = None,
    declared_encoding: str | None = None,
) -> Extracted:
    """Read one article page. Never raises on bad input: ``problem`` says what was wrong."""
    if isinstance(html, bytes):
        if len(html) == 0:
            return Extracted(url=url, cms="none", problem="empty response")
        if not looks_like_html(html):
            return Extracted(url=url, cms="none", problem="not an HTML page")
        text, _encoding = decode_html(html, declared_encoding)
    else:
        text = html
    if not text.strip():
        return Extracted(url=url, cms="none", problem="empty page")
    if family is None or family == AUTO:
        family = get_family(detect(text, url).family)
    elif isinstance(family, str):
        family = get_family(family)
    try:
        out = extract(text, url, family)
    except Exception as exc:  # lxml on pathological markup; never lose the crawl over a page
        out = Extracted(url=url, cms=family.name, problem=f"extraction failed: {exc!r}"[:300])
    if family.name == FALLBACK or out.problem in ("no body container matched", "empty body"):
        try:
            out = _fallback(text, url, out)
        except Exception as exc:
            out.problem = f"generic extraction failed: {exc!r}"[:300]
    if out.title:
        out.title = normalize_text(out.title)
    return out


class ExtractPipeline:
    """Thin Scrapy adapter: RawPage → PageWork with ``extracted`` filled."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler)

    def process_item(self, item: RawPage) -> PageWork:
        if item.status != 200:  # 304 not modified, 404/410 gone: nothing to read
            return PageWork(raw=item)
        spider = self.crawler.spider
        family = spider.families.get(item.site) if spider is not None else None
        declared = charset_of(item.headers.get("Content-Type", ""))
        return PageWork(raw=item, extracted=extract_page(item.html, item.url, family, declared))
