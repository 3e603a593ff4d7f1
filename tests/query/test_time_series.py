"""Time series a study can use: zero-filled periods, cross-tabs, shares, undated counted.

The six articles of tests/query/conftest.py: Kon Tum 2020 and 2021, Đắk Lắk 2022 and
2023, Hà Nội 2025 (Vietnam time; 2024 in UTC) and one undated Hà Nội article.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.commands.query import _chart_data, chart_title
from crawler.query.filters import Filters
from crawler.query.stats import plot, stats, undated_outside
from tests.query.conftest import Backend

ROOT = Path(__file__).resolve().parents[2]


def cells(rows: list) -> dict[tuple[str, ...], int]:
    return {r.keys: r.articles for r in rows}


def test_cross_tab_province_by_year_is_zero_filled(store: Backend) -> None:
    rows = stats(store.engine, ("province", "year"))
    got = cells(rows)
    years = ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert {k for k in got if k[1] != "(no date)"} == {
        (p, y) for p in ("Kon Tum", "Đắk Lắk", "Hà Nội") for y in years
    }
    assert got[("Kon Tum", "2020")] == 1 and got[("Kon Tum", "2022")] == 0
    assert got[("Hà Nội", "2025")] == 1 and got[("Hà Nội", "(no date)")] == 1
    assert sum(got.values()) == 6  # every article, the undated one included
    # Each province's periods in order, "(no date)" last.
    hanoi = [r.keys[1] for r in rows if r.keys[0] == "Hà Nội"]
    assert hanoi == [*years, "(no date)"]


def test_year_by_site_cross_tab_orders_periods_first(store: Backend) -> None:
    rows = stats(store.engine, ("year", "site"), Filters.make(site="kontum"))
    assert [(r.keys, r.articles) for r in rows] == [
        (("2020", "kontum"), 1), (("2021", "kontum"), 1),
    ]  # fmt: skip


def test_share_with_a_query_is_of_all_articles_in_the_cell(store: Backend) -> None:
    # "hội" is in 1-5, not in 6 (the undated Hà Nội article).
    rows = stats(store.engine, "province", Filters.make(query="hội"), share=True)
    assert {r.key: (r.articles, r.share) for r in rows} == {
        "Kon Tum": (2, 100.0), "Đắk Lắk": (2, 100.0), "Hà Nội": (1, 50.0),
    }  # fmt: skip
    by_year = stats(store.engine, "year", Filters.make(query='"đại hội"'), share=True)
    assert {r.key: r.share for r in by_year} == {
        "2020": 100.0, "2021": 0.0, "2022": 100.0, "2023": 0.0, "2024": 0.0, "2025": 100.0,
    }  # fmt: skip


def test_share_without_a_query_is_of_the_period(store: Backend) -> None:
    rows = stats(store.engine, ("province", "year"), share=True)
    assert {r.keys: r.share for r in rows}[("Kon Tum", "2020")] == 100.0
    flat = stats(store.engine, "province", share=True)
    assert {r.key: r.share for r in flat} == {"Kon Tum": 33.33, "Đắk Lắk": 33.33, "Hà Nội": 33.33}


def test_undated_articles_left_out_by_dates_are_counted(store: Backend) -> None:
    assert undated_outside(store.engine, Filters.make(since="2021")) == 1
    assert undated_outside(store.engine, Filters.make(since="2021", site="kontum")) == 0
    assert undated_outside(store.engine, Filters.make(site="hanoi")) == 0  # no date filter


def test_bad_dimensions_are_refused(store: Backend) -> None:
    for by in (("year", "month"), ("site", "site"), ("site", "year", "author"), ("colour",)):
        with pytest.raises(ValueError):
            stats(store.engine, by)


def test_year_chart_draws_years_with_integer_ticks(store: Backend, tmp_path: Path) -> None:
    rows = stats(store.engine, "year")
    data, unit, series = _chart_data(rows, ["year"], share=False)
    assert unit == "year" and series is None
    assert data == {"": {"2020": 1, "2021": 1, "2022": 1, "2023": 1, "2024": 0, "2025": 1}}
    drawn = plot(data, tmp_path / "y.svg", unit="year", title="Articles per year")
    assert drawn["x"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert all(t == int(t) for t in drawn["ticks"])
    assert (tmp_path / "y.svg").read_text()[:200].lstrip().startswith("<?xml")


@pytest.mark.parametrize(("name", "magic"), [("c.png", b"\x89PNG"), ("c.svg", b"<?xml"),
                                             ("c.pdf", b"%PDF")])  # fmt: skip
def test_cli_plot_format_follows_the_extension(
    sqlite_store: Backend, tmp_path: Path, name: str, magic: bytes
) -> None:
    out = tmp_path / name
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "stats", "--by", "province", "--by", "year",
         "--query", '"đại hội"', "--exact", "--plot", str(out), "--format", "json",
         "--db", sqlite_store.url],
        capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[: len(magic)] == magic
    assert "(exact: diacritics and tones count)" in result.stderr
    rows = json.loads(result.stdout)
    assert rows[0].keys() >= {"province", "year", "articles"}


def test_chart_title_states_query_mode_store_and_undated() -> None:
    title = chart_title("year", "province", '"đại hội"', True, "sqlite:////x/demo.sqlite", 34)
    assert title == (
        "Articles per year by province matching '\"đại hội\"' (exact)\n"
        "sqlite:////x/demo.sqlite; 34 undated not drawn"
    )
    assert chart_title("month", None, None, False, "s", 0) == "Articles per month\ns"


def test_plot_never_replaces_a_symlink(store: Backend, tmp_path: Path) -> None:
    from crawler.query import OutputError

    target = tmp_path / "keep.txt"
    target.write_text("keep me")
    link = tmp_path / "chart.png"
    link.symlink_to(target)
    data = {"": {"2020": 1, "2021": 2}}
    with pytest.raises(OutputError, match="symbolic link"):
        plot(data, link, unit="year")
    assert link.is_symlink() and target.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chart.png", "keep.txt"]
    plot(data, link, unit="year", write_through=True)  # on request: into the target
    assert link.is_symlink() and target.read_bytes()[:4] == b"\x89PNG"
