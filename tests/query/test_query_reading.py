"""Reading the corpus safely: no store created by a reader, first contact, ``show``, pipes,
bounded search time on a huge article, query size limits, the documented Python example.

Every command runs in a fresh interpreter (``run_cli``) on a real SQLite store built
from the hand-written corpus of ``conftest.py``.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.cli import EXIT_PIPE, EXIT_STORE, EXIT_USAGE
from crawler.query.snippet import _best_window, make_snippet
from crawler.query.syntax import parse, positive_terms
from tests.conftest import ROOT, run_cli
from tests.query.conftest import ARTICLES, art, build, number

READERS = [
    ["search", "đại hội"],
    ["stats"],
    ["runs"],
    ["db", "status"],
    ["reindex"],
    ["export", "--format", "csv", "--out", "OUT"],
    ["show", "1"],
]


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    err = result.stderr
    assert err.count("\n") == 1 and err.startswith("tuyengiao: "), err[-2000:]
    assert "Traceback" not in err
    return err


def tree(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


# --------------------------------------------------------------------------- no store created
@pytest.mark.parametrize("argv", READERS, ids=lambda a: " ".join(a[:2]))
def test_a_reader_on_a_missing_store_creates_nothing(tmp_path: Path, argv: list[str]) -> None:
    home = tmp_path / "home"
    home.mkdir()
    typo = tmp_path / "typo" / "corpus.sqlite"
    args = [a.replace("OUT", str(tmp_path / "out.csv")) for a in argv]
    before = tree(tmp_path)
    for extra in ([], ["--db", f"sqlite:///{typo}"]):  # the default store, then a typo
        result = run_cli(*args, *extra, env={"TUYENGIAO_HOME": str(home), "TUYENGIAO_DB": ""})
        assert result.returncode == EXIT_STORE, result.stderr
        err = one_line_error(result)
        assert "no store at" in err and "corpus" in err and "demo" in err
        assert tree(tmp_path) == before  # no folder, no store, no lock, no output


def test_first_contact_reads_the_demo_store_and_says_so(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    build(f"sqlite:///{home / 'demo.sqlite'}").dispose()
    env = {"TUYENGIAO_HOME": str(home), "TUYENGIAO_DB": ""}
    result = run_cli("search", '"đại hội"', "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["hits"]
    assert {number(h["url"]) for h in hits} == {1, 3, 5}  # the phrase stands in 1, 3 and 5
    assert f"reading the demo store {home / 'demo.sqlite'}" in result.stderr
    assert not (home / "corpus.sqlite").exists()
    # Once a corpus exists it is the one read, without a note.
    build(f"sqlite:///{home / 'corpus.sqlite'}", ARTICLES[:2]).dispose()
    result = run_cli("search", '"đại hội"', "--format", "json", env=env)
    assert {number(h["url"]) for h in json.loads(result.stdout)["hits"]} == {1}
    assert "demo" not in result.stderr


def test_a_relative_sqlite_url_is_read_from_the_current_directory(tmp_path: Path) -> None:
    build(f"sqlite:///{tmp_path / 'demo.sqlite'}").dispose()
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "stats", "--db", "sqlite:///demo.sqlite"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.search(r"^total\s+6\s", result.stdout, re.M)


# --------------------------------------------------------------------------- show and ids
@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('reading') / 'corpus.sqlite'}"
    build(url).dispose()
    return url


def test_search_table_shows_ids_that_show_opens(db: str) -> None:
    result = run_cli("search", '"thể dục thể thao"', "--db", db)
    assert result.returncode == 0, result.stderr
    ids = re.findall(r"^\s+1\. #(\d+) ", result.stdout, re.M)
    assert len(ids) == 1
    shown = run_cli("show", ids[0], "--db", db)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "Đại hội thể dục thể thao Thủ đô"  # article 5, in full
    assert "Đại hội thể dục thể thao Thủ đô lần thứ X bế mạc." in lines
    assert "https://hanoi.example/tin-5.html" in lines
    assert re.search(
        r"^published\s+2025-01-01T00:30:00\+07:00 \(printed '00:30 01/01/2025'", shown.stdout, re.M
    )
    assert re.search(r"^extractor\s+test-1 ", shown.stdout, re.M)
    assert re.search(r"^versions\s+1$", shown.stdout, re.M)


def test_show_by_url_as_json_has_versions_and_provenance(db: str) -> None:
    result = run_cli("show", "https://daklak.example/tin-3.html", "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] == "Tỉnh ủy Đắk Lắk triển khai nghị quyết"
    assert record["lead"] == "Ban Thường vụ Tỉnh ủy họp phiên thường kỳ."
    assert record["site"] == "daklak" and record["province"] == "Đắk Lắk"
    assert record["date_source"] == "meta" and record["published_raw"] == "15/01/2022"
    assert record["provenance"]["extractor_version"] == "test-1"
    assert len(record["versions"]) == 1 and record["versions"][0]["current"]


@pytest.mark.parametrize("ref", ["9999", "https://nowhere.example/x.html"])
def test_show_of_an_unknown_article_is_one_line(db: str, ref: str) -> None:
    result = run_cli("show", ref, "--db", db)
    assert result.returncode == 6 and result.stdout == ""
    assert "no article with" in one_line_error(result)


# --------------------------------------------------------------------------- closed pipe
@pytest.mark.parametrize(
    "argv",
    [["search", "đại hội", "--format", "json"], ["stats"], ["runs", "--json"], ["sites", "--json"]],
    ids=lambda a: a[0],
)
def test_a_closed_pipe_is_quiet(db: str, argv: list[str]) -> None:
    """The reader is gone before the first byte (``| head -0``): no BrokenPipeError traceback."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *argv]
        + (["--db", db] if argv[0] != "sites" else []),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == EXIT_PIPE
    assert "Traceback" not in err and "BrokenPipe" not in err


