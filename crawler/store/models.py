"""The corpus schema (SQLAlchemy 2.x), the same on SQLite and PostgreSQL.

Times are stored as naive UTC and come back as aware UTC (``UTCDateTime``), so
the two backends agree and nobody has to guess a column's zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC in Python, naive UTC in the database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store takes aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    if TYPE_CHECKING:
        # Every class here maps one plain table (SQLAlchemy types it as any FromClause).
        __table__: ClassVar[Table]


class SiteRow(Base):
    __tablename__ = "sites"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    province: Mapped[str] = mapped_column(String(100), index=True)
    owner: Mapped[str] = mapped_column(Text)
    base_url: Mapped[str] = mapped_column(Text)
    cms: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(20), default="province")
    active: Mapped[bool] = mapped_column(default=True)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_key: Mapped[str] = mapped_column(ForeignKey("sites.key"), index=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    cms: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str | None] = mapped_column(Text, index=True)
    captions: Mapped[list[str]] = mapped_column(JSON, default=list)
    category: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    images: Mapped[list[str]] = mapped_column(JSON, default=list)
    views: Mapped[int | None] = mapped_column(Integer)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    published_raw: Mapped[str | None] = mapped_column(Text)
    # Minutes east of UTC the page states for its date (+07:00 → 420): the day as printed.
    published_offset: Mapped[int | None] = mapped_column(Integer)
    date_precision: Mapped[str | None] = mapped_column(String(10))
    date_source: Mapped[str | None] = mapped_column(String(10))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    near_dup_cluster: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="live")
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extractor_version: Mapped[str] = mapped_column(String(40), default="")
    warc_ref: Mapped[str | None] = mapped_column(Text)

    versions: Mapped[list[ArticleVersionRow]] = relationship(
        back_populates="article", order_by="ArticleVersionRow.id"
    )


class AliasRow(Base):
    """Another URL that served the same article (same content hash on the same site)."""

    __tablename__ = "article_aliases"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ArticleVersionRow(Base):
    """One row per distinct content an article has had (the first fetch included)."""

    __tablename__ = "article_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)

    article: Mapped[ArticleRow] = relationship(back_populates="versions")


class CrawlRunRow(Base):
    """One row per site per run: what the run did there and how healthy the pages were."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(40), index=True)
    site_key: Mapped[str] = mapped_column(String(64), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")
    requests: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    changed: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    aliases: Mapped[int] = mapped_column(Integer, default=0)
    gone: Mapped[int] = mapped_column(Integer, default=0)
    rechecked: Mapped[int] = mapped_column(Integer, default=0)  # conditional re-fetches sent
    not_modified: Mapped[int] = mapped_column(Integer, default=0)  # … answered 304
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    errors_by_kind: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    median_body_length: Mapped[int | None] = mapped_column(Integer)
    health: Mapped[str | None] = mapped_column(Text)  # why the site looks broken, if it does
    message: Mapped[str | None] = mapped_column(Text)


class FetchStateRow(Base):
    """HTTP validators and the last answer per fetched URL, for conditional re-fetching."""

    __tablename__ = "fetch_state"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    site_key: Mapped[str] = mapped_column(String(64), index=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int | None] = mapped_column(Integer)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SectionStateRow(Base):
    """When a section's listing was last walked to known ground (or its end).

    A walk that was started but not completed (a killed run) makes the next run
    walk the whole section again, so stopping at known ground never skips the
    articles a killed run had discovered but not stored.
    """

    __tablename__ = "section_state"

    site_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    section: Mapped[str] = mapped_column(String(500), primary_key=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FrontierRow(Base):
    """An article URL discovered and not stored yet (``pending``), or given up with a reason.

    A run fetches the pending URLs of its sites first, whatever the feeds, sitemaps and
    listings answer, so a stop, a kill or a failing stage never loses a discovered page.
    A stored URL leaves the frontier; a definitive answer (a 404, a rejected page, an
    off-site redirect, an oversize page) turns it ``given_up``.
    """

    __tablename__ = "frontier"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    site_key: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending | given_up
    hints: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    discovered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # fetches that did not store it
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MetaRow(Base):
    """Store-level facts (key → value). The schema revision is Alembic's ``alembic_version``."""

    __tablename__ = "store_meta"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


Index("ix_articles_site_published", ArticleRow.site_key, ArticleRow.published_at)
# A cluster's members by its id (crawler/store/near_dup.py); only clustered articles are in it.
Index(
    "ix_articles_near_dup_cluster",
    ArticleRow.near_dup_cluster,
    sqlite_where=ArticleRow.near_dup_cluster.is_not(None),
    postgresql_where=ArticleRow.near_dup_cluster.is_not(None),
)


class SiteProfileRow(Base):
    """One site's learned template (``crawler.profile.SiteProfile`` as JSON), versioned."""

    __tablename__ = "site_profiles"

    site_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    learned_from: Mapped[int] = mapped_column(Integer)  # pages the profile has learned from
    json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
