"""Measure extraction on real Vietnamese article pages saved by others, beside trafilatura.

Why: every page the other benchmarks parse was written by this project or is English; issue 11
asks how the crawler does on real Vietnamese pages nobody here wrote. This script scores, per
page and in total, what a reader checks first: the title, the publication day, the author,
whether the article's first and last sentences are in the extracted text, and which chrome
strings (menus, related lists, footers: named in the gold by reading the page) are left in it.
It writes nothing. Usage::

    python benchmarks/realpages.py --pages DIR --gold benchmarks/realpages_gold.json

The pages are not in the repository (their licences do not allow redistribution); the gold
file names each one's repository, path, commit and size, so a machine with network access can
fetch them (``--sources`` prints the raw URLs, one ``file<TAB>url`` line each). A missing page
is reported and the run exits 1; a page whose decoded length differs from the gold's ``chars``
(perhaps another version, perhaps only line endings) is measured and flagged.

Ours is the path ``tuyengiao extract PAGE --url URL`` takes: ``process_page(RawPage, "auto")``
(detect a family, else the generic path; extract → clean → dates). trafilatura gets the text
as our decoder reads it: ``bare_extraction(text, url=…, with_metadata=True)`` for title,
author, date and text; htmldate ``find_date(text, url=…, original_date=True)`` is scored as a
third date column.

Gold (JSON, written by reading each page, never from an extractor's output)::

    {"pages": [{"file": "x.html", "url": …, "title": …, "date": "YYYY-MM-DD",
                "author": "…" or null, "first": "…", "last": "…", "chrome": ["…"],
                "source": {"repo": …, "path": …, "commit": …, "chars": N}}]}

Scoring: title exact after NFC, white space folding and case folding; the day as the page
prints it (ours: ``published_at`` shifted by the page's own ``published_offset``, else Vietnam
time); author equal after folding case and punctuation (gold null: right when none is
given); ``first``/``last`` are short fragments that must occur in the folded text (ours: lead +
body; trafilatura: its text); chrome: how many of the gold's strings occur in that text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.items import Article, RawPage
from crawler.page import process_page
from crawler.text.decode import decode_html

VIETNAM = timedelta(hours=7)
RAW = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"


def fold(text: str | None) -> str:
    """NFC, case folded, runs of white space as one space."""
    if not text:
        return ""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def fold_name(text: str | None) -> str:
    """An author line compared on its words only ("NHẬT XUÂN - NGHI VŨ" = "Nhật Xuân, Nghi Vũ")."""
    return " ".join(re.findall(r"\w+", fold(text)))


def our_day(article: Article) -> str | None:
    """The publication day as the page states it (its own offset, else Vietnam time)."""
    if article.published_at is None:
        return None
    offset = (
        timedelta(minutes=article.published_offset)
        if article.published_offset is not None
        else VIETNAM
    )
    return (article.published_at.astimezone(UTC) + offset).date().isoformat()


@dataclass
class Result:
    """What one extractor got right on one page."""

    title: bool = False
    date: bool = False
    author: bool = False
    first: bool = False
    last: bool = False
    chrome: list[str] = field(default_factory=list)
    problem: str | None = None
    got: dict[str, Any] = field(default_factory=dict)


def score(gold: dict[str, Any], title: Any, day: Any, author: Any, text: str) -> Result:
    """Compare one extractor's fields with the gold of one page."""
    body = fold(text)
    gold_author = gold.get("author")
    return Result(
        title=bool(title) and fold(title) == fold(gold["title"]),
        date=day == gold.get("date"),
        author=(not author) if gold_author is None else fold_name(author) == fold_name(gold_author),
        first=fold(gold["first"]) in body,
        last=fold(gold["last"]) in body,
        chrome=[c for c in gold.get("chrome", []) if fold(c) in body],
        got={"title": title, "date": day, "author": author},
    )


def run_ours(data: bytes, url: str) -> Result:
    page = RawPage(url=url, site="", fetched_at=datetime.now(UTC), status=200, html=data)
    article = process_page(page, "auto")
    text = "\n".join(part for part in (article.lead, article.body) if part)
    return Result(problem=article.problem, got={"article": article, "text": text})


