"""Detect the CMS family of a page from its markup (docs/evidence.md §2.10).

Signals, strongest first: the ``generator`` meta tag (NukeViet, WordPress,
Joomla print it on every page), then asset paths and URL shapes
(``/wp-content/``, ``/-/asset_publisher/``, ``/Portals/0/``), then class names.
Each family states its own markers as data; this module only scores them.

Detection runs on every page of an ``auto`` site and of ``tuyengiao extract``, so it
reads little: the generator in the ``<head>``, the markers in the head and the first
``BODY_PREFIX`` characters of the body (``PREFIX`` at most). Each marker regex is tried
only when the literal text it cannot match without (``/wp-content/`` in
``/wp-content/(?:themes|plugins)/``) is in the lower-cased prefix. Where every such
literal lies is found in one pass (an Aho-Corasick automaton over all of them, compiled
once), so a page of no family costs one scan instead of dozens of case-insensitive regex
scans or one ``find`` per literal.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crawler.cms import FAMILIES
from crawler.cms.base import Family

try:  # the parser ``re`` itself uses; private, so a failure only costs the prefilter
    import re._parser as _sre_parse
except ImportError:  # pragma: no cover
    _sre_parse = None
try:  # all literals in one pass; without it, one ``bytes.find`` per literal (same answers)
    import ahocorasick_rs
except ImportError:  # pragma: no cover
    ahocorasick_rs = None  # type: ignore[assignment]

_GENERATOR = re.compile(
    r"""<meta[^>]+name=["']generator["'][^>]*content=["']([^"']+)["']"""
    r"""|<meta[^>]+content=["']([^"']+)["'][^>]*name=["']generator["']""",
    re.I,
)
GENERIC = "generic"
# Markers are looked for in this many characters from the start: the <head> with its
# asset paths (WordPress heads with inline CSS pass 64 KB), and the theme's wrappers,
# which open before the article.
PREFIX = 131_072
BODY_PREFIX = 49_152
_HEAD_MAX = 65_536
_MIN_LITERAL = 3
_WINDOW = 512
_MAX_TRIES = 20
# Literals every page has: no use as a filter.
_COMMON = frozenset({"class=", "id=", "src=", "href=", "name=", "<link", "<meta", "<body", "<div"})


@dataclass(frozen=True)
class Detection:
    family: str
    score: int
    evidence: tuple[str, ...]

    @property
    def is_generic(self) -> bool:
        return self.family == GENERIC


def generator_of(html: str) -> str | None:
    """The content of ``<meta name="generator">``, if the page has one (read in the head)."""
    end = html.find("</head", 0, _HEAD_MAX)
    if end < 0:
        end = html.find("</HEAD", 0, _HEAD_MAX)
    m = _GENERATOR.search(html, 0, end if end >= 0 else _HEAD_MAX)
    return (m.group(1) or m.group(2)).strip() if m else None


def _options(seq: Iterable[tuple[Any, Any]]) -> list[tuple[str, ...]]:
    """Sets of alternative literals, each set needed by every match of a parsed sequence.

    A run of literal characters is a set of one; a group is looked into; an alternation
    gives one set of its branches' best literals; an optional part gives nothing.
    """
    sre = _sre_parse
    out: list[tuple[str, ...]] = []
    run: list[str] = []
    for op, av in seq:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append(("".join(run),))
            run = []
        if op is sre.SUBPATTERN:
            out.extend(_options(av[-1]))
        elif op is sre.BRANCH:
            alternatives = [_best(branch) for branch in av[1]]
            if all(alternatives):
                out.append(tuple(lit for alt in alternatives for lit in alt))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            out.extend(_options(av[2]))
    if run:
        out.append(("".join(run),))
    return out


def _best(seq: Iterable[tuple[Any, Any]]) -> tuple[str, ...]:
    """The needed set least likely to be on a page of another family."""
    usable = [
        o
        for o in _options(seq)
        if min(len(x) for x in o) >= _MIN_LITERAL and not _COMMON.intersection(x.lower() for x in o)
    ]
    # Longer is rarer; each extra alternative is one more chance to be on any page.
    return max(usable, key=lambda o: min(len(x) for x in o) - 2 * (len(o) - 1), default=())


def required_literals(pattern: str) -> tuple[str, ...]:
    """Lower-cased texts one of which every match of ``pattern`` contains; () if unknown.

    ``r"/Portals/(?:\\d+|_default)/"`` → ``("/portals/",)``;
    ``r"id=["'](?:DeltaPlaceHolderMain|s4-ribbonrow)"`` → both names.
    """
    if _sre_parse is None:
        return ()
    try:
        return tuple(lit.lower() for lit in _best(_sre_parse.parse(pattern).data))
    except Exception:
        return ()


@dataclass(frozen=True)
class _Marker:
    family: str
    regex: re.Pattern[str]
    data_regex: re.Pattern[bytes]  # the same, on ASCII bytes
    literals: tuple[bytes, ...]


@lru_cache(maxsize=1)
def _markers() -> tuple[_Marker, ...]:
    return tuple(
        _Marker(
            name,
            rx,
            re.compile(rx.pattern.encode("ascii", "backslashreplace"), re.I),
            tuple(lit.encode("ascii", "ignore") for lit in required_literals(rx.pattern)),
        )
        for name, family in FAMILIES.items()
        if name != GENERIC
        for rx in family.patterns("markers")
    )


def _ascii(text: str) -> tuple[bytes, bytes]:
    """The page as UTF-8 bytes, as they are and ASCII-lower-cased.

    Markers are ASCII (paths, class names), and no byte of a multi-byte UTF-8 character
    is ASCII, so they match the bytes as they match the text; searching bytes is faster
    than searching a str that holds Vietnamese letters (stored at 2–4 bytes a character).
    """
    data = text.encode("utf-8", "replace")
    return data, data.lower()


@lru_cache(maxsize=1)
def _automaton() -> tuple[tuple[bytes, ...], Any]:
    """Every marker literal, and one automaton finding them all (None without the library)."""
    literals = tuple(sorted({lit for m in _markers() for lit in m.literals}))
    if ahocorasick_rs is None or not literals:
        return literals, None
    return literals, ahocorasick_rs.BytesAhoCorasick(list(literals))


def literal_places(low: bytes) -> dict[bytes, list[int]] | None:
    """Where each marker literal starts in ``low``, in order, overlapping ones included
    (what repeated ``low.find(lit, start)`` would return), in one pass; None when the
    automaton library is missing (``_found`` then calls ``find``)."""
    literals, automaton = _automaton()
    if automaton is None:
        return None
    places: dict[bytes, list[int]] = {}
    for index, start, _end in automaton.find_matches_as_indexes(low, overlapping=True):
        places.setdefault(literals[index], []).append(start)
    for starts in places.values():
        starts.sort()
    return places


def _next_place(
    low: bytes, lit: bytes, start: int, places: Mapping[bytes, Sequence[int]] | None
) -> int:
    """``low.find(lit, start)``, read from ``places`` when given."""
    if places is None:
        return low.find(lit, start)
    starts = places.get(lit, ())
    i = bisect_left(starts, start)
    return starts[i] if i < len(starts) else -1


def _found(
    marker: _Marker,
    data: bytes,
    low: bytes,
    places: Mapping[bytes, Sequence[int]] | None = None,
) -> bool:
    """Does the marker match? Only around the places its literal occurs, when it has one.

    A match contains the literal, so it lies within ``_WINDOW`` characters of one of its
    occurrences (markers are short: a path, an attribute); the first ``_MAX_TRIES``
    occurrences are tried, which keeps a page full of "/uploads/" links cheap.
    ``places``: ``literal_places(low)``, instead of a ``find`` per literal.
    """
    if not marker.literals:
        return marker.data_regex.search(data) is not None
    for lit in marker.literals:
        start = _next_place(low, lit, 0, places)
        tries = 0
        while start >= 0 and tries < _MAX_TRIES:
            if marker.data_regex.search(data, max(0, start - _WINDOW), start + len(lit) + _WINDOW):
                return True
            start = _next_place(low, lit, start + len(lit) + _WINDOW, places)
            tries += 1
    return False


def score(family: Family, html: str, url: str, generator: str | None) -> Detection:
    """How strongly a page looks like ``family``: generator 10, each marker 3, URL 2."""
    data, low = _ascii(html)
    hits = [m.regex for m in _markers() if m.family == family.name and _found(m, data, low)]
    return _score(family, hits, url, generator)


def _score(
    family: Family, hits: list[re.Pattern[str]], url: str, generator: str | None
) -> Detection:
    points = 0
    evidence: list[str] = []
    if family.generator and generator and re.search(family.generator, generator, re.I):
        points += 10
        evidence.append(f"generator {generator!r}")
    for pattern in hits:
        points += 3
        evidence.append(f"marker {pattern.pattern!r}")
    for pattern in family.patterns("url_markers"):
        if pattern.search(url):
            points += 2
            evidence.append(f"url {pattern.pattern!r}")
    return Detection(family.name, points, tuple(evidence))


def _reading_end(html: str) -> int:
    """Where detection stops reading: the ``<head>`` and ``BODY_PREFIX`` more, at most
    ``PREFIX`` characters (the markers are asset paths in the head and the theme's
    wrappers at the top of the body)."""
    end = html.find("</head", 0, PREFIX)
    if end < 0:
        end = html.find("</HEAD", 0, PREFIX)
    return PREFIX if end < 0 else min(PREFIX, end + BODY_PREFIX)


def detect(html: str | bytes, url: str = "") -> Detection:
    """The best-scoring family, or ``generic`` when nothing scores at least 3."""
    if isinstance(html, bytes):
        html = html[: PREFIX * 2].decode("utf-8", errors="replace")
    generator = generator_of(html)
    data, low = _ascii(html[: _reading_end(html)])
    places = literal_places(low)
    hits: dict[str, list[re.Pattern[str]]] = {}
    for m in _markers():
        if _found(m, data, low, places):
            hits.setdefault(m.family, []).append(m.regex)
    results = [
        _score(f, hits.get(name, []), url, generator)
        for name, f in FAMILIES.items()
        if name != GENERIC
    ]
    best = max(results, key=lambda d: d.score, default=None)
    if best is None or best.score < 3:
        return Detection(GENERIC, 0, ("no family marker found",))
    return best
