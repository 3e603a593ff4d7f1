"""The search index: its layout on SQLite and PostgreSQL, and keeping it in step with writes.

One article becomes one index document built in Python from the folded words of
``tokens``: title, author, lead and body, in that order, each field one position
apart so that a phrase never runs from the title into the lead.

* SQLite: a contentless FTS5 table ``articles_fts(title, lead, body, author, meta)``
  whose rowid is the article id. The text stored is the words already cut and folded
  ("Đại hội" is stored as ``dai hoi``), so the tokenizer (``unicode61
  remove_diacritics 0``) only splits on the spaces we put there. ``meta`` holds
  words for the filters (``y2024 m202401 d20240105`` in Vietnam time, ``s<site>``)
  so that a date- or site-filtered search is answered inside the index.
* PostgreSQL: a table ``article_search(article_id, tsv)`` with a GIN index; ``tsv``
  is written as a literal from the same words and positions, weights A (title),
  C (author), B (lead), D (body). No PostgreSQL parser or dictionary is involved.

Exact search (``--exact``) has its own index with the same words at the same
positions, written as published (``tokens.exact_tokens``: "Bác Hồ" is ``bác hồ``,
never ``bác hổ``): the FTS5 table ``articles_fts_exact`` (same columns) and the
column ``article_search.tsv_exact``. Author and meta words stay folded in both, so
every filter means the same thing in either mode.

Both indexes hold the same words at the same positions, including PostgreSQL's
limits, applied to both so they agree: at most 256 positions per word (later
occurrences become a ``HOLE`` in SQLite, which keeps the position but matches
nothing), positions stop at 16,383 (the rest of a very long body is not indexed),
and words over 2,046 bytes are dropped.

Writes through the ORM keep the index current (mapper events below). A contentless
FTS5 row can only be deleted by repeating what was inserted, so an update first
re-reads the stored row and removes the document it made. Writes that bypass the ORM
(raw SQL, bulk ``update()``) are not seen: ``reindex`` rebuilds from ``articles``.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Engine, event, inspect, select, text
from sqlalchemy.exc import DBAPIError

from crawler.store.models import ArticleRow, MetaRow
from crawler.store.tokens import HOLE, exact_tokens, fingerprint, token_pair, tokens

LAYOUT = "fts-v2"  # v2: the exact index beside the folded one
FTS_TABLE = "articles_fts"
FTS_EXACT = "articles_fts_exact"
PG_TABLE = "article_search"
META_KEY = "search_index"

MAX_POSITION = 16383  # PostgreSQL clamps later positions to this one
MAX_OCCURRENCES = 256  # PostgreSQL keeps this many positions per word
MAX_WORD_BYTES = 2046  # PostgreSQL rejects longer words

# Field order in the position space, and the PostgreSQL weight of each field.
FIELDS = ("title", "author", "lead", "body")
WEIGHT = {"title": "A", "author": "C", "lead": "B", "body": "D"}
# The article columns a document is made from; a change to any of them re-indexes.
SOURCE_COLUMNS = ("title", "lead", "body", "author", "published_at", "site_key")
# bm25 weights of the FTS5 columns (title, lead, body, author, meta): a word in the
# title counts ten times a word in the body; author and meta only filter.
BM25_WEIGHTS = "10.0, 4.0, 1.0, 0.0, 0.0"
BM25 = f"bm25({BM25_WEIGHTS})"
SMALL_STORE = 20_000  # a store this small is indexed on the spot when the index is new

LOCAL_OFFSET = timedelta(hours=7)  # Asia/Ho_Chi_Minh, no DST since 1975


def local_date_words(published_at: datetime | None) -> list[str]:
    """``meta`` words for a publication time: 2024-01-04T20:00Z → y2024 m202401 d20240105."""
    if published_at is None:
        return []
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=UTC)
    local = published_at.astimezone(UTC) + LOCAL_OFFSET
    return [f"y{local:%Y}", f"m{local:%Y%m}", f"d{local:%Y%m%d}"]


def site_word(site_key: str) -> str:
    """A ``meta`` word for a site key; hex so that any key is one word."""
    return "s" + site_key.encode("utf-8").hex()


@dataclass(frozen=True)
class Document:
    """One article as the index sees it: per field, its words one position apart from
    ``starts[field]`` on (holes included), and the ``meta`` words."""

    words: dict[str, list[str]]
    starts: dict[str, int]
    meta: list[str]

    @property
    def fields(self) -> dict[str, list[tuple[str, int]]]:
        """Per field, (word, position) pairs."""
        return {
            name: list(zip(ws, range(self.starts[name], self.starts[name] + len(ws)), strict=True))
            for name, ws in self.words.items()
        }

    def column(self, name: str) -> str:
        """The FTS5 column text: the field's words, holes included."""
        return " ".join(self.words.get(name, []))

    def tsvector(self) -> str:
        """The PostgreSQL tsvector literal: ``'dai':1A,5 'hoi':2A,6``."""
        positions: dict[str, list[str]] = {}
        for name in FIELDS:
            weight = WEIGHT[name]
            for pos, word in enumerate(self.words.get(name, []), self.starts.get(name, 0)):
                if word != HOLE:
                    positions.setdefault(word, []).append(f"{pos}{weight}")
        return " ".join(f"'{word}':{','.join(ps)}" for word, ps in positions.items())


