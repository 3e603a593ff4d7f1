"""Ranked full-text search over title, lead and body, on SQLite and PostgreSQL.

SQLite answers from the FTS5 index alone (filters are words of its ``meta`` and
``author`` columns), ranked by bm25 with the title weighted ten times the body;
only the page of hits is then read from ``articles``. PostgreSQL matches the same
words in ``article_search`` and ranks with ``ts_rank`` (title 1.0, lead 0.4, body 0.1).
Both find the same set of articles; the order of equally relevant hits may differ,
``sort="newest"`` gives one order on both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, Engine, cast, func, literal, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql import column, table

from crawler.query import QueryError
from crawler.query.filters import Filters, date_bounds, fts5_conditions, site_keys
from crawler.query.snippet import MARK, make_snippet
from crawler.query.syntax import (
    Node,
    author_term,
    author_tsquery,
    parse,
    positive_terms,
    to_fts5,
    to_tsquery,
    words_tsquery,
)
from crawler.store.db import StoreError
from crawler.store.fts import BM25_WEIGHTS, FTS_EXACT, FTS_TABLE, PG_TABLE, status
from crawler.store.models import ArticleRow, SiteRow, UTCDateTime
from crawler.store.present import published_local

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[str, ...] = ("relevance", "newest", "oldest")
RANK_CANDIDATES = 5_000  # SQLite's relevance pool: the newest matches ranked
# PostgreSQL's: each match there is a tsvector checked in its row (FTS5 ranks from its
# index), so 5,000 cost 3× the goal of 50 ms at a million articles (docs/query.md).
PG_RANK_CANDIDATES = 500
COUNT_LIMIT = 10_000
WINDOW = 4  # PostgreSQL: a walk reads at most WINDOW × the newest ids expected to hold the pool
SAMPLE = 1_000  # PostgreSQL: the newest ids checked to measure how common the words are


class IndexNotReadyError(StoreError):
    """The store's search index is missing, incomplete or built with another folding."""


@dataclass
class Hit:
    """One article found, with what a researcher reads in a result list."""

    rank: int
    id: int
    url: str
    site: str
    province: str | None
    title: str | None
    author: str | None
    published: str | None  # Vietnam time, cut to the precision the page gave
    published_at: datetime | None  # UTC
    status: str
    snippet: str

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published_at"] = self.published_at.isoformat() if self.published_at else None
        return d


@dataclass
class SearchResult:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int | None = None  # matching articles (None when not counted)
    total_exact: bool = True  # False: at least ``total`` match (the count stopped there)
    mode: str = "folded"  # folded (accents ignored) | exact (diacritics and tones as written)

    def __len__(self) -> int:
        return len(self.hits)

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __getitem__(self, index: int) -> Hit:
        """``result[0]`` is the first hit (docs/query.md's example reads it so)."""
        return self.hits[index]

    def to_frame(self) -> Any:
        """The hits as a pandas DataFrame (needs pandas)."""
        import pandas as pd

        return pd.DataFrame([h.as_dict() for h in self.hits], columns=list(Hit.__annotations__))


_PG_SEARCH = table(
    PG_TABLE,
    column("article_id"),
    column("tsv"),
    column("tsv_exact"),
    column("published_at", UTCDateTime()),
)


Found = tuple[list[int], int | None, bool]  # ids, total, whether total is exact


def _capped(total: int, count_limit: int | None) -> tuple[int, bool]:
    """A count made with LIMIT count_limit + 1: (total, exact?); inexact means "at least"."""
    if count_limit and total > count_limit:
        return count_limit, False
    return total, True


