"""Ctrl-C and SIGTERM around a Scrapy crawl: always a clean end, never a traceback.

Scrapy installs its handlers (first signal: stop gracefully; second: stop at once)
only once its reactor has started. A signal before that raised KeyboardInterrupt in
the middle of Scrapy's set-up ("Unhandled error in Deferred", a traceback), and a
second signal stopped the reactor before the run was recorded, which the command
then took for a store error (exit 3). Here a signal before start-up is held and
handed to Scrapy as soon as it listens, and a forced stop is noted so that the
command can say "interrupted" (exit 130).
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def run_process(process: Any, schedule: Callable[[], object]) -> list[int]:
    """``schedule()`` the crawls of ``process`` (a ``CrawlerProcess``) and run it to the end.

    Returns the signals received while it ran (empty: nobody asked it to stop). A signal
    before Scrapy listens is held, then handed over; Scrapy's own handlers (graceful
    stop, then immediate stop) are wrapped only to note each signal.
    """
    early: list[int] = []
    received: list[int] = []
    previous = {s: signal.signal(s, lambda signum, _frame: early.append(signum)) for s in _SIGNALS}
    # Scrapy looks these up when it installs them (after start-up, after a first signal).
    scrapy_shutdown, scrapy_kill = process._signal_shutdown, process._signal_kill

    def note_shutdown(signum: int, frame: Any) -> None:
        received.append(signum)
        scrapy_shutdown(signum, frame)

    def note_kill(signum: int, frame: Any) -> None:
        received.append(signum)
        scrapy_kill(signum, frame)

    def deliver_early() -> None:
        for n, signum in enumerate(early[:2]):
            (note_shutdown if n == 0 else note_kill)(signum, None)

    process._signal_shutdown, process._signal_kill = note_shutdown, note_kill
    try:
        schedule()  # installs Scrapy's reactor: only then may it be imported
        from twisted.internet import reactor

        # zope interfaces declare methods without ``self``: mypy reads the phase as it.
        reactor.addSystemEventTrigger("after", "startup", deliver_early)  # type: ignore[arg-type]
        process.start()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    return received or early  # early: held, but the reactor never got to hear them
