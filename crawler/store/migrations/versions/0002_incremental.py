"""Incremental crawling: HTTP validators, section walks, re-check counts, site health.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from crawler.store.models import UTCDateTime

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "fetch_state",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("site_key", sa.String(64), nullable=False, index=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("status", sa.Integer),
        sa.Column("checked_at", UTCDateTime, nullable=False),
    )
    op.create_table(
        "section_state",
        sa.Column("site_key", sa.String(64), primary_key=True),
        sa.Column("section", sa.String(500), primary_key=True),
        sa.Column("started_at", UTCDateTime),
        sa.Column("completed_at", UTCDateTime),
    )
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("rechecked", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("not_modified", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("health", sa.Text))