def _lay_out(cut: dict[str, list[str]], meta: list[str]) -> Document:
    """Put the words of each field (in ``FIELDS`` order) in the shared position space."""
    every = list(chain.from_iterable(cut.values()))
    if (
        len(every) + len(FIELDS) <= MAX_POSITION
        and (not every or max(Counter(every).values()) <= MAX_OCCURRENCES)
        and (not every or 4 * max(map(len, every)) <= MAX_WORD_BYTES)
    ):  # the usual case: no limit reached, so no hole and no cut
        starts, pos = {}, 0
        for n, name in enumerate(FIELDS):
            starts[name] = pos + 1 + (1 if n else 0)
            pos += len(cut[name]) + (1 if n else 0)
        return Document(dict(cut), starts, meta)
    seen: Counter[str] = Counter()
    words: dict[str, list[str]] = {}
    starts = {}
    pos = 0
    for n, name in enumerate(FIELDS):
        if n:
            pos += 1  # a gap: no phrase across fields
        starts[name] = pos + 1
        out: list[str] = []
        for word in cut[name]:
            pos += 1
            if pos > MAX_POSITION:
                break
            if seen[word] >= MAX_OCCURRENCES or len(word.encode("utf-8")) > MAX_WORD_BYTES:
                out.append(HOLE)
                continue
            seen[word] += 1
            out.append(word)
        words[name] = out
    return Document(words, starts, meta)


def _meta(published_at: datetime | None, site_key: str | None) -> list[str]:
    meta = local_date_words(published_at)
    if site_key:
        meta.append(site_word(site_key))
    return meta


def make_document(
    title: str | None,
    lead: str | None,
    body: str | None,
    author: str | None,
    published_at: datetime | None,
    site_key: str | None,
    exact: bool = False,
) -> Document:
    """Lay an article out in the shared position space (see the module docstring).

    ``exact``: title, lead and body as written (``exact_tokens``), author folded.
    """
    values = {"title": title, "author": author, "lead": lead, "body": body}
    cut = {
        name: (exact_tokens if exact and name != "author" else tokens)(values[name])
        for name in FIELDS
    }
    return _lay_out(cut, _meta(published_at, site_key))


def make_documents(
    title: str | None,
    lead: str | None,
    body: str | None,
    author: str | None,
    published_at: datetime | None,
    site_key: str | None,
) -> tuple[Document, Document]:
    """``make_document`` folded and exact at once, each text cut once (``token_pair``)."""
    values = {"title": title, "author": author, "lead": lead, "body": body}
    pairs = {name: token_pair(values[name]) for name in FIELDS}
    folded = {name: pair[0] for name, pair in pairs.items()}
    exact = {name: pair[0] if name == "author" else pair[1] for name, pair in pairs.items()}
    meta = _meta(published_at, site_key)
    return _lay_out(folded, meta), _lay_out(exact, list(meta))


