"""Schema versions with Alembic: ``tuyengiao db upgrade`` and the checks on opening a store.

A fresh store is created from the models and stamped with the newest revision.
An existing store records its revision in ``alembic_version``; the code refuses
a store newer than itself (a newer tuyengiao wrote it) and asks for
``tuyengiao db upgrade`` on an older one, which runs the migrations in
``crawler/store/migrations/versions`` and keeps every row.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

MIGRATIONS = Path(__file__).with_name("migrations")
LEGACY_REVISION = "0001"  # stores made before migrations existed have this schema


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision this code knows."""
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def known_revisions() -> set[str]:
    return {r.revision for r in ScriptDirectory.from_config(_config()).walk_revisions()}


def current(connection: Connection) -> str | None:
    """The store's revision; the legacy revision for a store with tables but no record."""
    revision = MigrationContext.configure(connection).get_current_revision()
    if revision is None and inspect(connection).has_table("articles"):
        return LEGACY_REVISION
    return revision


def is_empty(connection: Connection) -> bool:
    return not inspect(connection).has_table("articles")


def stamp_head(connection: Connection) -> None:
    command.stamp(_config(connection), "head")


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring a store to the newest revision; return (from, to)."""
    with engine.begin() as connection:
        before = current(connection)
        if (
            before == LEGACY_REVISION
            and MigrationContext.configure(connection).get_current_revision() is None
        ):
            command.stamp(_config(connection), LEGACY_REVISION)
        command.upgrade(_config(connection), "head")
    return before, head()
