"""``tuyengiao extract --batch LIST`` through the CLI: one JSON line per page, bad ones too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PARAGRAPHS = [
    "Sáng 20/3, Ban Tuyên giáo Thị ủy tổ chức hội nghị thông tin thời sự quý I cho báo cáo viên"
    " các xã, phường trên địa bàn.",
    "Tại hội nghị, các đại biểu được nghe thông tin về tình hình kinh tế - xã hội, quốc phòng -"
    " an ninh và những vấn đề dư luận quan tâm.",
]
ARTICLE = (
    "<html><head><title>Thông tin thời sự quý I - Thị ủy</title></head><body>"
    "<div class='menu'><a href='/'>Trang chủ</a></div><div class='bai'>"
    "<h1>Thông tin thời sự quý I</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "<p align='right'><b>Đỗ Quang Huy</b></p></div></body></html>"
)


def batch(listing: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", "extract", "--batch", *args],
        input=listing,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_batch_goes_on_past_bad_files_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "good.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    listing = (
        "# saved pages\n"
        "good.html\thttp://thiuy.example.vn/tin/thoi-su-1.html\n"
        "image.html\thttp://thiuy.example.vn/tin/anh.html\n"
        "\n"
        "gone.html\thttp://thiuy.example.vn/tin/gone.html\n"
        "no-url.html\n"
        f"{tmp_path / 'good.html'}\thttp://thiuy.example.vn/tin/thoi-su-2.html\n"
    )
    done = batch(listing, tmp_path, "-")
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["file"] for line in lines] == [
        "good.html",
        "image.html",
        "gone.html",
        "no-url.html",
        str(tmp_path / "good.html"),
    ]
    good = lines[0]
    assert good["title"] == "Thông tin thời sự quý I"
    assert good["body"] == "\n\n".join(PARAGRAPHS)
    assert good["author"] == "Đỗ Quang Huy"
    assert good["url"] == "http://thiuy.example.vn/tin/thoi-su-1.html"
    assert lines[1]["problem"] == "not an HTML page"
    assert lines[2]["problem"].startswith("cannot read")
    assert "line 6" in lines[3]["problem"]
    assert lines[4]["title"] == good["title"] and "problem" not in lines[4]
    assert done.returncode == 5
    assert done.stderr.strip().endswith("extracted 2 of 5 pages; 3 with a problem")


def test_a_list_file_of_good_pages_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "list.tsv").write_text("a.html\thttp://x.example/a-1.html\n", encoding="utf-8")
    done = batch("", tmp_path, "list.tsv")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1


def test_a_missing_list_is_a_usage_error(tmp_path: Path) -> None:
    done = batch("", tmp_path, "nope.tsv")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "nope.tsv" in done.stderr
