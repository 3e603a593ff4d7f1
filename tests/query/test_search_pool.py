"""The bounded relevance pool: what it bounds, and that it bounds nothing else.

Relevance ranks the ``candidates`` most recently stored matches (docs/query.md,
"Ranking and order"). On PostgreSQL that pool is looked for in growing windows of
the newest ids (``search._pg_relevance``). Here 60 articles are stored in order;
which of them say "đại hội" is set below, so the pool of every size is known
without running the search: the newest ``k`` of ``MATCHES``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

import crawler.query.search as search_module
from crawler.query.filters import Filters
from crawler.query.search import search
from crawler.query.stats import stats
from crawler.query.syntax import parse, words_tsquery
from crawler.store import migrate
from crawler.store.writer import upsert_article
from tests.query.conftest import T0, Backend, art, build, fresh_url, number

# Article numbers whose body says "đại hội": old ones, then a long gap of
# non-matching articles (51-60), so the first PostgreSQL window (4 × k newest ids)
# holds no match and has to grow.
MATCHES = [1, 2, 3, 7, 12, 20, 33, 41, 44, 50]
# Article n is published at 09:00 on 2020-01-01 + (n - 1) days, Vietnam time.
ARTICLES = [
    art(n, "kontum", f"Tin số {n}",
        f"Bản tin {n}. " + ("Đại hội chi bộ thành công." if n in MATCHES else "Hội nghị đại biểu."),
        published_at=datetime(2020, 1, 1, 2, tzinfo=UTC) + timedelta(days=n - 1))
    for n in range(1, 61)
]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    pg = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    url = fresh_url(request.param, tmp_path_factory.mktemp("pool"), pg)
    engine = build(url, ARTICLES)
    yield Backend(request.param, url, engine)
    engine.dispose()


@pytest.mark.parametrize("k", [1, 2, 3, 5, 9, 10, 11, 100])
def test_the_pool_is_the_newest_k_matches(corpus: Backend, k: int) -> None:
    result = search(corpus.engine, '"đại hội"', limit=100, candidates=k)
    assert {number(h.url) for h in result} == set(MATCHES[-k:])
    if k <= len(MATCHES):  # a full pool: "at least k" (k itself when exactly k match)
        assert (result.total, result.total_exact) == (k, False)
    else:  # the pool holds every match: the count is exact
        assert (result.total, result.total_exact) == (len(MATCHES), True)


def test_without_a_bound_every_match_is_ranked_and_counted(corpus: Backend) -> None:
    result = search(corpus.engine, '"đại hội"', limit=100, candidates=None, count_limit=None)
    assert sorted(number(h.url) for h in result) == MATCHES
    assert (result.total, result.total_exact) == (len(MATCHES), True)


def test_stats_counts_exactly_past_the_bound(corpus: Backend) -> None:
    rows = stats(corpus.engine, "site", Filters.make(query='"đại hội"'))
    assert [(r.key, r.articles) for r in rows] == [("kontum", len(MATCHES))]


def test_date_sorts_are_not_bounded_by_the_pool(corpus: Backend) -> None:
    result = search(corpus.engine, '"đại hội"', limit=100, sort="newest", candidates=2)
    assert sorted(number(h.url) for h in result) == MATCHES
    assert (result.total, result.total_exact) == (len(MATCHES), True)


def test_a_date_filter_keeps_the_pool_exact(corpus: Backend) -> None:
    """Dates are read from ``article_search`` on PostgreSQL: the same answer as SQLite's."""
    result = search(corpus.engine, '"đại hội"', Filters.make(since="2020-01-20"), candidates=3)
    assert {number(h.url) for h in result} == {41, 44, 50}
    assert (result.total, result.total_exact) == (3, False)
    result = search(
        corpus.engine, '"đại hội"', Filters.make(since="2020-01-20", until="2020-02-10")
    )
    assert sorted(number(h.url) for h in result) == [20, 33, 41]


def test_an_old_postgresql_index_is_upgraded(postgres_url: str, tmp_path: Path) -> None:
    """A store indexed before revision pgscale (no dates in ``article_search``, the
    tsvectors in TOAST): ``db upgrade`` copies the dates and moves the tsvectors."""
    url = fresh_url("postgresql", tmp_path, postgres_url)
    engine = build(url, ARTICLES[:5])
    with engine.begin() as conn:  # back to the layout of revision "profile"
        conn.execute(text("DROP INDEX ix_article_search_published"))
        conn.execute(text("ALTER TABLE article_search DROP COLUMN published_at"))
        conn.execute(
            text(
                "ALTER TABLE article_search ALTER COLUMN tsv SET STORAGE EXTENDED, "
                "ALTER COLUMN tsv_exact SET STORAGE EXTENDED"
            )
        )
        conn.execute(text("UPDATE alembic_version SET version_num = 'profile'"))
    assert migrate.upgrade(engine) == ("profile", migrate.head())
    with engine.connect() as conn:
        copied = conn.execute(
            text(
                "SELECT count(*) FROM article_search s JOIN articles a "
                "ON a.id = s.article_id WHERE s.published_at = a.published_at"
            )
        ).scalar()
        storage = conn.execute(
            text(
                "SELECT string_agg(attstorage::text, '' ORDER BY attname) FROM pg_attribute "
                "WHERE attrelid = 'article_search'::regclass AND attname LIKE 'tsv%'"
            )
        ).scalar()
    assert (copied, storage) == (5, "mm")
    with engine.connect() as conn:  # revision pgsearch: the date index holds the id
        indexdef = conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_article_search_published'")
        ).scalar()
    assert indexdef is not None and indexdef.endswith("(published_at, article_id)")
    found = search(engine, '"đại hội"', Filters.make(until="2020-01-02"))
    assert sorted(number(h.url) for h in found) == [1, 2]
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def writable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    pg = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    url = fresh_url(request.param, tmp_path, pg)
    engine = build(url, ARTICLES[:10])
    yield Backend(request.param, url, engine)
    engine.dispose()


