"""Several crawler processes on one crawl: scrapy-redis scheduler and dupefilter.

Switched on by a Redis URL (``tuyengiao crawl --redis URL`` or ``TUYENGIAO_REDIS``).
What scrapy-redis gives: one shared request queue and one shared set of seen
fingerprints, so any number of workers on any machines fetch each URL once.
What this module adds, from the pitfalls measured in docs/evidence.md §6.1:

- keys per crawl (``tuyengiao:<run>:…``), persisted while workers come and go
  (``SCHEDULER_PERSIST``: otherwise the first worker to finish wipes them), and
  expiring a few days later so tomorrow's crawl starts fresh;
- the ``inc_value(spider=…)`` shim for current Scrapy;
- leases: every request a worker takes from the queue is recorded as in flight
  under that worker's name until its work is done (an article: committed to the store;
  a listing, feed or sitemap: parsed, the requests it yields pushed to the queue, by
  ``ParsedRelease``: released when its answer came, a worker idle meanwhile could find
  nothing queued and nothing in flight and leave while that page still held the rest of
  the crawl); workers heartbeat; a worker
  that finds another worker's lease expired (it was killed) takes its requests
  back, so killing a worker mid-run loses nothing;
- idle close: a worker ends once the shared queue has stayed empty and nothing is
  in flight anywhere for ``TUYENGIAO_IDLE_CLOSE`` seconds, so a cron run ends. The
  end of that quiet period is checked when it comes, not at Scrapy's next idle
  heartbeat (every 5 s), which kept every worker up to 5 s longer than asked
  (``benchmarks/scaleout.py``: the "tail" column);
- a quick look again: a worker with nothing to do while the crawl goes on (the queue
  is empty but other workers have requests in flight, whose pages will add more)
  looks at the shared queue every ``TUYENGIAO_IDLE_POLL`` seconds (0.5), not at
  Scrapy's next idle heartbeat 5 s later; work that is already queued is taken at once.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, Protocol, cast

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task
from twisted.python.failure import Failure

from crawler.runrecord import flush_requested, lease_taken, leases_done

log = logging.getLogger(__name__)
KEY_TTL = 3 * 24 * 3600  # a crawl's Redis keys outlive it by three days
HEARTBEAT = 5.0  # seconds between "I am alive" marks
LEASE = 20  # seconds without a heartbeat after which a worker counts as dead
IDLE_POLL = 0.5  # seconds between looks at the shared queue while others still work


def default_run_name() -> str:
    """One distributed crawl per UTC day unless told otherwise: ``20261123``."""
    return datetime.now(UTC).strftime("%Y%m%d")


def worker_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def redis_settings(url: str, run: str) -> dict[str, Any]:
    """The Scrapy settings that put a crawl's scheduler and dupefilter in Redis."""
    prefix = f"tuyengiao:{run}"
    return {
        "SCHEDULER": "crawler.distributed.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        "REDIS_URL": url,
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,  # a blocking pop would stall the reactor
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "TUYENGIAO_REDIS_PREFIX": prefix,
        "EXTENSIONS": {
            "crawler.runrecord.RunRecorder": 100,
            "crawler.distributed.Coordinator": 500,
        },
        # Outermost (nearest the engine): it sees the end of a page's output last.
        "SPIDER_MIDDLEWARES": {"crawler.distributed.ParsedRelease": 1},
    }


def check_redis(url: str) -> None:
    """Fail early, in one line, when Redis cannot be reached."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except (redis.RedisError, ValueError) as exc:
        raise ConnectionError(f"cannot reach Redis at {url}: {exc}") from None


class Scheduler(RedisScheduler):
    """scrapy-redis's scheduler, with leases on the requests it hands out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coordinator: Coordinator | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Scheduler:
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        return instance

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
            self.crawler.signals.send_catch_log(lease_taken, request=request)
        return request


def _reactor() -> Any:
    """The running reactor, as something with ``callLater`` (an ``IReactorTime``)."""
    # Imported here: importing the reactor at module level installs the default one
    # before Scrapy installs the asyncio reactor it is configured for.
    from twisted.internet import reactor

    return cast(Any, reactor)  # twisted's reactor module is not typed as IReactorTime


