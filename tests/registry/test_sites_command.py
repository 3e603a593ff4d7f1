"""``tuyengiao sites``: filters and JSON agree with the registry file they list.

Expected sets come from ``load_registry`` plus the filter's plain meaning (a
province name with or without diacritics, an exact CMS family, a level), not
from the command's own output.
"""

from __future__ import annotations

import json

import pytest

from crawler.registry import LEVELS, load_registry
from tests.conftest import run_cli
from tests.registry.conftest import SitesCli

ALL = load_registry()


def listed_keys(out: str) -> list[str]:
    """Keys of the table rows (the last line is the count)."""
    return [line.split()[0] for line in out.splitlines()[:-1] if line.strip()]


def run_json(sites_cli: SitesCli, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    assert sites_cli(["sites", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_lists_every_site_with_every_field(
    sites_cli: SitesCli, capsys: pytest.CaptureFixture[str]
) -> None:
    records = run_json(sites_cli, capsys)
    assert [r["key"] for r in records] == list(ALL)
    for record in records:
        site = ALL[record["key"]]
        assert record["base_url"] == site.base_url and record["cms"] == site.cms
        assert record["active"] == site.active and record["verified"] == site.verified
        assert record["superseded_by"] == site.superseded_by
        assert [s["path"] for s in record["sections"]] == [s.path for s in site.sections]
        assert record["evidence"] == list(site.evidence)


@pytest.mark.parametrize("typed", ["Lâm Đồng", "lam dong", "LÂM ĐỒNG", "lamdong"])
def test_province_filter_ignores_diacritics_and_case(
    sites_cli: SitesCli, capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    expected = [k for k, s in ALL.items() if s.province == "Lâm Đồng"]
    assert len(expected) >= 2
    got = [r["key"] for r in run_json(sites_cli, capsys, "--province", typed)]
    assert got == expected


@pytest.mark.parametrize("cms", sorted({s.cms for s in ALL.values()}))
def test_cms_filter(sites_cli: SitesCli, capsys: pytest.CaptureFixture[str], cms: str) -> None:
    got = [r["key"] for r in run_json(sites_cli, capsys, "--cms", cms)]
    assert got == [k for k, s in ALL.items() if s.cms == cms]


@pytest.mark.parametrize("level", LEVELS)
def test_level_and_state_filters_in_the_table(
    sites_cli: SitesCli, capsys: pytest.CaptureFixture[str], level: str
) -> None:
    assert sites_cli(["sites", "--level", level, "--inactive"]) == 0
    expected = [k for k, s in ALL.items() if s.level == level and not s.active]
    assert listed_keys(capsys.readouterr().out) == expected


def test_a_filter_that_matches_nothing_is_not_an_error(
    sites_cli: SitesCli, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_json(sites_cli, capsys, "--province", "Atlantis") == []


def test_the_installed_cli_runs_sites_check() -> None:
    """The same command through ``python -m crawler.cli`` (how cron and CI call it)."""
    result = run_cli("sites", "check")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "0 errors" in result.stdout