def test_a_changed_date_moves_the_article_in_date_filters(writable: Backend) -> None:
    """The search table's copy of the date follows an update of the article."""
    moved = art(7, "kontum", "Tin số 7", "Bản tin 7. Đại hội chi bộ thành công tốt đẹp.",
                published_at=datetime(2019, 6, 1, 2, tzinfo=UTC))  # fmt: skip
    with Session(writable.engine) as session:
        upsert_article(session, moved, T0)
        session.commit()
    before_2020 = search(writable.engine, '"đại hội"', Filters.make(until="2019"))
    assert [number(h.url) for h in before_2020] == [7]
    in_january = search(writable.engine, '"đại hội"', Filters.make(since="2020-01"))
    assert sorted(number(h.url) for h in in_january) == [1, 2, 3]


@pytest.fixture(scope="module")
def pg_corpus(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    url = fresh_url("postgresql", tmp_path_factory.mktemp("plans"), postgres_url)
    engine = build(url, ARTICLES)
    yield Backend("postgresql", url, engine)
    engine.dispose()


@pytest.mark.parametrize("since", [None, "2020-01-20"])
@pytest.mark.parametrize("index", [0.0, float("inf")])  # a short window gives way, or goes on
@pytest.mark.parametrize("bound", [None, 0, 30, 55, 59])
@pytest.mark.parametrize("how", ["index", "walk", "dates"])
def test_every_postgresql_plan_finds_the_same_pool(
    pg_corpus: Backend,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    bound: int | None,
    index: float,
    since: str,
) -> None:
    """Whichever plan ``_pg_plan`` picks, and however wrong its bound (ids 31-60 hold
    only three matches, 56-60 none), the pool is the newest k matches, ranked as one
    query over the GIN index ranks it."""
    plan = search_module._Plan(how, bound, 0.0, 1.0, index)
    matches = [n for n in MATCHES if since is None or n >= 20]
    for k in (1, 3, 5, 10, 11):
        f = Filters.make(since=since)
        monkeypatch.setattr(search_module, "_pg_plan", lambda *_: search_module._Plan("index"))
        ranked = [h.url for h in search(pg_corpus.engine, '"đại hội"', f, candidates=k)]
        monkeypatch.setattr(search_module, "_pg_plan", lambda *_: plan)
        result = search(pg_corpus.engine, '"đại hội"', f, candidates=k)
        assert {number(h.url) for h in result} == set(matches[-k:]), (how, bound, since, k)
        assert [h.url for h in result] == ranked
        assert (result.total, result.total_exact) == (min(k, len(matches)), k > len(matches))


def test_each_backend_has_its_own_default_pool(
    corpus: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RANK_CANDIDATES", 4)
    monkeypatch.setattr(search_module, "PG_RANK_CANDIDATES", 2)
    result = search(corpus.engine, '"đại hội"', limit=100)
    k = 4 if corpus.name == "sqlite" else 2
    assert sorted(number(h.url) for h in result) == MATCHES[-k:]
    assert (result.total, result.total_exact) == (k, False)


def test_the_gin_cost_counts_every_word_of_the_query() -> None:
    node = parse('"đại hội" NOT "thể thao" OR tỉnh*')
    assert words_tsquery(node) == "'dai' | 'hoi' | 'thao' | 'the' | 'tinh':*"


@pytest.mark.parametrize("how", ["index", "walk"])
def test_postgresql_date_sorts_by_either_plan(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """Common words are read in date order, rare ones through the GIN index: the same
    order (undated matches last, by id) and the same count either way."""
    undated = art(61, "kontum", "Tin số 61", "Bản tin 61. Đại hội chi bộ.", published_at=None)
    engine = build(fresh_url("postgresql", tmp_path, postgres_url), [*ARTICLES, undated])
    monkeypatch.setattr(search_module, "_pg_plan", lambda *_: search_module._Plan(how, 0))
    newest = search(engine, '"đại hội"', limit=4, sort="newest", count_limit=3)
    assert [number(h.url) for h in newest] == [50, 44, 41, 33]
    assert (newest.total, newest.total_exact) == (3, False)
    oldest = search(engine, '"đại hội"', limit=100, sort="oldest", count_limit=None)
    assert [number(h.url) for h in oldest] == [*MATCHES, 61]
    assert (oldest.total, oldest.total_exact) == (len(MATCHES) + 1, True)
    since = search(engine, '"đại hội"', Filters.make(since="2020-01-20"), sort="newest")
    assert [number(h.url) for h in since] == [50, 44, 41, 33, 20]
    engine.dispose()
