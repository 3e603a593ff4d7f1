"""Photo captions of an article page no family selector read.

A caption is marked up as one (``<figcaption>``, a WordPress ``.wp-caption-text``, the
``.image-caption``/``.PhotoCMS_Caption`` of Vietnamese CMSs, the ``<td>`` under an image
in a one-column table) or only sits there: right after an image, short, no sentence end
(that case is the cleaner's, by position). Captions in the page's chrome (menus, side
columns, footers) are not the article's.
"""

from __future__ import annotations

from lxml import etree

from crawler.items import Block
from crawler.text.normalize import fold

CAPTION_XPATH = etree.XPath(
    "//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' image-caption ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' PhotoCMS_Caption ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"
)
_CHROME = frozenset({"nav", "aside", "footer", "header"})


def find_captions(root: etree._Element) -> list[str]:
    """Texts of the caption elements outside the page's chrome, in page order."""
    found: list[str] = []
    for el in CAPTION_XPATH(root):
        if any(a.tag in _CHROME for a in el.iterancestors()):
            continue
        text = " ".join("".join(el.itertext()).split())
        if text and len(text.split()) <= 80 and text not in found:
            found.append(text)
    return found


def mark_captions(blocks: list[Block], captions: list[str]) -> int:
    """Mark the body blocks that are a caption; return how many were marked.

    The generic body finder keeps a caption as an ordinary paragraph; here it becomes a
    ``caption`` block, so the cleaner moves it out of the body.
    """
    keys = {fold(c) for c in captions}
    marked = 0
    for block in blocks:
        if block.kind != "caption" and fold(block.text) in keys:
            block.kind = "caption"
            marked += 1
    return marked
