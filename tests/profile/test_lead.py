"""The sapo of a page whose head has no description: the block of prose set apart between
the title and the article's text, read by the site profile (hand-written small site; the
replica sites without descriptions are the held-out check, in ``benchmarks/ablation.py``)."""

from __future__ import annotations

from crawler.profile import extract_with_profile, learn

TITLES = [
    "Huyện ủy sơ kết công tác quý I năm 2024",
    "Bồi dưỡng nghiệp vụ cho báo cáo viên cơ sở",
    "Học tập chuyên đề về học tập và làm theo Bác",
    "Ngày hội đại đoàn kết toàn dân tộc ở khu dân cư",
    "Kiểm tra công tác xây dựng Đảng ở xã Hòa Bình",
]
LEADS = [
    "Sáng 12/3, Ban Thường vụ Huyện ủy tổ chức hội nghị sơ kết công tác quý I năm 2024.",
    "Hơn 80 báo cáo viên cơ sở được cập nhật thông tin thời sự và kỹ năng nói trước đông người.",
    "Cán bộ chủ chốt của huyện học tập chuyên đề năm 2024 theo hình thức trực tuyến.",
    None,  # a page without a sapo: its first paragraph stays in the body
    "Đoàn kiểm tra của Huyện ủy làm việc với Đảng ủy xã Hòa Bình về công tác xây dựng Đảng.",
]
PARAS = [
    ["Hội nghị đánh giá kết quả thực hiện nhiệm vụ chính trị.", "Đề ra giải pháp quý II."],
    ["Lớp học kéo dài ba ngày tại hội trường Huyện ủy.", "Học viên viết bài thu hoạch."],
    ["Đồng chí Bí thư Huyện ủy quán triệt nội dung chuyên đề.", "Hội nghị kết thúc cùng ngày."],
    ["Nhiều hoạt động văn hóa, thể thao diễn ra sôi nổi.", "Các khu dân cư nhận quà."],
    ["Đoàn ghi nhận nhiều kết quả nổi bật của Đảng bộ xã.", "Xã cần khắc phục một số hạn chế."],
]
CAPTION = "Quang cảnh buổi làm việc của đoàn kiểm tra tại hội trường xã"


def page(i: int) -> str:
    """No meta description; the sapo in a div of its own (class "tt"), then a photo with
    a caption, then the text; a menu, a sidebar and a footer around."""
    lead = f'<div class="tt"><b>{LEADS[i]}</b></div>' if LEADS[i] else ""
    body = "".join(f"<p>{p}</p>" for p in PARAS[i])
    more = "".join(f"<li><a href='/t/{j}'>{t}</a></li>" for j, t in enumerate(TITLES) if j != i)
    return f"""<html><head><title>{TITLES[i]}</title></head><body>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li></ul>
<div class="main"><div class="left"><h1>{TITLES[i]}</h1>
<div class="when">Cập nhật: 0{i + 1}/05/2024 08:00</div>{lead}
<div class="pic"><img src="/a{i}.jpg"><div class="cap">{CAPTION} ({i})</div></div>
<div class="nd">{body}</div>
<div class="more"><b>Tin khác</b><ul>{more}</ul></div></div>
<div class="right"><div class="box">Liên kết website: Cổng thông tin điện tử tỉnh</div></div></div>
<div class="foot">Bản quyền thuộc Huyện ủy Mẫu Sơn. Địa chỉ: số 1 đường Trần Phú.</div>
</body></html>"""


def read(i: int):
    others = [(f"http://mauson.vn/tin/{j}.html", page(j)) for j in range(len(TITLES)) if j != i]
    profile = learn(others, site="mauson")
    return extract_with_profile(page(i), f"http://mauson.vn/tin/{i}.html", profile)


def test_the_sapo_is_read_without_a_description_and_kept_out_of_the_body():
    for i, lead in enumerate(LEADS):
        out = read(i)
        assert out.problem is None
        assert out.lead == lead, i
        texts = [b.text for b in out.blocks]
        assert LEADS[i] is None or not any(LEADS[i] in t for t in texts)
        assert [t for t in texts if t in PARAS[i]] == PARAS[i]


def test_a_photo_caption_between_title_and_text_is_not_a_sapo():
    assert read(3).lead is None
