"""Export (schema, round trip, nothing partial), stats numbers, the Corpus API, the CLI."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.query import OutputError
from crawler.query import export as export_mod
from crawler.query.export import NAMES, NoArticlesError, export
from crawler.query.filters import Filters
from crawler.query.stats import monthly, plot, stats
from tests.query.conftest import Backend, number

# The documented column order (docs/query.md); a change here is a change of contract.
DOCUMENTED = (
    "id url site site_name province title lead body author published published_at "
    "published_raw date_precision date_source updated_at category tags captions images views "
    "status first_seen_at last_seen_at last_changed_at fetched_at extractor_version "
    "content_hash near_dup_cluster cms warc_ref published_offset"
).split()


def test_schema_is_the_documented_one() -> None:
    assert list(NAMES) == DOCUMENTED


def _read(fmt: str, path: Path) -> list[dict]:
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            assert reader.fieldnames == DOCUMENTED
            return list(reader)
    if fmt == "jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert all(list(r) == DOCUMENTED for r in rows)
        return rows
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    assert table.schema.names == DOCUMENTED
    assert str(table.schema.field("published_at").type) == "timestamp[us, tz=UTC]"
    assert str(table.schema.field("tags").type) == "list<element: string>"
    return table.to_pylist()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_round_trips(store: Backend, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"a.{fmt}"
    assert export(store.engine, fmt, out, Filters.make(province="Kon Tum")) == 2
    rows = {number(r["url"]): r for r in _read(fmt, out)}
    assert set(rows) == {1, 2}
    one = rows[1]
    assert one["site"] == "kontum" and one["province"] == "Kon Tum"
    assert one["title"] == "ĐẠI HỘI Đảng bộ tỉnh Kon Tum lần thứ XVI"
    assert one["body"].split("\n")[1] == "Tỉnh uỷ chỉ đạo chuẩn bị chu đáo."
    assert one["published"] == "2020-03-10T09:00:00+07:00"
    assert one["published_raw"] == "10/03/2020 09:00"
    assert one["date_precision"] == "minute" and one["date_source"] == "page"
    assert one["extractor_version"] == "test-1" and one["status"] == "live"
    assert rows[2]["published"] == "2021-07-05"
    tags = one["tags"] if fmt != "csv" else json.loads(one["tags"])
    assert tags == ["Đại hội", "Kon Tum"]
    if fmt == "parquet":
        assert one["published_at"].isoformat() == "2020-03-10T02:00:00+00:00"
    else:
        assert one["published_at"] == "2020-03-10T02:00:00Z"
    assert rows[2]["author"] in (None, "")


def test_export_with_query_and_dates(store: Backend, tmp_path: Path) -> None:
    out = tmp_path / "q.jsonl"
    n = export(store.engine, "jsonl", out, Filters.make(query='"dai hoi"', since="2021"))
    assert n == 2
    assert {number(r["url"]) for r in _read("jsonl", out)} == {3, 5}


def test_empty_export_writes_nothing(store: Backend, tmp_path: Path) -> None:
    out = tmp_path / "none.csv"
    with pytest.raises(NoArticlesError):
        export(store.engine, "csv", out, Filters.make(since="2030"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_failure_midway_leaves_nothing_and_keeps_the_old_file(
    sqlite_store: Backend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / f"old.{fmt}"
    out.write_text("previous export")
    real = export_mod.rows

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        for batch in real(*args, **kwargs):
            yield batch
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(export_mod, "rows", failing)
    with pytest.raises(OutputError, match="No space left"):
        export(sqlite_store.engine, fmt, out, batch=2)
    assert out.read_text() == "previous export"
    assert [p.name for p in out.parent.iterdir()] == [out.name]


def test_unwritable_output_path(sqlite_store: Backend, tmp_path: Path) -> None:
    here = tmp_path / "out"
    here.mkdir()
    blocker = here / "file"
    blocker.write_text("x")
    for out in (here / "missing" / "a.csv", blocker / "a.csv", here):
        with pytest.raises(OutputError, match="cannot write"):
            export(sqlite_store.engine, "csv", out)
    assert [p.name for p in here.iterdir()] == ["file"]


# --- stats ---------------------------------------------------------------------------------
def test_stats_by_site_province_year(store: Backend) -> None:
    by_site = {r.key: (r.articles, r.dated) for r in stats(store.engine, "site")}
    assert by_site == {"kontum": (2, 2), "daklak": (2, 2), "hanoi": (2, 1)}
    by_province = {r.key: r.articles for r in stats(store.engine, "province")}
    assert by_province == {"Kon Tum": 2, "Đắk Lắk": 2, "Hà Nội": 2}
    years = [(r.key, r.articles) for r in stats(store.engine, "year")]
    # 5 is 2025 in Vietnam (00:30 on 1 January), 2024 in UTC, so 2024 is an empty
    # year, shown as 0; 6 has no date.
    assert years == [("2020", 1), ("2021", 1), ("2022", 1), ("2023", 1), ("2024", 0),
                     ("2025", 1), ("(no date)", 1)]  # fmt: skip


def test_stats_by_month_and_author_with_filters(store: Backend) -> None:
    months = [
        (r.key, r.articles) for r in stats(store.engine, "month", Filters.make(site="kontum"))
    ]
    # Every month from March 2020 to July 2021 is a row; the 15 between are zeros.
    assert months[0] == ("2020-03", 1) and months[-1] == ("2021-07", 1) and len(months) == 17
    assert {n for _, n in months[1:-1]} == {0}
    authors = {r.key: r.articles for r in stats(store.engine, "author", Filters.make(query="hội"))}
    assert authors == {"(no author)": 2, "Nguyễn Văn An": 1, "TRẦN THỊ BÌNH": 1, "Lê Minh": 1}
    first = stats(store.engine, "site", Filters.make(site="kontum"))[0]
    assert (str(first.first), str(first.last)) == ("2020-03-10", "2021-07-05")


def test_monthly_chart(store: Backend, tmp_path: Path) -> None:
    data = monthly(store.engine, "province")
    assert data == {
        "Kon Tum": {"2020-03": 1, "2021-07": 1},
        "Đắk Lắk": {"2022-01": 1, "2023-06": 1},
        "Hà Nội": {"2025-01": 1},
    }
    out = tmp_path / "chart.png"
    plot(data, out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    many = {f"Tỉnh {i}": {"2020-01": i, "2021-05": 1} for i in range(12)}  # heat-map branch
    plot(many, tmp_path / "many.png")
    assert (tmp_path / "many.png").stat().st_size > 0
    with pytest.raises(OutputError):
        plot(data, tmp_path / "missing" / "c.png")


# --- Python API ----------------------------------------------------------------------------
def test_corpus_api(store: Backend) -> None:
    from crawler import Corpus

    with Corpus(store.url) as corpus:
        hits = corpus.search('"Tỉnh uỷ"', province="Đắk Lắk")
        assert [number(h.url) for h in hits] == [3]
        assert {number(a["url"]) for a in corpus.articles(query="chuy*")} == {2, 6}
        (one,) = corpus.articles(site="kontum", until="2020")
        assert one["published_at"] == datetime(2020, 3, 10, 2, 0, tzinfo=UTC)
        assert one["tags"] == ["Đại hội", "Kon Tum"] and one["views"] is None
        assert {r.key: r.articles for r in corpus.stats("site", since="2022")} == {
            "daklak": 1 + 1,
            "hanoi": 1,
        }
        df = corpus.dataframe(site="hanoi")
        assert list(df.columns) == DOCUMENTED and sorted(df["url"].map(number)) == [5, 6]
        frame = hits.to_frame()
        assert frame.loc[0, "province"] == "Đắk Lắk"
        assert corpus.stats_frame("year").iloc[0]["key"] == "2020"


def test_importing_crawler_does_not_load_the_query_layer() -> None:
    import subprocess
    import sys

    code = "import sys, crawler; print('crawler.query.corpus' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False"


# --- the CLI: one line and a documented exit code ------------------------------------------
def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_search_formats(sqlite_store: Backend, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", '"dai hoi"', "--db", sqlite_store.url, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 3 and {number(h["url"]) for h in data["hits"]} == {1, 3, 5}
    code, out, _ = run(capsys, "search", "tinh uy", "--db", sqlite_store.url, "--format", "csv",
                       "--province", "Kon Tum")  # fmt: skip
    rows = list(csv.DictReader(out.splitlines()))
    assert code == 0 and [number(r["url"]) for r in rows] == [1]
    assert "«Tỉnh uỷ»" in rows[0]["snippet"]
    code, out, _ = run(capsys, "search", "Đại hội", "--db", sqlite_store.url, "--limit", "1")
    assert code == 0 and "4 articles match" in out and out.count("https://") == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["search", '"unclosed'], 2, "unclosed quote"),
        (["search", "AND"], 2, "AND needs"),
        (["search", "("], 2, "unclosed parenthesis"),
        (["search", "*"], 2, "'*' must follow a word"),
        (["search", "hội", "--site", "nowhere"], 2, "unknown site 'nowhere'"),
        (["search", "hội", "--province", "Atlantis"], 2, "unknown province 'Atlantis'"),
        (["search", "hội", "--since", "2020-02-30"], 2, "not a date"),
        (["search", "xyzzy"], 0, "no articles match"),
        (["export", "--format", "csv", "--out", "/nonexistent-dir/a.csv"], 8, "cannot write"),
        (["export", "--format", "csv", "--out", "OUT", "--since", "2099"], 6, "no articles match"),
        (["export", "--format", "jsonl", "--out", "OUT", "--query", "đại OR"], 2, "OR needs"),
        (["stats", "--province", "Atlantis"], 2, "unknown province"),
        (["stats", "--plot", "/nonexistent-dir/c.png"], 8, "cannot write"),
        (["stats", "--since", "2099"], 0, "no articles match"),
    ],
)
def test_cli_bad_input_is_one_line(
    sqlite_store: Backend,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    out_path = tmp_path / "out.file"
    args = [str(out_path) if a == "OUT" else a for a in args]
    got, _, err = run(capsys, *args, "--db", sqlite_store.url)
    assert got == code
    lines = err.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in err
    assert not out_path.exists()


def test_cli_stale_index_is_a_store_error(sqlite_store: Backend, capsys) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with sqlite_store.engine.begin() as conn:
        conn.execute(text("UPDATE store_meta SET value = 'stale' WHERE key = 'search_index'"))
    code, _, err = run(capsys, "search", "hội", "--db", sqlite_store.url)
    assert code == 3 and "tuyengiao reindex" in err
    code, out, _ = run(capsys, "reindex", "--db", sqlite_store.url)
    assert code == 0 and "6 articles" in out
    assert run(capsys, "search", "hội", "--db", sqlite_store.url)[0] == 0


def test_cli_export_and_stats(sqlite_store: Backend, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "all.parquet"
    code, _, err = run(capsys, "export", "--format", "parquet", "--out", str(out),
                       "--db", sqlite_store.url)  # fmt: skip
    assert code == 0 and "6 articles written" in err
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == 6
    chart = tmp_path / "m.png"
    code, out_text, _ = run(capsys, "stats", "--by", "province", "--plot", str(chart),
                            "--db", sqlite_store.url)  # fmt: skip
    assert code == 0 and chart.exists()
    lines = out_text.splitlines()
    assert lines[0].split() == ["province", "articles", "dated", "first", "last"]
    assert lines[-1].split()[:3] == ["total", "6", "5"]
    code, out_text, _ = run(capsys, "stats", "--by", "year", "--format", "json",
                            "--db", sqlite_store.url)  # fmt: skip
    assert json.loads(out_text)[0] == {"key": "2020", "articles": 1, "dated": 1,
                                       "first": "2020-03-10", "last": "2020-03-10"}  # fmt: skip


def test_docs_list_the_schema_in_order() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "query.md").read_text(encoding="utf-8")
    import re

    documented = re.findall(r"^\| \d+ \| `(\w+)` \|", docs, flags=re.M)
    assert documented == DOCUMENTED
