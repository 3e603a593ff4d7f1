"""Open a store: any SQLAlchemy URL, SQLite by default, tuned for a crawler.

SQLite gets WAL, ``synchronous=NORMAL`` and a busy timeout (docs/evidence.md
§6.2: per-item commits and rollback journals halve throughput; readers must not
block the crawl). The default store lives in the data home
(``$TUYENGIAO_HOME``, else ``$XDG_DATA_HOME/tuyengiao``, else
``~/.local/share/tuyengiao``) so cron and a researcher's shell find the same file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    IntegrityError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.orm import Session, sessionmaker

from crawler.store import migrate
from crawler.store.fts import install
from crawler.store.models import Base


class StoreError(RuntimeError):
    """A store that cannot be opened or used; the message says which and why."""


def data_home() -> Path:
    """Where the default store and the WARC files go."""
    if os.environ.get("TUYENGIAO_HOME"):
        return Path(os.environ["TUYENGIAO_HOME"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "tuyengiao"


def default_db_url() -> str:
    """``$TUYENGIAO_DB`` if set, else the SQLite file in the data home."""
    return os.environ.get("TUYENGIAO_DB") or f"sqlite:///{data_home() / 'corpus.sqlite'}"


def describe(url: str) -> str:
    """A URL safe to print (password hidden)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for other backends or in-memory)."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


# Per connection, for a store of tens of thousands of articles and more (docs/evidence.md
# §6.4): a page cache of 32 MiB instead of 2 MiB keeps the indexes that every batch
# touches at random places (URL, content hash, band keys) in memory; a checkpoint every
# 10,000 WAL pages (40 MB) instead of 1,000 copies a page rewritten by several batches
# once and syncs ten times less often; ``secure_delete=FAST`` stops zeroing the pages
# that search-index merges free (Debian's SQLite zeroes them; the corpus keeps no
# secrets). None of them changes what is stored, and a killed process still loses no
# commit (a commit is in the WAL file when it returns). With ``synchronous=NORMAL`` the
# WAL is synced at checkpoints, so a power loss may undo the commits since the last one
# (now up to 40 MB of them instead of 4 MB), never half a transaction.
_SQLITE_PRAGMAS = (
    "journal_mode=WAL",
    "synchronous=NORMAL",
    "busy_timeout=10000",
    "foreign_keys=ON",
    "cache_size=-32768",
    "wal_autocheckpoint=10000",
    "secure_delete=FAST",
)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    for pragma in _SQLITE_PRAGMAS:
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def make_engine(url: str | None = None, immediate: bool = False) -> Engine:
    """An engine for ``url`` (default store if None); creates the SQLite folder.

    On SQLite, SQLAlchemy (not the driver) opens transactions, which makes
    SAVEPOINTs work; ``immediate=True`` opens them with ``BEGIN IMMEDIATE`` so a
    writer that reads before it writes never meets SQLITE_BUSY_SNAPSHOT beside
    another writer (docs/evidence.md §6.2). Readers keep plain ``BEGIN``.
    """
    url = url or default_db_url()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL: {url!r} (try sqlite:///corpus.sqlite)") from None
    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder of {path}: {exc.strerror}") from None
    sqlite = parsed.get_backend_name() == "sqlite"
    try:
        engine = create_engine(parsed, connect_args={"isolation_level": None} if sqlite else {})
    except Exception as exc:  # missing driver and the like
        raise StoreError(f"cannot use {describe(url)}: {exc}") from None
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(begin))
    return engine


def init_store(engine: Engine) -> None:
    """Create a fresh store, or check an existing store's schema revision.

    A store newer than this code is refused; an older one must be upgraded
    first (``tuyengiao db upgrade``): crawling into a half-known schema could
    lose data silently.
    """
    for attempt in range(3):
        try:
            with engine.begin() as connection:
                if migrate.is_empty(connection):
                    Base.metadata.create_all(connection)
                    migrate.stamp_head(connection)
                    return
                revision = migrate.current(connection)
            break
        except (OperationalError, IntegrityError, ProgrammingError) as exc:
            # SQLite: another process created the tables between our check and ours.
            if attempt == 2 or ("already exists" not in str(exc) and "locked" not in str(exc)):
                raise StoreError(
                    f"cannot open store {describe(str(engine.url))}: {getattr(exc, 'orig', exc)}"
                ) from None
    if revision == migrate.head():
        return
    where = describe(str(engine.url))
    if revision not in migrate.known_revisions():
        raise StoreError(
            f"store {where} has schema revision {revision}, newer than this tuyengiao "
            f"({migrate.head()}); upgrade tuyengiao"
        )
    raise StoreError(
        f"store {where} has schema revision {revision}, older than this tuyengiao "
        f"({migrate.head()}); run: tuyengiao db upgrade --db {where}"
    )


