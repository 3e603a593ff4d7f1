"""``tuyengiao extract`` and ``tuyengiao clean``: one page in, one JSON article out."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
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


def _read_input(path: str) -> bytes:
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}", EXIT_USAGE) from None


def cmd_extract(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from crawler.items import RawPage
    from crawler.page import process_page

    data = _read_input(args.page)
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

    text, _ = decode_html(_read_input(args.page))
    article = article_from_text(text, args.url or "", fetched_at=datetime.now(UTC))
    if article.problem:
        raise CliError(f"{args.page}: {article.problem}", EXIT_BAD_INPUT)
    print(json.dumps(_article_json(article, "text"), ensure_ascii=False, indent=1))
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("extract", help="extract one saved HTML page, print JSON")
    sp.add_argument("page", help="HTML file ('-' for standard input)")
    sp.add_argument("--url", required=True, help="the URL the page was fetched from")
    sp.add_argument("--cms", help="CMS family (default: detect from the page)")
    sp.set_defaults(func=cmd_extract)

    sp = sub.add_parser("clean", help="clean a plain-text dump of a page, print JSON")
    sp.add_argument("page", help="text file ('-' for standard input)")
    sp.add_argument("--url", help="the URL of the page, if known")
    sp.set_defaults(func=cmd_clean)
