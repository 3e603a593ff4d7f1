"""Benchmark the date-line grammar against dateparser, and machine dates against htmldate.

Why: docs/evidence.md §3.1 found that dateparser misses labelled lines and invents missing parts;
this script measures both claims on the same strings in the same run, plus speed. Usage::

    python benchmarks/dates.py                 # ~3,000 strings in every shape of sites.md §3
    python benchmarks/dates.py --n 10000 --seed 3
    python benchmarks/dates.py --htmldate-dir DIR

``--htmldate-dir`` compares htmldate with our real generic path (``extract_page(…, "generic")``
then ``stages.dates.date_article``) and with machine dates alone, on saved pages: ``DIR`` holds
``*.html`` files and ``expected.json`` mapping a file name to ``"YYYY-MM-DD"`` (or null when the
page has no date, or ``{"date": …, "url": …}`` to give the page URL too). The public htmldate
evaluation pages need network access to fetch, so they are not bundled; save them into such a
directory to run that comparison. Only dateparser and htmldate are imported here, never by
``crawler/``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.text.dates import LOCAL_TZ, parse_date_line
from crawler.text.pubdate import choose_publication_date

GMT7 = timezone(timedelta(hours=7))
FETCHED = datetime(2025, 6, 1, 3, 0, tzinfo=UTC)  # 10:00 on 1 June 2025 in Việt Nam
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "REQUIRE_PARTS": ["day", "month", "year"],
    # Not in the brief's settings, but without it relative strings resolve against "now".
    "RELATIVE_BASE": FETCHED.astimezone(LOCAL_TZ).replace(tzinfo=None),
}

NUKEVIET_EDIT = ("itemprop:datePublished", "itemprop:dateModified")
VI_DAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
VI_DAYS_CAP = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
SHORT_DAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]


def _ampm(t: datetime) -> str:
    meridiem = "PM" if t.hour > 11 else "AM"
    return f"{(t.hour % 12) or 12:02d}:{t.minute:02d}:{t.second:02d} {meridiem}"


# shape → (precision, keeps seconds, states GMT+7, renderer); sites.md §3 numbers in the names.
Render = Callable[[datetime], str]
SHAPES: dict[str, tuple[str, bool, bool, Render]] = {
    "01 d/m/Y H:i": ("minute", False, False, lambda t: f"{t:%d/%m/%Y %H:%M}"),
    "02 d/m/Y | views": ("day", False, False, lambda t: f"{t:%d/%m/%Y} | {t.minute * 7}"),
    "03 Thứ năm - d/m/Y H:i": (
        "minute", False, False, lambda t: f"{VI_DAYS[t.weekday()]} - {t:%d/%m/%Y %H:%M}"),
    "04 + views comments": (
        "minute", False, False, lambda t: f"{VI_DAYS[t.weekday()]} - {t:%d/%m/%Y %H:%M} 35 0"),
    "05 H:i d/m/Y": ("minute", False, False, lambda t: f"{t:%H:%M %d/%m/%Y}"),
    "06 Tháng words": (
        "minute", False, False,
        lambda t: f"{VI_DAYS[t.weekday()]}, {t.day} Tháng {t.month} {t.year} {t:%H:%M}"),
    "07 H:i'(GMT+7)": (
        "minute", False, True,
        lambda t: f"{VI_DAYS_CAP[t.weekday()]}, {t.day}/{t.month}/{t.year} {t:%H:%M}'(GMT+7)"),
    "08 Thứ Hai, d/m/Y": (
        "day", False, False, lambda t: f"{VI_DAYS_CAP[t.weekday()]}, {t:%d/%m/%Y}"),
    "10 Cập nhật lúc: H:i |": (
        "minute", False, False, lambda t: f"Cập nhật lúc: {t:%H:%M |%d/%m/%Y}"),
    "11 ( Cập nhật lúc: )": ("day", False, False, lambda t: f"( Cập nhật lúc: {t:%d/%m/%Y}  )"),
    "12 AM/PM (GMT+7)": (
        "minute", True, True, lambda t: f"Cập nhật {t:%d/%m/%Y} - {_ampm(t)} (GMT+7)"),
    "13 | H:i GMT+7": ("minute", False, True, lambda t: f"{t:%d/%m/%Y | %H:%M} GMT+7"),
    "14 d-m-Y, H:i (GMT+7)": ("minute", False, True, lambda t: f"{t:%d-%m-%Y, %H:%M} (GMT+7)"),
    "15 Ngày đăng :": ("minute", False, False, lambda t: f"Ngày đăng : {t:%H:%M, %d/%m/%Y}"),
    "16 Đăng ngày d-m-Y H:i": ("minute", False, False, lambda t: f"Đăng ngày {t:%d-%m-%Y %H:%M}"),
    "17 spaced dashes": ("day", False, False, lambda t: f"Đăng ngày {t:%d - %m - %Y}"),
    "18 Publish date": (
        "minute", False, False,
        lambda t: f"Publish date {t:%d/%m/%Y | %H:%M} | View count: {t.second * 31}"),
    "19 Lượt xem | Gửi lúc": (
        "minute", True, False,
        lambda t: f"Lượt xem: {t.day * 11} | Gửi lúc: {t:%d/%m/%Y %H:%M:%S}"),
    "20 seconds": ("minute", True, False, lambda t: f"{t:%d/%m/%Y %H:%M:%S}"),
    "21 H:i, d/m/Y": ("minute", False, False, lambda t: f"{t:%H:%M, %d/%m/%Y}"),
    "22 G:i:s | j/n/Y": (
        "minute", True, False, lambda t: f"{t.hour}:{t:%M:%S} | {t.day}/{t.month}/{t.year}"),
    "23 j Tháng n, Y": ("day", False, False, lambda t: f"{t.day} Tháng {t.month}, {t.year}"),
    "24 ngày … tháng … năm": (
        "day", False, False, lambda t: f"ngày {t.day:02d} tháng {t.month} năm {t.year}"),
    "T5, d/m/Y": ("day", False, False, lambda t: f"{SHORT_DAYS[t.weekday()]}, {t:%d/%m/%Y}"),
    "d.m.Y": ("day", False, False, lambda t: f"{t:%d.%m.%Y}"),
    "tháng n/Y (month)": ("month", False, False, lambda t: f"tháng {t.month}/{t.year}"),
    "năm Y (year)": ("year", False, False, lambda t: f"năm {t.year}"),
    "NFD + NBSP": (
        "minute", False, False,
        lambda t: unicodedata.normalize(
            "NFD", f"{VI_DAYS[t.weekday()]}\u00a0-\u00a0{t:%d/%m/%Y %H:%M}")),
}  # fmt: skip

# 25: relative forms, resolved against FETCHED: (template, unit, precision)
RELATIVE = [
    ("{n} ngày trước", "day", "day"),
    ("{n} giờ trước", "hour", "minute"),
    ("{n} phút trước", "minute", "minute"),
    ("{n} tuần trước", "week", "day"),
    ("({n} tháng trước)", "month", "month"),
]

# Strings that must give no date (body text, half dates, impossible dates, contradictions).
REFUSE = [
    "Thứ năm, chủ động, tích cực nắm bắt tình hình diễn biến tư tưởng",
    "Thứ năm, các cấp ủy họp ngày 30/5/2019",
    "Hội nghị ngày 30/5/2019",
    "Sáng 28-12",
    "28-12",
    "Sáng nay (01.8)",
    "31/02/2020",
    "Thứ hai - 28/12/2023 14:55",
    "Thứ năm",
    "Hôm nay: 1234",
    "(30/4/1945 - 30/4/2020)",
    "Kế hoạch năm 2020",
]

Case = tuple[str, str, datetime | None, str | None]  # shape, text, expected value, precision


def _truncate(t: datetime, precision: str, seconds: bool) -> datetime:
    if precision == "minute":
        return t.replace(second=t.second if seconds else 0, microsecond=0)
    if precision == "day":
        return t.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision == "month":
        return t.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return t.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


def build_cases(n: int, seed: int) -> list[Case]:
    """About n strings: every shape equally often, plus relative forms and refusals."""
    rng = random.Random(seed)
    start, span = datetime(2005, 1, 1), (datetime(2025, 5, 31) - datetime(2005, 1, 1)).days
    groups = len(SHAPES) + len(RELATIVE) + 1
    per = max(1, n // groups)
    cases: list[Case] = []
    for name, (precision, seconds, stated, render) in SHAPES.items():
        for _ in range(per):
            t = start + timedelta(days=rng.randrange(span), seconds=rng.randrange(86400))
            zone = GMT7 if stated else LOCAL_TZ
            cases.append(
                (name, render(t), _truncate(t, precision, seconds).replace(tzinfo=zone), precision)
            )
    here = FETCHED.astimezone(LOCAL_TZ)
    for template, unit, precision in RELATIVE:
        for _ in range(per):
            k = rng.randint(1, 11)
            if unit in ("hour", "minute"):
                value = (FETCHED - timedelta(**{f"{unit}s": k})).astimezone(LOCAL_TZ)
            elif unit == "month":
                y, m0 = divmod(here.year * 12 + here.month - 1 - k, 12)
                value = here.replace(year=y, month=m0 + 1)
            else:
                value = here - timedelta(days=k * (7 if unit == "week" else 1))
            cases.append(
                (
                    "25 " + template,
                    template.format(n=k),
                    _truncate(value, precision, False),
                    precision,
                )
            )
    for _ in range(per // len(REFUSE) + 1):
        cases.extend(("refuse", text, None, None) for text in REFUSE)
    return cases


def _correct(got: datetime | None, expected: datetime | None, precision: str | None) -> bool:
    if expected is None or got is None:
        return got is None and expected is None
    assert precision is not None
    return _truncate(got.astimezone(expected.tzinfo), precision, True) == expected


def _ours(text: str) -> datetime | None:
    return parse_date_line(text, FETCHED).value


def _rate(fn: Callable[[str], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


def run_strings(n: int, seed: int) -> None:
    cases = build_cases(n, seed)
    texts = [c[1] for c in cases]
    ours = {c[1]: _ours(c[1]) for c in cases}
    # our precision must match too: "năm 2020" is right only as a year
    ours_ok: dict[str, list[bool]] = defaultdict(list)
    for shape, text, expected, precision in cases:
        parsed = parse_date_line(text, FETCHED)
        ok = _correct(ours[text], expected, precision) and parsed.precision == precision
        ours_ok[shape].append(ok)
    our_rate = _rate(_ours, texts, repeat=3)

    try:
        import dateparser  # type: ignore[import-untyped]
    except ImportError:
        dateparser = None
    dp_ok: dict[str, list[bool]] = defaultdict(list)
    dp_rate = None
    if dateparser is not None:

        def _dp(text: str) -> datetime | None:
            try:
                return dateparser.parse(text, languages=["vi"], settings=DATEPARSER_SETTINGS)
            except Exception:  # dateparser's own failures count as "no date"
                return None

        _dp("28/12/2023")  # first call loads the language data
        dp_rate = _rate(_dp, texts, repeat=1)
        for shape, text, expected, precision in cases:
            dp_ok[shape].append(_correct(_dp(text), expected, precision))

    print(f"{len(cases)} strings, {len(ours_ok)} groups, fetched_at {FETCHED.isoformat()}")
    print(f"{'shape':34} {'n':>4} {'ours':>6} {'dateparser':>10}")
    for shape in ours_ok:
        o = ours_ok[shape]
        d = dp_ok.get(shape)
        dp_cell = f"{100 * sum(d) / len(d):9.1f}%" if d else "      n/a"
        print(f"{shape:34} {len(o):>4} {100 * sum(o) / len(o):5.1f}% {dp_cell:>10}")
    total = [x for v in ours_ok.values() for x in v]
    print(f"{'all':34} {len(total):>4} {100 * sum(total) / len(total):5.1f}%", end="")
    if dp_ok:
        dp_total = [x for v in dp_ok.values() for x in v]
        print(f" {100 * sum(dp_total) / len(dp_total):9.1f}%")
    else:
        print()
    print(
        "ours is right by construction on shapes it was written for: this checks coverage of\n"
        "sites.md §3, not accuracy on unseen sites."
    )
    print(f"speed: ours {our_rate:,.0f} strings/s", end="")
    if dp_rate is None:
        print("\ndateparser is not installed (pip install dateparser); only our numbers are shown")
        return
    print(f", dateparser {dp_rate:,.0f} strings/s ({our_rate / dp_rate:.0f}x)")
    print(
        "notes: dateparser with REQUIRE_PARTS cannot return month/year-only dates, so those rows\n"
        "       count as misses for it; 'refuse' rows are right when no date is returned."
    )


# --------------------------------------------------------------------------- htmldate


def _day_as_stated(published_at: datetime | None, offset: int | None) -> str | None:
    """The day the page states: the UTC instant moved by the page's own offset."""
    if published_at is None:
        return None
    zone = timezone(timedelta(minutes=offset)) if offset is not None else LOCAL_TZ
    return published_at.astimezone(zone).date().isoformat()


