"""Decide which of the dates a page offers is its publication date.

An article page may offer a visible date line ("Thứ năm - 28/12/2023 14:55"), machine dates
(JSON-LD, ``<meta property="article:published_time">``, ``<time datetime>``, schema.org
``itemprop``), the date printed next to its link on a listing page, and a date in its URL. They
disagree more often than one would hope: NukeViet puts the *edit* time in
``itemprop=datePublished`` and a malformed value in ``article:published_time`` (docs/evidence.md
§2.1). Order of trust, from the issue:

1. the CMS family's date line, read by ``parse_date_line`` (which refuses body sentences);
2. strict ISO machine dates, best source first: JSON-LD, ``meta:*``, ``itemprop:*``, ``time``,
   then RSS; page order within a kind (a ``<time>`` list of related posts must not outrank
   the article's own JSON-LD). Malformed values are refused and named in ``problem``;
3. the generic visible date line (``crawler/finders/dates.py``), when the family has none;
4. the listing date, then the feed's;
5. a date in the URL;
6. otherwise no date. A date is never taken from body text.

Machine dates are read by ``parse_machine_date``: strict ISO, then the common non-ISO forms;
numeric day/month order follows ``day_first`` when the numbers leave it open. The chosen
value keeps the offset the page states: ``published_offset`` (minutes east of UTC) gives the
day as the page prints it, beside the UTC ``published_at``.

Two refinements of that order, both documented in ``choose_publication_date``: a day-only date
line whose day a trusted machine date confirms takes the machine date's minute (source "meta");
a relative date line ("2 giờ trước", resolved against the fetch, and wrong if the page was cached)
yields to any trusted machine date.

On the generic path, the printed line and the URL can overrule a machine date (docs/dates.md):
a printed day later than a JSON-LD/meta date (the machine date is the draft's creation), a UTC
instant one day off the printed day (UTC does not say the page's day), a URL day that
disagrees when no printed line confirms the machine date. A date more than a day after the
fetch is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from crawler.text.dates import (
    LOCAL_TZ,
    PRECISION_ORDER,
    UPDATED_LABEL,
    ParsedDate,
    date_from_url,
    offset_minutes,
    parse_date_line,
    parse_machine_date,
    parse_rss_date,
)

__all__ = ["PublicationDate", "choose_publication_date"]


@dataclass(frozen=True)
class PublicationDate:
    """The chosen date and its evidence.

    ``published_at``/``updated_at`` are UTC; a day-precision date is local midnight, so
    "15/06/2020 | 362" gives 2020-06-14T17:00Z with precision "day". ``published_raw`` is the
    whole string the date came from, as given (the date line, the meta value, the listing text,
    the URL). ``problem`` says why there is no date, or what was refused along the way.
    """

    published_at: datetime | None
    published_raw: str | None
    precision: str | None
    source: str | None  # page | meta | visible | listing | url | relative
    updated_at: datetime | None
    problem: str | None
    offset: int | None = None  # minutes east of UTC the chosen value states (+07:00 → 420)


_KIND_RANK = (("jsonld", 0), ("meta", 1), ("itemprop", 2), ("time", 3), ("rss", 4))


def _rank(source: str) -> int:
    key = source.casefold()
    return next((rank for kind, rank in _KIND_RANK if key.startswith(kind)), len(_KIND_RANK))


def _is_edit_time(source: str, edit_time_sources: tuple[str, ...]) -> bool:
    key = source.casefold()
    return source in edit_time_sources or "modified" in key or "updated" in key


def _parse_machine(
    raw: str, source: str, day_only: bool, fetched: datetime | None, day_first: bool = True
) -> ParsedDate:
    if source.casefold().startswith("rss"):
        return parse_rss_date(raw, day_only=day_only, fetched_at=fetched)
    parsed = parse_machine_date(raw, fetched_at=fetched, day_first=day_first)
    if day_only and parsed.value is not None and parsed.precision == "minute":
        day = parsed.value.astimezone(LOCAL_TZ)
        midnight = datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)
        return ParsedDate(midnight, "day", parsed.matched, warnings=parsed.warnings)
    return parsed


def _precision_rank(parsed: ParsedDate) -> int:
    return PRECISION_ORDER.get(parsed.precision or "year", len(PRECISION_ORDER))


def _same_period(a: datetime, b: datetime, precision: str) -> bool:
    la, lb = a.astimezone(LOCAL_TZ), b.astimezone(LOCAL_TZ)
    if precision == "year":
        return la.year == lb.year
    if precision == "month":
        return (la.year, la.month) == (lb.year, lb.month)
    if precision == "day":
        return la.date() == lb.date()
    return la == lb


_FETCH_SLACK = timedelta(days=1)  # a page's own zone can be up to 14 h ahead of UTC


def _after_fetch(value: datetime, fetched: datetime | None) -> bool:
    """A date after the page was fetched (more than a day: zones) cannot be its publication
    date: an event announced for later, a scheduled-post placeholder, a wrong clock."""
    return fetched is not None and value > fetched + _FETCH_SLACK


def _day(value: datetime) -> date:
    """The day a value states (its own offset)."""
    return value.date()


def _printed_over_machine(
    line: str | None,
    seen: ParsedDate | None,
    machine: datetime,
    fetched: datetime | None,
    day_first: bool,
) -> str | None:
    """Why the printed date line beats a JSON-LD/meta published date, or None.

    - The printed day is later: the machine date is the time the record was created (a
      draft), not the day the page went out under the date it prints.
    - The machine instant is stated in UTC and the printed day is one day off: UTC does not
      say which day it was where the page was written; the printed line does.

    Not for an updated-labelled line, a relative one, or a numeric line whose other reading
    (day and month swapped) is the machine's day ("11/01/2021" beside 2021-11-01).
    """
    if not isinstance(line, str) or seen is None or seen.value is None or seen.relative:
        return None
    if UPDATED_LABEL.search(line):
        return None
    printed, stated = _day(seen.value), _day(machine)
    if printed == stated:
        return None
    swapped = parse_date_line(line, fetched, not day_first)
    if swapped.value is not None and _day(swapped.value) == stated:
        return None
    if printed > stated:
        return "is before the printed day"
    utc = machine.utcoffset() == timedelta(0)
    if utc and abs((printed - stated).days) == 1:
        return "is a UTC instant one day off the printed day"
    return None


def _printed_zone(seen: ParsedDate, machine: datetime) -> timezone | None:
    """The page's own offset when a printed time without zone and a UTC machine instant are
    the same moment: "November 8, 2023, 11:15 PM" beside ``2023-11-09T04:15:00Z`` is −05:00
    (a whole quarter hour between −12 and +14 h), else None."""
    if seen.value is None or seen.precision != "minute" or seen.value.tzinfo is not LOCAL_TZ:
        return None
    wall = seen.value.replace(tzinfo=None)
    delta = wall - machine.astimezone(UTC).replace(tzinfo=None, second=0, microsecond=0)
    quarter = timedelta(minutes=15)
    if delta % quarter or not -timedelta(hours=12) <= delta <= timedelta(hours=14):
        return None
    return timezone(delta)


def _result(
    value: datetime,
    parsed: ParsedDate,
    raw: str,
    source: str,
    updated: datetime | None,
    notes: list[str],
) -> PublicationDate:
    return PublicationDate(
        published_at=value.astimezone(UTC),
        published_raw=raw.strip(),
        precision=parsed.precision,
        source=source,
        updated_at=updated,
        problem="; ".join(notes) or None,
        offset=offset_minutes(value),
    )


def choose_publication_date(
    date_line: str | None,
    meta_dates: Sequence[tuple[str, str]] | None,
    listing_date: str | None = None,
    url: str | None = None,
    fetched_at: datetime | None = None,
    edit_time_sources: tuple[str, ...] = (),
    day_only_sources: tuple[str, ...] = (),
    visible_line: str | None = None,
    day_first: bool = True,
) -> PublicationDate:
    """Pick the publication date of one article page (order and reasons in the module docstring).

    ``meta_dates`` are ``(source, raw)`` pairs in page order, e.g. ``("jsonld",
    "2023-12-28T14:55:00+07:00")``, ``("meta:article:published_time", "2023-12-28+0714:55:00")``.
    Sources in ``edit_time_sources`` (NukeViet: ``itemprop:datePublished``) and sources named
    "…modified…"/"…updated…" only ever feed ``updated_at`` (first readable one, strict ISO or
    a visible date line). Sources in ``day_only_sources``
    (NukeViet: ``rss``) contribute their day only. ``visible_line`` is the generic finder's
    date line, used after the machine dates; ``day_first`` orders ambiguous numeric machine
    dates ("05/06/2023").

    Date line against machine date:
    - the line wins whenever it is at least as precise, or when the machine date disagrees
      (the disagreement is noted in ``problem``);
    - a coarser line ("15/06/2020") confirmed by a finer machine date of the same day takes the
      machine date, with source "meta";
    - a relative line yields to any trusted machine date.
    """
    fetched = fetched_at if isinstance(fetched_at, datetime) else None
    if fetched is not None and fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)  # crawler clocks run in UTC
    notes: list[str] = []
    updated: datetime | None = None
    trusted: list[tuple[str, str, datetime, ParsedDate]] = []
    for item in meta_dates or ():
        if not (isinstance(item, tuple | list) and len(item) == 2):
            notes.append(f"ignored malformed meta entry {item!r:.60}")
            continue
        source, raw = item
        if not isinstance(source, str) or not isinstance(raw, str):
            notes.append(f"ignored malformed meta entry {item!r:.60}")
            continue
        parsed = _parse_machine(raw, source, source in day_only_sources, fetched, day_first)
        if _is_edit_time(source, edit_time_sources):
            if parsed.value is None and not source.casefold().startswith("rss"):
                # an edit time may be visible text ("Cập nhật: 28/12/2023 14:55"), not ISO
                parsed = parse_date_line(raw, fetched)
            if updated is None and parsed.value is not None:
                updated = parsed.value.astimezone(UTC)
            continue
        if parsed.value is None:
            notes.append(f"rejected {source} '{raw.strip()[:60]}': {parsed.problem}")
            continue
        if _after_fetch(parsed.value, fetched):
            notes.append(f"rejected {source} '{raw.strip()[:60]}': after the page was fetched")
            continue
        trusted.append((source, raw, parsed.value, parsed))
    trusted.sort(key=lambda t: _rank(t[0]))
    machine = trusted[0] if trusted else None

    if isinstance(date_line, str) and date_line.strip():
        line = parse_date_line(date_line, fetched)
        if line.value is not None and line.relative:
            if machine is not None:
                m_source, m_raw, m_value, m_parsed = machine
                notes.append(f"date line '{date_line.strip()}' is relative; used {m_source}")
                return _result(m_value, m_parsed, m_raw, "meta", updated, notes)
            return _result(line.value, line, date_line, "relative", updated, notes)
        if line.value is not None:
            if machine is not None:
                m_source, m_raw, m_value, m_parsed = machine
                m_rank, l_rank = _precision_rank(m_parsed), _precision_rank(line)
                coarser = m_parsed if m_rank >= l_rank else line
                agree = _same_period(m_value, line.value, coarser.precision or "year")
                if m_rank < l_rank and agree:
                    return _result(m_value, m_parsed, m_raw, "meta", updated, notes)
                if not agree:
                    shown = m_raw.strip()[:60]
                    notes.append(f"{m_source} '{shown}' disagrees with the date line; ignored")
            return _result(line.value, line, date_line, "page", updated, notes)
        notes.append(f"date line '{date_line.strip()[:60]}': {line.problem}")

    page_machine = machine is not None and _rank(machine[0]) < _rank("rss")
    seen = (
        parse_date_line(visible_line, fetched, day_first) if isinstance(visible_line, str) else None
    )
    if seen is not None and seen.value is not None and _after_fetch(seen.value, fetched):
        notes.append(f"visible date '{str(visible_line).strip()[:60]}' is after the fetch")
        seen, visible_line = None, None
    if machine is not None and page_machine:
        m_source, m_raw, m_value, m_parsed = machine
        microdata = m_source.casefold().startswith(("itemprop", "time"))
        if (
            microdata
            and seen is not None
            and seen.value is not None
            and not seen.relative
            and seen.value.date() < m_value.date()
        ):
            # A microdata "published" date after the day printed under the title is the time
            # of the last save (templates that print the edit time there, such as NukeViet's
            # itemprop=datePublished). JSON-LD and <meta> are not doubted.
            notes.append(f"{m_source} '{m_raw.strip()[:40]}' is after the printed date")
            return _result(seen.value, seen, visible_line or "", "visible", updated, notes)
        printed = _printed_over_machine(visible_line, seen, m_value, fetched, day_first)
        if printed is not None and seen is not None and seen.value is not None:
            notes.append(f"{m_source} '{m_raw.strip()[:40]}' {printed}; used the printed date")
            zone = _printed_zone(seen, m_value)
            if zone is not None:  # the same instant printed in the page's own zone
                return _result(m_value.astimezone(zone), m_parsed, m_raw, "meta", updated, notes)
            return _result(seen.value, seen, visible_line or "", "visible", updated, notes)
        confirmed = (
            seen is not None and seen.value is not None and _day(seen.value) == _day(m_value)
        )
        from_url = date_from_url(url, fetched) if isinstance(url, str) else None
        if (
            not confirmed
            and from_url is not None
            and from_url.value is not None
            and from_url.precision == "day"
            and _day(from_url.value) != _day(m_value)
        ):
            # A day in the URL path is written once, when the article is created, in the
            # site's own time; a machine date that disagrees is a re-import, a draft's time or
            # a UTC instant whose day is not the page's.
            notes.append(f"{m_source} '{m_raw.strip()[:40]}' disagrees with the URL's day")
            return _result(from_url.value, from_url, url or "", "url", updated, notes)
        return _result(m_value, m_parsed, m_raw, "meta", updated, notes)

    if seen is not None and isinstance(visible_line, str) and visible_line.strip():
        if seen.value is not None:
            return _result(seen.value, seen, visible_line, "visible", updated, notes)
        notes.append(f"visible date '{visible_line.strip()[:60]}': {seen.problem}")

    if machine is not None:  # the feed's date: a hint, like the listing's
        m_source, m_raw, m_value, m_parsed = machine
        return _result(m_value, m_parsed, m_raw, "meta", updated, notes)

    if isinstance(listing_date, str) and listing_date.strip():
        listed = parse_date_line(listing_date, fetched)
        if listed.value is not None:
            return _result(listed.value, listed, listing_date, "listing", updated, notes)
        notes.append(f"listing date '{listing_date.strip()[:60]}': {listed.problem}")

    if isinstance(url, str) and url.strip():
        from_url = date_from_url(url, fetched)
        if from_url.value is not None:
            return _result(from_url.value, from_url, url, "url", updated, notes)

    return PublicationDate(
        published_at=None,
        published_raw=None,
        precision=None,
        source=None,
        updated_at=updated,
        problem="; ".join(["no date found", *notes]),
    )
