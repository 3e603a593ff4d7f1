"""Apply a CMS family's selectors to a page: HTML → ``Extracted`` (a pure function).

The engine knows HTML, not Vietnamese: it finds the title, the date line, the
lead and the body container, walks the body into ``Block``s that keep what the
markup says (caption, heading, alignment, position after an image), and
collects machine-readable dates. Deciding which block is chrome, a byline or a
caption by its words is the clean stage's job (``crawler/text/clean.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy
from functools import lru_cache, partial
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from crawler.cms.base import Family
from crawler.finders.body import find_body_and_heading
from crawler.finders.byline import find_byline
from crawler.finders.captions import find_captions, mark_captions
from crawler.finders.dates import article_anchor, day_first, machine_dates, visible_date_line
from crawler.finders.title import (
    article_area,
    better_than_stated,
    find_title_how,
    title_element,
)
from crawler.finders.views import find_views_text
from crawler.items import Block, BlockKind, Extracted

GENERIC = "generic"

_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b\u200c\u200d\ufeff]+")
BLOCK_TAGS = frozenset(
    """p div h1 h2 h3 h4 h5 h6 li ul ol blockquote table tbody thead tr td th figure figcaption
    section article header footer aside pre dl dt dd center address hr main""".split()
)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
REMOVE_TAGS = (
    "script",
    "style",
    "noscript",
    "form",
    "iframe",
    "button",
    "input",
    "select",
    "textarea",
    "svg",
    "template",
    "object",
    "embed",
)
HIDDEN_CLASSES = frozenset({"hidden", "hide", "d-none", "sr-only", "visually-hidden"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_ALIGN_STYLE = re.compile(r"text-align\s*:\s*(right|center|justify|left)", re.I)
_ALIGN_CLASS = re.compile(r"\b(?:text-|align)(right|center)\b", re.I)
CAPTION_SELECTORS = (
    "figcaption",
    ".wp-caption-text",
    ".image-caption",
    ".caption",
    "td.image-desc",
    ".td-image-desc",
    ".PhotoCMS_Caption",
)
_META_DATE_NAMES = {
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "dc.date.issued",
    "dc.date",
    "date",
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
}


@lru_cache(maxsize=2048)
def css(selector: str) -> CSSSelector:
    """A compiled CSS selector (cached: families reuse the same few hundred).

    ``:contains()`` is refused: cssselect compiles it to an XPath extension function
    that a cached selector loses in lxml 6 (the next page fails with
    "XPath function lower-case not found"). Select by structure instead.
    """
    if ":contains(" in selector:
        raise ValueError(f"{selector!r}: ':contains()' is not supported; select by structure")
    return CSSSelector(selector)


def text_of(el: etree._Element) -> str:
    """Visible text of an element, white space folded; a ``<br>`` and the edges of each
    block inside it (``<p>``, ``<li>``, ``<td>`` …) kept as line breaks, so
    ``<ul><li>ý một</li><li>ý hai</li></ul>`` is two lines, never "ý mộtý hai"."""
    return _clean_lines(_raw_text(el))


def _raw_text(el: etree._Element) -> str:
    """The text of ``el`` with "\n" for each ``<br>`` and around each block inside it."""
    parts: list[str] = []
    _collect_text(el, parts)
    return "".join(parts)


def _collect_text(el: etree._Element, parts: list[str]) -> None:
    # Appends to one list: a chain of generators (``yield from`` at each level) costs a
    # step per level for every piece of text, which made deep markup slow to read.
    tag = el.tag
    if isinstance(tag, str):
        if tag == "br":
            parts.append("\n")
        elif el.text:
            parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            if child.tag in BLOCK_TAGS:
                parts.append("\n")
                _collect_text(child, parts)
                parts.append("\n")
            else:
                _collect_text(child, parts)
        if child.tail:
            parts.append(child.tail)


_NOT_OR_ATTR = re.compile(r":not\([^)]*\)|\[[^\]]*\]|:[\w-]+\([^)]*\)")
_TOKEN = re.compile(r"[.#]([A-Za-z_][\w-]*)")


@lru_cache(maxsize=4096)
def required_tokens(selector: str) -> tuple[tuple[str, ...], ...]:
    """Class and id names each comma branch of a selector needs on the page.

    ``"div.td-post-content.tagdiv-type, .entry-content"`` →
    ``(("td-post-content", "tagdiv-type"), ("entry-content",))``. A page whose text
    lacks a branch's names cannot match that branch: no need to walk the tree.
    """
    plain = _NOT_OR_ATTR.sub("", selector)  # first, so commas inside them do not split
    return tuple(tuple(_TOKEN.findall(branch)) for branch in plain.split(","))


# What proves a selector cannot match: the page's HTML (a name not in it is on no element),
# or, sharper, the set of class names and ids its elements carry (``page_names``).
PageNames = str | frozenset[str]
# Two paths, not one union: libxml2 merges a union's node sets with a duplicate check per
# node, quadratic on a page of 300,000 links (minutes); each path alone is linear.
_CLASSES = etree.XPath("//@class", smart_strings=False)
_IDS = etree.XPath("//@id", smart_strings=False)


def page_names(root: etree._Element) -> frozenset[str]:
    """Every class name and id the elements of ``root`` carry.

    A theme's stylesheet and scripts name many classes no element of the page has (the
    tagDiv themes inline theirs in the ``<head>``); looked up here, the selectors built
    on them are skipped instead of walked. Still true after elements are removed.
    """
    # One split of all the class attributes joined: a space between two never joins names.
    names = set(" ".join(_CLASSES(root)).split())
    names.update(_IDS(root))
    return frozenset(names)


def may_match(selector: str, text: PageNames | None) -> bool:
    """False only when the page (its HTML or ``page_names``) proves the selector cannot match."""
    if text is None:
        return True
    return any(all(t in text for t in branch) for branch in required_tokens(selector))


def first(
    root: etree._Element, selectors: Iterable[str], text: PageNames | None = None
) -> etree._Element | None:
    """The first element matched by the first selector that matches anything.

    Families list fallbacks for other themes; ``text`` (the page's HTML, or its
    ``page_names``) lets the selectors whose class names the page lacks be skipped unwalked.
    """
    for sel in selectors:
        if not may_match(sel, text):
            continue
        found = css(sel)(root)
        if found:
            return found[0]
    return None


def first_text(
    root: etree._Element, selectors: Iterable[str], text: PageNames | None = None
) -> str | None:
    el = first(root, selectors, text)
    if el is None:
        return None
    return " ".join(text_of(el).split("\n")) or None


def _is_hidden(el: etree._Element) -> bool:
    get = el.get
    classes = get("class")
    if classes and not HIDDEN_CLASSES.isdisjoint(classes.split()):
        return True
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    return get("hidden") is not None or get("aria-hidden") == "true"


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    el.drop_tree()


def prune(container: etree._Element, drop: Iterable[str], text: PageNames | None = None) -> None:
    """Remove chrome the family names, non-content tags and hidden elements, in place.

    ``text`` (see ``may_match``) lets the selectors whose class names it lacks be skipped."""
    for sel in drop:
        for el in css(sel)(container) if may_match(sel, text) else ():
            if el is not container:
                _drop(el)
    for el in list(container.iter(*REMOVE_TAGS)):
        _drop(el)
    for el in list(container.iter()):
        if el is not container and isinstance(el.tag, str) and _is_hidden(el):
            _drop(el)
    for el in list(container.iter(etree.Comment)):
        _drop(el)


def _align(el: etree._Element) -> str | None:
    if not el.attrib:
        return None
    style = el.get("style")
    m = _ALIGN_STYLE.search(style) if style else None
    if m and m.group(1).lower() in ("right", "center"):
        return m.group(1).lower()
    align = (el.get("align") or "").lower()
    if align in ("right", "center"):
        return align
    classes = el.get("class")
    m = _ALIGN_CLASS.search(classes) if classes else None
    return m.group(1).lower() if m else None


def _has_block_child(el: etree._Element) -> bool:
    return any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el)


_EMPHASIS_TAGS = ("em", "i", "strong", "b")


def _holders(root: etree._Element, found: Iterable[etree._Element]) -> set[etree._Element]:
    """The elements of ``root`` (itself included) that hold one of ``found`` below them:
    one walk up from each instead of a search down from every element asked about."""
    out: set[etree._Element] = set()
    for el in found:
        for above in el.iterancestors():
            if above in out:
                break  # its ancestors are in already
            out.add(above)
            if above is root:
                break
    return out


def _emphasis(el: etree._Element, text: str) -> bool:
    """Most of the block's text is bold or italic (the outermost ``em``/``b`` … inside it)."""
    marks = list(el.iter(*_EMPHASIS_TAGS))
    if not marks or not text:
        return False
    if any(a.tag in _EMPHASIS_TAGS for a in el.iterancestors()):
        return False  # every mark inside has an emphasis ancestor above ``el``: none counts

    def outermost(e: etree._Element) -> bool:
        for a in e.iterancestors():
            if a is el:
                return True
            if a.tag in _EMPHASIS_TAGS:
                return False
        return True

    emph = "".join(_raw_text(e) for e in marks if e.getparent() is not None and outermost(e))
    return len(_WS.sub("", emph)) >= len(_WS.sub("", text)) * 0.9


