"""Unseen themes: three replica sites in themes no family module was written or edited for
(``cms = "auto"``), their pages and gold written before any rule was tuned on them:

- ``replica-nv4-reskin``: NukeViet 4 (detected as such by its generator), every class and id
  renamed, the title an ``h2``, the date line moved below the body;
- ``replica-plainsite``: a hand-built site, no CMS at all, a masthead "today" clock;
- ``replica-district-table``: a district committee site laid out in ``<table>``s, no ``h1``.

Each page is read with the profile learned from the other pages of its site (and, to show it
works from the start, from three of them only) and the generic path, never a family's
selectors. The bars are issue 11's ablation bars; today every page is exact on title, body,
date, author and views (``python benchmarks/ablation.py --site replica-plainsite …``).
"""

from __future__ import annotations

from functools import cache

import pytest

from benchmarks.ablation import SitePages, SiteScore, replica_pages, score_site
from crawler.cms import AUTO, get_family
from crawler.cms.detect import detect
from crawler.cms.engine import css, parse_html
from crawler.profile import learn
from crawler.stages.extract import extract_page

UNSEEN = {
    "replica-nv4-reskin": "nukeviet4",
    "replica-plainsite": "generic",
    "replica-district-table": "generic",
}


@cache
def sites() -> dict[str, SitePages]:
    return {s.key: s for s in replica_pages() if s.family == AUTO}


@cache
def scores(first: int | None = None) -> dict[str, SiteScore]:
    return {key: score_site(site, first) for key, site in sites().items()}


def test_the_unseen_themes_are_registered_for_detection():
    assert set(sites()) == set(UNSEEN)


@pytest.mark.parametrize("key", sorted(UNSEEN))
def test_no_family_selector_reads_the_unseen_pages(key: str):
    """The family the page is detected as finds neither its title, date line nor body."""
    for url, html, _a in sites()[key].pages:
        found = detect(html, url).family
        assert found == UNSEEN[key], url
        family = get_family(found)
        root = parse_html(html)
        for field in ("body", "date_line", "byline"):
            assert not any(css(sel)(root) for sel in getattr(family, field)), (url, field)
        assert extract_page(html, url, family).cms.endswith(("trafilatura", "generic")), url


@pytest.mark.parametrize("first", [None, 3], ids=["all-other-pages", "three-pages"])
@pytest.mark.parametrize("key", sorted(UNSEEN))
def test_unseen_theme_is_read_by_learning_and_the_generic_path(key: str, first: int | None):
    score = scores(first)[key]
    misses = "\n".join(score.misses[:10])
    assert score.n == 14
    assert score.f1 >= 0.97, (score.f1, misses)
    assert score.share("title") == 1.0, misses
    assert score.share("published") >= 0.95, misses
    assert score.share("author") >= 0.90, misses


def test_three_pages_are_enough_to_learn_a_profile():
    for key, site in sites().items():
        profile = learn([(u, h) for u, h, _ in site.pages[:3]], site=key)
        assert profile.usable, key
        assert learn([(u, h) for u, h, _ in site.pages[:2]], site=key).usable is False
