"""Signatures and band keys in the store, and ``articles.near_dup_cluster`` from them.

Two tables beside ``articles`` (made on first use, like the search index):
``near_dup_signatures(article_id, shingles, sig)`` and ``near_dup_bands(key,
article_id)``. A cluster is a connected group of articles linked by near-copy pairs
(``minhash.near_copy``); its id is the smallest article id in it; an article
with no near-copy has no cluster (NULL).

* At store time (``note_article``, called by the store writer for new and changed
  articles; ``note_signatures`` for a batch): the article is signed, its band keys are
  looked up, the candidates are tested, and it joins (or merges) their clusters. The
  candidates of a key are the ``PER_KEY`` oldest articles holding it: the lookup reads
  at most that many rows per key whatever the store's size, even when a text has
  hundreds of copies (they are one cluster, which a new copy joins through the oldest).
  An article whose text changed leaves its cluster first; if it alone linked two parts
  of a cluster, they stay one cluster until the next rebuild.
* ``rebuild``: everything from scratch, in batches; the band keys are grouped with
  numpy sorts (a dict per band, as ``datasketch.MinHashLSH`` keeps, holds a million
  articles poorly), the pairs tested with vectorised MinHash comparisons.

``store_meta['near_dup']`` holds ``signature.VERSION`` when every article is signed
with the current parameters, ``stale`` when a rebuild is needed (a store that held
articles before the tables existed, or an interrupted rebuild).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from itertools import chain
from typing import Any, cast

import numpy as np
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    bindparam,
    delete,
    event,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Session

from crawler.store import minhash as sg
from crawler.store.models import ArticleRow, MetaRow

META_KEY = "near_dup"
PER_KEY = 32  # at store time, the candidates of a band key: the oldest articles holding it
MAX_GROUP = 200  # a band group larger than this is tested as a star, not all pairs

_md = MetaData()
SIGNATURES = Table(
    "near_dup_signatures",
    _md,
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    Column("shingles", Integer, nullable=False),
    Column("sig", LargeBinary, nullable=False),
)
BANDS = Table(
    "near_dup_bands",
    _md,
    Column("key", BigInteger, nullable=False),
    Column("article_id", Integer, nullable=False),
    Index("ix_near_dup_bands_key_article", "key", "article_id"),
    Index("ix_near_dup_bands_article", "article_id"),
)

_BANDS_INDEX_DDL = (
    "CREATE INDEX IF NOT EXISTS ix_near_dup_bands_key_article ON near_dup_bands (key, article_id)",
    "DROP INDEX IF EXISTS ix_near_dup_bands_key",  # the key-only index it replaces
)

_ready: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _get_meta(conn: Connection) -> str | None:
    return conn.scalar(select(MetaRow.value).where(MetaRow.key == META_KEY))


def _set_meta(conn: Connection, value: str) -> None:
    table = MetaRow.__table__
    if _get_meta(conn) is None:
        conn.execute(table.insert().values(key=META_KEY, value=value))
    else:
        conn.execute(table.update().where(table.c.key == META_KEY).values(value=value))


def install(conn: Connection, new_id: int | None = None) -> None:
    """Create the tables if missing; a store that already held articles is marked stale."""
    if _ready.get(conn.engine):
        return
    names = set(inspect(conn).get_table_names())
    if not {"near_dup_signatures", "near_dup_bands"} <= names and conn.dialect.name == "postgresql":
        # Workers of a distributed crawl may get here together: one creates, the others
        # wait for its transaction and then find the tables.
        conn.execute(select(func.pg_advisory_xact_lock(func.hashtext("near_dup_install"))))
        names = set(inspect(conn).get_table_names())
    if not {"near_dup_signatures", "near_dup_bands"} <= names:
        _md.create_all(conn, checkfirst=True)
        _forget_on_rollback(conn.engine)
        older = select(ArticleRow.id).limit(1)
        if new_id is not None:
            older = older.where(ArticleRow.id != new_id)
        _set_meta(conn, "stale" if conn.scalar(older) is not None else sg.VERSION)
    _ready[conn.engine] = True


def _forget_on_rollback(engine: Engine) -> None:
    """The tables are created inside an article's transaction: if that transaction rolls
    back, so does their creation, and the next article must look again."""
    if not event.contains(engine, "rollback", _unready):
        event.listen(engine, "rollback", _unready)


def _unready(conn: Connection) -> None:
    _ready.pop(conn.engine, None)


def status(conn: Connection) -> str | None:
    """None when every article is signed with the current parameters, else what to do."""
    value = _get_meta(conn)
    if value == sg.VERSION:
        return None
    if value is None:
        return "this store has no syndication clusters yet; run: tuyengiao clusters rebuild"
    return "the syndication clusters of this store are incomplete; run: tuyengiao clusters rebuild"


def _pack(sig: np.ndarray) -> bytes:
    return np.ascontiguousarray(sig, dtype="<u4").tobytes()


def _unpack(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def _forget(conn: Connection, article_id: int) -> None:
    conn.execute(delete(BANDS).where(BANDS.c.article_id == article_id))
    conn.execute(delete(SIGNATURES).where(SIGNATURES.c.article_id == article_id))


def _leave(conn: Connection, article_id: int) -> None:
    """A changed article leaves its cluster; a cluster left with one member dissolves.

    A cluster that this article alone held together stays linked until a rebuild.
    """
    a = ArticleRow.__table__
    old = conn.scalar(select(a.c.near_dup_cluster).where(a.c.id == article_id))
    if old is None:
        return
    conn.execute(update(a).where(a.c.id == article_id).values(near_dup_cluster=None))
    left = select(a.c.id).where(a.c.near_dup_cluster == old).limit(2)
    if len(conn.execute(left).all()) == 1:
        conn.execute(update(a).where(a.c.near_dup_cluster == old).values(near_dup_cluster=None))


def note_article(session: Session, row: ArticleRow, new: bool = False) -> int | None:
    """Sign one stored article and put it in its cluster; return the cluster id (or None).

    Called in the writer's transaction, so the article and its cluster are stored
    together or not at all. ``new``: the article was just inserted (nothing to forget).
    """
    sig, size = sg.signature(row.body)
    return note_signature(session.connection(), row.id, sig, size, new)


def note_signature(
    conn: Connection, article_id: int, sig: np.ndarray, size: int, new: bool = False
) -> int | None:
    """``note_article`` for an article signed already (``minhash.signature`` of its body):
    the batch writer signs its articles in the page pool, off the store's thread."""
    install(conn, article_id)
    if not new:
        _forget(conn, article_id)
        _leave(conn, article_id)
    note_signatures(conn, [(article_id, sig, size)])
    if size < sg.MIN_SHINGLES:
        return None
    a = ArticleRow.__table__
    return conn.scalar(select(a.c.near_dup_cluster).where(a.c.id == article_id))


