"""The first schema: sites, articles, aliases, versions, crawl runs.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

from crawler.store.models import UTCDateTime

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("province", sa.String(100), nullable=False, index=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("base_url", sa.Text, nullable=False),
        sa.Column("cms", sa.String(40), nullable=False),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("site_key", sa.String(64), sa.ForeignKey("sites.key"), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False, unique=True),
        sa.Column("cms", sa.String(40)),
        sa.Column("title", sa.Text),
        sa.Column("lead", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("author", sa.Text),
        sa.Column("captions", sa.JSON, nullable=False),
        sa.Column("category", sa.Text),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("images", sa.JSON, nullable=False),
        sa.Column("views", sa.Integer),
        sa.Column("published_at", UTCDateTime),
        sa.Column("published_raw", sa.Text),
        sa.Column("date_precision", sa.String(10)),
        sa.Column("date_source", sa.String(10)),
        sa.Column("updated_at", UTCDateTime),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("near_dup_cluster", sa.Integer),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("first_seen_at", UTCDateTime, nullable=False),
        sa.Column("last_seen_at", UTCDateTime, nullable=False),
        sa.Column("last_changed_at", UTCDateTime, nullable=False),
        sa.Column("fetched_at", UTCDateTime),
        sa.Column("extractor_version", sa.String(40), nullable=False),
        sa.Column("warc_ref", sa.Text),
    )
    op.create_index("ix_articles_site_key", "articles", ["site_key"])
    op.create_index("ix_articles_author", "articles", ["author"])
    op.create_index("ix_articles_published_at", "articles", ["published_at"])
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_index("ix_articles_site_published", "articles", ["site_key", "published_at"])
    op.create_table(
        "article_aliases",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("first_seen_at", UTCDateTime, nullable=False),
    )
    op.create_index("ix_article_aliases_article_id", "article_aliases", ["article_id"])
    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("fetched_at", UTCDateTime, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_article_versions_article_id", "article_versions", ["article_id"])
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.String(40), nullable=False, index=True),
        sa.Column("site_key", sa.String(64), nullable=False, index=True),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("requests", sa.Integer, nullable=False),
        sa.Column("new", sa.Integer, nullable=False),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
        sa.Column("aliases", sa.Integer, nullable=False),
        sa.Column("gone", sa.Integer, nullable=False),
        sa.Column("rejected", sa.Integer, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("errors_by_kind", sa.JSON, nullable=False),
        sa.Column("median_body_length", sa.Integer),
        sa.Column("message", sa.Text),
    )
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
