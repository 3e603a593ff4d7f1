"""Search: folding, phrases, operators, filters, snippets, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, insert, select, text
from sqlalchemy.orm import Session

from crawler.query import FilterError, QueryError
from crawler.query.filters import Filters, date_words
from crawler.query.search import IndexNotReadyError, search
from crawler.store.fts import reindex
from crawler.store.models import ArticleRow, ArticleVersionRow
from crawler.store.tokens import tokens
from crawler.store.writer import mark_gone, upsert_article
from crawler.text.normalize import fold
from tests.query.conftest import ARTICLES, EXPECT, Backend, number


def found(b: Backend, query: str, **filters: object) -> set[int]:
    result = search(b.engine, query, Filters.make(**filters), limit=100)  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return {number(h.url) for h in result}


@pytest.mark.parametrize("query", list(EXPECT))
def test_query_finds_what_the_texts_say(store: Backend, query: str) -> None:
    assert found(store, query) == EXPECT[query]


def test_every_spelling_of_dai_hoi_is_one_query(store: Backend) -> None:
    spellings = ["dai hoi", "Đại hội", "ĐẠI HỘI", "đại hội", "ĐAI HOI", "Ðại hội"]  # Ð: eth
    assert {frozenset(found(store, q)) for q in spellings} == {frozenset({1, 2, 3, 5})}


def test_tone_placement_does_not_matter(store: Backend) -> None:
    # 1 and 6 print "uỷ" (old placement), 3 prints "ủy" (new).
    assert found(store, '"Tỉnh uỷ"') == found(store, '"Tỉnh ủy"') == {1, 3, 6}


def test_phrase_finds_only_the_phrase(store: Backend) -> None:
    # 2 has both words ("Hội nghị … Đại biểu") but never "đại hội".
    assert 2 in found(store, "đại hội")
    assert 2 not in found(store, '"đại hội"')
    assert found(store, '"đại biểu"') == {1, 2}
    assert found(store, '"biểu đại"') == set()  # order matters


def test_no_phrase_across_fields(store: Backend) -> None:
    # 3's title ends "nghị quyết" and its lead starts "Ban Thường vụ".
    assert found(store, '"nghị quyết"') == {3}
    assert found(store, '"quyết ban"') == set()


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "AND", "(", "*", "NOT đại", "đại OR", "đại )", "()", '""', "đại AND AND hội",
     "**", "   ", "–"],
)  # fmt: skip
def test_malformed_query_raises_query_error(store: Backend, query: str) -> None:
    with pytest.raises(QueryError):
        search(store.engine, query)


@pytest.mark.parametrize(
    ("filters", "query", "expected"),
    [
        ({"site": "hanoi"}, "dai hoi", {5}),
        ({"site": ["kontum", "daklak"]}, '"dai hoi"', {1, 3}),
        ({"province": "dak lak"}, "hội", {3, 4}),
        ({"province": ["Kon Tum", "HÀ NỘI"]}, '"dai hoi"', {1, 5}),
        ({"site": "kontum", "province": "Hà Nội"}, "hội", set()),
        ({"since": "2022"}, "hội", {3, 4, 5}),
        ({"until": "2021"}, "hội", {1, 2}),
        ({"since": "2021-07-05", "until": "2021-07-05"}, "hội", {2}),  # 17:00Z = next day
        ({"since": "2021-07-04", "until": "2021-07-04"}, "hội", set()),
        ({"since": "2025"}, "hội", {5}),  # 00:30 1 Jan 2025 in Hà Nội
        ({"until": "2024-12-31"}, "dai hoi", {1, 2, 3}),
        ({"since": "2020-03", "until": "2022-01"}, "tinh", {1, 2, 3}),
        ({"since": "2030"}, "hội", set()),
        ({"author": "nguyen van an"}, "dai hoi", {1}),
        ({"author": "Trần Thị Bình"}, "tinh uy", {3}),
        ({"author": "Bình"}, "hội", {3}),
        ({"author": "Minh", "since": "2025"}, "the thao", {5}),
    ],
)
def test_filters(store: Backend, filters: dict, query: str, expected: set[int]) -> None:
    assert found(store, query, **filters) == expected


def test_author_words_are_not_searched_as_text(store: Backend) -> None:
    # "An" is only in 1's byline, "Minh" only in 5's.
    assert found(store, "minh") == set()


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"site": "kontumm"}, "did you mean 'kontum'"),
        ({"province": "Gia Lai"}, "unknown province"),
        ({"since": "2020-13"}, "not a date"),
        ({"since": "yesterday"}, "not a date"),
        ({"since": "2022", "until": "2021"}, "after"),
        ({"author": "–"}, "no letters"),
    ],
)
def test_bad_filters_say_what_is_wrong(store: Backend, filters: dict, message: str) -> None:
    with pytest.raises((FilterError, QueryError), match=message):
        search(store.engine, "hội", Filters.make(**filters))


def test_snippets_mark_the_match_in_the_published_text(store: Backend) -> None:
    hits = {number(h.url): h for h in search(store.engine, '"dai hoi"')}
    assert hits[1].snippet == (
        "Sáng nay, «Đại hội» đại biểu Đảng bộ tỉnh khai mạc. Tỉnh uỷ chỉ đạo chuẩn bị chu đáo."
    )
    assert "«đại hội» chi bộ điểm" in hits[3].snippet
    hits = {number(h.url): h for h in search(store.engine, '"tinh uy" NOT "chuyen doi"')}
    assert hits[3].snippet.startswith("«Tỉnh ủy» yêu cầu các cấp ủy")
    assert "«Tỉnh uỷ» chỉ đạo" in hits[1].snippet


def test_snippet_marks_phrase_only_where_it_stands(store: Backend) -> None:
    (hit,) = search(store.engine, '"dai hoi"', Filters.make(site="kontum"))
    # "đại biểu" right after the phrase is not marked; the phrase is one mark.
    assert re.findall(r"«[^»]*»", hit.snippet) == ["«Đại hội»"]


def test_long_text_is_cut_around_the_match_at_word_boundaries() -> None:
    from crawler.query.snippet import make_snippet
    from crawler.query.syntax import parse, positive_terms

    body = "Mở đầu bài viết dài. " * 30 + "Đại hội Đảng bộ thành công tốt đẹp. " + "Kết thúc. " * 30
    snippet = make_snippet([body], positive_terms(parse('"dai hoi"')))
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "«Đại hội» Đảng bộ thành công tốt đẹp." in snippet
    inner = snippet[2:-2].replace("«", "").replace("»", "")
    assert inner in body and body[body.index(inner) - 1] == " "


def test_snippet_of_text_with_uneven_folding() -> None:
    from crawler.query.snippet import make_snippet
    from crawler.query.syntax import parse, positive_terms

    body = "Văn bản có chữ ﬁ ghép và Đại\u200bhội viết liền, rồi Đại hội thật."
    snippet = make_snippet([body], positive_terms(parse('"dai hoi"')))
    assert snippet == "Văn bản có chữ ﬁ ghép và Đại\u200bhội viết liền, rồi «Đại hội» thật."


def test_snippet_comes_from_the_lead_when_the_body_has_no_match(store: Backend) -> None:
    (hit,) = search(store.engine, '"ban thuong vu"')
    assert hit.snippet == "«Ban Thường vụ» Tỉnh ủy họp phiên thường kỳ."


def test_title_matches_rank_first(store: Backend) -> None:
    # "thể thao" is in 5's title and body; nowhere else. "hội thao" title of 4.
    ranked = [number(h.url) for h in search(store.engine, "thao")]
    assert ranked[0] in (4, 5) and set(ranked) == {2, 4, 5}


def test_sort_by_date_is_the_same_on_both_backends(store: Backend) -> None:
    newest = [number(h.url) for h in search(store.engine, "hội", sort="newest")]
    oldest = [number(h.url) for h in search(store.engine, "hội", sort="oldest")]
    assert newest == [5, 4, 3, 2, 1]
    assert oldest == [1, 2, 3, 4, 5]


def test_relevance_ranks_the_newest_candidates(store: Backend) -> None:
    # "hội" is in 1–5; with two candidates only the two newest stored (4, 5) are ranked.
    result = search(store.engine, "hội", candidates=2)
    assert {number(h.url) for h in result} == {4, 5}
    assert (result.total, result.total_exact) == (2, False)  # "at least 2"
    result = search(store.engine, "hội", candidates=5)
    assert (result.total, result.total_exact) == (5, False)  # a full pool: at least 5
    result = search(store.engine, "hội", candidates=6)
    assert (result.total, result.total_exact) == (5, True)
    assert {number(h.url) for h in search(store.engine, "hội", candidates=None)} == {1, 2, 3, 4, 5}


def test_count_stops_at_the_count_limit(store: Backend) -> None:
    capped = search(store.engine, "hội", count_limit=3, sort="oldest")
    assert (capped.total, capped.total_exact) == (3, False)
    assert len(capped.hits) == 5  # the hits are not cut, only the count
    full = search(store.engine, "hội", count_limit=None, sort="newest")
    assert (full.total, full.total_exact) == (5, True)


def test_limit_and_total(store: Backend) -> None:
    result = search(store.engine, "hội", limit=2)
    assert len(result.hits) == 2 and result.total == 5
    assert [h.rank for h in result] == [1, 2]


def test_published_is_vietnam_time_cut_to_precision(store: Backend) -> None:
    hits = {number(h.url): h for h in search(store.engine, "hội")}
    assert hits[1].published == "2020-03-10T09:00:00+07:00"
    assert hits[2].published == "2021-07-05"
    assert hits[5].published == "2025-01-01T00:30:00+07:00"


# --- keeping the index in step with writes --------------------------------------------------
def test_changed_article_is_searched_by_its_new_text(fresh: Backend) -> None:
    from datetime import UTC, datetime

    from crawler.store.db import open_store

    factory = open_store(fresh.url)
    changed = ARTICLES[1]
    new = type(changed)(**{**changed.__dict__, "body": "Hội nghị bàn về kinh tế biển."})
    with factory() as session:
        assert upsert_article(session, new, datetime(2025, 3, 1, tzinfo=UTC)) == "changed"
        session.commit()
    assert 2 not in found(fresh, "dai hoi")  # "Đại biểu" is gone
    assert found(fresh, "bieu") == {1}
    assert found(fresh, '"kinh te bien"') == {2}
    assert found(fresh, '"chuyển đổi số"') == {6}


def test_gone_article_stays_searchable_and_says_so(fresh: Backend) -> None:
    from datetime import UTC, datetime

    from crawler.store.db import open_store

    factory = open_store(fresh.url)
    with factory() as session:
        assert mark_gone(session, ARTICLES[3].url, datetime(2025, 3, 1, tzinfo=UTC))
        session.commit()
    hits = {number(h.url): h for h in search(fresh.engine, "hội thao")}
    assert hits[4].status == "gone"


def test_deleted_article_leaves_the_index(fresh: Backend) -> None:
    with Session(fresh.engine) as session:
        row = session.scalar(select(ArticleRow).where(ArticleRow.url == ARTICLES[4].url))
        session.execute(delete(ArticleVersionRow).where(ArticleVersionRow.article_id == row.id))
        session.delete(row)
        session.commit()
    assert found(fresh, '"the thao"') == set()
    assert found(fresh, '"dai hoi"') == {1, 3}


def test_unchanged_recrawl_keeps_one_document(fresh: Backend) -> None:
    from datetime import UTC, datetime

    from crawler.store.db import open_store

    factory = open_store(fresh.url)
    with factory() as session:
        for _ in range(2):
            assert upsert_article(session, ARTICLES[0], datetime(2025, 3, 1, tzinfo=UTC)) == (
                "unchanged"
            )
            session.commit()
    result = search(fresh.engine, '"lan thu xvi"')
    assert result.total == 1


def test_reindex_builds_the_index_for_rows_written_behind_its_back(fresh: Backend) -> None:
    from datetime import UTC, datetime

    when = datetime(2025, 1, 1, tzinfo=UTC)
    with fresh.engine.begin() as conn:  # Core insert: no ORM event sees it
        conn.execute(
            insert(ArticleRow.__table__).values(
                site_key="hanoi",
                url="https://hanoi.example/tin-7.html",
                body="Đại hội Đoàn.",
                title="Tin 7",
                content_hash="x",
                status="live",
                extractor_version="raw",
                first_seen_at=when,
                last_seen_at=when,
                last_changed_at=when,
                captions=[],
                tags=[],
                images=[],
            )
        )
    assert 7 not in found(fresh, '"dai hoi doan"')
    assert reindex(fresh.engine) == 7
    assert found(fresh, '"dai hoi doan"') == {7}
    assert found(fresh, '"dai hoi"') == {1, 3, 5, 7}


def test_a_store_marked_stale_refuses_to_search(sqlite_store: Backend) -> None:
    with sqlite_store.engine.begin() as conn:
        conn.execute(text("UPDATE store_meta SET value = 'stale' WHERE key = 'search_index'"))
    with pytest.raises(IndexNotReadyError, match="tuyengiao reindex"):
        search(sqlite_store.engine, "hội")
    reindex(sqlite_store.engine)
    assert found(sqlite_store, "hội") == {1, 2, 3, 4, 5}


# --- the two backends agree, also at PostgreSQL's limits -----------------------------------
LIMITS = [
    # "alpha" 300 times, the 300th followed by "omega": PostgreSQL keeps 256 positions a word.
    ("limit-occurrences", " ".join(["alpha beta"] * 299) + " alpha omega"),
    # 17,000 words: positions stop at 16,383; the last word is not indexed on either.
    ("limit-positions", " ".join(f"w{i}" for i in range(17_000)) + " finalword"),
]


@pytest.fixture
def limits(fresh: Backend) -> Backend:
    from datetime import UTC, datetime

    from crawler.items import Article
    from crawler.store.db import open_store

    factory = open_store(fresh.url)
    with factory() as session:
        for n, (name, body) in enumerate(LIMITS, 8):
            a = Article(url=f"https://hanoi.example/tin-{n}.html", site="hanoi", cms="generic",
                        title=name, lead=None, body=body)  # fmt: skip
            upsert_article(session, a, datetime(2025, 3, 1, tzinfo=UTC))
        session.commit()
    return fresh


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("omega", {8}),
        ('"alpha beta"', {8}),
        ('"alpha omega"', set()),  # the 300th alpha is past the 256 kept positions
        ("w100", {9}),
        ('"w16370 w16371"', {9}),
        ("finalword", set()),
        ("w16999", set()),
    ],
)
def test_index_limits_apply_to_both_backends(limits: Backend, query: str, expected: set) -> None:
    assert found(limits, query) == expected


# --- one definition of a word --------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Đại hội Đảng bộ tỉnh Kon Tum (2020-2025)",
        "TỈNH ỦY, Tỉnh Uỷ; tỉnh ủy… hoà/hòa khoẻ",
        "Nghị quyết số 12-NQ/TW ngày 6/8/2021 — x² ½",
        "Ban\u00a0Tuyên\u200bgiáo e\u0301 Ðà Nẵng İstanbul",
        "tab\there\nnewline  spaces",
    ],
)
def test_tokens_are_the_words_of_fold(text: str) -> None:
    """The fast per-character table must cut exactly the words of ``fold`` on the text."""
    import unicodedata

    expected = re.findall(r"[^\W_]+", fold(unicodedata.normalize("NFC", text)))
    assert tokens(text) == expected


def test_date_words_cover_the_range_exactly() -> None:
    from datetime import date

    assert date_words(date(2019, 12, 30), date(2021, 2, 1)) == [
        "d20191230", "d20191231", "y2020", "m202101", "d20210201",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["Đại hội Đảng bộ", "Ban\u200bTuyên giáo", "e\u0301 ﬁnal ½ x²", "  Tỉnh uỷ\n\nKon Tum  "],
)
def test_token_spans_point_at_the_published_words(text: str) -> None:
    from crawler.store.tokens import token_spans

    spans = token_spans(text)
    assert [w for w, _, _ in spans] == tokens(text)
    for word, a, b in spans:
        assert tokens(text[a:b]) == [word]


def _drop_index(b: Backend) -> None:
    """Make the store look like one made before the search index existed."""
    with b.engine.begin() as conn:
        conn.execute(text("DROP TABLE articles_fts"))
        conn.execute(text("DELETE FROM store_meta WHERE key = 'search_index'"))


def test_an_old_small_store_is_indexed_when_opened(sqlite_store: Backend) -> None:
    from crawler.store.db import open_store

    _drop_index(sqlite_store)
    engine = open_store(sqlite_store.url).kw["bind"]
    assert {number(h.url) for h in search(engine, '"dai hoi"')} == {1, 3, 5}


def test_an_old_large_store_waits_for_reindex(
    sqlite_store: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crawler.store import fts
    from crawler.store.db import open_store

    _drop_index(sqlite_store)
    monkeypatch.setattr(fts, "SMALL_STORE", 3)  # "large": more than 3 articles
    engine = open_store(sqlite_store.url).kw["bind"]
    with pytest.raises(IndexNotReadyError, match="incomplete"):
        search(engine, "hội")
    assert reindex(engine) == 6
    assert {number(h.url) for h in search(engine, '"dai hoi"')} == {1, 3, 5}


def test_sqlite_and_postgresql_return_the_same_articles(
    sqlite_store: Backend, postgres_url: str, tmp_path
) -> None:
    """One corpus on both backends, every query and filter of this module side by side."""
    from tests.query.conftest import build, fresh_url

    pg = Backend("postgresql", "", build(fresh_url("postgresql", tmp_path, postgres_url)))
    cases = [(q, {}) for q in EXPECT] + [
        ("hội", {"province": "dak lak"}),
        ("hội", {"since": "2025"}),
        ("dai hoi", {"until": "2024-12-31"}),
        ("tinh uy", {"author": "Trần Thị Bình"}),
        ('"chuyển đổi số" OR "thể thao"', {"site": ["hanoi", "kontum"], "since": "2021-07"}),
    ]
    for query, filters in cases:
        f = Filters.make(**filters)
        for sort in ("relevance", "newest", "oldest"):
            a = search(sqlite_store.engine, query, f, limit=100, sort=sort)
            b = search(pg.engine, query, f, limit=100, sort=sort)
            assert {h.url for h in a} == {h.url for h in b}, (query, filters)
            assert (a.total, a.total_exact) == (b.total, b.total_exact)
            if sort != "relevance":
                assert [h.url for h in a] == [h.url for h in b]
            assert [h.snippet for h in sorted(a, key=lambda h: h.url)] == [
                h.snippet for h in sorted(b, key=lambda h: h.url)
            ]
    pg.engine.dispose()
