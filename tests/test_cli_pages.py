"""``tuyengiao clean`` and ``tuyengiao extract`` on single pages, good and bad."""

from __future__ import annotations

import json
import random

import pytest

from crawler.cli import EXIT_BAD_INPUT, main
from tests.conftest import SEEDS, seed_gold
from tests.test_robustness import all_pages


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("seed", sorted(seed_gold()))
def test_clean_gives_the_seed_gold(capsys, seed):
    gold = seed_gold()[seed]
    page = next(SEEDS.glob(f"{seed}_*.txt"))
    code, out, err = run(capsys, "clean", str(page))
    assert code == 0, err
    got = json.loads(out)
    for field in ("title", "author", "views", "published", "captions"):
        assert got[field] == gold[field], field
    body = got["body"].strip()
    assert body.startswith(gold["body_starts_with"]) and body.endswith(gold["body_ends_with"])
    for chrome in gold["body_must_not_contain"]:
        assert chrome not in body, chrome
    assert "\n\n\n" not in body


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not an HTML page"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not an HTML page"),
        (b"<html><body><div>menu</div></body></html>", ""),
        (b"<html><head><title>x</title></head><body><h1>Ti", ""),
    ],
)
def test_extract_bad_pages_exit_non_zero_with_one_line(capsys, tmp_path, content, reason):
    page = tmp_path / "page.html"
    page.write_bytes(content)
    code, out, err = run(capsys, "extract", str(page), "--url", "http://x.example/a-1.html")
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("tuyengiao: ")
    assert reason in err


def test_extract_unknown_cms_is_a_usage_error(capsys, tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><body><p>x</p></body></html>")
    code, _, err = run(capsys, "extract", str(page), "--url", "http://x/", "--cms", "drupal")
    assert code == 2 and "drupal" in err


# --------------------------------------------------------------------------- bounded input
@pytest.mark.parametrize("command", ["extract", "clean"])
def test_endless_input_ends_at_once_with_one_line(capsys, command):
    """/dev/zero used to be read without limit; now at most --max-bytes + 1 bytes are read."""
    extra = ["--url", "http://x.example/a-1.html"] if command == "extract" else []
    code, out, err = run(capsys, command, "/dev/zero", *extra)
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.count("\n") == 1 and "larger than 8,388,608 bytes" in err


def test_a_fifty_megabyte_page_is_refused_unread(capsys, tmp_path):
    page = tmp_path / "big.html"
    with page.open("wb") as fh:
        fh.write(b"<html><body>" + "<p>Tin tức</p>".encode() * (50 * 1024 * 1024 // 16))
    code, out, err = run(capsys, "extract", str(page), "--url", "http://x.example/a-1.html")
    assert code == EXIT_BAD_INPUT and out == "" and "--max-bytes" in err


def test_the_limit_is_configurable(capsys):
    page = next(SEEDS.glob("000_*.txt"))
    code, _, err = run(capsys, "clean", str(page), "--max-bytes", "100")
    assert code == EXIT_BAD_INPUT and "larger than 100 bytes" in err
    code, out, _ = run(capsys, "clean", str(page), "--max-bytes", "10000000")
    assert code == 0 and json.loads(out)["title"]


def test_clean_refuses_binary_data(capsys, tmp_path):
    dump = tmp_path / "photo.txt"
    dump.write_bytes(random.Random(1).randbytes(20_000))
    code, out, err = run(capsys, "clean", str(dump))
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.count("\n") == 1 and "binary data, not text" in err


def test_clean_refuses_an_html_page_and_points_to_extract(capsys, tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(all_pages()[0].html)  # a replica page with its real chrome
    code, out, err = run(capsys, "clean", str(page), "--url", "http://x.example/a-1.html")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.count("\n") == 1 and "an HTML page, not a text dump" in err
    assert f"tuyengiao extract {page} --url http://x.example/a-1.html" in err