def _finders(html: str, url: str | None) -> str | None:
    """Our date finders alone, as the crawler's date stage sees them on unknown markup:
    machine dates tied to the article, then the visible date line, then the URL."""
    from crawler.cms.engine import parse_html
    from crawler.finders.dates import (
        article_anchor,
        day_first,
        machine_dates,
        visible_date_line,
    )

    try:
        root = parse_html(html)
    except ValueError:
        return None
    anchor = article_anchor(root)
    found = visible_date_line(root, anchor=anchor)
    chosen = choose_publication_date(
        None,
        machine_dates(root, anchor),
        url=url,
        visible_line=found.raw if found is not None else None,
        day_first=day_first(root),
    )
    return _day_as_stated(chosen.published_at, chosen.offset)


def _generic(html: str, name: str, url: str | None) -> str | None:
    """Our real path on unknown markup: ``extract_page(…, "generic")`` then ``date_article``,
    as the crawler runs it (family date line, machine dates, visible line, URL; never the body)."""
    from crawler.cms import get_family
    from crawler.items import Article
    from crawler.stages.dates import date_article
    from crawler.stages.extract import extract_page

    page_url = url or f"https://example.invalid/{name}"  # no URL: nothing to read from it
    family = get_family("generic")
    extracted = extract_page(html, page_url, family)
    article = Article(url=page_url, site="", cms=extracted.cms, title=None, lead=None, body="")
    date_article(article, extracted, fetched_at=None, family=family)
    return _day_as_stated(article.published_at, article.published_offset)


