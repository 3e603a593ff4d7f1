"""``tuyengiao search | export | stats | browse | reindex``: the researchers' commands.

Every failure a researcher can cause (a malformed query, an unknown province, an
unwritable ``--out``) ends in one line and a documented exit code (crawler/cli.py),
never a traceback, and never a half-written file.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from crawler.commands import EXIT_OK, EXIT_STORE, EXIT_USAGE, CliError, add_store_options

EXIT_NO_ARTICLES, EXIT_OUTPUT = 6, 8
EXIT_NOT_FOUND = 6  # show: no such article (as export: nothing matched)


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """Translate the query layer's exceptions into one-line CLI errors."""
    from sqlalchemy.exc import SQLAlchemyError

    from crawler.query import FilterError, OutputError, QueryError
    from crawler.query.export import NoArticlesError
    from crawler.store.db import StoreError

    try:
        yield
    except (QueryError, FilterError) as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except NoArticlesError as exc:
        raise CliError(str(exc), EXIT_NO_ARTICLES) from None
    except OutputError as exc:
        raise CliError(str(exc), EXIT_OUTPUT) from None
    except StoreError as exc:
        raise CliError(str(exc), EXIT_STORE) from None
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None) or exc
        first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        raise CliError(f"store error: {first}", EXIT_STORE) from None


def _engine(args: argparse.Namespace) -> Any:
    """The store these commands read; never created here (a missing one is exit 3)."""
    from crawler.store.db import open_reader

    factory, _, note = open_reader(args.db)
    if note:
        print(f"tuyengiao: {note}", file=sys.stderr)
    return factory.kw["bind"]


def _filters(args: argparse.Namespace, query: str | None = None) -> Any:
    from crawler.query.filters import Filters

    return Filters.make(
        site=args.site,
        province=args.province,
        since=args.since,
        until=args.until,
        author=args.author,
        query=query,
        exact=getattr(args, "exact", False),
    )


def _print_table(rows: list[list[object]], head: list[str], right: set[int]) -> None:
    lines: list[Sequence[object]] = [head, *rows]
    widths = [max(len(str(r[i])) for r in lines) for i in range(len(head))]
    for r in lines:
        cells = [
            str(v).rjust(widths[i]) if i in right else str(v).ljust(widths[i])
            for i, v in enumerate(r)
        ]
        print("  ".join(cells).rstrip())


# ------------------------------------------------------------------------------------------
def cmd_search(args: argparse.Namespace) -> int:
    from crawler.query.search import search

    with _errors():
        filters = _filters(args)
        engine = _engine(args)
        result = search(engine, args.query, filters, limit=args.limit, sort=args.sort)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "query": args.query,
                    "total": result.total,
                    "total_exact": result.total_exact,
                    "mode": result.mode,
                    "hits": [h.as_dict() for h in result],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    elif args.format == "csv":
        cols = ["rank", "id", "published", "site", "province", "title", "author", "status"]
        cols += ["url", "snippet"]
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(cols)
        for h in result:
            d = h.as_dict()
            writer.writerow(["" if d[c] is None else d[c] for c in cols])
    else:
        if result.hits:
            shown = f"showing {len(result.hits)}" if result.total != len(result.hits) else "all"
            many = "" if result.total_exact else "at least "
            mode = f"{result.mode}, {shown}"
            print(f"{many}{result.total:,} articles match {args.query!r} ({mode})\n")
        for h in result:
            where = f"{h.site} ({h.province})" if h.province else h.site
            gone = "  [gone]" if h.status == "gone" else ""
            title = h.title or "(no title)"
            date = h.published or "no date"
            print(f"{h.rank:>3}. #{h.id}  {date:<10}  {where}  {title}{gone}")
            print(f"     {h.snippet}")
            print(f"     {h.url}")
    if not result.hits:
        print(f"tuyengiao: no articles match {args.query!r}", file=sys.stderr)
    elif args.format == "table":
        print(f"\n(read one in full: tuyengiao show {result.hits[0].id})")
    return EXIT_OK


