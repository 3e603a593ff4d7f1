"""Find a page's dates in its HTML tree, without knowing its CMS (pure functions on lxml roots).

Two finders, for the two places an article states its date:

- ``machine_dates``: JSON-LD (``datePublished`` anywhere, ``@graph`` included), ``<meta>``
  (Open Graph, Dublin Core, ``itemprop``, ``pubdate``, sailthru, parsely …), ``itemprop``
  elements, and the one ``<time datetime>`` tied to the article. Each value keeps its source
  name; edit times are named "…modified…" so ``choose_publication_date`` only uses them as
  ``updated_at``.
- ``visible_date_line``: the short date-shaped text nearest the title, for pages whose CMS
  family has no date-line selector (or whose selector missed).

What "tied to the article" means (both finders): inside the article (``<article>``,
``<main>``, the ``itemprop=articleBody`` block's parent) or near the ``<h1>``, never inside
what is around an article on every page — navigation, sidebars, footers, related-article
lists, comments — and never the masthead clock ("Thứ hai, 07/12/2026" in the header, which
shows the day the page was fetched, not the day it was written). Between a published and an
updated label, the published one wins ("Đăng ngày … | Cập nhật …").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from lxml import etree

from crawler.text.dates import (
    LOCAL_TZ,
    PUBLISHED_LABEL,
    TODAY_LABEL,
    UPDATED_LABEL,
    could_hold_date,
    is_date_line,
    normalize_date_text,
    parse_date_line,
    split_date_line,
)

__all__ = [
    "VisibleDate",
    "article_anchor",
    "day_first",
    "machine_dates",
    "visible_date_line",
]

# <meta> names of a publication date (lower case) and of an edit date.
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article.published",
    "datepublished",
    "datecreated",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "published-date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:recs:publishtime",
    "article_date_original",
    "originalpublicationdate",
    "citation_publication_date",
    "citation_date",
    "rnews:datepublished",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
)
_META_RANK = {name: i for i, name in enumerate(PUBLISHED_META)}
_ARTICLE_TYPES = re.compile(r"article|posting|report|blog|webpage|creativework", re.I)

# Containers around an article, on every page of a site (by tag, class or id).
_CHROME_TAGS = frozenset(["aside", "nav", "footer"])
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:related|sidebar|side-bar|widgets?|comments?|recommend\w*|popular"
    r"|most-?read|footer|breadcrumbs?|menu|navbar|nav|share|sharing|social\w*|newsletter"
    r"|banners?|other-?news|more-?news|trending)(?:$|[\s_-])"
    r"|othernews|relatednews|tin-?khac|tinkhac|lien-?quan|lienquan|cung-?chuyen-?muc"
    r"|tin-?moi|xem-?nhieu|doc-?nhieu",
    re.I,
)
_MASTHEAD_NAME = re.compile(
    r"(?:^|\s)(?:site|page|main|top|global)?[-_]?header(?:$|[\s_-])|masthead|top-?bar|clock"
    r"|today|current-?date|date-?now|time-?now",
    re.I,
)
# Containers named for an article ("article-cm", "post", "entry-content", "news-detail",
# "chi-tiet", "baiviet"): a title inside one is the article's, not the portal's page title.
_ARTICLE_NAME = re.compile(
    r"article|post|entry|news|story|detail|chi-?tiet|bai-?viet|noi-?dung|tin-?tuc", re.I
)
# An inline element named for the date it holds (hAtom's "published", WordPress's "entry-date",
# "text_datum"): a date line even inside a long meta paragraph with categories and tags.
_DATE_NAME = re.compile(
    r"(?:^|[\s_-])(?:published|updated|entry-date|post-date|pubdate|date|datum|ngay-?dang)"
    r"(?:$|[\s_-])",
    re.I,
)
_INLINE_TAGS = frozenset("span a b strong em i font small abbr label time".split())
_BLOCK_TAGS = frozenset(
    "p div li td th dd dt section header article main h1 h2 h3 h4 h5 h6 address body".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_RELATIVE_WORDS = re.compile(r"\btrước\b|\bago\b|\bvor\b|hôm qua|hôm nay", re.I)
# "Hà Nội, ngày 08 tháng 01 năm 2021": the place and date a document was signed, not a date line.
_PLACE_DATELINE = re.compile(r"^[^\W\d_][^\d]{0,40},\s*ngày\b", re.I)
_PROSE_CHARS = 80
_PROSE_PARAGRAPHS = 3
_WINDOW_BEFORE = 40
_WINDOW_AFTER = 150
_MAX_LINE = 120
_MAX_RAW = 2000  # raw text (indentation included) past which an element is no short line
_TEXT_TAGS = frozenset(
    "p div span time small li td dd dt em i b strong font a h2 h3 h4 h5 h6 abbr section header"
    " label address".split()
)


def _name(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _holders(anchor: etree._Element | None) -> set[etree._Element]:
    """The title element and every element that holds it."""
    return {anchor, *anchor.iterancestors()} if anchor is not None else set()


def _in_chrome(el: etree._Element, anchor: etree._Element | None = None) -> bool:
    """Inside navigation, a sidebar, a footer, a related list or comments.

    Only containers that do not hold the title count: a wrapper named "has-sidebar" or
    "content-area" around the article is layout, not chrome; and a ``<footer>`` or ``<aside>``
    inside an ``<article>`` is that article's own (where many themes print the date).
    """
    return _Judge(anchor).chrome(el)


_FOOTER_NAME = re.compile(r"footer", re.I)
_ARTICLE_ITEM = re.compile(r"article|posting|report", re.I)  # not WebPage: it wraps the page


def _is_article(node: etree._Element) -> bool:
    return node.tag == "article" or bool(
        node.get("itemscope") is not None and _ARTICLE_ITEM.search(node.get("itemtype") or "")
    )


def _article_at(node: etree._Element) -> bool | None:
    return True if _is_article(node) else None


@lru_cache(maxsize=4)
def _layout_names(anchor: etree._Element | None) -> frozenset[str]:
    """Chrome-like names that also wrap the title: a page builder's vocabulary for every block
    ("elementor-widget" around the heading and the date alike), layout rather than chrome.
    (Cached per title element: asked for every candidate of a page.)"""
    return frozenset(
        m.group(0).strip(" _-").casefold()
        for node in _holders(anchor)
        if node is not None and isinstance(node.tag, str) and node.tag not in ("body", "html")
        for m in _CHROME_NAME.finditer(_name(node))
    )


def _in_masthead(el: etree._Element, anchor: etree._Element | None) -> bool:
    """Inside the page header (a ``<header>`` or a header/clock class) that does not hold
    the title and is not an article's own header: the masthead's "today" clock lives there."""
    return _Judge(anchor).masthead(el)


_Verdicts = dict[etree._Element, bool]


class _Judge:
    """``_in_chrome`` and ``_in_masthead`` for the elements of one page and one title element.

    A verdict is the first decisive ancestor's (the element's own included), so each node's
    verdict is kept: the candidates of a page share their ancestors, and each ancestor is
    judged once instead of once per candidate below it.
    """

    def __init__(self, anchor: etree._Element | None) -> None:
        self.holds = _holders(anchor)
        self.layout = _layout_names(anchor)
        self._chrome: _Verdicts = {}
        self._masthead: _Verdicts = {}
        self._article: _Verdicts = {}

    def chrome(self, el: etree._Element) -> bool:
        return self._first(el, self._chrome, self._chrome_at)

    def masthead(self, el: etree._Element) -> bool:
        return self._first(el, self._masthead, self._masthead_at)

    @staticmethod
    def _first(
        el: etree._Element,
        known: _Verdicts,
        at: Callable[[etree._Element], bool | None],
    ) -> bool:
        """The verdict of the nearest decisive node from ``el`` up (False when none is)."""
        path = []
        node: etree._Element | None = el
        verdict = False
        while node is not None:
            seen = known.get(node)
            if seen is not None:
                verdict = seen
                break
            path.append(node)
            here = at(node)
            if here is not None:
                verdict = here
                break
            node = node.getparent()
        for node in path:
            known[node] = verdict
        return verdict

    def in_article(self, node: etree._Element) -> bool:
        """Inside an ``<article>`` or a schema.org Article item (``itemscope``,
        ``itemtype=…/NewsArticle``): the block's own header and footer are the article's.
        (Kept per node as "is or is inside an article item".)"""
        parent = node.getparent()
        return parent is not None and self._first(parent, self._article, _article_at)

    def _chrome_at(self, node: etree._Element) -> bool | None:
        if not isinstance(node.tag, str) or node.tag in ("body", "html"):
            return None  # page-wide classes ("one-sidebar", "navbar-is-static-top") say nothing
        if node in self.holds:
            return False
        if node.tag in _CHROME_TAGS:
            if node.tag != "nav" and self.in_article(node):
                return None  # an article's own <footer>/<aside> (its meta box), not the page's
            return True
        names = {m.group(0).strip(" _-").casefold() for m in _CHROME_NAME.finditer(_name(node))}
        if names and _FOOTER_NAME.fullmatch(" ".join(names)) and self.in_article(node):
            return None  # <div class="footer"> of the article's own block, like its <footer>
        if names - self.layout:
            return True
        return None

    def _masthead_at(self, node: etree._Element) -> bool | None:
        if not isinstance(node.tag, str) or node.tag in ("body", "html"):
            return None
        if node.tag == "header" or _MASTHEAD_NAME.search(_name(node)):
            if node in self.holds:
                return False
            return not any(a.tag == "article" for a in node.iterancestors())
        return None


def _words_of(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _page_title(root: etree._Element) -> set[str]:
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() in (
            "og:title",
            "twitter:title",
        ):
            words = _words_of(meta.get("content") or "")
            if words:
                return words
    title = next(root.iter("title"), None)
    return _words_of(title.text_content()) if title is not None else set()


def _agreement(el: etree._Element, title: set[str]) -> float:
    words = _words_of(el.text_content())
    return len(words & title) / len(words) if words and title else 0.0


def article_anchor(root: etree._Element) -> etree._Element | None:
    """The article's title element.

    The ``<h1>`` whose words agree with ``og:title``/``<title>`` (a logo ``<h1>`` does not;
    one outside the page header first),
    else the ``<h1>`` inside ``<article>``/``<main>``, else the first ``<h1>`` outside chrome;
    a page without ``<h1>`` gets the ``<h2>``/``<h3>`` that agrees with its title, else its
    ``<article>`` element.
    """
    title = _page_title(root)
    h1s = [h for h in root.iter("h1") if h.text_content().strip()]
    agreeing = [h for h in h1s if _agreement(h, title) >= 0.6]
    if agreeing:  # a portal's page-title <h1> in its header repeats the article's: not it
        return max(
            agreeing,
            key=lambda h: (
                not (_in_chrome(h) or _in_masthead(h, None)),
                any(
                    _ARTICLE_NAME.search(_name(a)) or a.tag == "article" for a in h.iterancestors()
                ),
                _agreement(h, title),
            ),
        )
    for h in h1s:
        if any(a.tag in ("article", "main") for a in h.iterancestors()):
            return h
    for h in h1s:
        if not _in_chrome(h) and not _in_masthead(h, None):
            return h
    if h1s:
        return h1s[0]
    for h in root.iter("h2", "h3"):
        if _agreement(h, title) >= 0.6 and len(_words_of(h.text_content())) >= 3:
            return h
    return next(root.iter("article"), None)


def day_first(root: etree._Element) -> bool:
    """Whether numbers like "05/06/2023" put the day first: true unless the page says it is
    in American English (``<html lang="en-US">``) or in English without a region."""
    lang = (root.get("lang") or root.get("xml:lang") or "").lower()
    return not (lang == "en" or lang.startswith("en-us"))


# --------------------------------------------------------------------------- machine dates


def _json_objects(data: object) -> Iterator[dict]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, list | dict):
                yield from _json_objects(value)
    elif isinstance(data, list):
        for item in data:
            yield from _json_objects(item)


def _jsonld(root: etree._Element) -> list[tuple[str, str]]:
    """datePublished/dateCreated/dateModified; article-typed objects first."""
    typed: list[tuple[str, str]] = []
    other: list[tuple[str, str]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for obj in _json_objects(data):
            kind = obj.get("@type")
            kinds = " ".join(kind) if isinstance(kind, list) else str(kind or "")
            bucket = typed if _ARTICLE_TYPES.search(kinds) else other
            for key in ("datePublished", "dateCreated", "dateModified"):
                value = obj.get(key)
                if isinstance(value, str) and value.strip():
                    source = "jsonld" if key == "datePublished" else f"jsonld:{key}"
                    bucket.append((source, value.strip()))
    return typed + other


def _meta(root: etree._Element) -> list[tuple[str, str]]:
    published: list[tuple[int, str, str]] = []
    modified: list[tuple[str, str]] = []
    for meta in root.iter("meta"):
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        key = name.lower()
        prefix = "itemprop" if meta.get("itemprop") else "meta"
        if key in _META_RANK:
            published.append((_META_RANK[key], f"{prefix}:{name}", content))
        elif key in MODIFIED_META:
            modified.append((f"{prefix}:{name}", content))
        elif key == "parsely-page" and content.startswith("{"):
            try:
                value = json.loads(content).get("pub_date")
            except (ValueError, AttributeError):
                value = None
            if isinstance(value, str):
                published.append((len(_META_RANK), "meta:parsely-page", value))
    published.sort(key=lambda t: t[0])
    return [(s, v) for _, s, v in published] + modified


# Every itemprop value (its element is its parent), in document order: a quarter of the time
# of an XPath that compares each element's itemprop with the three names.
_ITEMPROPS = etree.XPath("//@itemprop")
_ITEMPROP_DATES = frozenset(("datePublished", "dateCreated", "dateModified"))


def _itemprops(root: etree._Element, anchor: etree._Element | None) -> list[tuple[str, str]]:
    found = []
    judge = None
    for prop in _ITEMPROPS(root):
        if prop not in _ITEMPROP_DATES:
            continue
        el = prop.getparent()
        judge = judge or _Judge(anchor)
        if el.tag == "meta" or judge.chrome(el):
            continue
        value = el.get("datetime") or el.get("content") or el.text_content()
        if value and value.strip():
            found.append((f"itemprop:{el.get('itemprop')}", " ".join(value.split())))
    return found


def _time_element(root: etree._Element, anchor: etree._Element | None) -> list[tuple[str, str]]:
    """The ``<time datetime>`` of the article: outside chrome and the masthead, the nearest
    to the title in document order (a ``pubdate`` or published-named one first)."""
    times = [
        t for t in root.iter("time") if t.get("datetime", "").strip() and t.get("itemprop") is None
    ]
    if not times:
        return []
    chrome, masthead = _Judge(None), _Judge(anchor)  # (the chrome test ignores the title)
    times = [t for t in times if not chrome.chrome(t) and not masthead.masthead(t)]
    if not times:
        return []
    order: dict[etree._Element, int] = {}
    if anchor is not None and len(times) > 1:  # positions in document order, for the distance
        nodes = list(root.iter())
        order = {el: nodes.index(el) for el in (*times, anchor)}
    elif anchor is not None:
        order = {times[0]: 0, anchor: 0}

    def rank(t: etree._Element) -> tuple[int, int, int]:
        name = _name(t) + " " + " ".join(_name(a) for a in list(t.iterancestors())[:2])
        updated = 1 if UPDATED_LABEL.search(name) else 0
        marked = 0 if t.get("pubdate") is not None or PUBLISHED_LABEL.search(name) else 1
        distance = abs(order[t] - order[anchor]) if anchor is not None else 0
        return (updated, marked, distance)

    best = min(times, key=rank)
    source = "time:modified" if rank(best)[0] else "time"
    return [(source, best.get("datetime", "").strip())]


def machine_dates(
    root: etree._Element, anchor: etree._Element | None = None
) -> list[tuple[str, str]]:
    """Machine-readable dates of the article, best kind first: JSON-LD, ``<meta>``,
    ``itemprop`` elements, the article's ``<time>``. Edit times are named "…modified…".
    ``anchor``: the title element if already found (``article_anchor``)."""
    anchor = anchor if anchor is not None else article_anchor(root)
    return [*_jsonld(root), *_meta(root), *_itemprops(root, anchor), *_time_element(root, anchor)]


# --------------------------------------------------------------------------- visible date line


@dataclass(frozen=True)
class VisibleDate:
    """A date line found on the page: ``raw`` is the segment to parse, ``kind`` is
    "published", "updated" or "plain" (no label), ``distance`` counts elements from the title,
    ``before_title`` says it precedes it (where a masthead clock would be)."""

    raw: str
    kind: str
    distance: int
    before_title: bool = False


def _own_text(block: etree._Element) -> str:
    """A block's own line: its text and its inline children's, without nested blocks."""
    parts = [block.text or ""]
    for child in block:
        if isinstance(child.tag, str) and child.tag not in _BLOCK_TAGS:
            parts.append(child.text_content())
        else:
            parts.append(" \n ")
        parts.append(child.tail or "")
    return "".join(parts)


_DIGIT = re.compile(r"[0-9]")
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.I)


def _line_of(el: etree._Element) -> str:
    """The element's text on one line, with a space where two elements' texts would glue a
    letter or digit to a digit ("News24" + "13 Jan 2020" is not "News2413 Jan 2020")."""
    out = ""
    for piece in el.itertext():
        if (
            out
            and piece
            and out[-1].isalnum()
            and piece[0].isalnum()
            and (out[-1].isdigit() or piece[0].isdigit())
            and not _ORDINAL.match(piece)
        ):
            out += " "
        out += piece
    return " ".join(out.split())


def _inside_prose(el: etree._Element) -> bool:
    """The inline element sits in a sentence: the line of its block (without nested blocks)
    is long or ends like prose ("Ngày <b>15/5/2024</b>, Ban Tuyên giáo … hội nghị.")."""
    block = next((a for a in el.iterancestors() if a.tag in _BLOCK_TAGS), None)
    if block is None:
        return False
    lines = [" ".join(t.split()) for t in _own_text(block).split("\n")]
    here = " ".join(el.text_content().split())
    text = next((t for t in lines if here and here in t), "")
    words = len(text.split())
    return len(text) > _MAX_LINE * 2 or words > 25 or (text.endswith(".") and words >= 8)


def _short_date_text(line: str, fetched_at: datetime | None) -> tuple[str, str] | None:
    """A short element whose main content is one date, with a few words around it that the
    Vietnamese labels do not cover ("Veröffentlicht am 7. September 2017 um 10:00 Uhr",
    "Posted on Sep 7, 2017 by Jane Doe"): ``parse_date_line``'s rules decide (at most four
    other words, no sentence, one date)."""
    if TODAY_LABEL.search(line) or _PLACE_DATELINE.match(line) or _EVENT_LABEL.search(line):
        return None
    parsed = parse_date_line(line, fetched_at)
    if parsed.value is None:
        line = _date_segment(line, fetched_at) or ""
        parsed = parse_date_line(line, fetched_at)
    if parsed.value is None or parsed.relative:
        return None
    if UPDATED_LABEL.search(line):
        return line, "updated"
    return line, "published" if PUBLISHED_LABEL.search(line) else "plain"


# The date of an event the page announces ("Termin: 21.02.2020, 19 Uhr"), not of the page.
_EVENT_LABEL = re.compile(
    r"\b(?:termine?|veranstaltung\w*|event date|date of the event|deadline|thời gian diễn ra)\b",
    re.I,
)
# Where a meta line holds more than its date: " - ", " · ", " • ", " | ", " / " between items,
# and a "Label:" item ("Datum: 19.11.2021 Autor: Fritz Imhof Quelle: Livenet").
_ITEM_BREAK = re.compile(
    r"\s+[-·•|/]\s+|\s*\|\s*|\s+(?=[^\W\d_][\w.]*(?: [^\W\d_][\w.]*)? ?:(?![0-9]))"
)
_MAX_ITEMS = 8


def _date_segment(line: str, fetched_at: datetime | None) -> str | None:
    """The item of a meta line that reads as one date, with a time of day that follows it
    as the next item: "02.02.2022 10:16 Uhr - 1. Bundesliga - PM Vereine" → "02.02.2022
    10:16 Uhr"; "22/11/2020 - 04:30 - Fonte: Agência Brasil" → "22/11/2020 - 04:30"."""
    items = [i for i in _ITEM_BREAK.split(line) if i and i.strip()]
    if not 1 < len(items) <= _MAX_ITEMS:
        return None
    seps = [m.group(0) for m in _ITEM_BREAK.finditer(line)]
    for i, item in enumerate(items):
        parsed = parse_date_line(item, fetched_at)
        if parsed.value is None or parsed.relative:
            continue
        text = item.strip()
        if i + 1 < len(items) and parsed.precision == "day" and _CLOCK.fullmatch(items[i + 1]):
            joined = f"{text}{seps[i]}{items[i + 1].strip()}"
            if parse_date_line(joined, fetched_at).precision == "minute":
                return joined
        return text
    return None


