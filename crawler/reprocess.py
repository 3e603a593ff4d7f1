"""Re-run the current extraction over archived pages, without the network.

For each stored article that points to a WARC record, the page is read back
with the hints the crawl had (listing and feed dates, kept in the record) and
goes through ``process_page`` again with today's rules and the site's profile (updated
first with the archived pages it has not learned from); the row records the
extractor version, and a changed title or body becomes a new version (the
store's usual upsert rules).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crawler.cms import FAMILIES, get_family
from crawler.cms.base import Family
from crawler.page import process_page
from crawler.profile import SiteProfile, learn
from crawler.registry import Site
from crawler.store.models import ArticleRow, SiteRow
from crawler.store.profiles import load_profiles, save_profile
from crawler.store.warc import read_page
from crawler.store.writer import upsert_article

LEARN_BATCH = 100  # archived pages read into memory at a time to update a site's profile


def _family(site: SiteRow | None, registry: dict[str, Site]) -> Family | None:
    if site is None or site.cms not in FAMILIES:
        return None  # "auto": detect per page
    overrides = registry[site.key].selectors if site.key in registry else {}
    return get_family(site.cms).with_overrides(overrides)


def reprocess(
    factory: sessionmaker[Session],
    warc_base: Path,
    site_key: str | None = None,
    registry: dict[str, Site] | None = None,
) -> Counter[str]:
    """Re-extract every archived article (of one site, if given); count outcomes.

    A record that is gone (``missing_warc``) or cannot be read (``corrupt_warc``: a bad
    gzip member, a cut file, nonsense headers) is counted and skipped; the rest go on.
    """
    outcomes: Counter[str] = Counter()
    registry = registry or {}
    with factory() as session:
        query = select(ArticleRow).where(ArticleRow.warc_ref.is_not(None))
        if site_key:
            query = query.where(ArticleRow.site_key == site_key)
        ids = [
            (row.id, row.site_key, row.warc_ref)
            for row in session.scalars(query)
            if row.warc_ref is not None  # as the query asks: narrows the type
        ]
        families = {s.key: _family(s, registry) for s in session.scalars(select(SiteRow))}
    profiles = _relearn(factory, ids, warc_base)
    for _id, key, ref in ids:
        try:
            page = read_page(ref, warc_base)
        except (FileNotFoundError, StopIteration):
            outcomes["missing_warc"] += 1
            continue
        except Exception:  # archived bytes are untrusted: any failure to read them is damage
            outcomes["corrupt_warc"] += 1
            continue
        page.site = key
        article = process_page(page, families.get(key), profiles.get(key))
        if article.problem:
            outcomes["rejected"] += 1
            continue
        with factory() as session:
            outcomes[upsert_article(session, article, datetime.now(UTC), seen=False)] += 1
            session.commit()
    return outcomes


def _relearn(
    factory: sessionmaker[Session], ids: list[tuple[int, str, str]], warc_base: Path
) -> dict[str, SiteProfile]:
    """Each site's stored profile, updated with the archived pages it has not learned from
    (none, when the crawl learned from all of them) and stored again. Pages are read in
    batches, never all at once."""
    with factory() as session:
        profiles = load_profiles(session, {key for _, key, _ in ids})
    batch: dict[str, list[tuple[str, bytes]]] = {}

    def flush(site: str) -> None:
        profile = learn(batch.pop(site, []), profiles.get(site), site=site)
        if profile.usable:
            profiles[site] = profile

    for _id, key, ref in ids:
        try:
            page = read_page(ref, warc_base)
        except Exception:  # missing or damaged (untrusted bytes): counted by the second pass
            continue
        batch.setdefault(key, []).append((page.url, page.html))
        if len(batch[key]) >= LEARN_BATCH:
            flush(key)
    for site in list(batch):
        flush(site)
    with factory() as session:
        for profile in profiles.values():
            save_profile(session, profile, datetime.now(UTC))
        session.commit()
    return profiles
