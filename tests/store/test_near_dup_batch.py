"""Near-copy clusters at store time when a text has many copies (more than ``PER_KEY``).

The synthetic crawl site of ``benchmarks/throughput.py`` is 17 texts, each copied under
hundreds of URLs: every band key of a copy is held by every earlier copy. The store-time
lookup reads at most ``PER_KEY`` holders per key, so its cost stays flat as the store
grows; these tests check that the clusters it makes are still the groups the copies were
made as (gold by construction), the same in batches as one by one, and when a later
article links two clusters that were apart, the two become one under the smallest id.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from crawler.items import Article
from crawler.registry import Site
from crawler.store import minhash as sg
from crawler.store import near_dup
from crawler.store.bulk import store_batch
from crawler.store.db import open_store
from crawler.store.writer import sync_sites, upsert_article
from replica.model import load_content
from tests.servers import fresh_pg_database, postgres_url  # noqa: F401 - fixture

T0 = datetime(2024, 5, 6, tzinfo=UTC)
SITE = Site("s1", "Site", "Kon Tum", "Ban Tuyên giáo", "https://s1.example/", "generic")
COPIES = near_dup.PER_KEY + 13


def texts() -> list[str]:
    bodies = [a.body for a in load_content("tuyengiaokontum").articles if not a.seed]
    return ["\n".join(str(v) for part in body for v in part.values()) for body in bodies]


def articles() -> tuple[list[Article], dict[str, str]]:
    """Copies of texts A, B and C, three lone texts, then one article made of A and B;
    and each URL's group (gold: how the articles were made)."""
    found = texts()
    # texts 0 and 5: their concatenation shares band keys with each (two with 3 and 1
    # would not: a link is only found through a shared key)
    a, b, c, lone = found[0], found[5], found[2], found[7:10]
    made: list[tuple[str, str]] = []
    for n in range(COPIES):
        made += [("A", f"Bản tin số {n}.\n{a}"), ("B", f"Bản tin số {n}.\n{b}")]
        made.append(("C", f"Bản tin số {n}.\n{c}"))
    made += [(f"lone{n}", body) for n, body in enumerate(lone[:3])]
    made.append(("AB", f"{a}\n{b}"))  # a near-copy of both: A and B become one cluster
    group = {}
    out = []
    for n, (kind, body) in enumerate(made):
        url = f"https://s1.example/tin-{n}.html"
        group[url] = "AB" if kind in ("A", "B", "AB") else kind
        out.append(
            Article(
                url=url,
                site="s1",
                cms="generic",
                title=f"Tin {n}",
                lead="",
                body=body,
                fetched_at=T0,
            )
        )
    return out, group


def clusters(url: str, bulk: bool) -> dict[str, str | None]:
    factory = open_store(url)
    with factory() as session:
        sync_sites(session, [SITE])
        session.commit()
    batch, _ = articles()
    for start in range(0, len(batch), 25):
        with factory() as session:
            now = T0 + timedelta(minutes=start)
            if bulk:
                store_batch(session, batch[start : start + 25], now)
            else:
                for article in batch[start : start + 25]:
                    upsert_article(session, article, now)
            session.commit()
    with factory() as session:
        rows = session.execute(
            text(
                "SELECT a.url, b.url FROM articles a LEFT JOIN articles b "
                "ON a.near_dup_cluster = b.id ORDER BY a.id"
            )
        ).all()
        # the lookup reads PER_KEY holders of a key held by more than that
        key = sg.band_keys_of(sg.signature(batch[0].body)[0])[0]
        every = session.execute(
            text("SELECT article_id FROM near_dup_bands WHERE key = :k"), {"k": key}
        ).scalars()
        every_sorted = sorted(every)
        assert len(every_sorted) > near_dup.PER_KEY
        got = near_dup._holders(session.connection(), [key])[key]
        assert got == every_sorted[: near_dup.PER_KEY]
    factory.kw["bind"].dispose()
    return dict(rows)


def check(url_of) -> None:
    _, group = articles()
    one_by_one = clusters(url_of("one"), bulk=False)
    assert clusters(url_of("batch"), bulk=True) == one_by_one
    first = {}  # each group's first URL: the smallest id, so the cluster's id
    for url, kind in group.items():
        first.setdefault(kind, url)
    for url, kind in group.items():
        want = None if kind.startswith("lone") else first[kind]
        assert one_by_one[url] == want, (url, kind)


def test_many_copies_cluster_as_made_sqlite(tmp_path) -> None:
    check(lambda name: f"sqlite:///{tmp_path / name}.sqlite")


def test_many_copies_cluster_as_made_postgresql(postgres_url) -> None:  # noqa: F811
    check(lambda name: fresh_pg_database(postgres_url))