def _sqlite_ids(
    conn: Connection,
    node: Node,
    filters: Filters,
    limit: int,
    sort: str,
    count: bool,
    candidates: int | None,
    count_limit: int | None,
) -> Found:
    extra = fts5_conditions(conn, filters)
    if extra is None:
        return [], 0 if count else None, True
    match = " AND ".join([to_fts5(node), *extra])
    fts = FTS_EXACT if filters.exact else FTS_TABLE
    count_sql = text(
        f"SELECT count(*) FROM (SELECT rowid FROM {fts} WHERE {fts} MATCH :m LIMIT :c)"
    )
    if sort == "relevance":
        # bm25 of the newest ``candidates`` matches (FTS5 walks rowids backwards for free);
        # when that pool is not full its size is the total and no count query is needed.
        sql = (
            f"SELECT rowid, count(*) OVER () FROM (SELECT rowid, "
            f"bm25({fts}, {BM25_WEIGHTS}) AS score FROM {fts} "
            f"WHERE {fts} MATCH :m ORDER BY rowid DESC LIMIT :cap) "
            "ORDER BY score, rowid DESC LIMIT :n"
        )
        params = {"m": match, "n": limit, "cap": candidates or -1}
        rows = conn.execute(text(sql), params).all()
        ids = [r[0] for r in rows]
        pool = rows[0][1] if rows else 0
        if not count:
            return ids, None, True
        # A full pool means at least ``candidates`` match: said so instead of counting on.
        return ids, pool, not candidates or pool < candidates
    else:
        direction = "DESC" if sort == "newest" else "ASC"
        sql = (
            f"SELECT id FROM articles WHERE id IN "
            f"(SELECT rowid FROM {fts} WHERE {fts} MATCH :m) "
            f"ORDER BY published_at IS NULL, published_at {direction}, id {direction} LIMIT :n"
        )
        params = {"m": match, "n": limit}
        ids = [r[0] for r in conn.execute(text(sql), params)]
        if not count:
            return ids, None, True
    c = count_limit + 1 if count_limit else -1
    total = conn.execute(count_sql, {"m": match, "c": c}).scalar_one()
    return ids, *_capped(total, count_limit)


@dataclass
class _PgMatch:
    """A PostgreSQL search: the tsquery, the tsvector column and the conditions on ``s``.

    ``match`` is the words; ``site`` the site/province filter; ``lo``/``hi`` the
    publication bounds, compared on ``article_search.published_at`` (a copy of the
    article's), so that a dated search is answered from the search table and its
    indexes; only a site or province filter reads ``articles``.
    """

    q: Any
    tsv: Any
    match: ColumnElement[bool]
    site: ColumnElement[bool] | None
    lo: datetime | None
    hi: datetime | None

    def dates(self, t: Any = _PG_SEARCH) -> list[ColumnElement[bool]]:
        """The date conditions on ``t`` (``article_search`` or an alias of it)."""
        conds = [t.c.published_at >= self.lo] if self.lo is not None else []
        return conds + ([t.c.published_at < self.hi] if self.hi is not None else [])

    def filters(self) -> list[ColumnElement[bool]]:
        """Every condition but the words."""
        return ([self.site] if self.site is not None else []) + self.dates()

    def conds(self) -> list[ColumnElement[bool]]:
        return [self.match, *self.filters()]


def _pg_match(conn: Connection, node: Node, filters: Filters) -> _PgMatch | None:
    """The search on ``article_search`` (None: nothing can match)."""
    tsq = to_tsquery(node)
    if filters.author:  # one tsquery: the author's words must be C-weighted (the byline)
        tsq = f"({tsq}) & {author_tsquery(author_term(filters.author))}"
    q = cast(literal(tsq), postgresql.TSQUERY)
    s = _PG_SEARCH
    tsv = s.c.tsv_exact if filters.exact else s.c.tsv
    site = None
    keys = site_keys(conn, filters)
    if keys is not None:
        if not keys:
            return None
        site = s.c.article_id.in_(select(ArticleRow.id).where(ArticleRow.site_key.in_(keys)))
    lo, hi = date_bounds(filters)
    return _PgMatch(q, tsv, tsv.op("@@")(q), site, lo, hi)


Scored = list[tuple[int, float]]  # (article id, ts_rank), best first


