"""``tuyengiao reprocess``: archived pages re-extracted with today's code, no network.

One replica site is crawled into a temp store by its own ``ReplicaServer``, which is stopped
before reprocessing (``tests/crawled.py``: its registry entry then points at a closed port),
so whatever reprocess restores can only have come from the WARC files. The gold is the
content JSON.

One more site (``tests/listed.py``) shows no date on its article pages, only beside each
link on its section listing: its dates can only come from the listing, which the WARC
record must keep for reprocess.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, update
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator
from warcio.cli import main as warcio_main

from crawler.cms.engine import parse_html
from crawler.page import EXTRACTOR_VERSION
from crawler.store.models import ArticleRow, ArticleVersionRow
from crawler.store.present import published_local
from crawler.store.writer import content_hash
from replica.registry import replica_sites
from tests.conftest import run_cli
from tests.crawled import Crawled, crawl, crawl_replica_site
from tests.listed import ARTICLES, ListedServer, article, listing

KEY = next(iter(replica_sites(check_families=False)))
OLD_VERSION = "0.0.1-old"
# What an older extractor left in: the "other news" chrome after the body.
OLD_TAIL = "\n\nChuyên mục khác\n\nNhững tin cũ hơn"
UNDATED = "listed"  # the registry key of the site whose dates are on its listing only


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """A store crawled from one replica site, and the site's gold; the server is stopped."""
    return crawl_replica_site(KEY, tmp_path_factory.mktemp("reprocess"))


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

    result = run_cli("reprocess", "--db", store.db_url, "--registry", str(store.registry))
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
def undated(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    """A store crawled from a site whose article pages show no date; the server is stopped."""
    base = tmp_path_factory.mktemp("undated")
    registry = base / "listed.toml"
    with ListedServer() as server:
        registry.write_text(server.registry(UNDATED), encoding="utf-8")
        crawl(registry, UNDATED, base / "store" / "corpus.sqlite")
        gold = {server.base_url.rstrip("/") + a.path: a for a in ARTICLES}
    return Crawled(base / "store" / "corpus.sqlite", registry, gold)


def test_the_listed_site_shows_dates_on_its_listing_only():
    """The fixture's claim: no digit in an article page's text, a date beside every link."""
    for a in ARTICLES:
        text = parse_html(article(a).encode()).text_content()
        assert a.title in text and not any(ch.isdigit() for ch in text), a.path
    shown = "".join(listing(page) for page in (1, 2))
    assert all(f'href="{a.path}"' in shown and a.shown in shown for a in ARTICLES)


def article_fields(db: Path) -> dict[str, dict[str, object]]:
    """Every stored article's columns by URL (the row id aside)."""
    with session(db) as s:
        rows = list(s.scalars(select(ArticleRow)))
    columns = [c.key for c in ArticleRow.__table__.columns if c.key != "id"]
    return {r.url: {c: getattr(r, c) for c in columns} for r in rows}


def test_reprocess_without_rule_change_changes_nothing_listing_dates_included(undated):
    before = article_fields(undated.db)
    assert sorted(before) == sorted(undated.gold)
    # The pages show no date: every date is the one the listing showed beside the link.
    for url, row in before.items():
        listed = undated.gold[url]
        assert row["title"] == listed.title, url
        assert row["date_source"] == "listing", (url, row["date_source"])
        assert row["published_raw"] == listed.shown, url
        assert published_local(row["published_at"], row["date_precision"]) == listed.published
    assert {row["extractor_version"] for row in before.values()} == {EXTRACTOR_VERSION}

    result = run_cli("reprocess", "--db", undated.db_url, "--registry", str(undated.registry))
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
    result = run_cli("reprocess", "--db", undated.db_url, "--registry", str(undated.registry))
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    with session(undated.db) as s:
        assert s.scalar(select(ArticleRow.status).where(ArticleRow.url == url)) == "gone"


def test_a_corrupt_warc_record_is_skipped_counted_and_fails_the_run(store, tmp_path):
    """One damaged record used to stop the whole reprocess with a traceback."""
    copy = tmp_path / "store"
    shutil.copytree(store.db.parent, copy)
    db = copy / store.db.name
    with session(db) as s:
        refs = sorted(r.warc_ref for r in s.scalars(select(ArticleRow)))
    name, _, offset = refs[len(refs) // 2].rpartition("#")
    warc = copy / "warc" / name
    data = bytearray(warc.read_bytes())
    start = int(offset) + 40  # inside the record's deflate stream, past the gzip header
    data[start : start + 300] = bytes(300)
    warc.write_bytes(bytes(data))

    result = run_cli("reprocess", "--db", f"sqlite:///{db}", "--registry", str(store.registry))
    assert result.returncode == 1, result.stdout + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    counts = dict(part.split(": ") for part in result.stdout.splitlines()[0].split(", "))
    assert counts.pop("corrupt_warc") == "1"
    assert sum(int(n) for n in counts.values()) == len(refs) - 1  # every other page went on
    assert "could not be read and were skipped" in result.stderr
