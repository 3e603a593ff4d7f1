"""The author a page's markup names, for pages no family selector read.

Sources, in this order (the first plausible name wins):

1. **The author meta bar** near the title (``area``), in document order: an element
   whose ``itemprop``/``rel`` is ``author`` or whose class says byline/author/tác giả; a
   link to an author page (``/author/…``, ``/tac-gia/…``); a label "Bởi", "By", "Tác
   giả:", "Người viết:", "Đăng bởi" followed by the name (in the same element, its tail
   or the next element: tagDiv's ``<span>Bởi</span> <a>Name</a>``).
2. **Structured data**: JSON-LD ``author`` (a Person or a bare string).
3. ``<meta name="author">`` (``article:author``, ``dc.creator``).

This is a *hint*: the byline the article itself prints (a line at the end or the top of
the body: "Lê Văn Châu", "Tin, ảnh: Ngô Đức Hải") is found by the cleaner and beats it.
A name is refused when it is an organisation ("Ban Tuyên giáo Tỉnh ủy …", "Báo …"), an
account ("Admin", "admin", "Quản trị"), a source ("Nguồn: …", "Theo TTXVN") or the site
itself (``og:site_name``, the JSON-LD publisher, a segment of ``<title>``, the host).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from urllib.parse import urlsplit

from lxml import etree

from crawler.text.clean import label_byline
from crawler.text.normalize import fold

_CLASS_HINT = re.compile(r"(?:^|[\s_-])(?:byline|author|tac-?gia|tacgia|writer)(?:$|[\s_-])", re.I)
_NOT_BYLINE_CLASS = re.compile(r"avatar|bio|img|image|photo|box|list|comment|date|time", re.I)
# "By Jane Doe", "Bởi Nguyễn Văn A", "Tác giả: …", "Posted by …", "Đăng bởi: …".
_PREFIX = re.compile(
    r"^(?:(?:posted|written|words|viết|đăng|gửi)\s+)?(?:by|bởi|tác giả|người viết|author)"
    r"\s*[:\-]?\s+",
    re.I,
)
# The label alone, as its own element ("<span>Bởi</span>") or its start.
_LABEL_ONLY = re.compile(
    r"^(?:(?:posted|written|viết|đăng|gửi)\s+)?(?:by|bởi|tác giả|người viết)\s*:?$", re.I
)
# Organisations, accounts and desks, matched on the folded name's start.
_ORGANISATION = re.compile(
    r"^(?:ban |bao |dai |cong thong tin|trang (?:thong tin|tin)|tinh (?:uy|doan)|thanh (?:uy|doan)"
    r"|huyen (?:uy|doan)|quan uy|dang (?:uy|bo)|so |ubnd|uy ban|van phong|trung tam|hoi "
    r"|mat tran|btg\b|ttxvn|thong tan xa|toa soan|admin|administrator|quan tri|webmaster"
    r"|bien tap vien$|nguoi dang|staff\b|editor\b|editorial|news\b|tin tuc|nguon\b|theo "
    r"|the (?:\w+ )?(?:team|desk|staff|editors)\b)"
)
# Where a name in a byline line ends: a date, a separator, a comma, a source label.
_NAME_END = re.compile(r"\s*,\s.*$|\s+(?:[|·•–—-]|/|ngu[ồô]n(?: tin| bài)?\s*:|\d).*$", re.I)
# Class words of byline elements and author paths; only those the HTML holds are looked for.
_CLASS_WORDS = ("uthor", "UTHOR", "yline", "YLINE", "tac-gia", "tacgia", "writer")
_AUTHOR_PATHS = ("/author/", "/tac-gia/", "/tacgia/", "/nguoi-viet/")
_LABELS = ("Bởi", "bởi", "By", "by", "Tác giả", "TÁC GIẢ", "Người viết", "Đăng bởi", "Viết bởi")
_SITE_TYPES = ("Organization", "WebSite", "NewsMediaOrganization")
_TITLE_SPLIT = re.compile(r"\s+(?:\||-|–|—|::|»|«)\s+")


@lru_cache(maxsize=64)
def _xpath(words: tuple[str, ...], paths: tuple[str, ...], labels: tuple[str, ...]) -> etree.XPath:
    tests = ["@itemprop='author'", "@rel='author'"]
    tests += [f"contains(@class, '{w}')" for w in words]
    tests += [f"(self::a and contains(@href, '{p}'))" for p in paths]
    tests += [f"text()[starts-with(normalize-space(.), '{lb}')]" for lb in labels]
    return etree.XPath(f".//*[{' or '.join(tests)}]")


_OTHER_ARTICLES = frozenset({"li", "aside", "nav", "footer"})


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _own_start(el: etree._Element) -> str:
    return " ".join((el.text or "").split())


def site_names(
    root: etree._Element, url: str | None = None, items: Iterable[dict] | None = None
) -> set[str]:
    """Folded names the page gives its site: ``og:site_name``/``application-name``, the
    JSON-LD publisher, each segment of ``<title>``, the host's labels. ``items``: the
    page's JSON-LD items (``_jsonld_items``), when read already."""
    names: set[str] = set()
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").lower()
        if key in ("og:site_name", "application-name", "twitter:site") and meta.get("content"):
            names.add(fold(meta.get("content", "")).lstrip("@"))
    head_title = root.find(".//title")
    if head_title is not None and head_title.text:
        names.update(fold(part) for part in _TITLE_SPLIT.split(head_title.text))
    for item in _jsonld_items(root) if items is None else items:
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.add(fold(publisher["name"]))
        if item.get("@type") in _SITE_TYPES and isinstance(item.get("name"), str):
            names.add(fold(item["name"]))
    if url:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        names.update(label for label in host.split(".") if len(label) > 3)
    return {n for n in names if n}


