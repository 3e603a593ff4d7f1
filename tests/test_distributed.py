"""Several workers on one crawl: scrapy-redis scheduler, PostgreSQL store (real servers)."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session
from twisted.internet.task import Clock

from crawler.distributed import Coordinator, ParsedRelease, redis_settings
from crawler.registry import dump_sites
from crawler.store.models import ArticleRow
from replica.server import ReplicaServer, renderer
from tests.conftest import FAST, ROOT, run_cli
from tests.redis_server import redis_url  # noqa: F401 - fixture
from tests.servers import postgres_url  # noqa: F401 - fixture

KEYS = ["replica-tuyengiaokontum", "replica-chodon"]


@pytest.fixture
def replica(tmp_path):
    server = ReplicaServer(keys=KEYS).start()
    registry = tmp_path / "reg.toml"
    registry.write_text(dump_sites(server.sites.values()), encoding="utf-8")
    server.registry_file = registry
    yield server
    server.stop()


@pytest.fixture
def pg(postgres_url):  # noqa: F811
    """An empty PostgreSQL store for each test."""
    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
    engine.dispose()
    return postgres_url


def worker(replica, db: str, redis: str, run: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "crawl",
            "--registry",
            str(replica.registry_file),
            "--site",
            ",".join(KEYS),
            "--db",
            db,
            "--redis",
            redis,
            "--redis-run",
            run,
            *FAST,
            "-s",
            "TUYENGIAO_IDLE_CLOSE=2",
            "-s",
            "TUYENGIAO_HEARTBEAT=0.5",
            "-s",
            "TUYENGIAO_LEASE=3",
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def corpus(db: str) -> set[tuple[str, str]]:
    engine = create_engine(db)
    with Session(engine) as s:
        rows = {(r.url, r.content_hash) for r in s.scalars(select(ArticleRow))}
    engine.dispose()
    return rows


def article_urls(replica) -> set[str]:
    out = set()
    for key, content in replica.content.items():
        module = renderer(content.family)
        out |= {replica.sites[key].url(module.article_path(content, a)) for a in content.articles}
    return out


def single_process_corpus(replica, tmp_path: Path) -> set[tuple[str, str]]:
    db = f"sqlite:///{tmp_path / 'single.sqlite'}"
    result = run_cli(
        "crawl",
        "--registry",
        str(replica.registry_file),
        "--site",
        ",".join(KEYS),
        "--db",
        db,
        *FAST,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return corpus(db)


def test_two_workers_fetch_each_article_once_into_postgresql(replica, pg, redis_url, tmp_path):  # noqa: F811
    single = single_process_corpus(replica, tmp_path)
    for key in KEYS:
        replica.hits(key).clear()
    replica.slow_down(0.02)
    run = uuid.uuid4().hex[:8]
    procs = [worker(replica, pg, redis_url, run) for _ in range(2)]
    try:
        outputs = [p.communicate(timeout=240) for p in procs]
    finally:
        for p in procs:  # a hung worker must not outlive the test
            p.kill()
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, out + err[-3000:]
    urls = article_urls(replica)
    for key in KEYS:
        counts = {replica.sites[key].url(path): n for path, n in replica.hits(key).items()}
        fetched_twice = {u: n for u, n in counts.items() if u in urls and n > 1}
        assert not fetched_twice
    got = corpus(pg)
    assert {u for u, _ in got} == urls
    assert got == single
    # Both workers took part.
    assert all("new" in out for out, _ in outputs)


def test_killing_one_worker_loses_nothing(replica, pg, redis_url, tmp_path):  # noqa: F811
    single = single_process_corpus(replica, tmp_path)
    replica.slow_down(0.15)
    run = uuid.uuid4().hex[:8]
    victim = worker(replica, pg, redis_url, run, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4")
    survivor = worker(replica, pg, redis_url, run, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4")
    time.sleep(4)
    victim.send_signal(signal.SIGKILL)
    victim.communicate()
    try:
        out, err = survivor.communicate(timeout=300)
    finally:
        survivor.kill()
    assert survivor.returncode == 0, out + err[-3000:]
    assert corpus(pg) == single


def test_unreachable_redis_and_postgresql_are_one_line_errors(replica, tmp_path):
    result = run_cli(
        "crawl",
        "--registry",
        str(replica.registry_file),
        "--site",
        KEYS[0],
        "--db",
        f"sqlite:///{tmp_path / 'x.sqlite'}",
        "--redis",
        "redis://127.0.0.1:9/0",
    )
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "redis://127.0.0.1:9/0" in result.stderr
    result = run_cli(
        "crawl",
        "--registry",
        str(replica.registry_file),
        "--site",
        KEYS[0],
        "--db",
        "postgresql+psycopg://nobody@127.0.0.1:9/corpus",
    )
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr


def coordinated(redis: str) -> tuple[Coordinator, ParsedRelease, Clock, str]:
    """A worker's Coordinator and lease middleware on a fresh crawl, on Twisted's test clock."""
    run = uuid.uuid4().hex[:8]
    crawler = get_crawler(Spider, redis_settings(redis, run) | {"TUYENGIAO_IDLE_POLL": 0.5})
    coordinator, middleware, clock = Coordinator(crawler), ParsedRelease(crawler), Clock()
    coordinator.clock = middleware.clock = clock
    return coordinator, middleware, clock, f"tuyengiao:{run}"


def test_an_idle_worker_looks_at_the_queue_again_soon_while_others_work(redis_url):  # noqa: F811
    """Not at Scrapy's idle heartbeat (every 5 s): the pages another worker is fetching will
    queue more, and what is queued already is for taking now."""
    coordinator, _, clock, prefix = coordinated(redis_url)
    spider = Spider(name="site")
    coordinator.redis.set(f"{prefix}:alive:other", "1", ex=60)
    coordinator.redis.hset(f"{prefix}:inflight:other", "http://site/list", "{}")
    with pytest.raises(DontCloseSpider):
        coordinator.idle(spider)
    assert [c.getTime() for c in clock.getDelayedCalls()] == [0.5]
    clock.advance(0.5)  # the look (no engine here: nothing to wake, nothing fails)
    coordinator.redis.zadd(f"{prefix}:requests", {"a request": 0})
    with pytest.raises(DontCloseSpider):
        coordinator.idle(spider)
    assert [c.getTime() - clock.seconds() for c in clock.getDelayedCalls()] == [pytest.approx(0.01)]


def test_a_listing_keeps_its_lease_until_the_requests_it_yields_are_queued(redis_url):  # noqa: F811
    """Released when its answer came, a listing left a moment where another worker saw
    nothing queued and nothing in flight, and left the crawl."""
    coordinator, middleware, clock, prefix = coordinated(redis_url)
    inflight = f"{prefix}:inflight:{coordinator.name}"
    r = coordinator.redis
    listing = Request("http://site/list/", meta={"role": "listing", "site": "s"})
    feed = Request("http://site/rss/", meta={"role": "feed", "site": "s"})
    article = Request("http://site/a.html", meta={"role": "article", "site": "s"})
    for request in (listing, feed, article):
        coordinator.lease(request)

    def output(request: Request):
        yield Request("http://site/b.html")
        assert r.hexists(inflight, request.url)  # still leased while its output goes by

    async def output_async(request: Request):
        for item in output(request):
            yield item

    async def consume(request: Request) -> list:
        response = HtmlResponse(request.url, request=request, body=b"")
        return [
            x async for x in middleware.process_spider_output_async(response, output_async(request))
        ]

    for request in (listing, article):
        list(
            middleware.process_spider_output(
                HtmlResponse(request.url, request=request), output(request)
            )
        )
    asyncio.run(consume(feed))
    assert r.hexists(inflight, listing.url) and r.hexists(inflight, feed.url)
    clock.advance(0)  # the engine's turn: the last request it yielded is scheduled
    assert not r.hexists(inflight, listing.url) and not r.hexists(inflight, feed.url)
    assert r.hexists(inflight, article.url)  # an article's lease is the store's to end
