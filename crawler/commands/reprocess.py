"""``tuyengiao reprocess``: re-extract archived pages without the network.

Exit 1 when an archived page was missing or unreadable (each is counted and skipped).
"""

from __future__ import annotations

import argparse
import sys

from crawler.commands import (
    EXIT_OK,
    EXIT_SITE_FAILED,
    EXIT_STORE,
    EXIT_USAGE,
    CliError,
    add_store_options,
)
from crawler.registry import RegistryError, load_registry


def cmd_reprocess(args: argparse.Namespace) -> int:
    from crawler.reprocess import reprocess
    from crawler.store.db import StoreError, default_db_url, describe, open_store
    from crawler.store.warc import warc_dir

    db_url = args.db or default_db_url()
    try:
        factory = open_store(db_url)
    except StoreError as exc:
        raise CliError(str(exc), EXIT_STORE) from None
    try:
        registry = load_registry(args.registry)
    except RegistryError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    outcomes = reprocess(factory, warc_dir(db_url), args.site, registry)
    print(", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())) or "nothing archived")
    print(f"store: {describe(db_url)}")
    lost = outcomes["missing_warc"] + outcomes["corrupt_warc"]
    if lost:
        print(
            f"tuyengiao: {lost} archived page(s) could not be read and were skipped "
            "(see missing_warc, corrupt_warc)",
            file=sys.stderr,
        )
        return EXIT_SITE_FAILED
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("reprocess", help="re-extract archived pages (no network)")
    sp.add_argument("--site", help="only this site key")
    add_store_options(sp)
    sp.set_defaults(func=cmd_reprocess)
