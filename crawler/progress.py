"""What a crawl shows: a live per-site display on a terminal, and the summary at its end.

The live display reads the per-site counters the crawl already keeps in Scrapy's stats
(``tuyengiao/<site>/<counter>``, ``crawler/runrecord.py``): nothing is counted twice.
A timer on the reactor (``LIVE_INTERVAL``) reads them and redraws; no item, request or
response ever touches the display. The summary is the run's record (the
``run_recorded`` signal's dict), drawn as a table on a terminal and as plain
fixed-width text anywhere else (cron mail), with the problems, one line each.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text
from scrapy import signals
from scrapy.crawler import Crawler

LIVE_INTERVAL = 0.25  # seconds between two redraws of the live display, at the most
LIVE_BUDGET = 0.02  # share of the reactor thread's time a redraw may take: slower if more
RATE_WINDOW = 3.0  # seconds of history behind the requests-per-second figure
IDLE_AFTER = 5.0  # a site with no request for this long is shown "idle"
PREFIX = "tuyengiao/"

EXIT_MEANING = {
    0: "every site answered and looks healthy",
    1: "a site failed, looks broken (layout change?), or the run stopped before its end",
    3: "the run could not be recorded in the store",
}

# summary key, plain header, right-aligned
COLUMNS: tuple[tuple[str, str], ...] = (
    ("requests", "requests"),
    ("new", "new"),
    ("changed", "updated"),
    ("same", "same"),
    ("aliases", "alias"),
    ("gone", "gone"),
    ("rejected", "rejected"),
    ("failed", "failed"),
    ("dated", "dated"),
    ("pending", "left"),
)


# --- live ------------------------------------------------------------------------------------
@dataclass
class SiteNow:
    """One site's counters at one moment, from the stats."""

    requests: int = 0
    ok_responses: int = 0
    listings: int = 0
    fetched: int = 0
    stored: int = 0  # new + changed
    same: int = 0  # unchanged, answered 304, or another URL of a stored article
    rejected: int = 0
    failed: int = 0
    bytes: int = 0


_FIELD = {
    "requests": "requests",
    "ok_responses": "ok_responses",
    "listing_pages": "listings",
    "fetched": "fetched",
    "bytes": "bytes",
    "stored/new": "stored",
    "stored/changed": "stored",
    "stored/unchanged": "same",
    "stored/not_modified": "same",
    "stored/alias": "same",
}


def _target(name: str) -> tuple[str, str] | None:
    """(site, SiteNow field) a stats key adds to, or None."""
    if not name.startswith(PREFIX):
        return None
    site, _, counter = name[len(PREFIX) :].partition("/")
    attr = _FIELD.get(counter)
    if attr is None and "/" in counter:
        attr = {"rejected": "rejected", "errors": "failed"}.get(counter.split("/", 1)[0])
    return (site, attr) if attr else None


def read_counters(
    stats: Mapping[str, Any],
    sites: Sequence[str],
    cache: dict[str, tuple[str, str] | None] | None = None,
) -> dict[str, SiteNow]:
    """The live counters of ``sites``, in one pass over the stats (``cache`` keeps what
    each key means from one call to the next)."""
    out = {key: SiteNow() for key in sites}
    known = {} if cache is None else cache
    for name, value in list(stats.items()):
        if name not in known:
            known[name] = _target(name)
        target = known[name]
        if target is None or target[0] not in out or not isinstance(value, int):
            continue
        now = out[target[0]]
        setattr(now, target[1], getattr(now, target[1]) + value)
    return out


def human_bytes(n: float) -> str:
    """1536 → "1.5 kB"."""
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"  # pragma: no cover (the loop returns)


