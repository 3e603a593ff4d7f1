"""A private redis-server per test session, checked to be ours.

``redis-server --daemonize yes`` exits 0 even when its port is taken, and a
ping would then reach somebody else's server (docs/evidence.md §6.3): the
fixture runs it in the foreground as a child and checks that the server
answering reports our child's pid.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator

import pytest

from tests.servers import ServerUnavailable, free_port, require_or_skip


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise ServerUnavailable("redis-server not found (apt-get install redis-server)")
    try:
        import redis
    except ImportError:
        raise ServerUnavailable("the redis package is not installed") from None
    port = free_port()
    workdir = tempfile.mkdtemp(prefix="tuyengiao-redis-")
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(port=port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"redis-server exited with {proc.returncode} on port {port}")
            try:
                if int(client.info("server")["process_id"]) != proc.pid:
                    raise RuntimeError(f"port {port} answers, but not from our redis-server")
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """``$TUYENGIAO_TEST_REDIS`` (CI starts one and checks it), else a private server."""
    if os.environ.get("TUYENGIAO_TEST_REDIS"):
        yield os.environ["TUYENGIAO_TEST_REDIS"]
        return
    try:
        with redis_server() as url:
            yield url
    except ServerUnavailable as exc:
        require_or_skip(str(exc))
