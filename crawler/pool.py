"""The page pool: a page's CPU work runs in worker processes, off the reactor thread.

A page's stages (decode, extract, clean, dates: ``crawler.page.run_stages``) and what the
store computes from its article (content hash, search-index document, MinHash signature:
``crawler.store.bulk.prepare``) are pure functions of the page's bytes, its hints and the
site's family and profile, so they can run in another process while the reactor goes on
downloading. ``PagePool`` is a ``ProcessPoolExecutor`` (``forkserver``: the workers fork
from one process that has imported the stages once) bridged to Twisted: ``submit`` returns
a ``Deferred`` fired on the reactor thread.

- What crosses the process boundary is plain data: the ``RawPage`` (bytes and hint
  strings), a ``FamilySpec`` (the family's name and the registry entry's selector
  overrides), the site's ``SiteProfile`` (``SharedProfile``: pickled once per version,
  read once per worker); back come the ``Extracted`` and ``Article`` dataclasses, or the
  stage's exception and the stage it came from. The profile learning
  (``pipelines/profile.py``) submits its batches to the same pool (``crawl_pool``).
- ``TUYENGIAO_PAGE_WORKERS``: the pool's size; unset: one worker per core; ``0``: no pool,
  the stages run inline on the reactor thread (the same function, ``work_page``).
- A worker that dies (killed, out of memory) fails the pages it held: each is a stage
  failure (``StageError("pool")``), counted like any other, and the run exits non-zero;
  the next page gets a fresh pool.
- Workers watch the crawl process and leave when it is gone (a SIGKILL leaves no orphans).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
import uuid
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler.cms import AUTO, get_family
from crawler.cms.base import Family
from crawler.cms.detect import detect
from crawler.items import Article, Extracted, RawPage
from crawler.page import run_stages
from crawler.profile import SiteProfile
from crawler.registry import Site
from crawler.runrecord import StageError, sites_opened, stage_failure
from crawler.store.bulk import Prepared, prepare


@dataclass(frozen=True)
class FamilySpec:
    """A site's family as plain data: its name and the registry entry's selector overrides."""

    name: str
    overrides: dict[str, Any] = field(default_factory=dict, hash=False)

    def family(self) -> Family:
        return get_family(self.name).with_overrides(self.overrides)


@dataclass
class PageResult:
    """What a worker sends back: the stages' output, or the failure and its stage."""

    extracted: Extracted | None = None
    article: Article | None = None
    prepared: Prepared | None = None  # what the store computes from the article
    stage: str | None = None
    error: BaseException | None = None
    trace: str = ""  # the traceback, as text (a traceback object does not cross processes)


profile_learned = object()  # site, profile: a site's profile, loaded or (re)learned


@dataclass(frozen=True)
class SharedProfile:
    """A site's profile as the workers get it: pickled once per version on the crawl's
    side (without ``seen``, which only learning reads), unpickled once per worker.

    A profile of a few hundred pages is ~100 kB of dicts; pickling it for every page held
    the GIL on the crawl's side for milliseconds a page. Bytes cross for the price of a copy.
    """

    token: str  # unique per version: the workers' cache key
    blob: bytes

    @classmethod
    def of(cls, profile: SiteProfile) -> SharedProfile:
        slim = replace(profile, seen=[])
        return cls(uuid.uuid4().hex, pickle.dumps(slim, pickle.HIGHEST_PROTOCOL))

    def profile(self) -> SiteProfile:
        """The profile (read from the blob the first time this process sees the version)."""
        found = _PROFILES.get(self.token)
        if found is None:
            if len(_PROFILES) >= 64:  # older versions are not asked for again
                _PROFILES.clear()
            found = _PROFILES[self.token] = pickle.loads(self.blob)
        return found


_PROFILES: dict[str, SiteProfile] = {}  # per process: profile versions already read


class SiteInputs:
    """What the stages of a site's pages need beyond the page: its family and profile.

    Learned from the run's signals, never from the spider: the registry entries
    (``sites_opened``), the home page of a ``cms = "auto"`` site (detected as the spider
    detects it), and each profile the profile stage loads or learns (``profile_learned``).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.sites: dict[str, Site] = {}
        self.families: dict[str, FamilySpec] = {}
        self.profiles: dict[str, SiteProfile] = {}
        self._shared: dict[str, SharedProfile] = {}
        crawler.signals.connect(self.on_sites, signal=sites_opened)
        crawler.signals.connect(self.on_response, signal=signals.response_received)
        crawler.signals.connect(self.on_profile, signal=profile_learned)

    def on_sites(self, sites: list[Site]) -> None:
        for site in sites:
            self.sites[site.key] = site
            if site.cms != AUTO:
                self.families[site.key] = FamilySpec(site.cms, dict(site.selectors))

    def on_response(self, response: Response, request: Request, spider: Spider) -> None:
        key = request.meta.get("site")
        if request.meta.get("role") == "home" and key in self.sites:
            name = detect(response.body, response.url).family
            self.families[key] = FamilySpec(name, dict(self.sites[key].selectors))

    def on_profile(self, site: str, profile: SiteProfile) -> None:
        self.profiles[site] = profile
        self._shared.pop(site, None)

    def shared(self, site: str) -> SharedProfile | None:
        """The site's profile for the workers (made once per version, when first asked)."""
        profile = self.profiles.get(site)
        if profile is None:
            return None
        if site not in self._shared:
            self._shared[site] = SharedProfile.of(profile)
        return self._shared[site]

    def family(self, site: str) -> Family | None:
        return _family(self.families.get(site))


