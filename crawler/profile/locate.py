"""Find the slots of one page against what a profile knows: which elements are template,
where the text that changes from page to page sits, the title, the date line and the lead.

Used twice: ``learn`` runs it on each new page to vote for the slots' paths, ``apply`` on a
page when the voted paths do not fit it (a page of a template the profile has not seen).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from lxml import etree

from crawler.profile.model import SiteProfile, ranked
from crawler.profile.page import HEADINGS, INLINE, PageView, label
from crawler.text.clean import is_date_line, label_byline, parse_views
from crawler.text.normalize import normalize_text

# The article container holds at least this share of the text that is not template.
CONTAINER_SHARE = 0.8
# A link list holds fewer characters than this outside its links (dates, counts, bullets).
LINK_LIST_TEXT = 300
# A block on this share of the pages is the site's, even where an article's own line
# (a date line, a byline) may repeat on a few pages: the masthead's "today" clock.
EVERY_PAGE = 0.8
# A container found at a voted path must hold this share of the page's varying text.
MIN_SHARE = 0.5
_TITLE_SPLIT = re.compile(r"\s+(?:\||-|–|—|::|»|«)\s+")


def words(text: str, most: int) -> int:
    """The number of words of ``text``, counted up to ``most + 1`` only (``len(text.split())``
    when that is ``most`` or fewer): a long text is not split to its end to say it is long."""
    return len(text.split(None, most))


def chrome_marks(
    page: PageView, profile: SiteProfile, min_pages: int | None = None
) -> set[etree._Element]:
    """Elements that are template on this page: a repeated block (on ``min_pages`` pages,
    by default the profile's ``chrome_min``), or inside one, or a link list in a slot
    that holds links on most pages. A link list has little text of its own: a column that
    holds the article beside its "Tin liên quan" is not one, however many links it has."""
    marked: set[etree._Element] = set()
    # ``is_chrome_key`` and ``is_link_list`` with their bars worked out once, not per element
    need = profile.chrome_min() if min_pages is None else min_pages
    counts, paths, nodes = profile.counts, profile.paths, page.nodes
    link_list = profile.chrome_min()
    for el in page.order:
        if el.getparent() in marked:
            marked.add(el)
            continue
        node = nodes[el]
        key = node.key
        if key is not None and counts.get(key, 0) >= need:
            marked.add(el)
        elif (
            node.chars
            and node.link_chars / node.chars >= 0.5
            and node.chars - node.link_chars < LINK_LIST_TEXT
            and el.tag not in INLINE
        ):
            stats = paths.get(node.path)
            if (
                stats is not None
                and stats[0] >= link_list
                and stats[1]
                and stats[2] / stats[1] >= 0.5
            ):
                marked.add(el)
    return marked


def site_wide(page: PageView, profile: SiteProfile) -> set[etree._Element]:
    """Template by a stricter bar (on ``EVERY_PAGE`` of the pages), for slots whose own
    line may repeat on a few pages: two articles of one day share their date line."""
    return chrome_marks(page, profile, max(2, math.ceil(EVERY_PAGE * profile.pages)))


def links_only(page: PageView, profile: SiteProfile) -> set[etree._Element]:
    """Only the link lists: a byline repeats on every page one person writes."""
    return chrome_marks(page, profile, 1 << 30)


def varying(
    page: PageView, chrome: set[etree._Element], skip: tuple[etree._Element | None, ...] = ()
) -> dict[etree._Element, int]:
    """Characters of text outside template and outside links, per element (its subtree);
    ``skip`` (the title, date line and sapo) counts as nothing, so that the container is
    the body's, not the box around title, sapo and body."""
    out: dict[etree._Element, int] = {}
    nodes = page.nodes
    for el in reversed(page.order):
        if el in chrome or el.tag == "a" or el in skip:
            out[el] = 0
            continue
        total = nodes[el].own
        for c in el:  # children that are not elements (comments) are in no node: 0
            total += out.get(c, 0)
        out[el] = total
    return out


def descend(page: PageView, var: dict[etree._Element, int]) -> etree._Element | None:
    """The deepest element that still holds ``CONTAINER_SHARE`` of the page's varying text."""
    total = var.get(page.body, 0)
    if total == 0:
        return None
    el = page.body
    while True:
        nxt = next(
            (c for c in el if isinstance(c.tag, str) and var.get(c, 0) >= CONTAINER_SHARE * total),
            None,
        )
        if nxt is None:
            return el
        el = nxt


def _fold(text: str) -> str:
    return " ".join(normalize_text(text).casefold().split())


def title_candidates(page: PageView) -> set[str]:
    """What the head says the title is: og:title, <title> and its parts around separators."""
    found: set[str] = set()
    for meta in page.root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").lower()
        if name in ("og:title", "twitter:title") and meta.get("content"):
            found.add(_fold(meta.get("content", "")))
    head_title = page.root.find(".//title")
    if head_title is not None and head_title.text:
        text = head_title.text
        found.add(_fold(text))
        found.update(_fold(part) for part in _TITLE_SPLIT.split(text) if len(part.split()) >= 2)
    return {t for t in found if t}


def find_title(
    page: PageView, chrome: set[etree._Element], wide: set[etree._Element]
) -> etree._Element | None:
    """The element whose text the head agrees is the title, headings first, judged against
    the site-wide template only (``wide``: the site name in the footer agrees with the
    "<title> - <site>" head too; monthly titles such as "Giao ban … tháng 7/2020" repeat,
    digits aside, on a few pages). Without that agreement (a ``<title>`` that is only the
    site name), the first heading of 3 words or more that is not template."""
    wanted = title_candidates(page)
    lengths = {len(t) for t in wanted}
    best: tuple[int, int] | None = None
    found = None
    for i, el in enumerate(page.order):
        node = page.nodes[el]
        if el in wide or not node.text or len(node.text) > 600:
            continue
        # (folding is the costly part: only texts about as long as a candidate get there)
        if any(abs(len(node.text) - n) <= 3 for n in lengths) and _fold(node.text) in wanted:
            rank = 0 if el.tag in HEADINGS else 1 if "title" in (el.get("class") or "") else 2
            if best is None or (rank, -i) < best:  # best rank; among equals, the deepest
                best, found = (rank, -i), el
    if found is not None:
        return found
    for el in page.order:
        node = page.nodes[el]
        if el.tag in HEADINGS and el not in chrome and len(node.text.split()) >= 3:
            return el
    return None


def find_date_line(
    page: PageView, chrome: set[etree._Element], title: etree._Element | None
) -> etree._Element | None:
    # (nearest the title in document order: before it or after it, the first date line
    # a reader's eye meets around the headline)
    """The smallest element that is only a date line, not template, nearest after the
    title (or nearest the top when there is none)."""
    start = page.order.index(title) if title is not None and title in page.nodes else 0
    best = None
    linked: set[etree._Element] | None = None  # links and what they hold, found once
    for i, el in enumerate(page.order):
        node = page.nodes[el]
        if not node.text or len(node.text) > 120 or el in chrome:
            continue
        if linked is None:
            linked = {d for a in page.root.iter("a") for d in a.iter()}
        if el in linked or not is_date_line(node.text):
            continue
        if any(is_date_line(page.nodes[c].text) for c in el if c in page.nodes):
            continue  # a child is the date line itself
        distance = abs(i - start)
        if best is None or distance < best[0]:
            best = (distance, el)
    return best[1] if best else None


def _descriptions(page: PageView) -> set[str]:
    found = set()
    for meta in page.root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").lower()
        if name in ("description", "og:description") and meta.get("content"):
            found.add(_fold(meta.get("content", "")).rstrip(". …"))
    return {d for d in found if len(d.split()) >= 8}


def _one_of_many(page: PageView, el: etree._Element) -> bool:
    """A paragraph among paragraphs in the same slot (the body's first one, whose teaser
    the description repeats), not a sapo of its own."""
    parent = el.getparent()
    if parent is None:
        return False
    path = page.nodes[el].path
    same = [c for c in parent if c is not el and c in page.nodes and page.nodes[c].path == path]
    return any(page.nodes[c].chars for c in same)


def find_lead(page: PageView, chrome: set[etree._Element]) -> etree._Element | None:
    """The sapo: the smallest block whose text the page's description repeats (a
    description cut from the body's first paragraph does not make it a sapo)."""
    wanted = _descriptions(page)
    if not wanted:
        return None
    low = min(len(d) for d in wanted) * 0.9
    high = max(len(d) for d in wanted) / 0.6 + 10
    found = None
    for el in page.order:
        if el in chrome or el.tag in INLINE or not low <= len(page.nodes[el].text) <= high:
            continue
        text = _fold(page.nodes[el].text).rstrip(". …")
        if len(text.split()) < 8:
            continue
        if any(text == d or (text.startswith(d) and len(d) >= 0.6 * len(text)) for d in wanted):
            found = el  # keep going: a deeper element may hold the same text
    if found is not None and _one_of_many(page, found):
        return None
    return found


_SENTENCE_END = (".", "!", "?", "…", '."', ".\u201d", "!\u201d", "?\u201d", ".)")


def _apart(el: etree._Element) -> bool:
    """A leaf block: its children are inline (``<p><b>…</b></p>``), no image among them
    or just before it (that is a caption), not in a figure."""
    if any(not isinstance(c.tag, str) or c.tag not in INLINE or c.tag == "img" for c in el):
        return False
    prev = el.getprevious()
    if prev is not None and (prev.tag == "img" or prev.find(".//img") is not None):
        return False
    return not any(a.tag in ("figure", "figcaption", "a") for a in el.iterancestors())


def _emphasised(el: etree._Element) -> bool:
    """All of the block's text is in one ``<b>``/``<strong>``/``<em>``/``<i>``."""
    kids = [c for c in el if isinstance(c.tag, str)]
    return (
        len(kids) == 1
        and kids[0].tag in ("b", "strong", "em", "i")
        and not (el.text or "").strip()
        and not (kids[0].tail or "").strip()
    )


def _set_apart_inside(
    page: PageView, el: etree._Element, container: etree._Element, rest: list[etree._Element]
) -> bool:
    """A block at the top of the container that is not one of the paragraphs after it
    (two at least): wholly bold or italic, or in a slot with a class of its own, and
    either in another element than they are or of another kind (``div.sapo`` before
    ``p``s)."""
    paragraphs = [p for p in rest if len(page.nodes[p].text.split()) >= 5]
    if len(paragraphs) < 2:
        return False
    first = paragraphs[0]
    parent = el.getparent()
    if first.getparent() is parent and label(first) == label(el):
        return False
    named = bool(el.get("class")) or (
        parent is not None and parent is not container and bool(parent.get("class"))
    )
    return named or _emphasised(el)


def _prose_apart(page: PageView, el: etree._Element, chrome: set[etree._Element]) -> bool:
    node = page.nodes[el]
    text = node.text
    if el in chrome or el.tag in INLINE or el.tag in HEADINGS:
        return False
    if len(text.split()) < 8 or len(text) > 600 or node.link_chars * 2 > node.chars:
        return False
    if not text.endswith(_SENTENCE_END) or not _apart(el):
        return False
    return not (is_date_line(text) or label_byline(text) or is_views(text))


def lead_before(
    page: PageView,
    chrome: set[etree._Element],
    container: etree._Element,
    title: etree._Element | None,
    taken: tuple[etree._Element | None, ...] = (),
) -> etree._Element | None:
    """The sapo of a page whose head gives no description: the first block of prose (8
    words or more, a finished sentence, mostly not links) set apart after the title —
    between it and the article container, or at the top of the container when it is
    set apart from the paragraphs that follow (``_set_apart_inside``). Never template,
    a date line, a byline, a view count or a caption (a block after an image)."""
    if title is None or title not in page.nodes:
        return None
    start, end = page.order.index(title), page.order.index(container)
    for el in page.order[start + 1 : end]:
        if el in taken or title in el.iterancestors() or not _prose_apart(page, el, chrome):
            continue
        if not _one_of_many(page, el):
            return el
    inside = [e for e in container.iter() if e is not container and e in page.nodes]
    if title in inside:  # the container holds the title: its top is below it
        inside = inside[inside.index(title) + 1 :]
    blocks = [e for e in inside if e.tag not in INLINE and e not in taken and e not in chrome]
    leaves = [
        e
        for e in blocks
        if page.nodes[e].text and not any(c.tag not in INLINE for c in e if isinstance(c.tag, str))
    ]
    for i, el in enumerate(leaves):
        if len(page.nodes[el].text.split()) < 8:
            continue
        if not _prose_apart(page, el, chrome) or _one_of_many(page, el):
            return None  # the first prose block of the container is a paragraph
        return el if _set_apart_inside(page, el, container, leaves[i + 1 :]) else None
    return None


def find_byline(
    page: PageView, chrome: set[etree._Element], container: etree._Element
) -> etree._Element | None:
    """A labelled byline ("Tác giả: Thu Hà", "Tin, ảnh: Ngọc Anh") outside the article
    container, the smallest element that holds it. One inside the container is left to
    the clean stage, which reads bylines at the end of the body."""
    found = None
    inside = set(container.iter())  # the container and what it holds
    for el in page.order:
        if el in chrome or el in inside:
            continue
        text = page.nodes[el].text
        if text and words(text, 15) <= 15 and label_byline(text):
            found = el  # keep going: a deeper element holds the same line
    return found


@lru_cache(maxsize=16384)  # counters and menu lines repeat on every page of a site
def is_views(text: str) -> bool:
    """A labelled view count ("Lượt xem: 1.234", "Đã xem: 56"), not a bare number."""
    return (
        words(text, 12) <= 12 and any(c.isalpha() for c in text) and parse_views(text) is not None
    )


def find_views(page: PageView, links: set[etree._Element]) -> etree._Element | None:
    """The smallest element holding the article's view count."""
    found = None
    for el in page.order:
        if el not in links and el.tag != "a" and is_views(page.nodes[el].text):
            found = el  # keep going: a deeper element holds the same count
    return found


def at_path(page: PageView, path: str) -> list[etree._Element]:
    return [el for el in page.order if page.nodes[el].path == path]


def pick_container(
    page: PageView, profile: SiteProfile, var: dict[etree._Element, int]
) -> tuple[etree._Element | None, bool]:
    """The container at the most voted path this page has (holding at least
    ``MIN_SHARE`` of its varying text), else the one read off the page itself; and
    whether it came from the votes. A site with two article templates has two paths."""
    total = var.get(page.body, 0)
    for path in ranked(profile.container)[:3]:
        found = max(at_path(page, path), key=lambda el: var.get(el, 0), default=None)
        if found is not None and total and var.get(found, 0) >= MIN_SHARE * total:
            return found, True
    return descend(page, var), False


def relative(path: str, container_path: str) -> str | None:
    """A descendant's path below the container's (``p``, ``div.x/p``), or None."""
    if path.startswith(container_path + "/"):
        return path[len(container_path) + 1 :]
    return None