def run_trafilatura(text: str, url: str) -> tuple[Any, Any, Any, str]:
    import trafilatura
    from trafilatura.settings import Document

    doc = trafilatura.bare_extraction(text, url=url, with_metadata=True, include_comments=False)
    if not isinstance(doc, Document):
        return None, None, None, ""
    return doc.title, doc.date, doc.author, doc.text or ""


def run_htmldate(text: str, url: str) -> str | None:
    from htmldate import find_date

    found = find_date(text, url=url, original_date=True)
    return str(found) if found else None


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def measure(pages_dir: Path, gold_file: Path) -> int:
    """Print the per-page table and the totals; 1 when a page was missing or another version."""
    pages = json.loads(gold_file.read_text(encoding="utf-8"))["pages"]
    rows: list[tuple[str, Result, Result, bool]] = []
    lost: list[str] = []
    for gold in pages:
        path = pages_dir / gold["file"]
        if not path.is_file():
            lost.append(f"{gold['file']}: missing")
            continue
        data = path.read_bytes()
        text, _ = decode_html(data)
        chars = gold.get("source", {}).get("chars")
        if chars is not None and len(text) != chars:
            print(f"note: {gold['file']}: {len(text)} characters, the gold's version has {chars}")
        url = gold["url"]
        ours_run = run_ours(data, url)
        art: Article = ours_run.got["article"]
        ours = score(gold, art.title, our_day(art), art.author, ours_run.got["text"])
        ours.problem = ours_run.problem
        t_title, t_date, t_author, t_text = run_trafilatura(text, url)
        traf = score(gold, t_title, t_date, t_author, t_text)
        hd_ok = run_htmldate(text, url) == gold.get("date")
        traf.got["htmldate"] = hd_ok
        rows.append((gold["file"], ours, traf, hd_ok))

    print(f"{'page':34} {'who':6} title date author first last chrome-left")
    for name, ours, traf, hd_ok in rows:
        for who, r in (("ours", ours), ("traf", traf)):
            extra = f"  htmldate date {mark(hd_ok)}" if who == "traf" else ""
            note = f"  problem: {r.problem}" if r.problem else ""
            print(
                f"{name[:34]:34} {who:6} {mark(r.title):5} {mark(r.date):4} {mark(r.author):6} "
                f"{mark(r.first):5} {mark(r.last):4} {len(r.chrome):2}{extra}{note}"
            )
    n = len(rows)
    print(f"\ntotal over {n} pages")
    for who, rs in (("ours", [r[1] for r in rows]), ("trafilatura", [r[2] for r in rows])):
        print(
            f"{who:12} title {sum(r.title for r in rs)}/{n}  date {sum(r.date for r in rs)}/{n}  "
            f"author {sum(r.author for r in rs)}/{n}  first {sum(r.first for r in rs)}/{n}  "
            f"last {sum(r.last for r in rs)}/{n}  chrome left {sum(len(r.chrome) for r in rs)}  "
            f"refused {sum(r.problem is not None for r in rs)}"
        )
    print(f"{'htmldate':12} date {sum(row[3] for row in rows)}/{n}")
    print("\nmisses (what was found instead)")
    for name, ours, traf, _ in rows:
        for who, r in (("ours", ours), ("traf", traf)):
            wrong = [k for k in ("title", "date", "author") if not getattr(r, k)]
            if wrong:
                print(f"  {name} {who}: " + "; ".join(f"{k}={r.got[k]!r}" for k in wrong))
            if r.chrome:
                print(f"  {name} {who}: chrome left {r.chrome}")
    for line in lost:
        print(f"NOT MEASURED {line}", file=sys.stderr)
    return 1 if lost else 0


def print_sources(gold_file: Path) -> None:
    """``file<TAB>raw URL`` per page: what to fetch, at the commit the gold was written from."""
    for gold in json.loads(gold_file.read_text(encoding="utf-8"))["pages"]:
        print(f"{gold['file']}\t{RAW.format(**gold['source'])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--gold", type=Path, required=True, help="gold JSON (see the docstring)")
    parser.add_argument("--pages", type=Path, help="folder holding the saved pages")
    parser.add_argument("--sources", action="store_true", help="print file<TAB>raw URL lines")
    args = parser.parse_args(argv)
    if args.sources:
        print_sources(args.gold)
        return 0
    if args.pages is None:
        parser.error("--pages DIR is needed (or --sources)")
    return measure(args.pages, args.gold)


if __name__ == "__main__":
    sys.exit(main())
