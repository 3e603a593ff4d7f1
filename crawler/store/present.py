"""How stored values are shown to people and exports: local time, honest precision."""

from __future__ import annotations

from datetime import datetime

from crawler.text.dates import LOCAL_TZ

__all__ = ["LOCAL_TZ", "published_local"]


def published_local(published_at: datetime | None, precision: str | None) -> str | None:
    """ISO 8601 in Vietnam time, cut to what the page gave.

    minute → "2023-12-28T14:55:00+07:00"; day → "2020-06-15"; month → "2020-07";
    year → "2020"; no date → None.
    """
    if published_at is None:
        return None
    local = published_at.astimezone(LOCAL_TZ)
    if precision == "minute" or precision is None:
        return local.isoformat(timespec="seconds")
    if precision == "day":
        return local.date().isoformat()
    if precision == "month":
        return f"{local.year:04d}-{local.month:02d}"
    return f"{local.year:04d}"
