"""The author a page's markup names, for pages no family selector read.

Where the markup says who wrote the article: ``itemprop="author"`` (or its ``name``),
``rel="author"``, an element whose class says byline/author/tác giả, JSON-LD
``author.name``, ``<meta name="author">``. This is a *hint*: Vietnamese sites put the
byline as a line at the end of the body ("Lê Văn Châu", "Tin, ảnh: Ngô Đức Hải"), which
the cleaner finds in the text and prefers; the meta author there is often the site
itself ("Ban Tuyên giáo Tỉnh ủy"), which is refused here by its shape.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache

from lxml import etree

_CLASS_HINT = re.compile(r"(?:^|[\s_-])(?:byline|author|tac-?gia|tacgia|writer)(?:$|[\s_-])", re.I)
_NOT_BYLINE_CLASS = re.compile(r"avatar|bio|img|image|photo|box|list|comment|date|time", re.I)
# "By Jane Doe", "Bởi Nguyễn Văn A", "Tác giả: …", "Posted by …".
_PREFIX = re.compile(
    r"^(?:(?:posted|written|words)\s+)?(?:by|bởi|tác giả|author)\s*[:\-]?\s+", re.I
)
_ORGANISATION = re.compile(
    r"^(?:ban |báo |đài |cổng |trang |tỉnh ủy|thành ủy|huyện ủy|sở |ubnd|admin\b|administrator"
    r"|quản trị|biên tập viên$|staff\b|editor\b|news\b|tin tức)",
    re.I,
)
# Class words of byline elements; only those the HTML text holds go into the XPath.
_CLASS_WORDS = ("uthor", "UTHOR", "yline", "YLINE", "tac-gia", "tacgia", "writer")


@lru_cache(maxsize=64)
def _xpath(words: tuple[str, ...]) -> etree.XPath:
    tests = ["@itemprop='author'", "@rel='author'"]
    tests += [f"contains(@class, '{w}')" for w in words]
    return etree.XPath(f".//*[{' or '.join(tests)}]")


_OTHER_ARTICLES = frozenset({"li", "aside", "nav", "footer"})


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def plausible(name: str) -> str | None:
    """The name, label taken off, if it looks like a person's or a desk's byline."""
    name = _PREFIX.sub("", " ".join(name.split())).strip(" ,;|-–—")
    if not name or len(name) > 60 or len(name.split()) > 8 or len(name.split()) < 1:
        return None
    if any(c.isdigit() for c in name) or "@" in name or "://" in name or "www." in name:
        return None
    if _ORGANISATION.match(name) or not name[0].isupper():
        return None
    return name


def _jsonld_authors(root: etree._Element) -> Iterator[str]:
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
                author = item.get("author")
                for a in author if isinstance(author, list) else [author]:
                    if isinstance(a, dict) and a.get("@type") in (None, "Person"):
                        if isinstance(a.get("name"), str):
                            yield a["name"]
                    elif isinstance(a, str):
                        yield a
                stack.extend(v for v in item.values() if isinstance(v, list | dict))


def find_byline(
    root: etree._Element, page: str | None = None, area: etree._Element | None = None
) -> str | None:
    """The author the markup names (see the module docstring), or None.

    ``area``: the part of the page the article sits in (around its title), where author
    elements are looked for; a side column's "author" boxes belong to other articles.
    ``page``, the HTML text, lets a page without any author attribute skip the walk.
    """
    words = tuple(w for w in _CLASS_WORDS if page is None or w in page)
    # itemprop="author" and rel="author" hold the word too: no word, no author element.
    for el in _xpath(words)(area if area is not None else root) if words else ():
        if any(a.tag in _OTHER_ARTICLES for a in el.iterancestors()):
            continue  # an entry of a list of other articles, a side column, a footer
        cls = el.get("class") or ""
        named = el.get("itemprop") == "author" or el.get("rel") == "author"
        if not named and (not _CLASS_HINT.search(cls) or _NOT_BYLINE_CLASS.search(cls)):
            continue
        inner = el.xpath(".//*[@itemprop='name']")
        text = _text(inner[0]) if inner else _text(el)
        if not text and el.tag == "meta":
            text = el.get("content") or ""
        if name := plausible(text):
            return name
    for name in _jsonld_authors(root):
        if found := plausible(name):
            return found
    for meta in root.iter("meta"):
        key = (meta.get("name") or "").lower()
        if key in ("author", "article:author", "dc.creator") and (
            found := plausible(meta.get("content") or "")
        ):
            return found
    return None
