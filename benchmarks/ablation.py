"""Ablation: every replica article page read with its family's selectors switched off.

Why: issue 11 asks that a page no family knows comes out as well as one a family reads.
Here each article page of each replica site is read by the generic path plus the site
profile learned from the *other* article pages of the same site (leave one out: the page
under test never teaches the profile), then cleaned and dated as the crawl does; the
result is scored against the site's hand-written content (``ReplicaArticle.gold()``).
The unseen themes (``cms = "auto"`` in replica/sites.toml) are read the same way; they
are listed apart because no family module was written for them.

Body F1 is ``benchmarks/extraction.py``'s (word 4-gram multisets, mean precision and
mean recall over pages, F1 of the two); title and author are exact after white space
folding and NFC (a page without a byline must give no author); the date is exact to the
minute or day the content states; views (not a target of the issue) exact, None included. Usage::

    python benchmarks/ablation.py            # every replica site
    python benchmarks/ablation.py --site replica-plainsite --show 3
    python benchmarks/ablation.py --no-description   # sapos found by their place only
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.extraction import overlap, prf, same_text
from crawler.cms import AUTO
from crawler.items import Article, Extracted
from crawler.profile import SiteProfile, learn, refine
from crawler.profile.learn import page_view
from crawler.stages.clean import clean_extracted
from crawler.stages.dates import date_article
from crawler.stages.extract import extract_page
from crawler.store.present import published_local
from replica.model import ReplicaArticle, load_content
from replica.registry import load_replica
from replica.server import CLOCK_START, renderer

FIELDS = ("title", "published", "author", "lead", "views")


@dataclass
class SitePages:
    key: str
    family: str  # the registry's cms ("auto" for the unseen themes)
    theme: str  # the replica renderer
    pages: list[tuple[str, bytes, ReplicaArticle]]  # url, html, content


@dataclass
class SiteScore:
    key: str
    family: str
    theme: str
    overlaps: list[tuple[float, float, float]] = field(default_factory=list)
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.overlaps)

    @property
    def f1(self) -> float:
        return prf(self.overlaps)[2]

    def share(self, name: str) -> float:
        return self.right[name] / self.n if self.n else 0.0


def replica_pages() -> list[SitePages]:
    """Every article page of every replica site, rendered in-process."""
    out = []
    for key, entry in load_replica(check_families=False).items():
        site = entry.site
        content = load_content(entry.content)
        module = renderer(content.family)
        rendered = module.render_site(content, site.base_url)
        pages = []
        for a in content.articles:
            path = module.article_path(content, a)
            pages.append((site.url(path), rendered[path].body, a))
        out.append(SitePages(key, site.cms, content.family, pages))
    return out


_DESCRIPTION = re.compile(
    rb"<meta\s[^>]*(?:name|property)=[\"'](?:og:|twitter:)?description[\"'][^>]*>", re.I
)


def without_description(html: bytes) -> bytes:
    """The page with its description metas taken out (``--no-description``): the sapo
    must then be found by where it sits, not by the head repeating it."""
    return _DESCRIPTION.sub(b"", html)


def read_without_family(html: bytes, url: str, site: str, profile: SiteProfile) -> Article:
    """The page path of a site no family reads: the generic path (``extract_page`` with the
    ``generic`` family), refined by the site profile as ``crawler.page.run_stages`` does,
    then the clean and dates stages (no family anywhere)."""
    extracted: Extracted = refine(extract_page(html, url, "generic"), html, url, profile)
    article = clean_extracted(extracted, site)
    date_article(article, extracted, CLOCK_START)
    return article


def got_fields(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "body": article.body,
        "author": article.author,
        "lead": article.lead,
        "published": published_local(article.published_at, article.date_precision),
        "views": article.views,
    }


def score_site(site: SitePages, first: int | None = None, description: bool = True) -> SiteScore:
    """Leave one out: each page read with the profile learned from all the others (or from
    the ``first`` of them only: how well a site is read from its first few pages);
    ``description=False`` reads every page with its description metas taken out."""
    score = SiteScore(site.key, site.family, site.theme)
    if not description:
        site = SitePages(
            site.key,
            site.family,
            site.theme,
            [(u, without_description(h), a) for u, h, a in site.pages],
        )
    views = [(url, page_view(html)) for url, html, _ in site.pages]  # parsed once, only read
    for i, (url, html, article) in enumerate(site.pages):
        others = [view for j, view in enumerate(views) if j != i][:first]
        profile = learn(others, site=site.key)
        got = got_fields(read_without_family(html, url, site.key, profile))
        gold = article.gold()
        score.overlaps.append(overlap(gold["body"], got["body"]))
        for name in FIELDS:
            if name in ("published", "views"):
                same = got[name] == gold[name]
            else:
                same = same_text(got[name], gold[name])
            if same and (gold[name] is not None or got[name] is None):
                score.right[name] += 1
            else:
                score.misses.append(f"{article.id} {name}: {got[name]!r} != {gold[name]!r}")
    return score


def table(scores: list[SiteScore]) -> str:
    head = (
        f"{'site':<28} {'family':<14} {'pages':>5} {'body F1':>8} {'title':>6} "
        f"{'date':>6} {'author':>7} {'lead':>6} {'views':>6}"
    )
    rows = [head, "-" * len(head)]
    for s in scores:
        family = s.theme if s.family == AUTO else s.family
        rows.append(
            f"{s.key:<28} {family:<14} {s.n:>5} {s.f1:>8.3f} {s.share('title'):>6.0%} "
            f"{s.share('published'):>6.0%} {s.share('author'):>7.0%} {s.share('lead'):>6.0%} "
            f"{s.share('views'):>6.0%}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", help="only these site keys")
    parser.add_argument("--show", type=int, default=0, help="print up to N misses per site")
    parser.add_argument(
        "--pages", type=int, default=None, help="learn from only N of the other pages"
    )
    parser.add_argument(
        "--no-description",
        action="store_true",
        help="take the description metas out of every page (the sapo found by its place)",
    )
    args = parser.parse_args(argv)
    sites = [s for s in replica_pages() if not args.site or s.key in args.site]
    scores = [score_site(s, args.pages, not args.no_description) for s in sites]
    known = [s for s in scores if s.family != AUTO]
    unseen = [s for s in scores if s.family == AUTO]
    learned = f"{args.pages} of the other pages" if args.pages else "the other pages"
    if args.no_description:
        learned += ", description metas taken out of every page"
    print(f"Family selectors off: generic path + site profile learned from {learned}\n")
    if known:
        print("Sites of a known family (their family module switched off)")
        print(table(known))
    if unseen:
        print("\nUnseen themes (cms = auto; no family module written for them)")
        print(table(unseen))
    if args.show:
        for s in scores:
            for miss in s.misses[: args.show]:
                print(f"  {s.key}: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
