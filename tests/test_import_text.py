"""``tuyengiao import-text``: the seed dumps into a store, once, with the seeds' gold fields."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from crawler.cli import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, main
from crawler.page import EXTRACTOR_VERSION
from crawler.registry import load_registry
from crawler.store.models import ArticleRow, ArticleVersionRow
from crawler.store.present import published_local
from tests.conftest import SEEDS, seed_gold

SITE = next(iter(load_registry()))  # any registered site will do


@pytest.fixture
def dumps(tmp_path: Path) -> Path:
    """The five seed dumps, copied where a test may add files beside them."""
    folder = tmp_path / "dumps"
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    return folder


def import_text(
    capsys: pytest.CaptureFixture[str], folder: Path, db: Path, site: str = SITE
) -> tuple[int, str, str]:
    code = main(["import-text", str(folder), "--site", site, "--db", f"sqlite:///{db}"])
    out, err = capsys.readouterr()
    return code, out, err


def stored(db: Path) -> list[ArticleRow]:
    with Session(create_engine(f"sqlite:///{db}")) as session:
        return list(session.scalars(select(ArticleRow).order_by(ArticleRow.url)))


def versions(db: Path) -> int:
    with Session(create_engine(f"sqlite:///{db}")) as session:
        return session.scalar(select(func.count()).select_from(ArticleVersionRow)) or 0


def test_seeds_are_stored_with_their_gold_fields(capsys, dumps, tmp_path):
    db = tmp_path / "corpus.sqlite"
    code, out, err = import_text(capsys, dumps, db)
    assert code == EXIT_OK, err
    assert err == ""
    rows = {Path(r.url.removeprefix("file://")).name[:3]: r for r in stored(db)}
    gold = seed_gold()
    assert sorted(rows) == sorted(gold)
    for seed, want in gold.items():
        row = rows[seed]
        assert row.url == (dumps / next(SEEDS.glob(f"{seed}_*.txt")).name).resolve().as_uri()
        assert row.site_key == SITE and row.cms == "text"
        assert row.title == want["title"], seed
        assert row.author == want["author"], seed
        assert row.views == want["views"], seed
        assert published_local(row.published_at, row.date_precision) == want["published"], seed
        assert row.captions == want["captions"], seed
        body = row.body.strip()
        assert body.startswith(want["body_starts_with"]), seed
        assert body.endswith(want["body_ends_with"]), seed
        for chrome in want["body_must_not_contain"]:
            assert chrome not in body, (seed, chrome)
        assert row.extractor_version == EXTRACTOR_VERSION
    assert versions(db) == 5
    assert "5 of 5" in out and "new 5" in out


def test_reimport_stores_nothing_twice(capsys, dumps, tmp_path):
    db = tmp_path / "corpus.sqlite"
    assert import_text(capsys, dumps, db)[0] == EXIT_OK
    before = {(r.url, r.content_hash, r.published_at) for r in stored(db)}
    code, out, _ = import_text(capsys, dumps, db)
    assert code == EXIT_OK
    assert {(r.url, r.content_hash, r.published_at) for r in stored(db)} == before
    assert len(before) == 5 and versions(db) == 5
    assert "unchanged 5" in out


def test_an_edited_dump_is_a_new_version_not_a_new_article(capsys, dumps, tmp_path):
    db = tmp_path / "corpus.sqlite"
    import_text(capsys, dumps, db)
    path = next(dumps.glob("002_*.txt"))
    text = path.read_text(encoding="utf-8")
    ending = seed_gold()["002"]["body_ends_with"]
    path.write_text(text.replace(ending, ending + " Bài đã sửa."), encoding="utf-8")
    code, out, _ = import_text(capsys, dumps, db)
    assert code == EXIT_OK and "changed 1" in out and "unchanged 4" in out
    assert len(stored(db)) == 5 and versions(db) == 6


def test_url_file_beside_a_dump_names_the_article(capsys, dumps, tmp_path):
    db = tmp_path / "corpus.sqlite"
    page = "https://tuyengiaokontum.org.vn/tin-hoat-dong/hoi-nghi-4108.html"
    next(dumps.glob("004_*.txt")).with_suffix(".url").write_text(page + "\n", encoding="utf-8")
    assert import_text(capsys, dumps, db)[0] == EXIT_OK
    by_url = {r.url: r for r in stored(db)}
    assert by_url[page].title == seed_gold()["004"]["title"]
    assert len(by_url) == 5


def test_bad_files_are_named_and_skipped(capsys, dumps, tmp_path):
    db = tmp_path / "corpus.sqlite"
    (dumps / "anh.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (dumps / "rong.txt").write_bytes(b"  \n\n ")
    next(dumps.glob("001_*.txt")).with_suffix(".url").write_text("không phải URL")
    code, out, err = import_text(capsys, dumps, db)
    assert code == EXIT_OK  # the good dumps went in
    skipped = {line.split(":")[1].split()[-1] for line in err.splitlines()}
    assert skipped == {"anh.txt", "rong.txt", next(dumps.glob("001_*.txt")).name}
    assert all(line.startswith("tuyengiao: skipped ") for line in err.splitlines())
    assert len(stored(db)) == 4 and "4 of 7" in out


def test_nothing_importable_is_bad_input(capsys, tmp_path):
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    code, _, err = import_text(capsys, folder, tmp_path / "c.sqlite")
    assert code == EXIT_BAD_INPUT and "a.txt" in err


@pytest.mark.parametrize("problem", ["unknown site", "no directory", "no dumps"])
def test_usage_errors_write_nothing(capsys, dumps, tmp_path, problem):
    db = tmp_path / "corpus.sqlite"
    folder, site = dumps, SITE
    if problem == "unknown site":
        site = "khong-co-trang-nay"
    elif problem == "no directory":
        folder = tmp_path / "missing"
    else:
        folder = tmp_path / "empty"
        folder.mkdir()
    code, out, err = import_text(capsys, folder, db, site)
    assert code == EXIT_USAGE and out == ""
    assert err.count("\n") == 1 and err.startswith("tuyengiao: ")
    assert not db.exists()
