"""PostgreSQL search: the date index of ``article_search`` also holds the article id.

A date-filtered relevance search lists the rows of the date range whose ids are among
the newest (``published_at`` in the range and ``article_id`` above a bound) from this
one index, instead of AND-ing a date bitmap with a bitmap of up to a million ids. See
docs/query.md, "How a ranked search runs on PostgreSQL". SQLite stores are unchanged.

Revision ID: pgsearch
Revises: pgscale
"""

import sqlalchemy as sa
from alembic import op

revision = "pgsearch"
down_revision = "pgscale"

TABLE = "article_search"
INDEX = f"ix_{TABLE}_published"


def _has_search_table() -> bool:
    bind = op.get_bind()
    return bind.dialect.name == "postgresql" and sa.inspect(bind).has_table(TABLE)


def upgrade() -> None:
    if not _has_search_table():
        return  # SQLite, or a store whose index ``install`` will create in the new layout
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute(f"CREATE INDEX {INDEX} ON {TABLE} (published_at, article_id)")


def downgrade() -> None:
    if not _has_search_table():
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute(f"CREATE INDEX {INDEX} ON {TABLE} (published_at)")
