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

from collections.abc import Iterable, Iterator

from lxml import etree

from crawler.items import Block, BlockKind

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


def find_body(root: etree._Element, url: str, drop_xpaths: Iterable[str] = ()) -> list[Block]:
    """The main content of a parsed page as blocks; ``[]`` when there is none.

    ``drop_xpaths``: the family's chrome selectors (compiled to XPath), pruned first.
    trafilatura copies the tree before it cleans it; ``root`` is left as it was.
    """
    import trafilatura

    prune = list(drop_xpaths) or None
    for fast in (True, False):  # the full mode's second opinions only when fast finds nothing
        doc = trafilatura.bare_extraction(
            root,
            url=url or None,
            fast=fast,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            prune_xpath=prune,
        )
        body = getattr(doc, "body", None)
        if body is not None:
            blocks = blocks_of(body)
            if blocks:
                return blocks
    return []
