"""Idempotent writes: upsert keyed by canonical URL, aliases for duplicate bodies.

Re-running a crawl never duplicates a row: an article is found by its URL (or
by an alias URL); the same content under a new URL of the same site becomes an
alias of the first article (NukeViet serves one article under several URLs);
a changed title or body adds an ``article_versions`` row and moves
``last_changed_at``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crawler.items import Article
from crawler.registry import Site
from crawler.store.models import AliasRow, ArticleRow, ArticleVersionRow, SiteRow
from crawler.store.near_dup import note_article

Outcome = Literal["new", "changed", "unchanged", "alias", "not_modified", "gone", "unknown"]


def content_hash(title: str | None, body: str) -> str:
    """SHA-256 of the NFC title and body with white space folded."""
    text = unicodedata.normalize("NFC", f"{title or ''}\n{body}")
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def upsert_row(session: Session, model: type, values: dict[str, Any], keys: list[str]) -> None:
    """INSERT … ON CONFLICT DO UPDATE on SQLite and PostgreSQL alike.

    Several workers write the same state rows (sites, fetch state, sections) at
    the same moment; a read-then-insert would let one of them fail.
    """
    stmt: postgresql.Insert | sqlite.Insert
    if session.get_bind().dialect.name == "postgresql":
        stmt = postgresql.insert(model).values(**values)
    else:
        stmt = sqlite.insert(model).values(**values)
    updates = {k: v for k, v in values.items() if k not in keys}
    stmt = (
        stmt.on_conflict_do_update(index_elements=keys, set_=updates)
        if updates
        else (stmt.on_conflict_do_nothing(index_elements=keys))
    )
    session.execute(stmt)


def sync_sites(session: Session, sites: Iterable[Site]) -> None:
    """Insert or update the ``sites`` rows of the sites about to be crawled."""
    for site in sites:
        upsert_row(
            session,
            SiteRow,
            {
                "key": site.key,
                "name": site.name,
                "province": site.province,
                "owner": site.owner,
                "base_url": site.base_url,
                "cms": site.cms,
                "level": site.level,
                "active": site.active,
            },
            ["key"],
        )


def find_article(session: Session, url: str) -> ArticleRow | None:
    """The article stored under ``url`` or under an alias ``url``."""
    row = session.scalar(select(ArticleRow).where(ArticleRow.url == url))
    if row is not None:
        return row
    alias = session.get(AliasRow, url)
    return session.get(ArticleRow, alias.article_id) if alias is not None else None


ARTICLE_FIELDS = (
    "cms title lead body author captions category tags images views published_at "
    "published_raw published_offset date_precision date_source updated_at extractor_version "
    "warc_ref"
).split()


def _apply(row: ArticleRow, article: Article) -> None:
    for name in ARTICLE_FIELDS:
        setattr(row, name, getattr(article, name))


def upsert_article(
    session: Session, article: Article, now: datetime, *, seen: bool = True
) -> Outcome:
    """Store one clean article; say whether it was new, changed, unchanged or an alias.

    ``seen=False`` (a re-extraction from the archive): the page was not fetched again, so
    a stored row keeps its ``last_seen_at`` and ``status``.

    Safe beside other workers writing the same store: on PostgreSQL the twin check
    is serialised per (site, content) by a transaction-scoped advisory lock, and an
    insert that loses a race for the URL is retried as an update.
    """
    try:
        with session.begin_nested():
            return _upsert_article(session, article, now, seen)
    except IntegrityError:  # another worker inserted this URL a moment ago
        with session.begin_nested():
            return _upsert_article(session, article, now, seen)


def _upsert_article(session: Session, article: Article, now: datetime, seen: bool) -> Outcome:
    digest = content_hash(article.title, article.body)
    fetched = article.fetched_at or now
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(func.pg_advisory_xact_lock(func.hashtext(f"{article.site}:{digest}")))
        )
    row = find_article(session, article.url)
    if row is None:
        twin = session.scalar(
            select(ArticleRow).where(
                ArticleRow.site_key == article.site, ArticleRow.content_hash == digest
            )
        )
        if twin is not None:
            session.add(AliasRow(url=article.url, article_id=twin.id, first_seen_at=now))
            twin.last_seen_at = now
            return "alias"
        row = ArticleRow(
            site_key=article.site,
            url=article.url,
            content_hash=digest,
            status="live",
            first_seen_at=now,
            last_seen_at=now,
            last_changed_at=now,
            fetched_at=fetched,
        )
        _apply(row, article)
        session.add(row)
        session.flush()
        _add_version(session, row, article, fetched, digest)
        note_article(session, row, new=True)  # its syndication cluster (near_dup.py)
        return "new"
    if seen:
        row.last_seen_at = now
        row.status = "live"
    row.fetched_at = fetched
    if row.content_hash == digest:
        # Metadata may still improve (a re-extraction, a date found later); content did not change.
        _apply(row, article)
        return "unchanged"
    _apply(row, article)
    row.content_hash = digest
    row.last_changed_at = now
    _add_version(session, row, article, fetched, digest)
    note_article(session, row)
    return "changed"


def _add_version(
    session: Session, row: ArticleRow, article: Article, fetched: datetime, digest: str
) -> None:
    session.add(
        ArticleVersionRow(
            article_id=row.id,
            fetched_at=fetched,
            content_hash=digest,
            title=article.title,
            body=article.body,
        )
    )


def mark_gone(session: Session, url: str, now: datetime) -> bool:
    """Mark a stored article ``gone`` (404/410), keeping its text. True if it was live."""
    row = find_article(session, url)
    if row is None or row.status == "gone":
        return False
    row.status = "gone"
    row.last_changed_at = now
    return True


def touch(session: Session, url: str, now: datetime) -> Outcome:
    """A conditional re-check answered 304: the article is still there, unchanged."""
    row = find_article(session, url)
    if row is None:
        return "unknown"
    row.last_seen_at = now
    row.fetched_at = now
    return "not_modified"
