"""Ablation: every replica article page read with its family's selectors switched off —
the generic path plus the site profile learned from the *other* pages of the same site —
scored against the hand-written content (``benchmarks/ablation.py`` prints the table).

The bars are issue 11's: body F1 ≥ 0.97 (word 4-grams), title 100 %, date ≥ 95 %,
author ≥ 90 %, per family. Where a family does not reach a bar today, ``SHORT`` says by
how much and why, so the test fails if it gets worse and the exception is visible.
"""

from __future__ import annotations

from functools import cache

import pytest

from benchmarks.ablation import SiteScore, replica_pages, score_site
from crawler.cms import AUTO

F1, TITLE, DATE, AUTHOR = 0.97, 1.0, 0.95, 0.90
# Not an issue bar: the sapo, most of these pages without a description meta to find it by
# (tests/profile/test_lead.py), so that a lead left out of both lead and body shows.
LEAD = 0.90
# (site, field) → the share reached today, below the bar, and why.
SHORT: dict[tuple[str, str], float] = {}


@cache
def scores() -> dict[str, SiteScore]:
    return {s.key: score_site(s) for s in replica_pages()}


FAMILY_SITES = [s.key for s in replica_pages() if s.family != AUTO]


@pytest.mark.parametrize("key", FAMILY_SITES)
def test_family_off_the_site_is_read_by_profile_and_generic_path(key: str):
    score = scores()[key]
    assert score.n >= 14
    misses = "\n".join(score.misses[:10])
    assert score.f1 >= F1, (score.f1, misses)
    for field, bar in (("title", TITLE), ("published", DATE), ("author", AUTHOR), ("lead", LEAD)):
        reached = score.share(field)
        assert reached >= SHORT.get((key, field), bar) - 1e-9, (field, reached, misses)
