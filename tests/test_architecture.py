"""docs/architecture.md stays true: every path it names exists, every room is on it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
# `crawler/store/fts.py`, `replica/families/`, `spiders/site.py` …: code spans that are paths.
_PATH = re.compile(r"`((?:crawler|spiders|pipelines|replica|tests|benchmarks)/[\w./-]*)`")


def named_paths(text: str) -> set[str]:
    return set(_PATH.findall(text))


def rooms() -> set[str]:
    """Top-level packages, ``crawler``'s subpackages and ``crawler``'s own modules."""
    found = {f"{p.name}/" for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    found.discard("tests/")
    crawler = ROOT / "crawler"
    found |= {f"crawler/{p.name}/" for p in crawler.iterdir() if (p / "__init__.py").exists()}
    found |= {f"crawler/{p.name}" for p in crawler.glob("*.py") if p.name != "__init__.py"}
    return found


def test_every_path_the_architecture_names_exists() -> None:
    paths = named_paths(DOC.read_text(encoding="utf-8"))
    assert len(paths) > 20
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"docs/architecture.md names what does not exist: {missing}"


def test_every_room_is_on_the_page() -> None:
    paths = named_paths(DOC.read_text(encoding="utf-8"))
    absent = sorted(r for r in rooms() if not any(p == r or p.startswith(r) for p in paths))
    assert not absent, f"rooms missing from docs/architecture.md: {absent}"


def test_the_checks_see_a_missing_path_and_a_missing_room() -> None:
    assert named_paths("see `crawler/nothing.py` and `spiders/`") == {
        "crawler/nothing.py",
        "spiders/",
    }
    assert "crawler/store/" in rooms() and "crawler/page.py" in rooms() and "replica/" in rooms()


# ``docs/evidence.md §2.1``, ``docs/sites.md``: what comments and docstrings cite.
_CITATION = re.compile(r"docs/([\w-]+\.md)(?:\s+§(\d+(?:\.\d+)?))?")
CITING = ("crawler", "spiders", "pipelines", "replica", "tests")


def citations() -> list[tuple[str, str, str | None]]:
    found = []
    for top in CITING:
        for path in sorted((ROOT / top).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for doc, section in _CITATION.findall(text):
                found.append((str(path.relative_to(ROOT)), doc, section or None))
    return found


def test_cited_documents_and_sections_exist() -> None:
    found = citations()
    assert len(found) > 30
    bad = []
    for where, doc, section in found:
        path = ROOT / "docs" / doc
        if not path.exists():
            bad.append(f"{where}: docs/{doc} does not exist")
        elif section and not re.search(
            rf"^#+ {re.escape(section)}[. ]", path.read_text(encoding="utf-8"), re.M
        ):
            bad.append(f"{where}: docs/{doc} has no section {section}")
    assert not bad, "\n".join(bad)


def test_no_comment_cites_documents_outside_the_repository() -> None:
    outside = re.compile(r"research" + r"/\w+\.md|shared/" + "research")  # split: not a citation
    cited = [
        str(path.relative_to(ROOT))
        for top in CITING
        for path in sorted((ROOT / top).rglob("*.py"))
        if outside.search(path.read_text(encoding="utf-8"))
    ]
    assert not cited, f"cite docs/ instead: {cited}"