_CLOCK = re.compile(r"\s*[0-9]{1,2}[:h][0-9]{2}(?::[0-9]{2})?\s*(?:uhr|am|pm|h)?\s*", re.I)


def _title_date(el: etree._Element, line: str) -> str | None:
    """The absolute date a relative line carries in its ``title`` attribute (or its only
    child's): ``<span title="28/12/2023 14:55">2 giờ trước</span>``."""
    if not _RELATIVE_WORDS.search(line):
        return None
    for node in (el, *el.iterchildren()):
        title = (node.get("title") or "").strip()
        if title and is_date_line(title) and parse_date_line(title).value is not None:
            return title
    return None


def _is_capture_day(raw: str, fetched_at: datetime | None) -> bool:
    """A day-only date equal to the day the page was fetched: what a masthead clock shows."""
    if fetched_at is None:
        return False
    parsed = parse_date_line(raw, fetched_at)
    if parsed.value is None or parsed.precision != "day":
        return False
    return parsed.value.date() == fetched_at.astimezone(LOCAL_TZ).date()


def visible_date_line(
    root: etree._Element,
    fetched_at: datetime | None = None,
    anchor: etree._Element | None = None,
) -> VisibleDate | None:
    """The date line nearest the article's title, outside chrome and the masthead.

    Looks at short texts (≤ 120 characters) from 40 elements before the title to 150 after
    it; a published label beats no label beats an updated label, then the nearest wins. A
    day-only date equal to the fetch day before the title is a masthead clock, skipped.
    """
    anchor = anchor if anchor is not None else article_anchor(root)
    elements = list(root.iter(etree.Element))
    if not elements:
        return None
    at = _index(elements, anchor)
    if at is None:
        body = next(root.iter("body"), None)
        at = elements.index(body) if body is not None else 0
    lo, hi = max(0, at - _WINDOW_BEFORE), min(len(elements), at + _WINDOW_AFTER)
    found = _scan(elements, range(lo, hi), at, anchor, fetched_at, labelled_only=False)
    if not found:  # a date printed under a long article ("Stand: 09.10.2017", "Ngày cập nhật")
        container = _article_container(root, anchor)
        if container is not None:
            inside = _span(elements, container)
            tail = range(max(hi, inside.start), inside.stop)
            found = _scan(elements, tail, at, anchor, fetched_at, labelled_only=True)
    if not found:
        return None
    order = {"published": 0, "plain": 1, "updated": 2}
    return min(found, key=lambda v: (order[v.kind], v.distance))


