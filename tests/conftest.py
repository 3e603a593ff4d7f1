"""Shared fixtures: the replica server, a registry pointing at it, the CLI in a subprocess.

Crawls run in a subprocess (``python -m crawler.cli``) because Twisted's reactor
runs once per process, and because that is how cron runs them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.registry import dump_sites
from replica.server import ReplicaServer

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).parent / "fixtures" / "seeds"
FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=8",
]


@pytest.fixture(scope="session")
def replica() -> Iterator[ReplicaServer]:
    """All replica sites served on free 127.0.0.1 ports for the whole test session."""
    server = ReplicaServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def replica_registry(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry file whose replica entries point at the running replica."""
    path = tmp_path_factory.mktemp("registry") / "replica.toml"
    path.write_text(dump_sites(replica.sites.values()), encoding="utf-8")
    return path


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``tuyengiao ARGS`` in a fresh interpreter; output captured as text."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=ROOT,
    )


def seed_gold() -> dict[str, dict]:
    """The seeds' expected.json files, keyed by seed number ("000" …)."""
    return {
        p.name[:3]: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(SEEDS.glob("*.expected.json"))
    }
