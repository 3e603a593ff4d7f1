"""Apply a site profile to one page: the article container with the site's template taken
out of it, and the title, date line and lead where the site puts them (pure).

The voted paths are tried first, most voted first; a page they do not fit (another
template of the same site) is read the way ``learn`` reads a page, against the block
counts. Inside the container, a block is kept whenever its path is one where the site's
articles put their own text (so a byline that repeats because one person writes most
articles stays); other repeated blocks and link lists are removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from crawler.profile.locate import (
    chrome_marks,
    descend,
    find_date_line,
    find_lead,
    find_title,
    links_only,
    relative,
    site_wide,
    varying,
)
from crawler.profile.model import SiteProfile, ranked
from crawler.profile.page import PageView
from crawler.text.clean import is_date_line

# A container found at a voted path must hold this share of the page's varying text.
MIN_SHARE = 0.5


@dataclass
class Located:
    """Where the article is on one page. ``container`` is pruned of template in place."""

    container: etree._Element | None
    title: etree._Element | None = None
    date_line: etree._Element | None = None
    lead: etree._Element | None = None
    byline: etree._Element | None = None  # a labelled byline outside the container
    removed: int = 0  # template blocks taken out of the container
    from_votes: bool = False  # the container is at a learned path (not found on this page)


def _at(page: PageView, path: str) -> list[etree._Element]:
    return [el for el in page.order if page.nodes[el].path == path]


def _container(
    page: PageView, profile: SiteProfile, var: dict[etree._Element, int]
) -> tuple[etree._Element | None, bool]:
    total = var.get(page.body, 0)
    for path in ranked(profile.container)[:3]:
        found = max(_at(page, path), key=lambda el: var.get(el, 0), default=None)
        if found is not None and total and var.get(found, 0) >= MIN_SHARE * total:
            return found, True
    return descend(page, var), False


def _prune(
    page: PageView, profile: SiteProfile, container: etree._Element, chrome: set[etree._Element]
) -> int:
    cpath = page.nodes[container].path
    content = {rel for rel, n in profile.content.items() if n >= 1}
    doomed: list[etree._Element] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            if not isinstance(child.tag, str) or child not in page.nodes:
                continue
            rel = relative(page.nodes[child].path, cpath)
            if rel in content:
                continue
            if child in chrome:
                doomed.append(child)
            else:
                walk(child)

    walk(container)
    for el in doomed:
        el.drop_tree()
    return len(doomed)


def _first(
    page: PageView, votes: dict[str, int], chrome: set[etree._Element], ok, top: int = 3
) -> etree._Element | None:
    for path in ranked(votes)[:top]:
        for el in _at(page, path):
            if el not in chrome and ok(page.nodes[el].text):
                return el
    return None


def apply(page: PageView, profile: SiteProfile) -> Located:
    """Locate the article on ``page`` (its tree is changed: give it a copy)."""
    chrome = chrome_marks(page, profile)
    title = _first(page, profile.title, chrome, lambda t: 1 <= len(t.split()) <= 60)
    if title is None:
        title = find_title(page, chrome)
    wide = site_wide(page, profile)
    date = _first(page, profile.date_line, wide, is_date_line)
    if date is None:
        date = find_date_line(page, wide, title)
    if profile.lead:
        lead = _first(page, profile.lead, chrome, lambda t: len(t.split()) >= 8, top=1)
    else:
        lead = find_lead(page, chrome)
    var = varying(page, chrome, (title, date, lead))
    container, voted = _container(page, profile, var)
    if container is None:
        return Located(container=None, title=title, date_line=date, lead=lead)
    byline = None
    for el in (_first(page, profile.byline, links_only(page, profile), bool, top=1), None):
        if el is not None and el is not container and container not in el.iterancestors():
            byline = el
            break
    removed = _prune(page, profile, container, chrome)
    return Located(container, title, date, lead, byline, removed, voted)
