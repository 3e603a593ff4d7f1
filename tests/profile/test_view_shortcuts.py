"""The learner's shortcuts say what the plain definitions say: a word count that stops
early, template marks with their bars worked out once, a leaf's text without a join."""

from __future__ import annotations

import random

import pytest

from crawler.cms.engine import parse_html
from crawler.profile import learn
from crawler.profile.locate import chrome_marks, words
from crawler.profile.page import INLINE, view

SPACES = [" ", "\t", "\n", "\u00a0", "\u2003", "\u3000"]


@pytest.mark.parametrize("most", [1, 8, 12, 15])
def test_words_up_to_a_bound_agree_with_a_full_split(most: int) -> None:
    rng = random.Random(most)
    alphabet = ["a", "ệ", "1", *SPACES]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 50)))
        full = len(text.split())
        assert (words(text, most) <= most) == (full <= most), repr(text)
        if full <= most:
            assert words(text, most) == full


def page(n: int) -> str:
    menu = "".join(f"<li><a href='/m{i}'>Mục {i}</a></li>" for i in range(6))
    related = "".join(f"<li><a href='/r{n}-{i}'>Tin {n}-{i} liên quan</a></li>" for i in range(4))
    return (
        f"<html><body><ul class='menu'>{menu}</ul><div class='main'><h1>Tiêu đề số {n}</h1>"
        f"<p>Đoạn <b>một</b> của bài {n},\n   <!-- c --> rồi   <i>nghiêng</i> tiếp.</p>"
        f"<p>  </p><ul class='rel'>{related}</ul></div>"
        "<div class='foot'>Bản quyền <span>2024</span> Ban Tuyên giáo</div></body></html>"
    )


def test_template_marks_follow_the_profile_definitions() -> None:
    pages = [(f"http://x.vn/a-{n}.html", page(n)) for n in range(6)]
    profile = learn(pages, site="x")
    seen = view(parse_html(page(9)))
    for min_pages in (None, 2, 1 << 30):
        expected: set = set()
        for el in seen.order:
            node = seen.nodes[el]
            if (
                el.getparent() in expected
                or profile.is_chrome_key(node.key, min_pages)
                or (
                    node.chars
                    and node.link_chars / node.chars >= 0.5
                    and node.chars - node.link_chars < 300
                    and el.tag not in INLINE
                    and profile.is_link_list(node.path)
                )
            ):
                expected.add(el)
        assert chrome_marks(seen, profile, min_pages) == expected
    assert chrome_marks(seen, profile)  # the menu and the footer are template here


def test_a_leaf_and_a_block_keep_their_text_and_own_characters() -> None:
    seen = view(parse_html(page(1)))
    paragraph = next(el for el in seen.order if el.tag == "p")
    node = seen.nodes[paragraph]
    assert node.text == "Đoạn một của bài 1, rồi nghiêng tiếp."
    # held directly: "Đoạn", "của bài 1,", "rồi", "tiếp." (not the <b> and <i> words)
    assert node.own == len("Đoạncủabài1,rồitiếp.")
    heading = seen.nodes[next(el for el in seen.order if el.tag == "h1")]  # a leaf
    assert (heading.text, heading.chars, heading.own) == ("Tiêu đề số 1", 9, 9)
    bold = seen.nodes[paragraph[0]]
    assert (bold.text, bold.chars, bold.own) == ("một", 3, 3)
    empty = [el for el in seen.order if el.tag == "p"][1]
    assert (seen.nodes[empty].text, seen.nodes[empty].own, seen.nodes[empty].key) == ("", 0, None)
