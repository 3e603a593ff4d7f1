"""``tuyengiao reprocess``: archived pages re-extracted with today's code, no network.

One replica site is crawled into a temp store by its own ``ReplicaServer``, which is stopped
before reprocessing (its registry entry then points at a closed port), so whatever
reprocess restores can only have come from the WARC files. The gold is the content JSON.

One more site is crawled as a site whose article pages show no date (a registry override
points its date-line selector at nothing): its dates can only come from what the listing
or the feed showed beside the link, which the WARC record must keep for reprocess.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator
from warcio.cli import main as warcio_main

from crawler.page import EXTRACTOR_VERSION
from crawler.registry import dump_sites
from crawler.store.models import ArticleRow, ArticleVersionRow
from crawler.store.present import published_local
from crawler.store.writer import content_hash
from replica.registry import replica_sites
from replica.server import ReplicaServer, renderer
from tests.conftest import FAST, run_cli

KEY = next(iter(replica_sites(check_families=False)))
OLD_VERSION = "0.0.1-old"
# What an older extractor left in: the "other news" chrome after the body.
OLD_TAIL = "\n\nChuyên mục khác\n\nNhững tin cũ hơn"
# A site whose listings show a date beside each link (its articles are found there first;
# on other replica sites the sitemap, which shows no date, finds most of them first).
UNDATED = ("replica-lr7-dongthap",)
NO_DATE_LINE = {"date_line": "#tuyengiao-test-no-date-line"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> argparse.Namespace:
    """A store crawled from one replica site, and the site's gold; the server is stopped."""
    base = tmp_path_factory.mktemp("reprocess")
    db = base / "store" / "corpus.sqlite"
    registry = base / "replica.toml"
    server = ReplicaServer(keys=[KEY]).start()
    try:
        registry.write_text(dump_sites(server.sites.values()), encoding="utf-8")
        result = run_cli(
            "crawl", "--registry", str(registry), "--site", KEY, "--db", f"sqlite:///{db}", *FAST
        )
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        content = server.content[KEY]
        module = renderer(content.family)
        gold = {
            server.sites[KEY].url(module.article_path(content, a)): a.gold()
            for a in content.articles
        }
    finally:
        server.stop()
    return argparse.Namespace(db=db, registry=registry, gold=gold)


def session(db: Path) -> Session:
    return Session(create_engine(f"sqlite:///{db}"))


def warc_files(db: Path) -> list[Path]:
    return sorted((db.parent / "warc").glob("*.warc.gz"))


def test_every_article_points_into_a_warc_file(store):
    with session(store.db) as s:
        rows = list(s.scalars(select(ArticleRow)))
    assert sorted(r.url for r in rows) == sorted(store.gold)
    names = {p.name for p in warc_files(store.db)}
    for row in rows:
        assert row.warc_ref, row.url
        name, _, offset = row.warc_ref.rpartition("#")
        assert name in names
        with open(store.db.parent / "warc" / name, "rb") as fh:
            fh.seek(int(offset))
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == row.url
            page = record.content_stream().read()
        assert store.gold[row.url]["title"].encode() in page


def test_warc_files_pass_warcio_check(store, capsys):
    files = warc_files(store.db)
    assert files
    with pytest.raises(SystemExit) as done:
        warcio_main(["check", "-v", *map(str, files)])
    out = capsys.readouterr().out
    assert done.value.code == 0, out
    responses = sum(
        1
        for path in files
        for record in ArchiveIterator(path.open("rb"))
        if record.rec_type == "response"
    )
    assert responses >= len(store.gold)
    assert out.count("digest pass") >= responses  # digests present and checked, not skipped