def _pg_ranked(
    conn: Connection,
    m: _PgMatch,
    limit: int,
    candidates: int | None,
    how: str = "index",
    bound: int | None = None,
    upper: int | None = None,
) -> tuple[Scored, int]:
    """ts_rank over the newest ``candidates`` matches: the best ``limit`` and the pool size.

    ``how``: "index" lets the planner use the GIN index (every match listed, then
    sorted); "walk" reads the rows backwards by id from the newest down to ``bound``
    (exclusive), checking each tsvector, and stops at the ``candidates``-th match;
    "dates" lists the rows of the date range with ids above ``bound`` from the
    (published_at, article_id) index and checks them in heap order. Both read no id
    above ``upper``. The rank is computed where the row is read, so the sort carries
    ids and scores, not tsvectors.
    """
    s = _PG_SEARCH
    score = func.ts_rank(m.tsv, m.q, 1).label("score")
    if how == "index":
        conds = m.conds()
    else:  # coalesce: the words are checked in the row, not looked up in the GIN index
        window = [s.c.article_id > bound] if bound and bound > 0 else []
        window += [s.c.article_id <= upper] if upper is not None else []
        conds = [*m.filters(), *window, func.coalesce(m.match, False)]
    pool = select(s.c.article_id, score).where(*conds).order_by(s.c.article_id.desc())
    sub = (pool.limit(candidates) if candidates else pool).subquery()
    stmt = (
        select(sub.c.article_id, sub.c.score, func.count().over())
        .order_by(sub.c.score.desc(), sub.c.article_id.desc())
        .limit(limit)
    )
    if how == "dates":  # not the id index backwards: most of its rows are out of range
        conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
    try:
        rows = conn.execute(stmt).all()
    finally:
        if how == "dates":
            conn.exec_driver_sql("SET LOCAL enable_indexscan = on")
    return [(r[0], r[1]) for r in rows], rows[0][2] if rows else 0


def _estimate(conn: Connection, stmt: Any) -> float:
    """The planner's estimate of the rows ``stmt`` returns (EXPLAIN, nothing is run)."""
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    plan = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params)
    return float(plan.scalar_one()[0]["Plan"]["Plan Rows"])


# What the plans cost, in µs (EXPLAIN ANALYZE on the benchmark's million articles,
# docs/query.md): a GIN posting read; a row checked from a bitmap; a row read by the
# walk, and its tsvector checked there; an entry of the date index.
GIN_ENTRY, RECHECK, WALK_ROW, WALK_CHECK, DATE_ENTRY = 0.6, 4.5, 1.0, 1.5, 0.1
DATE_WINDOW = 1.25  # the date plan lists the range's rows among 1.25 × the ids expected


@dataclass
class _Plan:
    how: str  # "index" | "walk" | "dates" (see _pg_ranked)
    bound: int | None = None  # the lowest id it reads (exclusive)
    cost: float = 0.0  # µs it should take
    per_id: float = 0.0  # µs per id read below its bound
    index: float = 0.0  # µs the index plan should take


def _pg_plan(conn: Connection, m: _PgMatch, words: str, candidates: int, top: int) -> _Plan:
    """The cheapest way to the pool, with what it should cost.

    How common the words are is measured, not guessed: the planner takes "tỉnh" and
    "uỷ" for independent words and expects 80,000 articles with both where 275,000
    have them (a phrase no fewer). So the newest ``SAMPLE`` ids are checked (a few ms).
    The share of the filters (dates, sites) and the postings the GIN index would read
    (``words``: every word of the query, OR-ed) come from the planner, which knows
    dates and single words well.
    """
    s = _PG_SEARCH
    sample = min(SAMPLE, top)
    found = conn.execute(
        select(func.count()).where(s.c.article_id > top - sample, func.coalesce(m.match, False))
    ).scalar_one()
    density = found / sample  # matches per id, among the newest
    if not density:
        return _Plan("index")
    filters = m.filters()
    share = _estimate(conn, select(s.c.article_id).where(*filters)) / top if filters else 1.0
    share = min(1.0, max(share, 1 / top))
    listed = m.tsv.op("@@")(cast(literal(words), postgresql.TSQUERY))
    postings = _estimate(conn, select(s.c.article_id).where(listed))
    index = postings * GIN_ENTRY + density * top * share * RECHECK
    walked = candidates / (density * share)  # ids back from the newest that hold the pool
    plans = [_Plan("index", None, index, 0.0, index)]
    if walked < top:  # it stops at the pool's last match
        per_id = WALK_ROW + WALK_CHECK * share
        plans.append(_Plan("walk", top - int(WINDOW * walked), walked * per_id, per_id, index))
    dates = m.dates()
    if dates:  # it checks every row of the range among its ids
        dated = _estimate(conn, select(s.c.article_id).where(*dates))
        per_id = dated / top * RECHECK
        read = min(top, DATE_WINDOW * walked)
        cost = dated * DATE_ENTRY + read * per_id
        plans.append(_Plan("dates", top - int(DATE_WINDOW * walked), cost, per_id, index))
    return min(plans, key=lambda p: p.cost)


