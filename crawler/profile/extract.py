"""HTML → ``Extracted`` through a site profile alone (no family selectors): what the page
path uses for a site no family reads, and what the ablation measures."""

from __future__ import annotations

from urllib.parse import urljoin

from crawler.cms.engine import body_blocks, meta_dates, page_is_cut, parse_html, text_of
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
    out.meta_dates = meta_dates(root)
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
    if found.container is None:
        out.problem = "no article text found (site profile)"
        return out
    for el in (found.title, found.date_line, found.lead):
        if el is not None and el is not found.container and found.container in el.iterancestors():
            el.drop_tree()
    out.images = list(dict.fromkeys(urljoin(url, s) for s in found.container.xpath(".//img/@src")))
    out.blocks = body_blocks(found.container)
    if page_is_cut(html):
        out.problem = "truncated page"
    elif not out.blocks:
        out.problem = "empty body"
    return out
