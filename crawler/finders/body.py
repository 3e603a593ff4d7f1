"""The article body of a page no family selector found, as blocks.

The main-content finding is trafilatura's (a maintained, general extractor; its fast
mode reads the page once, with no second-opinion extractors): it returns its own small
XML (``<p>``, ``<head>``, ``<list><item>``, ``<table><row><cell>``, ``<quote>``,
``<lb/>``, ``<graphic>``). This module turns that into the same ``Block``s the family
engine makes, without glue and without loss:

* every ``<item>`` and ``<lb/>`` line is its own block: "ý một" and "ý hai" never
  become "ý mộtý hai", and a byline under the last paragraph after a ``<br>`` stays a
  line of its own for the cleaner to find; a table row is one line, its cells
  separated by " | " (a one-cell row, a layout table, gives its lines);
* the text trafilatura leaves in an element's *tail* (after a ``<head>``, after a
  ``<list>``) is kept, where joining ``itertext()`` of each child dropped it.

The family's chrome rules still apply: its ``drop`` selectors are pruned from the page
before the finder sees it, so a family variant whose body container moved keeps its
share buttons and related lists out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from lxml import etree

from crawler.finders.title import heading_before
from crawler.items import Block, BlockKind

# The family engine's body walk and pruning, handed in by the engine (which imports the
# finders, so the finders never import it back).
Walk = Callable[[etree._Element, tuple[str, ...]], list[Block]]
Tidy = Callable[[etree._Element], None]

# trafilatura's output elements that start a new block.
_BLOCKS = frozenset(
    {"p", "head", "list", "item", "table", "row", "cell", "quote", "code", "div", "lb", "graphic"}
)


def _lines(el: etree._Element) -> Iterator[str]:
    """The text of one output element, "\\n" at every block boundary and line break."""
    if el.text:
        yield el.text
    for child in el:
        if not isinstance(child.tag, str):
            pass
        elif child.tag in _BLOCKS:
            yield "\n"
            yield from _lines(child)
            yield "\n"
        else:
            yield from _lines(child)
        if child.tail:
            yield child.tail


_CONTAINERS = frozenset({"list", "table", "row", "cell", "div", "quote"})
_STRUCTURE = frozenset({"item", "row", "cell", "p", "list", "head", "table", "quote"})


def _is_data_row(row: etree._Element) -> bool:
    """Two or more cells with text and no paragraphs inside: a row of data, not of layout.

    District portals lay the page out in a table (menu cell, article cell); the article
    cell holds paragraphs and headings, which must stay blocks of their own.
    """
    cells = [c for c in row if c.tag == "cell"]
    if any(isinstance(g.tag, str) and g.tag in _STRUCTURE for c in cells for g in c):
        return False
    return sum(1 for c in cells if "".join(c.itertext()).strip()) > 1


def _split(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def blocks_of(body: etree._Element) -> list[Block]:
    """trafilatura's ``<body>`` → blocks: one per paragraph, line, list item and cell."""
    blocks: list[Block] = []
    after_image = False

    def add(text: str, kind: BlockKind) -> None:
        nonlocal after_image
        for line in _split(text):
            blocks.append(Block(text=line, kind=kind, after_image=after_image))
            after_image = False

    def walk(el: etree._Element) -> None:
        nonlocal after_image
        tag = el.tag
        if tag == "graphic":
            after_image = True
        elif tag == "row" and _is_data_row(el):
            # A row of a data table is one line, its cells apart: "1 | Kyle Busch | 5041".
            cells = [" ".join(_split("".join(_lines(c)))) for c in el if c.tag == "cell"]
            add(" | ".join(c for c in cells if c), "text")
        elif tag in _CONTAINERS and any(isinstance(c.tag, str) and c.tag in _STRUCTURE for c in el):
            if el.text and el.text.strip():
                add(el.text, "text")
            for child in el:
                if isinstance(child.tag, str):
                    walk(child)
                if child.tail and child.tail.strip():
                    add(child.tail, "text")
        else:
            kind: BlockKind = "heading" if tag == "head" else "list" if tag == "item" else "text"
            add("".join(_lines(el)), kind)

    if body.text and body.text.strip():
        add(body.text, "text")
    for child in body:
        if isinstance(child.tag, str):
            walk(child)
        if child.tail and child.tail.strip():
            add(child.tail, "text")
    return blocks


def _main_blocks(root: etree._Element, url: str, prune: list[str] | None) -> list[Block]:
    """trafilatura's main content as blocks (its full mode only when fast finds nothing)."""
    import trafilatura

    for fast in (True, False):
        doc = trafilatura.bare_extraction(
            root,
            url=url or None,
            fast=fast,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            prune_xpath=prune,
            # Not "python": that renders the body to text too, which nothing here reads.
            output_format="xml",
        )
        body = getattr(doc, "body", None)
        if body is not None:
            blocks = blocks_of(body)
            if blocks:
                return blocks
    return []


