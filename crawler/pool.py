"""The page pool: a page's CPU work runs in worker processes, off the reactor thread.

A page's stages (decode, extract, clean, dates: ``crawler.page.run_stages``) and what the
store computes from its article (content hash, search-index document, MinHash signature:
``crawler.store.bulk.prepare``) are pure functions of the page's bytes, its hints and the
site's family and profile, so they can run in another process while the reactor goes on
downloading. ``PagePool`` runs worker processes (``forkserver``: they fork from one process
that has imported the stages once), each joined to the crawl by a socket pair that the
reactor itself reads and writes: ``submit`` returns a ``Deferred`` fired on the reactor
thread, and no helper thread of the crawl process competes with the reactor for the GIL.

- What crosses the process boundary is plain data: the ``RawPage`` (bytes and hint
  strings), a ``FamilySpec`` (the family's name and the registry entry's selector
  overrides), the site's ``SiteProfile`` (``SharedProfile``: pickled once per version,
  sent whole once per worker, then by its token); back come the ``Extracted`` and
  ``Article`` dataclasses, or the stage's exception and the stage it came from. The profile
  learning (``pipelines/profile.py``) submits its batches to the same pool
  (``crawl_pool``), ahead of the pages waiting.
- ``TUYENGIAO_PAGE_WORKERS``: the pool's size; unset: one worker per core; ``0``: no pool,
  the stages run inline on the reactor thread (the same function, ``work_page``).
- A worker that dies (killed, out of memory) fails the pages it held: each is a stage
  failure (``StageError("pool")``), counted like any other, and the run exits non-zero;
  a new worker takes its place.
- Workers watch the crawl process and leave when it is gone (a SIGKILL leaves no orphans).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import socket
import threading
import time
import traceback
import uuid
from collections import deque
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.internet.defer import Deferred
from twisted.internet.protocol import Factory, connectionDone
from twisted.protocols.basic import Int32StringReceiver
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
from crawler.store.warc import page_record

log = logging.getLogger(__name__)


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
    record: bytes | None = None  # the page's WARC record (``page_record``), when archived


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
            if not self.blob:
                raise RuntimeError(f"profile version {self.token} was sent without its blob")
            if len(_PROFILES) >= KEPT_PROFILES:  # older versions are not asked for again
                _PROFILES.clear()
            found = _PROFILES[self.token] = pickle.loads(self.blob)
        return found

    def known(self) -> SharedProfile:
        """The version without its blob: for a worker that has read it already."""
        return SharedProfile(self.token, b"")


_PROFILES: dict[str, SiteProfile] = {}  # per process: profile versions already read
KEPT_PROFILES = 64  # versions a process keeps (all forgotten at once when it is full)


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
    archive: bool = False,
) -> PageResult:
    """The stages of one page (in a worker, or inline): plain data in, plain data out.

    ``dialect`` (the store's, "sqlite" or "postgresql"): also prepare the article's rows
    (``crawler.store.bulk.prepare``: content hash, index document, MinHash signature).
    ``archive``: also make the page's WARC record (``page_record``), whatever the stages do.
    """
    record = None
    if archive:
        try:
            record = page_record(raw)
        except Exception as exc:
            return PageResult(stage="archive", error=_portable(exc), trace=traceback.format_exc())
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
        return PageResult(
            stage=stage, error=_portable(cause), trace=traceback.format_exc(), record=record
        )
    return PageResult(extracted=work.extracted, article=article, prepared=prepared, record=record)


def _portable(exc: BaseException) -> BaseException:
    """The exception, or its type and message when it cannot travel between processes."""
    try:
        pickle.dumps(exc)
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


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


class _Worker(Int32StringReceiver):
    """The crawl's end of one worker's socket: tasks go out, results come back, in order."""

    MAX_LENGTH = 2**31 - 1  # one frame of ``multiprocessing.connection``'s (signed 32 bits)

    def __init__(self, pool: PagePool, process: BaseProcess) -> None:
        self.pool = pool
        self.process = process
        self.tasks: deque[Deferred[Any]] = deque()  # sent, not answered yet, in order
        self.profiles: set[str] = set()  # profile versions sent to it (as ``_PROFILES`` has)

    def slim(self, shared: SharedProfile) -> SharedProfile:
        """A profile version is sent whole to a worker once, then by its token only; the
        worker's cache forgets all at ``KEPT_PROFILES`` versions, and so does this record."""
        if shared.token in self.profiles:
            return shared.known()
        if len(self.profiles) >= KEPT_PROFILES:
            self.profiles.clear()
        self.profiles.add(shared.token)
        return shared

    def stringReceived(self, data: bytes) -> None:  # noqa: N802 (Twisted's name)
        done = self.tasks.popleft()
        try:
            ok, value = pickle.loads(data)
        except Exception as exc:  # a result that cannot be read: this task's failure only
            ok, value = False, exc
        self.pool._dispatch()
        if ok:
            done.callback(value)
        else:
            done.errback(Failure(value))

    def close(self) -> None:
        """Close the socket: the worker reads the end of its tasks and leaves."""
        if self.transport is not None:
            self.transport.loseConnection()  # type: ignore[misc]

    def connectionLost(self, reason: Failure = connectionDone) -> None:  # noqa: N802
        self.pool._lost(self)


def _serve(sock: socket.socket, parent: int) -> None:
    """A worker: run each task it is sent, send back ``(True, result)`` or ``(False, exc)``."""
    _watch(parent)
    conn = Connection(sock.detach())
    while True:
        try:
            fn, args = pickle.loads(conn.recv_bytes())
        except EOFError:  # the crawl closed the pool
            return
        try:
            answer = pickle.dumps((True, fn(*args)), pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            try:
                answer = pickle.dumps((False, exc), pickle.HIGHEST_PROTOCOL)
            except Exception:  # an exception that cannot travel: its type and message do
                answer = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        conn.send_bytes(answer)


class PagePool:
    """Worker processes whose results come back as Deferreds on the reactor thread.

    No helper thread in the crawl process: each worker is a forkserver child holding one
    end of a socket pair; the crawl's end is a Twisted connection, so a task is written and
    its result read by the reactor itself (a ``ProcessPoolExecutor``'s feeder and manager
    threads took the GIL from the reactor on every page). A worker holds at most ``DEPTH``
    tasks (one running, the next waiting in its socket); the rest wait here, in order.
    """

    DEPTH = 2

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["crawler.pool"])
        self.ready: list[_Worker] = []
        self.queue: deque[tuple[Deferred[Any], Any, tuple[Any, ...]]] = deque()
        self.starting = 0  # workers being started
        self.closed = False
        self.idle: Deferred[None] | None = None  # fired by close when the last task is done

    def start(self) -> None:
        """Start the workers, from a thread: the forkserver imports the stages (seconds)
        while the crawl fetches its first pages, instead of holding the reactor."""
        self._spawn(self.workers - len(self.ready) - self.starting)

    def _spawn(self, n: int) -> None:
        if n <= 0 or self.closed:
            return
        from twisted.internet import reactor  # see ``submit``

        self.starting += n
        parent = os.getpid()

        def spawn() -> None:
            for _ in range(n):
                ours, theirs = socket.socketpair()
                process = self.context.Process(
                    target=_serve, args=(theirs, parent), daemon=True, name="page-worker"
                )
                try:
                    process.start()
                except Exception as exc:  # said on the reactor thread
                    ours.close()
                    reactor.callFromThread(self._not_started, exc)
                    continue
                finally:
                    theirs.close()
                reactor.callFromThread(self._connect, ours, process)

        threading.Thread(target=spawn, daemon=True, name="start-page-pool").start()

    def _not_started(self, exc: BaseException) -> None:
        self.starting -= 1
        log.error("a page worker did not start: %s", exc)
        if not self.ready and not self.starting:  # nothing will run what waits: fail it
            while self.queue:
                self.queue.popleft()[0].errback(Failure(self._crash(exc)))

    def _connect(self, ours: socket.socket, process: BaseProcess) -> None:
        from twisted.internet import reactor  # see ``submit``

        self.starting -= 1
        worker = _Worker(self, process)
        reactor.adoptStreamConnection(ours.fileno(), socket.AF_UNIX, _Once(worker))
        ours.close()  # the reactor holds its own copy of the descriptor
        if self.closed:
            worker.close()
            return
        self.ready.append(worker)
        self._dispatch()

    def submit(self, fn: Any, *args: Any, first: bool = False) -> Deferred[Any]:
        """Run ``fn(*args)`` in a worker; the Deferred fires on the reactor thread.

        ``first``: ahead of every task waiting (a profile learning, which the pages after
        it wait for, must not wait behind the pages downloaded meanwhile)."""
        done: Deferred[Any] = Deferred()
        if self.closed:
            done.errback(Failure(CancelledError()))
            return done
        if first:
            self.queue.appendleft((done, fn, args))
        else:
            self.queue.append((done, fn, args))
        if not self.ready and not self.starting:
            self.start()
        self._dispatch()
        return done

    def _dispatch(self) -> None:
        """Hand waiting tasks to the least busy workers that have room."""
        while self.queue and self.ready:
            worker = min(self.ready, key=lambda w: len(w.tasks))
            if len(worker.tasks) >= self.DEPTH:
                return
            done, fn, args = self.queue.popleft()
            sent = set(worker.profiles)
            args = tuple(worker.slim(a) if isinstance(a, SharedProfile) else a for a in args)
            try:
                data = pickle.dumps((fn, args), pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # not sent: the worker did not get those versions
                worker.profiles = sent
                done.errback(Failure(exc))
                continue
            worker.tasks.append(done)
            worker.sendString(data)
        self._check_idle()

    def _crash(self, exc: BaseException) -> StageError:
        error = StageError("pool")
        error.__cause__ = exc
        return error

    def _lost(self, worker: _Worker) -> None:
        """A worker's socket closed: by ``close``, or because the worker died (killed, out
        of memory): the tasks it held fail, and a new worker takes its place."""
        if worker in self.ready:
            self.ready.remove(worker)
        worker.process.join(timeout=1)
        if worker.tasks:
            code = worker.process.exitcode
            exc = BrokenProcessPool(f"a page worker died (exit code {code})")
            while worker.tasks:
                worker.tasks.popleft().errback(Failure(self._crash(exc)))
        if not self.closed:
            self._spawn(1)
        self._check_idle()

    def _check_idle(self) -> None:
        if self.idle is not None and not any(w.tasks for w in self.ready):
            idle, self.idle = self.idle, None
            idle.callback(None)

    def close(self) -> Deferred[None]:
        """Cancel what waits, let the running tasks finish, then stop the workers; the
        Deferred fires when they are stopped."""
        self.closed = True
        while self.queue:
            self.queue.popleft()[0].errback(Failure(CancelledError()))
        self.idle = Deferred()
        finished = self.idle
        self._check_idle()

        def stop(_: None) -> None:
            for worker in list(self.ready):
                worker.close()  # the worker reads EOF and leaves
            self.ready = []

        finished.addCallback(stop)
        return finished


class _Once(Factory):
    """A factory of exactly one, already made, protocol."""

    def __init__(self, protocol: _Worker) -> None:
        self.protocol_instance = protocol

    def buildProtocol(self, addr: Any) -> _Worker:  # noqa: N802 (Twisted's name)
        return self.protocol_instance
