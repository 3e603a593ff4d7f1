"""A small hand-written corpus whose search answers are known by construction.

Six articles on three sites. Which query finds which article is written next to
the texts (``EXPECT``) from reading them, not from running the code: e.g. the
phrase "đại hội" stands in 1, 3 and 5, while 2 has "Hội nghị … Đại biểu" (both
words, never together).

The same corpus is built on SQLite and, when the server is available, on a
throwaway PostgreSQL (``tests/servers.py``); tests taking ``store`` run on both.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from crawler.items import Article
from crawler.registry import Site
from crawler.store.db import open_store
from crawler.store.writer import sync_sites, upsert_article
from tests.servers import fresh_pg_database, postgres_url  # noqa: F401  (session fixture)

T0 = datetime(2025, 2, 1, tzinfo=UTC)
SITES = [
    Site("kontum", "Ban Tuyên giáo Tỉnh ủy Kon Tum", "Kon Tum", "Ban Tuyên giáo",
         "https://kontum.example/", "generic"),
    Site("daklak", "Ban Tuyên giáo Tỉnh ủy Đắk Lắk", "Đắk Lắk", "Ban Tuyên giáo",
         "https://daklak.example/", "generic"),
    Site("hanoi", "Ban Tuyên giáo Thành ủy Hà Nội", "Hà Nội", "Ban Tuyên giáo",
         "https://hanoi.example/", "generic"),
]  # fmt: skip


def art(n: int, site: str, title: str, body: str, **kw: object) -> Article:
    return Article(
        url=f"https://{site}.example/tin-{n}.html", site=site, cms="generic", title=title,
        lead=kw.pop("lead", None), body=body, extractor_version="test-1", **kw,  # type: ignore[arg-type]
    )  # fmt: skip


ARTICLES = [
    art(1, "kontum", "ĐẠI HỘI Đảng bộ tỉnh Kon Tum lần thứ XVI",
        "Sáng nay, Đại hội đại biểu Đảng bộ tỉnh khai mạc.\nTỉnh uỷ chỉ đạo chuẩn bị chu đáo.",
        author="Nguyễn Văn An", published_at=datetime(2020, 3, 10, 2, 0, tzinfo=UTC),
        published_raw="10/03/2020 09:00", date_precision="minute", date_source="page",
        tags=["Đại hội", "Kon Tum"]),
    art(2, "kontum", "Hội nghị Ban Chấp hành Đảng bộ tỉnh",
        "Hội nghị bàn về chuyển đổi số.\nĐại biểu thảo luận sôi nổi.",
        published_at=datetime(2021, 7, 4, 17, 0, tzinfo=UTC), published_raw="05/07/2021",
        date_precision="day", date_source="page"),
    art(3, "daklak", "Tỉnh ủy Đắk Lắk triển khai nghị quyết",
        "Tỉnh ủy yêu cầu các cấp ủy thực hiện nghiêm.\nđại hội chi bộ điểm được tổ chức.",
        lead="Ban Thường vụ Tỉnh ủy họp phiên thường kỳ.",
        author="TRẦN THỊ BÌNH", published_at=datetime(2022, 1, 15, 3, 0, tzinfo=UTC),
        published_raw="15/01/2022", date_precision="day", date_source="meta"),
    art(4, "daklak", "Hội thao ngành giáo dục",
        "Hội thao có nhiều môn thi đấu.\nCác đơn vị tham gia nhiệt tình.",
        published_at=datetime(2023, 6, 1, 1, 0, tzinfo=UTC), published_raw="01/06/2023",
        date_precision="day", date_source="page"),
    # 00:30 on 1 January 2025 in Hà Nội is still 2024 in UTC: a Vietnam-date test.
    art(5, "hanoi", "Đại hội thể dục thể thao Thủ đô",
        "Đại hội thể dục thể thao Thủ đô lần thứ X bế mạc.",
        author="Lê Minh", published_at=datetime(2024, 12, 31, 17, 30, tzinfo=UTC),
        published_raw="00:30 01/01/2025", date_precision="minute", date_source="page"),
    art(6, "hanoi", "Chuyển đổi số trong cơ quan Đảng",
        "Chuyển đổi số là nhiệm vụ trọng tâm của Tỉnh Uỷ và các cơ quan."),
]  # fmt: skip

# Query → article numbers, read off the texts above.
EXPECT = {
    "dai hoi": {1, 2, 3, 5},
    "Đại hội": {1, 2, 3, 5},
    "ĐẠI HỘI": {1, 2, 3, 5},
    "đại hội": {1, 2, 3, 5},
    '"dai hoi"': {1, 3, 5},
    '"Đại hội"': {1, 3, 5},
    '"ĐẠI HỘI"': {1, 3, 5},
    '"đại hội"': {1, 3, 5},
    '"Tỉnh uỷ"': {1, 3, 6},
    '"Tỉnh ủy"': {1, 3, 6},
    "tinh uy": {1, 3, 6},
    '"chuyển đổi số" OR "thể thao"': {2, 5, 6},
    '"đại hội" NOT "thể thao"': {1, 3},
    '"đại hội" AND "Tỉnh uỷ"': {1, 3},
    "(Kon OR Lắk) AND tỉnh": {1, 3},
    "(Kon OR Lắk) AND nghị": {3},
    "Kon OR Lắk AND thao": {1},  # AND binds tighter than OR
    "(Kon OR Lắk) AND thao": set(),
    "chuy*": {2, 6},
    '"hội th"*': {4, 5},  # "Hội thao", "Đại hội thể dục"
    '"ban thuong vu"': {3},  # only in 3's lead
    "hội": {1, 2, 3, 4, 5},
    "xyzzy": set(),
    "COVID-19": set(),
}


def number(url: str) -> int:
    return int(url.rsplit("-", 1)[1].split(".")[0])


def build(url: str, articles: list[Article] | None = None) -> Engine:
    factory = open_store(url)
    with factory() as session:
        sync_sites(session, SITES)
        for a in articles if articles is not None else ARTICLES:
            upsert_article(session, a, T0)
        session.commit()
    return factory.kw["bind"]


_names = itertools.count()


@dataclass
class Backend:
    name: str
    url: str
    engine: Engine


def fresh_url(kind: str, tmp_path: Path, pg_url: str | None) -> str:
    """A new, empty store of ``kind`` (a file for SQLite, a database for PostgreSQL)."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / f'corpus{next(_names)}.sqlite'}"
    assert pg_url is not None
    return fresh_pg_database(pg_url)


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    """The corpus on each backend, built once per test module (read-only tests)."""
    pg = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    url = fresh_url(request.param, tmp_path_factory.mktemp("store"), pg)
    engine = build(url)
    yield Backend(request.param, url, engine)
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """The corpus on each backend, built per test (for tests that write)."""
    pg = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    url = fresh_url(request.param, tmp_path, pg)
    engine = build(url)
    yield Backend(request.param, url, engine)
    engine.dispose()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Backend:
    url = f"sqlite:///{tmp_path / 'corpus.sqlite'}"
    return Backend("sqlite", url, build(url))
