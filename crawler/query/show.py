"""One article in full, for reading: text, versions and where it came from.

``tuyengiao show ID|URL`` and ``Corpus``-style callers get a plain dict: the stored
fields, the site, every version the crawler kept (oldest first) and the provenance
a citation needs (fetch time, date source, extractor version, the WARC record).
A URL may be the canonical one or any alias the article was also served under.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from crawler.store.models import AliasRow, ArticleRow, ArticleVersionRow, SiteRow
from crawler.store.present import published_local


class ArticleNotFoundError(LookupError):
    """No article with that id or URL in this store."""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _find(session: Session, ref: str) -> ArticleRow | None:
    if ref.isdigit():
        return session.get(ArticleRow, int(ref))
    row = session.scalar(select(ArticleRow).where(ArticleRow.url == ref))
    if row is None:
        alias = session.get(AliasRow, ref)
        row = session.get(ArticleRow, alias.article_id) if alias else None
    return row


def article_record(engine: Engine, ref: str | int) -> dict[str, Any]:
    """The article whose id or URL is ``ref``; ``ArticleNotFoundError`` when there is none."""
    ref = str(ref).strip()
    with Session(engine) as session:
        row = _find(session, ref)
        if row is None:
            what = "id" if ref.isdigit() else "URL"
            raise ArticleNotFoundError(f"no article with {what} {ref} in this store")
        site = session.get(SiteRow, row.site_key)
        aliases = session.scalars(
            select(AliasRow.url).where(AliasRow.article_id == row.id).order_by(AliasRow.url)
        ).all()
        versions = session.scalars(
            select(ArticleVersionRow)
            .where(ArticleVersionRow.article_id == row.id)
            .order_by(ArticleVersionRow.fetched_at, ArticleVersionRow.id)
        ).all()
        return {
            "id": row.id,
            "url": row.url,
            "aliases": list(aliases),
            "site": row.site_key,
            "site_name": site.name if site else None,
            "province": site.province if site else None,
            "title": row.title,
            "lead": row.lead,
            "body": row.body,
            "author": row.author,
            "published": published_local(row.published_at, row.date_precision),
            "published_raw": row.published_raw,
            "date_precision": row.date_precision,
            "date_source": row.date_source,
            "category": row.category,
            "tags": list(row.tags or []),
            "captions": list(row.captions or []),
            "views": row.views,
            "status": row.status,
            "provenance": {
                "cms": row.cms,
                "fetched_at": _iso(row.fetched_at),
                "first_seen_at": _iso(row.first_seen_at),
                "last_seen_at": _iso(row.last_seen_at),
                "last_changed_at": _iso(row.last_changed_at),
                "extractor_version": row.extractor_version,
                "content_hash": row.content_hash,
                "warc_ref": row.warc_ref,
            },
            "versions": [
                {
                    "fetched_at": _iso(v.fetched_at),
                    "content_hash": v.content_hash,
                    "title": v.title,
                    "body_chars": len(v.body or ""),
                    "current": v.content_hash == row.content_hash,
                }
                for v in versions
            ],
        }
