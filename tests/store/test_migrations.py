"""Schema migrations: a store made by the previous schema upgrades and keeps every row."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from crawler.cli import main
from crawler.store import migrate
from crawler.store.db import StoreError, open_store
from crawler.store.models import Base


def previous_schema_store(path) -> None:
    """A store at revision 0001 (the schema before incremental crawling), with rows."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(migrate._config(conn), "0001")
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO sites VALUES ('s1','Site','Kon Tum','BTG','https://s/','generic','province',1)"
    )
    for i in range(3):
        con.execute(
            "INSERT INTO articles (site_key,url,body,captions,tags,images,content_hash,status,"
            "first_seen_at,last_seen_at,last_changed_at,extractor_version,title) VALUES "
            f"('s1','https://s/a-{i}.html','Thân bài {i}','[]','[]','[]','h{i}','live',"
            "'2024-01-01 00:00:00','2024-01-01 00:00:00','2024-01-01 00:00:00','0.0.1','Tin')"
        )
    con.execute(
        "INSERT INTO crawl_runs (run_id,site_key,started_at,status,requests,new,changed,unchanged,"
        "aliases,gone,rejected,errors,errors_by_kind) VALUES "
        "('r1','s1','2024-01-01 00:00:00','ok',5,3,0,0,0,0,0,0,'{}')"
    )
    con.commit()
    con.close()


def test_the_migrations_build_exactly_the_models_schema(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    with engine.begin() as conn:
        command.upgrade(migrate._config(conn), "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_an_older_store_is_refused_until_upgraded_and_keeps_every_row(tmp_path, capsys):
    db = tmp_path / "old.sqlite"
    previous_schema_store(db)
    with pytest.raises(StoreError, match=r"older than this tuyengiao.*db upgrade"):
        open_store(f"sqlite:///{db}")
    assert main(["db", "upgrade", "--db", f"sqlite:///{db}"]) == 0
    assert f"from schema revision 0001 to {migrate.head()}" in capsys.readouterr().out
    open_store(f"sqlite:///{db}")  # accepted now
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from articles").fetchone() == (3,)
    assert con.execute("select rechecked, not_modified, health from crawl_runs").fetchall() == [
        (0, 0, None)
    ]
    assert con.execute("select count(*) from fetch_state").fetchone() == (0,)
    assert main(["db", "upgrade", "--db", f"sqlite:///{db}"]) == 0
    assert "already at schema revision" in capsys.readouterr().out


def test_a_store_without_revision_record_counts_as_the_first_schema(tmp_path, capsys):
    db = tmp_path / "legacy.sqlite"
    previous_schema_store(db)
    con = sqlite3.connect(db)
    con.execute("DROP TABLE alembic_version")
    con.commit()
    assert main(["db", "status", "--db", f"sqlite:///{db}"]) == 0
    assert "schema revision 0001" in capsys.readouterr().out
    assert main(["db", "upgrade", "--db", f"sqlite:///{db}"]) == 0
    assert con.execute("select count(*) from articles").fetchone() == (3,)
