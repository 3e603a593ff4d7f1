"""A page the site profile reads after the extraction is parsed once (``run_stages``
copies the tree instead of parsing the page again), and reads exactly as when each
step parsed it for itself.

Pages: the ``wordpress`` replica site with widgets inside its articles (a family reads
them, and the site has template inside its containers) and the unseen-theme sites
(``cms = "auto"``: the profile reads their pages), each with the profile learned from the
site's other pages. (Reading the tree the extraction pruned, instead of a copy, changes
the district site's table pages.)
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

import pytest

import crawler.cms.engine
import crawler.page
import crawler.profile.extract
from benchmarks.ablation import replica_pages
from crawler.items import RawPage
from crawler.page import run_stages
from crawler.profile import learn, refine
from crawler.profile.learn import page_view
from crawler.stages.clean import clean_extracted
from crawler.stages.extract import extract_page
from crawler.text.decode import decode_html
from tests.profile.test_family_chrome import variant_pages

FETCHED = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
CONTENT_TYPE = "text/html; charset=utf-8"


def _cases() -> list[tuple[str, str, list[tuple[str, bytes]]]]:
    unseen = [s for s in replica_pages() if s.family == "auto"]
    return [
        ("wordpress", "wordpress", [(u, h) for u, h, _ in variant_pages()][:4]),
        *((s.key, "auto", [(u, h) for u, h, _ in s.pages][:4]) for s in unseen),
    ]


@pytest.fixture(scope="module")
def cases():
    out = []
    for name, family, pages in _cases():
        for i, (url, html) in enumerate(pages):
            others = [(u, page_view(h)) for j, (u, h) in enumerate(pages) if j != i]
            out.append((name, family, url, html, learn(others, site=name)))
    return out


def test_the_profile_reads_the_tree_the_extraction_was_given_a_copy_of(cases, monkeypatch):
    parses: list[str] = []
    real = crawler.cms.engine.parse_html

    def counted(html, huge=True):
        parses.append(html)
        return real(html, huge)

    for module in (crawler.cms.engine, crawler.profile.extract, crawler.page):
        monkeypatch.setattr(module, "parse_html", counted)
    for name, family, url, html, profile in cases:
        assert profile.usable
        if family != "auto":
            assert profile.template_inside()  # else the profile never parses the page
        parses.clear()
        run_stages(
            RawPage(url, name, FETCHED, 200, html, {"Content-Type": CONTENT_TYPE}), family, profile
        )
        assert len(parses) == 1, f"{url}: parsed {len(parses)} times"


def test_a_shared_tree_reads_as_two_parses_do(cases):
    for name, family, url, html, profile in cases:
        raw = RawPage(url, name, FETCHED, 200, html, {"Content-Type": CONTENT_TYPE})
        shared = run_stages(raw, family, profile)
        text = decode_html(html, CONTENT_TYPE)[0]
        alone = refine(extract_page(html, url, family, CONTENT_TYPE), text, url, profile)
        assert asdict(shared.extracted) == asdict(alone)
        article = clean_extracted(alone, name)
        assert shared.article is not None
        for field in ("title", "lead", "body", "author", "captions", "views", "problem"):
            assert getattr(shared.article, field) == getattr(article, field), (url, field)
