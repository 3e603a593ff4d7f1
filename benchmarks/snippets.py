"""Search time on huge articles: snippet selection and a whole CLI search, as ratios.

Issue 12.4: snippet selection compared every match with every other (50 kB body 0.2 s,
800 kB 43 s). This measures, in one run:

1. ``make_snippet`` on bodies of 50 kB … 2 MB against the all-pairs selection it
   replaced (re-implemented here as the baseline, run only up to 200 kB);
2. ``tuyengiao search`` on a store of 6 ordinary articles, then on the same store plus
   one 2 MB article matching the query: the ratio is what the huge article costs.

    python benchmarks/snippets.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.query.snippet import _hits, make_snippet  # noqa: E402
from crawler.query.syntax import parse, positive_terms  # noqa: E402

PARAGRAPH = "Đại hội đại biểu Đảng bộ tỉnh khai mạc, Tỉnh ủy chỉ đạo chuẩn bị chu đáo.\n"
QUERY = '"đại hội" OR "tỉnh ủy"'


def old_snippet_window(raw: str, terms: tuple, width: int = 220) -> int:
    """The selection before the fix: every match against every other."""
    hits = _hits(raw, terms)
    best, best_count = 0, -1
    for a, _ in hits:
        start = max(0, a - width // 4)
        count = sum(1 for x, y in hits if x >= start and y <= start + width)
        if count > best_count:
            best, best_count = start, count
    return best


def timed(fn, *args) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def cli_search(db: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "crawler.cli", "search", QUERY, "--db", db, "--format", "json"],
        check=True, capture_output=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""},
    )  # fmt: skip
    return time.perf_counter() - start


def main() -> None:
    terms = tuple(positive_terms(parse(QUERY)))
    print("body      new s   old s   (matches)")
    base_new = None
    for size in (50_000, 200_000, 800_000, 2_000_000):
        body = PARAGRAPH * (size // len(PARAGRAPH))
        new = min(timed(make_snippet, [body], terms) for _ in range(3))
        old = timed(old_snippet_window, body, terms) if size <= 200_000 else None
        base_new = base_new or new
        old_s = f"{old:7.2f}" if old is not None else "      -"
        print(f"{size // 1000:>5} kB {new:7.3f} {old_s}   ({len(_hits(body, terms)):,})"
              f"  new ×{new / base_new:.1f} of 50 kB")  # fmt: skip

    from tests.query.conftest import ARTICLES, art, build

    with tempfile.TemporaryDirectory() as tmp:
        small, large = f"sqlite:///{tmp}/small.sqlite", f"sqlite:///{tmp}/large.sqlite"
        build(small).dispose()
        huge = art(7, "kontum", "Văn kiện", PARAGRAPH * (2_000_000 // len(PARAGRAPH)))
        build(large, [*ARTICLES, huge]).dispose()
        from crawler.query.search import search
        from crawler.store.db import open_store

        inproc = []
        for db in (small, large):
            engine = open_store(db).kw["bind"]
            search(engine, QUERY)  # warm
            inproc.append(min(timed(search, engine, QUERY) for _ in range(5)))
            engine.dispose()
        print(f"search() in process: 6 articles {inproc[0]:.3f} s; + one 2 MB article "
              f"{inproc[1]:.3f} s (×{inproc[1] / inproc[0]:.1f})")  # fmt: skip
        a = min(cli_search(small) for _ in range(3))
        b = min(cli_search(large) for _ in range(3))
        print(f"tuyengiao search: 6 articles {a:.2f} s; + one 2 MB article {b:.2f} s "
              f"(×{b / a:.2f}, interpreter start-up included)")  # fmt: skip


if __name__ == "__main__":
    main()
