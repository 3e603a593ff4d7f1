"""Exact search (``--exact``): diacritics and tones count, on SQLite and PostgreSQL.

The four texts below were written for this test; which query finds which text is
read off them: "hội" (meeting) stands in 2 and 4, "hồi" (memory) only in 2, "hỏi"
(ask) only in 1, "hởi" only in 3; folded, all of them are "hoi".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from crawler.query.export import export
from crawler.query.filters import Filters
from crawler.query.search import search
from crawler.query.stats import stats
from crawler.store.tokens import exact_tokens, tokens
from crawler.store.writer import upsert_article
from tests.query.conftest import T0, Backend, art, build, fresh_url, number

TEXTS = [
    art(1, "kontum", "Học tập tấm gương Bác Hồ", "Cán bộ hỏi ý kiến nhân dân.",
        published_at=datetime(2021, 5, 19, 2, tzinfo=UTC)),
    art(2, "kontum", "Hội nghị Tỉnh uỷ", "Hồi ức về chiến khu.\nCon hổ được thả về rừng.",
        published_at=datetime(2022, 3, 1, 2, tzinfo=UTC)),
    art(3, "daklak", "Bác hổ ở vườn thú", "Người dân hồ hởi đón Tết.",
        published_at=datetime(2023, 1, 20, 2, tzinfo=UTC)),
    art(4, "hanoi", "Đại hội Đảng bộ TỈNH ỦY", "ĐẠI HỘI thành công tốt đẹp."),
]  # fmt: skip

EXACT = {
    "hội": {2, 4},
    "HỘI": {2, 4},
    "hồi": {2},
    "hỏi": {1},
    "hởi": {3},
    '"Bác Hồ"': {1},
    '"bác hổ"': {3},
    "hồ": {1, 3},
    '"Tỉnh ủy"': {2, 4},  # 2 prints the old placement "uỷ": same tone, same word
    '"tỉnh uỷ"': {2, 4},
    "dai hoi": set(),  # nothing is written without its marks
    "Đại*": {4},
    "hổ NOT bác": {2},
}
FOLDED = {"hoi": {1, 2, 3, 4}, '"bac ho"': {1, 3}, "hồi": {1, 2, 3, 4}, '"Bác Hồ"': {1, 3}}


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    pg = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    url = fresh_url(request.param, tmp_path_factory.mktemp("exact"), pg)
    engine = build(url, TEXTS)
    yield Backend(request.param, url, engine)
    engine.dispose()


def found(b: Backend, query: str, exact: bool, **kw: object) -> set[int]:
    result = search(b.engine, query, Filters.make(exact=exact, **kw), limit=100)  # type: ignore[arg-type]
    assert result.mode == ("exact" if exact else "folded")
    return {number(h.url) for h in result}


def test_exact_tokens_keep_the_positions_of_the_folded_words() -> None:
    text = "Bác Hồ, Tỉnh Uỷ (2020-2025) x² ½ Ban\u200bTuyên e\u0301"
    assert len(exact_tokens(text)) == len(tokens(text))
    assert exact_tokens("Bác Hồ và TỈNH UỶ") == ["bác", "hồ", "và", "tỉnh", "ủy"]


@pytest.mark.parametrize("query", list(EXACT))
def test_exact_query_respects_diacritics_and_tones(corpus: Backend, query: str) -> None:
    assert found(corpus, query, exact=True) == EXACT[query]


@pytest.mark.parametrize("query", list(FOLDED))
def test_folded_stays_the_default(corpus: Backend, query: str) -> None:
    assert found(corpus, query, exact=False) == FOLDED[query]
    result = search(corpus.engine, query, limit=100)
    assert {number(h.url) for h in result} == FOLDED[query] and result.mode == "folded"


def test_exact_with_filters(corpus: Backend) -> None:
    assert found(corpus, "hội", exact=True, site="kontum") == {2}
    assert found(corpus, "hồ", exact=True, since="2022") == {3}


def test_stats_and_export_count_exact_matches(corpus: Backend, tmp_path: Path) -> None:
    rows = stats(corpus.engine, "site", Filters.make(query="hồi", exact=True))
    assert {(r.key, r.articles) for r in rows} == {("kontum", 1)}
    rows = stats(corpus.engine, "site", Filters.make(query="hồi"))
    assert sum(r.articles for r in rows) == 4
    out = tmp_path / "x.jsonl"
    assert export(corpus.engine, "jsonl", out, Filters.make(query='"bác hổ"', exact=True)) == 1


def test_exact_index_follows_updates(tmp_path: Path) -> None:
    url = fresh_url("sqlite", tmp_path, None)
    engine = build(url, TEXTS)
    changed = art(2, "kontum", "Hội nghị Tỉnh uỷ", "Ký ức về chiến khu.")
    with Session(engine) as session:
        upsert_article(session, changed, T0)
        session.commit()
    assert {number(h.url) for h in search(engine, "hồi", exact=True)} == set()
    assert {number(h.url) for h in search(engine, "ký", exact=True)} == {2}
    engine.dispose()


def test_exact_words_equal_whole_text_tone_normalization_on_the_replica() -> None:
    """The shortcut (only candidate words go through tone_normalize) changes nothing,
    checked on every replica article, texts the shortcut was not written for."""
    import unicodedata

    from crawler.store.tokens import token_spans
    from crawler.text.normalize import tone_normalize
    from replica.model import CONTENT_DIR, load_content

    checked = 0
    for path in sorted(CONTENT_DIR.glob("*.json")):
        for article in load_content(path.stem).articles:
            text = unicodedata.normalize("NFC", "\n".join([article.title, *article.paragraphs]))
            whole = tone_normalize(text).lower()
            expected = [whole[s:e] for _, s, e in token_spans(text)]
            assert exact_tokens(text) == expected, article.title
            checked += 1
    assert checked >= 200