def _raw(conn: Connection, sql: str, params: Any) -> list[Any]:
    """Rows of a query on the connection's driver cursor (in its transaction), without
    SQLAlchemy's per-row processing: the holder lookup returns thousands of rows."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def _holders(conn: Connection, keys: list[int]) -> dict[int, list[int]]:
    """Band key → the ``PER_KEY`` smallest article ids holding it (an index seek per key)."""
    found: dict[int, list[int]] = {}
    if not keys:
        return found
    if conn.dialect.name == "postgresql":
        rows = _raw(
            conn,
            "SELECT k.key, x.article_id FROM unnest(%s::bigint[]) AS k(key) "
            "CROSS JOIN LATERAL (SELECT article_id FROM near_dup_bands b WHERE b.key = k.key "
            f"ORDER BY article_id LIMIT {PER_KEY}) x",
            (keys,),
        )
        for key, holder in rows:
            found.setdefault(key, []).append(holder)
    else:
        term = (
            "SELECT key, group_concat(article_id) FROM (SELECT key, article_id "
            f"FROM near_dup_bands WHERE key = ? ORDER BY article_id LIMIT {PER_KEY})"
        )
        for start in range(0, len(keys), 400):  # SQLite allows 500 terms in a compound SELECT
            chunk = keys[start : start + 400]
            for key, ids in _raw(conn, " UNION ALL ".join([term] * len(chunk)), tuple(chunk)):
                if key is not None:
                    found[key] = list(map(int, ids.split(",")))
    for holders in found.values():
        holders.sort()
    return found


def _mark(conn: Connection) -> str:
    """The driver's placeholder: ``?`` (sqlite3) or ``%s`` (psycopg)."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _by_ids(conn: Connection, columns: str, table: str, ids: list[int]) -> list[Any]:
    """``columns`` of the rows of ``table`` whose id column (the first) is in ``ids``, on the
    driver's cursor: SQLAlchemy would compile an IN list of up to 500 values every batch."""
    rows: list[Any] = []
    mark = _mark(conn)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        where = f"{columns.split(',')[0]} IN ({', '.join([mark] * len(chunk))})"
        rows += _raw(conn, f"SELECT {columns} FROM {table} WHERE {where}", tuple(chunk))
    return rows


