"""Site profiles in the store: read them for a crawl or a reprocess, write them back.

A profile of another version than the code's (``PROFILE_VERSION``) is not read (the site
learns again); a profile is written only when it learned from more pages, so writing the
same profile twice changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawler.profile import PROFILE_VERSION, SiteProfile
from crawler.store.models import SiteProfileRow

log = logging.getLogger(__name__)


def load_profiles(session: Session, keys: Iterable[str] | None = None) -> dict[str, SiteProfile]:
    """The stored profiles of these sites (all sites when ``keys`` is None)."""
    query = select(SiteProfileRow)
    if keys is not None:
        query = query.where(SiteProfileRow.site_key.in_(list(keys)))
    out: dict[str, SiteProfile] = {}
    for row in session.scalars(query):
        if row.version != PROFILE_VERSION:
            log.info("%s: stored profile is version %s; learning again", row.site_key, row.version)
            continue
        try:
            out[row.site_key] = SiteProfile.from_json(row.json)
        except (ValueError, TypeError) as exc:
            log.warning("%s: unreadable stored profile (%s); learning again", row.site_key, exc)
    return out


def save_profile(session: Session, profile: SiteProfile, now: datetime) -> bool:
    """Insert or update a site's profile; False when the stored one is as learned already."""
    row = session.get(SiteProfileRow, profile.site)
    if row is not None and row.version == profile.version and row.learned_from >= profile.pages:
        return False
    if row is None:
        row = SiteProfileRow(site_key=profile.site)
        session.add(row)
    row.version = profile.version
    row.learned_from = profile.pages
    row.json = profile.to_json()
    row.updated_at = now
    return True
