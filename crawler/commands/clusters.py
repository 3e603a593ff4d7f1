"""``tuyengiao clusters rebuild | status`` and ``tuyengiao syndication``: who republishes whom.

Clusters are kept up to date by the crawl (crawler/store/near_dup.py); ``rebuild``
recomputes them from every stored article, after an import or when the parameters
change. ``syndication`` prints each cluster as a story: the first publication, then
each republication with its lag and what it changed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from crawler.commands import EXIT_OK
from crawler.commands.query import _engine, _errors, _positive, _store_option


def cmd_rebuild(args: argparse.Namespace) -> int:
    from crawler.store.near_dup import rebuild

    started = time.monotonic()

    def progress(n: int) -> None:
        if n % 100_000 == 0:
            print(f"  {n} articles signed", file=sys.stderr)

    from crawler.store.db import open_store

    with _errors():  # writes: opened for writing, whatever the read-only commands use
        n, clustered, clusters = rebuild(open_store(args.db).kw["bind"], progress=progress)
    print(
        f"clusters rebuilt: {n} articles signed, {clustered} in {clusters} clusters "
        f"in {time.monotonic() - started:.1f}s"
    )
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from crawler.store.models import ArticleRow
    from crawler.store.near_dup import SIGNATURES, status

    with _errors():
        engine = _engine(args)
        with engine.connect() as conn:
            problem = status(conn)
            signed = conn.scalar(select(func.count()).select_from(SIGNATURES)) if not problem else 0
            total = conn.scalar(select(func.count()).select_from(ArticleRow))
            clustered = conn.scalar(
                select(func.count()).where(ArticleRow.near_dup_cluster.is_not(None))
            )
            clusters = conn.scalar(select(func.count(ArticleRow.near_dup_cluster.distinct())))
    if problem:
        print(f"tuyengiao: {problem}", file=sys.stderr)
    else:
        print(f"{signed} of {total} articles signed; {clustered} in {clusters} clusters")
    return EXIT_OK


def _lag(lag: timedelta | None) -> str:
    if lag is None:
        return "undated"
    hours = lag.total_seconds() / 3600
    if abs(hours) < 48:
        return f"+{hours:.0f}h"
    return f"+{hours / 24:.0f}d"


def _when(published: str | None) -> str:
    """ "2024-06-11T15:30:00+07:00" → "2024-06-11 15:30" (Vietnam time, as the page gave it)."""
    return (published or "")[:16].replace("T", " ")


def _what(c: Any) -> str:
    ch = c.changes
    parts = []
    if ch.title_changed:
        parts.append("new title")
    if ch.intro_added:
        parts.append(f"intro +{ch.intro_added} words")
    if ch.ending_cut:
        parts.append(f"ending cut {ch.ending_cut} words")
    parts.append(f"keeps {ch.kept:.0%}")
    return ", ".join(parts)


def cmd_syndication(args: argparse.Namespace) -> int:
    from crawler.query.filters import Filters
    from crawler.query.syndication import syndication
    from crawler.store.near_dup import status

    with _errors():
        filters = Filters.make(
            site=args.site, province=args.province, since=args.since, until=args.until
        )
        engine = _engine(args)
        with engine.connect() as conn:
            problem = status(conn)
        clusters = syndication(engine, filters, min_sites=args.min_sites)
    if problem:
        print(f"tuyengiao: warning: {problem}", file=sys.stderr)
    shown = clusters[: args.limit] if args.limit else clusters
    if args.format == "json":
        print(json.dumps([c.as_dict() for c in shown], ensure_ascii=False, indent=1))
    elif args.format == "csv":
        from crawler.query.syndication import ROW_COLUMNS, as_rows

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(ROW_COLUMNS)
        for row in as_rows(shown):
            writer.writerow(["" if v is None else v for v in row.values()])
    else:
        for c in shown:
            f = c.first
            when = _when(f.published) or "undated"
            order = "" if c.dated else " (no member is dated: first crawled shown first)"
            print(f"cluster {c.id}: {1 + len(c.copies)} articles on {len(c.sites)} sites{order}")
            print(f"  first   {when:<16}  {f.site}  {f.title or '(no title)'}")
            for x in c.copies:
                print(f"  {_lag(x.lag):<7} {_when(x.published):<16}  {x.site}  {_what(x)}")
            print()
    print(f"{len(clusters)} clusters span {args.min_sites} or more sites", file=sys.stderr)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    add: Callable[..., argparse.ArgumentParser] = sub.add_parser
    sp = add("clusters", help="syndication clusters: rebuild or check them")
    inner = sp.add_subparsers(dest="clusters_command", required=True)
    rp = inner.add_parser("rebuild", help="sign every article and recompute every cluster")
    _store_option(rp)
    rp.set_defaults(func=cmd_rebuild)
    st = inner.add_parser("status", help="how many articles are signed and clustered")
    _store_option(st)
    st.set_defaults(func=cmd_status)

    sp = add("syndication", help="republished articles: first publisher, echoes, lag, edits")
    sp.add_argument("--site", action="append", metavar="KEY", help="clusters with this site")
    sp.add_argument("--province", action="append", metavar="NAME")
    sp.add_argument("--since", metavar="DATE", help="first published from this Vietnam date")
    sp.add_argument("--until", metavar="DATE", help="first published up to this date")
    sp.add_argument("--min-sites", type=_positive, default=2, help="default: 2")
    sp.add_argument("--limit", type=_positive, help="show the first N clusters")
    sp.add_argument("--format", choices=["table", "json", "csv"], default="table")
    _store_option(sp)
    sp.set_defaults(func=cmd_syndication)