@lru_cache(maxsize=1024)
def _xpath(expression: str) -> etree.XPath:
    """A compiled XPath (cached: the same few chrome expressions come back on every page)."""
    return etree.XPath(expression)


_SNIPPET = 40
_BODY_TEXT = etree.XPath("//body//text()", smart_strings=False)
_TEXT_WITH = etree.XPath("//body//text()[contains(., $s)]")
_TEXT_AT = etree.XPath("(//body//text())[$k]")


class _TextIndex:
    """Which element of an (unchanged) page holds a snippet of text, asked several times.

    The text under ``<body>`` is read once: a snippet it lacks is settled with one
    ``str.find`` and no pass over the tree, and each snippet found is looked up once.
    """

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        # Nodes apart, so a snippet (one node's words) never matches across two of them.
        nodes = _BODY_TEXT(root)
        self.text = "\x00".join(nodes)
        # Where no node holds a NUL, the first place of a snippet in ``text`` says which
        # node holds it first: the count of separators before it.
        self.numbered = self.text.count("\x00") == max(0, len(nodes) - 1)
        self.found: dict[str, etree._Element | None] = {}

    def holder(self, snippet: str) -> etree._Element | None:
        """The element whose text (or tail) is the first text node holding ``snippet``."""
        if snippet in self.found:
            return self.found[snippet]
        parent = None
        if "\x00" in snippet or not self.numbered:
            present = "\x00" in snippet or snippet in self.text
        else:
            at = self.text.find(snippet)
            present = at >= 0
            if present:  # one node fetched by its number, not every node searched for it
                for node in _TEXT_AT(self.root, k=self.text.count("\x00", 0, at) + 1):
                    parent = node.getparent()
        if parent is None and present:
            for node in _TEXT_WITH(self.root, s=snippet):
                parent = node.getparent()
                if parent is not None:
                    break
        self.found[snippet] = parent
        return parent


def _source_of(index: _TextIndex, blocks: list[Block]) -> etree._Element | None:
    """The element of the page that holds the text of the first of ``blocks`` found."""
    for block in blocks:
        words = block.text.split()
        snippet = " ".join(words[:6])[:_SNIPPET]
        if len(snippet) < 12:
            continue
        found = index.holder(snippet)
        if found is not None:
            return found
    return None


def _container(index: _TextIndex, blocks: list[Block]) -> etree._Element | None:
    """The smallest element holding the first and the last paragraph found, cut to the
    children that run from the first to the last and a few more (the title bar before,
    and the comments and related lists after, are not walked)."""
    first = _source_of(index, blocks[:3])
    last = _source_of(index, list(reversed(blocks[-3:])))
    if first is None or last is None:
        return None
    # The elements themselves, kept alive: lxml makes one proxy per node only while a
    # reference exists, so ids of dropped proxies are reused and would match by chance.
    above = [last, *last.iterancestors()]
    container = next((el for el in (first, *first.iterancestors()) if el in above), None)
    if container is None or container.tag in ("body", "html"):
        return None
    ends = [_child_holding(container, first), _child_holding(container, last)]
    if None not in ends:
        children = list(container)
        start, stop = children.index(ends[0]), children.index(ends[1])
        # Three children after the last paragraph found stay: a byline or a source line
        # too short to be looked up by its text sits there.
        for child in children[:start] + children[stop + 4 :]:
            container.remove(child)
    return container


def _child_holding(container: etree._Element, el: etree._Element) -> etree._Element | None:
    """The child of ``container`` that is ``el`` or holds it (None for the container)."""
    while el is not None and el.getparent() is not container:
        el = el.getparent()
    return el


_LINK_LISTS = ("div", "ul", "ol", "table", "section", "aside", "nav")


def _drop_link_lists(container: etree._Element) -> None:
    """Related-article boxes inside the article: three or more links making most of the text."""
    # How many links each element holds, counted once from the links up: most boxes
    # hold fewer than three and are passed over without a search of their subtree.
    held: dict[etree._Element, int] = {}
    for link in container.iter("a"):
        for above in link.iterancestors():
            held[above] = held.get(above, 0) + 1
            if above is container:
                break
    # Each link's text length, read once: boxes nest (div > ul), and a link's text changes
    # only when a box inside it is dropped, after every box around it was judged (boxes are
    # judged in document order, the ones around a link before the ones inside it).
    sizes: dict[etree._Element, int] = {}

    def size(link: etree._Element) -> int:
        n = sizes.get(link)
        if n is None:
            n = sizes[link] = len("".join(link.itertext()).strip())
        return n

    for el in list(container.iter(*_LINK_LISTS)):
        if el is container or el.getparent() is None or held.get(el, 0) < 3:
            continue
        links = el.findall(".//a")
        text = len("".join(el.itertext()).strip())
        linked = sum(size(a) for a in links)
        if text and linked / text >= 0.6:
            el.drop_tree()


