"""Batched writes: a batch of articles in a few bulk statements, the same outcomes as one by one.

``store_batch`` stores what ``writer.upsert_article`` would store for each article of the
batch in turn, with the same outcomes (``new``, ``changed``, ``unchanged``, ``alias``),
but the common case, an article new to the store, costs a share of a few statements
instead of a dozen ORM round trips:

- one query finds which URLs of the batch the store holds (as articles or aliases) and
  one which contents it holds (the twin check of ``upsert_article``);
- the articles that are new by URL and by content, and not repeated inside the batch,
  are inserted with one ``INSERT … ON CONFLICT (url) DO NOTHING RETURNING id``, their
  first versions and their search-index documents (``crawler/store/fts.py``) with one
  executemany each, and the batch is noted in the near-copy index at once
  (``near_dup.note_signatures``);
- every other article (a known URL, a twin, a repeat inside the batch, an insert that
  lost a race to another worker) goes through ``upsert_article``, in batch order, after
  the new ones.

The CPU work of an article's row (content hash, index documents, MinHash signature) is
``prepare``, a pure function the page pool runs beside the stages; an article that comes
without it is prepared here. The caller owns the transaction: a batch is stored whole or
not at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import numpy as np
from sqlalchemy import Table, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from crawler.items import Article
from crawler.store import fts, near_dup
from crawler.store import minhash as sg
from crawler.store.models import AliasRow, ArticleRow, ArticleVersionRow
from crawler.store.tokens import token_pair
from crawler.store.writer import ARTICLE_FIELDS, Outcome, content_hash, upsert_article

_CHUNK = 500  # values per IN (…) list
ARTICLES = cast(Table, ArticleRow.__table__)
VERSIONS = cast(Table, ArticleVersionRow.__table__)


@dataclass
class Prepared:
    """What the store computes from an article, computed ahead (in the page pool)."""

    digest: str  # writer.content_hash
    index: dict[str, Any]  # the search index's columns (SQLite) or tsvectors (PostgreSQL)
    dialect: str
    signature: np.ndarray  # minhash.signature of the body
    shingles: int
    band_keys: list[int]  # minhash.band_keys_of the signature (none for an empty body)


def prepare(article: Article, dialect: str) -> Prepared:
    """The content hash, index entry and MinHash signature of a clean article."""
    index = fts.index_entry(
        dialect,
        article.title,
        article.lead,
        article.body,
        article.author,
        article.published_at,
        article.site,
    )
    sig, size = sg.signature_of(token_pair(article.body)[0])  # cut once, remembered
    keys = sg.band_keys_of(sig) if size else []
    return Prepared(content_hash(article.title, article.body), index, dialect, sig, size, keys)


def _chunks(values: list[str]) -> list[list[str]]:
    return [values[i : i + _CHUNK] for i in range(0, len(values), _CHUNK)]


def _known_urls(session: Session, urls: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(urls):
        found.update(session.scalars(select(ArticleRow.url).where(ArticleRow.url.in_(chunk))))
        found.update(session.scalars(select(AliasRow.url).where(AliasRow.url.in_(chunk))))
    return found


def _known_contents(session: Session, digests: list[str]) -> set[tuple[str, str]]:
    """(site, content hash) pairs the store holds among ``digests``.

    Asked by content hash alone: with the site beside it, SQLite's planner walks the
    site's index (every article of the site) instead of the content hash's.
    """
    found: set[tuple[str, str]] = set()
    for chunk in _chunks(digests):
        rows = session.execute(
            select(ArticleRow.site_key, ArticleRow.content_hash).where(
                ArticleRow.content_hash.in_(chunk)
            )
        )
        found.update((site, digest) for site, digest in rows)
    return found


def _insert(session: Session, dialect: str, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert article rows; URL → id of those inserted (a URL another worker took is not)."""
    if not rows:
        return {}
    insert: Any = pg_insert if dialect == "postgresql" else sqlite_insert
    table = ARTICLES
    stmt = insert(table).on_conflict_do_nothing(index_elements=["url"])
    result = session.execute(stmt.returning(table.c.id, table.c.url), rows)
    return {url: article_id for article_id, url in result}


def store_batch(
    session: Session,
    articles: list[Article],
    now: datetime,
    prepared: list[Prepared | None] | None = None,
) -> list[Outcome]:
    """Store a batch of clean articles in the session's transaction; each one's outcome."""
    if not articles:
        return []
    dialect = session.get_bind().dialect.name
    ready = [
        p if p is not None and p.dialect == dialect else prepare(a, dialect)
        for a, p in zip(articles, prepared or [None] * len(articles), strict=True)
    ]
    if dialect == "postgresql":  # serialise twin checks with other workers (as upsert_article)
        keys = sorted({f"{a.site}:{p.digest}" for a, p in zip(articles, ready, strict=True)})
        # One round trip: the locks are taken in the array's (sorted) order, as one by one.
        session.execute(
            text(
                "SELECT count(pg_advisory_xact_lock(hashtext(k))) "
                "FROM unnest(CAST(:keys AS text[])) AS k"
            ),
            {"keys": keys},
        )
    known = _known_urls(session, list({a.url for a in articles}))
    contents = _known_contents(session, list({p.digest for p in ready}))
    fresh: list[int] = []  # positions of the articles new by URL and content
    seen_urls: set[str] = set()
    for i, (article, ready_i) in enumerate(zip(articles, ready, strict=True)):
        pair = (article.site, ready_i.digest)
        if article.url not in known and article.url not in seen_urls and pair not in contents:
            fresh.append(i)
            contents.add(pair)
        seen_urls.add(article.url)
    rows = []
    for i in fresh:
        article = articles[i]
        fetched = article.fetched_at or now
        row = {name: getattr(article, name) for name in ARTICLE_FIELDS}
        row |= {
            "site_key": article.site,
            "url": article.url,
            "content_hash": ready[i].digest,
            "status": "live",
            "first_seen_at": now,
            "last_seen_at": now,
            "last_changed_at": now,
            "fetched_at": fetched,
        }
        rows.append(row)
    conn = session.connection()
    # Before the insert: a store whose first articles these are is not "stale" for it.
    near_dup.install(conn)
    ids = _insert(session, dialect, rows)
    outcomes: list[Outcome | None] = [None] * len(articles)
    versions, documents = [], []
    for i in fresh:
        article = articles[i]
        if article.url not in ids:
            continue  # another worker stored this URL a moment ago: the one-by-one path
        article_id = ids[article.url]
        outcomes[i] = "new"
        versions.append(
            {
                "article_id": article_id,
                "fetched_at": article.fetched_at or now,
                "content_hash": ready[i].digest,
                "title": article.title,
                "body": article.body,
            }
        )
        documents.append((article_id, ready[i]))
    if versions:
        session.execute(VERSIONS.insert(), versions)
    fts.add_entries(conn, [(article_id, p.index) for article_id, p in documents])
    near_dup.note_signatures(
        conn,
        [(i, p.signature, p.shingles) for i, p in documents],
        {i: p.band_keys for i, p in documents},
    )
    for i, article in enumerate(articles):
        if outcomes[i] is None:
            outcomes[i] = upsert_article(session, article, now)
    return [o for o in outcomes if o is not None]


def count_outcomes(outcomes: list[Outcome]) -> Counter[str]:
    """Outcomes of a batch, counted."""
    return Counter(outcomes)
