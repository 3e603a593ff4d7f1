"""What keeps a profile cheap on a big family site: learning from a sample past
``LEARN_ALL`` pages, and no second parse of a family-read page whose site never has
template inside its article container."""

from __future__ import annotations

import pytest

from crawler.profile import learn, strip_template, worth_rereading
from crawler.profile.learn import url_key
from crawler.profile.model import LEARN_ALL, SAMPLE_EVERY
from crawler.stages.extract import extract_page
from tests.profile.test_family_chrome import variant_pages

PAGE = (
    "<html><head><title>Tin {i}</title></head><body><ul class='menu'><li><a href='/'>Trang chủ"
    "</a></li></ul><div class='nd'><h1>Tin {i}</h1><p>Bài {w} viết về {w} ở {w}.</p></div>"
    "<div class='foot'>Bản quyền thuộc Huyện ủy.</div></body></html>"
)
WORDS = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"]


def pages(start: int, n: int) -> list[tuple[str, str]]:
    return [
        (f"http://x.vn/{i}", PAGE.format(i=i, w=WORDS[i % 10] + WORDS[(i // 10) % 10]))
        for i in range(start, start + n)
    ]


@pytest.fixture(scope="module")
def full():
    return learn(pages(0, LEARN_ALL), site="x")


def test_past_learn_all_pages_one_in_sample_every_is_learned(full):
    assert full.pages == LEARN_ALL
    more = pages(LEARN_ALL, 100)
    grown = learn(more, full)
    sampled = [u for u, _ in more if int(url_key(u), 16) % SAMPLE_EVERY == 0]
    assert 0 < grown.pages - LEARN_ALL == len(sampled) < 100 // 2
    assert full.pages == LEARN_ALL  # the given profile is not changed
    assert learn(more, grown) == grown  # the same pages again: the same sample, nothing new


def test_the_template_is_looked_for_only_where_the_site_has_some_inside(full):
    assert not full.template_inside()
    # The widget variant: template inside the container on every page.
    site = variant_pages()
    profile = learn([(u, h) for u, h, _ in site[1:]])
    assert profile.template_inside()
    url, html, _ = site[0]
    extracted = extract_page(html, url, "wordpress")
    assert len(strip_template(extracted, html, profile).blocks) < len(extracted.blocks)
    profile.inside = 0  # the same profile, had it never seen template inside: no parse
    assert strip_template(extracted, html, profile) is extracted


def test_a_family_read_page_is_worth_rereading_only_where_template_sits_inside(full):
    site = variant_pages()
    profile = learn([(u, h) for u, h, _ in site[1:]])
    url, html, _ = site[0]
    family_read = extract_page(html, url, "wordpress")
    generic = extract_page(html, url, "generic")
    assert worth_rereading(family_read, profile) and worth_rereading(family_read, None)
    assert not worth_rereading(family_read, full)
    assert worth_rereading(generic, full)
