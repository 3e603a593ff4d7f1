"""Filters shared by search, export and stats: site, province, dates, author, query.

Dates are Vietnam dates, as researchers read them on the sites: ``--since 2020``
means from 1 January 2020 00:00 in Hà Nội, ``--until 2020-06`` up to the end of
June 2020. Provinces are matched folded ("kon tum" = "Kon Tum"), sites by key, both
against the store (a site the registry dropped still has its articles).
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, bindparam, column, func, select, text

from crawler.query import FilterError
from crawler.query.syntax import (
    Node,
    author_fts5,
    author_term,
    author_tsquery,
    parse,
    to_fts5,
    to_tsquery,
)
from crawler.store.fts import FTS_EXACT, FTS_TABLE, LOCAL_OFFSET, PG_TABLE, site_word
from crawler.store.models import ArticleRow, SiteRow
from crawler.store.tokens import tokens

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


def parse_date(value: str | date | None, end: bool = False) -> date | None:
    """ "2020" → 2020-01-01 (or 2020-12-31 with ``end``); "2020-06" → 1 or 30 June."""
    if value is None or isinstance(value, date):
        return value
    m = _DATE.match(value.strip())
    if not m:
        raise FilterError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if mo is None:
            return date(y, 12, 31) if end else date(y, 1, 1)
        month = int(mo)
        if d is None:
            last = calendar.monthrange(y, month)[1] if 1 <= month <= 12 else 1
            return date(y, month, last if end else 1)
        return date(y, month, int(d))
    except ValueError:
        raise FilterError(f"not a date: {value!r}") from None


def local_midnight_utc(day: date) -> datetime:
    """00:00 in Vietnam on ``day``, as an aware UTC time."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - LOCAL_OFFSET


