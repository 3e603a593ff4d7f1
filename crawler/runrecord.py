"""One record of a run: per-site counters in Scrapy's stats, written to the store once.

Every part of a crawl says what happened through Scrapy's stats collector (keys
``tuyengiao/<site>/<counter>``, see ``count``) and the signals below; nothing is read
from the spider's attributes or hung on the Crawler. ``RunRecorder`` (an extension)
turns them into the run's rows when the spider closes:

- ``frontier``: every article URL discovered and not stored stays ``pending`` (the next
  run fetches it first); a stored URL leaves; a definitive answer gives it up;
- ``fetch_state``: HTTP validators; a feed's or sitemap's only once every article it
  listed is stored or given up, an article's only once its page was stored or answered,
  a sitemap index's never (a 304 there would hide its sitemaps, which change instead);
- ``section_state``: sections walked to known ground, in a run that finished;
- ``crawl_runs``: one row per site, with its status: ``failed`` when the site never
  answered or when a stage (archive, extract, clean, dates, store) raised on one of its
  pages, ``stopped`` when the run was stopped (SIGTERM, Ctrl-C) before its end,
  ``unhealthy`` when it looks like a layout change, else ``ok``.

The summary of the run goes out as the ``run_recorded`` signal (``tuyengiao crawl``
prints it).
"""

from __future__ import annotations

import logging
import statistics
import uuid
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.statscollectors import StatsCollector
from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from twisted.python.failure import Failure

from crawler.items import PageWork, RawPage
from crawler.registry import Site
from crawler.store.db import StoreError, open_store
from crawler.store.models import (
    AliasRow,
    ArticleRow,
    CrawlRunRow,
    FetchStateRow,
    FrontierRow,
    SectionStateRow,
)
from crawler.store.writer import upsert_row

log = logging.getLogger(__name__)

# --- signals ---------------------------------------------------------------------------------
sites_opened = object()  # sites: the registry entries this run crawls (sent first by the spider)
article_listed = object()  # site, url, hints, source: a new article URL the spider requests
section_walked = object()  # site, section: a section walked to known ground or to its end
sitemap_listed = object()  # site, url, source: a sitemap index names another sitemap
page_settled = object()  # site, url, kind (None: stored), final: what became of an article URL
stage_failed = object()  # site, url, stage, exc: a stage caught a failure itself (a batch write)
flush_requested = object()  # (distributed, idle) write what is pending now
leases_done = object()  # leases: distributed requests whose results are committed
lease_taken = object()  # request: a distributed request taken from the shared queue
run_recorded = object()  # summary: the run's summary, once written

COLLAPSE_RATIO = 0.4  # a run's median body below 40% of the site's usual median: layout change?
MIN_REJECTED = 3  # fewer rejected pages (and none stored) are too few to call a layout change
STORED = ("new", "changed", "unchanged", "alias")
# Answers that settle an article URL for good: it leaves the pending frontier.
FINAL_KINDS = frozenset(
    {
        "http_404",
        "http_410",
        "not_html",
        "oversize",
        "redirect_offsite",
        "redirect_private",
        "redirect_loop",
        "robots_forbidden",
    }
)
_CHUNK = 500
ROOT = PurePath(__file__).parents[1]


def count(stats: StatsCollector | None, site: str, name: str, n: int = 1) -> None:
    """Add ``n`` to a per-site counter: ``errors/<kind>``, ``rejected/<kind>``, ``stored/…``."""
    if stats is not None and site:
        stats.inc_value(f"tuyengiao/{site}/{name}", n)


def site_counters(stats: dict[str, Any], site: str) -> dict[str, int]:
    """The counters of one site, without the prefix."""
    prefix = f"tuyengiao/{site}/"
    return {k[len(prefix) :]: v for k, v in stats.items() if k.startswith(prefix)}


def _group(counters: dict[str, int], group: str) -> dict[str, int]:
    return {k[len(group) + 1 :]: v for k, v in counters.items() if k.startswith(group + "/")}


