"""PostgreSQL search at a million articles: dates in the search table, tsvectors in the row.

``article_search`` gets ``published_at`` (a copy of the article's, with its own index) so
that a date-filtered search is answered from the search table, and its two tsvectors
are kept in the row (``STORAGE MAIN``) instead of TOAST; existing tsvectors are
rewritten once so that they move. See docs/query.md, "PostgreSQL at a million
articles". SQLite stores are unchanged (their index is FTS5).

Revision ID: pgscale
Revises: profile
"""

import sqlalchemy as sa
from alembic import op

revision = "pgscale"
down_revision = "profile"

TABLE = "article_search"


def _has_search_table() -> bool:
    bind = op.get_bind()
    return bind.dialect.name == "postgresql" and sa.inspect(bind).has_table(TABLE)


def upgrade() -> None:
    if not _has_search_table():
        return  # SQLite, or a store whose index ``install`` will create in the new layout
    op.execute(f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS published_at timestamp")
    op.execute(
        f"ALTER TABLE {TABLE} ALTER COLUMN tsv SET STORAGE MAIN, "
        "ALTER COLUMN tsv_exact SET STORAGE MAIN"
    )
    # ``|| ''`` makes a new value, stored by the new rule (an unchanged one keeps its TOAST)
    op.execute(
        f"UPDATE {TABLE} s SET published_at = a.published_at, "
        "tsv = s.tsv || ''::tsvector, tsv_exact = s.tsv_exact || ''::tsvector "
        "FROM articles a WHERE a.id = s.article_id"
    )
    op.execute(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_published ON {TABLE} (published_at)")


def downgrade() -> None:
    if not _has_search_table():
        return
    op.execute(f"DROP INDEX IF EXISTS ix_{TABLE}_published")
    op.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS published_at")
    op.execute(
        f"ALTER TABLE {TABLE} ALTER COLUMN tsv SET STORAGE EXTENDED, "
        "ALTER COLUMN tsv_exact SET STORAGE EXTENDED"
    )
