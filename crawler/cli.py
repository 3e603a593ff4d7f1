"""tuyengiao: crawl Vietnamese provincial propaganda sites into a research corpus.

Exit codes (the same for every subcommand; README.md has the full table):

    0  done, every site answered
    1  done, but at least one site failed (no response) or looks broken (layout change?),
       or the run was stopped before it finished; reprocess: archived pages unreadable
    2  bad usage: unknown site key, malformed registry, bad arguments or -s values,
       malformed or oversized query
    3  the store could not be opened or written (missing, not a database, corrupt,
       read-only), or a file the command must write (lock, log, data home) failed
    4  another crawl holds the store's lock; this one did nothing
    5  bad input to a single-page command (not HTML, empty, unreadable, over --max-bytes;
       clean: binary or HTML)
    6  export: no article matches the filters, nothing was written; show: no such article
    7  probe: the site could not be reached, answered no HTML, is JavaScript-only,
       or the drafted entry still has UNDECIDED fields
    8  export, stats --plot: the output file could not be written; nothing was left there
  130  interrupted (Ctrl-C, SIGINT) before the command finished
  141  the reader of the output went away (``search ... | head``); quiet, no traceback

search, export and stats take a malformed query, an unknown site or province or a
bad date as bad usage (2), and a store without a current search index as a store
error (3, with the command that fixes it). An empty search result is an answer
(0, with a message), not an error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from collections.abc import Sequence

from crawler.commands import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_SITE_FAILED,
    EXIT_STORE,
    EXIT_USAGE,
    CliError,
    add_store_options,
)

__all__ = [  # the exit codes and CliError are the commands' (crawler/commands/__init__.py)
    "EXIT_BAD_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_LOCKED",
    "EXIT_OK",
    "EXIT_PIPE",
    "EXIT_SITE_FAILED",
    "EXIT_STORE",
    "EXIT_USAGE",
    "CliError",
    "add_store_options",
    "build_parser",
    "main",
]


# Subcommand modules, in the order ``tuyengiao --help`` lists them.
COMMANDS = (
    "crawler.commands.crawl",
    "crawler.commands.runs",
    "crawler.commands.replica",
    "crawler.commands.sites",
    "crawler.commands.probe",
    "crawler.commands.pages",
    "crawler.commands.import_text",
    "crawler.commands.reprocess",
    "crawler.commands.db",
    "crawler.commands.query",
    "crawler.commands.clusters",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tuyengiao", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(name).register(sub)
    return parser


def _known_error(exc: BaseException) -> tuple[str, int] | None:
    """The one-line message and exit code of an error that is not a bug, else None."""
    from sqlalchemy.exc import SQLAlchemyError

    from crawler.store.db import StoreError, store_error_line

    if isinstance(exc, StoreError):
        return str(exc), EXIT_STORE
    if isinstance(exc, SQLAlchemyError):
        return store_error_line(exc), EXIT_STORE
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"cannot write or read {where}{exc.strerror}", EXIT_STORE
    return None


def _quiet_stdout() -> None:
    """The reader went away: send what is left of stdout nowhere, without a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)  # imports the commands: Ctrl-C may land here
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows up here, not at interpreter exit
        return code
    except CliError as exc:
        message, code = str(exc), exc.code
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C: the same quiet end
        print("tuyengiao: interrupted; nothing after this point was done", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        known = _known_error(exc)
        if known is None:
            raise
        message, code = known
    # One line, whatever the driver's message looked like.
    print(f"tuyengiao: {' '.join(message.split())}", file=sys.stderr)
    return code


if __name__ == "__main__":
    # Run the imported module's main, not __main__'s: the command modules raise
    # crawler.cli.CliError, which would be a different class here.
    try:
        from crawler.cli import main as _main
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(_main())
