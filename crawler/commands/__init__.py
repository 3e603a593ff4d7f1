"""One module per ``tuyengiao`` subcommand (or family of subcommands), and what they share.

Each module has ``register(subparsers)``; ``crawler/cli.py`` lists the modules and owns
``main``. The exit codes, ``CliError`` and the common options live here, so the command
modules never import the CLI that imports them.

Command modules import the rooms they drive (store, spider, query, replica) inside the
command functions: building the parser imports every command module, and with those
imports at the top ``tuyengiao --help`` (and every command) would load Scrapy, Twisted,
SQLAlchemy, trafilatura and pandas first — measured with ``python benchmarks/startup.py``.
"""

from __future__ import annotations

import argparse

EXIT_OK, EXIT_SITE_FAILED, EXIT_USAGE, EXIT_STORE, EXIT_LOCKED, EXIT_BAD_INPUT = 0, 1, 2, 3, 4, 5
EXIT_INTERRUPTED, EXIT_PIPE = 130, 141  # Ctrl-C; the reader of the output went away


class CliError(Exception):
    """A failure the CLI reports as one line on stderr and an exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def add_store_options(sp: argparse.ArgumentParser) -> None:
    """``--db`` and ``--registry``, the same on every command that needs them."""
    sp.add_argument(
        "--db",
        help="SQLAlchemy URL of the store (default: $TUYENGIAO_DB or the SQLite file "
        "in the data home)",
    )
    sp.add_argument("--registry", help="site registry file (default: the built-in one)")
