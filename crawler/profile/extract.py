"""HTML → ``Extracted`` through a site profile alone (no family selectors): what the page
path uses for a site no family reads, and what the ablation measures."""

from __future__ import annotations

import math
from dataclasses import replace
from urllib.parse import urljoin

from lxml import etree

from crawler.cms.engine import body_blocks, page_is_cut, parse_html, text_of
from crawler.finders.dates import article_anchor, machine_dates
from crawler.items import Block, Extracted
from crawler.profile.apply import Located, apply, template_in
from crawler.profile.locate import chrome_marks, pick_container, varying
from crawler.profile.model import MIN_PAGES, SiteProfile
from crawler.profile.page import view
from crawler.text.clean import is_date_line, is_name, label_byline
from crawler.text.normalize import fold

# On a page a family read, a block is the site's template when its text repeats at this
# place on this share of the site's pages (stricter than ``CHROME_SHARE``: the family's
# own rules took the known chrome out already), or when it is a link list in a slot that
# holds links on most pages ("Tin cùng chuyên mục" boxes of a theme variant).
FAMILY_CHROME_SHARE = 0.5

PROFILE_CMS = "profile"


def _line(el) -> str | None:
    return " ".join(text_of(el).split()) or None if el is not None else None


def locate(html: str | bytes, profile: SiteProfile) -> Located:
    """Parse a page and locate its article with ``profile`` (raises ValueError on no HTML)."""
    return apply(view(parse_html(html)), profile)


def extract_with_profile(
    html: str | bytes, url: str, profile: SiteProfile, tree: etree._Element | None = None
) -> Extracted:
    """Title, date line, lead and body blocks where the site's profile says they are.

    ``tree``: ``html`` already parsed (``parse_html``), read and changed in place."""
    out = Extracted(url=url, cms=PROFILE_CMS)
    try:
        root = tree if tree is not None else parse_html(html)
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


def _family_read(extracted: Extracted) -> bool:
    """The family's selectors read this page's article (not the generic path — ``generic``,
    ``<family>+generic`` —, not a trafilatura fallback, not a page without a body)."""
    base, _, via = extracted.cms.partition("+")
    return not (
        base == "generic"
        or via in ("trafilatura", "generic")
        or bool(extracted.problem and extracted.problem.startswith(_NO_BODY))
    )


def needs_profile(extracted: Extracted) -> bool:
    """True when a site profile may change this page's reading: where the family did not
    read the article the profile reads it (``refine``); where it did, the profile takes
    out the template blocks the family's rules do not know (``strip_template``). False
    for what is not an article page at all (empty, not HTML, cut short)."""
    return not (extracted.problem and extracted.problem.startswith(_HOPELESS))


def worth_rereading(extracted: Extracted, profile: SiteProfile | None) -> bool:
    """Whether a page read before a site's latest profile may read differently with it:
    ``needs_profile``, and, for a page its family read, only where the site has template
    inside its article container (or too few pages yet to tell)."""
    if not needs_profile(extracted):
        return False
    if not _family_read(extracted) or profile is None or not profile.usable:
        return True
    return profile.template_inside()


def template_texts(
    html: str | bytes, profile: SiteProfile, tree: etree._Element | None = None
) -> set[str]:
    """The texts (white space folded) of every element of the template blocks inside the
    article container of ``html``, as ``profile`` sees it (see ``FAMILY_CHROME_SHARE``);
    ``tree``: ``html`` already parsed, pruned in place."""
    page = view(tree if tree is not None else parse_html(html))
    need = max(MIN_PAGES, math.ceil(FAMILY_CHROME_SHARE * profile.pages))
    chrome = chrome_marks(page, profile, need)
    container, _voted = pick_container(page, profile, varying(page, chrome))
    if container is None:
        return set()
    texts = set()
    for block in template_in(page, profile, container, chrome):
        for el in block.iter():
            node = page.nodes.get(el)
            if node is not None and node.text:
                texts.add(node.text)
    return texts


def _article_line(text: str, keep: set[str]) -> bool:
    """A line that is the article's own even where it repeats: its title or sapo, a
    byline (one person writes most articles of a small site), a date line."""
    return (
        fold(text) in keep
        or bool(label_byline(text))
        or is_name(text, allow_caps=True)
        or is_date_line(text)
    )


def strip_template(
    extracted: Extracted,
    html: str | bytes,
    profile: SiteProfile,
    tree: etree._Element | None = None,
) -> Extracted:
    """A family-read page without the body blocks ``profile`` knows as the site's template
    (``template_texts``), never the article's own lines (``_article_line``); the
    extraction as it was when nothing is template or nothing would be left."""
    if not profile.template_inside() or not extracted.blocks:
        return extracted  # no template inside the site's containers: nothing to parse for
    try:
        template = template_texts(html, profile, tree)
    except (ValueError, RecursionError):
        return extracted
    if not template:
        return extracted
    keep = {fold(t) for t in (extracted.title, extracted.lead) if t}
    blocks: list[Block] = [
        b
        for b in extracted.blocks
        if " ".join(b.text.split()) not in template or _article_line(b.text, keep)
    ]
    if len(blocks) == len(extracted.blocks) or not blocks:
        return extracted
    return replace(extracted, blocks=blocks)


def refine(
    extracted: Extracted,
    html: str | bytes,
    url: str,
    profile: SiteProfile,
    tree: etree._Element | None = None,
) -> Extracted:
    """The page read with its site's profile. Where the family read the article, its
    reading without the template blocks it did not know (``strip_template``). Where it
    did not, the site profile's reading: family selector → learned site profile →
    generic. What the family or the generic path found and the profile did not (machine
    dates, category, tags, a title, the markup's byline hint) is kept. Not its author:
    the generic path's is trafilatura's reading of ``<meta name="author">``, on these
    sites mostly the organisation; the clean stage finds the byline at the end of the
    body the profile read. ``tree``: ``html`` already parsed, for the profile to read
    (changed in place; without it the page is parsed here)."""
    if not profile.usable or not needs_profile(extracted):
        return extracted
    if _family_read(extracted):
        return strip_template(extracted, html, profile, tree)
    try:
        mine = extract_with_profile(html, url, profile, tree)
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
