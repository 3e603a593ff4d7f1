"""The crawl learns a site's profile and keeps it; ``reprocess`` learns it again from the
archive when it is gone and reads the pages with it.

One unseen theme (``replica-plainsite``: no CMS, ``cms = "auto"``) is crawled over real HTTP
into a temp store; its server is stopped before reprocessing, so what reprocess restores
can only come from the WARC files and the profile it learns from them.
"""

from __future__ import annotations

from sqlalchemy import create_engine, delete, select, update
from sqlalchemy.orm import Session

from crawler.profile import SiteProfile
from crawler.store.models import ArticleRow, SiteProfileRow
from crawler.store.present import published_local
from tests.conftest import run_cli
from tests.crawled import crawl_replica_site

KEY = "replica-plainsite"


def test_crawl_learns_the_profile_and_reprocess_relearns_and_applies_it(tmp_path):
    crawled = crawl_replica_site(KEY, tmp_path)
    gold = crawled.gold
    engine = create_engine(crawled.db_url)
    with Session(engine) as s:
        row = s.get(SiteProfileRow, KEY)
        assert row is not None and row.learned_from == len(gold) == 14
        profile = SiteProfile.from_json(row.json)
        assert profile.usable and profile.container
        stored = {r.url: r for r in s.scalars(select(ArticleRow))}
    assert sorted(stored) == sorted(gold)

    def fields(r: ArticleRow) -> dict:
        return {
            "title": r.title,
            "body": r.body,
            "author": r.author,
            "published": published_local(r.published_at, r.date_precision),
        }

    for url, r in stored.items():
        assert fields(r) == {k: gold[url][k] for k in ("title", "body", "author", "published")}

    with Session(engine) as s:  # the profile is lost, the bodies spoilt
        s.execute(delete(SiteProfileRow))
        s.execute(update(ArticleRow).values(body="Trang chủ Tin tức Liên hệ"))
        s.commit()
    result = run_cli("reprocess", "--db", crawled.db_url, "--registry", str(crawled.registry))
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    with Session(engine) as s:
        row = s.get(SiteProfileRow, KEY)
        assert row is not None and row.learned_from == 14
        for r in s.scalars(select(ArticleRow)):
            assert r.body == gold[r.url]["body"], r.url
            assert r.cms == "generic+profile"
