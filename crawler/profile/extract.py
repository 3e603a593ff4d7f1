"""HTML → ``Extracted`` through a site profile alone (no family selectors): what the page
path uses for a site no family reads, and what the ablation measures."""

from __future__ import annotations

from urllib.parse import urljoin

from crawler.cms.engine import body_blocks, page_is_cut, parse_html, text_of
from crawler.finders.dates import article_anchor, machine_dates
from crawler.items import Extracted
from crawler.profile.apply import Located, apply
from crawler.profile.model import SiteProfile
from crawler.profile.page import view

PROFILE_CMS = "profile"


def _line(el) -> str | None:
    return " ".join(text_of(el).split()) or None if el is not None else None


def locate(html: str | bytes, profile: SiteProfile) -> Located:
    """Parse a page and locate its article with ``profile`` (raises ValueError on no HTML)."""
    return apply(view(parse_html(html)), profile)


def extract_with_profile(html: str | bytes, url: str, profile: SiteProfile) -> Extracted:
    """Title, date line, lead and body blocks where the site's profile says they are."""
    out = Extracted(url=url, cms=PROFILE_CMS)
    try:
        root = parse_html(html)
    except ValueError as exc:
        out.problem = str(exc)
        return out
    out.meta_dates = machine_dates(root, article_anchor(root))
    canonical = root.xpath("//link[@rel='canonical']/@href")
    if canonical:
        try:
            out.canonical_url = urljoin(url, canonical[0].strip())
        except ValueError:
            out.canonical_url = None
    found = apply(view(root), profile)
    out.title = _line(found.title)
    out.date_line = _line(found.date_line)
    out.lead = _line(found.lead)
    out.author = _line(found.byline)
    out.views_text = _line(found.views)
    if found.container is None:
        out.problem = "no article text found (site profile)"
        return out
    for el in (found.title, found.date_line, found.lead, found.views, found.byline):
        if el is not None and el is not found.container and found.container in el.iterancestors():
            el.drop_tree()
    out.images = list(dict.fromkeys(urljoin(url, s) for s in found.container.xpath(".//img/@src")))
    out.blocks = body_blocks(found.container)
    if page_is_cut(html):
        out.problem = "truncated page"
    elif not out.blocks:
        out.problem = "empty body"
    return out


# What the extract stage says when the family read nothing: the profile may read the page.
_NO_BODY = ("no body container matched", "empty body", "no article text found")
# Pages the profile cannot help: not a page, or a page cut short.
_HOPELESS = ("empty response", "not an HTML page", "empty page", "truncated page")


def needs_profile(extracted: Extracted) -> bool:
    """True when the family's selectors did not read this page's article (the generic path
    did — ``generic``, ``<family>+generic`` — or its trafilatura fallback, or nothing)."""
    if extracted.problem and extracted.problem.startswith(_HOPELESS):
        return False
    base, _, via = extracted.cms.partition("+")
    return (
        base == "generic"
        or via in ("trafilatura", "generic")
        or bool(extracted.problem and extracted.problem.startswith(_NO_BODY))
    )


def refine(extracted: Extracted, html: str | bytes, url: str, profile: SiteProfile) -> Extracted:
    """The family's extraction, or, where the family did not read the article, the site
    profile's: family selector → learned site profile → generic. What the family or the
    generic path found and the profile did not (machine dates, category, tags, a title)
    is kept. Not its author: the generic path's is trafilatura's reading of
    ``<meta name="author">``, on these sites mostly the organisation; the clean stage
    finds the byline at the end of the body the profile read."""
    if not profile.usable or not needs_profile(extracted):
        return extracted
    try:
        mine = extract_with_profile(html, url, profile)
    except RecursionError:  # the body walk on 1000+ levels: the generic reading stands
        return extracted
    if mine.problem is not None or not mine.blocks:
        return extracted
    mine.cms = f"{extracted.cms.partition('+')[0]}+{PROFILE_CMS}"
    mine.meta_dates = extracted.meta_dates or mine.meta_dates
    mine.canonical_url = extracted.canonical_url or mine.canonical_url
    mine.title = mine.title or extracted.title
    mine.date_line = mine.date_line or extracted.date_line
    mine.category = extracted.category
    mine.tags = extracted.tags
    mine.views_text = mine.views_text or extracted.views_text
    mine.byline_guess = extracted.byline_guess
    return mine
