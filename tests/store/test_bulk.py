"""The batch writer (crawler/store/bulk.py) stores what the one-by-one upsert stores.

Each batch mixes what a crawl meets: new articles, the same text under a second URL
(an alias), a URL twice in one batch, a near-copy of another article, a stored article
whose text changed (a new version) and one unchanged. The same batches go through
``store_batch`` and through ``upsert_article`` one at a time, into real stores (SQLite,
and PostgreSQL), and every row of every table the writes touch must be the same.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from crawler.items import Article
from crawler.registry import Site
from crawler.store.bulk import prepare, store_batch
from crawler.store.db import open_store
from crawler.store.writer import sync_sites, upsert_article
from tests.servers import fresh_pg_database, postgres_url  # noqa: F401 - fixture

T0 = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)
SITE = Site("s1", "Site", "Kon Tum", "Ban Tuyên giáo", "https://s1.example/", "generic")
WORDS = "Đại hội đại biểu Đảng bộ tỉnh Kon Tum lần thứ XVI nhiệm kỳ 2020 2025 thành công".split()


def body(n: int) -> str:
    """A body of its own for ``n``: a long text whose words are a rotation of WORDS."""
    words = [f"{WORDS[(i + n) % len(WORDS)]}" for i in range(60)]
    return " ".join([*words, f"số {n}."])


def art(n: int, text_of: int | None = None, title: str = "Tin") -> Article:
    url = f"https://s1.example/tin-{n}.html"
    return Article(
        url=url,
        site="s1",
        cms="generic",
        title=f"{title} {text_of if text_of is not None else n}",
        lead="Tóm tắt",
        body=body(text_of if text_of is not None else n),
        author="Hà An",
        published_at=T0 - timedelta(days=n),
        fetched_at=T0,
    )


BATCHES = [
    [art(1), art(2), art(3), art(4, text_of=1), art(2), art(5)],  # alias, repeat
    [art(6), art(3, title="Tin mới"), art(5), art(7, text_of=6), art(8)],  # changed, unchanged
]
TABLES = {
    "articles": "SELECT url, title, body, content_hash, status, near_dup_cluster IS NULL, "
    "published_at FROM articles ORDER BY url",
    "versions": "SELECT a.url, v.content_hash, v.title FROM article_versions v "
    "JOIN articles a ON a.id = v.article_id ORDER BY 1, v.id",
    "aliases": "SELECT l.url, a.url FROM article_aliases l "
    "JOIN articles a ON a.id = l.article_id ORDER BY 1",
    "signatures": "SELECT a.url, s.shingles, s.sig FROM near_dup_signatures s "
    "JOIN articles a ON a.id = s.article_id ORDER BY 1",
    "bands": "SELECT a.url, b.key FROM near_dup_bands b "
    "JOIN articles a ON a.id = b.article_id ORDER BY 1, 2",
    "meta": "SELECT key, value FROM store_meta ORDER BY key",
}
SEARCH = {
    "sqlite": "SELECT a.url FROM articles_fts f JOIN articles a ON a.id = f.rowid "
    "WHERE articles_fts MATCH :q ORDER BY 1",
    "postgresql": "SELECT a.url FROM article_search s JOIN articles a ON a.id = s.article_id "
    "WHERE s.tsv @@ to_tsquery('simple', :q) ORDER BY 1",
}


def fill(factory: sessionmaker[Session], bulk: bool, prepared: bool) -> dict[str, list]:
    with factory() as session:
        sync_sites(session, [SITE])
        session.commit()
    outcomes = []
    for n, batch in enumerate(BATCHES):
        now = T0 + timedelta(hours=n)
        with factory() as session:
            dialect = session.get_bind().dialect.name
            if bulk:
                ready = [prepare(a, dialect) for a in batch] if prepared else None
                outcomes += store_batch(session, batch, now, ready)
            else:
                outcomes += [upsert_article(session, a, now) for a in batch]
            session.commit()
    with factory() as session:
        dialect = session.get_bind().dialect.name
        seen = {name: session.execute(text(sql)).all() for name, sql in TABLES.items()}
        seen["clusters"] = session.execute(
            text(
                "SELECT a.url, b.url FROM articles a JOIN articles b "
                "ON a.near_dup_cluster = b.id ORDER BY 1"
            )
        ).all()
        for word in ("dai", "kon", "so"):
            seen[f"search {word}"] = session.execute(text(SEARCH[dialect]), {"q": word}).all()
    seen["outcomes"] = outcomes
    return seen


def check_same(url_of) -> None:
    one_by_one = fill(open_store(url_of("orm")), bulk=False, prepared=False)
    assert one_by_one["outcomes"] == [
        *["new", "new", "new", "alias", "unchanged", "new"],
        *["new", "changed", "unchanged", "alias", "new"],
    ]
    assert one_by_one["clusters"] and one_by_one["search dai"]  # the batches exercise both
    for prepared in (False, True):
        bulk = fill(open_store(url_of(f"bulk{prepared}")), bulk=True, prepared=prepared)
        for name in one_by_one:
            assert bulk[name] == one_by_one[name], name


def test_a_batch_stores_what_one_by_one_stores_sqlite(tmp_path) -> None:
    check_same(lambda name: f"sqlite:///{tmp_path / name}.sqlite")


def test_a_batch_stores_what_one_by_one_stores_postgresql(postgres_url) -> None:  # noqa: F811
    check_same(lambda name: fresh_pg_database(postgres_url))
