"""Apply a site profile to one page: the article container with the site's template taken
out of it, and the title, date line and lead where the site puts them (pure).

The voted paths are tried first, most voted first; a page they do not fit (another
template of the same site) is read the way ``learn`` reads a page, against the block
counts. Inside the container, a block is kept whenever its path is one where the site's
articles put their own text (so a byline that repeats because one person writes most
articles stays); other repeated blocks and link lists are removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from crawler.profile.locate import (
    at_path,
    chrome_marks,
    find_byline,
    find_date_line,
    find_lead,
    find_title,
    is_views,
    lead_before,
    links_only,
    pick_container,
    relative,
    site_wide,
    varying,
)
from crawler.profile.model import SiteProfile, ranked
from crawler.profile.page import PageView
from crawler.text.clean import is_date_line


@dataclass
class Located:
    """Where the article is on one page. ``container`` is pruned of template in place."""

    container: etree._Element | None
    title: etree._Element | None = None
    date_line: etree._Element | None = None
    lead: etree._Element | None = None
    byline: etree._Element | None = None  # a labelled byline outside the container
    views: etree._Element | None = None  # the view count
    removed: int = 0  # template blocks taken out of the container
    from_votes: bool = False  # the container is at a learned path (not found on this page)


def template_in(
    page: PageView, profile: SiteProfile, container: etree._Element, chrome: set[etree._Element]
) -> list[etree._Element]:
    """The template blocks inside ``container``: marked ``chrome``, outside the paths where
    the site's articles put their own text (outermost first, none inside another)."""
    cpath = page.nodes[container].path
    content = {rel for rel, n in profile.content.items() if n >= 1}
    doomed: list[etree._Element] = []
    todo = [container]  # a stack, not recursion: old pages nest a thousand levels deep
    while todo:
        for child in todo.pop():
            if not isinstance(child.tag, str) or child not in page.nodes:
                continue
            rel = relative(page.nodes[child].path, cpath)
            if rel in content:
                continue
            if child in chrome:
                doomed.append(child)
            else:
                todo.append(child)
    return doomed


def _prune(
    page: PageView, profile: SiteProfile, container: etree._Element, chrome: set[etree._Element]
) -> int:
    doomed = template_in(page, profile, container, chrome)
    for el in doomed:
        el.drop_tree()
    return len(doomed)


def _first(
    page: PageView,
    votes: dict[str, int],
    chrome: set[etree._Element],
    ok: Callable[[str], bool],
    top: int = 3,
) -> etree._Element | None:
    """The first element at the most voted paths (``top`` of them) that is not template
    and whose text ``ok`` accepts."""
    for path in ranked(votes)[:top]:
        for el in at_path(page, path):
            if el not in chrome and ok(page.nodes[el].text):
                return el
    return None


def apply(page: PageView, profile: SiteProfile) -> Located:
    """Locate the article on ``page`` (its tree is changed: give it a copy)."""
    chrome = chrome_marks(page, profile)
    wide = site_wide(page, profile)
    title = _first(page, profile.title, wide, lambda t: 1 <= len(t.split()) <= 60)
    if title is None:
        title = find_title(page, chrome, wide)
    date = _first(page, profile.date_line, wide, is_date_line)
    if date is None:
        date = find_date_line(page, wide, title)
    if profile.lead:
        lead = _first(page, profile.lead, chrome, lambda t: len(t.split()) >= 8, top=1)
    else:
        lead = find_lead(page, chrome)
    var = varying(page, chrome, (title, date, lead))
    container, voted = pick_container(page, profile, var)
    if container is None:
        return Located(container=None, title=title, date_line=date, lead=lead)
    if lead is None:
        lead = lead_before(page, chrome, container, title, (date,))
    links = links_only(page, profile)
    byline = _first(page, profile.byline, links, bool, top=1)
    if byline is None or byline is container or container in byline.iterancestors():
        byline = find_byline(page, links, container)
    views = _first(page, profile.views, links, is_views, top=1) if profile.views else None
    removed = _prune(page, profile, container, chrome)
    return Located(container, title, date, lead, byline, views, removed, voted)
