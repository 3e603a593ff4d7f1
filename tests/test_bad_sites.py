"""A site that answers 500s, times out, loops redirects, pages forever and asks for a login
does not stall the run or poison the store; each failure is counted by kind."""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from crawler.store.models import ArticleRow, CrawlRunRow
from tests.conftest import FAST, run_cli
from tests.traps import TrapServer

REGISTRY = """
[[site]]
key = "trap"
name = "Trang bẫy"
province = "Thử nghiệm"
owner = "Không ai"
base_url = "{base}"
cms = "generic"
sections = ["/tin-tuc/"]
selectors = {{ listing_item = ["li.item"], listing_next = ["a.next"], date_line = ["div.date"] }}
"""


def test_a_hostile_site_is_survived_and_counted(tmp_path):
    with TrapServer(slow=6.0) as trap:
        registry = tmp_path / "trap.toml"
        registry.write_text(REGISTRY.format(base=trap.base_url), encoding="utf-8")
        db = tmp_path / "c.sqlite"
        # A stalled run would hit the subprocess timeout; the bounds below (pager, calendar)
        # show it did not wander.
        result = run_cli(
            "crawl",
            "--registry",
            str(registry),
            "--site",
            "trap",
            "--db",
            f"sqlite:///{db}",
            *FAST,
            "-s",
            "DOWNLOAD_TIMEOUT=2",
            "-s",
            "RETRY_TIMES=1",
            timeout=180,
        )
        hits = dict(trap.hits)
    engine = create_engine(f"sqlite:///{db}")
    with Session(engine) as s:
        urls = [r.url.rsplit("/", 1)[1] for r in s.scalars(select(ArticleRow))]
        run = s.scalars(select(CrawlRunRow)).one()
    # Only the good article is stored; no login page, error page or calendar day.
    assert urls == ["bai-viet-tot-1.html"]
    kinds = run.errors_by_kind
    assert kinds.get("http_500", 0) >= 1
    assert kinds.get("timeout", 0) >= 1
    assert kinds.get("redirect_loop", 0) >= 1
    assert any(k.startswith("rejected:") for k in kinds), kinds  # the login page
    assert kinds.get("listing_repeats", 0) == 1  # the endless pager stopped at page 2
    assert max(int(p.rsplit("-", 1)[1]) for p in hits if "page-" in p) <= 2
    assert not any(p.startswith("/lich/2024-01-02") for p in hits)  # calendars not followed
    # Errors are counted, not fatal: the site answered, the run finished.
    assert run.status == "ok" and result.returncode == 0, result.stderr[-2000:]
