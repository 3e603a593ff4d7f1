"""One page seen as a site's template sees it: every element with its structural path,
the text it holds and a key that is the same on every page where the block repeats.

A path is the chain of tag names from ``<body>``, each with its id and first class, digits
folded to ``0`` (``body/div#wrap/div.col-0/ul.menu``): the same theme slot on every page of
a site, whatever article fills it. The key of a block is its path plus its text, digits
folded too unless the text is a date line, so a counter ("Đang truy cập: 1234") repeats
while a date line ("Thứ năm - 28/12/2023 14:55") does not.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from crawler.cms.engine import prune
from crawler.text.clean import is_date_line

_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
# Generated tokens: hex runs with a digit ("ExternalClass8D3F5A1E…", "tdi_0a1b2c3d").
_HEX = re.compile(r"[0-9A-Fa-f]*\d[0-9A-Fa-f]*")
# Inline tags are read as part of their block, never keyed on their own.
INLINE = frozenset(
    "a abbr b big br cite code em font i img label small span strong sub sup u q s strike".split()
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Text for screen readers only (WordPress, Drupal, Liferay, Bootstrap): a reader never sees
# it, and it repeats the title or labels the links.
SCREEN_READER = frozenset(
    ["screen-reader-text", "hide-accessible", "element-invisible", "sr-only", "visually-hidden"]
)


@lru_cache(maxsize=8192)
def _fold_token(token: str) -> str:
    token = _HEX.sub(lambda m: "0" if len(m.group()) >= 6 else m.group(), token)
    return _DIGITS.sub("0", token)


def label(el: etree._Element) -> str:
    """``div#main.col-8`` → ``div#main.col-0``: tag, id, first class, digits and generated
    hex runs folded (SharePoint's ``ExternalClass8D3F5A1E…`` differs on every page)."""
    out = el.tag if isinstance(el.tag, str) else "?"
    ident = (el.get("id") or "").strip()
    if ident:
        out += "#" + _fold_token(ident)
    classes = (el.get("class") or "").split()
    if classes:
        out += "." + _fold_token(classes[0])
    return out


def key_text(text: str, tag: str = "div") -> str:
    """The text a block is recognised by across pages: digits folded (counters), except in
    a date line and in a heading ("Giao ban … tháng 6/2020" and "… tháng 7/2020" are two
    titles; "Tin mới nhất" is one)."""
    if tag in HEADINGS or not _DIGIT.search(text):
        return text
    return text if len(text) <= 120 and is_date_line(text) else _DIGITS.sub("0", text)


def _key(path: str, text: str, tag: str) -> str:
    digest = hashlib.blake2b(f"{path}\x00{key_text(text, tag)}".encode(), digest_size=6)
    return digest.hexdigest()


# Keys of short blocks are remembered: menus, footers and counters repeat on every page of a
# site, and ``is_date_line`` and the hash cost more than the rest of ``view``. Long texts
# (the article, the containers around it) are hashed each time.
_CACHED_TEXT = 300
_cached_key = lru_cache(maxsize=16384)(_key)


def block_key(path: str, text: str, tag: str = "div") -> str:
    """A short stable hash of (path, key text): what the profile counts pages of."""
    if len(text) <= _CACHED_TEXT:
        return _cached_key(path, text, tag)
    return _key(path, text, tag)


@dataclass
class Node:
    """One element of the page: where it sits, what it says, how much of it is links."""

    el: etree._Element
    path: str
    text: str  # white space folded
    chars: int  # characters of text (no spaces)
    link_chars: int  # of which inside <a>
    key: str | None = None  # None for inline tags and empty blocks
    own: int = 0  # characters of text chunks this element holds directly (not its children)


@dataclass
class PageView:
    """A parsed page, pruned of scripts and hidden elements, indexed by element."""

    root: etree._Element
    body: etree._Element
    nodes: dict[etree._Element, Node] = field(default_factory=dict)
    order: list[etree._Element] = field(default_factory=list)  # document order

    def node(self, el: etree._Element) -> Node | None:
        return self.nodes.get(el)


def _chars(text: str) -> int:
    """Characters of a white-space-folded text, spaces not counted."""
    return len(text) - text.count(" ")


def _visible(text: str | None) -> int:
    """Characters of a raw text chunk, white space not counted."""
    if not text or text.isspace():  # (most tails: a line break and an indent)
        return 0
    return sum(map(len, text.split()))


def view(root: etree._Element) -> PageView:
    """Index a parsed page (the tree is pruned in place: pass a copy to keep the original)."""
    body = root.find("body")
    if body is None:
        body = root
    for form in list(body.iter("form")):  # WebForms wrap the whole page in one <form>
        form.drop_tag()
    prune(body, ())
    for el in list(body.iter(etree.Element)):  # elements only (no comments)
        classes = el.get("class")
        if classes and not SCREEN_READER.isdisjoint(classes.split()):
            el.drop_tree()
    order = list(body.iter(etree.Element))
    page = PageView(root=root, body=body, order=order)
    paths: dict[etree._Element, str] = {}
    for el in order:
        parent = el.getparent()
        base = paths.get(parent, "") if parent is not None and el is not body else ""
        paths[el] = f"{base}/{label(el)}" if base else label(el)
    texts: dict[etree._Element, str] = {}
    links: dict[etree._Element, int] = {}
    nodes = page.nodes
    for el in reversed(order):
        head = el.text
        link = 0
        if not len(el):  # a leaf: all its text is its own
            text = " ".join(head.split()) if head else ""
            chars = own = _chars(text)
        else:  # one pass over the children: the text (inline children run on, blocks
            # apart), the characters inside links and those the element holds directly
            parts = [head] if head else []
            own = _visible(head)
            for child in el:
                if isinstance(child.tag, str):
                    text = texts[child]
                    parts.append(text if child.tag in INLINE else " " + text + " ")
                    link += links[child]
                tail = child.tail
                if tail:
                    parts.append(tail)
                    own += _visible(tail)
            text = " ".join("".join(parts).split())
            chars = _chars(text)
        tag = el.tag
        if tag == "a":
            link = chars
        texts[el], links[el] = text, link
        node = Node(el=el, path=paths[el], text=text, chars=chars, link_chars=link, own=own)
        if chars and tag not in INLINE:
            node.key = block_key(node.path, text, tag)
        nodes[el] = node
    return page
