"""The article title of any page, from what nearly every page states three times.

An article page names its title in the ``<h1>``, in ``og:title`` (or ``twitter:title``)
and in ``<title>``, the last two usually with the site's name glued on:
"Hội nghị tổng kết công tác tuyên giáo - Ban Tuyên giáo Tỉnh ủy Kon Tum". None is
reliable alone: the ``<h1>`` may be the site logo, ``<title>`` may be the site name only.
The title is the heading the other two agree with; without agreement, the page's own
statement of it with the site name taken off.
"""

from __future__ import annotations

import re

from lxml import etree

from crawler.text.normalize import fold

# " - ", " | ", " – ", " :: ", " » ", " • " between the title and the site name.
_SEPARATOR = re.compile(r"\s+(?:[|–—\-•·»/]|::)\s+|\s*[|»]\s*")
_WORD = re.compile(r"\w+")
_META_TITLES = ("og:title", "twitter:title")
_MAX_HEADINGS = 8


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _meta(root: etree._Element, names: tuple[str, ...]) -> str | None:
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in names:
            value = " ".join((meta.get("content") or "").split())
            if value:
                return value
    return None


# Classes that hide an element from the eye and keep it for screen readers:
# ``<h1 class="hide-accessible">Điều hướng</h1>`` (Liferay), ``sr-only`` (Bootstrap).
_HIDING_CLASS = re.compile(
    r"(?:^|\s)(?:hide-accessible|sr-only|visually-hidden|screen-reader-text|d-none|hidden|hide)"
    r"(?:$|\s)"
)


def _hidden(el: etree._Element) -> bool:
    for node in (el, *el.iterancestors()):
        style = (node.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or node.get("hidden") is not None:
            return True
        if node is el and _HIDING_CLASS.search(node.get("class") or ""):
            return True
    return False


def headings(root: etree._Element, tag: str) -> list[str]:
    """Visible texts of the page's headings of one level, in page order (at most eight)."""
    found: list[str] = []
    for el in root.iter(tag):
        if len(found) >= _MAX_HEADINGS:
            break
        text = _text(el)
        if text and not _hidden(el):
            found.append(text)
    return found


def agree(heading: str, stated: str) -> bool:
    """True when a heading is the title a ``<title>``/``og:title`` states.

    Word sets, diacritics folded: the heading's words are (nearly) all in the stated
    title, and they make most of it once the site name is off, or most of it as it is.
    """
    h, s = _words(heading), _words(stated)
    if not h or not s:
        return False
    hs, ss = set(h), set(s)
    inside = len(hs & ss) / len(hs)
    cover = len(hs & ss) / len(ss)
    return inside >= 0.9 and (cover >= 0.6 or (len(h) >= 4 and cover >= 0.4))


def without_site_name(stated: str, site_names: tuple[str, ...] = ()) -> str:
    """A ``<title>`` or ``og:title`` with the site's name taken off.

    Segments between separators that are a known site name go; with no name known,
    the longest segment stays ("Tên bài - Chuyên mục - Tên trang" → "Tên bài").
    """
    parts = [p.strip() for p in _SEPARATOR.split(stated) if p and p.strip()]
    if len(parts) <= 1:
        return stated.strip()
    names = {fold(n) for n in site_names if n}
    kept = [p for p in parts if fold(p) not in names]
    if names and kept and len(kept) < len(parts):
        parts = kept
        if len(parts) == 1:
            return parts[0]
    return max(parts, key=lambda p: len(_words(p)))


def _states(stated: str, heading: str, names: tuple[str, ...]) -> bool:
    """The stated title names this heading as the article's, not as the site's or a section's.

    A logo ``<h1>Ban Tuyên giáo Tỉnh ủy</h1>`` agrees with "Bài - Ban Tuyên giáo Tỉnh ủy"
    word for word, but it is one of the segments the title finder takes off.
    """
    core = without_site_name(stated, names)
    key = fold(heading)
    others = {fold(p) for p in _SEPARATOR.split(stated) if p and p.strip() and p.strip() != core}
    if key in others or key in {fold(n) for n in names}:
        return False
    return agree(heading, core) or agree(heading, stated)


def _site_names(root: etree._Element, url: str) -> tuple[str, ...]:
    names = [_meta(root, ("og:site_name", "application-name", "apple-mobile-web-app-title"))]
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url).split("/")[0]
    if host:
        names += [host, host.split(".")[0]]
    return tuple(n for n in names if n)


def find_title(root: etree._Element, url: str = "") -> str | None:
    """The article title (see ``find_title_how``)."""
    return find_title_how(root, url)[0]


