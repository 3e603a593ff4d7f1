"""The day as the page states it: the UTC offset of the publication date.

Revision ID: dates
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "dates"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("published_offset", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("published_offset")
