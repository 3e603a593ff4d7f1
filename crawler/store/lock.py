"""One crawl at a time per store: a file lock for SQLite, an advisory lock for PostgreSQL.

Cron can start a run while the last one is still going; the second run must
exit at once with a clear message instead of interleaving writes. The lock is
held for the whole run and released by the OS if the process dies (file lock)
or when its connection closes (PostgreSQL advisory lock).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from sqlalchemy import Connection, text

from crawler.store.db import describe, make_engine, sqlite_path

_ADVISORY_KEY = 0x7475_7965  # "tuye": any constant shared by every tuyengiao process


class LockHeldError(RuntimeError):
    """Another run holds the store's lock."""


class RunLock:
    """``shared=True`` for the workers of one distributed crawl: they may run together,
    but a standalone run (exclusive) can neither start beside them nor under them."""

    def __init__(self, db_url: str, shared: bool = False) -> None:
        self.db_url = db_url
        self.shared = shared
        self._fh: int | None = None
        self._conn: Connection | None = None

    def acquire(self) -> RunLock:
        path = sqlite_path(self.db_url)
        if path is not None:
            self._acquire_file(Path(f"{path}.lock"))
        elif self.db_url.startswith("postgresql"):
            self._acquire_advisory()
        return self

    def _acquire_file(self, lock_path: Path) -> None:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fh = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fh, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fh, 64).decode(errors="replace").strip() or "?"
            os.close(fh)
            raise LockHeldError(
                f"another crawl (pid {holder}) is running on {lock_path.with_suffix('')}"
            ) from None
        if not self.shared:
            os.ftruncate(fh, 0)
            os.write(fh, str(os.getpid()).encode())
        self._fh = fh

    def _acquire_advisory(self) -> None:
        conn = make_engine(self.db_url).connect()
        fn = "pg_try_advisory_lock_shared" if self.shared else "pg_try_advisory_lock"
        got = conn.execute(text(f"SELECT {fn}(:k)"), {"k": _ADVISORY_KEY}).scalar()
        conn.commit()
        if not got:
            conn.close()
            raise LockHeldError(f"another crawl is running on {describe(self.db_url)}")
        self._conn = conn

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            os.close(self._fh)
            self._fh = None
        if self._conn is not None:
            fn = "pg_advisory_unlock_shared" if self.shared else "pg_advisory_unlock"
            self._conn.execute(text(f"SELECT {fn}(:k)"), {"k": _ADVISORY_KEY})
            self._conn.commit()
            self._conn.close()
            self._conn = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