def find_title_how(root: etree._Element, url: str = "") -> tuple[str | None, str]:
    """The article title: the heading the page's stated titles agree with.

    Order: an ``<h1>``, then an ``<h2>`` (themes that keep the ``<h1>`` for the logo),
    that agrees with ``og:title`` or ``<title>``; ``og:title`` without the site name
    (it is set per article); an ``<h1>`` that is not the site's name (old portals give
    every page the same ``<title>``, "Trang chủ"); ``<title>`` without the site name;
    the first ``<h2>``, ``<h3>``. The second value says which: "heading" (agreed),
    "stated" (``og:title`` or ``<title>`` alone), "page label" (a ``<title>`` made of
    the page type and the site name), "h1", "first heading", "none".
    """
    title_el = next(root.iter("title"), None)
    og = _meta(root, _META_TITLES)
    page_title = _text(title_el) if title_el is not None else None
    stated = [s for s in (og, page_title) if s]
    names = _site_names(root, url)
    name_keys = {fold(n) for n in names}
    h1s = headings(root, "h1")
    for level in (h1s, headings(root, "h2") if stated else []):
        for heading in level:
            if any(_states(s, heading, names) for s in stated):
                return heading, "heading"
    if og and (og_title := without_site_name(og, names)) and fold(og_title) not in name_keys:
        return og_title, "stated"
    segments = {fold(p) for s in stated for p in _SEPARATOR.split(s) if p and p.strip()}
    for heading in h1s:
        if fold(heading) not in name_keys and fold(heading) not in segments:
            return heading, "h1"
    title = without_site_name(page_title, names) if page_title else None
    if title and fold(title) not in name_keys:
        # "Chi tiết tin - Cổng thông tin huyện": the page type and the site, no article.
        return title, "page label" if segments & PAGE_LABELS else "stated"
    for tag in ("h1", "h2", "h3"):
        found = h1s if tag == "h1" else headings(root, tag)
        if found:
            return found[0], "first heading"
    return page_title, "stated" if page_title else "none"


def title_element(root: etree._Element, title: str) -> etree._Element | None:
    """The heading that shows ``title`` (to look beside it for the date line, counters)."""
    key = fold(title)
    for tag in ("h1", "h2", "h3"):
        for el in root.iter(tag):
            if fold(_text(el)) == key:
                return el
    return None


NEIGHBOURHOOD = 3  # containers above the title heading that hold its date line, counter, byline


def article_area(title_el: etree._Element | None) -> etree._Element | None:
    """The few containers around the title heading: where its counter and byline sit.

    Three levels up from the ``<h1>`` reaches the article's wrapper on the themes seen
    (``h1 < div.title < div.detail < div.main``) and stops below the page's columns.
    """
    if title_el is None:
        return None
    area = title_el
    for _ in range(NEIGHBOURHOOD):
        parent = area.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        area = parent
    return area


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# What portals put in <title> on every article page: the page type, not the article.
PAGE_LABELS = frozenset(
    {
        "chi tiet bai viet", "chi tiet tin", "chi tiet tin tuc", "tin chi tiet", "chi tiet",
        "noi dung chi tiet", "xem tin", "tin tuc", "tin tuc su kien", "bai viet", "trang chu",
        "home", "news", "article", "untitled",
    }
)  # fmt: skip


def better_than_stated(heading: str, stated: str, how: str) -> bool:
    """Does the heading above the text replace a title only stated (not seen as a heading)?

    Yes when the stated title is or holds a page label ("Chi tiết bài viết"), when it
    only was the first heading of the page, or when the two agree (the printed form).
    """
    return (
        how in ("first heading", "page label")
        or fold(stated) in PAGE_LABELS
        or agree(heading, stated)
    )


_LOOK_BACK = 12  # elements walked back from the body's start


def heading_before(el: etree._Element) -> str | None:
    """The visible heading nearest before ``el`` in page order (the body's first paragraph).

    Themes that print the article title in an ``<h4>`` or a ``<div>`` under a generic
    ``<title>`` ("Chi tiết bài viết") still put it right above the text.
    """
    node: etree._Element | None = el
    steps = 0
    while node is not None and steps < _LOOK_BACK:
        prev = node.getprevious()
        if prev is None:
            node = node.getparent()
            if node is None or node.tag in ("body", "html"):
                return None
            continue
        node = prev
        steps += 1
        if not isinstance(node.tag, str):
            continue
        found = [node] if node.tag in _HEADINGS else list(node.iter(*_HEADINGS))
        for heading in reversed(found):
            text = _text(heading)
            if text and not _hidden(heading) and len(text.split()) <= 40:
                return text
    return None
