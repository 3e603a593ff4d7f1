"""Snippets: a few lines of the published text around the match, the match marked.

Made in Python from the stored text, not by the database, so they keep the
diacritics as published ("… «Đại hội» Đảng bộ tỉnh …" for the query ``dai hoi``) and
are identical on SQLite and PostgreSQL. A phrase is marked as a whole, and only
where its words stand together.

Speed: Vietnamese text folds one character to one character, so the match is found
by a regular expression on the folded text and its offsets are those of the
published text; other text (ligatures, zero-width marks) goes word by word.

An exact search marks only the words as written: of "hội" and "hồi", the exact
query "hồi" marks "hồi". A word's written form is its ``exact_tokens`` word, the form
the exact index holds; the folded match is found first, then kept or not.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence

from crawler.query.syntax import Term
from crawler.store.tokens import exact_tokens, fold_even, token_spans

MARK = ("«", "»")
SCAN_CHARS = 200_000  # the window is sought in this much text first (see _scan)


@functools.lru_cache(maxsize=256)
def _pattern(terms: tuple[Term, ...]) -> re.Pattern[str]:
    """Terms as a regex over folded text: ``"dai hoi"`` → ``(?<!\\S)dai +hoi(?!\\S)``."""
    alternatives = []
    for t in terms:
        body = " +".join(re.escape(w) for w in t.words) + (r"\S*" if t.prefix else "")
        alternatives.append(r"(?<!\S)" + body + r"(?!\S)")
    return re.compile("|".join(alternatives) or r"(?!)")


def _word_hits(
    raw: str, terms: Sequence[Term], exact: Sequence[Term] | None = None
) -> list[tuple[int, int]]:
    """Character spans of the terms, word by word (text whose folding is uneven).

    ``exact``: the same terms as written; a match must then be these words as written.
    """
    spans = token_spans(raw)
    words = [w for w, _, _ in spans]
    written = exact_tokens(raw) if exact is not None else words
    found = []
    for term in exact if exact is not None else terms:
        n = len(term.words)
        for i in range(len(words) - n + 1):
            if _same(written[i : i + n], term):
                found.append((spans[i][1], spans[i + n - 1][2]))
    return sorted(found)


def _same(words: Sequence[str], term: Term) -> bool:
    """``words`` are the term's (the last one a prefix match for a prefix term)."""
    n = len(term.words)
    if len(words) != n or list(words[: n - 1]) != list(term.words[: n - 1]):
        return False
    last, want = words[-1], term.words[-1]
    return last == want or (term.prefix and last.startswith(want))


def _hits(
    raw: str, terms: tuple[Term, ...], exact: tuple[Term, ...] | None = None
) -> list[tuple[int, int]]:
    folded = fold_even(raw)
    if folded is None:
        return _word_hits(raw, terms, exact)
    spans = [m.span() for m in _pattern(terms).finditer(folded)]
    if exact is None:
        return spans
    # Exact: the folded matches whose words, as written, are one of the exact terms.
    return [(a, b) for a, b in spans if any(_same(exact_tokens(raw[a:b]), t) for t in exact)]


def _scan(
    raw: str, terms: tuple[Term, ...], exact: tuple[Term, ...] | None = None
) -> list[tuple[int, int]]:
    """The matches in the first ``SCAN_CHARS`` of ``raw`` (cut at a space), else in all of it.

    The index holds only the first ~16,000 words of a body, so a matching article
    nearly always matches early; a 2 MB body then costs no more than a 200 kB one.
    """
    if len(raw) > SCAN_CHARS:
        cut = raw.rfind(" ", 0, SCAN_CHARS)
        if cut > 0 and (hits := _hits(raw[:cut], terms, exact)):
            return hits
    return _hits(raw, terms, exact)


def _best_window(hits: list[tuple[int, int]], width: int) -> int:
    """Start of the ``width`` window holding the most whole matches, a quarter before one.

    Counted with binary searches over the sorted starts and ends, so a body with
    100,000 matches costs 100,000 × log steps, not 100,000² (issue 12.4). A match
    longer than the window never fits one and is not counted.
    """
    starts = sorted(a for a, _ in hits)
    ends = sorted(b for _, b in hits)
    best, best_count = 0, -1
    for a in starts:
        start = max(0, a - width // 4)
        # whole matches in [start, start + width]: ends inside, minus those starting before
        count = bisect.bisect_right(ends, start + width) - bisect.bisect_left(starts, start)
        if count > best_count:
            best, best_count = start, count
    return best


def make_snippet(
    texts: Sequence[str | None],
    terms: Sequence[Term],
    width: int = 220,
    mark: tuple[str, str] = MARK,
    exact: Sequence[Term] | None = None,
) -> str:
    """About ``width`` characters of the first text that has a match, cut at spaces.

    ``texts`` is tried in order (body, lead, title); with no match anywhere (a prefix
    the index limits cut off) the start of the first non-empty text is shown.
    ``exact``: an exact search's terms (``parse(query, exact=True)``), ``terms`` being
    the same query folded: only the words as written are marked ("hồi", not "hội").
    """
    key = tuple(terms)
    written = tuple(exact) if exact is not None else None
    for raw in texts:
        if raw and (hits := _scan(raw, key, written)):
            best = _best_window(hits, width)
            return _render(raw, best, best + width, hits, mark)
    first = next((t for t in texts if t and t.strip()), None)
    return _render(first, 0, width, [], mark) if first else ""


def _render(
    raw: str, start: int, end: int, hits: list[tuple[int, int]], mark: tuple[str, str]
) -> str:
    n = len(raw)
    end = min(n, end)
    if start > 0:  # start and end on word boundaries
        space = raw.find(" ", start)
        start = space + 1 if 0 <= space < (hits[0][0] if hits else end) else start
    if end < n:
        space = raw.rfind(" ", start, end)
        end = space if space > start else end
    inside: list[tuple[int, int]] = []
    for a, b in sorted((max(a, start), min(b, end)) for a, b in hits if a < end and b > start):
        if inside and not raw[inside[-1][1] : a].strip():  # "«Tỉnh» «uỷ»" → "«Tỉnh uỷ»"
            inside[-1] = (inside[-1][0], max(b, inside[-1][1]))
        else:
            inside.append((a, b))
    pieces, cursor = [], start
    for a, b in inside:
        if a < cursor:
            continue
        pieces += [raw[cursor:a], mark[0], raw[a:b], mark[1]]
        cursor = b
    pieces.append(raw[cursor:end])
    text = " ".join("".join(pieces).split())
    return ("… " if start > 0 else "") + text + (" …" if end < n else "")