def _signatures_of(conn: Connection, ids: list[int]) -> dict[int, tuple[np.ndarray, int]]:
    rows = _by_ids(conn, "article_id, sig, shingles", "near_dup_signatures", ids)
    return {i: (_unpack(sig), n) for i, sig, n in rows}


def _components(pairs: np.ndarray, n: int) -> np.ndarray:
    """For nodes 0…n-1 linked by ``pairs``, the smallest node of each one's component.

    Each round gives both ends of every link the smaller of their labels, then each
    node the label of its label; labels only fall, and stop when every link joins two
    equal labels, which is then the smallest node of the component."""
    label = np.arange(n)
    a, b = pairs[:, 0], pairs[:, 1]
    while True:
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new


def note_signatures(
    conn: Connection,
    signed: list[tuple[int, np.ndarray, int]],
    band_keys: dict[int, list[int]] | None = None,
) -> None:
    """Note new articles (id, signature, shingle count) in the index and their clusters.

    ``band_keys``: id → ``minhash.band_keys_of`` its signature, when computed ahead (the
    page pool does); the others are computed here.

    The same clusters as noting them one after the other in id order: an article's
    candidates are, for each of its band keys, the ``PER_KEY`` smallest ids holding that
    key when it is noted (the store's holders, then the batch's earlier articles); a
    link is a candidate passing ``near_copy``; a cluster is the connected group with the
    smallest id (an old cluster's id included). A few statements for the whole batch, and
    none whose cost grows with the store: the holders of all keys in one query (an index
    seek per key, at most ``PER_KEY`` rows each), the signatures and band keys in two
    executemany, the candidates' signatures in one query, the links tested and joined
    into groups at once (numpy), the cluster ids written by id. Only a merge of two old
    clusters renames one by ``near_dup_cluster`` (through its index, migration storeten).
    """
    if not signed:
        return
    signed = sorted(signed, key=lambda t: t[0])
    install(conn, signed[0][0])
    given = band_keys or {}
    keys = {i: given[i] if i in given else sg.band_keys_of(sig) for i, sig, size in signed if size}
    ours = {i: (sig, size) for i, sig, size in signed if size >= sg.MIN_SHINGLES}
    held = _holders(conn, sorted({k for i in ours for k in keys[i]}))  # before ours are added
    # the driver's executemany, without SQLAlchemy's per-row processing (16 band rows an
    # article)
    mark = _mark(conn)
    conn.exec_driver_sql(
        f"INSERT INTO near_dup_signatures (article_id, shingles, sig) VALUES ({mark}, {mark}, "
        f"{mark})",
        [(i, size, _pack(sig)) for i, sig, size in signed],
    )
    bands = [(k, i) for i, ks in keys.items() for k in ks]
    if bands:
        conn.exec_driver_sql(
            f"INSERT INTO near_dup_bands (key, article_id) VALUES ({mark}, {mark})", bands
        )
    if not ours:
        return
    earlier: dict[int, list[int]] = {}  # band key → the batch's articles noted so far
    tested: list[int] = []
    candidates: list[set[int]] = []
    for i, _sig, _size in signed:
        if i in ours:
            found: set[int] = set()
            for k in keys[i]:
                first = held.get(k, [])
                if len(first) < PER_KEY:
                    first = first + earlier.get(k, [])[: PER_KEY - len(first)]
                found.update(first)
            if found:
                tested.append(i)
                candidates.append(found)
        for k in keys.get(i, ()):
            earlier.setdefault(k, []).append(i)
    if not tested:
        return
    known = {i: (sig, size) for i, sig, size in signed}
    known.update(_signatures_of(conn, sorted(set().union(*candidates) - set(known))))
    order = np.array(sorted(known), dtype=np.int64)
    sigs = np.stack([known[x][0] for x in order.tolist()])
    sizes = np.array([known[x][1] for x in order.tolist()], dtype=np.int64)
    left = np.repeat(np.array(tested, dtype=np.int64), [len(c) for c in candidates])
    right = np.fromiter(chain.from_iterable(candidates), dtype=np.int64, count=len(left))
    held_now = np.isin(right, order)  # a holder deleted meanwhile has no signature
    index = np.searchsorted(order, np.stack([left[held_now], right[held_now]], axis=1))
    linked = _verified(index, sigs, sizes)
    if not len(linked):
        return
    nodes, pos = np.unique(linked, return_inverse=True)  # positions in ``order``
    smallest = nodes[_components(pos.reshape(-1, 2), len(nodes))]
    members_all = order[nodes].tolist()  # ascending, as ``order``
    roots = order[smallest].tolist()  # the smallest member of each one's group
    current = dict(_by_ids(conn, "id, near_dup_cluster", "articles", members_all))
    groups: dict[int, list[int]] = {}
    for x, r in zip(members_all, roots, strict=True):
        groups.setdefault(r, []).append(x)
    a = cast(Table, ArticleRow.__table__)
    moves = []
    for members in groups.values():
        old = {current[m] for m in members if current.get(m) is not None}
        cluster = min([*members, *cast(set[int], old)])
        moves += [(cluster, m) for m in members if current.get(m) != cluster]
        for other in sorted(cast(set[int], old) - {cluster}):  # two old clusters merge
            conn.execute(
                update(a).where(a.c.near_dup_cluster == other).values(near_dup_cluster=cluster)
            )
    if moves:
        mark = _mark(conn)
        conn.exec_driver_sql(
            f"UPDATE articles SET near_dup_cluster = {mark} WHERE id = {mark}", moves
        )


