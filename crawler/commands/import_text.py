"""``tuyengiao import-text DIR --site KEY``: plain-text dumps of article pages into the store.

Researchers and older tools saved pages as text with the chrome still in them (the five seeds
in ``tests/fixtures/seeds`` are such dumps: title, "15/06/2020 | 362", body, "Các bài viết
khác" …). Each ``*.txt`` in DIR goes through the same cleaning as the crawl's plain-text path
(``clean_plain_text``) and the same date choice (``choose_publication_date``) and is stored as
an article of site KEY, which must be in the registry.

The URL of an article is the first line of ``NAME.url`` beside ``NAME.txt`` when there is one
(the page's real address), else ``file://`` + the absolute path, so a re-import finds the same
rows and stores nothing twice. Relative date lines ("7 ngày trước") resolve against the file's
modification time, the closest thing to a fetch time a dump has, and the same on every import.

Exit codes: 0 when every file was imported (or DIR held only files already stored); 2 for an
unknown site, a missing DIR or one with no ``*.txt``; 3 for a store that cannot be opened; 5
when no file at all could be imported. Bad files are reported by name and skipped.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.commands import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_STORE,
    EXIT_USAGE,
    CliError,
    add_store_options,
)
from crawler.registry import RegistryError, load_registry

if TYPE_CHECKING:
    from crawler.items import Article


class BadDumpError(ValueError):
    """A dump that cannot become an article; the message says why, in a few words."""


def article_url(path: Path) -> str:
    """The page's address from ``NAME.url`` beside the dump, else the dump's own file URL."""
    beside = path.with_suffix(".url")
    if not beside.is_file():
        return path.resolve().as_uri()
    try:
        lines = beside.read_text(encoding="utf-8-sig").split()
    except (OSError, UnicodeDecodeError) as exc:
        raise BadDumpError(f"cannot read {beside.name}: {exc}") from None
    url = lines[0] if lines else ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "file") or not (parts.netloc or parts.path):
        raise BadDumpError(f"{beside.name} holds no http(s) or file URL")
    return url


def read_article(path: Path, site: str) -> Article:
    """One dump → a clean, dated article (not stored); ``BadDumpError`` when it holds none."""
    from crawler.commands.pages import MAX_PAGE_BYTES
    from crawler.page import article_from_text
    from crawler.text.decode import decode_html
    from crawler.text.dump import dump_problem

    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_PAGE_BYTES + 1)
        saved = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError as exc:
        raise BadDumpError(f"cannot read: {exc.strerror}") from None
    if len(data) > MAX_PAGE_BYTES:
        raise BadDumpError(f"larger than {MAX_PAGE_BYTES:,} bytes")
    if not data.strip():
        raise BadDumpError("empty file")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BadDumpError("not a text file")
    url = article_url(path)
    text, _codec = decode_html(data)  # BOMs, windows-1258 and mislabelled dumps alike
    if problem := dump_problem(text):
        raise BadDumpError(problem + ("; use tuyengiao extract" if "HTML" in problem else ""))
    article = article_from_text(text, url, site, saved)
    if article.problem:
        raise BadDumpError(article.problem)
    return article


def cmd_import_text(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from crawler.store.db import (
        StoreError,
        check_writable,
        default_db_url,
        describe,
        open_store,
    )
    from crawler.store.writer import sync_sites, upsert_article

    try:
        registry = load_registry(args.registry)
    except RegistryError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    site = registry.get(args.site)
    if site is None:
        raise CliError(f"unknown site key {args.site!r} (see: tuyengiao sites)", EXIT_USAGE)
    directory = Path(args.dir)
    if not directory.is_dir():
        raise CliError(f"{args.dir}: not a directory", EXIT_USAGE)
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise CliError(f"{args.dir}: no *.txt files to import", EXIT_USAGE)
    db_url = args.db or default_db_url()
    try:
        factory = open_store(db_url)
        check_writable(factory.kw["bind"])
        with factory() as session:
            sync_sites(session, [site])
            session.commit()
    except StoreError as exc:
        raise CliError(str(exc), EXIT_STORE) from None

    outcomes: Counter[str] = Counter()
    bad: list[str] = []
    for path in files:
        try:
            article = read_article(path, site.key)
        except BadDumpError as exc:
            bad.append(path.name)
            print(f"tuyengiao: skipped {path.name}: {exc}", file=sys.stderr)
            continue
        try:
            with factory() as session:
                outcomes[upsert_article(session, article, datetime.now(UTC))] += 1
                session.commit()
        except SQLAlchemyError as exc:  # locked, full disk, lost connection
            reason = getattr(exc, "orig", None) or exc
            raise CliError(f"cannot write {describe(db_url)}: {reason}", EXIT_STORE) from None
    done = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) or "nothing stored"
    print(f"{site.key}: {sum(outcomes.values())} of {len(files)} files imported ({done})")
    if bad:
        print(f"skipped {len(bad)} bad file(s): {', '.join(bad)}")
    print(f"store: {describe(db_url)}")
    return EXIT_BAD_INPUT if bad and not outcomes else EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser(
        "import-text",
        help="import plain-text dumps of article pages (DIR/*.txt) as articles of one site",
    )
    sp.add_argument("dir", help="directory of *.txt dumps (NAME.url beside one gives its URL)")
    sp.add_argument("--site", required=True, help="site key the articles belong to")
    add_store_options(sp)
    sp.set_defaults(func=cmd_import_text)
