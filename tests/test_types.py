"""The type checker is part of the test command: ``mypy`` (configured by ``[tool.mypy]`` in
pyproject.toml) must report no error, so a type error fails CI as a failing test does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_reports_no_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"mypy reports errors:\n{done.stdout}{done.stderr}"