def requested_url(request: Request) -> str:
    """The URL the crawl asked for, before any redirect."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


class StageError(Exception):
    """Raised by a stage adapter (``raise StageError("archive") from exc``) to name itself."""

    def __init__(self, stage: str) -> None:
        super().__init__(stage)
        self.stage = stage


class QuietStageErrors(LogFormatter):
    """A stage that names its failure (``StageError``: a full disk, an unwritable directory)
    gets one line from the recorder; its traceback goes to the DEBUG log, not to cron mail."""

    def item_error(
        self, item: Any, exception: BaseException, response: Any, spider: Spider
    ) -> LogFormatterResult:
        result = super().item_error(item, exception, response, spider)
        if isinstance(exception, StageError):
            result["level"] = logging.DEBUG
        return result


def stage_failure(failure: Failure) -> tuple[str, BaseException]:
    """(stage, cause) of a pipeline failure: a ``StageError`` names its stage; otherwise the
    deepest ``crawler/stages/<stage>.py`` the traceback passed through, else the adapter."""
    if isinstance(failure.value, StageError):
        return failure.value.stage, failure.value.__cause__ or failure.value
    paths = [PurePath(frame[1]) for frame in failure.frames]
    stages = [p.stem for p in paths if p.parent == ROOT / "crawler" / "stages"]
    adapters = [p.stem for p in paths if p.parent == ROOT / "pipelines"]
    return (stages[-1:] or adapters[:1] or ["pipeline"])[0], failure.value


def site_health(
    stored_this_run: int,
    rejected: int,
    listing_links: int,
    listing_pages: int,
    known_articles: int,
    median_now: int | None,
    median_before: int | None,
    new_this_run: int,
) -> str | None:
    """Why a site that used to give articles looks broken now, or None.

    Three signs of a layout change: every article page fetched (at least
    ``MIN_REJECTED`` of them) was rejected by the extraction; listing pages
    answered but held no article link at all although the site has stored
    articles; the median body of this run's new articles collapsed against the
    site's history.
    """
    if rejected >= MIN_REJECTED and not stored_this_run:
        return f"all {rejected} article pages fetched were rejected by the extraction"
    if listing_pages and not listing_links and known_articles:
        return f"{listing_pages} listing pages held no article link (the site had some before)"
    if (
        median_now is not None
        and median_before
        and new_this_run >= 3
        and median_now < COLLAPSE_RATIO * median_before
    ):
        return f"median body length fell from {median_before} to {median_now} characters"
    return None


def _stored_urls(session: Session, urls: Iterable[str]) -> set[str]:
    """Which of ``urls`` the store holds, as articles or as aliases."""
    found: set[str] = set()
    todo = list(urls)
    for i in range(0, len(todo), _CHUNK):
        chunk = todo[i : i + _CHUNK]
        found.update(session.scalars(select(ArticleRow.url).where(ArticleRow.url.in_(chunk))))
        found.update(session.scalars(select(AliasRow.url).where(AliasRow.url.in_(chunk))))
    return found


def _upsert_many(
    session: Session, model: type, rows: list[dict[str, Any]], keys: list[str]
) -> None:
    """``upsert_row`` for many rows: one INSERT … ON CONFLICT DO UPDATE statement per
    shape of row (the columns given), executed for a chunk of rows at a time. Each row
    gets exactly what ``upsert_row`` would give it (its own columns set, the others kept)."""
    shapes: defaultdict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        shapes[tuple(sorted(row))].append(row)
    dialect = session.get_bind().dialect.name
    for columns, group in shapes.items():
        insert = postgresql.insert(model) if dialect == "postgresql" else sqlite.insert(model)
        updates = {c: insert.excluded[c] for c in columns if c not in keys}
        stmt = (
            insert.on_conflict_do_update(index_elements=keys, set_=updates)
            if updates
            else insert.on_conflict_do_nothing(index_elements=keys)
        )
        for i in range(0, len(group), _CHUNK):
            session.execute(stmt, group[i : i + _CHUNK])


@dataclass(slots=True)
class _Open:
    """An article URL of this run not stored (yet): what its frontier row needs."""

    site: str
    hints: dict[str, str] | None  # None: not listed this run (a re-check that failed)
    sources: list[str]  # the feeds, sitemaps, listings that named it
    kind: str | None = None  # what its last fetch came to (None: not fetched yet)
    final: bool = False
    tried: bool = False


@dataclass(frozen=True, slots=True)
class _Answer:
    """The validators of one answer, until they are written."""

    url: str
    site: str
    role: str
    etag: str | None
    modified: str | None
    status: int

    def row(self, now: datetime) -> dict[str, Any]:
        """Its ``fetch_state`` row (a 304 keeps the validators we sent)."""
        values = {"url": self.url, "site_key": self.site, "status": self.status, "checked_at": now}
        if self.status != 304:
            values |= {"etag": self.etag, "last_modified": self.modified}
        return values


class RunRecorder:
    """Collects what the signals say during a run; writes the run's rows at the end."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.db_url: str | None = settings.get("TUYENGIAO_DB")
        self.run_id: str = settings.get("TUYENGIAO_RUN_ID") or uuid.uuid4().hex[:12]
        self.max_attempts = settings.getint("TUYENGIAO_FRONTIER_ATTEMPTS", 5)
        self.started_at = datetime.now(UTC)
        self.factory: sessionmaker[Session] | None = None
        self.sites: list[str] = []
        # What the run keeps per URL, and for how long (flat in the number of articles):
        # the URL set (every article URL listed this run); an article URL's listing facts
        # until it is stored (then its frontier row is deleted), and for the run when it was
        # not (what was lost or given up must be written at the end); an article's
        # validators from its answer until it settles (then written to the store); the
        # validators of feeds, sitemaps and robots.txt for the run (a few per site).
        self.listed: set[str] = set()
        self.open: dict[str, _Open] = {}
        self.indexes: set[str] = set()  # sitemap indexes: their validators are never kept
        self.waiting: dict[str, _Answer] = {}  # requested article URL → its answer's validators
        self.discovery: dict[str, _Answer] = {}  # feed, sitemap, robots URL → validators
        self.to_write: dict[str, dict[str, Any]] = {}  # fetch_state rows of settled articles
        self.to_delete: set[str] = set()  # frontier rows of stored URLs
        self.write_error: str | None = None
        self.sections_done: set[tuple[str, str]] = set()
        self.body_lengths: defaultdict[str, array[int]] = defaultdict(lambda: array("I"))
        self.failures: dict[str, str] = {}  # site → the first stage failure, for the message
        self.open_error: str | None = None
        connect = crawler.signals.connect
        connect(self.on_sites, signal=sites_opened)
        connect(self.spider_closed, signal=signals.spider_closed)
        connect(self.response_received, signal=signals.response_received)
        connect(self.item_scraped, signal=signals.item_scraped)
        connect(self.item_dropped, signal=signals.item_dropped)
        connect(self.item_error, signal=signals.item_error)
        connect(self.on_listed, signal=article_listed)
        connect(self.on_section, signal=section_walked)
        connect(self.on_sitemap, signal=sitemap_listed)
        connect(self.on_settled, signal=page_settled)
        connect(self.stage_failed, signal=stage_failed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        return cls(crawler)

    @property
    def stats(self) -> StatsCollector:
        return self.crawler.stats

    # --- during the run --------------------------------------------------------------------
    def on_sites(self, sites: list[Site]) -> None:
        """Record the sections this run starts walking (the store stage wrote the sites)."""
        self.sites = [s.key for s in sites]
        try:
            self.factory = open_store(self.db_url, immediate=True)
            self._open_sections(sites)
        except (SQLAlchemyError, OSError, StoreError) as exc:
            self.open_error = f"cannot record the run's start: {getattr(exc, 'orig', exc)}"
            log.error("%s", self.open_error)

    def _open_sections(self, sites: list[Site]) -> None:
        assert self.factory is not None
        with self.factory() as session:
            for site in sites:
                for section in site.sections:
                    upsert_row(
                        session,
                        SectionStateRow,
                        {
                            "site_key": site.key,
                            "section": section.path,
                            "started_at": self.started_at,
                        },
                        ["site_key", "section"],
                    )
            session.commit()

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        """Count the answer (``fetched``, ``bytes``); keep ETag / Last-Modified of every answer
        worth re-asking conditionally."""
        role = request.meta.get("role")
        site = request.meta.get("site")
        if not site:
            return
        count(self.stats, site, "bytes", len(response.body))
        if role in ("article", "recheck"):
            count(self.stats, site, "fetched")
        if role not in ("article", "recheck", "feed", "sitemap", "robots"):
            return
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        if response.status == 200 or etag or modified:
            answer = _Answer(
                request.url,
                site,
                role,
                etag.decode("latin-1") if etag else None,
                modified.decode("latin-1") if modified else None,
                response.status,
            )
            if role in ("article", "recheck"):  # kept until the page settles
                self.waiting[requested_url(request)] = answer
            else:
                self.discovery[request.url] = answer

    def on_listed(self, site: str, url: str, hints: dict[str, str], source: str) -> None:
        """A new article URL: its listing facts are kept until it is stored; the sources that
        listed it, so a feed or sitemap is read in full again while it is not."""
        entry = self.open.get(url)
        if entry is not None:
            entry.sources.append(source)
            if entry.hints is None:  # it failed before any listing named it (a re-check)
                entry.site, entry.hints = site, hints
        elif url not in self.listed:  # listed again once stored: nothing more to know
            self.open[url] = _Open(site, hints, [source])
        self.listed.add(url)

    def on_sitemap(self, site: str, url: str, source: str) -> None:
        self.indexes.add(source)

    def on_section(self, site: str, section: str) -> None:
        self.sections_done.add((site, section))

    def on_settled(self, site: str, url: str, kind: str | None, final: bool) -> None:
        """Stored (``kind`` None): the URL leaves the frontier and its validators are written,
        now (in batches); nothing is kept. Otherwise what happened is kept for the end."""
        if kind is None:
            self.open.pop(url, None)
            self.to_delete.add(url)
            self._ready(url)
        else:
            entry = self.open.get(url)
            if entry is None:  # not listed this run (a re-check), or listed and stored:
                # a stored URL has left the frontier, so what it says here changes nothing
                entry = self.open[url] = _Open(site, None, [])
            entry.kind, entry.final, entry.tried = kind, final, True
            if final:
                self._ready(url)
        if len(self.to_write) + len(self.to_delete) >= _CHUNK:
            self._write_settled()

    def _ready(self, url: str) -> None:
        answer = self.waiting.pop(url, None)
        if answer is not None:
            self.to_write[answer.url] = answer.row(datetime.now(UTC))

    def _write_settled(self) -> None:
        """Write the settled URLs' facts: their frontier rows deleted (stored), their
        validators kept. A failure keeps them for the end of the run (and is logged once)."""
        if self.factory is None:
            return
        try:
            with self.factory() as session:
                self._flush_settled(session)
                session.commit()
        except (SQLAlchemyError, OSError) as exc:
            if self.write_error is None:
                self.write_error = f"{getattr(exc, 'orig', exc)}"
                log.warning("cannot write settled pages yet (kept for the end): %s", exc)
            return
        self.to_write, self.to_delete = {}, set()

    def _flush_settled(self, session: Session) -> None:
        done = sorted(self.to_delete)
        for i in range(0, len(done), _CHUNK):
            session.execute(delete(FrontierRow).where(FrontierRow.url.in_(done[i : i + _CHUNK])))
        _upsert_many(session, FetchStateRow, list(self.to_write.values()), ["url"])

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        if isinstance(item, PageWork) and item.article is not None:
            self.body_lengths[item.article.site].append(len(item.article.body))

    def item_dropped(
        self, item: Any, response: Response, exception: DropItem, spider: Spider
    ) -> None:
        """A rejected page: counted by the kind of its reason, and given up for this URL."""
        raw = item.raw if isinstance(item, PageWork) else item
        reason = str(exception)
        kind = reason.split(":")[0].strip() or "rejected"
        count(self.stats, raw.site, f"rejected/{kind}")
        self.on_settled(raw.site, raw.requested_url or raw.url, f"rejected:{kind}", True)

    def item_error(self, item: Any, response: Response, spider: Spider, failure: Failure) -> None:
        """A stage raised: the page is not stored, the site's run fails, the URL stays pending."""
        raw = item.raw if isinstance(item, PageWork) else item
        if not isinstance(raw, RawPage):
            return
        stage, cause = stage_failure(failure)
        kind = f"{stage}:{type(cause).__name__}"
        count(self.stats, raw.site, f"errors/{kind}")
        count(self.stats, raw.site, "stage_failures")
        self.failures.setdefault(raw.site, f"{stage} failed: {cause}"[:300])
        self.on_settled(raw.site, raw.requested_url or raw.url, kind, False)
        log.error("%s: not stored (%s failed: %s): %s", raw.site, stage, cause, raw.url)

    def stage_failed(self, site: str, url: str, stage: str, exc: BaseException) -> None:
        """The same as ``item_error`` for a failure a stage caught itself (a batch write)."""
        kind = f"{stage}:{type(exc).__name__}"
        count(self.stats, site, f"errors/{kind}")
        count(self.stats, site, "stage_failures")
        cause = getattr(exc, "orig", None) or exc  # the driver's one-line message
        self.failures.setdefault(site, f"{stage} failed: {cause}"[:300])
        self.on_settled(site, url, kind, False)

    # --- at the end ------------------------------------------------------------------------
    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Write frontier, validators, sections (one transaction), then the run rows."""
        summary: dict[str, Any] = {"run_id": self.run_id, "reason": reason, "sites": {}}
        pending: dict[str, int] = {}
        state_error = self.open_error
        if not self.sites:  # the crawl stopped before it started (a stage could not open)
            state_error = state_error or "the crawl stopped before it started (see the log)"
        if self.factory is None:
            try:
                self.factory = open_store(self.db_url, immediate=True)
            except StoreError as exc:
                state_error = str(exc)
        if self.factory is not None:
            try:
                with self.factory() as session:
                    pending = self._save_state(session, reason == "finished")
                    session.commit()
            except (SQLAlchemyError, OSError) as exc:
                state_error = f"cannot save the run's state: {getattr(exc, 'orig', exc)}"
        if state_error:
            log.error("%s", state_error)
            summary["store_error"] = state_error
        try:
            if self.factory is None:
                raise StoreError(state_error or "no store")
            with self.factory() as session:
                self._record_run(session, summary, pending)
                session.commit()
        except (SQLAlchemyError, OSError, StoreError) as exc:
            message = f"cannot record the run: {getattr(exc, 'orig', exc)}"
            log.error("%s", message)
            summary["store_error"] = summary.get("store_error") or message
            if not summary["sites"]:
                self._record_run(None, summary, pending)
        self.crawler.signals.send_catch_log(run_recorded, summary=summary)

    def _save_state(self, session: Session, finished: bool) -> dict[str, int]:
        """Frontier, validators and sections; return the pending URLs left per site."""
        now = datetime.now(UTC)
        self._flush_settled(session)
        self.to_write, self.to_delete = {}, set()
        rows = {
            r.url: r
            for r in session.scalars(
                select(FrontierRow).where(
                    FrontierRow.site_key.in_(self.sites), FrontierRow.state == "pending"
                )
            )
        }
        listed = sorted(u for u, e in self.open.items() if e.hints is not None and u not in rows)
        for i in range(0, len(listed), _CHUNK):
            chunk = listed[i : i + _CHUNK]
            rows.update(
                (r.url, r)
                for r in session.scalars(select(FrontierRow).where(FrontierRow.url.in_(chunk)))
            )
        candidates = set(listed) | set(rows)
        stored = _stored_urls(session, candidates | set(self.waiting))
        given_up: set[str] = set()
        frontier: list[dict[str, Any]] = []  # rows to write, in one statement per chunk
        done = sorted(u for u in candidates if u in stored and u in rows)
        for i in range(0, len(done), _CHUNK):
            session.execute(delete(FrontierRow).where(FrontierRow.url.in_(done[i : i + _CHUNK])))
        for url in sorted(candidates):
            row = rows.get(url)
            if url in stored:
                continue
            entry = self.open.get(url)
            if entry is not None and entry.hints is not None:
                site, hints = entry.site, entry.hints
            elif row is not None:
                site, hints = row.site_key, row.hints
            else:
                continue
            kind, final = (entry.kind, entry.final) if entry is not None else (None, False)
            tried = entry is not None and entry.tried
            attempts = (row.attempts if row is not None else 0) + tried
            # The site's own failures (a 5xx, a timeout) give up after a few runs, so one
            # broken page does not make its sitemap be read in full forever; ours (a stage:
            # "archive:OSError") never do.
            if tried and not final and ":" not in (kind or "") and attempts >= self.max_attempts:
                final, kind = True, f"{kind} ({attempts} attempts)"
            if final:
                given_up.add(url)
            values: dict[str, Any] = {
                "url": url,
                "site_key": site,
                "state": "given_up" if final else "pending",
                "hints": hints or {},
                "discovered_at": row.discovered_at if row is not None else now,
                "attempts": attempts,
                "last_error": kind if tried else (row.last_error if row else None),
                "last_attempt_at": now if tried else (row.last_attempt_at if row else None),
            }
            frontier.append(values)
        _upsert_many(session, FrontierRow, frontier, ["url"])
        # Not accounted for (neither stored nor given up): what a feed or sitemap listed
        # must be read again in full, and an article's validators are not kept.
        unaccounted = {
            u for u, e in self.open.items() if u not in stored and u not in given_up and not e.final
        }
        holding = {s for u in unaccounted for s in self.open[u].sources}
        fetch_state: dict[str, dict[str, Any]] = {}
        for url, answer in self.discovery.items():
            if answer.role == "sitemap" and url in self.indexes:
                session.execute(delete(FetchStateRow).where(FetchStateRow.url == url))
                continue
            if answer.role in ("feed", "sitemap") and url in holding:
                count(self.stats, answer.site, "validators_held")
                continue  # something it listed is not stored: read it in full next time
            fetch_state[url] = answer.row(now)
        for asked, answer in self.waiting.items():  # answered, settled late or not at all
            if asked in stored or asked in given_up:
                fetch_state[answer.url] = answer.row(now)
        _upsert_many(session, FetchStateRow, list(fetch_state.values()), ["url"])
        if finished:  # a killed or shut-down walk is not complete: walk again next time
            for site, section in self.sections_done:
                state = session.get(SectionStateRow, (site, section))
                if state is not None:
                    state.completed_at = state.started_at
        session.flush()
        left = session.execute(
            select(FrontierRow.site_key, func.count())
            .where(FrontierRow.site_key.in_(self.sites), FrontierRow.state == "pending")
            .group_by(FrontierRow.site_key)
        )
        return {site: n for site, n in left}

    def _record_run(
        self, session: Session | None, summary: dict[str, Any], pending: dict[str, int]
    ) -> None:
        stats = self.stats.get_stats()
        finished = datetime.now(UTC)
        for key in self.sites:
            c = site_counters(stats, key)
            errors = _group(c, "errors")
            rejections = _group(c, "rejected")
            out = _group(c, "stored")
            lengths: Sequence[int] = self.body_lengths.get(key, [])
            median_now = int(statistics.median(lengths)) if lengths else None
            known: int | None = 0
            before: Sequence[int] = []
            if session is not None:
                known = session.scalar(
                    select(func.count()).select_from(ArticleRow).where(ArticleRow.site_key == key)
                )
                before = session.scalars(
                    select(func.length(ArticleRow.body)).where(
                        ArticleRow.site_key == key, ArticleRow.first_seen_at < self.started_at
                    )
                ).all()
            health = site_health(
                stored_this_run=sum(out.get(k, 0) for k in STORED),
                rejected=sum(rejections.values()),
                listing_links=c.get("listing_links", 0),
                listing_pages=c.get("listing_pages", 0),
                known_articles=known or 0,
                median_now=median_now,
                median_before=int(statistics.median(before)) if before else None,
                new_this_run=out.get("new", 0),
            )
            message = None
            if c.get("stage_failures"):
                status = "failed"
                message = f"{c['stage_failures']} pages not stored: {self.failures.get(key, '')}"
            elif summary.get("store_error"):
                status, message = "failed", summary["store_error"]
            elif c.get("ok_responses", 0) == 0 and errors:
                # No answer at all and errors: the site failed. (No answer and no error happens
                # to a distributed worker whose partners fetched every page of that site.)
                status, message = "failed", "no response from the site"
            elif summary["reason"] != "finished":  # SIGTERM, Ctrl-C: what it did is kept
                status = "stopped"
                message = f"stopped ({summary['reason']}); {pending.get(key, 0)} pages left"
            else:
                status = "unhealthy" if health else "ok"
            dated = undated = 0
            if session is not None:  # this run's new and changed articles: how many have a date
                dated, undated = session.execute(
                    select(
                        func.count(ArticleRow.published_at),
                        func.count() - func.count(ArticleRow.published_at),
                    ).where(
                        ArticleRow.site_key == key, ArticleRow.last_changed_at >= self.started_at
                    )
                ).one()
            row = CrawlRunRow(
                run_id=self.run_id,
                site_key=key,
                started_at=self.started_at,
                finished_at=finished,
                status=status,
                requests=c.get("requests", 0),
                new=out.get("new", 0),
                changed=out.get("changed", 0),
                unchanged=out.get("unchanged", 0),
                aliases=out.get("alias", 0),
                gone=out.get("gone", 0),
                rechecked=c.get("rechecked", 0),
                not_modified=out.get("not_modified", 0),
                rejected=sum(rejections.values()),
                errors=sum(errors.values()),
                errors_by_kind=errors | {f"rejected:{k}": v for k, v in rejections.items()},
                median_body_length=median_now,
                health=health,
                message=message,
            )
            if session is not None:
                session.add(row)
            summary["sites"][key] = {
                "status": status,
                "requests": row.requests,
                "articles": row.new + row.changed + row.unchanged + row.aliases,
                "new": row.new,
                "changed": row.changed,
                "unchanged": row.unchanged,
                "aliases": row.aliases,
                "gone": row.gone,
                "rechecked": row.rechecked,
                "not_modified": row.not_modified,
                "skipped_known": c.get("skipped_known", 0),
                "skipped_given_up": c.get("skipped_given_up", 0),
                "fetched": c.get("fetched", 0),
                "bytes": c.get("bytes", 0),
                "listing_pages": c.get("listing_pages", 0),
                "dated": dated,
                "undated": undated,
                "rejected": row.rejected,
                "rejected_by_kind": rejections,
                "errors": errors,
                "pending": pending.get(key, 0),
                "health": health,
                "message": message,
            }