_FAMILIES: dict[tuple[str, str], Family] = {}  # per process: specs already built


def _family(spec: FamilySpec | None) -> Family | None:
    if spec is None:
        return None
    key = (spec.name, repr(sorted(spec.overrides.items())))
    if key not in _FAMILIES:
        _FAMILIES[key] = spec.family()
    return _FAMILIES[key]


def work_page(
    raw: RawPage,
    spec: FamilySpec | None,
    profile: SiteProfile | SharedProfile | None,
    dialect: str | None = None,
) -> PageResult:
    """The stages of one page (in a worker, or inline): plain data in, plain data out.

    ``dialect`` (the store's, "sqlite" or "postgresql"): also prepare the article's rows
    (``crawler.store.bulk.prepare``: content hash, index document, MinHash signature).
    """
    try:
        if isinstance(profile, SharedProfile):
            profile = profile.profile()
        work = run_stages(raw, _family(spec), profile)
        article = work.article
        prepared = None
        if dialect and article is not None and not article.problem:
            prepared = prepare(article, dialect)
    except Exception:
        stage, cause = stage_failure(Failure())
        if stage == "pipeline":  # not inside a stage: the page adapter's, as when it ran there
            stage = "page"
        try:
            pickle.dumps(cause)
        except Exception:  # an exception that cannot travel: its type and message do
            cause = RuntimeError(f"{type(cause).__name__}: {cause}")
        return PageResult(stage=stage, error=cause, trace=traceback.format_exc())
    return PageResult(extracted=work.extracted, article=article, prepared=prepared)


def page_workers(value: Any) -> int:
    """``TUYENGIAO_PAGE_WORKERS`` → a pool size (unset or empty: the number of cores)."""
    if value is None or value == "":
        return os.cpu_count() or 1
    workers = int(value)
    if workers < 0:
        raise ValueError(f"TUYENGIAO_PAGE_WORKERS must be 0 or more, not {workers}")
    return workers


def _gone(parent: int, ppid: int) -> bool:
    """Whether the crawl process is gone: dead, a zombie, or this worker was reparented."""
    if os.getppid() != ppid:
        return True
    try:
        with open(f"/proc/{parent}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] in (b"Z", b"X")
    except FileNotFoundError:
        return True
    except OSError:  # no /proc: ask the kernel (a zombie still answers, its reaper is near)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            return True
        return False


def _watch(parent: int) -> None:
    """In a worker: leave when the crawl process is gone; Ctrl-C is the crawl's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ppid = os.getppid()  # the forkserver, which itself leaves when the crawl process dies

    def watch() -> None:
        while not _gone(parent, ppid):
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="watch-crawl").start()


_POOLS: WeakKeyDictionary[Crawler, PagePool | None] = WeakKeyDictionary()


def crawl_pool(crawler: Crawler) -> PagePool | None:
    """The crawl's one pool (``TUYENGIAO_PAGE_WORKERS``; None for 0), shared by the page
    stages and the profile learning; the page pipeline starts and closes it."""
    if crawler not in _POOLS:
        workers = page_workers(crawler.settings.get("TUYENGIAO_PAGE_WORKERS"))
        _POOLS[crawler] = PagePool(workers) if workers else None
    return _POOLS[crawler]


class PagePool:
    """A process pool whose results come back as Deferreds on the reactor thread."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["crawler.pool"])
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=self.context, initializer=_watch, initargs=(os.getpid(),)
            )
        return self._executor

    def start(self) -> None:
        """Start the workers now, from a thread: the forkserver imports the stages (seconds)
        while the crawl fetches its first pages, instead of on the first page's submit,
        which would hold the reactor that long."""
        executor = self._pool()

        def spawn() -> None:
            try:  # each submit with no idle worker starts one
                for _ in range(self.workers):
                    executor.submit(os.getpid)
            except (BrokenProcessPool, RuntimeError):  # dead or closed already: submit says so
                pass

        threading.Thread(target=spawn, daemon=True, name="start-page-pool").start()

    def submit(self, fn: Any, *args: Any) -> Deferred[Any]:
        """Run ``fn(*args)`` in a worker; the Deferred fires on the reactor thread."""
        done: Deferred[Any] = Deferred()
        try:
            future = self._pool().submit(fn, *args)
        except BrokenProcessPool as exc:  # died between two pages: start afresh, fail this one
            self._executor = None
            done.errback(Failure(self._crash(exc)))
            return done
        # Imported here: importing the reactor installs one, and Scrapy installs its own
        # (asyncio) first; this module is imported earlier by the workers and the tests.
        from twisted.internet import reactor

        executor = self._executor
        future.add_done_callback(lambda f: reactor.callFromThread(self._fire, done, f, executor))
        return done

    def _crash(self, exc: BaseException) -> StageError:
        error = StageError("pool")
        error.__cause__ = exc
        return error

    def _fire(
        self, done: Deferred[Any], future: Future[Any], executor: ProcessPoolExecutor | None
    ) -> None:
        if future.cancelled():  # the pool was closed before the task started
            done.errback(Failure(CancelledError()))
            return
        exc = future.exception()
        if exc is None:
            done.callback(future.result())
            return
        if isinstance(exc, BrokenProcessPool):  # a worker died: the next page gets a new pool
            if executor is not None and executor is self._executor:
                self._executor = None
                executor.shutdown(wait=False, cancel_futures=True)
            exc = self._crash(exc)
        done.errback(Failure(exc))

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
