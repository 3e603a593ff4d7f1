"""Is this a plain-text dump of a page? A check before ``clean`` and ``import-text``.

A text dump is what a browser's "save as text" or a copy-paste gives: words,
line breaks, perhaps a BOM. Binary data (an image, a zip, random bytes) decodes to
a "text" full of control characters, and an HTML page would be stored with its
markup as the article body; both are refused with a reason, before cleaning.
"""

from __future__ import annotations

import re

# Control characters a text dump does not hold (tab, newlines and form feed are fine),
# the C1 block that mis-decoded bytes land in, and the replacement character.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_HTML = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(?:div|p|span|a|table|script)[\s>]",
    re.IGNORECASE,
)
MAX_CONTROL_SHARE = 0.01  # above 1 % control characters, it is not text
MIN_TAGS = 5  # this many tags in the first 64 kB make an HTML page


def dump_problem(text: str) -> str | None:
    """Why decoded ``text`` is not a plain-text dump of a page, or None when it is one.

    ``"binary data, not text"`` or ``"an HTML page, not a text dump"``.
    """
    head = text[:65536]
    if head and len(_CONTROL.findall(head)) > MAX_CONTROL_SHARE * len(head):
        return "binary data, not text"
    if head.lstrip().lower().startswith(("<!doctype html", "<html")):
        return "an HTML page, not a text dump"
    if len(_HTML.findall(head)) >= MIN_TAGS:
        return "an HTML page, not a text dump"
    return None
