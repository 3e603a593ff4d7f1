"""The real registry (crawler/sites.toml) passes ``sites check``; malformed entries are named.

Malformed entries are made by corrupting one entry of the *real* registry text,
so the checks are exercised on the data they guard. The expected line is found
in the text independently of the code under test: the ``[[site]]`` line above
the corrupted entry's ``key``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crawler.cms import FAMILIES
from crawler.registry import (
    DEFAULT_REGISTRY,
    LEVELS,
    PLACEHOLDER,
    RegistryError,
    check_registry,
    load_registry,
)
from tests.registry.conftest import SitesCli

TEXT = DEFAULT_REGISTRY.read_text(encoding="utf-8")
SITES = load_registry(DEFAULT_REGISTRY)


def entry_line(text: str, key: str) -> int:
    """Line number of the ``[[site]]`` that opens the entry with this key."""
    return text[: entry_text(text, key)[0]].count("\n") + 1


def entry_text(text: str, key: str) -> tuple[int, int]:
    """(start, end) offsets of one entry's text."""
    start = text.index(f'key = "{key}"')
    start = text.rindex("[[site]]", 0, start)
    end = text.find("[[site]]", start + 1)
    return start, len(text) if end < 0 else end


def corrupt(text: str, key: str, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` inside one entry only."""
    start, end = entry_text(text, key)
    part = text[start:end]
    assert re.search(old, part, re.M), f"{old!r} not in entry {key}"
    return text[:start] + re.sub(old, new, part, count=1, flags=re.M) + text[end:]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_registry_has_no_errors() -> None:
    errors = [str(p) for p in check_registry(DEFAULT_REGISTRY) if p.severity == "error"]
    assert errors == []


def test_the_real_registry_is_documented_data() -> None:
    """Every entry says where it was seen; every doubt is explained in notes."""
    assert len(SITES) >= 40
    for site in SITES.values():
        assert site.evidence, f"{site.key}: no evidence"
        assert site.level in LEVELS
        assert site.cms == "auto" or site.cms in FAMILIES
        assert PLACEHOLDER not in (site.name + site.province + site.owner), site.key
        if not site.verified or not site.active or site.cms == "auto":
            assert site.notes, f"{site.key}: unverified/inactive/auto without notes"
        if site.superseded_by:
            assert site.superseded_by in SITES and site.superseded_by != site.key


def test_keys_the_docs_and_tests_use_exist() -> None:
    """README and docs/sites.md name these keys; renaming one must update them."""
    for key in ("tuyengiaokontum", "tuyengiao-travinh"):
        assert key in SITES


BAD_ENTRIES = [
    # (key, old regex, new text, message part)
    ("tuyengiao-hagiang", r'^base_url = "https://', 'base_url = "', "base_url must be an http(s)"),
    ("btg-dongthap", r'^name = ".*"\n', "", "missing or empty required field 'name'"),
    ("thanhhoa", r'^cms = "auto"', 'cms = "sharepoint2010"', "unknown cms 'sharepoint2010'"),
    ("tuyengiao", r'^superseded_by = ".*"', 'superseded_by = "no-such"', "superseded_by names"),
    ("hatinh", r'^level = ".*"', 'level = "commune"', "level must be one of"),
    ("nghean", r"^verified = false", "verified = false\ncolour = 1", "unknown field(s): colour"),
    (
        "dangcongsan",
        r'path = "/bao-ve',
        'path = "https://other.example/bao-ve',
        "is on another host",
    ),
    ("thanhhoa", r'path = "/tinhuy/', 'path = "/tin huy/', "contains white space"),
    ("bentre", r'^key = "bentre"', 'key = "phutho"', "duplicate key"),
    (
        "bentre",
        r'^base_url = ".*"',
        'base_url = "http://www.phutho.dcs.vn/"',
        "same base_url as site 'phutho'",
    ),
    ("vptw", r'^evidence = \["', 'evidence = ["", "', "evidence must be"),
]


@pytest.mark.parametrize(("key", "old", "new", "message"), BAD_ENTRIES)
def test_a_malformed_entry_is_named_with_its_line(
    tmp_path: Path, key: str, old: str, new: str, message: str
) -> None:
    line = entry_line(TEXT, key)  # corrupting an entry does not move its [[site]] line
    text = corrupt(TEXT, key, old, new)
    path = write(tmp_path, text)
    errors = [p for p in check_registry(path) if p.severity == "error"]
    assert len(errors) == 1, [str(e) for e in errors]
    shown = str(errors[0])
    assert shown.startswith(f"sites.toml:{line}: ")
    assert message in shown
    with pytest.raises(RegistryError) as raised:
        load_registry(path)
    assert str(raised.value).startswith(f"sites.toml:{line}: ") and message in str(raised.value)


def test_check_collects_every_problem_while_load_stops_at_the_first(tmp_path: Path) -> None:
    text = corrupt(TEXT, "hatinh", r'^level = ".*"', 'level = "commune"')
    text = corrupt(text, "bentre", r'^base_url = "https://', 'base_url = "')
    path = write(tmp_path, text)
    errors = [str(p) for p in check_registry(path) if p.severity == "error"]
    assert len(errors) == 2
    assert f"sites.toml:{entry_line(text, 'hatinh')}: site 'hatinh'" in errors[0]
    assert f"sites.toml:{entry_line(text, 'bentre')}: site 'bentre'" in errors[1]
    with pytest.raises(RegistryError, match="'hatinh'"):
        load_registry(path)


def test_sites_check_exits_2_on_an_error_and_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sites_cli: SitesCli
) -> None:
    text = corrupt(TEXT, "gialai", r'^base_url = ".*"', 'base_url = "https://gialai.dcs.vn"')
    code = sites_cli(["sites", "check", "--registry", str(write(tmp_path, text))])
    out = capsys.readouterr().out
    assert code == 2
    assert f"sites.toml:{entry_line(text, 'gialai')}: site 'gialai': base_url must end" in out


def test_sites_check_passes_the_real_registry(
    capsys: pytest.CaptureFixture[str], sites_cli: SitesCli
) -> None:
    assert sites_cli(["sites", "check"]) == 0
    assert f"{len(SITES)} sites" in capsys.readouterr().out


def test_warnings_do_not_fail_unless_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sites_cli: SitesCli
) -> None:
    text = corrupt(TEXT, "bentre", r'^province = ".*"', f'province = "{PLACEHOLDER}"')
    path = write(tmp_path, text)
    warnings = [p for p in check_registry(path) if p.severity == "warning" and p.key == "bentre"]
    assert any(PLACEHOLDER in p.message for p in warnings)
    assert sites_cli(["sites", "check", "--registry", str(path)]) == 0
    assert sites_cli(["sites", "check", "--registry", str(path), "--strict"]) == 2
    assert "warning: site 'bentre'" in capsys.readouterr().out


def test_a_superseded_by_cycle_is_an_error(tmp_path: Path) -> None:
    text = corrupt(
        TEXT, "tuyengiaodanvan", r"^active = false", 'active = false\nsuperseded_by = "tuyengiao"'
    )
    errors = [str(p) for p in check_registry(write(tmp_path, text)) if p.severity == "error"]
    assert errors and all("cycle" in e for e in errors)


def test_nested_sites_on_one_host_are_a_warning_not_an_error(tmp_path: Path) -> None:
    text = corrupt(
        TEXT,
        "dangcongsan-thanhuyhanoi",
        r'^base_url = ".*"',
        'base_url = "https://dangcongsan.org.vn/hoidonglyluan/thanhuyhanoi/"',
    )
    problems = check_registry(write(tmp_path, text))
    assert not [p for p in problems if p.severity == "error"]
    assert any("overlaps site 'dangcongsan-hoidonglyluan'" in p.message for p in problems)


def test_unreadable_and_invalid_files_are_one_problem(tmp_path: Path) -> None:
    missing = check_registry(tmp_path / "nope.toml")
    assert len(missing) == 1 and "cannot read registry" in missing[0].message
    broken = check_registry(write(tmp_path, TEXT.replace('key = "vptw"', 'key = "vptw')))
    assert len(broken) == 1 and "not valid TOML" in broken[0].message
