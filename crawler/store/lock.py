"""One crawl at a time per store: a file lock for SQLite, an advisory lock for PostgreSQL.

Cron can start a run while the last one is still going; the second run must
exit at once with a clear message instead of interleaving writes. The lock is
held for the whole run and released by the OS if the process dies (file lock)
or when its connection closes (PostgreSQL advisory lock).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path
from types import TracebackType

from sqlalchemy import Connection, text

from crawler.store.db import StoreError, describe, make_engine, sqlite_path

_ADVISORY_KEY = 0x7475_7965  # "tuye": any constant shared by every tuyengiao process


class LockHeldError(RuntimeError):
    """Another run holds the store's lock."""


_PID_BYTES = 32  # a lock file holds the pid of its holder and nothing else
_FLAGS = os.O_RDWR | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def open_lock_file(path: Path) -> int:
    """The lock file's descriptor, created if missing; never through a link, never another file.

    A symlink planted at ``path`` is refused (``O_NOFOLLOW``), and so is anything that
    is not a regular file holding at most a pid: a FIFO, a device, a hard link to
    someone's file. Nothing at ``path`` is truncated unless it is a lock file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return os.open(path, _FLAGS | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            fh = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(
                f"lock file {path} is a symbolic link; refusing to follow it"
            ) from None
        raise StoreError(f"cannot open lock file {path}: {exc.strerror}") from None
    info = os.fstat(fh)
    content = os.pread(fh, _PID_BYTES + 1, 0) if stat.S_ISREG(info.st_mode) else b"?"
    pid_only = len(content) <= _PID_BYTES and (not content.strip() or content.strip().isdigit())
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1 or not pid_only:
        os.close(fh)
        raise StoreError(f"{path} is not a tuyengiao lock file; refusing to use it (remove it)")
    return fh


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
        fh = open_lock_file(lock_path)
        try:
            fcntl.flock(fh, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fh, _PID_BYTES, 0).decode(errors="replace").strip() or "?"
            os.close(fh)
            raise LockHeldError(
                f"another crawl (pid {holder}) is running on {lock_path.with_suffix('')}"
            ) from None
        if not self.shared:
            # The file is ours (created now, or a lock file of an earlier run: checked).
            os.ftruncate(fh, 0)
            os.pwrite(fh, str(os.getpid()).encode(), 0)
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
