"""What a run already knows before it starts: the incremental crawl's memory.

A nightly run must cost a few requests on an unchanged site, so the spider
needs, per site: the article URLs discovered by an earlier run and not stored yet
(the persistent frontier, fetched first), the article URLs already stored (and their
aliases), which of them are due for a re-check (recent ones every run, old ones on a slow
cadence), the HTTP validators (ETag / Last-Modified) to make those re-checks
conditional, and which sections were last walked to known ground in a run
that finished.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crawler.store.models import (
    AliasRow,
    ArticleRow,
    FetchStateRow,
    FrontierRow,
    SectionStateRow,
)


@dataclass(frozen=True)
class RecheckPolicy:
    """Recent articles (younger than ``recent_days``, by publication date or, without
    one, first sighting) are re-checked every run; older ones once ``old_every_days``
    have passed since their last fetch."""

    recent_days: float = 14
    old_every_days: float = 90

    def due(self, row: ArticleRow, now: datetime) -> bool:
        if row.status != "live":
            return False
        born = row.published_at or row.first_seen_at
        if now - born <= timedelta(days=self.recent_days):
            return True
        last = row.fetched_at or row.last_seen_at
        return now - last >= timedelta(days=self.old_every_days)


@dataclass
class Frontier:
    known: dict[str, set[str]] = field(default_factory=dict)  # site → article + alias URLs
    due: set[str] = field(default_factory=set)  # article URLs to re-check this run
    # URL → (ETag, Last-Modified) of the re-checks due and of the other URLs (feeds, sitemaps)
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    complete_sections: dict[str, set[str]] = field(default_factory=dict)
    # site → (URL, hints the listing or feed showed) discovered earlier and not stored yet
    pending: dict[str, list[tuple[str, dict[str, str]]]] = field(default_factory=dict)
    # site → URLs the frontier gave up on (404, rejected, off-site, too many failures…)
    given_up: dict[str, set[str]] = field(default_factory=dict)

    def is_known(self, site: str, url: str) -> bool:
        return url in self.known.get(site, ())

    def is_given_up(self, site: str, url: str) -> bool:
        return url in self.given_up.get(site, ())

    def section_complete(self, site: str, section: str) -> bool:
        return section in self.complete_sections.get(site, ())

    def conditional_headers(self, url: str) -> dict[str, str]:
        etag, last_modified = self.validators.get(url, (None, None))
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return headers


def load_frontier(
    factory: sessionmaker[Session],
    site_keys: list[str],
    now: datetime,
    policy: RecheckPolicy | None = None,
    retry_given_up: bool = False,
) -> Frontier:
    """Read the store's memory of ``site_keys`` (one query per table).

    Given-up URLs are not fetched again when a listing shows them, unless
    ``retry_given_up``: then they are queued first with the pending ones."""
    policy = policy or RecheckPolicy()
    frontier = Frontier(known={k: set() for k in site_keys})
    with factory() as session:
        articles = session.scalars(select(ArticleRow).where(ArticleRow.site_key.in_(site_keys)))
        for row in articles:
            frontier.known[row.site_key].add(row.url)
            if policy.due(row, now):
                frontier.due.add(row.url)
        aliases = session.execute(
            select(AliasRow.url, ArticleRow.site_key)
            .join(ArticleRow, ArticleRow.id == AliasRow.article_id)
            .where(ArticleRow.site_key.in_(site_keys))
        )
        for url, site in aliases:
            frontier.known[site].add(url)
        for state in session.scalars(
            select(FetchStateRow).where(FetchStateRow.site_key.in_(site_keys))
        ):
            # Only what a conditional request can ask for: a re-check due this run, a feed
            # or a sitemap; not every stored article's (flat in the number of articles).
            if state.url in frontier.due or state.url not in frontier.known[state.site_key]:
                frontier.validators[state.url] = (state.etag, state.last_modified)
        for sec in session.scalars(
            select(SectionStateRow).where(SectionStateRow.site_key.in_(site_keys))
        ):
            finished = sec.completed_at is not None and (
                sec.started_at is None or sec.completed_at >= sec.started_at
            )
            if finished:
                frontier.complete_sections.setdefault(sec.site_key, set()).add(sec.section)
        waiting = session.scalars(
            select(FrontierRow)
            .where(FrontierRow.site_key.in_(site_keys))
            .order_by(FrontierRow.discovered_at, FrontierRow.url)
        )
        for entry in waiting:
            if entry.state == "given_up" and not retry_given_up:
                frontier.given_up.setdefault(entry.site_key, set()).add(entry.url)
            elif entry.url not in frontier.known[entry.site_key]:  # stored since elsewhere
                frontier.pending.setdefault(entry.site_key, []).append(
                    (entry.url, dict(entry.hints))
                )
    return frontier
