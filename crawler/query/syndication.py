"""A cluster read as a story of publication: who first, who echoed, how late, what changed.

``changes`` compares a copy with the first publication word by word (folded words,
``difflib`` matching blocks of at least five words, so that a shared "của Đảng"
in a new intro is not taken for copied text): the words the copy adds before the
copied text (a local intro), the original's words missing after it (a cut ending),
the share of the original's words the copy keeps, and whether the title changed.

The first publisher is the earliest dated member; undated members are listed after
the dated ones with no lag (their order is unknown, never guessed). A cluster with
no dated member is ordered by first crawl (``first_seen_at``) and says so.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, select

from crawler.query.filters import Filters, date_bounds, site_keys
from crawler.store.models import ArticleRow, SiteRow
from crawler.store.present import published_local
from crawler.store.tokens import tokens

MIN_BLOCK = 5  # words: a shorter common run is not copied text


@dataclass(frozen=True)
class Changes:
    """How a copy differs from the first publication (counts in folded words)."""

    title_changed: bool
    intro_added: int  # words before the copied text
    ending_cut: int  # original words missing after the copied text
    kept: float  # share of the original's words found in the copy (0–1)


def changes(
    orig_title: str | None, orig_body: str | None, title: str | None, body: str | None
) -> Changes:
    """Compare a copy (``title``, ``body``) with the original (pure)."""
    a, b = tokens(orig_body), tokens(body)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    blocks = [m for m in matcher.get_matching_blocks() if m.size >= MIN_BLOCK]
    if not a or not blocks:
        return Changes(tokens(orig_title) != tokens(title), len(b), len(a), 0.0)
    first, last = blocks[0], blocks[-1]
    kept = sum(m.size for m in blocks) / len(a)
    return Changes(
        title_changed=tokens(orig_title) != tokens(title),
        intro_added=first.b,
        ending_cut=len(a) - (last.a + last.size),
        kept=round(kept, 3),
    )


@dataclass
class Copy:
    id: int
    site: str
    province: str | None
    title: str | None
    published: str | None  # Vietnam time at the page's precision
    published_at: datetime | None
    url: str
    lag: timedelta | None  # after the first publication; None when undated
    changes: Changes | None  # None for the first publication

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published_at"] = self.published_at.isoformat() if self.published_at else None
        d["lag_hours"] = round(self.lag.total_seconds() / 3600, 1) if self.lag is not None else None
        del d["lag"]
        return d


@dataclass
class Cluster:
    id: int
    first: Copy
    copies: list[Copy] = field(default_factory=list)
    dated: bool = True  # False: no member is dated; "first" is the first crawled

    @property
    def sites(self) -> list[str]:
        return sorted({self.first.site, *(c.site for c in self.copies)})

    def as_dict(self) -> dict[str, Any]:
        return {
            "cluster": self.id,
            "articles": 1 + len(self.copies),
            "sites": self.sites,
            "order_known": self.dated,
            "first": self.first.as_dict(),
            "copies": [c.as_dict() for c in self.copies],
        }


def syndication(
    engine: Engine, filters: Filters | None = None, min_sites: int = 2
) -> list[Cluster]:
    """Clusters spanning at least ``min_sites`` sites, most sites first.

    ``filters``: site and province keep the clusters with a member they allow;
    ``since``/``until`` keep the clusters first published in those Vietnam dates
    (a cluster with no dated member never passes a date filter).
    """
    a = ArticleRow
    with engine.connect() as conn:
        keys = site_keys(conn, filters or Filters())
        cols = (
            a.near_dup_cluster, a.id, a.site_key, SiteRow.province, a.title, a.body,
            a.published_at, a.date_precision, a.url, a.first_seen_at,
        )  # fmt: skip
        stmt = (
            select(*cols)
            .outerjoin(SiteRow, SiteRow.key == a.site_key)
            .where(a.near_dup_cluster.is_not(None))
        )
        if keys is not None:
            chosen = select(a.near_dup_cluster).where(a.site_key.in_(keys)).distinct()
            stmt = stmt.where(a.near_dup_cluster.in_(chosen))
        rows = conn.execute(stmt.order_by(a.near_dup_cluster, a.id)).all()
    groups: dict[int, list[Any]] = {}
    for r in rows:
        groups.setdefault(r.near_dup_cluster, []).append(r)
    out = [_story(cid, members) for cid, members in groups.items()]
    out = [c for c in out if len(c.sites) >= min_sites]
    lo, hi = date_bounds(filters or Filters())
    if lo is not None or hi is not None:
        out = [
            c
            for c in out
            if c.dated
            and (first := c.first.published_at) is not None
            and (lo is None or first >= lo)
            and (hi is None or first < hi)
        ]
    out.sort(key=lambda c: (-len(c.sites), -(1 + len(c.copies)), c.id))
    return out


def _story(cid: int, members: list[Any]) -> Cluster:
    dated = [m for m in members if m.published_at is not None]
    undated = [m for m in members if m.published_at is None]
    if dated:
        ordered = sorted(dated, key=lambda m: (m.published_at, m.id)) + undated
    else:
        ordered = sorted(members, key=lambda m: (m.first_seen_at or datetime.max, m.id))
    first = ordered[0]

    def copy(m: Any, original: Any | None) -> Copy:
        lag = None
        if original is not None and m.published_at is not None and first.published_at:
            lag = m.published_at - first.published_at
        return Copy(
            id=m.id,
            site=m.site_key,
            province=m.province,
            title=m.title,
            published=published_local(m.published_at, m.date_precision),
            published_at=m.published_at,
            url=m.url,
            lag=lag,
            changes=changes(original.title, original.body, m.title, m.body) if original else None,
        )

    return Cluster(cid, copy(first, None), [copy(m, first) for m in ordered[1:]], dated=bool(dated))


ROW_COLUMNS = (
    "cluster", "role", "id", "site", "province", "published", "lag_hours", "title",
    "title_changed", "intro_added", "ending_cut", "kept", "url",
)  # fmt: skip


def as_rows(clusters: list[Cluster]) -> list[dict[str, Any]]:
    """One flat dict per article (``ROW_COLUMNS``): the first publication, then its copies."""
    out = []
    for c in clusters:
        for role, m in [("first", c.first), *(("copy", x) for x in c.copies)]:
            d = m.as_dict()
            changes = d.pop("changes") or {}
            row = {"cluster": c.id, "role": role, **d, **changes}
            out.append({k: row.get(k) for k in ROW_COLUMNS})
    return out