def _index(elements: list[etree._Element], el: etree._Element | None) -> int | None:
    """Where ``el`` is in ``elements`` (None when it is not there)."""
    if el is None:
        return None
    try:
        return elements.index(el)
    except ValueError:
        return None


def _span(elements: list[etree._Element], el: etree._Element) -> range:
    """The indices of ``el`` and the elements inside it in ``elements`` (a page's elements in
    document order): from ``el`` to the first element after it that is not inside it."""
    start = elements.index(el)
    node: etree._Element | None = el
    while node is not None:
        after = node.getnext()
        while after is not None and not isinstance(after.tag, str):
            after = after.getnext()  # a comment or a processing instruction
        if after is not None:
            return range(start, elements.index(after, start))
        node = node.getparent()
    return range(start, len(elements))


def _article_container(
    root: etree._Element, anchor: etree._Element | None
) -> etree._Element | None:
    """The ``<article>``/``<main>`` holding the title, else the page's first one, else (a
    page of plain ``<div>``s, as most Vietnamese CMS themes are) the nearest block around the
    title that also holds the article's prose: three paragraphs of 80 characters or more."""
    if anchor is not None:
        for a in anchor.iterancestors():
            if a.tag in ("article", "main"):
                return a
    first = next(root.iter("article", "main"), None)
    if first is not None or anchor is None:
        return first
    for a in anchor.iterancestors():
        if a.tag in ("body", "html"):
            return None
        prose = 0
        for p in a.iter("p"):
            prose += len(p.text_content().strip()) >= _PROSE_CHARS
            if prose >= _PROSE_PARAGRAPHS:
                return a
    return None