def _pg_relevance(
    conn: Connection, m: _PgMatch, words: str, limit: int, candidates: int | None
) -> tuple[list[int], int]:
    """ts_rank over the newest ``candidates`` matches: the same pool as SQLite's, found fast.

    Asked as one ORDER BY id DESC LIMIT, PostgreSQL lists every match from the GIN
    index and checks each tsvector (for a phrase or a weight the index cannot tell),
    then sorts: 275,000 for "Tỉnh uỷ" at a million articles, about a second. So
    ``_pg_plan`` picks, from how common the words are, between that, a walk back from
    the newest ids and, with a date filter, the range's rows among the newest ids. A
    bounded plan that ends short (the words rarer here than among the newest) goes on
    below its bound, over at least as many ids again, sized from the matches found,
    or gives way to the index when that is now cheaper. Every way, the pool is the
    newest ``candidates`` matches.
    """
    if not candidates:
        scored, pool = _pg_ranked(conn, m, limit, None)
        return [i for i, _ in scored], pool
    top = conn.execute(select(func.max(_PG_SEARCH.c.article_id))).scalar()
    if top is None:
        return [], 0
    plan = _pg_plan(conn, m, words, candidates, top)
    bound = plan.bound
    if plan.how == "index" or bound is None:
        scored, pool = _pg_ranked(conn, m, limit, candidates)
        return [i for i, _ in scored], pool
    scored, pool, upper = [], 0, None
    while True:
        got, n = _pg_ranked(conn, m, limit, candidates - pool, plan.how, bound, upper)
        scored, pool = scored + got, pool + n
        if pool >= candidates or bound <= 0:
            break
        rate = pool / (top - bound)  # matches per id read so far
        if not rate or (candidates - pool) / rate * plan.per_id > plan.index:
            scored, pool = _pg_ranked(conn, m, limit, candidates)  # the index is cheaper now
            return [i for i, _ in scored], pool
        step = int(DATE_WINDOW * (candidates - pool) / rate)
        upper, bound = bound, bound - max(step, top - bound)
    scored.sort(key=lambda r: (r[1], r[0]), reverse=True)  # score, then newest
    return [i for i, _ in scored[:limit]], pool


def _pg_ids(
    conn: Connection,
    node: Node,
    filters: Filters,
    limit: int,
    sort: str,
    count: bool,
    candidates: int | None,
    count_limit: int | None,
) -> Found:
    m = _pg_match(conn, node, filters)
    if m is None:
        return [], 0 if count else None, True
    # Compiling (JIT) or starting workers costs more than these plans of tens of ms.
    conn.exec_driver_sql("SET LOCAL jit = off")
    conn.exec_driver_sql("SET LOCAL max_parallel_workers_per_gather = 0")
    words = words_tsquery(node)
    if sort == "relevance":  # ts_rank of the newest ``candidates`` matches, as on SQLite
        ids, pool = _pg_relevance(conn, m, words, limit, candidates)
        if not count:
            return ids, None, True
        return ids, pool, not candidates or pool < candidates
    ids = _pg_by_date(conn, m, words, limit, sort)
    if not count:
        return ids, None, True
    if count_limit:  # the newest count_limit + 1 matches, found by the relevance plans
        total = _pg_relevance(conn, m, words, 1, count_limit + 1)[1]
    else:
        whole = select(_PG_SEARCH.c.article_id).where(*m.conds()).subquery()
        total = conn.execute(select(func.count()).select_from(whole)).scalar_one()
    return ids, *_capped(total, count_limit)


def _pg_by_date(conn: Connection, m: _PgMatch, words: str, limit: int, sort: str) -> list[int]:
    """The first ``limit`` matches by publication date (undated ones last, by id).

    For common words the dated matches are read in the order of the (published_at,
    article_id) index, each tsvector checked in its row, until ``limit`` match (the
    GIN index would list and sort every match: 5–9 s for "Tỉnh uỷ" at a million
    articles on a loaded machine); rare words go through the GIN index.
    """
    s = _PG_SEARCH
    top = conn.execute(select(func.max(s.c.article_id))).scalar()
    if top is None:
        return []
    common = _pg_plan(conn, m, words, limit, top).how != "index"
    match = func.coalesce(m.match, False) if common else m.match
    when, key = s.c.published_at, s.c.article_id
    newest = sort == "newest"
    order = [when.desc(), key.desc()] if newest else [when.asc(), key.asc()]
    dated = select(key).where(*m.filters(), when.is_not(None), match)
    ids = [r[0] for r in conn.execute(dated.order_by(*order).limit(limit))]
    if len(ids) < limit:
        undated = select(key).where(*m.filters(), when.is_(None), m.match)
        undated = undated.order_by(key.desc() if newest else key.asc()).limit(limit - len(ids))
        ids += [r[0] for r in conn.execute(undated)]
    return ids


