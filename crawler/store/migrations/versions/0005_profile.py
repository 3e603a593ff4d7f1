"""Site profiles: each site's learned template (crawler/profile), one row a site.

Revision ID: profile
Revises: frontier
"""

import sqlalchemy as sa
from alembic import op

from crawler.store.models import UTCDateTime

revision = "profile"
down_revision = "frontier"


def upgrade() -> None:
    op.create_table(
        "site_profiles",
        sa.Column("site_key", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("learned_from", sa.Integer, nullable=False),
        sa.Column("json", sa.Text, nullable=False),
        sa.Column("updated_at", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("site_profiles")