# ------------------------------------------------------------------------------------------
def cmd_show(args: argparse.Namespace) -> int:
    from crawler.query.show import ArticleNotFoundError, article_record

    with _errors():
        engine = _engine(args)
        try:
            record = article_record(engine, args.article)
        except ArticleNotFoundError as exc:
            raise CliError(str(exc), EXIT_NOT_FOUND) from None
    if args.format == "json":
        print(json.dumps(record, ensure_ascii=False, indent=1))
        return EXIT_OK
    print(_show_text(record, engine.url.render_as_string(hide_password=False)))
    return EXIT_OK


def _show_text(r: dict[str, Any], db: str) -> str:
    """The article as a reader wants it: title, byline, text, then provenance."""
    p = r["provenance"]
    site = ", ".join(x for x in (r["site_name"], r["province"]) if x)
    byline = " · ".join(
        x for x in (f"#{r['id']}", f"{r['site']} ({site})", r["published"] or "no date",
                    r["author"]) if x
    )  # fmt: skip
    lines = [r["title"] or "(no title)", byline, r["url"], ""]
    if r["lead"]:
        lines += [r["lead"], ""]
    lines += [r["body"], "", "-" * 40]
    date = "no date" if not r["published"] else (
        f"{r['published']} (printed {r['published_raw']!r}; precision {r['date_precision']}; "
        f"from the {r['date_source']})"
    )  # fmt: skip
    facts = [
        ("published", date),
        ("status", r["status"]),
        ("fetched", p["fetched_at"] or "?"),
        ("first seen", p["first_seen_at"]),
        ("last seen", p["last_seen_at"]),
        ("extractor", f"{p['extractor_version']} (CMS {p['cms'] or '?'})"),
        ("content hash", p["content_hash"]),
        ("archive", _warc_location(p["warc_ref"], db) or "not archived"),
    ]
    facts += [("also at", url) for url in r["aliases"]]
    facts.append(("versions", str(len(r["versions"]))))
    width = max(len(k) for k, _ in facts)
    lines += [f"{k:<{width}}  {v}" for k, v in facts]
    for n, v in enumerate(r["versions"], 1):
        now = "  (current)" if v["current"] else ""
        lines.append(
            f"{'':<{width}}  {n}. {v['fetched_at']}  {v['content_hash'][:12]}  "
            f"{v['body_chars']:,} chars  {v['title'] or ''}{now}"
        )
    return "\n".join(lines)


def _warc_location(ref: str | None, db: str) -> str | None:
    """``file#offset`` as a path a reader can open (the WARC folder beside the store)."""
    if not ref:
        return None
    from crawler.store.warc import warc_dir

    return f"{warc_dir(db)}/{ref}"