def run_htmldate(directory: Path, show: bool = False, full: bool = False) -> None:
    """Accuracy (the day as the page states it) and ms/page of our finders beside htmldate's
    ``find_date(original_date=True)`` in the same run; ``full`` adds the whole generic
    extraction path (slow: trafilatura runs on every page)."""
    try:
        from htmldate import find_date  # type: ignore[import-untyped]
    except ImportError:
        find_date = None
        print("htmldate is not installed (pip install htmldate); showing our results only")
    expected_file = directory / "expected.json"
    if not expected_file.is_file():
        print(f"{expected_file} is missing: it maps each .html file name to YYYY-MM-DD or null")
        return
    expected: dict[str, object] = json.loads(expected_file.read_text(encoding="utf-8"))
    runners: dict[str, Callable[[str, str, str | None], str | None]] = {
        "ours": lambda html, name, url: _finders(html, url)
    }
    if full:
        runners["ours-full"] = _generic
    if find_date is not None:
        runners["htmldate"] = lambda html, name, url: find_date(html, original_date=True, url=url)
    tally: dict[str, dict[str, int]] = {who: defaultdict(int) for who in runners}
    seconds: dict[str, float] = defaultdict(float)
    pages = 0
    rows: list[tuple[str, object, dict[str, str | None]]] = []
    for name, entry in sorted(expected.items()):
        path = directory / name
        if not path.is_file():
            print(f"  missing {name}")
            continue
        want, url = (
            (entry.get("date"), entry.get("url")) if isinstance(entry, dict) else (entry, None)
        )
        # the saved copy is UTF-8 text whatever the page's charset meta says: hand over str
        html = path.read_bytes().decode("utf-8", errors="replace")
        pages += 1
        results: dict[str, str | None] = {}
        for who, run in runners.items():
            start = time.perf_counter()
            try:
                got = run(html, name, url)
            except Exception as exc:  # a crash is a miss, shown, never a stop
                print(f"  {who} failed on {name}: {exc!r:.80}")
                got = None
            seconds[who] += time.perf_counter() - start
            results[who] = got
            tally[who]["right" if got == want else "none" if got is None else "wrong"] += 1
        rows.append((name, want, results))
    print(f"htmldate comparison over {directory} ({pages} pages)")
    print(f"{'':10} {'right':>6} {'wrong':>6} {'none':>6} {'accuracy':>9} {'ms/page':>8}")
    for who, counts in tally.items():
        acc = 100 * counts["right"] / pages if pages else 0.0
        ms = 1000 * seconds[who] / pages if pages else 0.0
        print(
            f"{who:10} {counts['right']:>6} {counts['wrong']:>6} {counts['none']:>6}"
            f" {acc:8.1f}% {ms:8.2f}"
        )
    if seconds.get("htmldate"):
        print(f"speed: ours {seconds['ours'] / seconds['htmldate']:.2f}x htmldate's time")
    print(
        "ours      = parse + crawler.finders.dates (machine dates, visible line) + URL\n"
        "ours-full = extract_page(html, url, 'generic') + crawler.stages.dates.date_article\n"
        "htmldate  = find_date(html, original_date=True, url=url)\n"
        "a day is right when it equals the gold as the page states it (its own UTC offset)"
    )
    if show:
        for name, want, results in rows:
            if results["ours"] != want:
                cells = "  ".join(f"{who}={got}" for who, got in results.items())
                print(f"  {name}: want {want}  {cells}")


