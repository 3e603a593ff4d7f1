"""A site that gave articles before and gives none now, or whose bodies collapse, is
reported as a likely layout change and makes the exit status non-zero."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from crawler.registry import dump_sites
from crawler.runrecord import site_health
from crawler.store.models import CrawlRunRow
from replica.server import ReplicaServer
from tests.conftest import FAST, run_cli

OK = dict(
    stored_this_run=5,
    rejected=0,
    listing_links=12,
    listing_pages=2,
    known_articles=30,
    median_now=2000,
    median_before=2100,
    new_this_run=5,
)


def test_a_healthy_run_has_no_finding():
    assert site_health(**OK) is None
    # Nothing new on a quiet night is healthy too.
    assert (
        site_health(**(OK | {"stored_this_run": 0, "new_this_run": 0, "median_now": None})) is None
    )


def test_every_page_rejected_is_a_finding():
    found = site_health(**(OK | {"stored_this_run": 0, "rejected": 7}))
    assert found and "rejected" in found


def test_too_few_rejected_pages_are_no_finding():
    # One or two pages fetched and rejected (a retried page) say nothing of the layout.
    assert site_health(**(OK | {"stored_this_run": 0, "rejected": 2})) is None
    assert site_health(**(OK | {"stored_this_run": 0, "rejected": 3})) is not None


def test_listings_without_article_links_are_a_finding_for_a_known_site():
    found = site_health(**(OK | {"listing_links": 0, "stored_this_run": 0, "new_this_run": 0}))
    assert found and "no article link" in found
    # A new site with no articles yet is not "broken".
    assert site_health(**(OK | {"listing_links": 0, "known_articles": 0})) is None


def test_collapsed_bodies_are_a_finding():
    found = site_health(**(OK | {"median_now": 300}))
    assert found and "2100" in found and "300" in found
    assert site_health(**(OK | {"median_now": 300, "new_this_run": 2})) is None  # too few


def test_a_changed_url_scheme_is_reported_and_fails_the_run(tmp_path):
    key = "replica-tuyengiaokontum"
    with ReplicaServer(keys=[key]) as replica:
        site = replica.sites[key]
        registry = tmp_path / "reg.toml"
        registry.write_text(dump_sites([site]), encoding="utf-8")
        db = f"sqlite:///{tmp_path / 'c.sqlite'}"
        first = run_cli("crawl", "--registry", str(registry), "--site", key, "--db", db, *FAST)
        assert first.returncode == 0, first.stderr[-2000:]
        # The site "moves" its articles to URLs our rules no longer recognise.
        moved = replace(site, selectors={"article_url": [r"/bai-viet/\d+$"]})
        registry.write_text(dump_sites([moved]), encoding="utf-8")
        second = run_cli("crawl", "--registry", str(registry), "--site", key, "--db", db, *FAST)
    assert second.returncode == 1
    assert f"LAYOUT CHANGE? {key}" in second.stdout
    engine = create_engine(db)
    with Session(engine) as s:
        last = s.scalars(select(CrawlRunRow).order_by(CrawlRunRow.id.desc())).first()
    assert last.status == "unhealthy" and "no article link" in last.health