# ------------------------------------------------------------------------------------------
def cmd_export(args: argparse.Namespace) -> int:
    from crawler.query.export import export, package_path
    from crawler.query.output import STDOUT, terminate_as_exit
    from crawler.store.db import default_db_url, describe

    started = time.monotonic()
    with _errors(), terminate_as_exit():
        filters = _filters(args, args.query)
        engine = _engine(args)
        n = export(
            engine, args.format, args.out, filters,
            excel=args.excel, sample=args.sample, seed=args.seed,
            write_through=args.write_through, package=not args.no_datapackage,
            store=describe(args.db or default_db_url()),
        )  # fmt: skip
    where = "standard output" if args.out == STDOUT else args.out
    mode = f", {'exact' if args.exact else 'folded'} query {args.query!r}" if args.query else ""
    print(
        f"{n} articles written to {where} ({args.format}{mode}) "
        f"in {time.monotonic() - started:.1f}s",
        file=sys.stderr,
    )
    if args.out != STDOUT and not args.no_datapackage:
        print(f"data package: {package_path(Path(args.out))}", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------------------------------
def _chart_data(rows: list[Any], by: list[str], share: bool) -> tuple[dict, str, str | None]:
    """{series: {period: value}}, the period unit and the series dimension, from stats rows."""
    from crawler.query.stats import NO_DATE, PERIODS

    unit = next(d for d in by if d in PERIODS)
    p = by.index(unit)
    series = by[1 - p] if len(by) == 2 else None
    data: dict[str, dict[str, float]] = {}
    for r in rows:
        if r.keys[p] == NO_DATE:
            continue
        name = r.keys[1 - p] if series else ""
        data.setdefault(name, {})[r.keys[p]] = r.share if share else r.articles
    return data, unit, series


def chart_title(
    unit: str, series: str | None, query: str | None, exact: bool, store: str, undated: int
) -> str:
    """ "Articles per year by province matching '"đại hội"' (exact)" + the store, undated."""
    title = f"Articles per {unit}" + (f" by {series}" if series else "")
    if query:
        title += f" matching {query!r} ({'exact' if exact else 'folded'})"
    return title + f"\n{store}" + (f"; {undated} undated not drawn" if undated else "")


def cmd_stats(args: argparse.Namespace) -> int:
    from crawler.query.output import terminate_as_exit
    from crawler.query.stats import PERIODS, plot, stats, undated_outside
    from crawler.store.db import default_db_url, describe

    by = args.by or ["site"]
    store = describe(args.db or default_db_url())
    with _errors(), terminate_as_exit():
        try:
            from crawler.query.stats import _check_by

            _check_by(by)
        except ValueError as exc:
            raise CliError(str(exc), EXIT_USAGE) from None
        filters = _filters(args, args.query)
        engine = _engine(args)
        rows = stats(engine, by, filters, share=args.share)
        left_out = undated_outside(engine, filters)
        if args.plot:
            chart_by = by if any(d in PERIODS for d in by) else [args.plot_by or by[0], "month"]
            chart_rows = rows if chart_by is by else stats(engine, chart_by, filters, args.share)
            data, unit, series = _chart_data(chart_rows, chart_by, args.share)
            what = f"per cent of articles per {unit}" if args.share else f"articles per {unit}"
            not_drawn = sum(r.articles for r in chart_rows if "(no date)" in r.keys) + left_out
            title = chart_title(unit, series, args.query, args.exact, store, not_drawn)
            plot(data, args.plot, series or "", unit=unit, title=title, ylabel=what,
                 integer=not args.share, write_through=args.write_through)  # fmt: skip
    totals = (sum(r.articles for r in rows), sum(r.dated for r in rows))
    if args.limit:
        rows = rows[: args.limit]
    head = [*by, "articles", *(["share %"] if args.share else []), "dated", "first", "last"]
    if args.format == "json":
        print(json.dumps([r.as_dict(by) for r in rows], ensure_ascii=False, indent=1))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([h.replace(" %", "") for h in head])
        for r in rows:
            d = r.as_dict(by)
            values = [*r.keys, d["articles"], *([d["share"]] if args.share else [])]
            writer.writerow([*values, d["dated"], d["first"] or "", d["last"] or ""])
    elif rows:
        table: list[list[object]] = []
        for r in rows:
            share = [f"{r.share:.2f}"] if args.share else []
            table.append([*(k or "?" for k in r.keys), r.articles, *share, r.dated,
                          r.first or "", r.last or ""])  # fmt: skip
        pad = [""] * (len(by) - 1)
        table.append(["total", *pad, totals[0], *([""] if args.share else []), totals[1], "", ""])
        right = {len(by), len(by) + 1} | ({len(by) + 2} if args.share else set())
        _print_table(table, head, right)
    if args.query:
        mode = "exact: diacritics and tones count" if args.exact else "folded: accents ignored"
        print(f"counted: articles matching {args.query!r} ({mode}) in {store}", file=sys.stderr)
    undated = (
        f"{left_out} undated articles match the other filters but cannot be placed in "
        "--since/--until; they are not counted"
        if left_out
        else ""
    )
    if not rows:
        print(
            "tuyengiao: no articles match the filters" + (f" ({undated})" if undated else ""),
            file=sys.stderr,
        )
    elif undated:
        print(f"note: {undated}", file=sys.stderr)
    if args.plot:
        print(f"chart written to {args.plot}", file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------------------------------
def browse_argv(db_path: Path, host: str, port: int, metadata: Path) -> list[str]:
    """The ``datasette serve`` command line for a store (the browse test runs it too)."""
    here = Path(__file__).resolve().parents[1] / "browse"
    return [
        sys.executable, "-m", "datasette", "serve", str(db_path),
        "--host", host, "--port", str(port),
        "--metadata", str(metadata),
        "--plugins-dir", str(here / "plugins"),
        "--template-dir", str(here / "templates"),
        "--setting", "sql_time_limit_ms", "5000",
        "--setting", "facet_time_limit_ms", "3000",
        "--setting", "suggest_facets", "off",
        "--setting", "default_page_size", "50",
    ]  # fmt: skip


def write_metadata(db_path: Path) -> Path:
    """Datasette metadata names the database by file stem; write a copy for this store."""
    from crawler.browse import metadata_for

    data = metadata_for(db_path.stem)
    digest = hashlib.sha1(str(db_path.resolve()).encode()).hexdigest()[:10]
    folder = Path(tempfile.gettempdir()) / f"tuyengiao-browse-{os.getuid()}"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{db_path.stem}-{digest}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def cmd_browse(args: argparse.Namespace) -> int:
    from crawler.store.db import default_db_url, sqlite_path

    url = args.db or default_db_url()
    path = sqlite_path(url)
    if path is None:
        raise CliError(
            "browse serves a SQLite store only (Datasette reads SQLite files)", EXIT_USAGE
        )
    if not path.exists():
        raise CliError(f"no store at {path}", EXIT_STORE)
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise CliError(
            "browse needs Datasette: pip install 'tuyengiao[query]'", EXIT_USAGE
        ) from None
    from crawler.store.fts import install_browse_view, status

    with _errors():
        engine = _engine(args)  # installs the index if missing
        install_browse_view(engine)
        with engine.connect() as conn:
            problem = status(conn)
        engine.dispose()
    if problem:
        print(f"tuyengiao: warning: {problem}", file=sys.stderr)
    argv = browse_argv(path, args.host, args.port, write_metadata(path))
    print(f"browse: http://{args.host}:{args.port}/{path.stem}/articles_browse", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], argv)  # Datasette replaces this process: Ctrl-C and kill reach it
    return EXIT_OK  # pragma: no cover


# ------------------------------------------------------------------------------------------
def cmd_reindex(args: argparse.Namespace) -> int:
    from crawler.store.fts import reindex

    started = time.monotonic()

    def progress(n: int) -> None:
        if n % 100_000 == 0:
            print(f"  {n} articles indexed", file=sys.stderr)

    with _errors():
        n = reindex(_engine(args), progress=progress)
    print(f"search index rebuilt: {n} articles in {time.monotonic() - started:.1f}s")
    return EXIT_OK


# ------------------------------------------------------------------------------------------
def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def add_filter_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--site", action="append", metavar="KEY", help="site key (repeatable)")
    sp.add_argument(
        "--province",
        action="append",
        metavar="NAME",
        help="province, accents optional (repeatable)",
    )
    sp.add_argument("--since", metavar="DATE", help="from this Vietnam date: YYYY[-MM[-DD]]")
    sp.add_argument("--until", metavar="DATE", help="up to this Vietnam date, inclusive")
    sp.add_argument("--author", metavar="NAME", help="byline words, accents optional")
    sp.add_argument(
        "--exact",
        action="store_true",
        help="match the query as written: diacritics and tones count (hồi ≠ hội); "
        "case and old/new tone placement (uỷ = ủy) still do not",
    )


def _store_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--db",
        help="SQLAlchemy URL of the store (default: $TUYENGIAO_DB or the "
        "SQLite file in the data home)",
    )


