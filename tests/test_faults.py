"""Fault injection: nothing lost, nothing reported done that was not, nothing steered elsewhere.

Crawls run through the CLI in a subprocess, as cron runs them, against the replica and
a hostile site (``tests/hostile.py``), both started here.
"""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from crawler.store.models import ArticleRow, CrawlRunRow, FrontierRow
from tests.conftest import FAST, run_cli
from tests.hostile import hostile_servers

HOSTILE = """
[[site]]
key = "hostile"
name = "Trang dẫn đi nơi khác"
province = "Thử nghiệm"
owner = "Không ai"
base_url = "{base}"
cms = "generic"
sitemaps = ["/sitemap.xml"]
"""


def test_redirects_off_the_site_are_refused_and_big_pages_are_not_stored(tmp_path):
    hostile, internal = hostile_servers()
    with hostile, internal:
        registry = tmp_path / "hostile.toml"
        registry.write_text(HOSTILE.format(base=hostile.base_url), encoding="utf-8")
        db = tmp_path / "c.sqlite"
        result = run_cli(
            "crawl",
            "--registry",
            str(registry),
            "--site",
            "hostile",
            "--db",
            f"sqlite:///{db}",
            *FAST,
            "-s",
            "TUYENGIAO_MAX_PAGE_SIZE=200000",
            env={"TUYENGIAO_HOME": str(tmp_path)},
        )
        internal_hits = dict(internal.hits)
    engine = create_engine(f"sqlite:///{db}")
    with Session(engine) as s:
        stored = {r.url.rsplit("/", 1)[1] for r in s.scalars(select(ArticleRow))}
        run = s.scalars(select(CrawlRunRow)).one()
        frontier = {
            r.url.rsplit("/", 1)[1]: (r.state, r.last_error) for r in s.scalars(select(FrontierRow))
        }
    # The redirect inside the site is followed; nothing from another port or address.
    assert stored == {"bai-viet-1.html", "bai-viet-3.html"}, stored
    assert internal_hits == {}
    kinds = run.errors_by_kind
    # Another port of 127.0.0.1 (a 302 and a meta refresh) and the metadata address are
    # private addresses; example.org is another host.
    assert kinds.get("redirect_private") == 3, kinds
    assert kinds.get("redirect_offsite") == 1, kinds
    assert kinds.get("oversize") == 2, kinds
    # Refusals are decisions, recorded in the frontier as given up, not failures of the run.
    assert frontier["chuyen-cong-4.html"] == ("given_up", "redirect_private")
    assert frontier["chuyen-rieng-5.html"] == ("given_up", "redirect_private")
    assert frontier["chuyen-xa-9.html"] == ("given_up", "redirect_offsite")
    assert frontier["qua-lon-8.html"] == ("given_up", "oversize")
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
