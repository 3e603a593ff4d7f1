"""Measure the plain-text path (``article_from_text``) on text dumps with hand-written gold.

Each ``NAME.txt`` beside ``NAME.expected.json`` (the seeds' format, /work/shared/seeds/README.md)
is read as ``tuyengiao clean`` reads it; per page we check the title (exact), the publication
date (the day, or the minute where the gold gives a time), the author and the views (exact),
and count the gold's ``body_must_not_contain`` strings left in the body ("chrome left").
The dumps come in three sets (``tests/fixtures/textdumps/README.md``): ``old`` (the top
directory, 01–16), ``new`` (``new/``, 17–32, written before session 3's rule changes and
checked against while making them) and ``held-out`` (``heldout/``, 33–36, never looked at
while the rules changed). Each set is scored on its own. Usage::

    python benchmarks/plaintext.py                       # old and new, one line each
    python benchmarks/plaintext.py --heldout             # also the held-out set
    python benchmarks/plaintext.py --show                # also print each miss (not held-out's)
    python benchmarks/plaintext.py DIR [DIR …] --show    # any directories of dumps, one set each
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.page import article_from_text  # noqa: E402

# The dumps were captured on this day (their masthead clocks show it).
FETCHED = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
GMT7 = timezone(timedelta(hours=7))


@dataclass
class PageScore:
    name: str
    title: bool
    date: bool
    author: bool
    views: bool
    body_edges: bool
    chrome_left: list[str]
    notes: list[str]


def date_matches(gold: str | None, got: datetime | None, offset: int | None = None) -> bool:
    """The gold's ISO value against ours: a bare day compares the day as the page states it
    (``offset`` minutes east of UTC, +07:00 when unknown); a time compares the instant."""
    if gold is None or got is None:
        return gold is None and got is None
    zone = timezone(timedelta(minutes=offset)) if offset is not None else GMT7
    if len(gold) == 10:
        return got.astimezone(zone).date() == date.fromisoformat(gold)
    return got == datetime.fromisoformat(gold)


def score_page(txt: Path) -> PageScore:
    """Run the plain-text path on one dump and compare it with its gold."""
    gold = json.loads(txt.with_suffix(".expected.json").read_text(encoding="utf-8"))
    article = article_from_text(txt.read_text(encoding="utf-8"), "", fetched_at=FETCHED)
    body = (article.body or "").strip()
    offset = getattr(article, "published_offset", None)
    notes = []
    title = article.title == gold["title"]
    if not title:
        notes.append(f"title {article.title!r}")
    when = date_matches(gold["published"], article.published_at, offset)
    if not when:
        notes.append(
            f"date {article.published_at} ({article.published_raw!r}) want {gold['published']}"
        )
    author = article.author == gold["author"]
    if not author:
        notes.append(f"author {article.author!r} want {gold['author']!r}")
    views = article.views == gold["views"]
    if not views:
        notes.append(f"views {article.views!r} want {gold['views']!r}")
    edges = body.startswith(gold["body_starts_with"]) and body.endswith(gold["body_ends_with"])
    if not edges:
        notes.append(f"body edges {body[:50]!r} … {body[-50:]!r}")
    left = [s for s in gold["body_must_not_contain"] if s in body]
    if left:
        notes.append(f"chrome left {left}")
    return PageScore(txt.stem, title, when, author, views, edges, left, notes)


DUMPS = ROOT / "tests/fixtures/textdumps"
SETS = {"old": DUMPS, "new": DUMPS / "new", "held-out": DUMPS / "heldout"}


def report(label: str, scores: list[PageScore], show: bool) -> None:
    """One set's figures (and, with ``show``, what each page missed)."""
    n = len(scores)

    def pct(attr: str) -> str:
        return f"{100 * sum(getattr(s, attr) for s in scores) / n:5.1f} %"

    chrome = sum(len(s.chrome_left) for s in scores)
    print(f"{label}: {n} pages")
    print(
        f"  title {pct('title')}   date {pct('date')}   author {pct('author')}   "
        f"views {pct('views')}   body edges {pct('body_edges')}"
    )
    print(f"  chrome strings left: {chrome} ({chrome / n:.2f} per page)")
    if show:
        for s in scores:
            if s.notes:
                print(f"    {s.name}: " + "; ".join(s.notes))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="directories of dumps (default: sets)")
    parser.add_argument("--show", action="store_true", help="print what each page missed")
    parser.add_argument(
        "--heldout", action="store_true", help="also score the held-out set (figures only)"
    )
    args = parser.parse_args(argv)
    if args.dirs:
        sets = [(str(d), d, args.show) for d in args.dirs]
    else:
        sets = [("old", SETS["old"], args.show), ("new", SETS["new"], args.show)]
        if args.heldout:
            sets.append(("held-out", SETS["held-out"], False))
    for label, directory, show in sets:
        files = sorted(directory.glob("*.txt"))
        if not files:
            print(f"no .txt dumps in {directory}", file=sys.stderr)
            return 1
        report(label, [score_page(p) for p in files], show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