def _as_tuple(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    return tuple(part.strip() for v in value for part in v.split(",") if part.strip())


@dataclass(frozen=True)
class Filters:
    """What to keep. Empty fields keep everything; fields combine with AND."""

    sites: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    author: str | None = None
    query: str | None = None  # a search query as a filter (export, stats)
    exact: bool = False  # the query (and search) match words as written, not folded
    _node: Node | None = field(default=None, compare=False, repr=False)

    @classmethod
    def make(
        cls,
        site: str | Iterable[str] | None = None,
        province: str | Iterable[str] | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        author: str | None = None,
        query: str | None = None,
        exact: bool = False,
    ) -> Filters:
        """Build from user input: dates as text, comma-separated lists; checks everything."""
        lo, hi = parse_date(since), parse_date(until, end=True)
        if lo and hi and lo > hi:
            raise FilterError(f"--since {lo} is after --until {hi}")
        if author is not None:
            author_term(author)  # raises on an author with no letters
        node = parse(query, exact) if query is not None else None
        return cls(_as_tuple(site), _as_tuple(province), lo, hi, author or None, query, exact, node)

    @property
    def node(self) -> Node | None:
        if self._node is None and self.query is not None:
            object.__setattr__(self, "_node", parse(self.query, self.exact))
        return self._node

    def without_query(self) -> Filters:
        return replace(self, query=None, _node=None)


def site_keys(conn: Connection, filters: Filters) -> list[str] | None:
    """The site keys the filters allow (None: all). Unknown names raise ``FilterError``."""
    if not filters.sites and not filters.provinces:
        return None
    rows = conn.execute(select(SiteRow.key, SiteRow.province)).all()
    known = {r.key: r.province for r in rows}
    keys: set[str] | None = None
    if filters.sites:
        for key in filters.sites:
            if key not in known:
                near = difflib.get_close_matches(key, list(known), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                raise FilterError(
                    f"unknown site {key!r} in this store{hint} (see: tuyengiao stats)"
                )
        keys = set(filters.sites)
    if filters.provinces:
        by_fold: dict[str, set[str]] = {}
        for key, province in known.items():
            by_fold.setdefault(" ".join(tokens(province)), set()).add(key)
        chosen: set[str] = set()
        for name in filters.provinces:
            folded = " ".join(tokens(name))
            if folded not in by_fold:
                names = sorted({p for p in known.values() if p})
                near = difflib.get_close_matches(name, names, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                raise FilterError(f"unknown province {name!r} in this store{hint}")
            chosen |= by_fold[folded]
        keys = chosen if keys is None else keys & chosen
    return sorted(keys or ())


def date_bounds(filters: Filters) -> tuple[datetime | None, datetime | None]:
    """[since 00:00, day after until 00:00) in UTC, Vietnam days."""
    lo = local_midnight_utc(filters.since) if filters.since else None
    hi = local_midnight_utc(filters.until + timedelta(days=1)) if filters.until else None
    return lo, hi


def date_words(since: date, until: date) -> list[str]:
    """The fewest ``meta`` words covering [since, until] exactly: years, months, days.

    2019-12-30 … 2021-02-01 → d20191230 d20191231 y2020 m202101 d20210201.
    """
    words: list[str] = []
    d = since
    while d <= until:
        if d.month == 1 and d.day == 1 and date(d.year, 12, 31) <= until:
            words.append(f"y{d.year}")
            d = date(d.year + 1, 1, 1)
            continue
        last = date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        if d.day == 1 and last <= until:
            words.append(f"m{d:%Y%m}")
            d = last + timedelta(days=1)
            continue
        words.append(f"d{d:%Y%m%d}")
        d += timedelta(days=1)
    return words


def fts5_conditions(conn: Connection, filters: Filters) -> list[str] | None:
    """The filters as FTS5 terms on ``meta`` and ``author`` (None: nothing can match)."""
    parts: list[str] = []
    keys = site_keys(conn, filters)
    if keys is not None:
        if not keys:
            return None
        parts.append("meta : (" + " OR ".join(f'"{site_word(k)}"' for k in keys) + ")")
    if filters.since or filters.until:
        # Two statements: SQLite answers a lone min() or max() from the index, not both.
        col = ArticleRow.published_at
        earliest = conn.execute(select(func.min(col))).scalar()
        latest = conn.execute(select(func.max(col))).scalar()
        if earliest is None or latest is None:
            return None
        first = (earliest.astimezone(UTC) + LOCAL_OFFSET).date()
        last = (latest.astimezone(UTC) + LOCAL_OFFSET).date()
        # Clamp to whole years of the corpus: nothing lies outside [first, last], so the
        # cover matches the same articles with far fewer words (since 2024-06 → m202406 …
        # m202412 y2025, not 44 month and day words ending on the newest article's day).
        lo = max(filters.since or first, date(first.year, 1, 1))
        hi = min(filters.until or last, date(last.year, 12, 31))
        if lo > hi:
            return None
        parts.append("meta : (" + " OR ".join(f'"{w}"' for w in date_words(lo, hi)) + ")")
    if filters.author:
        parts.append(author_fts5(author_term(filters.author)))
    return parts


def _match_ids(conn: Connection, expression: str, name: str, exact: bool = False) -> Any:
    """Article ids whose index document matches (SQLite FTS5 or PostgreSQL tsquery)."""
    if conn.dialect.name == "sqlite":
        fts = FTS_EXACT if exact else FTS_TABLE
        sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH :{name}"
    else:
        tsv = "tsv_exact" if exact else "tsv"
        sql = f"SELECT article_id FROM {PG_TABLE} WHERE {tsv} @@ CAST(:{name} AS tsquery)"
    return text(sql).bindparams(bindparam(name, expression)).columns(column("id"))


def sql_conditions(conn: Connection, filters: Filters) -> list[ColumnElement[bool]] | None:
    """The filters as WHERE conditions on ``articles`` (None: nothing can match).

    Used by export and stats on both backends, and by the PostgreSQL search.
    """
    conds: list[ColumnElement[bool]] = []
    keys = site_keys(conn, filters)
    if keys is not None:
        if not keys:
            return None
        conds.append(ArticleRow.site_key.in_(keys))
    lo, hi = date_bounds(filters)
    if lo is not None:
        conds.append(ArticleRow.published_at >= lo)
    if hi is not None:
        conds.append(ArticleRow.published_at < hi)
    sqlite = conn.dialect.name == "sqlite"
    if filters.author:
        term = author_term(filters.author)
        expr = author_fts5(term) if sqlite else author_tsquery(term)
        conds.append(ArticleRow.id.in_(_match_ids(conn, expr, "author_match")))
    if filters.node is not None:
        expr = to_fts5(filters.node) if sqlite else to_tsquery(filters.node)
        conds.append(ArticleRow.id.in_(_match_ids(conn, expr, "query_match", filters.exact)))
    return conds


def where(conds: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    return and_(True, *conds)
