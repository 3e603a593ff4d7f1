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

from sqlalchemy import Connection, Engine, cast, func, literal, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql import column, table

from crawler.query import QueryError
from crawler.query.filters import Filters, fts5_conditions, sql_conditions, where
from crawler.query.snippet import MARK, make_snippet
from crawler.query.syntax import (
    Node,
    author_term,
    author_tsquery,
    parse,
    positive_terms,
    to_fts5,
    to_tsquery,
)
from crawler.store.db import StoreError
from crawler.store.fts import BM25_WEIGHTS, FTS_EXACT, FTS_TABLE, PG_TABLE, status
from crawler.store.models import ArticleRow, SiteRow
from crawler.store.present import published_local

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[str, ...] = ("relevance", "newest", "oldest")
RANK_CANDIDATES = 5_000
COUNT_LIMIT = 10_000


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


_PG_SEARCH = table(PG_TABLE, column("article_id"), column("tsv"), column("tsv_exact"))


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
    conds = sql_conditions(conn, replace(filters, author=None))
    if conds is None:
        return [], 0 if count else None, True
    tsq = to_tsquery(node)
    if filters.author:  # one tsquery: the author's words must be C-weighted (the byline)
        tsq = f"({tsq}) & {author_tsquery(author_term(filters.author))}"
    q = cast(literal(tsq), postgresql.TSQUERY)
    s = _PG_SEARCH
    tsv = s.c.tsv_exact if filters.exact else s.c.tsv
    base = (
        select(s.c.article_id)
        .join(ArticleRow, ArticleRow.id == s.c.article_id)
        .where(tsv.op("@@")(q), where(conds))
    )
    if sort == "relevance":  # ts_rank of the newest ``candidates`` matches, as on SQLite
        pool = base.add_columns(tsv.label("tsv")).order_by(s.c.article_id.desc())
        sub = (pool.limit(candidates) if candidates else pool).subquery()
        stmt = select(sub.c.article_id).order_by(
            func.ts_rank(sub.c.tsv, q, 1).desc(), sub.c.article_id.desc()
        )
    elif sort == "newest":
        stmt = base.order_by(ArticleRow.published_at.desc().nulls_last(), ArticleRow.id.desc())
    else:
        stmt = base.order_by(ArticleRow.published_at.asc().nulls_last(), ArticleRow.id)
    ids = [r[0] for r in conn.execute(stmt.limit(limit))]
    if not count:
        return ids, None, True
    if sort == "relevance" and candidates:  # as on SQLite: the pool, "at least" when full
        pooled = conn.execute(
            select(func.count()).select_from(base.limit(candidates).subquery())
        ).scalar_one()
        return ids, pooled, pooled < candidates
    counted = base.limit(count_limit + 1) if count_limit else base
    total = conn.execute(select(func.count()).select_from(counted.subquery())).scalar_one()
    return ids, *_capped(total, count_limit)


def _hits(conn: Connection, ids: Sequence[int], node: Node, mark: tuple[str, str]) -> list[Hit]:
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
                snippet=make_snippet([r.body, r.lead, r.title], terms, mark=mark),
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
    candidates: int | None = RANK_CANDIDATES,
    count_limit: int | None = COUNT_LIMIT,
    exact: bool | None = None,
) -> SearchResult:
    """Articles matching ``query`` (the syntax of ``crawler.query.syntax``), best first.

    ``search(engine, '"đại hội" Tỉnh ủy', Filters.make(province="Kon Tum", since="2020"))``
    Relevance is computed for the ``candidates`` most recently stored matches (all of
    them when None): ranking all 272,000 of a million articles that say "Tỉnh uỷ" took
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
    marked = parse(query) if filters.exact else node  # snippets mark the folded words
    with engine.connect() as conn:
        check_index(conn)
        finder = _sqlite_ids if conn.dialect.name == "sqlite" else _pg_ids
        ids, total, whole = finder(conn, node, filters, limit, sort, count, candidates, count_limit)
        hits = _hits(conn, ids, marked, mark)
        return SearchResult(query, hits, total, whole, "exact" if filters.exact else "folded")
