"""The store's write rules on a real SQLite file: upsert by URL, aliases, versions, gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from crawler.items import Article
from crawler.registry import Site
from crawler.store.db import StoreError, open_store
from crawler.store.models import AliasRow, ArticleRow, ArticleVersionRow
from crawler.store.writer import content_hash, mark_gone, sync_sites, upsert_article

T0 = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)
SITE = Site("s1", "Site", "Kon Tum", "Ban Tuyên giáo", "https://s1.example/", "generic")


def art(url: str, body: str = "Đại hội Đảng bộ tỉnh thành công.", title: str = "Tin") -> Article:
    return Article(url=url, site="s1", cms="generic", title=title, lead=None, body=body)


@pytest.fixture
def factory(tmp_path):
    factory = open_store(f"sqlite:///{tmp_path / 'c.sqlite'}")
    with factory() as session:
        sync_sites(session, [SITE])
        session.commit()
    return factory


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_same_url_twice_is_one_row(factory):
    with factory() as s:
        assert upsert_article(s, art("https://s1.example/a-1.html"), T0) == "new"
        assert (
            upsert_article(s, art("https://s1.example/a-1.html"), T0 + timedelta(1)) == "unchanged"
        )
        s.commit()
        assert count(s, ArticleRow) == 1
        assert count(s, ArticleVersionRow) == 1
        row = s.scalar(select(ArticleRow))
        assert row.first_seen_at == T0 and row.last_seen_at == T0 + timedelta(1)


def test_same_body_under_another_url_becomes_an_alias(factory):
    with factory() as s:
        upsert_article(s, art("https://s1.example/a-1.html"), T0)
        assert upsert_article(s, art("https://s1.example/print/a-1.html"), T0) == "alias"
        s.commit()
        assert count(s, ArticleRow) == 1
        alias = s.scalar(select(AliasRow))
        assert alias.url == "https://s1.example/print/a-1.html"
        # The alias URL finds the article again: no duplicate on the next run.
        assert upsert_article(s, art("https://s1.example/print/a-1.html"), T0) == "unchanged"


def test_changed_body_adds_a_version_and_moves_last_changed(factory):
    with factory() as s:
        upsert_article(s, art("https://s1.example/a-1.html"), T0)
        later = T0 + timedelta(days=2)
        assert (
            upsert_article(s, art("https://s1.example/a-1.html", body="Đã sửa."), later)
            == "changed"
        )
        s.commit()
        row = s.scalar(select(ArticleRow))
        assert row.body == "Đã sửa." and row.last_changed_at == later
        assert [v.body for v in row.versions] == ["Đại hội Đảng bộ tỉnh thành công.", "Đã sửa."]


def test_gone_keeps_the_text(factory):
    with factory() as s:
        upsert_article(s, art("https://s1.example/a-1.html"), T0)
        assert mark_gone(s, "https://s1.example/a-1.html", T0) is True
        assert mark_gone(s, "https://s1.example/a-1.html", T0) is False
        row = s.scalar(select(ArticleRow))
        assert row.status == "gone" and row.body.startswith("Đại hội")


def test_content_hash_ignores_white_space_and_normal_form():
    import unicodedata

    body = "Tỉnh ủy  Kon Tum\n\nhọp"
    assert content_hash("T", body) == content_hash(
        "T", unicodedata.normalize("NFD", "Tỉnh ủy Kon Tum họp")
    )
    assert content_hash("T", body) != content_hash("T", "Tỉnh ủy Kon Tum họp.")


def test_naive_datetimes_are_refused(factory):
    with factory() as s, pytest.raises(Exception, match="naive"):
        upsert_article(s, art("https://s1.example/a-2.html"), datetime(2024, 1, 1))
        s.flush()


def test_a_store_newer_than_the_code_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.sqlite'}"
    factory = open_store(url)
    with factory() as s:
        s.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        s.commit()
    with pytest.raises(StoreError, match="newer than this tuyengiao"):
        open_store(url)


def test_an_unusable_url_is_a_clear_error():
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("no-such-scheme")


def test_a_rolled_back_first_article_does_not_leave_clusters_without_tables(factory):
    """The near-copy tables are created in the first article's transaction: when that
    transaction rolls back, the next article creates them again instead of failing with
    'no such table' (every later article of the run was lost that way)."""
    body = " ".join(f"Câu thứ {i} về đại hội chi bộ và công tác tuyên truyền." for i in range(40))
    with factory() as s:
        upsert_article(s, art("https://s1.example/a-1.html", body=body), T0)
        s.rollback()
    with factory() as s:
        upsert_article(s, art("https://s1.example/a-2.html", body=body), T0)
        upsert_article(s, art("https://s2.example/b-1.html", body=body + " Thêm."), T0)
        s.commit()
    with factory() as s:
        clusters = s.scalars(select(ArticleRow.near_dup_cluster).order_by(ArticleRow.url)).all()
    assert len(clusters) == 2 and clusters[0] is not None and clusters[0] == clusters[1]
