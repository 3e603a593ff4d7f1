"""``Family.accepts``: the one test of "is this link an article", used by spider, probe, tests."""

from __future__ import annotations

import pytest

from crawler.cms.base import Family

FAMILY = Family(
    name="t",
    label="test",
    article_url=(r"^/tin/[a-z-]+-\d+\.html$", r"^/index\.php\?(?:lang=[a-z]{2}&)?id=\d+$"),
    exclude_url=(r"/print/", r"[?&]lang="),
)


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://a.example/tin/dai-hoi-12.html", True),
        ("/tin/dai-hoi-12.html", True),  # a path is read the same as the URL
        ("https://a.example/tin/dai-hoi-12.html#binh-luan", True),  # fragments are not seen
        ("https://a.example/index.php?id=7", True),  # the query is part of what patterns see
        ("https://a.example/index.php", False),
        ("https://a.example/tin/dai-hoi.html", False),
        ("https://a.example/print/tin/dai-hoi-12.html", False),  # exclude wins over article
        ("https://a.example/index.php?lang=en&id=7", False),  # the article pattern alone takes it
        ("https://a.example", False),
    ],
)
def test_accepts(url: str, accepted: bool) -> None:
    assert FAMILY.accepts(url) is accepted


def test_excludes_alone_and_site_overrides_apply() -> None:
    assert FAMILY.excludes("/print/tin/dai-hoi-12.html")
    assert not FAMILY.excludes("/tin/dai-hoi-12.html")
    moved = FAMILY.with_overrides({"article_url": [r"^/bai-viet/\d+$"]})
    assert moved.accepts("/bai-viet/5") and not moved.accepts("/tin/dai-hoi-12.html")