def register(sub: argparse._SubParsersAction) -> None:
    add: Callable[..., argparse.ArgumentParser] = sub.add_parser
    sp = add("search", help='ranked full-text search (accents optional, "phrases", AND/OR/NOT)')
    sp.add_argument("query", help='e.g. \'"đại hội" AND (Tỉnh ủy OR "Ban Thường vụ")\'')
    add_filter_options(sp)
    sp.add_argument("--limit", type=_positive, default=20)
    sp.add_argument("--sort", choices=["relevance", "newest", "oldest"], default="relevance")
    sp.add_argument("--format", choices=["table", "json", "csv"], default="table")
    _store_option(sp)
    sp.set_defaults(func=cmd_search)

    sp = add("show", help="one article in full: text, versions and provenance")
    sp.add_argument("article", metavar="ID|URL", help="article id (search shows it) or URL")
    sp.add_argument("--format", choices=["text", "json"], default="text")
    _store_option(sp)
    sp.set_defaults(func=cmd_show)

    sp = add("export", help="write articles to CSV, JSON Lines or Parquet (streamed)")
    sp.add_argument("--format", choices=["csv", "jsonl", "parquet"], required=True)
    sp.add_argument("--out", required=True, metavar="FILE", help="the file, or - for stdout")
    sp.add_argument("--query", help="only articles matching this search query")
    add_filter_options(sp)
    sp.add_argument("--excel", action="store_true", help="CSV with a UTF-8 BOM, for Excel")
    sp.add_argument("--sample", type=_positive, metavar="N", help="N articles drawn at random")
    sp.add_argument("--seed", type=int, help="seed of --sample (default: drawn and recorded)")
    sp.add_argument(
        "--write-through",
        action="store_true",
        help="write into a symlink, FIFO or device at --out instead of refusing",
    )
    sp.add_argument(
        "--no-datapackage", action="store_true", help="no <stem>.datapackage.json beside --out"
    )
    _store_option(sp)
    sp.set_defaults(func=cmd_export)

    sp = add("stats", help="articles by site, province, year, month or author; monthly chart")
    sp.add_argument(
        "--by",
        action="append",
        choices=["site", "province", "level", "year", "month", "author", "cluster"],
        help="group by this (default: site); twice for a cross-tab: --by province --by year",
    )
    sp.add_argument("--query", help="count only articles matching this search query")
    add_filter_options(sp)
    sp.add_argument(
        "--share",
        action="store_true",
        help="per cent of all articles in the same group and period (without the query)",
    )
    sp.add_argument("--limit", type=_positive, help="show the first N rows")
    sp.add_argument("--format", choices=["table", "json", "csv"], default="table")
    sp.add_argument(
        "--plot",
        metavar="FILE",
        help="chart over the --by period (else per month): FILE.png, .svg or .pdf",
    )
    sp.add_argument(
        "--plot-by",
        choices=["province", "site", "level"],
        help="without a period in --by: the lines of the monthly chart (default: --by)",
    )
    sp.add_argument(
        "--write-through", action="store_true", help="write the chart into a symlink or FIFO"
    )
    _store_option(sp)
    sp.set_defaults(func=cmd_stats)

    sp = add("browse", help="explore the SQLite store in Datasette (search, facets, articles)")
    sp.add_argument("--host", default="127.0.0.1")
    sp.add_argument("--port", type=_positive, default=8001)
    add_store_options(sp)
    sp.set_defaults(func=cmd_browse)

    sp = add("reindex", help="rebuild the search index from the articles")
    _store_option(sp)
    sp.set_defaults(func=cmd_reindex)
