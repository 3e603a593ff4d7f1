"""The store's write tuning (crawler/store/db.py) and the index on near-copy clusters.

- Every SQLite connection of a store gets the page cache, checkpoint interval and
  ``secure_delete`` mode that docs/evidence.md §6.4 measured, on top of WAL.
- A cluster's members are found through ``ix_articles_near_dup_cluster`` (migration
  storeten), not by reading every article: the lookups of ``near_dup._leave`` and of a
  cluster merge, asked of SQLite's planner; and the index holds clustered articles only.
"""

from __future__ import annotations

from sqlalchemy import select, update

from crawler.store.db import open_store
from crawler.store.models import ArticleRow


def test_every_sqlite_connection_is_tuned(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 't.sqlite'}").kw["bind"]
    for _ in range(2):  # a second connection of the pool as well
        with engine.connect() as conn:
            pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
            assert pragma("journal_mode") == "wal"
            assert pragma("synchronous") == 1  # NORMAL
            assert pragma("cache_size") == -32768  # KiB: 32 MiB
            assert pragma("wal_autocheckpoint") == 10000
            assert pragma("secure_delete") == 2  # FAST
        engine.dispose()


def _plan(conn, stmt) -> str:
    compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
    rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    return " | ".join(r[-1] for r in rows)


def test_a_clusters_members_are_found_through_its_index(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 't.sqlite'}").kw["bind"]
    a = ArticleRow.__table__
    with engine.connect() as conn:
        leave = select(a.c.id).where(a.c.near_dup_cluster == 7).limit(2)
        merge = update(a).where(a.c.near_dup_cluster == 7).values(near_dup_cluster=3)
        for stmt in (leave, merge):
            plan = _plan(conn, stmt)
            assert "ix_articles_near_dup_cluster" in plan, plan
            assert "SCAN articles" not in plan, plan
        sql = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_articles_near_dup_cluster'"
        ).scalar()
    assert "WHERE near_dup_cluster IS NOT NULL" in " ".join(sql.split()), sql  # partial