@dataclass
class LiveView:
    """The state behind the live display: the latest counters and a short history per site."""

    sites: list[str]
    clock: Callable[[], float] = time.monotonic
    now: dict[str, SiteNow] = field(default_factory=dict)
    history: dict[str, deque[tuple[float, int]]] = field(default_factory=dict)
    last_request: dict[str, float] = field(default_factory=dict)
    started: float = 0.0
    keys: dict[str, tuple[str, str] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def update(self, stats: Mapping[str, Any]) -> None:
        """Read the counters; keep RATE_WINDOW seconds of request counts per site."""
        t = self.clock()
        self.now = read_counters(stats, self.sites, self.keys)
        for key, c in self.now.items():
            past = self.history.setdefault(key, deque())
            if not past or past[-1][1] != c.requests:
                self.last_request[key] = t
            past.append((t, c.requests))
            while len(past) > 2 and t - past[1][0] >= RATE_WINDOW:
                past.popleft()

    def rate(self, key: str) -> float:
        past = self.history.get(key)
        if not past or len(past) < 2 or past[-1][0] <= past[0][0]:
            return 0.0
        return (past[-1][1] - past[0][1]) / (past[-1][0] - past[0][0])

    def state(self, key: str) -> str:
        c = self.now.get(key, SiteNow())
        if not c.requests:
            return "waiting"
        if c.failed and not c.ok_responses:
            return "failing"
        if self.clock() - self.last_request.get(key, self.started) >= IDLE_AFTER:
            return "idle"
        return "crawling"

    def render(self, height: int = 50) -> Text:
        """One line per site (the busy ones first when they do not all fit), then the total.

        Fixed-width text, not a ``rich`` table: a table costs twenty times more to draw.
        """
        width = max([len(k) for k in self.sites] + [5])
        keys = list(self.sites)
        room = max(height - 3, 3)
        if len(keys) > room:  # the sites at work first, then the ones with problems
            order = {"crawling": 0, "failing": 1, "waiting": 2, "idle": 3}
            keys = sorted(keys, key=lambda k: order[self.state(k)])[: room - 1]
        out = Text(f"{'site':<{width}}  {'state':<9}" + _HEADER + "\n", style="bold")
        total = SiteNow()
        for key in self.sites:
            c = self.now.get(key, SiteNow())
            for attr in vars(total):
                setattr(total, attr, getattr(total, attr) + getattr(c, attr))
        for key in keys:
            state = self.state(key)
            out.append(f"{key:<{width}}  ")
            out.append(f"{state:<9}", style=_STYLE[state])
            out.append(_cells(self.now.get(key, SiteNow()), self.rate(key)) + "\n")
        hidden = len(self.sites) - len(keys)
        if hidden:
            out.append(f"… {hidden} more sites\n", style="dim")
        overall = sum(self.rate(k) for k in self.sites)
        elapsed = f"{self.clock() - self.started:.0f}s"
        out.append(f"{'total':<{width}}  {elapsed:<9}" + _cells(total, overall), style="bold")
        return out


_STYLE = {"failing": "red", "idle": "dim", "waiting": "dim", "crawling": "green"}
_WIDTHS: tuple[tuple[str, int], ...] = (
    ("listings", 9), ("fetched", 8), ("stored", 7), ("same", 6), ("rejected", 9),
    ("failed", 7), ("bytes", 10), ("req/s", 7),
)  # fmt: skip
_HEADER = "".join(f"{name:>{w}}" for name, w in _WIDTHS)


def _cells(c: SiteNow, rate: float) -> str:
    values = (c.listings, c.fetched, c.stored, c.same, c.rejected, c.failed)
    cells = [*map(str, values), human_bytes(c.bytes), f"{rate:.1f}"]
    return "".join(f"{v:>{w}}" for v, (_, w) in zip(cells, _WIDTHS, strict=True))


class LiveDisplay:
    """The live display of one crawl, redrawn by a timer on the reactor."""

    def __init__(self, crawler: Crawler, sites: Sequence[str], console: Console) -> None:
        self.crawler = crawler
        self.console = console
        self.view = LiveView(list(sites))
        self.live = Live(
            console=console,
            auto_refresh=False,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.loop: Any = None  # a LoopingCall, made once the reactor runs
        self.cost = 0.0  # CPU seconds of a redraw (moving average)
        crawler.signals.connect(self.start, signal=signals.engine_started, weak=False)
        crawler.signals.connect(self.stop, signal=signals.spider_closed, weak=False)

    def start(self) -> None:
        # Imported here: twisted.internet.task installs the default reactor when imported
        # before Scrapy has installed its own.
        from twisted.internet import task

        self.live.start()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(LIVE_INTERVAL, now=True)

    def tick(self) -> None:
        """Read the counters and redraw; redraw less often when that costs more than
        ``LIVE_BUDGET`` of the time between two redraws (hundreds of sites)."""
        start = time.thread_time()
        stats = self.crawler.stats.get_stats() if self.crawler.stats is not None else {}
        self.view.update(stats)
        self.live.update(self.view.render(self.console.size.height), refresh=True)
        self.cost = 0.8 * self.cost + 0.2 * (time.thread_time() - start)
        if self.loop is not None:
            self.loop.interval = max(LIVE_INTERVAL, self.cost / LIVE_BUDGET)

    def stop(self) -> None:
        """Stop the timer and take the display off the screen (the summary comes next)."""
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.live.stop()


# --- the summary -----------------------------------------------------------------------------
def site_row(r: dict[str, Any]) -> dict[str, Any]:
    """The summary's cells of one site (``r``: a site of the run's summary)."""
    dated, undated = r.get("dated", 0), r.get("undated", 0)
    return {
        "requests": r["requests"],
        "new": r["new"],
        "changed": r["changed"],
        "same": r["unchanged"] + r["not_modified"],
        "aliases": r["aliases"],
        "gone": r["gone"],
        "rejected": r["rejected"],
        "failed": sum(r["errors"].values()),
        "dated": f"{100 * dated / (dated + undated):.0f}%" if dated + undated else "-",
        "pending": r.get("pending", 0),
    }


def totals(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary's cells summed over the sites (dated: the share of all dated and undated)."""
    rows = summary["sites"].values()
    out: dict[str, Any] = {k: 0 for k, _ in COLUMNS}
    for r in rows:
        for key, value in site_row(r).items():
            if key != "dated":
                out[key] += value
    dated = sum(r.get("dated", 0) for r in rows)
    both = dated + sum(r.get("undated", 0) for r in rows)
    out["dated"] = f"{100 * dated / both:.0f}%" if both else "-"
    return out


def ok_count(summary: dict[str, Any]) -> str:
    rows = summary["sites"]
    return f"{sum(1 for r in rows.values() if r['status'] == 'ok')}/{len(rows)} ok"


def plain_table(summary: dict[str, Any]) -> list[str]:
    """The summary as fixed-width lines: a row per site, then the total (cron mail)."""
    rows = summary["sites"]
    width = max([len(k) for k in rows] + [5])
    header = f"{'site':<{width}}  {'status':<9}" + "".join(f" {h:>8}" for _, h in COLUMNS)
    lines = [header]
    for key, r in rows.items():
        cells = site_row(r)
        lines.append(
            f"{key:<{width}}  {r['status']:<9}" + "".join(f" {cells[k]:>8}" for k, _ in COLUMNS)
        )
    tot = totals(summary)
    lines.append(
        f"{'total':<{width}}  {ok_count(summary):<9}" + "".join(f" {tot[k]:>8}" for k, _ in COLUMNS)
    )
    return lines


def rich_table(summary: dict[str, Any], title: str) -> Table:
    """The same table for a terminal: status in colour, the total in bold."""
    colour = {"ok": "green", "failed": "red", "stopped": "yellow", "unhealthy": "yellow"}
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("site", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for _, header in COLUMNS:
        table.add_column(header, justify="right", no_wrap=True)
    for key, r in summary["sites"].items():
        cells = site_row(r)
        table.add_row(
            key,
            Text(r["status"], style=colour.get(r["status"], "")),
            *(str(cells[k]) for k, _ in COLUMNS),
        )
    tot = totals(summary)
    table.add_section()
    table.add_row("total", ok_count(summary), *(str(tot[k]) for k, _ in COLUMNS), style="bold")
    return table


def problems(summary: dict[str, Any]) -> list[str]:
    """One line per problem worth knowing: a failed, stopped or broken-looking site."""
    out = []
    for key, r in summary["sites"].items():
        if r["status"] == "failed":
            kinds = ", ".join(f"{k}×{n}" for k, n in r["errors"].items()) or "no response"
            out.append(
                f"FAILED {key}: {kinds}" + (f" ({r['message']})" if r.get("message") else "")
            )
        elif r["status"] == "stopped":
            out.append(f"STOPPED {key}: {r['message']}")
        elif r["status"] == "unhealthy":
            out.append(f"LAYOUT CHANGE? {key}: {r['health']}")
    if summary.get("store_error"):
        out.append(f"STORE ERROR: {summary['store_error']}")
    return out


def notes(summary: dict[str, Any]) -> list[str]:
    """What is not a failure but worth a look: rejected pages by kind, errors of sound sites."""
    out = []
    for key, r in summary["sites"].items():
        kinds = r.get("rejected_by_kind") or {}
        if kinds:
            out.append(f"rejected {key}: " + ", ".join(f"{k}×{n}" for k, n in kinds.items()))
        if r["status"] != "failed" and r["errors"]:
            out.append(f"errors {key}: " + ", ".join(f"{k}×{n}" for k, n in r["errors"].items()))
    return out


def one_line(summary: dict[str, Any], elapsed: float) -> str:
    """The line cron mails: counts, failures, time, store."""
    rows = summary["sites"]
    tot = totals(summary)
    line = (
        f"tuyengiao run {summary['run_id']}: {ok_count(summary).replace(' ok', ' sites ok')}, "
        f"{tot['new']} new, {tot['changed']} changed, {tot['gone']} gone, "
        f"{tot['same'] - tot['aliases']} unchanged, {tot['rejected']} rejected, "
        f"{tot['failed']} errors, {tot['requests']} requests in {elapsed:.1f}s"
    )
    if summary.get("reason") not in (None, "finished"):
        line += f" (stopped: {summary['reason']})"
    pending = sum(r.get("pending", 0) for r in rows.values())
    if pending:
        line += f", {pending} pages left for the next run"
    if summary.get("store_error"):
        line += f" (STORE ERROR: {summary['store_error']})"
    return line + f"; store {summary['store']}"


def log_line(path: str, counts: Mapping[str, int]) -> str:
    """Where Scrapy's log went, and how many warnings and errors it holds from this run."""
    warnings, errors = counts.get("WARNING", 0), counts.get("ERROR", 0) + counts.get("CRITICAL", 0)
    return f"log: {path} ({warnings} warnings, {errors} errors this run)"


def exit_line(code: int) -> str:
    return f"exit {code}: {EXIT_MEANING.get(code, 'see the exit codes in README.md')}"


def report(
    summary: dict[str, Any],
    elapsed: float,
    code: int,
    log: str,
    *,
    quiet: bool = False,
    console: Console | None = None,
) -> list[str]:
    """The end of a run, as lines to print; with ``console`` (a terminal) the table is drawn
    there instead of being among the lines."""
    line = one_line(summary, elapsed)
    trouble = problems(summary)
    counts = summary.get("log_counts", {})
    if quiet:
        return [*trouble, line] + ([log_line(log, counts)] if trouble else [])
    lines = [] if console is not None else plain_table(summary)
    if console is not None:
        title = f"run {summary['run_id']} · {elapsed:.1f}s"
        console.print(rich_table(summary, title))
    return [*lines, *trouble, *notes(summary), line, log_line(log, counts), exit_line(code)]
