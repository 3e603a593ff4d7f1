"""``tuyengiao crawl`` and ``tuyengiao demo``: the one crawl code path, and its summary.

A run takes the store's lock (one run at a time per store) and logs, Scrapy's lines
included, to a rotating file in the data home (``--verbose``: to standard error too).
On a terminal a live display shows each site's progress (``crawler/progress.py``);
the run ends with a one-screen table (plain text when not on a terminal, ``--json``),
the problems one line each, and a one-line summary for cron mail (``--quiet``: only
the problems and that line).
"""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.commands import (
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_SITE_FAILED,
    EXIT_STORE,
    EXIT_USAGE,
    CliError,
    add_store_options,
)
from crawler.overrides import typed_override
from crawler.registry import RegistryError, Site, load_registry

if TYPE_CHECKING:
    from rich.console import Console
    from scrapy.crawler import Crawler

    from crawler.progress import LiveDisplay


def log_file(path: str | None) -> Path:
    """``--log-file``, else ``$TUYENGIAO_LOG``, else ``<data home>/logs/tuyengiao.log``."""
    from crawler.store.db import data_home

    return Path(path or os.environ.get("TUYENGIAO_LOG") or data_home() / "logs" / "tuyengiao.log")


def _logging(path: Path, level: str, verbose: bool) -> list[logging.Handler]:
    """Every log line of the run (Scrapy's included) to the rotating file; to standard error
    too with ``--verbose``. Scrapy's own handler on the terminal is not installed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8"
        )
    except OSError as exc:
        raise CliError(f"cannot write the log file {path}: {exc.strerror}", EXIT_STORE) from None
    handlers = [handler]
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    root = logging.getLogger()
    for h in handlers:
        h.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
        h.setLevel(level)
        root.addHandler(h)
    root.setLevel(min(root.level or logging.WARNING, logging.getLevelName(level)))
    return handlers


def run_crawl(
    sites: Sequence[Site],
    db_url: str | None = None,
    overrides: dict[str, Any] | None = None,
    watch: Callable[[Crawler], object] | None = None,
) -> dict[str, Any]:
    """Crawl ``sites`` into the store in this process; return the run summary.

    This is the one code path for real sites, the replica demo and the tests.
    Twisted's reactor runs once per process, so call it once per process.
    ``watch(crawler)`` is called before the crawl starts (the live display hooks in);
    the summary gets ``log_counts``, the log lines per level (Scrapy's ``log_count/``).
    """
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from crawler.interrupts import run_process
    from crawler.runrecord import run_recorded
    from crawler.store.db import StoreError, open_store
    from spiders.site import SiteSpider

    try:  # fail before Scrapy starts if the store cannot be opened
        open_store(db_url)
    except StoreError as exc:
        raise CliError(str(exc), EXIT_STORE) from None
    settings = get_project_settings()
    if db_url:
        settings.set("TUYENGIAO_DB", db_url, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    recorded: list[dict[str, Any]] = []
    crawler.signals.connect(
        lambda summary: recorded.append(summary), signal=run_recorded, weak=False
    )
    if watch is not None:
        watch(crawler)
    signals = run_process(process, lambda: process.crawl(crawler, sites=list(sites)))
    if not recorded and signals:
        raise CliError(
            "interrupted before the run was recorded (the next run fetches what this one "
            "did not store)",
            EXIT_INTERRUPTED,
        )
    if not recorded:
        raise CliError("the crawl ended before the store recorded the run (see log)", EXIT_STORE)
    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    recorded[0]["log_counts"] = {
        k.removeprefix("log_count/"): v for k, v in stats.items() if k.startswith("log_count/")
    }
    return recorded[0]


def _select_sites(keys: list[str] | None, registry: str | None) -> list[Site]:
    from scrapy.exceptions import UsageError

    from spiders.site import resolve_sites

    try:
        if keys:
            return resolve_sites([k for arg in keys for k in arg.split(",") if k], registry)
        sites = load_registry(registry)
    except (UsageError, RegistryError) as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    chosen = [s for s in sites.values() if s.active]
    if not chosen:
        raise CliError("no active sites in the registry", EXIT_USAGE)
    return chosen


def crawl_and_report(
    sites: list[Site], db: str | None, args: argparse.Namespace, overrides: dict[str, Any]
) -> int:
    """Lock the store, crawl, print the summary; the exit code says whether all went well."""
    from crawler.store.db import default_db_url, describe
    from crawler.store.lock import LockHeldError, RunLock

    db_url = db or default_db_url()
    redis_url = getattr(args, "redis", None) or os.environ.get("TUYENGIAO_REDIS")
    if redis_url:
        from crawler.distributed import check_redis, default_run_name, redis_settings

        try:
            check_redis(redis_url)
        except ConnectionError as exc:
            raise CliError(str(exc), EXIT_STORE) from None
        overrides = redis_settings(redis_url, args.redis_run or default_run_name()) | overrides
    from crawler.store.db import StoreError, check_writable, open_store

    try:  # before the lock: a store that cannot be reached or written is a one-line error
        check_writable(open_store(db_url).kw["bind"])
    except StoreError as exc:
        raise CliError(str(exc), EXIT_STORE) from None
    level = args.log_level or "INFO"
    path = log_file(args.log_file)
    handlers = _logging(path, level, args.verbose)
    overrides = {"LOG_INSTALL_ROOT_HANDLER": False, "LOG_LEVEL": level} | overrides
    live = LiveHook(live_console(args), [s.key for s in sites])
    started = time.monotonic()
    try:
        try:
            with RunLock(db_url, shared=bool(redis_url)):
                summary = run_crawl(sites, db_url, overrides, watch=live)
        except LockHeldError as exc:
            raise CliError(f"{exc}; this run exits without crawling", EXIT_LOCKED) from None
        finally:
            live.stop()
        return _report(summary, args, describe(db_url), path, time.monotonic() - started)
    finally:
        for handler in handlers:
            logging.getLogger().removeHandler(handler)
            handler.close()


def _report(
    summary: dict[str, Any], args: argparse.Namespace, store: str, log: Path, elapsed: float
) -> int:
    """Print the end of the run (table, problems, totals; or JSON); return the exit code."""
    from rich.console import Console

    from crawler.progress import exit_line, one_line, report

    summary["store"] = store
    summary["duration_s"] = round(elapsed, 1)
    code = exit_code(summary)
    line = one_line(summary, elapsed)
    if args.json:
        extra = {"summary": line, "log_file": str(log), "exit_code": code}
        extra["exit_meaning"] = exit_line(code)
        print(json.dumps(summary | extra, ensure_ascii=False, indent=1))
    else:
        table = None if args.quiet or not sys.stdout.isatty() else Console()
        for text in report(summary, elapsed, code, str(log), quiet=args.quiet, console=table):
            print(text)
    logging.getLogger("tuyengiao").info(line)  # the last line of the log, for grep
    return code


def exit_code(summary: dict[str, Any]) -> int:
    """3: the run could not be recorded; 1: a site not ok, or the run stopped; else 0."""
    if summary.get("store_error"):
        return EXIT_STORE
    bad = any(r["status"] != "ok" for r in summary["sites"].values())
    return EXIT_SITE_FAILED if bad or summary.get("reason") != "finished" else EXIT_OK


def live_console(args: argparse.Namespace) -> Console | None:
    """The terminal the live display draws on (standard error), or None: not a terminal,
    ``--quiet``, ``--verbose`` (the log streams there), ``--no-progress``, ``TERM=dumb``."""
    if args.quiet or args.verbose or args.no_progress or os.environ.get("TERM") == "dumb":
        return None
    from rich.console import Console

    console = Console(stderr=True)
    return console if console.is_terminal else None


class LiveHook:
    """``run_crawl``'s ``watch``: attaches the live display to the crawler, if there is a
    terminal; ``stop()`` takes it off the screen however the crawl ended."""

    def __init__(self, console: Console | None, keys: list[str]) -> None:
        self.console, self.keys = console, keys
        self.display: LiveDisplay | None = None

    def __call__(self, crawler: Crawler) -> None:
        if self.console is not None:
            from crawler.progress import LiveDisplay

            self.display = LiveDisplay(crawler, self.keys, self.console)

    def stop(self) -> None:
        if self.display is not None:
            self.display.stop()


def crawl_overrides(args: argparse.Namespace) -> dict[str, Any]:
    overrides: dict[str, Any] = {"LOGSTATS_INTERVAL": 30.0}
    if getattr(args, "backfill", False):
        overrides["TUYENGIAO_BACKFILL"] = True
    for item in args.set or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CliError(f"-s takes NAME=VALUE, got {item!r}", EXIT_USAGE)
        try:
            overrides[name.strip()] = typed_override(name.strip(), value)
        except ValueError as exc:
            raise CliError(str(exc), EXIT_USAGE) from None
    return overrides


def cmd_crawl(args: argparse.Namespace) -> int:
    sites = _select_sites(args.site, args.registry)
    return crawl_and_report(sites, args.db, args, crawl_overrides(args))


FAST_LOCAL = {  # the replica is on 127.0.0.1: no need to be polite to ourselves
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.store.db import data_home
    from replica.server import ReplicaServer

    db = args.db or f"sqlite:///{data_home() / 'demo.sqlite'}"
    # The registry's fixed ports keep the demo's URLs the same from run to run, so a
    # second demo updates the same rows instead of adding copies under new addresses.
    replica = ReplicaServer(fixed_ports=not args.free_ports)
    try:
        replica.start()
    except OSError as exc:
        replica.stop()
        raise CliError(
            f"cannot serve the replica on its ports 8801-88xx ({exc.strerror}); stop the other "
            "replica (tuyengiao replica serve) or pass --free-ports",
            EXIT_USAGE,
        ) from None
    with replica:
        ports = sorted(int(s.base_url.rsplit(":", 1)[1].strip("/")) for s in replica.sites.values())
        if not (args.quiet or args.json):
            print(f"replica: {len(replica.sites)} sites on 127.0.0.1, ports {ports[0]}-{ports[-1]}")
        overrides = crawl_overrides(args) | FAST_LOCAL
        return crawl_and_report(list(replica.sites.values()), db, args, overrides)


def add_crawl_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="of the log file"
    )
    sp.add_argument(
        "--log-file", help="rotating log file (default: <data home>/logs/tuyengiao.log)"
    )
    out = sp.add_mutually_exclusive_group()
    out.add_argument(
        "-v", "--verbose", action="store_true", help="stream the log to standard error too"
    )
    out.add_argument(
        "-q", "--quiet", action="store_true", help="print only problems and the totals line"
    )
    sp.add_argument(
        "--no-progress", action="store_true", help="no live display, even on a terminal"
    )
    sp.add_argument("--json", action="store_true", help="print the summary as JSON")
    sp.add_argument(
        "-s",
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="override a Scrapy or tuyengiao setting (repeatable)",
    )


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("crawl", help="crawl sites into the store")
    sp.add_argument("--site", action="append", metavar="KEY", help="site key (repeatable)")
    sp.add_argument(
        "--backfill", action="store_true", help="walk whole archives, not only what is new"
    )
    sp.add_argument(
        "--redis",
        metavar="URL",
        help="distributed mode: share the crawl through this Redis (or $TUYENGIAO_REDIS)",
    )
    sp.add_argument(
        "--redis-run",
        metavar="NAME",
        help="name of the distributed crawl the workers join (default: today's UTC date)",
    )
    add_store_options(sp)
    add_crawl_options(sp)
    sp.set_defaults(func=cmd_crawl)

    sp = sub.add_parser("demo", help="serve the offline replica and crawl it")
    sp.add_argument("--free-ports", action="store_true", help="serve the replica on any free ports")
    add_store_options(sp)
    add_crawl_options(sp)
    sp.set_defaults(func=cmd_demo)
