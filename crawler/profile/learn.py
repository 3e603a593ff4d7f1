"""Learn a site's profile from its pages (pure: HTML in, ``SiteProfile`` out).

Each page adds one to the count of every block key it holds, then votes, against the
counts so far, for where its article container, title, date line and lead sit. Learning
the same URL twice changes nothing, so a crawl may feed every page it fetches and a
second run over the same pages leaves the profile as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from copy import deepcopy

from lxml import etree

from crawler.cms.engine import parse_html
from crawler.profile.apply import template_in
from crawler.profile.locate import (
    chrome_marks,
    descend,
    find_byline,
    find_date_line,
    find_lead,
    find_title,
    find_views,
    links_only,
    pick_container,
    relative,
    site_wide,
    varying,
)
from crawler.profile.model import LEARN_ALL, MAX_KEYS, MAX_SEEN, SAMPLE_EVERY, SiteProfile
from crawler.profile.page import PageView, view


def url_key(url: str) -> str:
    return hashlib.blake2b(url.encode(), digest_size=6).hexdigest()


def page_view(html: str | bytes | etree._Element | PageView) -> PageView:
    """A ``PageView`` of HTML text or of a parsed tree (copied, never changed); a
    ``PageView`` already made is used as it is (learning only reads it)."""
    if isinstance(html, PageView):
        return html
    root = deepcopy(html) if isinstance(html, etree._Element) else parse_html(html)
    return view(root)


def _count(profile: SiteProfile, page: PageView) -> None:
    keys = {n.key for n in page.nodes.values() if n.key is not None}
    for key in keys:
        profile.counts[key] = profile.counts.get(key, 0) + 1
    per_path: dict[str, list[int]] = {}
    for node in page.nodes.values():
        if node.key is None:
            continue
        stats = per_path.setdefault(node.path, [1, 0, 0])
        stats[1] += node.chars
        stats[2] += node.link_chars
    for path, (one, chars, links) in per_path.items():
        stats = profile.paths.setdefault(path, [0, 0, 0])
        stats[0] += one
        stats[1] += chars
        stats[2] += links


def _vote(votes: dict[str, int], path: str | None) -> None:
    if path:
        votes[path] = votes.get(path, 0) + 1


def _slots(profile: SiteProfile, page: PageView) -> tuple[set, dict]:
    """Vote for the title, date line, sapo and container of one page; return what the
    second pass needs (template marks, varying text)."""
    chrome = chrome_marks(page, profile)
    wide = site_wide(page, profile)
    title = find_title(page, chrome, wide)
    date = find_date_line(page, wide, title)
    lead = find_lead(page, chrome)
    var = varying(page, chrome, (title, date, lead))
    for votes, el in ((profile.title, title), (profile.date_line, date), (profile.lead, lead)):
        _vote(votes, page.nodes[el].path if el is not None else None)
    container = descend(page, var)
    _vote(profile.container, page.nodes[container].path if container is not None else None)
    return chrome, var


def _below(profile: SiteProfile, page: PageView, chrome: set, var: dict) -> None:
    """Second pass, once the batch has voted: against the site's container (where the page
    has it), vote for the paths that hold the articles' own text and for the byline."""
    container, _voted = pick_container(page, profile, var)
    if container is None:
        return
    cpath = page.nodes[container].path
    links = links_only(page, profile)
    byline = find_byline(page, links, container)
    _vote(profile.byline, page.nodes[byline].path if byline is not None else None)
    views = find_views(page, links)
    _vote(profile.views, page.nodes[views].path if views is not None else None)
    if template_in(page, profile, container, chrome):
        profile.inside += 1
    below = set()
    for el in container.iter():
        node = page.nodes.get(el)
        if node is not None and el is not container and var.get(el, 0) and node.own:
            rel = relative(node.path, cpath)
            if rel:
                below.add(rel)
    for rel in below:
        _vote(profile.content, rel)


def _trim(profile: SiteProfile) -> None:
    """Keep the record small: forget blocks seen once when there are too many keys."""
    if len(profile.counts) > MAX_KEYS:
        profile.counts = {k: n for k, n in profile.counts.items() if n > 1}
    if len(profile.seen) > MAX_SEEN:
        profile.seen = profile.seen[-MAX_SEEN:]


def learn(
    pages: Iterable[tuple[str, str | bytes | etree._Element | PageView]],
    profile: SiteProfile | None = None,
    site: str = "",
) -> SiteProfile:
    """A profile updated with ``pages`` ((url, html) pairs); the given one is not changed.

    Pages whose URL it has learned from already are skipped; a page that cannot be parsed
    is skipped too (the page path reports it, not the profile). Past ``LEARN_ALL`` pages,
    only one new page in ``SAMPLE_EVERY`` (by URL hash) is read: learning costs about
    as much as reading a page, and the template is known by then.
    """
    out = SiteProfile(site=site) if profile is None else profile.copy()
    seen = set(out.seen)
    batch: list[PageView] = []
    for url, html in pages:
        key = url_key(url)
        if key in seen:
            continue
        if out.pages + len(batch) >= LEARN_ALL and int(key, 16) % SAMPLE_EVERY:
            continue  # past LEARN_ALL pages, a sample: the same pages whenever asked
        try:
            page = page_view(html)
        except ValueError:
            continue
        seen.add(key)
        out.seen.append(key)
        batch.append(page)
        _count(out, page)
    out.pages += len(batch)
    marks = [_slots(out, page) for page in batch]
    for page, (chrome, var) in zip(batch, marks, strict=True):
        _below(out, page, chrome, var)
    _trim(out)
    return out
