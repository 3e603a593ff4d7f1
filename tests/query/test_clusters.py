"""Syndication clusters in the store, on SQLite and PostgreSQL, and their pure parts.

The texts are the replica's planted story (replica/content/tuyengiao_vn.json,
article 158310) and an independent article on the same topic (tuyengiaokontum.json,
7102); what is a copy of what is decided here by construction.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from crawler.query.filters import Filters
from crawler.query.syndication import changes, syndication
from crawler.store import minhash as sg
from crawler.store.models import ArticleRow
from crawler.store.near_dup import cluster_ids, rebuild
from crawler.store.writer import upsert_article
from replica.model import load_content
from tests.query.conftest import T0, Backend, art, build, fresh_url, number

ORIGINAL = next(a for a in load_content("tuyengiao_vn").articles if a.id == 158310).paragraphs
DECOY = next(a for a in load_content("tuyengiaokontum").articles if a.id == 7102).paragraphs
OTHER = next(a for a in load_content("chodon").articles if a.id == 3655).paragraphs
INTRO = "Ban Tuyên giáo Huyện ủy giới thiệu bài viết sau để cán bộ, đảng viên tham khảo."


def when(day: int, hour: int = 1) -> datetime:
    return datetime(2024, 6, day, hour, tzinfo=UTC)


STORY = [
    art(1, "hanoi", "Đưa nghị quyết vào cuộc sống", "\n".join(ORIGINAL), published_at=when(10)),
    art(2, "kontum", "Kon Tum: đưa nghị quyết vào cuộc sống", "\n".join([INTRO, *ORIGINAL]),
        published_at=when(11, 8)),
    art(3, "daklak", "Đưa nghị quyết vào cuộc sống", "\n".join(ORIGINAL[:5]),
        published_at=when(13)),
    art(4, "kontum", "Nghị quyết đến chi bộ thôn, làng", "\n".join(DECOY), published_at=when(18)),
    art(5, "daklak", "Tin ngắn", "Hội nghị triển khai nghị quyết."),  # too short to tell
    art(6, "hanoi", "Tin ngắn", "Hội nghị triển khai nghị quyết."),
]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def story(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    pg = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    url = fresh_url(request.param, tmp_path, pg)
    engine = build(url, STORY)
    yield Backend(request.param, url, engine)
    engine.dispose()


def clusters(b: Backend) -> dict[int, int | None]:
    with Session(b.engine) as s:
        rows = s.execute(select(ArticleRow.url, ArticleRow.near_dup_cluster)).all()
    return {number(u): c for u, c in rows}


def test_copies_cluster_at_store_time_and_rebuild_agrees(story: Backend) -> None:
    found = clusters(story)
    assert found[1] is not None and found[1] == found[2] == found[3]
    assert found[4] is None and found[5] is None and found[6] is None
    assert rebuild(story.engine) == (6, 3, 1)
    assert clusters(story) == found


def test_syndication_story_on_both_backends(story: Backend) -> None:
    [c] = syndication(story.engine)
    assert number(c.first.url) == 1 and [number(x.url) for x in c.copies] == [2, 3]
    assert c.copies[0].lag is not None and c.copies[0].lag.total_seconds() == 31 * 3600
    assert (
        c.copies[0].changes.title_changed and c.copies[0].changes.intro_added == 17
    )  # INTRO's words
    assert not c.copies[1].changes.title_changed and c.copies[1].changes.intro_added == 0
    assert [x.site for x in syndication(story.engine, min_sites=3)[0].copies] == [
        "kontum",
        "daklak",
    ]
    assert syndication(story.engine, min_sites=4) == []
    # First published on 10 June 2024 (Vietnam): in June, not from the 11th.
    assert len(syndication(story.engine, Filters.make(since="2024-06", until="2024-06"))) == 1
    assert syndication(story.engine, Filters.make(since="2024-06-11")) == []


def test_a_changed_copy_is_reclustered(tmp_path: Path) -> None:
    url = fresh_url("sqlite", tmp_path, None)
    engine = build(url, STORY)
    with Session(engine) as session:  # the board replaces the copy by its own text
        upsert_article(session, art(3, "daklak", "Tin khác", "\n".join(OTHER)), T0)
        session.commit()
    b = Backend("sqlite", url, engine)
    incremental = clusters(b)
    assert incremental[3] is None and incremental[1] == incremental[2] is not None
    assert rebuild(engine)[1:] == (2, 1) and clusters(b) == incremental
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM store_meta WHERE key='near_dup'")).scalar()
    engine.dispose()


def test_near_copy_uses_containment_not_jaccard() -> None:
    full, n_full = sg.signature("\n".join(ORIGINAL))
    half, n_half = sg.signature("\n".join([INTRO, *ORIGINAL[:4]]))
    other, n_other = sg.signature("\n".join(DECOY))
    assert sg.jaccard(full, half) < 0.6  # Jaccard alone would miss it
    assert sg.near_copy(full, n_full, half, n_half)
    assert not sg.near_copy(full, n_full, other, n_other)


def test_cluster_ids_link_chains_and_name_them_by_the_smallest_id() -> None:
    bodies = [
        "\n".join(ORIGINAL),
        "\n".join(ORIGINAL[:6]),
        "\n".join(ORIGINAL[2:]),
        "\n".join(DECOY),
        "",
    ]
    sigs, sizes = sg.signatures(bodies)
    ids = np.array([40, 12, 30, 7, 9])
    assert cluster_ids(ids, sigs, sizes) == {40: 12, 12: 12, 30: 12}


def test_changes_counts_intro_and_cut_in_words() -> None:
    orig = "một hai ba bốn năm sáu bảy tám chín mười mười một mười hai"
    copy = "lời giới thiệu mới " + " ".join(orig.split()[:9])
    ch = changes("Tiêu đề", orig, "Tiêu đề khác", copy)
    assert ch.title_changed and ch.intro_added == 4 and ch.ending_cut == 5
    assert ch.kept == round(9 / 14, 3)


def test_datasette_syndication_query_lists_the_story(tmp_path: Path) -> None:
    from crawler.browse import metadata_for

    url = fresh_url("sqlite", tmp_path, None)
    engine = build(url, STORY)
    sql = metadata_for("corpus")["databases"]["corpus"]["queries"]["syndication"]["sql"]
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(sql).all()
    engine.dispose()
    # One cluster on three sites, in publication order, lags in hours from the first.
    assert [(r.site, r.lag_hours) for r in rows] == [
        ("hanoi", 0.0), ("kontum", 31.0), ("daklak", 72.0),
    ]  # fmt: skip
    assert {r.sites for r in rows} == {3} and rows[0].published == "2024-06-10"


def test_corpus_syndication_frame(story: Backend) -> None:
    from crawler import Corpus

    with Corpus(story.url) as corpus:
        df = corpus.syndication_frame()
        assert list(df["role"]) == ["first", "copy", "copy"]
        assert list(df["site"]) == ["hanoi", "kontum", "daklak"]
        assert list(df["lag_hours"])[1:] == [31.0, 72.0]
        assert bool(df["title_changed"].iloc[1]) and df["intro_added"].iloc[1] == 17
        assert corpus.rebuild_clusters() == (6, 3, 1)
