"""``tuyengiao db upgrade`` / ``tuyengiao db status``: the store's schema revision."""

from __future__ import annotations

import argparse

from crawler.commands import EXIT_OK, EXIT_STORE, CliError


def cmd_db(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import DatabaseError

    from crawler.store import migrate
    from crawler.store.db import (
        StoreError,
        default_db_url,
        describe,
        error_reason,
        make_engine,
        reader_url,
    )

    db_url = args.db or default_db_url()
    try:
        if args.action == "status":  # reads only: never creates a store
            db_url, _ = reader_url(args.db)
        engine = make_engine(db_url)
        if args.action == "status":
            with engine.connect() as connection:
                revision = migrate.current(connection) or "(empty store)"
            print(
                f"{describe(db_url)}: schema revision {revision}; this tuyengiao: {migrate.head()}"
            )
            return EXIT_OK
        with engine.connect() as connection:
            empty = migrate.is_empty(connection)
        if empty:
            from crawler.store.db import init_store

            init_store(engine)
            print(f"{describe(db_url)}: new store at schema revision {migrate.head()}")
            return EXIT_OK
        before, after = migrate.upgrade(engine)
    except StoreError as exc:
        raise CliError(str(exc), EXIT_STORE) from None
    except DatabaseError as exc:
        what = "read" if args.action == "status" else "upgrade"
        raise CliError(
            f"cannot {what} {describe(db_url)}: {error_reason(exc)}", EXIT_STORE
        ) from None
    if before == after:
        print(f"{describe(db_url)}: already at schema revision {after}")
    else:
        print(f"{describe(db_url)}: upgraded from schema revision {before} to {after}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("db", help="the store's schema: upgrade or status")
    sp.add_argument("action", choices=["upgrade", "status"])
    sp.add_argument("--db", help="SQLAlchemy URL of the store (default: the default store)")
    sp.set_defaults(func=cmd_db)