def _hits(
    conn: Connection,
    ids: Sequence[int],
    node: Node,
    mark: tuple[str, str],
    exact: Node | None = None,
) -> list[Hit]:
    """The hits of ``ids`` in order, with snippets (``exact``: the exact query's tree)."""
    if not ids:
        return []
    a = ArticleRow
    rows = conn.execute(
        select(
            a.id,
            a.url,
            a.site_key,
            SiteRow.province,
            a.title,
            a.lead,
            a.body,
            a.author,
            a.published_at,
            a.date_precision,
            a.status,
        )
        .outerjoin(SiteRow, SiteRow.key == a.site_key)
        .where(a.id.in_(list(ids)))
    ).all()
    by_id = {r.id: r for r in rows}
    terms = positive_terms(node)
    written = positive_terms(exact) if exact is not None else None
    hits = []
    for rank, article_id in enumerate(ids, 1):
        r = by_id.get(article_id)
        if r is None:  # deleted between the two queries
            continue
        hits.append(
            Hit(
                rank=rank,
                id=r.id,
                url=r.url,
                site=r.site_key,
                province=r.province,
                title=r.title,
                author=r.author,
                published=published_local(r.published_at, r.date_precision),
                published_at=r.published_at,
                status=r.status,
                snippet=make_snippet([r.body, r.lead, r.title], terms, mark=mark, exact=written),
            )
        )
    return hits


def check_index(conn: Connection) -> None:
    problem = status(conn)
    if problem:
        raise IndexNotReadyError(problem)


def search(
    engine: Engine,
    query: str,
    filters: Filters | None = None,
    limit: int = 20,
    sort: str = "relevance",
    count: bool = True,
    mark: tuple[str, str] = MARK,
    candidates: int | Literal["backend"] | None = "backend",
    count_limit: int | None = COUNT_LIMIT,
    exact: bool | None = None,
) -> SearchResult:
    """Articles matching ``query`` (the syntax of ``crawler.query.syntax``), best first.

    ``search(engine, '"đại hội" Tỉnh ủy', Filters.make(province="Kon Tum", since="2020"))``
    Relevance is computed for the ``candidates`` most recently stored matches (all of
    them when None; by default 5,000 on SQLite, ``PG_RANK_CANDIDATES`` = 500 on
    PostgreSQL): ranking all 272,000 of a million articles that say "Tỉnh uỷ" took
    0.4 s in the benchmark and tells little; the date sorts cover all. When the pool is
    full, ``total`` is the pool size and ``total_exact`` False ("at least 5,000"); the
    date sorts count up to ``count_limit``. ``stats --query`` counts exactly.
    Raises ``QueryError`` (malformed query), ``FilterError`` (unknown site/province, bad
    date) or ``IndexNotReadyError``. ``exact`` (default: ``filters.exact``) matches
    the words as written, diacritics and tones included ("hồi" is not "hội").
    """
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}")
    if limit < 1:
        raise QueryError("the limit must be at least 1")
    filters = (filters or Filters()).without_query()
    if exact is not None:
        filters = replace(filters, exact=exact)
    node = parse(query, filters.exact)
    folded = parse(query) if filters.exact else node  # snippets find the folded words …
    with engine.connect() as conn:
        check_index(conn)
        if candidates == "backend":
            sqlite = conn.dialect.name == "sqlite"
            candidates = RANK_CANDIDATES if sqlite else PG_RANK_CANDIDATES
        finder = _sqlite_ids if conn.dialect.name == "sqlite" else _pg_ids
        ids, total, whole = finder(conn, node, filters, limit, sort, count, candidates, count_limit)
        hits = _hits(conn, ids, folded, mark, node if filters.exact else None)  # … as written
        return SearchResult(query, hits, total, whole, "exact" if filters.exact else "folded")