def run_replica() -> None:
    """Vietnamese pages without their family's selectors: every replica article page through
    the generic date finders alone (no family date line, no listing or feed hints), beside
    htmldate; the gold is the replica's hand-written date, compared as a day."""
    from extraction import gold_pages  # benchmarks/extraction.py, beside this file

    from crawler.text.decode import decode_html

    try:
        from htmldate import find_date  # type: ignore[import-untyped]
    except ImportError:
        find_date = None
    pages, notes = gold_pages()
    right: dict[str, int] = defaultdict(int)
    dated = 0
    for page in pages:
        want = page.gold.get("published")
        want_day = want[:10] if isinstance(want, str) else None
        html, _codec = decode_html(page.html, None)
        dated += want_day is not None
        right["ours"] += _finders(html, page.url) == want_day
        if find_date is not None:
            right["htmldate"] += find_date(html, original_date=True, url=page.url) == want_day
    print(f"replica article pages without family selectors: {len(pages)} ({dated} dated)")
    for who, n in right.items():
        print(f"  {who:9} day right on {n}/{len(pages)} ({100 * n / max(1, len(pages)):.1f} %)")
    for note in notes:
        print(f"  {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000, help="number of date strings")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--htmldate-dir", type=Path, help="saved pages + expected.json")
    parser.add_argument("--show", action="store_true", help="print the pages ours gets wrong")
    parser.add_argument("--full", action="store_true", help="also the whole generic path")
    parser.add_argument("--skip-strings", action="store_true", help="only the saved pages")
    parser.add_argument("--replica", action="store_true", help="replica pages, generic finders")
    args = parser.parse_args(argv)
    if not args.skip_strings:
        run_strings(args.n, args.seed)
        print()
    if args.replica:
        run_replica()
        print()
    if args.htmldate_dir:
        run_htmldate(args.htmldate_dir, show=args.show, full=args.full)
    else:
        print(
            "htmldate comparison skipped: its public evaluation pages need network access.\n"
            'Save pages as DIR/*.html with DIR/expected.json ({"page.html": "2023-12-28"}),\n'
            "then run: python benchmarks/dates.py --htmldate-dir DIR"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
