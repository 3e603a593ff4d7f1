"""Site profile learning on small hand-written sites: what repeats is template, what
changes is the article, and the record is small, versioned and learned once per page."""

from __future__ import annotations

import json

import pytest

from crawler.profile import PROFILE_VERSION, SiteProfile, extract_with_profile, learn, locate
from crawler.profile.model import MIN_PAGES

PARAS = [
    [
        "Sáng 12/3, Ban Thường vụ Huyện ủy tổ chức hội nghị sơ kết công tác quý I năm 2024.",
        "Hội nghị đánh giá kết quả thực hiện nhiệm vụ chính trị và đề ra giải pháp quý II.",
    ],
    [
        "Chiều 20/4, Ban Tuyên giáo Huyện ủy tổ chức lớp bồi dưỡng nghiệp vụ cho báo cáo viên.",
        "Các học viên được cập nhật thông tin thời sự trong nước và quốc tế nổi bật.",
        "Lớp học kết thúc với bài thu hoạch của từng học viên.",
    ],
    [
        "Ngày 5/5, Huyện ủy tổ chức hội nghị học tập chuyên đề về học tập và làm theo Bác.",
        "Đồng chí Bí thư Huyện ủy quán triệt nội dung chuyên đề đến cán bộ chủ chốt.",
    ],
    [
        "Sáng 9/6, Ủy ban Mặt trận Tổ quốc huyện tổ chức ngày hội đại đoàn kết toàn dân tộc.",
        "Nhiều hoạt động văn hóa, thể thao diễn ra sôi nổi tại các khu dân cư trong huyện.",
    ],
]
TITLES = [
    "Huyện ủy sơ kết công tác quý I năm 2024",
    "Bồi dưỡng nghiệp vụ cho báo cáo viên",
    "Học tập chuyên đề về học tập và làm theo Bác",
    "Ngày hội đại đoàn kết toàn dân tộc ở khu dân cư",
]
DATES = ["12/03/2024 08:15", "20/04/2024 15:30", "05/05/2024 09:00", "09/06/2024 10:45"]


def page(i: int, author: str = "Hà Trang", visits: int = 1000) -> str:
    """One article page of a small site with its menu, clock, sidebar, counter and footer."""
    related = "".join(
        f'<li><a href="/tin/{j}.html">{TITLES[j]}</a></li>' for j in range(4) if j != i
    )
    body = "".join(f"<p>{p}</p>" for p in PARAS[i])
    return f"""<html><head><title>{TITLES[i]} | Huyện ủy Mẫu Sơn</title></head><body>
<div class="top"><span class="clock">Thứ Hai, 07/12/2026</span>
<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin">Tin tức</a></li></ul></div>
<div class="main"><div class="left">
<div class="crumbs"><a href="/">Trang chủ</a> » <a href="/tin">Tin tức</a></div>
<h1 class="t">{TITLES[i]}</h1>
<div class="when">Ngày đăng: {DATES[i]}</div>
<div class="text">{body}<p style="text-align:right"><b>{author}</b></p>
<div class="share">Chia sẻ: Facebook | Zalo | In bài</div></div>
<div class="related"><b>Tin khác</b><ul>{related}</ul></div>
</div><div class="right"><div class="box"><b>Liên kết</b>
<p>Cổng thông tin điện tử tỉnh Mẫu Sơn, Báo Mẫu Sơn điện tử</p></div>
<div class="stats">Đang truy cập: {visits + 7 * i} - Tổng lượt truy cập: {visits * 31 + i}</div>
</div></div>
<div class="foot">Bản quyền thuộc Huyện ủy Mẫu Sơn. Địa chỉ: số 1 đường Trần Phú.</div>
</body></html>"""


def site(n: int = 3, **kw: object) -> list[tuple[str, str]]:
    return [(f"http://mauson.vn/tin/{i}.html", page(i, **kw)) for i in range(n)]


def test_three_pages_teach_the_template_and_the_fourth_page_comes_out_clean():
    profile = learn(site(3), site="mauson")
    assert profile.usable and profile.pages == MIN_PAGES == 3
    out = extract_with_profile(page(3), "http://mauson.vn/tin/3.html", profile)
    assert out.problem is None
    assert out.title == TITLES[3]
    assert out.date_line == "Ngày đăng: 09/06/2024 10:45"
    texts = [b.text for b in out.blocks]
    assert texts == [*PARAS[3], "Hà Trang"]  # the byline stays (one person writes them all)
    for chrome in ("Chia sẻ", "Tin khác", "Đang truy cập", "Bản quyền", "Thứ Hai, 07/12/2026"):
        assert not any(chrome in t for t in texts), chrome


def test_a_counter_whose_digits_change_on_every_page_is_still_template():
    pages = [(f"http://mauson.vn/tin/{i}.html", page(i, visits=1000 + 97 * i)) for i in range(3)]
    profile = learn(pages, site="mauson")
    found = locate(page(3, visits=5555), profile)
    assert found.container is not None
    assert "Đang truy cập" not in " ".join(found.container.itertext())
    assert found.title is not None and found.title.text == TITLES[3]


def test_the_masthead_clock_is_never_the_date_line():
    profile = learn(site(3), site="mauson")
    found = locate(page(3), profile)
    assert found.date_line is not None
    assert "09/06/2024" in "".join(found.date_line.itertext())
    assert all("clock" not in path for path in profile.date_line)


def test_two_pages_are_not_enough():
    profile = learn(site(2), site="mauson")
    assert not profile.usable
    assert learn(site(3)[2:], profile, site="mauson").usable


def test_learning_is_idempotent_per_url_and_improves_with_new_pages():
    once = learn(site(3), site="mauson")
    twice = learn(site(3), once, site="mauson")
    assert twice.to_json() == once.to_json()
    more = learn(site(4), once, site="mauson")  # only page 3 is new
    assert more.pages == 4
    assert sum(more.container.values()) == sum(once.container.values()) + 1


def test_the_profile_is_small_versioned_json():
    profile = learn(site(4), site="mauson")
    data = json.loads(profile.to_json())
    assert data["version"] == PROFILE_VERSION and data["site"] == "mauson"
    assert SiteProfile.from_json(profile.to_json()) == profile
    assert len(profile.to_json()) < 20_000
    data["version"] = PROFILE_VERSION + 1
    with pytest.raises(ValueError, match="version"):
        SiteProfile.from_json(json.dumps(data))


def test_a_page_that_is_no_html_is_skipped_not_learned():
    pages = [*site(3), ("http://mauson.vn/tin/x.html", "")]
    profile = learn(pages, site="mauson")
    assert profile.pages == 3


def test_a_page_nested_fifteen_hundred_levels_deep_is_learned_and_read():
    """Old pages that never close a <div> nest that deep (the parser allows 2048)."""

    def deep(i: int) -> str:
        return (
            "<html><body><div class='m'>Trang chủ Tin tức Liên hệ</div>"
            + "<div>" * 1500
            + f"<h1>{TITLES[i]}</h1><p>{PARAS[i][0]}</p>"
            + "</div>" * 1500
            + "</body></html>"
        )

    profile = learn([(f"http://mauson.vn/{i}", deep(i)) for i in range(3)], site="mauson")
    out = extract_with_profile(deep(3), "http://mauson.vn/3", profile)
    assert out.problem is None and out.title == TITLES[3]
    assert [b.text for b in out.blocks] == [PARAS[3][0]]
