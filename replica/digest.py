"""A digest of every page the replica renders: proof that a change to the renderers
changed no byte.

    python -m replica.digest > /tmp/before.txt
    (change replica/families/)
    python -m replica.digest | diff /tmp/before.txt - && echo identical

Each site is rendered at its registry address as loaded, and again in the states the
incremental tests put it in (an article published, one edited, one deleted, shorter
listing pages) and at another address. One line per page: the state, the site, the path
and a SHA-256 of its status, type, headers and body; the last line hashes them all.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import replace

from replica.model import ReplicaSite, load_content
from replica.registry import load_replica
from replica.server import render

OTHER_BASE = "http://127.0.0.1:54321/"


def _published(c: ReplicaSite) -> None:
    newest = copy.deepcopy(c.articles[0])
    newest.id, newest.slug = 990001, newest.slug + "-moi"
    newest.title, newest.published = newest.title + " (mới)", "2026-01-02T09:30"
    c.articles.append(newest)


def _edited(c: ReplicaSite) -> None:
    a = c.articles[len(c.articles) // 2]
    a.title = a.title + " (sửa)"
    a.body = [{"p": "Đoạn mở đầu mới."}, *a.body]


def _deleted(c: ReplicaSite) -> None:
    """The first article no other one points to (a "read more" link) is gone."""
    named = {repr(v) for a in c.articles for v in a.extra.values()}
    gone = next(a for a in c.articles if repr(a.id) not in named)
    c.articles = [a for a in c.articles if a is not gone]


def _short_pages(c: ReplicaSite) -> None:
    c.sections = [replace(s, per_page=2) for s in c.sections]


STATES: dict[str, Callable[[ReplicaSite], None]] = {
    "published": _published,
    "edited": _edited,
    "deleted": _deleted,
    "short-pages": _short_pages,
}


def digests() -> Iterator[str]:
    """``state site path sha256`` for every rendered page, in the order it was rendered."""
    for key, entry in load_replica(check_families=False).items():
        variants: list[tuple[str, str, Callable[[ReplicaSite], None] | None]] = [
            ("as-loaded", entry.site.base_url, None),
            ("other-base", OTHER_BASE, None),
        ]
        variants += [(name, entry.site.base_url, change) for name, change in STATES.items()]
        for state, base_url, change in variants:
            content = load_content(entry.content)
            if change is not None:
                change(content)
            pages = render(content, base_url)
            for path, page in pages.items():  # in the renderer's order, which is kept too
                h = hashlib.sha256()
                for part in (
                    str(page.status),
                    page.content_type,
                    repr(sorted(page.headers.items())),
                ):
                    h.update(part.encode() + b"\0")
                h.update(page.body)
                yield f"{state} {key} {path} {h.hexdigest()}"


def main() -> None:
    total = hashlib.sha256()
    count = 0
    for line in digests():
        print(line)
        total.update(line.encode() + b"\n")
        count += 1
    print(f"{count} pages, all: {total.hexdigest()}")


if __name__ == "__main__":
    main()
