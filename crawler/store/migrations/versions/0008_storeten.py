"""An index on ``articles.near_dup_cluster`` (the clustered articles only).

A changed article leaving its near-copy cluster (``near_dup._leave``) and two old
clusters merging (``near_dup.note_signatures``) look up a cluster's members by its id;
without an index each lookup read the whole ``articles`` table. The index is partial
(``WHERE near_dup_cluster IS NOT NULL``): most articles have no cluster and cost it
nothing. The same on SQLite and PostgreSQL.

Revision ID: storeten
Revises: pgsearch
"""

from alembic import op

revision = "storeten"
down_revision = "pgsearch"

INDEX = "ix_articles_near_dup_cluster"


def upgrade() -> None:
    # IF NOT EXISTS: a store stamped back to an older revision may have it already
    op.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles (near_dup_cluster) "
        "WHERE near_dup_cluster IS NOT NULL"
    )


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
