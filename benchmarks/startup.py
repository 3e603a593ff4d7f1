"""Why the command modules import the rooms they drive inside their functions.

    python benchmarks/startup.py [--runs 7]

Building the CLI parser imports every command module (``crawler/cli.py``), so whatever a
command module imports at its top, every ``tuyengiao`` invocation pays, ``--help``
included. Each figure is the median over ``--runs`` fresh interpreters of the time to
run the code shown, printed beside the ratio to the first row (the baseline, measured in
the same run):

1. ``build_parser()`` as the commands are written (lazy imports);
2. the same plus the modules the commands import lazily, i.e. what ``build_parser()``
   would cost with those imports at the top of the command modules;
3. importing a light module of the package, without and with the ``Corpus`` that
   ``crawler/__init__.py`` loads on first use.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_PARTY = ("crawler", "spiders", "pipelines", "replica")


def lazy_modules() -> list[str]:
    """First-party modules imported inside functions of ``crawler/commands/*.py``."""
    found: set[str] = set()
    for path in sorted((ROOT / "crawler" / "commands").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if (
                    isinstance(node, ast.ImportFrom)
                    and node.module
                    and node.module.split(".")[0] in FIRST_PARTY
                ):
                    found.add(node.module)
    return sorted(found)


def median_seconds(code: str, runs: int) -> float:
    timed = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", timed], capture_output=True, text=True, check=True, cwd=ROOT
        )
        times.append(float(out.stdout))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    lazy = lazy_modules()
    build = "from crawler.cli import build_parser; build_parser()"
    cases = {
        "build_parser() (as written)": build,
        f"build_parser() + {len(lazy)} lazily imported modules": build
        + "".join(f"; import {m}" for m in lazy),
        "import crawler.items (what Scrapy's settings load)": "import crawler.items",
        "import crawler.items; crawler.Corpus": "import crawler.items, crawler; crawler.Corpus",
    }
    base = None
    for name, code in cases.items():
        seconds = median_seconds(code, args.runs)
        base = base or seconds
        ratio = seconds / base
        print(f"{name:48} {seconds * 1000:8.0f} ms  {ratio:5.2f}×  (median of {args.runs})")
    print("lazily imported:", ", ".join(lazy))


if __name__ == "__main__":
    main()