def plausible(name: str, site: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The name, label taken off, if it looks like a person's or a desk's byline — not an
    organisation, an account, a source line, or one of the ``site`` names (folded)."""
    name = _PREFIX.sub("", " ".join(name.split())).strip(" ,;|-–—:")
    if not name or len(name) > 60 or len(name.split()) > 8:
        return None
    if any(c.isdigit() for c in name) or "@" in name or "://" in name or "www." in name:
        return None
    key = fold(name)
    if _ORGANISATION.match(key) or not name[0].isupper():
        return None
    squeezed = key.replace(" ", "")
    for s in site:
        if key == s or squeezed == s.replace(" ", "") or (len(key.split()) >= 2 and key in s):
            return None
    return name


def _all_capitalised(name: str) -> bool:
    """Every word of a name starts with a capital ("Nguyễn Văn A", "Jane van Doe" aside):
    "Bởi vì …", "By the end …" and "Bởi Nguyễn Văn A đã nói" are sentences, not bylines."""
    return all(w[0].isupper() or w in _PARTICLES for w in name.split())


_PARTICLES = frozenset({"van", "de", "da", "der", "von", "bin", "al", "di", "du", "le"})


def _label_name(el: etree._Element) -> str | None:
    """The name after a "Bởi"/"By"/"Tác giả:" label that starts ``el``'s own text."""
    start = _own_start(el)
    if _LABEL_ONLY.match(start):  # "<span>Bởi</span> <a>Name</a>" or "Bởi <b>Name</b>"
        if len(el):
            return _text(el)
        after = " ".join((el.tail or "").split())
        if after:
            return after
        nxt = el.getnext()
        return _text(nxt) if nxt is not None else None
    labelled = label_byline(_text(el))
    if labelled:
        return labelled
    if _PREFIX.match(start):
        return _text(el)
    return None


def _candidate(el: etree._Element) -> str | None:
    """The name a meta-bar element holds, or None when it is not one."""
    cls = el.get("class") or ""
    named = el.get("itemprop") == "author" or el.get("rel") == "author"
    if named or (_CLASS_HINT.search(cls) and not _NOT_BYLINE_CLASS.search(cls)):
        inner = el.xpath(".//*[@itemprop='name']")
        text = _text(inner[0]) if inner else _text(el)
        if not text and el.tag == "meta":
            text = el.get("content") or ""
        return text
    if el.tag == "a" and any(p in (el.get("href") or "") for p in _AUTHOR_PATHS):
        return _text(el) or el.get("title")
    name = _label_name(el)
    if not name:
        return None
    name = _NAME_END.sub("", _PREFIX.sub("", name)).strip(" ,;:")
    return name if name and _all_capitalised(name) else None


def _jsonld_items(root: etree._Element) -> Iterator[dict]:
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(v for v in item.values() if isinstance(v, list | dict))


def _jsonld_authors(items: Iterable[dict]) -> Iterator[str]:
    for item in items:
        author = item.get("author")
        for a in author if isinstance(author, list) else [author]:
            if isinstance(a, dict) and a.get("@type") in (None, "Person"):
                if isinstance(a.get("name"), str):
                    yield a["name"]
            elif isinstance(a, str):
                yield a


def find_byline(
    root: etree._Element,
    page: str | None = None,
    area: etree._Element | None = None,
    url: str | None = None,
) -> str | None:
    """The author the markup names (see the module docstring), or None.

    ``area``: the part of the page the article sits in (around its title), where the meta
    bar is looked for; a side column's "author" boxes belong to other articles. ``page``,
    the HTML text, lets a page without any author word skip the walk. ``url`` adds the
    host to the site names a byline may not be.
    """
    # Only the words the searched part holds are looked for: its markup, when the area is
    # known (a fraction of the page, and a word it holds is in its serialisation too).
    if page is not None and area is not None:
        page = etree.tostring(area, encoding=str)
    words = tuple(w for w in _CLASS_WORDS if page is None or w in page)
    paths = tuple(p for p in _AUTHOR_PATHS if page is None or p in page)
    labels = tuple(lb for lb in _LABELS if page is None or lb in page)
    site: set[str] | None = None
    items: list[dict] | None = None  # the JSON-LD, parsed once for the names and the authors
    # itemprop="author" and rel="author" hold the word too: no word, no author element.
    found = _xpath(words, paths, labels)(area if area is not None else root)
    for el in found if words or paths or labels else ():
        if any(a.tag in _OTHER_ARTICLES for a in el.iterancestors()):
            continue  # an entry of a list of other articles, a side column, a footer
        text = _candidate(el)
        if not text:
            continue
        if site is None:
            items = list(_jsonld_items(root))
            site = site_names(root, url, items)
        if name := plausible(text, site):
            return name
    if items is None:
        items = list(_jsonld_items(root))
    for candidates in (_jsonld_authors(items), _meta_authors(root)):
        for text in candidates:
            site = site_names(root, url, items) if site is None else site
            if name := plausible(text, site):
                return name
    return None


def _meta_authors(root: etree._Element) -> Iterator[str]:
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        if key in ("author", "article:author", "dc.creator") and meta.get("content"):
            yield meta.get("content", "")
