"""tuyengiao: crawl Vietnamese provincial propaganda sites into a research corpus.

Exit codes (the same for every subcommand):

    0  done, every site answered
    1  done, but at least one site failed (no response) or looks broken (layout change?),
       or the run was stopped before it finished
    2  bad usage: unknown site key, malformed registry, bad arguments
    3  the store could not be opened or written
    4  another crawl holds the store's lock; this one did nothing
    5  bad input to a single-page command (not HTML, empty, unreadable)
    6  export: no article matches the filters; nothing was written
    7  probe: the site could not be reached, answered no HTML, is JavaScript-only,
       or the drafted entry still has UNDECIDED fields
    8  export, stats --plot: the output file could not be written; nothing was left there

search, export and stats take a malformed query, an unknown site or province or a
bad date as bad usage (2), and a store without a current search index as a store
error (3, with the command that fixes it). An empty search result is an answer
(0, with a message), not an error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from crawler.commands import (
    EXIT_BAD_INPUT,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_SITE_FAILED,
    EXIT_STORE,
    EXIT_USAGE,
    CliError,
    add_store_options,
)

__all__ = [  # the exit codes and CliError are the commands' (crawler/commands/__init__.py)
    "EXIT_BAD_INPUT",
    "EXIT_LOCKED",
    "EXIT_OK",
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


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except CliError as exc:
        # One line, whatever the driver's message looked like.
        print(f"tuyengiao: {' '.join(str(exc).split())}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("tuyengiao: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    # Run the imported module's main, not __main__'s: the command modules raise
    # crawler.cli.CliError, which would be a different class here.
    from crawler.cli import main as _main

    sys.exit(_main())