def body_blocks(
    body: etree._Element, caption_selectors: Iterable[str] = (), names: PageNames | None = None
) -> list[Block]:
    """Walk a pruned body container into blocks, in document order.

    ``names``: the ``page_names`` of the page the body is in (see ``may_match``), so the
    caption selectors naming classes the page lacks are not walked."""
    caption_els: set[etree._Element] = set()
    for sel in (*CAPTION_SELECTORS, *caption_selectors):
        if may_match(sel, names):
            caption_els.update(css(sel)(body))
    # Which elements hold an image or a caption below them, found once (the walk asks
    # of every element; searching each one's subtree made the walk quadratic in depth).
    with_image = _holders(body, body.iter("img"))
    with_caption = _holders(body, caption_els)
    blocks: list[Block] = []
    state = {"after_image": False}
    inline: list[str] = []

    def flush_inline(align: str | None = None) -> None:
        text = _clean_lines("".join(inline))
        inline.clear()
        for part in _paragraphs(text):
            blocks.append(Block(text=part, align=align, after_image=state["after_image"]))
            state["after_image"] = False

    def walk(el: etree._Element, inherited_align: str | None) -> None:
        align = _align(el) or inherited_align
        if el in caption_els:
            text = _clean_lines(" ".join(text_of(el).split("\n")))
            if text:
                blocks.append(Block(text=text, kind="caption", align=align, after_image=True))
            state["after_image"] = False
            return
        if el.tag == "img":
            state["after_image"] = True
            return
        is_block = el.tag in BLOCK_TAGS
        if is_block and not _has_block_child(el) and el not in with_caption:
            text = text_of(el)
            if el in with_image and not text:
                state["after_image"] = True
                return
            if text:
                kind: BlockKind = (
                    "heading" if el.tag in HEADING_TAGS else "list" if el.tag == "li" else "text"
                )
                for part in _paragraphs(text):
                    blocks.append(
                        Block(
                            text=part,
                            kind=kind,
                            align=align,
                            after_image=state["after_image"],
                            emphasis=_emphasis(el, text),
                        )
                    )
                    state["after_image"] = False
            return
        # A container: its own text and inline children form paragraphs between block children.
        if el.text:
            inline.append(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                if child.tail:
                    inline.append(child.tail)
                continue
            if (
                child.tag in BLOCK_TAGS
                or child in caption_els
                or child.tag == "img"
                or (child in with_image and not text_of(child))
            ):
                flush_inline(align)
                walk(child, align)
            elif child.tag == "br":
                inline.append("\n")
            else:
                inline.append(_raw_text(child))
            if child.tail:
                inline.append(child.tail)
        flush_inline(align)

    walk(body, None)
    return blocks


def _clean_lines(raw: str) -> str:
    # ``_WS`` holds no line break: one pass over the text is one pass per line.
    lines = [line.strip() for line in _WS.sub(" ", raw).split("\n")]
    return "\n".join(line for line in lines if line)


def _paragraphs(text: str) -> list[str]:
    """Lines of one block element. Vietnamese CMS bodies often separate paragraphs, and
    the byline from the last paragraph, with ``<br>`` only, so each line is a block."""
    return [line for line in text.split("\n") if line]


def lead_text(el: etree._Element, family: Family, page: PageNames | None = None) -> str | None:
    """The sapo's text without the photo a theme floats inside it.

    NukeViet 3 puts the home image and its note in ``#hometext``:
    ``<div id="imghome"><img …><p><em>Quang cảnh hội nghị</em></p></div>Ngày 22/3 …``
    must give "Ngày 22/3 …", not the note glued to the sapo.
    """
    copy = deepcopy(el)
    prune(copy, (*family.drop, *family.captions, *CAPTION_SELECTORS), page)
    for wrapper in list(copy.iter("figure", "table", "div")):
        if wrapper is not copy and wrapper.getparent() is not None and wrapper.xpath(".//img"):
            wrapper.drop_tree()
    return " ".join(text_of(copy).split()) or None


def _join(base: str, href: str) -> str | None:
    """``urljoin`` that gives None for a link it cannot read (``http://[bad``) instead of
    raising: one malformed ``<img src>`` must not cost the whole article."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None


# A page that closes neither ``</body>`` nor ``</html>`` in its last 64 KB was cut short
# (a dropped connection, a size cap); complete pages close both, junk after them is fine.
_PAGE_END = re.compile(r"</(?:body|html)\s*>", re.I)
_PAGE_END_BYTES = re.compile(rb"</(?:body|html)\s*>", re.I)
_END_WINDOW = 65536
TOO_DEEP = "markup nested too deep"
_XML_DECLARATION = re.compile(r"^[\ufeff\s]*<\?xml[^>]*>")


def page_is_cut(html: str | bytes) -> bool:
    """True when the markup stops before the page's end tags (see ``_PAGE_END``)."""
    start = max(0, len(html) - _END_WINDOW)
    if isinstance(html, bytes):
        return _PAGE_END_BYTES.search(html, start) is None
    return _PAGE_END.search(html, start) is None


# Every element an ``HtmlElement`` (``text_content``, ``drop_tree`` …), chosen in C: lxml.html's
# own lookup is a Python call for each element the code touches (it only adds form-field
# classes, which nothing here uses), a few per cent of the whole extraction.
_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def parse_html(html: str | bytes, huge: bool = True) -> etree._Element:
    """Parse a page; raises ``ValueError`` when there is no HTML to read.

    libxml2 stops at 256 levels of nesting by default and silently drops the rest of the
    page: old pages that never close a ``<font>`` or ``<div>`` per paragraph get there, and
    the article would come out cut without a word. ``huge`` lifts the limit to 2048; past
    that the page is refused (``TOO_DEEP``) rather than read in half.
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html.strip():
        raise ValueError("empty page")
    # XHTML pages open with '<?xml version="1.0" encoding="utf-8"?>', which lxml refuses in
    # an already decoded string; the text is decoded, so the declaration says nothing here.
    html = _XML_DECLARATION.sub("", html, count=1)
    # Comments and processing instructions go at parse time: nothing reads them, and the
    # generic body finder (trafilatura) loses the text that follows one inside a paragraph.
    parser = lxml.html.HTMLParser(huge_tree=huge, remove_comments=True, remove_pis=True)
    parser.set_element_class_lookup(_LOOKUP)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"unparsable HTML: {exc}") from None
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise ValueError(f"{TOO_DEEP}: the parser dropped what follows")
    return root


def extract(
    html: str | bytes,
    url: str,
    family: Family,
    generic: bool = True,
    tree: etree._Element | None = None,
) -> Extracted:
    """Apply ``family`` to one article page; each field its selectors miss falls through.

    The family is a hint, not a gate: a title, byline, view counter or body its
    selectors do not find comes from the generic finders (``crawler/finders``), and the
    family's ``drop`` rules still keep its chrome out of a generic body. ``generic=False``
    gives the family's selectors alone (for checking a family). Fields taken from a
    generic finder are listed in ``generic_fields``. ``tree``: ``html`` already parsed
    (``parse_html``), read and changed in place.
    """
    out = Extracted(url=url, cms=family.name)
    try:
        root = tree if tree is not None else parse_html(html)
    except ValueError as exc:
        out.problem = str(exc)
        return out
    canonical = root.xpath("//link[@rel='canonical']/@href")
    out.canonical_url = _join(url, canonical[0].strip()) if canonical else None
    anchor = article_anchor(root)
    out.meta_dates = machine_dates(root, anchor)
    out.day_first = day_first(root)
    page = html if isinstance(html, str) else None
    names = page_names(root)
    title_el = first(root, family.title, names)
    if title_el is not None:
        out.title = " ".join(text_of(title_el).split("\n")) or None
    out.date_line = first_text(root, family.date_line, names)
    if out.date_line is None:  # generic finder; ranked after the machine dates
        found = visible_date_line(root, anchor=anchor)
        out.visible_date = found.raw if found is not None else None
        out.visible_before_title = found is not None and found.before_title
    out.updated_raw = first_text(root, family.updated, names) if family.updated else None
    out.views_text = first_text(root, family.views, names)
    out.author = first_text(root, family.byline, names)
    out.category = first_text(root, family.category, names)
    out.tags = _unique(
        " ".join(text_of(el).split())
        for sel in family.tags
        if may_match(sel, names)
        for el in css(sel)(root)
    )
    lead_el = first(root, family.lead, names)
    body = first(root, family.body, names)
    outside_captions: list[str] = []
    for sel in family.captions:
        for el in css(sel)(root) if may_match(sel, names) else ():
            if body is not None and (el is body or body in el.iterancestors()):
                continue
            if not _is_hidden(el) and not any(_is_hidden(a) for a in el.iterancestors()):
                outside_captions.append(" ".join(text_of(el).split()))
    out.captions = _unique(c for c in outside_captions if c)
    weak_title = _fill_fields(out, root, url, title_el, page) if generic else None
    if lead_el is not None and (body is None or lead_el not in body.iterancestors()):
        out.lead = lead_text(lead_el, family, names)
        if body is not None and lead_el in body.iter():
            lead_el.drop_tree()
    # A page that stops before its end tags lost something, even when the body container
    # closed before the cut: the byline, the tags or the date may sit after it (NukeViet's
    # "Tác giả:" follows the body). Half an article is never stored as good.
    truncated = page_is_cut(html)
    if body is not None:
        out.images = _body_images(body, url)
        prune(body, family.drop, names)
        out.blocks = body_blocks(body, family.captions, names)
    if not out.blocks:
        if truncated and body is None:
            # No container closed before the cut, so nothing says where the article
            # ended; a generic finder on a cut page takes whatever is left (on replica
            # pages cut mid-body: the masthead and the lead). A problem, not an article.
            out.problem = "truncated page"
            return out
        if not generic:
            out.problem = "no body container matched" if body is None else "empty body"
            return out
        _generic_body(out, root, url, family, page, names, weak_title)
        if not out.blocks:
            return out
    if truncated:
        # The download stopped inside the article: keep the part that is there for a human
        # to see, but never as a good article (the crawl stores nothing with a problem).
        out.problem = "truncated page"
    return out


def _body_images(body: etree._Element, url: str) -> list[str]:
    return _unique(
        link for src in body.xpath(".//img/@src") if src.strip() and (link := _join(url, src))
    )


def _fill_fields(
    out: Extracted,
    root: etree._Element,
    url: str,
    title_el: etree._Element | None,
    page: str | None,
) -> str | None:
    """Title, byline and view counter from the generic finders where the family missed.

    Returns how a title no heading confirmed was found ("stated", "h1", …), else None.
    """

    weak_title = None  # how the title was found, when no heading the <title> confirms
    if not out.title:
        out.title, how = find_title_how(root, url)
        if out.title:
            out.generic_fields.append("title")
            title_el = title_element(root, out.title)
            weak_title = how if how != "heading" else None
    area = article_area(title_el)
    if not out.views_text:
        out.views_text = find_views_text(area)
        if out.views_text:
            out.generic_fields.append("views")
    if not out.author:
        # A hint only: the cleaner prefers a byline it finds in the text.
        out.byline_guess = find_byline(root, page, area)
    return weak_title


def _generic_body(
    out: Extracted,
    root: etree._Element,
    url: str,
    family: Family,
    page: str | None,
    names: PageNames | None = None,
    weak_title: str | None = None,
) -> None:
    """The generic main-content finder, with the family's chrome rules applied first."""

    captions = find_captions(root, page, names)  # first: the body finder prunes the tree
    drop = [
        *hidden_xpath(page, names),
        *(css(sel).path for sel in family.drop if may_match(sel, names)),
    ]
    out.blocks, heading = find_body_and_heading(
        root, url, drop, family.captions, walk=partial(body_blocks, names=names), tidy=_tidy
    )
    if not out.blocks:
        out.problem = "no article text found (generic extraction)"
        return
    if heading and weak_title and out.title and better_than_stated(heading, out.title, weak_title):
        # The <title> said "Chi tiết bài viết"; the heading right above the text says more.
        out.title = heading
    mark_captions(out.blocks, captions)
    out.generic_fields.append("body")
    if family.name != GENERIC:
        out.cms = f"{family.name}+{GENERIC}"
    out.problem = None


_HIDING = tuple(sorted(HIDDEN_CLASSES | {"hide-accessible", "screen-reader-text"}))


def hidden_xpath(page: str | None, classes: PageNames | None = None) -> list[str]:
    """An XPath of the elements hidden from the eye, for the generic body finder (the
    screen-reader headings "Chi tiết bài viết", "Điều hướng" of Liferay themes); only the
    hiding marks the page's text holds are tested, so most pages need one short test.
    ``classes`` (the page's ``page_names``, a set) answers for the class names at once."""
    held = page if classes is None else classes
    names = [name for name in _HIDING if held is None or name in held]
    tests = []
    if names:
        # Plain ``contains(@class, name)`` first: the padded, normalised test that makes it
        # exact builds two strings per element, so it runs only where a name is there.
        rough = " or ".join(f"contains(@class, '{name}')" for name in names)
        exact = " or ".join(
            f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in names
        )
        tests.append(f"(@class and ({rough}) and ({exact}))")
    if page is None or "display" in page:
        tests.append("(@style and contains(translate(@style, ' ', ''), 'display:none'))")
    if page is None or "hidden" in page:
        tests += ["@hidden", "@aria-hidden='true'"]
    # Relative (the tree's root and what it holds), so that on a container it reads the
    # container's own elements only.
    return [f"descendant-or-self::*[{' or '.join(tests)}]"] if tests else []


def _tidy(container: etree._Element) -> None:
    """Non-content tags, hidden elements and comments out (``prune`` with no family rule)."""
    prune(container, ())


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)