# ----------------------------------------------------------------------------------------
# Rebuilding
# ----------------------------------------------------------------------------------------
def _pairs(keys: np.ndarray) -> np.ndarray:
    """Candidate pairs (i, j), i < j, of rows sharing a band key, as an (m, 2) array."""
    out = []
    n = keys.shape[0]
    for b in range(keys.shape[1]):
        order = np.argsort(keys[:, b], kind="stable")
        sorted_keys = keys[order, b]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], n]
        for s, e in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            group = np.sort(order[s:e])
            if len(group) > MAX_GROUP:  # a star: each member against the first
                out.append(np.stack([np.full(len(group) - 1, group[0]), group[1:]], axis=1))
            else:
                i, j = np.triu_indices(len(group), k=1)
                out.append(np.stack([group[i], group[j]], axis=1))
    if not out:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(out).astype(np.int64), axis=0)


def _verified(pairs: np.ndarray, sigs: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The pairs that pass ``near_copy``, tested in vectorised chunks."""
    keep = []
    for start in range(0, len(pairs), 100_000):
        p = pairs[start : start + 100_000]
        a, b = p[:, 0], p[:, 1]
        j = (sigs[a] == sigs[b]).sum(axis=1) / sg.NUM_PERM
        sa, sb = sizes[a], sizes[b]
        common = j * (sa + sb) / (1 + j)
        small = np.minimum(sa, sb)
        with np.errstate(divide="ignore", invalid="ignore"):
            cont = np.where(small > 0, np.minimum(1.0, common / np.maximum(small, 1)), 0.0)
        ok = (cont >= sg.CONTAINMENT) & (small >= sg.MIN_SHINGLES)
        keep.append(p[ok])
    return np.concatenate(keep) if keep else np.empty((0, 2), dtype=np.int64)


def components(n: int, pairs: np.ndarray) -> np.ndarray:
    """Connected components of n nodes linked by ``pairs``: a label per node."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix(
        (np.ones(len(pairs), dtype=np.int8), (pairs[:, 0], pairs[:, 1])), shape=(n, n)
    )
    return connected_components(graph, directed=False)[1]