def test_reprocess_restores_an_old_extraction_without_the_network(store):
    url = sorted(store.gold)[len(store.gold) // 2]
    gold_body = store.gold[url]["body"]
    with session(store.db) as s:
        row = s.scalar(select(ArticleRow).where(ArticleRow.url == url))
        assert row is not None and row.body == gold_body
        old_hash = content_hash(row.title, gold_body + OLD_TAIL)
        # The store as an older extractor left it: chrome in one body, an old version everywhere.
        s.execute(update(ArticleRow).values(extractor_version=OLD_VERSION))
        s.execute(
            update(ArticleRow)
            .where(ArticleRow.id == row.id)
            .values(body=gold_body + OLD_TAIL, content_hash=old_hash)
        )
        s.execute(
            update(ArticleVersionRow)
            .where(ArticleVersionRow.article_id == row.id)
            .values(body=gold_body + OLD_TAIL, content_hash=old_hash)
        )
        s.commit()
        article_id = row.id
        versions_before = s.scalar(select(func.count()).select_from(ArticleVersionRow))

    db_url = f"sqlite:///{store.db}"
    result = run_cli("reprocess", "--db", db_url, "--registry", str(store.registry))
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "changed: 1" in result.stdout and "missing_warc" not in result.stdout

    with session(store.db) as s:
        row = s.get(ArticleRow, article_id)
        assert row is not None and row.body == gold_body
        assert row.content_hash != old_hash
        history = list(
            s.scalars(
                select(ArticleVersionRow)
                .where(ArticleVersionRow.article_id == article_id)
                .order_by(ArticleVersionRow.id)
            )
        )
        assert [v.body for v in history] == [gold_body + OLD_TAIL, gold_body]
        assert s.scalar(select(func.count()).select_from(ArticleVersionRow)) == (
            versions_before + 1
        )
        rows = list(s.scalars(select(ArticleRow)))
    assert {r.extractor_version for r in rows} == {EXTRACTOR_VERSION}
    for r in rows:
        assert r.body == store.gold[r.url]["body"], r.url


@pytest.fixture(scope="module")
def undated(tmp_path_factory: pytest.TempPathFactory) -> argparse.Namespace:
    """A store crawled from sites whose article pages show no date; the server is stopped."""
    base = tmp_path_factory.mktemp("undated")
    db = base / "store" / "corpus.sqlite"
    registry = base / "replica.toml"
    server = ReplicaServer(keys=list(UNDATED)).start()
    try:
        sites = [
            replace(server.sites[k], selectors=server.sites[k].selectors | NO_DATE_LINE)
            for k in UNDATED
        ]
        registry.write_text(dump_sites(sites), encoding="utf-8")
        result = run_cli(
            "crawl", "--registry", str(registry), "--site", ",".join(UNDATED),
            "--db", f"sqlite:///{db}", *FAST,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        gold = {}
        for key in UNDATED:
            content = server.content[key]
            module = renderer(content.family)
            for a in content.articles:
                gold[server.sites[key].url(module.article_path(content, a))] = a.gold()
    finally:
        server.stop()
    return argparse.Namespace(db=db, registry=registry, gold=gold)


def article_fields(db: Path) -> dict[str, dict[str, object]]:
    """Every stored article's columns by URL (the row id aside)."""
    with session(db) as s:
        rows = list(s.scalars(select(ArticleRow)))
    columns = [c.key for c in ArticleRow.__table__.columns if c.key != "id"]
    return {r.url: {c: getattr(r, c) for c in columns} for r in rows}


def test_reprocess_without_rule_change_changes_nothing_listing_dates_included(undated):
    before = article_fields(undated.db)
    assert sorted(before) == sorted(undated.gold)
    # Without the family's date-line selector the dates come from the generic visible
    # date line (crawler/finders/dates.py, ranked before the listing), the listing or the
    # feed; they are the gold dates (to the precision shown there).
    sources = {row["date_source"] for row in before.values()}
    assert sources <= {"visible", "listing", "meta"}, sources
    for url, row in before.items():
        shown = published_local(row["published_at"], row["date_precision"])
        assert shown is not None and undated.gold[url]["published"].startswith(shown), url
    assert {row["extractor_version"] for row in before.values()} == {EXTRACTOR_VERSION}

    db_url = f"sqlite:///{undated.db}"
    result = run_cli("reprocess", "--db", db_url, "--registry", str(undated.registry))
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert result.stdout.splitlines()[0] == f"unchanged: {len(before)}", result.stdout

    after = article_fields(undated.db)
    for url, row in before.items():
        changed = {c: (v, after[url][c]) for c, v in row.items() if after[url][c] != v}
        assert not changed, (url, changed)


def test_reprocess_keeps_a_gone_article_gone(undated):
    url = sorted(undated.gold)[0]
    with session(undated.db) as s:
        s.execute(update(ArticleRow).where(ArticleRow.url == url).values(status="gone"))
        s.commit()
    db_url = f"sqlite:///{undated.db}"
    result = run_cli("reprocess", "--db", db_url, "--registry", str(undated.registry))
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    with session(undated.db) as s:
        assert s.scalar(select(ArticleRow.status).where(ArticleRow.url == url)) == "gone"
