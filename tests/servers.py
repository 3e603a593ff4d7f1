"""Throwaway database servers for tests and benchmarks: a private PostgreSQL per session.

Why a private server and not the packaged cluster: CI machines run no systemd, so
Debian's ``15/main`` cluster is installed but down, and a test must never touch a
server somebody else uses. ``initdb`` refuses to run as root, so as root the
server runs as the ``postgres`` user in a directory it owns (docs/evidence.md §6.3).

Locally a missing PostgreSQL skips the tests that need it, with the reason; when
``CI`` is set the same situation fails, because CI installs the server and a
silent skip would hide a broken setup.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


class ServerUnavailableError(RuntimeError):
    """The binaries or the driver for a server are missing on this machine."""


def postgres_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<ver>/bin`` (Debian), else ``initdb`` on PATH."""
    root = Path("/usr/lib/postgresql")
    if root.is_dir():
        versions = sorted(
            (p for p in root.iterdir() if (p / "bin" / "initdb").exists()),
            key=lambda p: [int(x) for x in p.name.split(".") if x.isdigit()],
        )
        if versions:
            return versions[-1] / "bin"
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    """Run as ``postgres`` when we are root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *cmd]
    return ["su", "postgres", "-c", " ".join(cmd)]


def _run(cmd: list[str], timeout: float = 60) -> None:
    proc = subprocess.run(_as_owner(cmd), capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.strip() or proc.stdout.strip()}")


@contextlib.contextmanager
def postgres_server(database: str = "corpus") -> Iterator[str]:
    """Start a private PostgreSQL on a free 127.0.0.1 port; yield a SQLAlchemy URL.

    The database gets ``unaccent`` (postgresql-contrib) so the store can add its
    ``vn`` text search configuration for researchers' own SQL.
    """
    bindir = postgres_bindir()
    if bindir is None:
        raise ServerUnavailableError(
            "PostgreSQL binaries not found (apt-get install postgresql postgresql-contrib)"
        )
    try:
        import psycopg
    except ImportError:
        raise ServerUnavailableError(
            "psycopg is not installed (pip install 'psycopg[binary]')"
        ) from None
    base = Path(tempfile.mkdtemp(prefix="tuyengiao-pg-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    data, port = base / "data", free_port()
    _run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ]
    )
    opts = (
        f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    _run(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(base / "log"),
            "-w",
            "-o",
            opts,
            "start",
        ]
    )
    try:
        dsn = f"host=127.0.0.1 port={port} user=postgres"
        deadline = time.monotonic() + 20
        while True:
            try:
                with psycopg.connect(f"{dsn} dbname=postgres", autocommit=True) as conn:
                    conn.execute(f'CREATE DATABASE "{database}"')
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        with psycopg.connect(f"{dsn} dbname={database}", autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"
    finally:
        with contextlib.suppress(Exception):
            _run([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)


def fresh_pg_database(server_url: str) -> str:
    """A new, empty database on the server of ``server_url`` (a SQLAlchemy URL); its URL."""
    import psycopg

    name = f"t{uuid.uuid4().hex[:16]}"  # unique across modules and repeated calls
    dsn = server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name


def require_or_skip(reason: str) -> None:
    """Skip locally; fail in CI, where the server is supposed to be installed."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A SQLAlchemy URL of a fresh PostgreSQL database, for the whole test session.

    ``$TUYENGIAO_TEST_PG`` (a server URL without a database; ``.ci/run`` starts that
    server and checks it is its own) gets a new database; otherwise a private server
    is started here.
    """
    server = os.environ.get("TUYENGIAO_TEST_PG")
    if server:
        import psycopg

        name = f"test_{os.getpid()}_{int(time.time())}"
        dsn = server.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(f"{dsn}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        with psycopg.connect(f"{dsn}/{name}", autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        yield f"{server}/{name}"
        with psycopg.connect(f"{dsn}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    try:
        with postgres_server() as url:
            yield url
    except ServerUnavailableError as exc:
        require_or_skip(str(exc))


ServerUnavailable = ServerUnavailableError  # the name other test modules import
