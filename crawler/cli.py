"""The ``tuyengiao`` command.

Exit codes (the same for every subcommand):

    0  done, every site answered
    1  done, but at least one site failed (no response, or a crawl error)
    2  bad usage: unknown site key, malformed registry, bad arguments
    3  the store could not be opened or written
    5  bad input to a single-page command (not HTML, empty, unreadable)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crawler.registry import RegistryError, Site, load_all

EXIT_OK, EXIT_SITE_FAILED, EXIT_USAGE, EXIT_STORE, EXIT_BAD_INPUT = 0, 1, 2, 3, 5


class CliError(Exception):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


# --- crawling ------------------------------------------------------------------------------------
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


def cmd_replica_serve(args: argparse.Namespace) -> int:
    from crawler.replica.server import ReplicaServer

    try:
        replica = ReplicaServer(host=args.host, fixed_ports=not args.free_ports).start()
    except OSError as exc:
        raise CliError(f"cannot serve the replica: {exc} (try --free-ports)", EXIT_USAGE) from None
    for key, site in replica.sites.items():
        print(f"{key:<28} {site.base_url}  ({site.cms})")
    print("serving; Ctrl-C to stop", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        replica.stop()
    return EXIT_OK


def cmd_sites(args: argparse.Namespace) -> int:
    try:
        sites = load_all(args.registry)
    except RegistryError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    if getattr(args, "action", None) == "check":
        print(f"{len(sites)} sites, registry OK")
        return EXIT_OK
    chosen = [
        s
        for s in sites.values()
        if (not args.province or args.province.lower() in s.province.lower())
        and (not args.cms or s.cms == args.cms)
    ]
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "key": s.key,
                        "name": s.name,
                        "province": s.province,
                        "owner": s.owner,
                        "base_url": s.base_url,
                        "cms": s.cms,
                        "active": s.active,
                        "verified": s.verified,
                        "sections": [sec.path for sec in s.sections],
                    }
                    for s in chosen
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return EXIT_OK
    for s in chosen:
        flags = "" if s.active else " (inactive)"
        print(f"{s.key:<28} {s.cms:<14} {s.province:<14} {s.base_url}{flags}")
    return EXIT_OK


# --- single pages --------------------------------------------------------------------------------
def _article_json(article: Any, cms: str) -> dict[str, Any]:
    from crawler.store.present import published_local

    return {
        "url": article.url,
        "cms": cms,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "author": article.author,
        "published": published_local(article.published_at, article.date_precision),
        "published_raw": article.published_raw,
        "date_precision": article.date_precision,
        "date_source": article.date_source,
        "views": article.views,
        "captions": article.captions,
        "category": article.category,
        "tags": article.tags,
        "images": article.images,
    }


def _read_input(path: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}", EXIT_USAGE) from None


def cmd_extract(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from pipelines.clean import clean_extracted
    from pipelines.dates import date_article
    from pipelines.extract import extract_page

    data = _read_input(args.page)
    family = args.cms or "auto"
    try:
        extracted = extract_page(data, args.url, family)
    except KeyError as exc:
        raise CliError(str(exc).strip("'\""), EXIT_USAGE) from None
    article = clean_extracted(extracted, site="")
    from crawler.cms import FAMILIES

    date_article(article, extracted, datetime.now(UTC), family=FAMILIES.get(extracted.cms))
    if article.problem:
        raise CliError(f"{args.page}: {article.problem}", EXIT_BAD_INPUT)
    print(json.dumps(_article_json(article, extracted.cms), ensure_ascii=False, indent=1))
    return EXIT_OK


def cmd_clean(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from crawler.items import Article
    from crawler.text.clean import clean_plain_text
    from crawler.text.normalize import decode_html
    from crawler.text.pubdate import choose_publication_date

    text, _ = decode_html(_read_input(args.page))
    plain = clean_plain_text(text)
    if not plain.body.strip():
        raise CliError(f"{args.page}: no article text found", EXIT_BAD_INPUT)
    when = choose_publication_date(plain.date_line, [], fetched_at=datetime.now(UTC))
    article = Article(
        url=args.url or "",
        site="",
        cms="text",
        title=plain.title,
        lead=plain.lead,
        body=plain.body,
        author=plain.author,
        captions=plain.captions,
        views=plain.views,
        published_at=when.published_at,
        published_raw=when.published_raw,
        date_precision=when.precision,
        date_source=when.source,
    )
    print(json.dumps(_article_json(article, "text"), ensure_ascii=False, indent=1))
    return EXIT_OK


# --- argument parsing ----------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tuyengiao", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--db",
            help="SQLAlchemy URL of the store (default: $TUYENGIAO_DB or "
            "the SQLite file in the data home)",
        )
        sp.add_argument("--registry", help="site registry file (default: the built-in one)")
        sp.add_argument("--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"])
        sp.add_argument("--json", action="store_true", help="print the summary as JSON")
        sp.add_argument(
            "-s",
            "--set",
            action="append",
            metavar="NAME=VALUE",
            help="override a Scrapy setting (repeatable)",
        )

    sp = sub.add_parser("crawl", help="crawl sites into the store")
    sp.add_argument("--site", action="append", metavar="KEY", help="site key (repeatable)")
    common(sp)
    sp.set_defaults(func=cmd_crawl)

    sp = sub.add_parser("demo", help="serve the offline replica and crawl it")
    common(sp)
    sp.set_defaults(func=cmd_demo)

    sp = sub.add_parser("replica", help="the offline replica sites")
    rsub = sp.add_subparsers(dest="action", required=True)
    rs = rsub.add_parser("serve", help="serve the replica on 127.0.0.1")
    rs.add_argument("--host", default="127.0.0.1")
    rs.add_argument("--free-ports", action="store_true", help="any free ports, not 8801…")
    rs.set_defaults(func=cmd_replica_serve)

    sp = sub.add_parser("extract", help="extract one saved HTML page, print JSON")
    sp.add_argument("page", help="HTML file ('-' for standard input)")
    sp.add_argument("--url", required=True, help="the URL the page was fetched from")
    sp.add_argument("--cms", help="CMS family (default: detect from the page)")
    sp.set_defaults(func=cmd_extract)

    sp = sub.add_parser("clean", help="clean a plain-text dump of a page, print JSON")
    sp.add_argument("page", help="text file ('-' for standard input)")
    sp.add_argument("--url", help="the URL of the page, if known")
    sp.set_defaults(func=cmd_clean)

    sp = sub.add_parser("sites", help="list the registry (or: sites check)")
    sp.add_argument("action", nargs="?", choices=["list", "check"], default="list")
    sp.add_argument("--registry")
    sp.add_argument("--province")
    sp.add_argument("--cms")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_sites)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except CliError as exc:
        print(f"tuyengiao: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("tuyengiao: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
