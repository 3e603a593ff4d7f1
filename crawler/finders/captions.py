"""Photo captions of an article page no family selector read.

A caption is marked up as one (``<figcaption>``, a WordPress ``.wp-caption-text``, the
``.image-caption``/``.PhotoCMS_Caption`` of Vietnamese CMSs, the ``<td>`` under an image
in a one-column table) or only sits there: right after an image, short, no sentence end
(that case is the cleaner's, by position). Captions in the page's chrome (menus, side
columns, footers) are not the article's.
"""

from __future__ import annotations

from collections.abc import Container, Iterable

from lxml import etree

from crawler.items import Block

_CAPTION_CLASSES = frozenset({"wp-caption-text", "image-caption", "PhotoCMS_Caption", "caption"})
# One path with an "or", not a union: libxml2's union is quadratic in the nodes it merges.
_CANDIDATES = etree.XPath("//*[self::figcaption or contains(@class, 'aption')]")
_CHROME = frozenset({"nav", "aside", "footer", "header"})


def find_captions(
    root: etree._Element, page: str | None = None, classes: Container[str] | None = None
) -> list[str]:
    """Texts of the caption elements outside the page's chrome, in page order.

    ``page``, the HTML text: a page that never says "caption" needs no walk of its tree.
    ``classes``, the class names the page's elements carry (``page_names``): without a
    caption class among them, only the ``<figcaption>`` elements are looked at.
    """
    found: list[str] = []
    if page is not None and "aption" not in page:
        return found
    if classes is not None and not any(name in classes for name in _CAPTION_CLASSES):
        candidates: Iterable[etree._Element] = root.iter("figcaption")
    else:
        candidates = _CANDIDATES(root)
    for el in candidates:
        if el.tag != "figcaption" and not _CAPTION_CLASSES.intersection(
            (el.get("class") or "").split()
        ):
            continue
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
    keys = set(captions)  # both sides have their white space folded already
    marked = 0
    for block in blocks:
        if block.kind != "caption" and block.text in keys:
            block.kind = "caption"
            marked += 1
    return marked
