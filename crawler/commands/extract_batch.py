"""``tuyengiao extract --batch LIST``: a folder of saved pages, one JSON line per page.

LIST (a file, or ``-`` for standard input) holds one ``path<TAB>url`` line per page;
blank lines and lines starting with ``#`` are skipped, relative paths are read from the
current directory. Each page gives one JSON object on standard output, the article's
fields plus ``file``; a page that cannot be read or gives no article gives
``{"file", "url", "problem"}`` instead, and the batch goes on. The run ends with a
one-line summary on standard error and exits non-zero when any page had a problem.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from crawler.commands import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, CliError


def entries(lines: Iterable[str]) -> Iterator[tuple[int, str, str | None]]:
    """(line number, path, url) per page line; url None when the line has no tab."""
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        path, tab, url = line.partition("\t")
        yield number, path.strip(), (url.strip() or None) if tab else None


def extract_file(path: str, url: str, cms: str, max_bytes: int | None = None) -> dict[str, Any]:
    """One saved page → the JSON object ``tuyengiao extract`` prints (``problem`` if bad).

    At most ``max_bytes`` are read (``--max-bytes``); a larger file is a ``problem``.
    """
    from crawler.commands.pages import MAX_PAGE_BYTES, _article_json
    from crawler.items import RawPage
    from crawler.page import process_page

    limit = MAX_PAGE_BYTES if max_bytes is None else max_bytes
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        return {"file": path, "url": url, "problem": f"cannot read: {exc.strerror}"}
    if len(data) > limit:
        return {"file": path, "url": url, "problem": f"larger than {limit:,} bytes (--max-bytes)"}
    page = RawPage(url=url, site="", fetched_at=datetime.now(UTC), status=200, html=data)
    article = process_page(page, cms)
    if article.problem:
        return {"file": path, "url": url, "cms": article.cms, "problem": article.problem}
    return {"file": path, **_article_json(article, article.cms)}


def run_batch(
    lines: Iterable[str], cms: str, out: TextIO, max_bytes: int | None = None
) -> tuple[int, int]:
    """Extract every listed page, one JSON line each; (pages, pages with a problem)."""
    pages = bad = 0
    for number, path, url in entries(lines):
        pages += 1
        if url is None:
            record: dict[str, Any] = {
                "file": path,
                "problem": f"line {number}: expected 'path<TAB>url'",
            }
        else:
            try:
                record = extract_file(path, url, cms, max_bytes)
            except Exception as exc:  # one page never stops the batch
                record = {"file": path, "url": url, "problem": f"extraction failed: {exc!r}"}
        bad += "problem" in record
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.flush()
    return pages, bad


def cmd_extract_batch(listing: str, cms: str | None, max_bytes: int | None = None) -> int:
    """The ``--batch`` branch of ``tuyengiao extract``."""
    from crawler.cms import AUTO, FAMILIES

    family = cms or AUTO
    if family != AUTO and family not in FAMILIES:
        raise CliError(f"unknown CMS family {family!r}", EXIT_USAGE)
    try:  # the whole list first: a list that cannot be read is refused before any page
        text = sys.stdin.read() if listing == "-" else Path(listing).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {listing}: {exc.strerror}", EXIT_USAGE) from None
    except UnicodeDecodeError:
        raise CliError(f"{listing}: not UTF-8 text", EXIT_USAGE) from None
    pages, bad = run_batch(text.splitlines(), family, sys.stdout, max_bytes)
    print(f"extracted {pages - bad} of {pages} pages; {bad} with a problem", file=sys.stderr)
    return EXIT_BAD_INPUT if bad else EXIT_OK
