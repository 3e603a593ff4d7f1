"""``tuyengiao extract`` and ``tuyengiao clean``: one page in, one JSON article out."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from crawler.commands import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, CliError


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
        "published_offset": article.published_offset,
        "date_precision": article.date_precision,
        "date_source": article.date_source,
        "updated_at": article.updated_at.isoformat() if article.updated_at else None,
        "views": article.views,
        "captions": article.captions,
        "category": article.category,
        "tags": article.tags,
        "images": article.images,
    }


MAX_PAGE_BYTES = 8 * 1024 * 1024  # default of --max-bytes: larger pages are refused unread


def read_bounded(path: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a file or of standard input (``-``); more is bad input (5).

    Never reads more than ``limit + 1`` bytes, so ``/dev/zero`` or a 50 MB page end
    at once with one line instead of filling memory.
    """
    try:
        if path == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with open(path, "rb") as fh:
                data = fh.read(limit + 1)
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}", EXIT_USAGE) from None
    if len(data) > limit:
        raise CliError(
            f"{path}: larger than {limit:,} bytes (--max-bytes); not read", EXIT_BAD_INPUT
        )
    return data


def _read_input(args: argparse.Namespace) -> bytes:
    return read_bounded(args.page, args.max_bytes)


def cmd_extract(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from crawler.items import RawPage
    from crawler.page import process_page

    if args.batch is not None:
        from crawler.commands.extract_batch import cmd_extract_batch

        return cmd_extract_batch(args.batch, args.cms, args.max_bytes)
    if args.page is None or args.url is None:
        raise CliError("extract needs PAGE and --url, or --batch LIST", EXIT_USAGE)
    data = _read_input(args)
    page = RawPage(url=args.url, site="", fetched_at=datetime.now(UTC), status=200, html=data)
    try:
        article = process_page(page, args.cms or "auto")
    except KeyError as exc:
        raise CliError(str(exc).strip("'\""), EXIT_USAGE) from None
    if article.problem:
        raise CliError(f"{args.page}: {article.problem}", EXIT_BAD_INPUT)
    print(json.dumps(_article_json(article, article.cms), ensure_ascii=False, indent=1))
    return EXIT_OK


def cmd_clean(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from crawler.page import article_from_text
    from crawler.text.decode import decode_html
    from crawler.text.dump import dump_problem

    text, _ = decode_html(_read_input(args))
    problem = dump_problem(text)
    if problem and "HTML" in problem:
        url = args.url or "URL"
        problem += f"; extract it instead: tuyengiao extract {args.page} --url {url}"
    if problem:
        raise CliError(f"{args.page}: {problem}", EXIT_BAD_INPUT)
    article = article_from_text(text, args.url or "", fetched_at=datetime.now(UTC))
    if article.problem:
        raise CliError(f"{args.page}: {article.problem}", EXIT_BAD_INPUT)
    print(json.dumps(_article_json(article, "text"), ensure_ascii=False, indent=1))
    return EXIT_OK


def _max_bytes(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--max-bytes",
        type=int,
        default=MAX_PAGE_BYTES,
        metavar="N",
        help=f"refuse a larger input (default {MAX_PAGE_BYTES:,})",
    )


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("extract", help="extract one saved HTML page, print JSON")
    sp.add_argument("page", nargs="?", help="HTML file ('-' for standard input)")
    sp.add_argument("--url", help="the URL the page was fetched from")
    sp.add_argument(
        "--batch",
        metavar="LIST",
        help="'path<TAB>url' lines (a file, '-' for stdin): one JSON line per page",
    )
    sp.add_argument("--cms", help="CMS family (default: detect from the page)")
    _max_bytes(sp)
    sp.set_defaults(func=cmd_extract)

    sp = sub.add_parser("clean", help="clean a plain-text dump of a page, print JSON")
    sp.add_argument("page", help="text file ('-' for standard input)")
    sp.add_argument("--url", help="the URL of the page, if known")
    _max_bytes(sp)
    sp.set_defaults(func=cmd_clean)
