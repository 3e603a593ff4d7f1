"""Snippets of an exact search mark the words as written, on SQLite and PostgreSQL.

Issue 13: ``search --exact "hồi"`` found the right articles but marked every "hội",
"hỏi" near them too (snippets marked the folded words). The texts below were written
for this test; the marks expected are read off them: "hồi" is written once in each.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.query.search import search
from crawler.query.snippet import make_snippet
from crawler.query.syntax import parse, positive_terms
from tests.query.conftest import Backend, art, build, fresh_url, number

TEXTS = [
    art(1, "kontum", "Ôn lại truyền thống", "Hội nghị ôn lại hồi ức, hỏi han nhau về hội diễn."),
    art(2, "daklak", "Bác hổ và Bác Hồ", "Con bác hổ trong vườn thú. Học tập tấm gương Bác Hồ."),
    # "ﬁ" (one character, folds to two): the word-by-word path of the snippet maker
    art(3, "hanoi", "Hội thao", "Giải ﬁnal: hội thao, hồi hộp, Hồi kết."),
]  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    pg = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    url = fresh_url(request.param, tmp_path_factory.mktemp("snip"), pg)
    engine = build(url, TEXTS)
    yield Backend(request.param, url, engine)
    engine.dispose()


def snippets(b: Backend, query: str, exact: bool) -> dict[int, str]:
    result = search(b.engine, query, exact=exact, limit=10)
    return {number(h.url): h.snippet for h in result}


def test_exact_search_marks_only_the_exact_word(corpus: Backend) -> None:
    assert snippets(corpus, "hồi", exact=True) == {
        1: "Hội nghị ôn lại «hồi» ức, hỏi han nhau về hội diễn.",
        3: "Giải ﬁnal: hội thao, «hồi» hộp, «Hồi» kết.",
    }


def test_folded_search_still_marks_every_spelling(corpus: Backend) -> None:
    assert snippets(corpus, "hồi", exact=False)[1] == (
        "«Hội» nghị ôn lại «hồi» ức, «hỏi» han nhau về «hội» diễn."
    )


def test_exact_phrase_and_prefix_marks(corpus: Backend) -> None:
    assert snippets(corpus, '"Bác Hồ"', exact=True) == {
        2: "Con bác hổ trong vườn thú. Học tập tấm gương «Bác Hồ».",
    }
    # "hội" and "hộp" begin with "hộ"; "hồi", "Hồi" do not
    assert snippets(corpus, "hộ*", exact=True) == {
        1: "«Hội» nghị ôn lại hồi ức, hỏi han nhau về «hội» diễn.",
        3: "Giải ﬁnal: «hội» thao, hồi «hộp», Hồi kết.",
    }


def test_exact_marks_without_a_store() -> None:
    """The snippet maker alone: the folded terms find, the exact terms decide."""
    query = "hỏi"
    folded = positive_terms(parse(query))
    exact = positive_terms(parse(query, exact=True))
    text = "Hội nghị ôn lại hồi ức, hỏi han nhau về hội diễn."
    assert make_snippet([text], folded, exact=exact) == (
        "Hội nghị ôn lại hồi ức, «hỏi» han nhau về hội diễn."
    )


def test_exact_marks_ignore_case(tmp_path: Path) -> None:
    """ "Hội" and "hội" are one exact word; "hồi", "hỏi" are not."""
    engine = build(fresh_url("sqlite", tmp_path, None), TEXTS)
    result = search(engine, "hội", exact=True)
    assert [h.snippet for h in result if number(h.url) == 1] == [
        "«Hội» nghị ôn lại hồi ức, hỏi han nhau về «hội» diễn."
    ]
    engine.dispose()
