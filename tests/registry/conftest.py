"""Run the ``sites`` command in this process, exactly as ``crawler.cli.main`` dispatches it.

Only the command under test is registered, so these tests do not depend on
every other subcommand importing cleanly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

import pytest

from crawler.cli import CliError
from crawler.commands import sites as sites_command

SitesCli = Callable[[list[str]], int]


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tuyengiao")
    sites_command.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"tuyengiao: {exc}", file=sys.stderr)
        return exc.code


@pytest.fixture
def sites_cli() -> SitesCli:
    """``sites_cli(["sites", "check"])`` → exit code; output goes to capsys."""
    return _run