_SENTENCE_END = (".", "!", "?", "…", ".”", '."', "!”", "?”", ":")


def _lost_text(gap: list[Block]) -> bool:
    """A gap worth putting back: prose (a sentence of four words or more) among headings,
    list items and text, no caption and no credit line ("© Lucy Nicholson")."""
    if any(b.kind == "caption" or b.text.startswith(("©", "(c)")) for b in gap):
        return False
    return any(len(b.text.split()) >= 4 and b.text.rstrip().endswith(_SENTENCE_END) for b in gap)


def _recovered(
    index: _TextIndex,
    main: list[Block],
    drop_xpaths: list[str],
    caption_selectors: tuple[str, ...],
    walk: Walk,
    tidy: Tidy,
) -> list[Block] | None:
    """trafilatura's blocks, with what it dropped *between* its paragraphs put back.

    trafilatura leaves out a heading it finds too short, the loose text after it
    (``<h3>Kết quả</h3>Năm 2024 …``) and short lists of plain points. The container that
    holds its first and last paragraphs is walked like a family body; each paragraph
    found there takes the markup's facts (right-aligned, bold, caption), and the blocks
    the walk finds between two paragraphs that follow each other in trafilatura's
    output go back in between them when they are lost text (``_lost_text``), not a
    photo credit, a caption or a "Related links" box trafilatura was right to leave out.
    """
    container = _container(index, main)
    if container is None:
        return None
    if len("".join(container.itertext()).split()) <= len(" ".join(b.text for b in main).split()):
        return None  # the container holds no word trafilatura left out: nothing to put back
    for xpath in drop_xpaths:
        for el in _xpath(xpath)(container):
            if el is not container and el.getparent() is not None:
                el.drop_tree()
    tidy(container)
    _drop_link_lists(container)
    walked = walk(container, caption_selectors)
    where: dict[str, list[int]] = {}
    for n, block in enumerate(walked):
        where.setdefault(" ".join(block.text.split()), []).append(n)
    out: list[Block] = []
    last_i = last_j = -2
    for i, block in enumerate(main):
        j = next((j for j in where.get(block.text, ()) if j > last_j), None)
        if j is None:
            out.append(block)
            continue
        if i == last_i + 1 and j > last_j + 1:
            gap = walked[last_j + 1 : j]
            room = max(300, (len(main[last_i].text) + len(block.text)) // 2)
            if sum(len(g.text) for g in gap) <= room and _lost_text(gap):
                out.extend(gap)
        source = walked[j]
        block.align, block.emphasis = source.align, source.emphasis
        if source.kind == "caption":
            block.kind = "caption"
        out.append(block)
        last_i, last_j = i, j
    return out


def find_body(
    root: etree._Element,
    url: str,
    drop_xpaths: Iterable[str] = (),
    caption_selectors: tuple[str, ...] = (),
    walk: Walk | None = None,
    tidy: Tidy | None = None,
) -> list[Block]:
    """The main content of a parsed page as blocks; ``[]`` when there is none.

    ``drop_xpaths``: the family's chrome selectors (compiled to XPath), pruned first.
    The article's container in ``root`` is pruned and walked in place (see
    ``_recovered``): call this last on a tree.
    """
    return find_body_and_heading(root, url, drop_xpaths, caption_selectors, walk, tidy)[0]


def find_body_and_heading(
    root: etree._Element,
    url: str,
    drop_xpaths: Iterable[str] = (),
    caption_selectors: tuple[str, ...] = (),
    walk: Walk | None = None,
    tidy: Tidy | None = None,
) -> tuple[list[Block], str | None]:
    """``find_body``, and the visible heading right above the body's first paragraph.

    ``walk`` and ``tidy`` (the engine's ``body_blocks`` and pruning) enable the container
    walk of ``_recovered``; without them trafilatura's blocks are returned as they are.
    """
    prune = list(drop_xpaths)
    main = _main_blocks(root, url, prune or None)
    if not main:
        return [], None
    # The first paragraph of text (trafilatura may open with a screen-reader heading).
    prose = [b for b in main if b.kind == "text" and len(b.text.split()) >= 8]
    index = _TextIndex(root)
    start = _source_of(index, prose[:3])
    heading = heading_before(start) if start is not None else None
    if walk is None or tidy is None:
        return main, heading
    return _recovered(index, main, prune, caption_selectors, walk, tidy) or main, heading
