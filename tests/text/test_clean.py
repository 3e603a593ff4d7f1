"""clean.py + chrome.py: chrome out by whole blocks, captions aside, byline split at the end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.items import Block
from crawler.text.chrome import CUES
from crawler.text.clean import (
    chrome_cue,
    clean_blocks,
    clean_plain_text,
    is_date_line,
    is_name,
    parse_views,
)

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"
# The raw date line of each seed (not in the gold files, which hold the parsed date).
DATE_LINES = {
    "000": "06/01/2021 06:01",
    "001": "15/06/2020 | 362",
    "002": None,
    "003": None,
    "004": "Thứ năm - 28/12/2023 14:55",
}
P1 = (
    "Sáng 28-12, Ban Tuyên giáo Tỉnh ủy tổ chức Hội nghị trực tuyến tổng kết công tác tuyên "
    "giáo năm 2023, triển khai nhiệm vụ năm 2024."
)
P2 = (
    "Toàn ngành đã tham mưu triển khai thực hiện Kết luận số 01-KL/TW của Bộ Chính trị về "
    "tiếp tục thực hiện Chỉ thị 05-CT/TW."
)


def _texts(*texts: str | Block) -> list[Block]:
    return [t if isinstance(t, Block) else Block(t) for t in texts]


# ---------------------------------------------------------------------------- seeds (gold)
@pytest.mark.parametrize(
    "gold_path", sorted(SEEDS.glob("*.expected.json")), ids=lambda p: p.name[:3]
)
def test_seed_matches_gold(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    page = gold_path.with_name(gold_path.name.replace(".expected.json", ".txt"))
    art = clean_plain_text(page.read_text(encoding="utf-8"))
    assert art.title == gold["title"]
    assert art.author == gold["author"]
    assert art.views == gold["views"]
    assert art.captions == gold["captions"]
    assert art.date_line == DATE_LINES[gold_path.name[:3]]
    body = art.body.strip()
    assert body.startswith(gold["body_starts_with"])
    assert body.endswith(gold["body_ends_with"])
    for bad in gold["body_must_not_contain"]:
        assert bad not in body, bad
    assert "\n\n\n" not in body
    assert all(p.strip() == p and p for p in body.split("\n\n"))


# ---------------------------------------------------------------------------- chrome kinds
CHROME_EXAMPLES = [
    ("counter", "Thống kê truy cập"),
    ("counter", "Thống kê"),
    ("counter", "  • Đang online: 6"),
    ("counter", "• Hôm nay: 3670"),
    ("counter", "• Trong tuần: 8 047"),
    ("counter", "• Tất cả: 8806095"),
    ("counter", "• Đang truy cập48"),
    ("counter", "• Máy chủ tìm kiếm3"),
    ("counter", "• Hôm nay19,709"),
    ("counter", "• Tổng lượt truy cập30,863,622"),
    ("counter", "Lượt truy cập"),
    ("counter", "Thống kê: 2.745.509"),
    ("counter", "Online: 37"),
    ("counter", "Trực tuyến : 5814"),
    ("counter", "Đã truy cập : 43584994"),
    ("counter", "Số lượt truy cập"),
    ("counter", "Thống kê truy cập\n• Đang online: 6\n• Hôm nay: 3670\n• Tất cả: 8806095"),
    ("licence_contact", "Giấy phép số: Giấy phép số 01/GP-TTĐT, ngày 28 tháng 8 năm 2020"),
    (
        "licence_contact",
        "Chịu trách nhiệm: Ông Huỳnh Quốc Huy, Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo",
    ),
    ("licence_contact", "Địa chỉ: 67 Bà Triệu, P. Thắng Lợi, Tp. Kon Tum"),
    ("licence_contact", "Điện thoại:\u00a00260.3862301"),
    ("licence_contact", "Fax:\u00a00260. 3865464"),
    ("licence_contact", "Email: bantuyengiaotinhuykt@gmail.com"),
    ("licence_contact", "Website: http://https://tuyengiaokontum.org.vn/"),
    ("licence_contact", "Trưởng Ban biên tập: Trần Quốc Tuấn"),
    ("licence_contact", "Chức vụ: Ủy viên Thường vụ Tỉnh ủy, Trưởng Ban Tuyên giáo Tỉnh ủy."),
    (
        "licence_contact",
        'Ghi rõ nguồn "Trang tin điện tử Ban Tuyên giáo Tỉnh ủy Trà Vinh" khi phát hành lại '
        "thông tin từ website này.",
    ),
    ("licence_contact", "Bản quyền thuộc về Ban Tuyên giáo và Dân vận Trung ương"),
    ("masthead", "TRANG THÔNG TIN ĐIỆN TỬ BAN TUYÊN GIÁO TỈNH ỦY KON TUM"),
    ("masthead", "TRANG THÔNG TIN ĐIỆN TỬ BAN TUYÊN GIÁO TỈNH UỶ KON TUM"),
    ("masthead", "Trang thông tin điện tử Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng"),
    ("masthead", "WEBSITE BAN TUYÊN GIÁO TỈNH ỦY TRÀ VINH"),
    ("masthead", "BAN TUYÊN GIÁO TỈNH UỶ TRÀ VINH"),
    ("masthead", "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY LÂM ĐỒNG"),
    ("masthead", "CHÀO MỪNG ĐẾN VỚI TRANG THÔNG TIN ĐIỆN TỬ ĐẢNG BỘ TỈNH BÌNH ĐỊNH"),
    ("masthead", "Chào mừng đến với Cổng thông tin điện tử huyện Chợ Mới - tỉnh Bắc Kạn"),
    ("trust_badge", "Chung nhan Tin Nhiem Mang"),
    ("rating", "Tổng số điểm của bài viết là: 0 trong 0 đánh giá"),
    ("rating", "Click để đánh giá bài viết"),
    ("rating", "Xếp hạng: 0 - 0 phiếu bầu"),
    ("rating", "Đánh giá bài viết:"),
    ("rating", "Bình chọn bài viết:"),
    ("rating", "Bài viết rất kém Bài viết kém Bài viết bình thường Bài viết tốt Bài viết rất tốt"),
    ("poll", "Thăm dò ý kiến"),
    ("poll", "Bạn có thường xuyên truy cập trang web này không?"),
    ("poll", "Theo bạn trang web có cần bổ sung, điều chỉnh nội dung gì không?"),
    ("login_session", "Đăng nhập"),
    ("login_session", "ĐĂNG NHẬP"),
    ("login_session", "Sign In"),
    ("login_session", "Hãy đăng nhập tài khoản để sử dụng tài liệu Báo cáo viên"),
    (
        "login_session",
        "Bạn đã không sử dụng Site, Bấm vào đây để duy trì trạng thái đăng nhập. "
        "Thời gian chờ: 60 giây",
    ),
    ("documents", "Văn bản mới"),
    ("documents", "TÀI LIỆU"),
    ("documents", "Lượt xem:194 | lượt tải:31"),
    ("documents", "CV.2411.BTGTU"),
    ("documents", "File đính kèm"),
    ("documents", "Xem chi tiết trong file đính kèm"),
    ("related", "Chuyên mục khác"),
    ("category", "Đăng trong Đào tạo - Bồi dưỡng"),
    ("related", "Các bài viết khác"),
    ("related", "Tin khác"),
    ("related", "TIN KHÁC"),
    ("related", "Tin liên quan"),
    ("related", "Những tin mới hơn"),
    ("related", "Những tin cũ hơn"),
    ("related", "Theo dòng sự kiện"),
    ("related", "TIN CÙNG CHUYÊN MỤC"),
    ("related", "TIN NỔI BẬT"),
    ("related", "TIN MỚI"),
    ("related", "BÀI MỚI ĐĂNG"),
    ("related", "TOP"),
    ("related", "Mới nhất"),
    ("related", "Xem thêm"),
    ("related", "Đọc thêm"),
    ("related", "Xem tiếp..."),
    ("related", "7 ngày trước"),
    ("related", "1 tháng trước"),
    (
        "related",
        "• Thẩm định cuốn sách Lịch sử Đảng bộ cơ quan Ngân hàng Trung ương 1951 - 2020 "
        "(1 tháng trước)",
    ),
    ("related", "Xem thêm: Hội nghị giao ban báo chí tháng 4-2024"),
    ("related", "Hội nghị giao ban báo chí tháng 4-2024 (28/04/2024)"),
    ("prev_next", "Bài trướcHuyện ủy Chợ Đồn tổ chức Hội nghị cán bộ chủ chốt"),
    ("prev_next", "Bài tiếp theoChợ Đồn tăng cường phòng chống dịch bệnh COVID-19"),
    ("prev_next", "Bài trước"),
    ("prev_next", "Previous article"),
    ("tags", "TAGS"),
    ("tags", "Tags: đại hội, tuyên giáo"),
    ("tags", "Từ khóa: Đại hội Đảng"),
    ("pager", "1 2 3 4 5 ..."),
    ("pager", "1\u00a02\u00a03\u00a04\u00a05\u00a0\u00a0...\u00a0"),
    ("pager", "Trang sau >>"),
    ("share_print", "Chia sẻ:"),
    ("share_print", "In bài viết"),
    ("share_print", "In"),
    ("share_print", "Email"),
    ("share_print", "A- A A+"),
    ("share_print", "Đọc bài"),
    ("share_print", "Lưu"),
    ("share_print", "Chia sẻ Lưu"),
    ("share_print", "Giới thiệu bài viết cho bạn bè"),
    ("share_print", "Lưu bài viết này"),
    ("share_print", "In ra"),
    ("share_print", "Trang chủ"),
    ("share_print", "100%"),
    ("share_print", "Trang chủ > Tin tức > Tuyên truyền"),
    ("comment_form", "Trả lời"),
    (
        "comment_form",
        "Email của bạn sẽ không được hiển thị công khai. Các trường bắt buộc được đánh dấu *",
    ),
    ("views", "Lượt xem: 6783"),
    ("views", "4664 Lượt xem"),
    ("views", "View count: 1095"),
    ("views", "Đã xem: 1.234"),
    ("banner", "Liên kết website"),
    ("banner", "bao chi"),
    ("banner", "bacho 2"),
    ("banner", "truongsa"),
    ("banner", "sls"),
    ("placeholders", "null"),
    ("placeholders", "Dữ liệu đang được cập nhật"),
    ("placeholders", "Skip Ribbon Commands"),
    ("placeholders", "900168"),
    ("placeholders", "•"),
    ("dateline", "06/01/2021 06:01"),
    ("dateline", "Thứ năm - 28/12/2023 14:55"),
    ("dateline", "15/06/2020 | 362"),
]


@pytest.mark.parametrize(
    ("kind", "text"), CHROME_EXAMPLES, ids=[t[:30] for _, t in CHROME_EXAMPLES]
)
def test_chrome_example_is_dropped_as_a_block(kind: str, text: str) -> None:
    cue = chrome_cue(text.strip().replace("\u00a0", " "))
    assert cue is not None and cue.kind == kind
    out = clean_blocks(_texts(P1, text, P2))
    assert P1 in out.body
    assert text.strip() not in out.body


def test_every_cue_names_its_evidence_and_every_kind_is_exercised() -> None:
    assert all(c.evidence for c in CUES)
    exercised = {k for k, _ in CHROME_EXAMPLES}
    assert {c.kind for c in CUES} <= exercised


@pytest.mark.parametrize(
    "sentence",
    [
        "Điện thoại di động trở thành công cụ tuyên truyền hữu hiệu, nhất là với thanh niên.",
        "Người dân liên hệ qua Điện thoại: 0260.3862301 hoặc đến trực tiếp trụ sở Ban để được "
        "hướng dẫn thủ tục, giải đáp thắc mắc về chính sách và tiếp nhận phản ánh của nhân dân.",
        "Thống kê cho thấy năm 2023 toàn tỉnh kết nạp hơn 1.200 đảng viên mới.",
        "Theo Thống kê của Sở, 95% hộ gia đình đã tiếp cận thông tin.",
        "Đăng nhập hệ thống iOffice, cán bộ nhận văn bản chỉ đạo kịp thời.",
        "Người dân có thể đăng nhập Cổng dịch vụ công để góp ý dự thảo văn kiện.",
        "Mọi ý kiến đóng góp gửi qua Email của Ban Tuyên giáo Tỉnh ủy trước ngày 30/6.",
        "Hôm nay, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị báo cáo viên.",
        "Tin khác nhau về dịch bệnh lan truyền trên mạng xã hội gây hoang mang.",
        "Bài trước đó đã phân tích những hạn chế trong công tác tuyên truyền.",
        "Tài liệu sinh hoạt chi bộ tháng 6 được phát hành đến các chi bộ.",
        "Thăm dò ý kiến nhân dân là kênh quan trọng để nắm bắt dư luận xã hội.",
        "Trang thông tin điện tử Ban Tuyên giáo Tỉnh ủy đã đăng tải hơn 500 tin, bài.",
        "Bạn đọc có thể xem thêm tại trang web của Ban.",
    ],
)
def test_body_sentences_mentioning_chrome_words_survive(sentence: str) -> None:
    assert chrome_cue(sentence) is None
    out = clean_blocks(_texts(P1, sentence, P2))
    assert out.body == f"{P1}\n\n{sentence}\n\n{P2}"


def test_strong_end_marker_drops_everything_after() -> None:
    out = clean_blocks(_texts(P1, P2, "Tin liên quan", "Một bài khác hoàn toàn có tiêu đề dài."))
    assert out.body == f"{P1}\n\n{P2}"
    assert "Một bài khác hoàn toàn có tiêu đề dài." in out.removed


def test_end_marker_before_any_body_text_only_drops_itself() -> None:
    out = clean_blocks(_texts("Tin khác", P1, P2))
    assert out.body == f"{P1}\n\n{P2}"


def test_widget_head_takes_its_short_items_but_not_prose() -> None:
    out = clean_blocks(
        _texts(P1, "Thăm dò ý kiến", "Rất hữu ích", "Bình thường", "Không có ý kiến", P2)
    )
    assert out.body == f"{P1}\n\n{P2}"


def test_multiline_block_mostly_chrome_vs_mostly_prose() -> None:
    chrome = "Lượt truy cập\nThống kê: 2.745.509\nOnline: 37"
    assert chrome_cue(chrome) is not None
    prose = P1 + "\nĐiện thoại: 0260.3862301"
    assert chrome_cue(prose) is None


def test_headings_stay_as_paragraphs() -> None:
    out = clean_blocks([Block(P1), Block("Những kết quả nổi bật", kind="heading"), Block(P2)])
    assert out.body == f"{P1}\n\nNhững kết quả nổi bật\n\n{P2}"


# ---------------------------------------------------------------------------- bylines
@pytest.mark.parametrize(
    ("tail", "author"),
    [
        (["Lê Văn Châu"], "Lê Văn Châu"),
        ([Block("Trần Bình Trọng", align="right")], "Trần Bình Trọng"),
        ([Block("NGUYỄN VĂN SƠN", align="right")], "NGUYỄN VĂN SƠN"),
        (["Tin, ảnh: Ngô Đức Hải"], "Ngô Đức Hải"),
        (["Tin, ảnh: BÌNH ĐỊNH"], "BÌNH ĐỊNH"),
        (["Bài và ảnh: Thanh Vân"], "Thanh Vân"),
        (["Bài: Thanh Vân - Ảnh: Mai Trâm"], "Thanh Vân"),
        (["Tác giả: Lê Văn Châu"], "Lê Văn Châu"),
        (["Quang Mẫn – Duy Phong"], "Quang Mẫn – Duy Phong"),
        (["Huỳnh Phong - Hùng Anh"], "Huỳnh Phong - Hùng Anh"),
        (["Tố Tuấn"], "Tố Tuấn"),
        (["P. Thuỷ"], "P. Thuỷ"),
        (["T.H"], "T.H"),
        # The note says how the text was made; the author is the name before it.
        (["T.H (tổng hợp)"], "T.H"),
        (["TS (tổng hợp)"], "TS"),
        (["TS (tổng hợp)", "Nguồn Bắc Giang: http://bacgiang.gov.vn/tin-tuc"], "TS"),
        (["BTG (tổng hợp)"], "BTG"),
        (["Ban Tuyên giáo Tỉnh ủy (st)"], "Ban Tuyên giáo Tỉnh ủy"),
        (["TS. Nguyễn Văn An"], "TS. Nguyễn Văn An"),
        (
            ["Nguyễn Văn Sơn", Block("Ban Tuyên giáo Đảng ủy Khối", align="right")],
            "Nguyễn Văn Sơn",
        ),
        (["Nguyễn Văn Sơn", "Ban Tuyên giáo và Dân vận Tỉnh uỷ"], "Nguyễn Văn Sơn"),
        (["Nguyễn Văn Sơn - Ban Tuyên giáo Đảng ủy Khối"], "Nguyễn Văn Sơn"),
    ],
)
def test_byline_forms_at_the_end(tail: list[str | Block], author: str) -> None:
    out = clean_blocks(_texts(P1, P2, *tail))
    assert out.author == author
    assert out.body == f"{P1}\n\n{P2}"


@pytest.mark.parametrize(
    "last",
    [
        "Thực hiện tốt các nhiệm vụ nêu trên là hành động thiết thực.",
        "Ban Tuyên giáo Đảng ủy Khối",
        "Hòa",
        "Quang cảnh Hội nghị",
        "Thứ Năm",
    ],
)
def test_not_a_byline(last: str) -> None:
    out = clean_blocks(_texts(P1, P2, last))
    assert out.author is None
    assert out.body.endswith(last)


def test_name_in_the_middle_is_not_a_byline() -> None:
    out = clean_blocks(_texts(P1, "Lê Văn Châu", P2))
    assert out.author is None
    assert "Lê Văn Châu" in out.body


def test_byline_hint_from_markup() -> None:
    out = clean_blocks(_texts(P1, P2, "Lê Văn Châu"), byline_hint="Tác giả: Lê Văn Châu")
    assert out.author == "Lê Văn Châu"
    assert out.body == f"{P1}\n\n{P2}"


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Lê Văn Châu", True),
        ("P. Thuỷ", True),
        ("Quang Mẫn – Duy Phong", True),
        ("Lê Văn Châu.", False),
        ("Quang cảnh Hội nghị", False),
        ("Ban Tuyên Giáo", False),
        ("Châu", False),
        ("Nguyễn Văn 2", False),
    ],
)
def test_is_name(text: str, ok: bool) -> None:
    assert is_name(text) is ok


# ---------------------------------------------------------------------------- captions
def test_caption_kinds_and_positions() -> None:
    out = clean_blocks(
        [
            Block(P1),
            Block("Quang cảnh Hội nghị", kind="caption"),
            Block("Đồng chí Nguyễn Văn Hòa phát biểu chỉ đạo", after_image=True),
            Block(P2, after_image=True),
            Block("Quang cảnh Hội nghị"),
        ]
    )
    assert out.captions == ["Quang cảnh Hội nghị", "Đồng chí Nguyễn Văn Hòa phát biểu chỉ đạo"]
    assert out.body == f"{P1}\n\n{P2}"


@pytest.mark.parametrize(
    "caption",
    [
        "Các đại biểu dự Hội nghị tổng kết công tác tuyên giáo năm 2020. Ảnh: Mai Trâm",
        "Thủ tướng phát biểu tại hội nghị (Ảnh: Phương Hoa/TTXVN)",
        "Quang cảnh buổi lễ. ẢNH: LÂM VIÊN",
        "Ảnh minh họa",
    ],
)
def test_caption_with_photo_credit(caption: str) -> None:
    out = clean_blocks(_texts(P1, caption, P2))
    assert out.captions == [caption]
    assert out.body == f"{P1}\n\n{P2}"


def test_credit_line_under_a_caption_is_merged() -> None:
    out = clean_blocks(
        [Block(P1), Block("Quang cảnh Hội nghị", kind="caption"), Block("Ảnh: Mai Trâm"), Block(P2)]
    )
    assert out.captions == ["Quang cảnh Hội nghị Ảnh: Mai Trâm"]


def test_byline_with_photo_label_is_not_a_caption() -> None:
    out = clean_blocks(_texts(P1, P2, "Tin, ảnh: Ngô Đức Hải"))
    assert out.captions == []
    assert out.author == "Ngô Đức Hải"


# ---------------------------------------------------------------------------- views
@pytest.mark.parametrize(
    ("text", "views"),
    [
        ("Lượt xem: 6783", 6783),
        ("4664 Lượt xem", 4664),
        ("View count: 1095", 1095),
        ("Đã xem: 1.234", 1234),
        ("15/06/2020 | 362", 362),
        ("Lượt xem: 8 047", 8047),
        ("Lượt xem: 19,709", 19709),
        ("Lượt xem: 2.745.509", 2745509),
        ("Lượt xem: 8806095", 8806095),
        ("LƯỢT XEM:\u00a0362", 362),
        ("Publish date 25/02/2019 | 02:13 | View count: 1095", 1095),
        ("Lượt xem: 7370 | Gửi lúc: 05/12/2013 15:42:27", 7370),
        ("362", 362),
        ("8 047", 8047),
        ("06/01/2021 06:01", None),
        ("Thứ năm - 28/12/2023 14:55", None),
        ("06/10/2024 | 00:35 GMT+7", None),
        ("Không có lượt xem", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_views(text: str | None, views: int | None) -> None:
    assert parse_views(text) == views


def test_views_from_views_text_and_from_a_block() -> None:
    assert clean_blocks(_texts(P1), views_text="Lượt xem: 6783").views == 6783
    out = clean_blocks(_texts(P1, "Lượt xem: 19,709", P2))
    assert out.views == 19709
    assert "Lượt xem" not in out.body


def test_documents_widget_count_is_not_the_article_views() -> None:
    assert clean_blocks(_texts(P1, P2, "Lượt xem:194 | lượt tải:31")).views is None


# ---------------------------------------------------------------------------- title / lead
def test_lead_repeating_the_title_is_dropped() -> None:
    title = "Ngành Tuyên giáo chú trọng tham mưu tốt công tác xây dựng Đảng "
    out = clean_blocks(_texts(P1), title=title, lead=title.strip() + "\u00a0")
    assert out.lead is None


def test_lead_with_source_tag_is_kept() -> None:
    lead = "(ĐCSVN) - Sáng 28-12, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị."
    out = clean_blocks(_texts(lead, P1), title="Hội nghị tổng kết", lead=lead)
    assert out.lead == lead
    assert out.body == P1  # the lead repeated as the first block goes


def test_title_repeated_as_first_block_is_dropped() -> None:
    out = clean_blocks(_texts("HỘI NGHỊ TỔNG KẾT", P1), title="Hội nghị tổng kết")
    assert out.body == P1


def test_source_tag_in_body_is_kept() -> None:
    first = "(ĐCSVN) - " + P1
    assert clean_blocks(_texts(first, P2)).body.startswith("(ĐCSVN) - ")


# ---------------------------------------------------------------------------- plain text
def test_plain_text_empty() -> None:
    art = clean_plain_text(" \n\u00a0\n")
    assert (art.title, art.body, art.date_line, art.author) == (None, "", None, None)


def test_plain_text_right_aligned_and_nbsp_caption() -> None:
    text = "\n".join(
        [
            "Tiêu đề bài viết",
            "Thứ Năm, 8/6/2023 14:46'(GMT+7)",
            P1,
            "\u00a0Xã Nghĩa Tá tổ chức thành công Đại hội",
            P2,
            " " * 30 + "Trần Bình Trọng",
            "Tin khác",
            "Một tin khác rất dài để kiểm tra rằng nó không vào thân bài.",
        ]
    )
    art = clean_plain_text(text)
    assert art.title == "Tiêu đề bài viết"
    assert art.date_line == "Thứ Năm, 8/6/2023 14:46'(GMT+7)"
    assert art.captions == ["Xã Nghĩa Tá tổ chức thành công Đại hội"]
    assert art.author == "Trần Bình Trọng"
    assert art.body == f"{P1}\n\n{P2}"


@pytest.mark.parametrize(
    ("line", "ok"),
    [
        ("06/01/2021 06:01", True),
        ("15/06/2020 | 362", True),
        ("Thứ năm - 28/12/2023 14:55", True),
        ("( Cập nhật lúc: 14/10/2020  )", True),
        ("Ngày đăng : 08:59, 30/03/2022", True),
        ("Thứ hai, 11 Tháng 12 2023 16:03", True),
        ("Sáng 28-12, Ban Tuyên giáo tổ chức hội nghị", False),
        ("Hà Nội, ngày 08 tháng 01 năm 2021", False),
        ("Thứ năm, công tác tuyên truyền đại hội", False),
    ],
)
def test_is_date_line(line: str, ok: bool) -> None:
    assert is_date_line(line) is ok


# ---------------------------------------------------------------------------- never raises
_SEED_LINES = [
    ln for p in sorted(SEEDS.glob("*.txt")) for ln in p.read_text(encoding="utf-8").split("\n")
]
_blocks = st.lists(
    st.builds(
        Block,
        text=st.one_of(st.text(max_size=120), st.sampled_from(_SEED_LINES)),
        kind=st.sampled_from(["text", "heading", "caption", "list"]),
        align=st.sampled_from([None, "right", "center", "left"]),
        after_image=st.booleans(),
        emphasis=st.booleans(),
    ),
    max_size=25,
)
_maybe_text = st.one_of(st.none(), st.text(max_size=60), st.sampled_from(_SEED_LINES))


@settings(max_examples=200, deadline=None)
@given(_blocks, _maybe_text, _maybe_text, _maybe_text, _maybe_text)
def test_clean_blocks_never_raises(
    blocks: list[Block], title: str | None, lead: str | None, hint: str | None, views: str | None
) -> None:
    out = clean_blocks(blocks, title=title, lead=lead, byline_hint=hint, views_text=views)
    assert isinstance(out.body, str)
    assert "\n\n\n" not in out.body


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_SEED_LINES), st.text(max_size=80)), max_size=60))
def test_clean_plain_text_never_raises_on_mutated_pages(lines: list[str]) -> None:
    art = clean_plain_text("\n".join(lines))
    assert isinstance(art.body, str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_clean_plain_text_and_parse_views_never_raise(text: str) -> None:
    assert isinstance(clean_plain_text(text).body, str)
    views = parse_views(text)
    assert views is None or views >= 0


def test_a_source_line_from_the_cms_author_slot_is_not_an_author() -> None:
    # NukeViet prints "Nguồn tin:" in the same right-aligned slot as "Tác giả:".
    out = clean_blocks(_texts(P1, P2), byline_hint="Nguồn tin: Ban Tuyên giáo Tỉnh ủy")
    assert out.author is None
    out = clean_blocks(_texts(P1, P2), byline_hint="Tác giả: Ngô Đức Hải (tổng hợp)")
    assert out.author == "Ngô Đức Hải"
    out = clean_blocks(_texts(P1, P2), byline_hint="Tác giả: Thanh Tâm Nguồn tin: Báo Tây Ninh")
    assert out.author == "Thanh Tâm"


def test_a_compilation_note_after_a_citation_is_not_a_byline() -> None:
    out = clean_blocks(_texts(P1, P2, "Theo Chỉ thị số 05 (tổng hợp)"))
    assert out.author is None
    assert out.body.endswith("Theo Chỉ thị số 05 (tổng hợp)")
