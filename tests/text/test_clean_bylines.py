"""Bylines at the top and the end of a body, as the cleaner splits them off."""

from __future__ import annotations

from crawler.items import Block
from crawler.text.clean import clean_blocks

BODY = [
    "Sáng 5/6, Huyện ủy tổ chức hội nghị học tập, quán triệt nghị quyết của Trung ương cho cán bộ.",
    "Hội nghị được tổ chức trực tiếp kết hợp trực tuyến đến 25 điểm cầu các xã, thị trấn.",
]


def blocks(*extra_before: Block, after: tuple[Block, ...] = ()) -> list[Block]:
    return [*extra_before, *(Block(t) for t in BODY), *after]


def test_a_labelled_byline_at_the_top_of_the_body() -> None:
    got = clean_blocks(blocks(Block("Tin, ảnh: Ngô Đức Hải")))
    assert got.author == "Ngô Đức Hải"
    assert got.body.startswith("Sáng 5/6")


def test_a_bold_name_alone_at_the_top_is_a_byline_a_plain_one_is_not_taken() -> None:
    got = clean_blocks(blocks(Block("Phạm Thu Trang", emphasis=True)))
    assert got.author == "Phạm Thu Trang" and not got.body.startswith("Phạm")
    plain = clean_blocks(blocks(Block("Phạm Thu Trang")))
    assert plain.author is None and plain.body.startswith("Phạm Thu Trang")


def test_an_author_label_at_the_top() -> None:
    assert clean_blocks(blocks(Block("Tác giả: Thanh Tâm"))).author == "Thanh Tâm"


def test_a_bold_name_in_capitals_at_the_end() -> None:
    got = clean_blocks(blocks(after=(Block("NGUYỄN VĂN SƠN", emphasis=True),)))
    assert got.author == "NGUYỄN VĂN SƠN" and "NGUYỄN" not in got.body


def test_a_name_then_its_affiliation_at_the_end() -> None:
    got = clean_blocks(
        blocks(after=(Block("Lê Thị Mai", align="right"), Block("Ban Tuyên giáo Huyện ủy")))
    )
    assert got.author == "Lê Thị Mai" and "Ban Tuyên giáo" not in got.body


def test_a_source_line_is_not_an_author() -> None:
    got = clean_blocks(blocks(after=(Block("Nguồn: Báo Nhân Dân"),)))
    assert got.author is None
    got = clean_blocks(blocks(), byline_hint="Nguồn tin: Ban Tuyên giáo Tỉnh ủy")
    assert got.author is None


def test_the_markup_guess_serves_only_when_the_text_names_nobody() -> None:
    with_name = blocks(after=(Block("Trần Bình Trọng", align="right"),))
    assert clean_blocks(with_name, byline_guess="Quản Trị Viên").author == "Trần Bình Trọng"
    assert clean_blocks(blocks(), byline_guess="Hoàng Anh").author == "Hoàng Anh"
    # A family's byline selector wins over the text.
    assert clean_blocks(with_name, byline_hint="Tác giả: Mai Lan").author == "Mai Lan"
