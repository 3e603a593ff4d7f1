"""Every replica site, walked by one generic test per check (fundus-style).

For every entry of ``replica/sites.toml`` the test data is the site's content file
(``replica/content/<name>.json``: what each article must come out as, by hand) and,
for the five seed sites, the seed's ``expected.json``. Each test below runs on every site
(ids = site keys), so a new replica site is tested the moment it is registered; a family
missing from ``duplicate_views`` fails the suite until its duplicate pages are written down.

What only one CMS does (NukeViet's edit-time meta dates, DNN's relative dates, Liferay's
language switches …) is tested in that family's own ``test_<family>.py``.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from lxml import etree

from crawler.cms import AUTO, FAMILIES
from crawler.cms.detect import detect
from crawler.cms.engine import text_of
from replica.model import ReplicaArticle, load_content
from tests.conftest import seed_gold
from tests.replica.conftest import ReplicaUnderTest, entries, norm, registry, replica_site

SITES = list(registry())
# Sites whose family module reads them: the family-exact checks run on these. The unseen
# themes (cms = "auto") are read by learning and the generic path: tests/profile/.
FAMILY_SITES = [key for key, site in registry().items() if site.cms != AUTO]
UNSEEN_THEMES = ("nv4_reskin", "plainsite", "district_table")
SEED_SITES = [key for key, entry in entries().items() if entry.seed]
# Article pages that name no section: Liferay 7's shared detail page (test_liferay7 checks it).
NO_SECTION_ON_ARTICLE_PAGE = {"liferay7"}
# Seed chrome the real pages show only as an image's alt text [S 003, S 004].
IMAGE_ALT_CHROME = {"Chung nhan Tin Nhiem Mang", "bacho 2", "truongsa"}


@dataclass(frozen=True)
class View:
    """A page that repeats (or serves) an article under another URL: the crawler must skip it."""

    path: str
    linked: bool = True  # the article page links it (href, or the onclick that opens it)
    copy: bool = True  # it repeats the article's text


def duplicate_views(r: ReplicaUnderTest, a: ReplicaArticle) -> list[View]:
    """The duplicate views each family's article pages have (docs/evidence.md §2)."""
    path = r.article_path(a)
    m, c = r.module, r.content
    if c.family in UNSEEN_THEMES:
        return [View(m.print_path(c, a))]
    match r.site.cms:
        case "nukeviet4":
            return [
                View(f"/print{path}"),
                View(f"/savefile{path}"),
                View(f"/sendmail{path}", copy=False),
            ]
        case "nukeviet3":
            alias = f"{a.section}/{a.slug}-{a.id}/"
            return [
                View(f"/news/print/{alias}"),
                View(f"/news/savefile/{alias}"),
                View(f"/news/sendmail/{alias}", copy=False),
            ]
        case "liferay6":
            plid = next(x["plid"] for x in c.settings["layouts"] if x["key"] == a.section)
            return [View(m.print_path(c, a)), View(m.language_path(c, plid, path))]
        case "liferay7":
            ap = "com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
            return [View(f"{path}?p_p_state=pop_up&_{ap}_INSTANCE_1mOzUrGkrdAE_viewMode=print")]
        case "dnn" | "aspnet_portal" | "vhv":
            return [View(m.print_path(c, a))]
        case "tuyengiao_vn":
            return [View(m.print_path(a)), View(m.send_path(a), copy=False)]
        case "sharepoint":
            dispform = m.dispform_path(c, a)
            return [View(m.mobile_path(c, a))] + ([View(dispform)] if dispform else [])
        case "wordpress":  # announced by the oEmbed link, not an <a> (test_wordpress)
            return [View(f"{path}embed/", linked=False, copy=False)]
        case "wordpress_tdb":
            replies = range(len(a.extra.get("comments", [])))
            return [View(f"{path}feed/", copy=False)] + [
                View(f"{path}?replytocom={a.id * 10 + n}") for n in replies
            ]
        case "joomla_k2":
            return [View(f"{path}?tmpl=component&print=1")]
    pytest.fail(f"{r.key}: family {r.site.cms!r} has no duplicate views in duplicate_views()")


# --- content ---------------------------------------------------------------------------------
def check_content_matches_its_registry_entry(key: str):
    r = replica_site(key)
    c = r.content
    if r.site.cms == AUTO:  # a theme no family module was written for
        assert c.family in UNSEEN_THEMES and c.family not in FAMILIES
    else:
        assert c.family == r.site.cms
    assert [s.name for s in c.sections] == [s.name for s in r.site.sections]
    assert len({a.id for a in c.articles}) == len(c.articles), "article ids repeat"
    assert {a.section for a in c.articles} <= {s.key for s in c.sections}
    for sec in c.sections:
        assert sec.per_page == 3
        assert len(c.in_section(sec.key)) > 2 * sec.per_page, f"{sec.key}: < 3 listing pages"


