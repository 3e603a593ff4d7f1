"""``tuyengiao runs``: the history of crawl runs, newest first, from ``crawl_runs``."""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

from sqlalchemy import select

from crawler.commands import EXIT_OK, EXIT_STORE, CliError, add_store_options

FIELDS = ("requests", "new", "changed", "unchanged", "gone", "not_modified", "rejected", "errors")


def cmd_runs(args: argparse.Namespace) -> int:
    import sys

    from crawler.store.db import StoreError, open_reader
    from crawler.store.models import CrawlRunRow
    from crawler.store.present import LOCAL_TZ

    try:
        factory, _, note = open_reader(args.db)
    except StoreError as exc:
        raise CliError(str(exc), EXIT_STORE) from None
    if note:
        print(f"tuyengiao: {note}", file=sys.stderr)
    with factory() as session:
        query = select(CrawlRunRow).order_by(CrawlRunRow.started_at.desc(), CrawlRunRow.id)
        if args.site:
            query = query.where(CrawlRunRow.site_key == args.site)
        rows = session.scalars(query).all()
    runs: dict[str, list[CrawlRunRow]] = defaultdict(list)
    for row in rows:
        runs[row.run_id].append(row)
    chosen = list(runs.items())[: args.limit]
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "run_id": run_id,
                        "started_at": sites[0].started_at.isoformat(),
                        "finished_at": sites[0].finished_at.isoformat()
                        if sites[0].finished_at
                        else None,
                        "sites": {
                            r.site_key: {
                                "status": r.status,
                                "health": r.health,
                                "errors_by_kind": r.errors_by_kind,
                                "median_body_length": r.median_body_length,
                                **{f: getattr(r, f) for f in FIELDS},
                            }
                            for r in sites
                        },
                    }
                    for run_id, sites in chosen
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return EXIT_OK
    if not chosen:
        print("no runs recorded in this store")
        return EXIT_OK
    print(
        f"{'run':<12} {'started (+07)':<16} {'secs':>6} {'sites':>6}"
        + "".join(f" {f[:8]:>8}" for f in FIELDS)
        + "  problems"
    )
    for run_id, sites in chosen:
        first = sites[0]
        secs = (first.finished_at - first.started_at).total_seconds() if first.finished_at else 0
        ok = sum(1 for r in sites if r.status == "ok")
        sums = [sum(getattr(r, f) for r in sites) for f in FIELDS]
        problems = "; ".join(
            f"{r.site_key}: {r.health or r.message or r.status}" for r in sites if r.status != "ok"
        )
        started = first.started_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M")
        print(
            f"{run_id:<12} {started:<16} {secs:>6.0f} {f'{ok}/{len(sites)}':>6}"
            + "".join(f" {n:>8}" for n in sums)
            + f"  {problems}"
        )
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("runs", help="the history of crawl runs")
    sp.add_argument("--site", help="only this site key")
    sp.add_argument("--limit", type=int, default=20)
    sp.add_argument("--json", action="store_true")
    add_store_options(sp)
    sp.set_defaults(func=cmd_runs)
