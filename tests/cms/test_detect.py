"""CMS detection: every page of every replica site is its family; unknown markup is generic.

The expected family of a page is the family its replica site is rendered in
(``replica/content/<site>.json``), not anything ``detect`` says. Pages
are walked generically, so a new family or replica site is covered the day it
lands. Nothing is skipped silently: redirects are followed to their target,
and a page that is not HTML must say so in its Content-Type *and* look like it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawler.cms import AUTO, FAMILIES
from crawler.cms.detect import GENERIC, detect
from replica.registry import replica_sites
from replica.server import Page, ReplicaServer

REPLICA_KEYS = list(replica_sites(check_families=False))


def is_html(page: Page) -> bool:
    """HTML by its header or by its first bytes (a mislabelled page is still checked)."""
    head = page.body[:1024].lstrip().lower()
    return "html" in page.content_type.lower() or head.startswith((b"<!doctype", b"<html"))


def target_of(page: Page, site_url: str) -> str | None:
    """The path a redirect on the same site points to."""
    location = page.headers.get("Location", "")
    parts, site = urlsplit(location), urlsplit(site_url)
    if parts.netloc and parts.netloc != site.netloc:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize("key", REPLICA_KEYS)
def test_every_replica_page_is_detected_as_its_family(replica: ReplicaServer, key: str) -> None:
    family = replica.content[key].family
    if replica.sites[key].cms == AUTO:  # an unseen theme: what its pages show of a CMS
        family = replica.content[key].settings["detects_as"]
    assert family in FAMILIES, f"{key} is rendered as {family!r}, which has no CMS module"
    site = replica.sites[key]
    pages = replica.pages(key)
    checked, wrong, unexplained = 0, [], []
    for path, page in pages.items():
        if 300 <= page.status < 400:
            target = target_of(page, site.base_url)
            if target not in pages:
                unexplained.append(f"{path}: redirect to {page.headers.get('Location')!r}")
            continue  # its target is one of the pages checked here
        if not is_html(page):
            if page.body[:1024].lower().find(b"<body") >= 0:
                unexplained.append(f"{path}: labelled {page.content_type} but has a <body>")
            continue
        checked += 1
        found = detect(page.body, site.url(path))
        if found.family != family:
            wrong.append(f"{path}: {found.family} (score {found.score}; {found.evidence})")
    assert checked > 0, f"{key}: no HTML pages at all"
    assert not unexplained, "\n".join(unexplained)
    assert not wrong, f"{key}: {len(wrong)} of {checked} pages not {family}:\n" + "\n".join(
        wrong[:25]
    )


@pytest.mark.parametrize("key", REPLICA_KEYS)
def test_detection_does_not_need_the_url(replica: ReplicaServer, key: str) -> None:
    """A saved page (no URL known) is still recognised by its markup alone: the home page."""
    family = replica.content[key].family
    if replica.sites[key].cms == AUTO:  # an unseen theme: what its pages show of a CMS
        family = replica.content[key].settings["detects_as"]
    home = replica.pages(key)["/"]
    assert detect(home.body, "").family == family


@pytest.mark.parametrize("name", sorted(n for n in FAMILIES if n != GENERIC))
def test_every_family_can_be_detected(replica: ReplicaServer, name: str) -> None:
    family = FAMILIES[name]
    assert family.generator or family.markers, f"{name} has no generator or markup markers"
    # A family without a replica site has no test data: that fails, as in fundus.
    rendered = {c.family for c in replica.content.values()}
    assert name in rendered, f"family {name} has no replica site: add one with its gold"


UNKNOWN_PAGES = {
    "plain": "<html><head><title>Tin tức</title></head><body><p>Xin chào</p></body></html>",
    "newspaper": (
        "<!doctype html><html><head><meta charset='utf-8'><title>Báo điện tử</title>"
        "<link rel='stylesheet' href='/static/css/main.css'></head><body>"
        "<div class='header'><a href='/thoi-su'>Thời sự</a></div>"
        "<article><h1 class='title-detail'>Đại hội Đảng bộ tỉnh lần thứ I</h1>"
        "<p class='sapo'>Sáng 28-12, …</p><div class='fck_detail'><p>Nội dung</p></div>"
        "</article></body></html>"
    ),
    "empty": "",
    "not html": '{"status": "ok", "items": []}',
}


@pytest.mark.parametrize("name", sorted(UNKNOWN_PAGES))
def test_unknown_markup_falls_to_generic_and_says_so(name: str) -> None:
    found = detect(UNKNOWN_PAGES[name], "https://example.invalid/thoi-su/bai-viet-123.html")
    assert found.family == GENERIC
    assert found.is_generic
    assert any("no family marker" in e for e in found.evidence), found.evidence


def test_bytes_and_text_give_the_same_answer(replica: ReplicaServer) -> None:
    for key in replica.sites:
        body = replica.pages(key)["/"].body
        assert detect(body).family == detect(body.decode("utf-8")).family
