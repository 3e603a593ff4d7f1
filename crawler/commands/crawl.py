"""``tuyengiao crawl`` and ``tuyengiao demo``: the one crawl code path, and its summary.

A run takes the store's lock (one run at a time per store), logs to a
rotating file in the data home as well as to the terminal, and ends with a
one-screen table (or ``--json``) and a one-line summary for cron mail.
"""

from __future__ import annotations

import argparse
import json
import logging
import logging.handlers
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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

COLUMNS = (  # summary key, header
    ("requests", "requests"),
    ("articles", "articles"),
    ("new", "new"),
    ("changed", "changed"),
    ("unchanged", "same"),
    ("aliases", "alias"),
    ("gone", "gone"),
    ("rechecked", "rechecked"),
    ("not_modified", "304"),
    ("rejected", "rejected"),
    ("errors", "errors"),
)


def log_file(path: str | None) -> Path:
    """``--log-file``, else ``$TUYENGIAO_LOG``, else ``<data home>/logs/tuyengiao.log``."""
    from crawler.store.db import data_home

    return Path(path or os.environ.get("TUYENGIAO_LOG") or data_home() / "logs" / "tuyengiao.log")


def _file_logging(path: Path) -> logging.Handler:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8"
        )
    except OSError as exc:
        raise CliError(f"cannot write the log file {path}: {exc.strerror}", EXIT_STORE) from None
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    handler.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)
    return handler


def run_crawl(
    sites: Sequence[Site],
    db_url: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Crawl ``sites`` into the store in this process; return the run summary.

    This is the one code path for real sites, the replica demo and the tests.
    Twisted's reactor runs once per process, so call it once per process.
    """
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from crawler.interrupts import run_process
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
    signals = run_process(process, lambda: process.crawl(crawler, sites=list(sites)))
    summary = getattr(crawler, "tuyengiao_summary", None)
    if summary is None and signals:
        raise CliError(
            "interrupted before the run was recorded (the next run fetches what this one "
            "did not store)",
            EXIT_INTERRUPTED,
        )
    if summary is None:
        raise CliError("the crawl ended before the store recorded the run (see log)", EXIT_STORE)
    return summary


def totals(summary: dict[str, Any]) -> dict[str, int]:
    out = dict.fromkeys((k for k, _ in COLUMNS), 0)
    for r in summary["sites"].values():
        for key, _ in COLUMNS:
            out[key] += sum(r[key].values()) if key == "errors" else r[key]
    return out


def print_summary(summary: dict[str, Any]) -> None:
    """One screen: a row per site, totals, the failures and where the data is."""
    rows = summary["sites"]
    width = max([len(k) for k in rows] + [5])
    print(f"{'site':<{width}}  {'status':<9}" + "".join(f" {h:>8}" for _, h in COLUMNS))
    for key, r in rows.items():
        cells = [sum(r[k].values()) if k == "errors" else r[k] for k, _ in COLUMNS]
        print(f"{key:<{width}}  {r['status']:<9}" + "".join(f" {c:>8}" for c in cells))
    ok = sum(1 for r in rows.values() if r["status"] == "ok")
    tot = totals(summary)
    print(
        f"{'total':<{width}}  {f'{ok}/{len(rows)} ok':<9}"
        + "".join(f" {tot[k]:>8}" for k, _ in COLUMNS)
    )
    for key, r in rows.items():
        if r["status"] == "failed":
            kinds = ", ".join(f"{k}×{n}" for k, n in r["errors"].items()) or "no response"
            print(f"FAILED {key}: {kinds}")
        elif r["status"] == "unhealthy":
            print(f"LAYOUT CHANGE? {key}: {r['health']}")


def one_line(summary: dict[str, Any], elapsed: float) -> str:
    """The line cron mails: counts, failures, time, store."""
    rows = summary["sites"]
    tot = totals(summary)
    ok = sum(1 for r in rows.values() if r["status"] == "ok")
    line = (
        f"tuyengiao run {summary['run_id']}: {ok}/{len(rows)} sites ok, "
        f"{tot['new']} new, {tot['changed']} changed, {tot['gone']} gone, "
        f"{tot['unchanged'] + tot['not_modified']} unchanged, {tot['rejected']} rejected, "
        f"{tot['errors']} errors, {tot['requests']} requests in {elapsed:.1f}s"
    )
    if summary.get("reason") not in (None, "finished"):
        line += f" (stopped: {summary['reason']})"
    return line + f"; store {summary['store']}"


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
    handler = _file_logging(log_file(args.log_file))
    started = time.monotonic()
    try:
        with RunLock(db_url, shared=bool(redis_url)):
            summary = run_crawl(sites, db_url, overrides)
    except LockHeldError as exc:
        raise CliError(f"{exc}; this run exits without crawling", EXIT_LOCKED) from None
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    summary["store"] = describe(db_url)
    line = one_line(summary, time.monotonic() - started)
    if args.json:
        print(json.dumps(summary | {"summary": line}, ensure_ascii=False, indent=1))
    else:
        print_summary(summary)
        print(line)
    logging.getLogger("tuyengiao").info(line)
    bad = any(r["status"] != "ok" for r in summary["sites"].values())
    return EXIT_SITE_FAILED if bad or summary.get("reason") != "finished" else EXIT_OK


def crawl_overrides(args: argparse.Namespace) -> dict[str, Any]:
    overrides: dict[str, Any] = {"LOGSTATS_INTERVAL": 30.0}
    if args.log_level:
        overrides["LOG_LEVEL"] = args.log_level
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
        print(f"replica: {len(replica.sites)} sites on 127.0.0.1, ports {ports[0]}-{ports[-1]}")
        overrides = crawl_overrides(args) | FAST_LOCAL
        if not args.log_level:
            overrides["LOG_LEVEL"] = "WARNING"
        return crawl_and_report(list(replica.sites.values()), db, args, overrides)


def add_crawl_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    sp.add_argument("--log-file", help="rotating log file (default: <data home>/logs/)")
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