def _docs_from_row(row: Any) -> tuple[Document, Document]:
    """The folded and the exact document of an article (or a row with its source columns)."""
    return make_documents(row.title, row.lead, row.body, row.author, row.published_at, row.site_key)


# ----------------------------------------------------------------------------------------
# Installing
# ----------------------------------------------------------------------------------------
_FTS_DDL = tuple(
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5(title, lead, body, author, meta, "
    "content='', tokenize='unicode61 remove_diacritics 0')"
    for name in (FTS_TABLE, FTS_EXACT)
)
# The Datasette table view (crawler/browse): one row per article with the columns
# researchers facet on. Years are in Vietnam time, like the search filters.
_BROWSE_VIEW = """
CREATE VIEW IF NOT EXISTS articles_browse AS
SELECT a.id AS id,
       strftime('%Y-%m-%d', a.published_at, '+7 hours') AS published,
       strftime('%Y', a.published_at, '+7 hours') AS year,
       s.province AS province,
       a.site_key AS site,
       a.title AS title,
       a.author AS author,
       a.status AS status,
       a.url AS url
FROM articles a LEFT JOIN sites s ON s.key = a.site_key
"""
_PG_TABLE_DDL = (
    f"CREATE TABLE IF NOT EXISTS {PG_TABLE} ("
    "article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, "
    "tsv tsvector NOT NULL)",
    f"ALTER TABLE {PG_TABLE} ADD COLUMN IF NOT EXISTS tsv_exact tsvector",
    f"ALTER TABLE {PG_TABLE} ADD COLUMN IF NOT EXISTS published_at timestamp",
    # Kept in the row, not in TOAST: a tsvector hardly compresses, and reading one from
    # TOAST took twice as long (docs/query.md, "PostgreSQL at a million articles").
    f"ALTER TABLE {PG_TABLE} ALTER COLUMN tsv SET STORAGE MAIN, "
    "ALTER COLUMN tsv_exact SET STORAGE MAIN",
)
PG_INDEXES = {
    f"ix_{PG_TABLE}_tsv": "USING gin (tsv)",
    f"ix_{PG_TABLE}_tsv_exact": "USING gin (tsv_exact)",
    # (date, id): a dated search lists the range's newest ids from it (migration pgsearch)
    f"ix_{PG_TABLE}_published": "(published_at, article_id)",
}
_PG_INDEX_DDL = tuple(
    f"CREATE INDEX IF NOT EXISTS {name} ON {PG_TABLE} {how}" for name, how in PG_INDEXES.items()
)


_known: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def current_fingerprint() -> str:
    return fingerprint(LAYOUT)


def _get_meta(conn: Connection) -> str | None:
    return conn.scalar(select(MetaRow.value).where(MetaRow.key == META_KEY))


def _set_meta(conn: Connection, value: str) -> None:
    table = MetaRow.__table__
    if _get_meta(conn) is None:
        conn.execute(table.insert().values(key=META_KEY, value=value))
    else:
        conn.execute(table.update().where(table.c.key == META_KEY).values(value=value))


def _has_index(conn: Connection) -> bool:
    """Both indexes present (a store indexed before exact search has only the folded one)."""
    insp = inspect(conn)
    if conn.dialect.name == "sqlite":
        return insp.has_table(FTS_TABLE) and insp.has_table(FTS_EXACT)
    if not insp.has_table(PG_TABLE):
        return False
    return any(c["name"] == "tsv_exact" for c in insp.get_columns(PG_TABLE))


def _pg_vn_config(conn: Connection) -> None:
    """The ``vn`` configuration (unaccent + simple) for researchers' own SQL, if possible.

    ``tuyengiao search`` does not use it: unaccent folds more than ``fold`` ("æ"→"ae")
    and PostgreSQL's parser cuts words differently from SQLite's, so results would
    differ between backends. It is a convenience: ``to_tsvector('vn', body)``.
    """
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
            exists = conn.exec_driver_sql("SELECT 1 FROM pg_ts_config WHERE cfgname = 'vn'")
            if exists.first() is None:
                conn.exec_driver_sql("CREATE TEXT SEARCH CONFIGURATION vn (COPY = simple)")
                conn.exec_driver_sql(
                    "ALTER TEXT SEARCH CONFIGURATION vn ALTER MAPPING FOR asciiword, "
                    "asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple"
                )
    except DBAPIError:
        pass  # no contrib package or no privilege: the search does not need it


def install(engine: Engine) -> None:
    """Create the index if missing (called by ``open_store`` on every open).

    A new index on a store that already holds articles is filled at once when the
    store is small (a demo, a test); a large store is marked stale and
    ``tuyengiao reindex`` fills it, so that opening a store for a crawl never
    starts an hour of indexing.
    """
    with engine.connect() as conn:
        created = not _has_index(conn)
    if not created:
        _known[engine] = True
        return  # the usual case: no DDL, no lock taken on a store others are writing
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            for ddl in _FTS_DDL:
                conn.exec_driver_sql(ddl)
            for name in (FTS_TABLE, FTS_EXACT):
                conn.exec_driver_sql(f"INSERT INTO {name}({name}, rank) VALUES ('rank', '{BM25}')")
        else:
            for ddl in _PG_TABLE_DDL + _PG_INDEX_DDL:
                conn.exec_driver_sql(ddl)
            _pg_vn_config(conn)
        count = conn.scalar(select(ArticleRow.id).limit(1))
        _set_meta(conn, current_fingerprint() if count is None else "stale")
    _known[engine] = True
    if count is not None:
        with engine.connect() as conn:
            n = conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0
        if n <= SMALL_STORE:
            reindex(engine)


def install_browse_view(engine: Engine) -> None:
    """The ``articles_browse`` view for Datasette (SQLite), made by ``tuyengiao browse``.

    Only stores that are browsed get it: a view on ``articles`` would stand in the way
    of a migration that rebuilds that table (SQLite checks views on ALTER TABLE RENAME);
    such a migration drops it, and the next ``browse`` makes it again.
    """
    with engine.begin() as conn:
        conn.exec_driver_sql(_BROWSE_VIEW)


def status(conn: Connection) -> str | None:
    """None when the index is complete and current, else a sentence saying what to do."""
    if not _active(conn):
        return "this store has no search index; run: tuyengiao reindex"
    value = _get_meta(conn)
    if value == current_fingerprint():
        return None
    if value == "stale" or value is None:
        return "the search index of this store is incomplete; run: tuyengiao reindex"
    return "the search index was built with another word folding; run: tuyengiao reindex"


# ----------------------------------------------------------------------------------------
# Writing documents
# ----------------------------------------------------------------------------------------
def _sqlite_insert(name: str) -> Any:
    return text(
        f"INSERT INTO {name}(rowid, title, lead, body, author, meta) "
        "VALUES (:id, :title, :lead, :body, :author, :meta)"
    )


def _sqlite_delete(name: str) -> Any:
    return text(
        f"INSERT INTO {name}({name}, rowid, title, lead, body, author, meta) "
        "VALUES ('delete', :id, :title, :lead, :body, :author, :meta)"
    )


_SQLITE_INSERT = {False: _sqlite_insert(FTS_TABLE), True: _sqlite_insert(FTS_EXACT)}
_SQLITE_DELETE = {False: _sqlite_delete(FTS_TABLE), True: _sqlite_delete(FTS_EXACT)}
# ``published_at`` is copied from the article row, which every caller has written first
# (an insert, a reindex, the after-update event): callers pass id, tsv and tsv_exact.
_PG_INSERT_SQL = (
    f"INSERT INTO {PG_TABLE}(article_id, tsv, tsv_exact, published_at) "
    "VALUES (:id, CAST(:tsv AS tsvector), CAST(:tsv_exact AS tsvector), "
    "(SELECT published_at FROM articles WHERE id = :id))"
)
_PG_UPSERT = text(
    _PG_INSERT_SQL + " ON CONFLICT (article_id) DO UPDATE SET tsv = EXCLUDED.tsv, "
    "tsv_exact = EXCLUDED.tsv_exact, published_at = EXCLUDED.published_at"
)
_PG_INSERT = text(_PG_INSERT_SQL)
_PG_DELETE = text(f"DELETE FROM {PG_TABLE} WHERE article_id = :id")


def _sqlite_params(article_id: int, doc: Document) -> dict[str, Any]:
    return {
        "id": article_id,
        "title": doc.column("title"),
        "lead": doc.column("lead"),
        "body": doc.column("body"),
        "author": doc.column("author"),
        "meta": " ".join(doc.meta),
    }


def search_row(row: Any) -> dict[str, Any]:
    """The ``article_search`` parameters of an article (``row``: its id and source columns)."""
    folded, exact = _docs_from_row(row)
    return {"id": row.id, "tsv": folded.tsvector(), "tsv_exact": exact.tsvector()}


def index_entry(
    dialect: str,
    title: str | None,
    lead: str | None,
    body: str | None,
    author: str | None,
    published_at: datetime | None,
    site_key: str | None,
) -> dict[str, Any]:
    """What the index stores for one article, without its id (``add_entries`` writes it).

    Pure: the page pool computes it beside the stages. SQLite: the column texts of the
    folded and the exact FTS5 row; PostgreSQL: the two tsvector literals.
    """
    folded, exact = make_documents(title, lead, body, author, published_at, site_key)
    if dialect == "postgresql":
        return {"tsv": folded.tsvector(), "tsv_exact": exact.tsvector()}
    return {"folded": _sqlite_params(0, folded), "exact": _sqlite_params(0, exact)}


def add_entries(conn: Connection, entries: list[tuple[int, dict[str, Any]]]) -> None:
    """Index new articles, one executemany per index table: (article id, ``index_entry``).

    The articles' rows must be written first (PostgreSQL copies ``published_at`` from them).
    """
    if not entries or not _active(conn):
        return
    if conn.dialect.name == "sqlite":
        for exact, name in ((False, "folded"), (True, "exact")):
            params = [entry[name] | {"id": article_id} for article_id, entry in entries]
            conn.execute(_SQLITE_INSERT[exact], params)
    else:
        conn.execute(_PG_UPSERT, [entry | {"id": article_id} for article_id, entry in entries])


def _stored_row(conn: Connection, article_id: int) -> Any:
    cols = [ArticleRow.id, *(getattr(ArticleRow, c) for c in SOURCE_COLUMNS)]
    return conn.execute(select(*cols).where(ArticleRow.id == article_id)).first()


def _active(conn: Connection) -> bool:
    engine = conn.engine
    known = _known.get(engine)
    if known is None:
        known = _has_index(conn)
        _known[engine] = known
    return known


def _remove(conn: Connection, article_id: int) -> None:
    if conn.dialect.name == "sqlite":
        old = _stored_row(conn, article_id)
        if old is not None:
            for exact, doc in enumerate(_docs_from_row(old)):
                conn.execute(_SQLITE_DELETE[bool(exact)], _sqlite_params(article_id, doc))
    else:
        conn.execute(_PG_DELETE, {"id": article_id})


def _add(conn: Connection, row: Any) -> None:
    """Index one article (``row``: the article or a row with its source columns)."""
    if conn.dialect.name == "sqlite":
        for exact, doc in enumerate(_docs_from_row(row)):
            conn.execute(_SQLITE_INSERT[bool(exact)], _sqlite_params(row.id, doc))
    else:
        conn.execute(_PG_UPSERT, search_row(row))


@event.listens_for(ArticleRow, "after_insert")
def _after_insert(_mapper: Any, conn: Connection, target: ArticleRow) -> None:
    if _active(conn):
        _add(conn, target)


def _source_changed(target: ArticleRow) -> bool:
    state = inspect(target)
    return any(state.attrs[name].history.has_changes() for name in SOURCE_COLUMNS)


@event.listens_for(ArticleRow, "before_update")
def _before_update(_mapper: Any, conn: Connection, target: ArticleRow) -> None:
    """SQLite: a changed title, body, date …: replace the document while the DB still
    has the old row (a contentless FTS5 row is deleted by repeating what was inserted)."""
    if conn.dialect.name != "sqlite" or not _active(conn) or not _source_changed(target):
        return  # "unchanged" re-crawls and status changes ("gone") keep their document
    _remove(conn, target.id)
    _add(conn, target)


@event.listens_for(ArticleRow, "after_update")
def _after_update(_mapper: Any, conn: Connection, target: ArticleRow) -> None:
    """PostgreSQL: the same, once the row is written (the upsert copies its new date)."""
    if conn.dialect.name == "sqlite" or not _active(conn) or not _source_changed(target):
        return
    _add(conn, target)


@event.listens_for(ArticleRow, "before_delete")
def _before_delete(_mapper: Any, conn: Connection, target: ArticleRow) -> None:
    if _active(conn):
        _remove(conn, target.id)


# ----------------------------------------------------------------------------------------
# Rebuilding
# ----------------------------------------------------------------------------------------
def _batches(conn: Connection, size: int) -> Iterator[Sequence[Any]]:
    """Articles in id order, ``size`` at a time (keyset paging: memory stays flat)."""
    cols = [ArticleRow.id, *(getattr(ArticleRow, c) for c in SOURCE_COLUMNS)]
    last = 0
    while True:
        rows = conn.execute(
            select(*cols).where(ArticleRow.id > last).order_by(ArticleRow.id).limit(size)
        ).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def reindex(
    engine: Engine, batch: int = 2000, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild the index from ``articles``; return how many articles were indexed.

    For stores made before the index existed, after raw SQL writes, and after
    ``fold`` changed. The store is marked stale until the rebuild has finished, so
    an interrupted rebuild is reported by ``tuyengiao search`` instead of silently
    missing articles.
    """
    if not _known.get(engine):
        with engine.connect() as conn:
            has = _has_index(conn)
        if not has:
            install(engine)  # creates it (and may index a small store itself)
    with engine.begin() as conn:
        _set_meta(conn, "stale")
        if conn.dialect.name == "sqlite":
            for name in (FTS_TABLE, FTS_EXACT):
                conn.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('delete-all')")
        else:
            for name in PG_INDEXES:
                conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
            conn.exec_driver_sql(f"TRUNCATE {PG_TABLE}")
    done = pending = 0
    with engine.connect() as conn:
        tx = conn.begin()
        for rows in _batches(conn, batch):
            if conn.dialect.name == "sqlite":
                docs = [_docs_from_row(r) for r in rows]
                for exact in (False, True):
                    params = [
                        _sqlite_params(r.id, d[exact]) for r, d in zip(rows, docs, strict=True)
                    ]
                    conn.execute(_SQLITE_INSERT[exact], params)
            else:
                conn.execute(_PG_INSERT, [search_row(r) for r in rows])
            done += len(rows)
            pending += len(rows)
            if pending >= 20 * batch:  # bounded WAL / transaction size
                tx.commit()
                tx = conn.begin()
                pending = 0
            if progress:
                progress(done)
        tx.commit()
    if engine.dialect.name == "postgresql":
        finish_pg_index(engine)
        return done
    with engine.begin() as conn:
        for name in (FTS_TABLE, FTS_EXACT):
            conn.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('optimize')")
        _set_meta(conn, current_fingerprint())
    return done


def finish_pg_index(engine: Engine) -> None:
    """After ``article_search`` was filled without its indexes: build them, mark it current."""
    with engine.begin() as conn:
        for ddl in _PG_INDEX_DDL:
            conn.exec_driver_sql(ddl)
        conn.exec_driver_sql(f"ANALYZE {PG_TABLE}")
        _set_meta(conn, current_fingerprint())
