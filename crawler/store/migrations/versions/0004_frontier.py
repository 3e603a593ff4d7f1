"""The persistent frontier: discovered article URLs not stored yet.

Revision ID: frontier
Revises: dates
"""

import sqlalchemy as sa
from alembic import op

from crawler.store.models import UTCDateTime

revision = "frontier"
down_revision = "dates"


def upgrade() -> None:
    op.create_table(
        "frontier",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("site_key", sa.String(64), nullable=False, index=True),
        sa.Column("state", sa.String(10), nullable=False, server_default="pending"),
        sa.Column("hints", sa.JSON, nullable=False),
        sa.Column("discovered_at", UTCDateTime, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text),
        sa.Column("last_attempt_at", UTCDateTime),
    )


def downgrade() -> None:
    op.drop_table("frontier")
