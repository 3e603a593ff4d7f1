"""The view counter of an article page no family selector read.

Themes print it as a short labelled text beside the title: "Lượt xem: 1.234",
"4664 lượt xem", "Đã xem: 57", "Views: 1,095". Only the title's neighbourhood is read
(the few containers around the heading): side columns list documents and other
articles with their own counters ("Văn bản mới … Lượt xem:194 | lượt tải:31"), and a
site-wide visitor counter ("Lượt truy cập: 2.745.509") is not an article's. A counter
under the body is the cleaner's (a "views" cue in the last blocks).
"""

from __future__ import annotations

from lxml import etree

from crawler.text.clean import parse_views

# Text nodes that may hold a counter label; lower-cased by XPath 1.0's translate().
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZLƯỢTĐÃ"
_LOWER = "abcdefghijklmnopqrstuvwxyzlượtđã"
_CANDIDATES = etree.XPath(
    f".//text()[contains(translate(., '{_UPPER}', '{_LOWER}'), 'xem')"
    f" or contains(translate(., '{_UPPER}', '{_LOWER}'), 'view')"
    f" or contains(translate(., '{_UPPER}', '{_LOWER}'), 'lượt đọc')]"
)
_SKIP = frozenset({"script", "style", "noscript", "a", "option", "title", "textarea"})
_LISTS = frozenset({"li", "ul", "ol"})
NEIGHBOURHOOD = 3  # containers above the title heading that may hold its counter


def find_views_text(title_el: etree._Element | None) -> str | None:
    """The text of the first short element beside the title that reads as a view count."""
    if title_el is None:
        return None
    area = title_el
    for _ in range(NEIGHBOURHOOD):
        parent = area.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        area = parent
    for node in _CANDIDATES(area):
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