# --------------------------------------------------------------------------- search time
def test_best_window_agrees_with_counting_every_pair() -> None:
    """The linear window choice gives the window the old all-pairs count chose."""
    rng = random.Random(7)
    for _ in range(300):
        starts = sorted(rng.sample(range(5000), rng.randint(1, 60)))
        hits = [(a, a + rng.randint(1, 30)) for a in starts]
        best, best_count = 0, -1
        for a, _ in hits:
            start = max(0, a - 55)
            count = sum(1 for x, y in hits if x >= start and y <= start + 220)
            if count > best_count:
                best, best_count = start, count
        assert _best_window(hits, 220) == best


def test_snippet_of_a_two_megabyte_body_marks_the_densest_window() -> None:
    body = "Tin tức địa phương hôm nay. " * 40_000 + "Đại hội, đại hội và Đại hội. " + "x " * 1000
    snippet = make_snippet([body], positive_terms(parse('"đại hội"')))
    assert snippet.count("«") == 3 and "«Đại hội», «đại hội» và «Đại hội»" in snippet


def test_search_answers_on_a_corpus_holding_a_two_megabyte_article(tmp_path: Path) -> None:
    """Snippets used to compare every match with every other (800 kB body: 43 s)."""
    paragraph = "Đại hội đại biểu Đảng bộ tỉnh khai mạc, Tỉnh ủy chỉ đạo chuẩn bị chu đáo.\n"
    huge = art(7, "kontum", "Văn kiện Đại hội", paragraph * (2_000_000 // len(paragraph)))
    url = f"sqlite:///{tmp_path / 'corpus.sqlite'}"
    build(url, [*ARTICLES, huge]).dispose()
    # The subprocess timeout guards a hang; speed is measured in benchmarks/snippets.py.
    result = run_cli("search", '"đại hội" OR "tỉnh ủy"', "--db", url, "--format", "json",
                     timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    hits = {number(h["url"]): h for h in json.loads(result.stdout)["hits"]}
    assert set(hits) == {1, 3, 5, 6, 7}  # 2 has "Đại biểu", no phrase
    assert "«Đại hội»" in hits[7]["snippet"] and "«Tỉnh ủy»" in hits[7]["snippet"]


# --------------------------------------------------------------------------- query size
@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("(" * 300 + "đại hội" + ")" * 300, "nested 300 deep"),
        ("đại " + "NOT hội " * 1000, "too many search terms"),
        ("đại " + "NOT hội " * 200, "too many search terms"),
        ("đại " + "NOT hội " * 100, "nested too deep"),
    ],
    ids=["300 parentheses", "1000 NOTs", "200 NOTs", "100 NOTs"],
)
def test_oversized_queries_are_usage_errors(db: str, query: str, reason: str) -> None:
    for command in (["search", query], ["stats", "--query", query]):
        result = run_cli(*command, "--db", db)
        assert result.returncode == EXIT_USAGE, result.stderr[-2000:]
        assert reason in one_line_error(result)


def test_a_query_within_the_limits_still_runs(db: str) -> None:
    query = "(" * 30 + '"đại hội" OR ' + " OR ".join(f"từ{i}" for i in range(150)) + ")" * 30
    result = run_cli("search", query, "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert {number(h["url"]) for h in json.loads(result.stdout)["hits"]} == {1, 3, 5}


# --------------------------------------------------------------------------- the docs' example
def test_the_documented_python_example_runs(db: str) -> None:
    """docs/query.md's Python block, run as written against this store (hits[0].title …)."""
    text = (ROOT / "docs" / "query.md").read_text(encoding="utf-8")
    block = re.search(r"## Python\n\n```python\n(.*?)```", text, re.S)
    assert block is not None
    out = Path(db.removeprefix("sqlite:///")).parent / "all.parquet"
    code = (
        block.group(1)
        .replace('"sqlite:///corpus.sqlite"', repr(db))  # this store, its site key
        .replace('"tuyengiaokontum"', '"kontum"')
        .replace('"all.parquet"', repr(str(out)))
    )
    namespace: dict[str, object] = {}
    exec(compile(code, "docs/query.md", "exec"), namespace)
    hits = namespace["hits"]
    assert hits[0].title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh"  # type: ignore[index]
    assert out.exists()


DATASETTE_LIMIT = """
import json, sqlite3, sys
from datasette.utils import sqlite_timelimit
sys.path.insert(0, "crawler/browse/plugins")
import vn_search
conn = sqlite3.connect(sys.argv[1])
vn_search.prepare_connection(conn)
meta = json.load(open("crawler/browse/metadata.json"))
sql = next(iter(meta["databases"].values()))["queries"]["search"]["sql"]
with sqlite_timelimit(conn, 5000):  # what sql_time_limit_ms=5000 (tuyengiao browse) does
    try:
        print(len(conn.execute(sql, {"q": '"đại hội" OR tỉnh'}).fetchall()))
    except sqlite3.OperationalError as exc:
        print(exc)
"""


def test_datasette_ranked_search_over_huge_articles_ends(tmp_path: Path) -> None:
    """Browse's ranked search with 2 MB bodies: it spun for minutes, beyond Datasette's limit.

    The limit is checked by SQLite between steps, never inside ``vn_snippet``, so each call
    must be short: the query now ends (answered or interrupted at the limit). The subprocess
    timeout guards the old hang; no time is asserted.
    """
    pytest.importorskip("datasette")
    paragraph = "Đại hội đại biểu Đảng bộ tỉnh khai mạc, Tỉnh ủy chỉ đạo chuẩn bị chu đáo.\n"
    huge = [art(10 + i, "kontum", f"Văn kiện {i}", paragraph * (2_000_000 // len(paragraph)))
            for i in range(6)]  # fmt: skip
    path = tmp_path / "corpus.sqlite"
    build(f"sqlite:///{path}", [*ARTICLES, *huge]).dispose()
    result = subprocess.run(
        [sys.executable, "-c", DATASETTE_LIMIT, str(path)], capture_output=True, text=True,
        timeout=120, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    # all six (4 has "nhiệt tình": folded, tình is tỉnh) and the six huge ones
    assert result.stdout.strip() in ("12", "interrupted")
