"""Counts of articles by site, province, level, year, month, author or cluster, and charts.

Months and years are Vietnam months (UTC+7), computed in SQL the same way on both
backends, so "2020-01" holds an article published at 01:00 on 1 January in Hà Nội
(18:00 UTC on 31 December).

What a time series needs:

* **Zero-filled periods**: a month or year with no article is a row with 0, from
  the first to the last period of the result (stretched to ``--since``/``--until``
  but never beyond the dated span of the whole store).
* **Cross-tabs**: any two of ``BY`` (``province`` × ``year``), one row per cell.
* **Shares** (``share=True``): per cent of all articles in the same cell without the
  query (with a query: how much of what a province published in 2020 mentions
  "đại hội"); without a query, per cent of the period (or of everything).
* **Undated articles are never dropped silently**: grouped by a period they form
  the "(no date)" row; a date filter cannot keep them, and ``undated_outside``
  says how many it left out, so the command can say so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, String, cast, func, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement

from crawler.query import OutputError
from crawler.query.filters import Filters, sql_conditions, where
from crawler.query.output import safe_output
from crawler.store.fts import LOCAL_OFFSET
from crawler.store.models import ArticleRow, SiteRow

BY = ("site", "province", "level", "year", "month", "author", "cluster")
PERIODS = ("year", "month")
NO_DATE = "(no date)"
NO_AUTHOR = "(no author)"
NO_CLUSTER = "(no cluster)"
PLOT_FORMATS = ("png", "svg", "pdf")


@dataclass
class StatRow:
    key: str  # the group ("Kon Tum"); in a cross-tab the keys joined by " | "
    articles: int
    dated: int
    first: date | None  # first publication date (Vietnam)
    last: date | None
    keys: tuple[str, ...] = ()  # one value per dimension of ``by``
    share: float | None = None  # per cent (see the module docstring); None: not asked

    def as_dict(self, by: Sequence[str] | None = None) -> dict[str, Any]:
        d: dict[str, Any] = (
            {"key": self.key} if not by or len(by) < 2 else dict(zip(by, self.keys, strict=True))
        )
        d.update(articles=self.articles, dated=self.dated)
        if self.share is not None:
            d["share"] = self.share
        d["first"] = self.first.isoformat() if self.first else None
        d["last"] = self.last.isoformat() if self.last else None
        return d


def _period(conn: Connection, unit: str) -> ColumnElement[Any]:
    """The Vietnam year or month of ``published_at`` as text ("2020" / "2020-01")."""
    col = ArticleRow.published_at
    if conn.dialect.name == "sqlite":
        fmt = "%Y" if unit == "year" else "%Y-%m"
        return func.strftime(fmt, col, "+7 hours")
    fmt = "YYYY" if unit == "year" else "YYYY-MM"
    return func.to_char(col + literal_column("interval '7 hours'"), fmt)


def _key(conn: Connection, by: str) -> ColumnElement[Any] | InstrumentedAttribute[str]:
    if by == "site":
        return ArticleRow.site_key
    if by == "province":
        return func.coalesce(SiteRow.province, "")
    if by == "level":
        return func.coalesce(SiteRow.level, "")
    if by == "author":
        return func.coalesce(ArticleRow.author, NO_AUTHOR)
    if by == "cluster":
        return func.coalesce(cast(ArticleRow.near_dup_cluster, String), NO_CLUSTER)
    return func.coalesce(_period(conn, by), NO_DATE)


def _day(value: datetime) -> date:
    return (value.astimezone(UTC) + LOCAL_OFFSET).date()


def _local(value: datetime | None) -> date | None:
    return _day(value) if value is not None else None


def _check_by(by: str | Sequence[str]) -> tuple[str, ...]:
    dims = (by,) if isinstance(by, str) else tuple(by)
    if not dims or len(dims) > 2 or len(set(dims)) != len(dims):
        raise ValueError("--by takes one or two different dimensions")
    for d in dims:
        if d not in BY:
            raise ValueError(f"--by must be one of {', '.join(BY)}")
    if set(dims) == set(PERIODS):
        raise ValueError("--by year and --by month together: choose one period")
    return dims


def _grouped(conn: Connection, dims: tuple[str, ...], filters: Filters) -> list[Any]:
    conds = sql_conditions(conn, filters)
    if conds is None:
        return []
    keys = [_key(conn, d).label(f"k{i}") for i, d in enumerate(dims)]
    stmt = (
        select(
            *keys,
            func.count().label("articles"),
            func.count(ArticleRow.published_at).label("dated"),
            func.min(ArticleRow.published_at).label("first"),
            func.max(ArticleRow.published_at).label("last"),
        )
        .select_from(ArticleRow)
        .outerjoin(SiteRow, SiteRow.key == ArticleRow.site_key)
        .where(where(conds))
        .group_by(*keys)
    )
    return list(conn.execute(stmt))


def periods(first: str, last: str) -> list[str]:
    """Every year ("2019"…"2021") or month ("2019-11"…"2020-02") from first to last."""
    if len(first) == 4:
        return [str(y) for y in range(int(first), int(last) + 1)]
    y, m = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    out = []
    while (y, m) <= end:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _span(conn: Connection, unit: str, filters: Filters, seen: list[str]) -> list[str]:
    """The periods to show: the result's, stretched to the filters within the store's."""
    lo = min(seen)
    hi = max(seen)
    col = ArticleRow.published_at
    earliest, latest = conn.execute(select(func.min(col), func.max(col))).one()
    fmt = "%Y" if unit == "year" else "%Y-%m"
    if filters.since and earliest is not None:
        lo = min(lo, max(filters.since.strftime(fmt), _day(earliest).strftime(fmt)))
    if filters.until and latest is not None:
        hi = max(hi, min(filters.until.strftime(fmt), _day(latest).strftime(fmt)))
    return periods(lo, hi)


def stats(
    engine: Engine,
    by: str | Sequence[str] = "site",
    filters: Filters | None = None,
    share: bool = False,
    fill: bool = True,
) -> list[StatRow]:
    """One row per group (or per cell of two dimensions) with counts and date range.

    Groups come most articles first; periods in order, zero-filled (``fill``), with
    "(no date)" last; in a cross-tab with a period, each group's periods in order.
    """
    dims = _check_by(by)
    filters = filters or Filters()
    with engine.connect() as conn:
        found = {
            tuple(r[: len(dims)]): (r.articles, r.dated, _local(r.first), _local(r.last))
            for r in _grouped(conn, dims, filters)
        }
        if not found:
            return []
        unit = next((d for d in dims if d in PERIODS), None)
        if unit is not None and fill:
            p = dims.index(unit)
            seen = [k[p] for k in found if k[p] != NO_DATE]
            if seen:
                others = {k[1 - p] for k in found} if len(dims) == 2 else {None}
                for period in _span(conn, unit, filters, seen):
                    for other in others:
                        cell = (
                            (period,)
                            if other is None
                            else ((other, period) if p == 1 else (period, other))
                        )
                        found.setdefault(cell, (0, 0, None, None))
        denominators = _denominators(conn, dims, filters, unit) if share else None
    rows = [StatRow(" | ".join(k), a, d, f, la, keys=k) for k, (a, d, f, la) in found.items()]
    if denominators is not None:
        for r in rows:
            total = denominators(r.keys)
            r.share = round(100 * r.articles / total, 2) if total else 0.0
    return _ordered(rows, dims)


def _denominators(
    conn: Connection, dims: tuple[str, ...], filters: Filters, unit: str | None
) -> Any:
    """keys → the article count the share of that row is taken of."""
    if filters.query is not None:
        base = replace(filters, query=None, _node=None)
        table = {tuple(r[: len(dims)]): r.articles for r in _grouped(conn, dims, base)}
        return lambda keys: table.get(tuple(keys), 0)
    if unit is not None:
        p = dims.index(unit)
        table = {r[0]: r.articles for r in _grouped(conn, (unit,), filters)}
        return lambda keys: table.get(keys[p], 0)
    total = sum(r.articles for r in _grouped(conn, (dims[0],), filters))
    return lambda keys: total


def _ordered(rows: list[StatRow], dims: tuple[str, ...]) -> list[StatRow]:
    def period_key(value: str) -> tuple[bool, str]:
        return (value == NO_DATE, value)

    if len(dims) == 1:
        if dims[0] in PERIODS:
            return sorted(rows, key=lambda r: period_key(r.keys[0]))
        return sorted(rows, key=lambda r: (-r.articles, r.keys))
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for r in rows:
        for i, k in enumerate(r.keys):
            totals[(i, k)] += r.articles

    def rank(i: int, value: str) -> tuple[Any, ...]:
        if dims[i] in PERIODS:
            return period_key(value)
        return (-totals[(i, value)], value)

    return sorted(rows, key=lambda r: (rank(0, r.keys[0]), rank(1, r.keys[1])))


def undated_outside(engine: Engine, filters: Filters | None) -> int:
    """Undated articles the other filters keep but a date filter (--since/--until) drops."""
    filters = filters or Filters()
    if not filters.since and not filters.until:
        return 0
    undated = replace(filters, since=None, until=None)
    with engine.connect() as conn:
        conds = sql_conditions(conn, undated)
        if conds is None:
            return 0
        stmt = select(func.count()).where(where(conds), ArticleRow.published_at.is_(None))
        return int(conn.execute(stmt).scalar_one())


def monthly(
    engine: Engine, by: str = "province", filters: Filters | None = None
) -> dict[str, dict[str, int]]:
    """{group: {month: articles}} for dated articles: the data behind the monthly chart."""
    if by not in ("site", "province", "level"):
        raise ValueError("the chart groups by site, province or level")
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for r in stats(engine, (by, "month"), filters, fill=False):
        if r.keys[1] != NO_DATE:
            out[r.keys[0]][r.keys[1]] = r.articles
    return dict(out)


def plot(
    data: dict[str, dict[str, float]],
    out: str | Path,
    by: str = "province",
    *,
    unit: str = "month",
    title: str | None = None,
    ylabel: str | None = None,
    integer: bool = True,
    write_through: bool = False,
) -> dict[str, Any]:
    """A chart of ``data`` ({group: {period: value}}), in the format of ``out``'s extension.

    Lines for a few groups, a heat map for many (63 provinces as lines are unreadable;
    the heat map keeps one row per province and shows gaps in an archive at a glance).
    Every period from the first to the last is drawn (zeros included); count axes
    have integer ticks. PNG, SVG or PDF, chosen by the file name. Returns what was
    drawn: the periods (``x``), the value-axis ticks (``ticks``) and the ``title``.
    """
    fmt = Path(str(out)).suffix.lower().lstrip(".")
    if fmt not in PLOT_FORMATS:
        raise OutputError(f"--plot writes .png, .svg or .pdf, not {Path(str(out)).name!r}")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import MaxNLocator
    except ImportError:
        raise OutputError("--plot needs matplotlib: pip install 'tuyengiao[query]'") from None
    if not data or not any(data.values()):
        raise OutputError("nothing to plot: no dated articles match")
    seen = sorted({m for counts in data.values() for m in counts})
    xs = periods(seen[0], seen[-1])
    groups = sorted(data, key=lambda g: -sum(data[g].values()))
    label = ylabel or f"articles per {unit}"
    with safe_output(out, write_through) as tmp:
        if len(groups) <= 8:
            fig, ax = plt.subplots(figsize=(12, 5))
            x = range(len(xs))
            for g in groups:
                ax.plot(x, [data[g].get(m, 0) for m in xs], label=g or "?", linewidth=1.2,
                        marker="o" if len(xs) <= 30 else None)  # fmt: skip
            if len(groups) > 1 or groups[0]:
                ax.legend(loc="upper left", fontsize=8)
            ax.set_ylabel(label)
            ax.set_ylim(bottom=0)
            if integer:
                ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        else:
            import numpy as np

            grid = np.array([[data[g].get(m, 0) for m in xs] for g in groups], dtype=float)
            fig, ax = plt.subplots(figsize=(14, max(4, 0.22 * len(groups) + 1.5)))
            image = ax.imshow(grid, aspect="auto", interpolation="nearest", cmap="viridis")
            ax.set_yticks(range(len(groups)), [g or "?" for g in groups], fontsize=7)
            bar = fig.colorbar(image, ax=ax, label=label)
            if integer:
                bar.locator = MaxNLocator(integer=True)
                bar.update_ticks()
            x = range(len(xs))
        step = max(1, len(xs) // 24)
        ax.set_xticks(list(x)[::step], xs[::step], rotation=60 if unit == "month" else 0,
                      fontsize=7)  # fmt: skip
        ax.set_title(title or f"Articles per {unit} by {by}", fontsize=10)
        fig.tight_layout()
        fig.canvas.draw()
        axis = bar.ax.get_yticks() if len(groups) > 8 else ax.get_yticks()
        drawn = {"x": xs, "ticks": [float(t) for t in axis], "title": ax.get_title()}
        try:
            fig.savefig(tmp, format=fmt, dpi=110)
        except OSError as exc:
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
        finally:
            plt.close(fig)
    return drawn