def _describe(request: Request) -> str:
    """What a worker needs to re-issue a request another worker lost."""
    meta = {k: v for k, v in request.meta.items() if k in ("site", "role", "section", "hints")}
    return json.dumps(
        {
            "url": request.url,
            "callback": getattr(request.callback, "__name__", None),
            "headers": {k.decode(): v[0].decode() for k, v in request.headers.items() if v},
            "meta": meta,
        },
        ensure_ascii=False,
    )


def _discovery_lease(response: Any) -> str | None:
    """The lease of a page whose work ends with its parse (not an article: the store's)."""
    request = getattr(response, "request", None)
    if request is None or request.meta.get("role") in ("article", "recheck"):
        return None
    lease = request.meta.get("lease")
    return lease if isinstance(lease, str) else None


class ParsedRelease:
    """Spider middleware: a listing, feed or sitemap is done once its callback's output has
    gone by (each request it yields is pushed to the shared queue as it passes); its lease
    is released on the next reactor turn, after the engine has scheduled the last one."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.get("TUYENGIAO_REDIS_PREFIX"):
            raise NotConfigured("not a distributed crawl")
        self.crawler = crawler
        self.clock: Any = None  # an IReactorTime; None: the running reactor

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParsedRelease:
        return cls(crawler)

    def _done(self, response: Any) -> None:
        lease = _discovery_lease(response)
        if lease is not None:
            (self.clock or _reactor()).callLater(0, self._release, lease)

    def _release(self, lease: str) -> None:
        self.crawler.signals.send_catch_log(leases_done, leases=[lease])

    def process_spider_output(
        self, response: Any, result: Iterable[Any], spider: Spider | None = None
    ) -> Iterator[Any]:
        yield from result
        self._done(response)

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        async for item in result:
            yield item
        self._done(response)


class Recovering(Protocol):
    """What recovery needs of the spider: its errback (callbacks are looked up by name)."""

    def on_error(self, failure: Failure) -> None: ...


class Coordinator:
    """Leases, heartbeats, recovery of dead workers' requests, and idle close."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        prefix = settings.get("TUYENGIAO_REDIS_PREFIX")
        if not prefix:
            raise NotConfigured("not a distributed crawl")
        import redis

        self.crawler = crawler
        self.redis = redis.Redis.from_url(settings.get("REDIS_URL"), decode_responses=True)
        self.prefix = prefix
        self.name = worker_name()
        self.idle_close = settings.getfloat("TUYENGIAO_IDLE_CLOSE", 10.0)
        self.heartbeat_every = settings.getfloat("TUYENGIAO_HEARTBEAT", HEARTBEAT)
        self.lease_seconds = settings.getint("TUYENGIAO_LEASE", LEASE)
        self.idle_poll = settings.getfloat("TUYENGIAO_IDLE_POLL", IDLE_POLL)
        self.idle_since: float | None = None
        self.recovered = 0
        self._beat: task.LoopingCall | None = None
        self._quiet_check: Any = None  # an IDelayedCall
        self._poll: Any = None  # an IDelayedCall
        self.clock: Any = None  # an IReactorTime; None: the running reactor
        crawler.signals.connect(self.lease, signal=lease_taken)
        crawler.signals.connect(self.release_leases, signal=leases_done)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.done_error, signal=signals.spider_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Coordinator:
        return cls(crawler)

    # --- keys ---
    def _inflight(self, worker: str) -> str:
        return f"{self.prefix}:inflight:{worker}"

    def _alive(self, worker: str) -> str:
        return f"{self.prefix}:alive:{worker}"

    # --- lifecycle ---
    def opened(self, spider: Spider) -> None:
        self.heartbeat()
        self._beat = task.LoopingCall(self.heartbeat)
        self._beat.start(self.heartbeat_every, now=False)
        log.info("distributed worker %s on %s", self.name, self.prefix)

    def heartbeat(self) -> None:
        self.redis.set(self._alive(self.name), "1", ex=self.lease_seconds)

    def closed(self, spider: Spider, reason: str) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        for call in (self._quiet_check, self._poll):
            if call is not None and call.active():
                call.cancel()
        pipe = self.redis.pipeline()
        pipe.delete(self._alive(self.name))
        for key in self.redis.scan_iter(f"{self.prefix}:*"):
            pipe.expire(key, KEY_TTL)
        pipe.execute()

    # --- leases ---
    def lease(self, request: Request) -> None:
        """Record a request this worker took from the shared queue."""
        request.meta["lease"] = request.url
        self.redis.hset(self._inflight(self.name), request.url, _describe(request))

    def release(self, request: Request | None) -> None:
        if request is not None and request.meta.get("lease"):
            self.release_leases([request.meta["lease"]])

    def release_leases(self, leases: list[str]) -> None:
        """Done with these requests: their results are committed to the store."""
        if leases:
            self.redis.hdel(self._inflight(self.name), *leases)

    def done_error(self, failure: Any, response: Any, spider: Spider) -> None:
        if response is not None:
            self.release(response.request)

    # --- recovery and idle close ---
    def recover(self, spider: Recovering) -> int:
        """Take back the in-flight requests of workers whose heartbeat stopped."""
        taken = 0
        for key in self.redis.scan_iter(f"{self.prefix}:inflight:*"):
            worker = key.rsplit(":", 1)[1]
            if worker == self.name or self.redis.exists(self._alive(worker)):
                continue
            claim = f"{key}:claimed-by:{self.name}"
            try:
                self.redis.rename(key, claim)  # atomic: only one worker wins the claim
            except Exception:
                continue
            for raw in self.redis.hvals(claim):
                info = json.loads(raw)
                callback = getattr(spider, info["callback"] or "parse_article")
                request = Request(
                    info["url"],
                    callback=callback,
                    errback=spider.on_error,
                    headers=info["headers"],
                    meta=info["meta"],
                    dont_filter=True,  # its fingerprint is already in the shared seen set
                )
                self.crawler.engine.crawl(request)
                taken += 1
            self.redis.delete(claim)
            log.warning("recovered %d requests of dead worker %s", taken, worker)
        self.recovered += taken
        return taken

    def idle(self, spider: Recovering) -> None:
        """Stay alive while the crawl may still need us; end after a quiet period."""
        # Idle means nothing of ours is downloading or being parsed: commit what the
        # store still holds, then whatever we still lease is finished (or failed) work.
        self.crawler.signals.send_catch_log(flush_requested)
        self.redis.delete(self._inflight(self.name))
        if self.recover(spider):
            self.idle_since = None
            raise DontCloseSpider
        queued = self.redis.zcard(f"{self.prefix}:requests")
        inflight = any(
            self.redis.hlen(k) for k in self.redis.scan_iter(f"{self.prefix}:inflight:*")
        )
        if queued or inflight:
            self.idle_since = None
            # Queued: it came after our last look, take it now. In flight elsewhere: those
            # pages will add requests; look again soon.
            self._poll_soon(0.0 if queued else self.idle_poll)
            raise DontCloseSpider
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_close:
            self._check_when_quiet(self.idle_since + self.idle_close - now, spider)
            raise DontCloseSpider

    def _poll_soon(self, delay: float) -> None:
        """Have the engine look at the shared queue after ``delay`` seconds."""
        if self._poll is None or not self._poll.active():
            self._poll = (self.clock or _reactor()).callLater(max(delay, 0.01), self._look)

    def _look(self) -> None:
        # What Scrapy's idle heartbeat does every 5 s: the engine takes what the scheduler
        # has, and sends spider_idle again (here) if there is still nothing.
        try:
            engine = self.crawler.engine
        except RuntimeError:  # not started yet (Scrapy sets it when the crawl starts)
            return
        slot = getattr(engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None and getattr(slot, "closing", None) is None:
            nextcall.schedule()

    def _check_when_quiet(self, delay: float, spider: Recovering) -> None:
        if self._quiet_check is None or not self._quiet_check.active():
            clock = self.clock or _reactor()
            self._quiet_check = clock.callLater(max(delay, 0.05), self._quiet_over, spider)

    def _quiet_over(self, spider: Recovering) -> None:
        """The quiet period has ended: close now if still idle, as the engine would."""
        engine = self.crawler.engine
        if engine is None or engine.spider is None or not engine.spider_is_idle():
            return  # work came in (or the spider is closing): the next idle signal decides
        try:
            self.idle(spider)
        except DontCloseSpider:
            return
        deferred_from_coro(engine.close_spider_async(reason="finished"))
