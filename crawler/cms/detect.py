"""Detect the CMS family of a page from its markup (docs/evidence.md §2.10).

Signals, strongest first: the ``generator`` meta tag (NukeViet, WordPress,
Joomla print it on every page), then asset paths and URL shapes
(``/wp-content/``, ``/-/asset_publisher/``, ``/Portals/0/``), then class names.
Each family states its own markers as data; this module only scores them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.cms import FAMILIES
from crawler.cms.base import Family

_GENERATOR = re.compile(
    r"""<meta[^>]+name=["']generator["'][^>]*content=["']([^"']+)["']"""
    r"""|<meta[^>]+content=["']([^"']+)["'][^>]*name=["']generator["']""",
    re.I,
)
GENERIC = "generic"


@dataclass(frozen=True)
class Detection:
    family: str
    score: int
    evidence: tuple[str, ...]

    @property
    def is_generic(self) -> bool:
        return self.family == GENERIC


def generator_of(html: str) -> str | None:
    """The content of ``<meta name="generator">``, if the page has one."""
    m = _GENERATOR.search(html[:200_000])
    return (m.group(1) or m.group(2)).strip() if m else None


def score(family: Family, html: str, url: str, generator: str | None) -> Detection:
    """How strongly a page looks like ``family``: generator 10, each marker 3, URL 2."""
    points = 0
    evidence: list[str] = []
    if family.generator and generator and re.search(family.generator, generator, re.I):
        points += 10
        evidence.append(f"generator {generator!r}")
    for pattern in family.patterns("markers"):
        if pattern.search(html):
            points += 3
            evidence.append(f"marker {pattern.pattern!r}")
    for pattern in family.patterns("url_markers"):
        if pattern.search(url):
            points += 2
            evidence.append(f"url {pattern.pattern!r}")
    return Detection(family.name, points, tuple(evidence))


def detect(html: str | bytes, url: str = "") -> Detection:
    """The best-scoring family, or ``generic`` when nothing scores at least 3."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    head = html[:400_000]
    generator = generator_of(head)
    results = [score(f, head, url, generator) for name, f in FAMILIES.items() if name != GENERIC]
    best = max(results, key=lambda d: d.score, default=None)
    if best is None or best.score < 3:
        return Detection(GENERIC, 0, ("no family marker found",))
    return best