# --- article pages ---------------------------------------------------------------------------
@pytest.mark.parametrize("key", FAMILY_SITES)
def test_article_pages_through_the_pipeline_equal_gold(key: str):
    """extract → clean → dates on every article page gives ``ReplicaArticle.gold()``."""
    r = replica_site(key)
    problems = []
    for a in r.content.articles:
        _ex, art = r.pipeline(a)
        gold = a.gold()
        for name, value in r.stored(art).items():
            if value != gold[name]:
                problems.append(f"{a.id} {name}: {value!r} != {gold[name]!r}")
        if a.published and art.date_problem is not None:
            problems.append(f"{a.id} date_problem: {art.date_problem}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("key", FAMILY_SITES)
def test_article_pages_extract_title_section_tags_paragraphs_and_captions(key: str):
    """The family's extraction alone: each paragraph a block, each caption found."""
    r = replica_site(key)
    for a in r.content.articles:
        ex, _art = r.pipeline(a)
        assert ex.problem is None, a.id
        assert ex.title == a.title, a.id
        if r.site.cms not in NO_SECTION_ON_ARTICLE_PAGE:
            assert ex.category == r.section_name(a), a.id
        assert ex.tags == a.tags, a.id
        blocks = [norm(b.text) for b in ex.blocks]
        for para in a.paragraphs:
            assert norm(para) in blocks, (a.id, para[:60])
        captions = {norm(c) for c in ex.captions}
        captions |= {norm(b.text) for b in ex.blocks if b.kind == "caption" or b.after_image}
        for caption in a.captions:
            assert norm(caption) in captions, (a.id, caption)


# --- listings --------------------------------------------------------------------------------
@pytest.mark.parametrize("key", FAMILY_SITES)
def test_listings_link_each_article_of_their_section_once(key: str):
    """From each registry section, ``listing_item`` / ``listing_next`` find the section's
    articles newest first, each exactly once, on ceil(n / per_page) listing pages."""
    r = replica_site(key)
    listed: Counter[str] = Counter()
    for entry, sec in zip(r.site.sections, r.content.sections, strict=True):
        walked = r.walk_listing(entry.path)
        expected = [r.article_path(a) for a in r.content.in_section(sec.key)]
        links = [link for page in walked for link, _ in page.entries]
        assert links == expected, entry.path
        assert len(walked) == math.ceil(len(expected) / sec.per_page), entry.path
        assert not any(r.is_article(page.path) for page in walked)
        listed.update(links)
    assert listed == Counter(dict.fromkeys(r.articles, 1))


# --- feeds, sitemaps, robots -----------------------------------------------------------------
def check_robots_txt_is_served_and_names_its_sitemaps(key: str):
    r = replica_site(key)
    robots = r.pages["/robots.txt"]
    assert robots.status == 200 and robots.content_type.startswith("text/plain")
    text = r.text("/robots.txt")
    assert re.search(r"^User-agent: \*$", text, re.M | re.I)  # field names: any case
    named = re.findall(r"^Sitemap: (\S+)$", text, re.M)
    assert named
    maps = set(r.documents("urlset", "sitemapindex"))
    for url in named:
        assert url == r.url(r.local(url)) and r.local(url) in maps, url


@pytest.mark.parametrize("key", SITES)
def test_feeds_and_sitemaps_list_every_article(key: str):
    """Sitemaps (from robots.txt down the indexes) list every article where they list
    articles at all (Liferay 7's lists layouts only); every RSS feed links articles of the
    site, and the feeds together list them all; between them, no article is missing."""
    r = replica_site(key)
    every = set(r.articles)
    for path in r.family.sitemaps:
        assert path in r.documents("urlset", "sitemapindex"), path

    todo = re.findall(r"^Sitemap: (\S+)$", r.text("/robots.txt"), re.M)
    in_maps: set[str] = set()
    seen: set[str] = set()
    while todo:
        path = r.local(todo.pop())
        if path in seen:
            continue
        seen.add(path)
        locs = r.xml_links(path)
        if etree.QName(r.xml(path)).localname == "sitemapindex":
            todo += locs
        else:
            in_maps |= {r.local(loc) for loc in locs if r.is_article(r.local(loc))}
    assert in_maps <= every, in_maps - every
    if in_maps:
        assert in_maps == every, every - in_maps
    for path in r.documents("urlset"):  # also those robots.txt does not name
        listed = {r.local(loc) for loc in r.xml_links(path)}
        assert {p for p in listed if r.is_article(p)} <= every, path

    in_feeds: set[str] = set()
    for path in r.documents("rss"):
        links = [r.local(link) for link in r.xml_links(path)]
        assert set(links) <= every, path  # (a comment feed may be empty)
        in_feeds |= set(links)
    if r.documents("rss"):
        assert in_feeds == every, every - in_feeds
    assert in_maps | in_feeds == every


# --- duplicates and URLs ---------------------------------------------------------------------
@pytest.mark.parametrize("key", SITES)
def test_duplicate_views_exist_and_are_rejected(key: str):
    """Print, save-file, mail, mobile, embed … views are served (linked from the article),
    the copies repeat the article, and ``exclude_url`` rejects every one of them."""
    r = replica_site(key)
    for path, a in r.articles.items():
        views = duplicate_views(r, a)
        assert views, path
        links = r.links(path)
        for view in views:
            assert view.path in r.pages, view.path
            assert view.path != path
            if view.linked:
                assert view.path in links, (path, view.path)
            assert r.excluded(view.path) and not r.is_article(view.path), view.path
            if view.copy:
                text = norm(r.root(view.path).text_content())
                assert norm(a.title) in text, view.path
                for para in a.paragraphs:
                    assert norm(para) in text, (view.path, para[:60])


@pytest.mark.parametrize("key", SITES)
def test_article_url_accepts_every_article_and_nothing_else(key: str):
    """``article_url`` minus ``exclude_url`` (the spider's test) holds for exactly the
    article pages; a redirect it accepts must lead to an article (a shortlink)."""
    r = replica_site(key)
    for path, page in r.pages.items():
        if page.status == 200:
            assert r.is_article(path) == (path in r.articles), path
        elif r.is_article(path):
            assert r.local(page.headers.get("Location", "")) in r.articles, path
    assert not r.is_article("/")
    for entry in r.site.sections:
        assert not r.is_article(entry.path), entry.path


# --- detection, determinism ------------------------------------------------------------------
@pytest.mark.parametrize("key", SITES)
def test_every_page_is_detected_as_its_family(key: str):
    """Every HTML page of a site is its family; a redirect's stub is at most generic, so no
    page of one replica site is ever taken for another family."""
    r = replica_site(key)
    cms = r.site.cms if r.site.cms != AUTO else r.content.settings["detects_as"]
    for path in r.html_paths():
        page = r.pages[path]
        found = detect(page.body, r.url(path)).family
        if page.status == 200:
            assert found == cms, path
        else:
            assert found in (cms, "generic"), (path, found)


def check_rendering_is_deterministic(key: str):
    r = replica_site(key)
    again = r.module.render_site(load_content(entries()[key].content), r.site.base_url)
    assert again.keys() == r.pages.keys()
    for path, page in r.pages.items():
        other = again[path]
        assert (other.body, other.status, other.content_type, other.headers) == (
            page.body,
            page.status,
            page.content_type,
            page.headers,
        ), path


# --- the seed articles -----------------------------------------------------------------------
def seed_article(r: ReplicaUnderTest) -> tuple[ReplicaArticle, dict]:
    seed = entries()[r.key].seed
    assert seed is not None
    matches = [a for a in r.content.articles if a.seed == seed]
    assert len(matches) == 1, f"{r.key}: seed {seed} must be exactly one article"
    return matches[0], seed_gold()[seed]


def check_seed_article_content_equals_expected_json(key: str):
    a, expected = seed_article(replica_site(key))
    gold = a.gold()
    for name in ("title", "author", "views", "published", "captions"):
        assert gold[name] == expected[name], name
    assert gold["body"].startswith(expected["body_starts_with"])
    assert gold["body"].endswith(expected["body_ends_with"])
    for chrome in expected["body_must_not_contain"]:
        assert chrome not in gold["body"], chrome


@pytest.mark.parametrize("key", SEED_SITES)
def test_seed_chrome_is_on_the_page_but_not_in_the_body(key: str):
    """Each ``body_must_not_contain`` line is on the seed's page (as text, or as an image's alt);
    none is in the family's body container except the byline and captions (which sit there
    on the real page: the cleaner takes them out), and none reaches the extracted body."""
    r = replica_site(key)
    a, expected = seed_article(r)
    path = r.article_path(a)
    root = r.root(path)
    visible = norm(text_of(root))
    container = norm(html.unescape(etree.tostring(r.body_element(root), encoding="unicode")))
    in_container = [*(a.byline or a.author or "").split("\n"), *a.captions]
    in_container += a.extra.get("byline_lines", [])
    _ex, art = r.pipeline(a)
    for chrome in expected["body_must_not_contain"]:
        assert chrome not in art.body, chrome
        for line in chrome.split("\n"):
            if line in IMAGE_ALT_CHROME:
                assert root.xpath("//img[@alt=$alt]", alt=line), line
            else:
                assert norm(line) in visible, line
            if not any(line in text for text in in_container if text):
                assert norm(line) not in container, line
