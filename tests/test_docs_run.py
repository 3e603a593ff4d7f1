"""Every runnable example in README.md and docs/*.md runs, against the demo corpus.

A fenced block whose info string is ``bash runnable`` (GitHub still highlights it as
bash) is run with bash, in a scratch directory shared by the commands of the block,
with ``tuyengiao`` on PATH, ``TUYENGIAO_HOME`` holding ``demo.sqlite`` (a crawl of the
replica: what ``tuyengiao demo`` makes) and ``TUYENGIAO_DB`` pointing at it.

* Lines starting with ``$ `` are commands; the lines after one, up to the next ``$ ``
  or the end of the block, are its expected output: standard output, then standard
  error. ``...`` in the expected output stands for any text (a duration, a path).
  A command must exit 0 unless its expected output ends with ``[exit N]``.
* A block with no ``$ `` line is a script: it must exit 0.

Blocks not marked runnable (installing, crawling the real sites, a server) are not
run. Files are found when the tests are collected, so a page another branch adds
is covered the moment it marks a block.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from replica.server import ReplicaServer
from tests.conftest import FAST, ROOT, run_cli

MARK = "bash runnable"
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```\s*$", re.M | re.S)
EXIT = re.compile(r"\[exit (\d+)\]\s*$")


@dataclass(frozen=True)
class Example:
    path: Path
    line: int
    body: str

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def examples(root: Path = ROOT) -> list[Example]:
    """The runnable blocks of README.md and docs/**/*.md, in file order."""
    files = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    out = []
    for path in files:
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            if m.group("info").strip() == MARK:
                out.append(Example(path, text.count("\n", 0, m.start()) + 1, m.group("body")))
    return out


def steps(body: str) -> list[tuple[str, str | None]]:
    """(command, expected output or None) pairs; a block without ``$`` is one script."""
    lines = body.splitlines()
    if not any(line.startswith("$ ") for line in lines):
        return [(body, None)]
    out: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.startswith("$ "):
            out.append((line[2:], []))
        elif out:
            out[-1][1].append(line)
    return [(cmd, "\n".join(expect)) for cmd, expect in out]


def matches(expected: str, actual: str) -> bool:
    """``expected`` with ``...`` as a wildcard equals ``actual`` (trailing spaces ignored)."""

    def norm(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())

    pattern = ".*?".join(re.escape(part) for part in norm(expected).split("..."))
    return re.fullmatch(pattern, norm(actual), re.S) is not None


@pytest.fixture(scope="session")
def demo_env(
    replica: ReplicaServer, replica_registry: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    home = tmp_path_factory.mktemp("demo-home")
    db = f"sqlite:///{home / 'demo.sqlite'}"
    result = run_cli(
        "crawl", "--registry", str(replica_registry), "--site", ",".join(replica.sites),
        "--db", db, *FAST,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    bin_dir = home / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "tuyengiao"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m crawler.cli "$@"\n')
    shim.chmod(0o755)
    return {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "TUYENGIAO_HOME": str(home),
        "TUYENGIAO_DB": db,
        "COLUMNS": "100",
    }


ALL = examples()


def test_the_docs_have_runnable_examples() -> None:
    assert len(ALL) >= 5, [e.name for e in ALL]


@pytest.mark.parametrize("example", ALL, ids=lambda e: e.name)
def test_example_runs(example: Example, demo_env: dict[str, str], tmp_path: Path) -> None:
    for cmd, expected in steps(example.body):
        result = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", cmd],
            capture_output=True, text=True, cwd=tmp_path, env=demo_env, timeout=300,
        )  # fmt: skip
        code = 0
        if expected is not None and (m := EXIT.search(expected)):
            code = int(m.group(1))
            expected = expected[: m.start()]
        where = f"{example.name}: {cmd}"
        assert result.returncode == code, f"{where}\n{result.stdout}\n{result.stderr}"
        if expected is not None and expected.strip():
            actual = result.stdout + result.stderr
            assert matches(expected, actual), (
                f"{where}\n--- expected\n{expected}\n--- got\n{actual}"
            )


def test_matching_rules() -> None:
    assert matches("3 articles in ...s\n", "3 articles in 0.4s")
    assert not matches("3 articles", "4 articles")
    assert steps("$ a\nout\n$ b\n") == [("a", "out"), ("b", "")]
    assert steps("echo hi\n") == [("echo hi\n", None)]