def _scan(
    elements: list[etree._Element],
    indices: Iterable[int],
    at: int,
    anchor: etree._Element | None,
    fetched_at: datetime | None,
    labelled_only: bool,
) -> list[VisibleDate]:
    """Date lines among ``elements[indices]``: the outermost short element holding one date,
    outside chrome, the masthead and sentences; ``labelled_only`` keeps only strict date
    lines and labelled short texts."""
    found: list[VisibleDate] = []
    skip_to = -1
    holds_title = set(anchor.iterancestors()) if anchor is not None else set()
    judge = _Judge(anchor)
    for i in indices:
        if i <= skip_to:
            continue  # inside the last line taken (part of it), or in a box without a date
        el = elements[i]
        if el.tag not in _TEXT_TAGS or el is anchor or el in holds_title:
            continue  # the title's own text is not a date line, nor is a box around it
        leaf = not len(el)
        text = (el.text or "") if leaf else el.text_content()
        if len(text) > _MAX_RAW:
            continue
        chance = _date_chance(text, fetched_at)
        if chance == _NO_DATE:
            if not leaf:  # nor can any element inside it: their texts are parts of this one
                skip_to = i + sum(1 for _ in el.iterdescendants(etree.Element))
            continue
        if chance == _RELATIVE_ONLY and fetched_at is None and not _titled(el):
            continue  # a relative date needs the fetch time or a date in a title attribute
        if len(text) > _MAX_LINE and len("".join(text.split())) > _MAX_LINE:
            continue  # the line has at least these characters (it only adds spaces)
        line = _line_of(el)
        if len(line) > _MAX_LINE:
            continue
        if el.tag in _INLINE_TAGS and _inside_prose(el) and not _DATE_NAME.search(_name(el)):
            continue  # "Ngày <b>15/5/2024</b>, Ban Tuyên giáo …": a date in a sentence
        if judge.chrome(el) or judge.masthead(el):
            continue
        split = (
            split_date_line(line, fetched_at) or _short_date_text(line, fetched_at)
            if could_hold_date(line, relative=fetched_at is not None)
            else None
        )
        stated = _title_date(el, line)  # "2 giờ trước" with the date in its title attribute
        split = (stated, split[1] if split else "plain") if stated else split
        if split is None or (labelled_only and split[1] == "plain" and not is_date_line(line)):
            continue
        raw, kind = split
        # the outermost line holding a date; the elements inside it (next in document order)
        skip_to = i + sum(1 for _ in el.iterdescendants(etree.Element))
        if i < at and _is_capture_day(raw, fetched_at):
            continue
        found.append(VisibleDate(raw, kind, abs(i - at), i < at))
    return found