@contextlib.contextmanager
def schema_lock(engine: Engine) -> Iterator[None]:
    """Serialise schema creation: workers started together must not all create tables."""
    path = sqlite_path(str(engine.url))
    if path is not None:
        lock = f"{path}.init.lock"
        try:  # never through a planted link (as the run lock: crawler/store/lock.py)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise StoreError(f"cannot open lock file {lock}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)
        return
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(7475796501)"))
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(7475796501)"))
            conn.commit()


def open_store(url: str | None = None, immediate: bool = False) -> sessionmaker[Session]:
    """Engine + schema + a session factory, in one call (``immediate``: see make_engine)."""
    engine = make_engine(url, immediate)
    try:
        # Connecting is where an unreachable server or a missing driver shows up.
        engine.connect().close()
        with schema_lock(engine):
            init_store(engine)
            install(engine)  # the search index; its ORM events keep it current
    except (DatabaseError, ImportError) as exc:
        engine.dispose()
        where = describe(str(engine.url))
        raise StoreError(f"cannot open store {where}: {error_reason(exc)}") from None
    return sessionmaker(engine, expire_on_commit=False)


def error_reason(exc: BaseException) -> str:
    """The first line of a database error's own message (the driver's, not SQLAlchemy's)."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


def store_error_line(exc: BaseException) -> str:
    """One line for a database error met in the middle of a command."""
    return f"store error: {error_reason(exc)}"


def check_writable(engine: Engine) -> None:
    """Refuse a store that this process cannot write, or that fails ``PRAGMA quick_check``.

    Run before a crawl or an import: writing into a corrupt store spreads the damage,
    and a read-only one would fail on every page. The check reads the whole SQLite file
    (1.4 s for 677 MB in the page cache, docs/operations.md); PostgreSQL is only asked
    whether it is read-only.
    """
    where = describe(str(engine.url))
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                path = sqlite_path(str(engine.url))
                if path is not None and not os.access(path, os.W_OK):
                    raise StoreError(f"store {where} is read-only; nothing was written")
                rows = [r[0] for r in conn.exec_driver_sql("PRAGMA quick_check(5)")]
                if rows != ["ok"]:
                    found = [ln for r in rows for ln in str(r).splitlines() if "***" not in ln]
                    raise StoreError(
                        f"store {where} fails PRAGMA quick_check ({(found or ['?'])[0]}); "
                        "nothing was written: restore it from a backup"
                    )
                version = int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)
                conn.exec_driver_sql(f"PRAGMA user_version = {version}")  # a write, undone
            elif (
                engine.dialect.name == "postgresql"
                and conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"
            ):
                raise StoreError(f"store {where} is read-only; nothing was written")
            conn.rollback()
    except DatabaseError as exc:
        raise StoreError(f"cannot write store {where}: {error_reason(exc)}") from None


KNOWN_STORES = ("corpus", "demo")


def known_store_url(name: str) -> str:
    """The SQLite URL of a store in the data home: ``corpus`` or ``demo``."""
    return f"sqlite:///{data_home() / f'{name}.sqlite'}"


def _known_stores() -> str:
    parts = []
    for name in KNOWN_STORES:
        path = data_home() / f"{name}.sqlite"
        missing = " (missing: run `tuyengiao demo`)" if name == "demo" else " (missing)"
        parts.append(f"{name} {path}{'' if path.exists() else missing}")
    return ", ".join(parts)


def reader_url(url: str | None) -> tuple[str, str | None]:
    """The store a read-only command reads, and a note to print when it was not asked for.

    An explicit ``url`` (or ``$TUYENGIAO_DB``) is read as given. Without one, the corpus
    in the data home is read; when it does not exist but the demo store does (a first
    ``tuyengiao demo``), the demo store is read and the note says so. A missing SQLite
    file is a ``StoreError`` naming the known stores: nothing is created.
    """
    note = None
    chosen = url or os.environ.get("TUYENGIAO_DB")
    if not chosen:
        chosen = known_store_url("corpus")
        demo = known_store_url("demo")
        demo_file = sqlite_path(demo)
        if not (data_home() / "corpus.sqlite").exists() and demo_file and demo_file.exists():
            chosen = demo
            note = f"reading the demo store {demo_file} (there is no corpus yet)"
    try:
        path = sqlite_path(chosen)
    except ArgumentError:
        raise StoreError(f"not a database URL: {chosen!r} (try sqlite:///corpus.sqlite)") from None
    if path is not None and not path.exists():
        raise StoreError(
            f"no store at {path.absolute()}; known stores: {_known_stores()}; or pass --db URL"
        )
    return chosen, note


def open_reader(url: str | None) -> tuple[sessionmaker[Session], str, str | None]:
    """``open_store`` for commands that only read: never creates a store (``reader_url``)."""
    chosen, note = reader_url(url)
    return open_store(chosen), chosen, note
