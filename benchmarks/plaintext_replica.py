"""The plain-text path on the replica's article pages turned into text dumps.

Each replica article page (``replica/``, 15 sites, gold = the site's content file, written by
hand) is rendered, turned into the text a browser's "save as text" gives (``page_text``:
block elements on their own lines; scripts, styles and hidden elements dropped) and read
with ``article_from_text``. The text path's rules were not written for these pages, so
this is a second check of generality beside ``benchmarks/plaintext.py``. Per page: the
title (exact, white space folded), the day of the date (a dump holds no machine dates, so the
gold's minute is not asked for) and the author (exact). Usage::

    python benchmarks/plaintext_replica.py [--show]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.page import article_from_text  # noqa: E402
from crawler.text.dates import LOCAL_TZ  # noqa: E402
from crawler.text.decode import decode_html  # noqa: E402
from replica.model import load_content  # noqa: E402
from replica.registry import load_replica  # noqa: E402
from replica.server import CLOCK_START, renderer  # noqa: E402

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "select", "iframe"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "ul", "ol",
    "li", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "dd",
    "dt", "dl", "blockquote", "form", "address", "hr", "pre", "center", "fieldset", "legend",
}  # fmt: skip


# Classes the themes hide with CSS (a browser's text copy leaves them out).
_HIDDEN_CLASSES = {"hidden", "hide", "d-none", "sr-only", "visually-hidden", "screen-reader-text"}


def _hidden(el: Any) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    classes = set((el.get("class") or "").split())
    return (
        el.get("hidden") is not None or "display:none" in style or bool(classes & _HIDDEN_CLASSES)
    )


def _walk(el: Any, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP or (tag and _hidden(el)) or not tag:
        if el.tail:
            out.append(el.tail)
        return
    block = tag in _BLOCK
    if block:
        out.append("\n")
    if tag == "br":
        out.append("\n")
    if tag == "td":
        out.append(" ")
    if el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out)
    if block:
        out.append("\n")
    if el.tail:
        out.append(el.tail)


def page_text(html: bytes) -> str:
    """The text of a page as a browser's "save as text" gives it: one line per block."""
    text, _ = decode_html(html)
    root = lxml.html.fromstring(text)
    out: list[str] = []
    _walk(root, out)
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line)


def _date_right(gold: str | None, got: datetime | None) -> bool:
    """The day only: the gold's minute comes from the page's machine dates, which a text
    dump does not hold (a page printing "14/12/2021" gives the day and nothing more)."""
    if gold is None or got is None:
        return gold is None and got is None
    return got.astimezone(LOCAL_TZ).date() == date.fromisoformat(gold[:10])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each miss")
    args = parser.parse_args(argv)
    totals: Counter[str] = Counter()
    for key, entry in load_replica(check_families=False).items():
        content = load_content(entry.content)
        module = renderer(content.family)
        pages = module.render_site(content, entry.site.base_url)
        site: Counter[str] = Counter()
        for a in content.articles:
            page = pages.get(module.article_path(content, a))
            if page is None:
                continue
            art = article_from_text(page_text(page.body), "", fetched_at=CLOCK_START)
            checks = {
                "title": " ".join((art.title or "").split()) == " ".join(a.title.split()),
                "date": _date_right(a.published, art.published_at),
                "author": art.author == a.author,
            }
            site["pages"] += 1
            for name, ok in checks.items():
                site[name] += ok
                if args.show and not ok:
                    got = {"title": art.title, "date": art.published_raw, "author": art.author}
                    want = {"title": a.title, "date": a.published, "author": a.author}
                    print(f"  {key} {a.id} {name}: {got[name]!r} want {want[name]!r}")
        totals.update(site)
        n = site["pages"]
        print(
            f"{key:16} {n:3} pages  title {site['title']:3}  date {site['date']:3}  "
            f"author {site['author']:3}"
        )
    n = totals["pages"]
    print(
        f"all {n} pages: title {100 * totals['title'] / n:.1f} %  "
        f"date {100 * totals['date'] / n:.1f} %  author {100 * totals['author'] / n:.1f} %"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