# What every date line's text holds (a necessary test, true of a text whenever it is true of
# a part of it): four digits in a row (a year) or digits around a dot ("31.10.23"), with the
# zero-width characters ``normalize_date_text`` drops allowed between them; else a word of a
# relative date ("2 giờ trước", "3 days ago"), looked for in lower case (the grammar's
# patterns ignore case).
_ZW = "[\u200b\u200c\u200d\u2060\ufeff\u00ad]*"
_MAY_DATE = re.compile(rf"[0-9](?:{_ZW}[0-9]){{3}}|[0-9]{_ZW}\.{_ZW}[0-9]")
_MAY_RELATIVE = re.compile("trước|cách|hôm|vừa|ago|vor")
_NO_DATE, _RELATIVE_ONLY, _MAY_HOLD = 0, 1, 2


def _date_chance(text: str, fetched_at: datetime | None) -> int:
    """Whether an element's text can hold a date line: ``_NO_DATE`` (nor can any part of
    it), ``_RELATIVE_ONLY`` (a relative date: read with ``fetched_at``, or as the absolute
    date in a ``title`` attribute) or ``_MAY_HOLD``. Relative words are looked for as printed
    and, when ``fetched_at`` can resolve them, as ``normalize_date_text`` hands them over."""
    if not _DIGIT.search(text):
        return _NO_DATE
    if _MAY_DATE.search(text):
        return _MAY_HOLD
    if _MAY_RELATIVE.search(text.lower()) or (
        fetched_at is not None and _MAY_RELATIVE.search(normalize_date_text(text).lower())
    ):
        return _RELATIVE_ONLY
    return _NO_DATE


def _titled(el: etree._Element) -> bool:
    """The element or a child has a ``title`` attribute (where ``_title_date`` looks)."""
    return any(node.get("title") is not None for node in (el, *el.iterchildren()))
