"""Counts of articles by site, province, year, month or author, and the monthly chart.

Months and years are Vietnam months (UTC+7), computed in SQL the same way on both
backends, so "2020-01" holds an article published at 01:00 on 1 January in Hà Nội
(18:00 UTC on 31 December). Undated articles are counted apart, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from crawler.query import OutputError
from crawler.query.export import atomic_path
from crawler.query.filters import Filters, sql_conditions, where
from crawler.store.fts import LOCAL_OFFSET
from crawler.store.models import ArticleRow, SiteRow

BY = ("site", "province", "year", "month", "author")
NO_DATE = "(no date)"
NO_AUTHOR = "(no author)"


@dataclass
class StatRow:
    key: str
    articles: int
    dated: int
    first: date | None  # first publication date (Vietnam)
    last: date | None

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
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


def _key(conn: Connection, by: str) -> ColumnElement[Any]:
    if by == "site":
        return ArticleRow.site_key
    if by == "province":
        return func.coalesce(SiteRow.province, "")
    if by == "author":
        return func.coalesce(ArticleRow.author, NO_AUTHOR)
    return func.coalesce(_period(conn, by), NO_DATE)


def _local(value: datetime | None) -> date | None:
    return (value.astimezone(UTC) + LOCAL_OFFSET).date() if value is not None else None


def stats(engine: Engine, by: str = "site", filters: Filters | None = None) -> list[StatRow]:
    """One row per group: how many articles, how many dated, first and last date.

    Sites, provinces and authors come most articles first; years and months in order.
    """
    if by not in BY:
        raise ValueError(f"--by must be one of {', '.join(BY)}")
    with engine.connect() as conn:
        conds = sql_conditions(conn, filters or Filters())
        if conds is None:
            return []
        key = _key(conn, by).label("key")
        stmt = (
            select(
                key,
                func.count().label("articles"),
                func.count(ArticleRow.published_at).label("dated"),
                func.min(ArticleRow.published_at).label("first"),
                func.max(ArticleRow.published_at).label("last"),
            )
            .select_from(ArticleRow)
            .outerjoin(SiteRow, SiteRow.key == ArticleRow.site_key)
            .where(where(conds))
            .group_by(key)
        )
        result = [
            StatRow(r.key, r.articles, r.dated, _local(r.first), _local(r.last))
            for r in conn.execute(stmt)
        ]
    if by in ("year", "month"):
        result.sort(key=lambda r: (r.key == NO_DATE, r.key))
    else:
        result.sort(key=lambda r: (-r.articles, r.key))
    return result


def monthly(
    engine: Engine, by: str = "province", filters: Filters | None = None
) -> dict[str, dict[str, int]]:
    """{group: {month: articles}} for dated articles: the data behind the chart."""
    if by not in ("site", "province"):
        raise ValueError("the chart groups by site or province")
    out: dict[str, dict[str, int]] = defaultdict(dict)
    with engine.connect() as conn:
        conds = sql_conditions(conn, filters or Filters())
        if conds is None:
            return {}
        group = _key(conn, by).label("grp")
        month = _period(conn, "month").label("month")
        stmt = (
            select(group, month, func.count().label("n"))
            .select_from(ArticleRow)
            .outerjoin(SiteRow, SiteRow.key == ArticleRow.site_key)
            .where(where(conds), ArticleRow.published_at.is_not(None))
            .group_by(group, month)
        )
        for r in conn.execute(stmt):
            out[r.grp][r.month] = r.n
    return dict(out)


def _months(first: str, last: str) -> list[str]:
    y, m = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months = []
    while (y, m) <= end:
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def plot(data: dict[str, dict[str, int]], out: str | Path, by: str = "province") -> None:
    """Articles per month per group as a PNG: lines for a few groups, a heat map for many.

    With 63 provinces a line chart is unreadable; the heat map keeps one row per
    province ("Kon Tum", "Đắk Lắk" …) and shows gaps in a site's archive at a glance.
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise OutputError("--plot needs matplotlib: pip install 'tuyengiao[query]'") from None
    if not data:
        raise OutputError("nothing to plot: no dated articles match")
    all_months = sorted({m for counts in data.values() for m in counts})
    months = _months(all_months[0], all_months[-1])
    groups = sorted(data, key=lambda g: -sum(data[g].values()))
    out = Path(out)
    with atomic_path(out) as tmp:
        if len(groups) <= 8:
            fig, ax = plt.subplots(figsize=(12, 5))
            x = range(len(months))
            for g in groups:
                ax.plot(x, [data[g].get(m, 0) for m in months], label=g or "?", linewidth=1.2)
            ax.legend(loc="upper left", fontsize=8)
            ax.set_ylabel("articles per month")
        else:
            import numpy as np

            grid = np.array([[data[g].get(m, 0) for m in months] for g in groups], dtype=float)
            fig, ax = plt.subplots(figsize=(14, max(4, 0.22 * len(groups) + 1.5)))
            image = ax.imshow(grid, aspect="auto", interpolation="nearest", cmap="viridis")
            ax.set_yticks(range(len(groups)), [g or "?" for g in groups], fontsize=7)
            fig.colorbar(image, ax=ax, label="articles per month")
            x = range(len(months))
        step = max(1, len(months) // 24)
        ax.set_xticks(list(x)[::step], months[::step], rotation=60, fontsize=7)
        ax.set_title(f"Articles per month by {by}")
        fig.tight_layout()
        try:
            fig.savefig(tmp, format="png", dpi=110)
        except OSError as exc:
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
        finally:
            plt.close(fig)
