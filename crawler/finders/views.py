"""The view counter of an article page no family selector read.

Themes print it as a short labelled text beside the title: "Lượt xem: 1.234",
"4664 lượt xem", "Đã xem: 57", "Views: 1,095". Only the title's neighbourhood is read
(the few containers around the heading): side columns list documents and other
articles with their own counters ("Văn bản mới … Lượt xem:194 | lượt tải:31"), and a
site-wide visitor counter ("Lượt truy cập: 2.745.509") is not an article's. A counter
under the body is the cleaner's (a "views" cue in the last blocks).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from crawler.text.clean import parse_views

# Text nodes that may hold a counter label (XPath 1.0 has no lower-case(): the usual
# spellings are listed instead of translating every text node).
_LABELS = ("xem", "Xem", "XEM", "iew", "IEW", "ọc", "ỌC")
_TEXTS = etree.XPath(".//text()")
# Any label anywhere in a text node: one regex search per node, where an XPath of seven
# ``contains()`` tests per node cost two and a half times as much.
_LABEL = re.compile("|".join(map(re.escape, _LABELS)))


def _candidates(area: etree._Element) -> list[Any]:
    """The text nodes of ``area`` holding a label, in document order."""
    return [node for node in _TEXTS(area) if _LABEL.search(node)]


_SKIP = frozenset({"script", "style", "noscript", "a", "option", "title", "textarea"})
_LISTS = frozenset({"li", "ul", "ol"})


def find_views_text(area: etree._Element | None) -> str | None:
    """The first short text in the title's ``area`` that reads as a view count."""
    if area is None:
        return None
    for node in _candidates(area):
        el = node.getparent()
        if el is None or el.tag in _SKIP or any(a.tag in _LISTS for a in el.iterancestors()):
            continue
        # The label and its number may sit in sibling elements: read the parent's line.
        for holder in (el, el.getparent()):
            if holder is None or not isinstance(holder.tag, str):
                continue
            text = " ".join("".join(holder.itertext()).split())
            if len(text.split()) > 12:
                break
            if parse_views(text) is not None:
                return text
    return None