def cluster_ids(ids: np.ndarray, sigs: np.ndarray, sizes: np.ndarray) -> dict[int, int]:
    """{article id: cluster id} for every article with a near-copy (pure, in memory)."""
    keys = sg.band_keys(sigs)
    usable = sizes > 0
    keys[~usable] = -np.arange(1, int((~usable).sum()) + 1)[:, None]  # empty bodies: unique
    pairs = _verified(_pairs(keys), sigs, sizes)
    if not len(pairs):
        return {}
    labels = components(len(ids), pairs)
    counts = np.bincount(labels)
    first = np.full(counts.shape, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, labels, ids)
    return {int(ids[i]): int(first[labels[i]]) for i in np.flatnonzero(counts[labels] > 1)}


def rebuild(
    engine: Engine, batch: int = 2000, progress: Callable[[int], None] | None = None
) -> tuple[int, int, int]:
    """Sign every article and recompute every cluster; (articles, clustered, clusters)."""
    with engine.begin() as conn:
        _ready.pop(engine, None)
        install(conn)
        _set_meta(conn, "stale")
        conn.execute(delete(BANDS))
        conn.execute(delete(SIGNATURES))
        # A store made before the index on (key, article_id) gets it here, while empty.
        for ddl in _BANDS_INDEX_DDL:
            conn.exec_driver_sql(ddl)
    ids: list[np.ndarray] = []
    sigs: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    done = 0
    with engine.connect() as conn:
        last = 0
        while True:
            rows = conn.execute(
                select(ArticleRow.id, ArticleRow.body)
                .where(ArticleRow.id > last)
                .order_by(ArticleRow.id)
                .limit(batch)
            ).all()
            if not rows:
                break
            last = rows[-1].id
            sig, size = sg.signatures([r.body for r in rows])
            rid = np.array([r.id for r in rows], dtype=np.int64)
            _write_batch(conn, rid, sig, size)
            ids.append(rid)
            sigs.append(sig)
            sizes.append(size)
            done += len(rows)
            if progress:
                progress(done)
        conn.commit()
    if not ids:
        mapping: dict[int, int] = {}
    else:
        mapping = cluster_ids(np.concatenate(ids), np.concatenate(sigs), np.concatenate(sizes))
    a = ArticleRow.__table__
    with engine.begin() as conn:
        conn.execute(
            update(a).where(a.c.near_dup_cluster.is_not(None)).values(near_dup_cluster=None)
        )
        params = [{"aid": k, "cid": v} for k, v in mapping.items()]
        if params:
            conn.execute(
                update(a)
                .where(a.c.id == bindparam("aid"))
                .values(near_dup_cluster=bindparam("cid")),
                params,
            )
        _set_meta(conn, sg.VERSION)
    return done, len(mapping), len(set(mapping.values()))


def _write_batch(conn: Connection, ids: np.ndarray, sig: np.ndarray, size: np.ndarray) -> None:
    conn.execute(
        SIGNATURES.insert(),
        [
            {"article_id": int(i), "shingles": int(n), "sig": _pack(s)}
            for i, s, n in zip(ids, sig, size, strict=True)
        ],
    )
    keys = sg.band_keys(sig)
    bands = [
        {"key": int(k), "article_id": int(i)}
        for i, row, n in zip(ids, keys, size, strict=True)
        if n
        for k in row
    ]
    if bands:
        conn.execute(BANDS.insert(), bands)


def load(conn: Connection) -> dict[int, Any]:
    """{article id: (signature, shingles)} of every signed article (for tests and tools)."""
    return {
        r.article_id: (_unpack(r.sig), r.shingles)
        for r in conn.execute(
            select(SIGNATURES.c.article_id, SIGNATURES.c.shingles, SIGNATURES.c.sig)
        )
    }
