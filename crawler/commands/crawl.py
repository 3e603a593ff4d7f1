"""``tuyengiao crawl`` and ``tuyengiao demo``: the one crawl code path, and its summary."""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence
from typing import Any

from crawler.cli import (
    EXIT_OK,
    EXIT_SITE_FAILED,
    EXIT_STORE,
    EXIT_USAGE,
    CliError,
    add_store_options,
)
from crawler.registry import RegistryError, Site, load_all


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
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(SiteSpider)
    process.crawl(crawler, sites=list(sites))
    process.start()
    summary = getattr(crawler, "tuyengiao_summary", None)
    if summary is None:
        raise CliError("the crawl ended before the store recorded the run (see log)", EXIT_STORE)
    summary["store"] = db_url
    return summary


def print_summary(summary: dict[str, Any], db_label: str, elapsed: float) -> None:
    """One screen: a row per site, then totals and where the data is."""
    rows = summary["sites"]
    width = max([len(k) for k in rows] + [4])
    head = f"{'site':<{width}}  {'status':<6} {'requests':>8} {'articles':>8} {'new':>5} "
    head += f"{'changed':>7} {'same':>5} {'alias':>5} {'rejected':>8} {'errors':>6}"
    print(head)
    total = {k: 0 for k in ("requests", "articles", "new", "changed", "unchanged", "aliases")}
    total |= {"rejected": 0, "errors": 0}
    for key, r in rows.items():
        errors = sum(r["errors"].values())
        print(
            f"{key:<{width}}  {r['status']:<6} {r['requests']:>8} {r['articles']:>8} "
            f"{r['new']:>5} {r['changed']:>7} {r['unchanged']:>5} {r['aliases']:>5} "
            f"{r['rejected']:>8} {errors:>6}"
        )
        for name in total:
            total[name] += errors if name == "errors" else r[name]
    failed = [k for k, r in rows.items() if r["status"] != "ok"]
    print(
        f"{'total':<{width}}  {len(rows) - len(failed)}/{len(rows)} ok "
        f"{total['requests']:>5} {total['articles']:>8} {total['new']:>5} {total['changed']:>7} "
        f"{total['unchanged']:>5} {total['aliases']:>5} {total['rejected']:>8} "
        f"{total['errors']:>6}"
    )
    for key in failed:
        kinds = ", ".join(f"{k}×{n}" for k, n in rows[key]["errors"].items()) or "no response"
        print(f"FAILED {key}: {kinds}")
    print(f"run {summary['run_id']} in {elapsed:.1f}s; store: {db_label}")


def _select_sites(keys: list[str] | None, registry: str | None, replica: bool) -> list[Site]:
    from scrapy.exceptions import UsageError

    from spiders.site import resolve_sites

    try:
        if keys:
            return resolve_sites([k for arg in keys for k in arg.split(",") if k], registry)
        sites = load_all(registry)
    except (UsageError, RegistryError) as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    chosen = [s for s in sites.values() if s.active and s.key.startswith("replica-") == replica]
    if not chosen:
        raise CliError("no active sites in the registry", EXIT_USAGE)
    return chosen


def _crawl_and_report(
    sites: list[Site], db: str | None, args: argparse.Namespace, overrides: dict[str, Any]
) -> int:
    from crawler.store.db import default_db_url, describe

    db_url = db or default_db_url()
    started = time.monotonic()
    summary = run_crawl(sites, db_url, overrides)
    if getattr(args, "json", False):
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print_summary(summary, describe(db_url), time.monotonic() - started)
    failed = any(r["status"] != "ok" for r in summary["sites"].values())
    return EXIT_SITE_FAILED if failed else EXIT_OK


def _log_overrides(args: argparse.Namespace) -> dict[str, Any]:
    overrides: dict[str, Any] = {"LOGSTATS_INTERVAL": 15.0}
    if args.log_level:
        overrides["LOG_LEVEL"] = args.log_level
    for item in args.set or []:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CliError(f"-s takes NAME=VALUE, got {item!r}", EXIT_USAGE)
        overrides[name.strip()] = value
    return overrides


def cmd_crawl(args: argparse.Namespace) -> int:
    sites = _select_sites(args.site, args.registry, replica=False)
    return _crawl_and_report(sites, args.db, args, _log_overrides(args))


FAST_LOCAL = {  # the replica is on 127.0.0.1: no need to be polite to ourselves
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
}


def cmd_demo(args: argparse.Namespace) -> int:
    from crawler.replica.server import ReplicaServer
    from crawler.store.db import data_home

    db = args.db or f"sqlite:///{data_home() / 'demo.sqlite'}"
    with ReplicaServer() as replica:
        print(
            f"replica: {len(replica.sites)} sites on 127.0.0.1 "
            f"({', '.join(s.base_url for s in replica.sites.values())})"
        )
        overrides = _log_overrides(args) | FAST_LOCAL
        if not args.log_level:
            overrides["LOG_LEVEL"] = "WARNING"
        return _crawl_and_report(list(replica.sites.values()), db, args, overrides)


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("crawl", help="crawl sites into the store")
    sp.add_argument("--site", action="append", metavar="KEY", help="site key (repeatable)")
    add_store_options(sp)
    add_crawl_options(sp)
    sp.set_defaults(func=cmd_crawl)

    sp = sub.add_parser("demo", help="serve the offline replica and crawl it")
    add_store_options(sp)
    add_crawl_options(sp)
    sp.set_defaults(func=cmd_demo)


def add_crawl_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    sp.add_argument("--json", action="store_true", help="print the summary as JSON")
    sp.add_argument(
        "-s",
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="override a Scrapy setting (repeatable)",
    )
