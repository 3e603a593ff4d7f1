"""Export articles to CSV, JSON Lines or Parquet, streamed, with a stable column schema.

Rows are read with a streaming cursor and written a batch at a time, so memory does
not grow with the corpus. The file is written beside its destination under a
temporary name and renamed at the end: a failure, an interrupt or an empty result
leaves nothing at ``--out`` (and an older file there untouched).

The schema (``COLUMNS``) is part of the project's contract with researchers: columns
are only ever added at the end, never renamed or reordered (``SCHEMA_VERSION``).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, Text, select, type_coerce

from crawler.query import OutputError
from crawler.query.filters import Filters, sql_conditions, where
from crawler.store.models import ArticleRow, SiteRow
from crawler.store.present import published_local

SCHEMA_VERSION = 1
FORMATS = ("csv", "jsonl", "parquet")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # int | str | time | list
    doc: str


COLUMNS: tuple[Column, ...] = (
    Column("id", "int", "article id in this store"),
    Column("url", "str", "canonical URL"),
    Column("site", "str", "site key (tuyengiao sites)"),
    Column("site_name", "str", "site name"),
    Column("province", "str", "province of the site"),
    Column("title", "str", "title as published"),
    Column("lead", "str", "lead paragraph (sapo), if the page had one"),
    Column("body", "str", "article text, paragraphs separated by newlines"),
    Column("author", "str", "byline as printed"),
    Column(
        "published",
        "str",
        "publication time in Vietnam, cut to its precision: "
        "2023-12-28T14:55:00+07:00, 2020-06-15, 2020-07, 2020",
    ),
    Column("published_at", "time", "publication time in UTC (start of the period)"),
    Column("published_raw", "str", "the date text the page showed"),
    Column("date_precision", "str", "minute | day | month | year; empty when undated"),
    Column(
        "date_source",
        "str",
        "where the date came from: page | meta | visible | url | listing | relative",
    ),
    Column("updated_at", "time", "update time the page showed, UTC"),
    Column("category", "str", "section or category"),
    Column("tags", "list", "tags"),
    Column("captions", "list", "image captions"),
    Column("images", "list", "image URLs"),
    Column("views", "int", "view count the page showed"),
    Column("status", "str", "live | gone (the site removed it; the text is kept)"),
    Column("first_seen_at", "time", "first crawl that saw it, UTC"),
    Column("last_seen_at", "time", "last crawl that saw it, UTC"),
    Column("last_changed_at", "time", "last change of title or body, UTC"),
    Column("fetched_at", "time", "fetch of the stored version, UTC"),
    Column("extractor_version", "str", "extractor that produced the text"),
    Column("content_hash", "str", "SHA-256 of title and body"),
    Column("near_dup_cluster", "int", "near-duplicate cluster id"),
    Column("cms", "str", "CMS family of the page"),
    Column("warc_ref", "str", "where the raw page is archived"),
    Column(
        "published_offset",
        "int",
        "UTC offset in minutes the page states for its date (420 = +07:00)",
    ),
)
NAMES = tuple(c.name for c in COLUMNS)
_A = ArticleRow
_SELECT = (
    _A.id, _A.url, _A.site_key, SiteRow.name, SiteRow.province, _A.title, _A.lead, _A.body,
    _A.author, _A.date_precision, _A.published_at, _A.published_raw, _A.date_precision,
    _A.date_source, _A.updated_at, _A.category, _A.tags, _A.captions, _A.images, _A.views,
    _A.status, _A.first_seen_at, _A.last_seen_at, _A.last_changed_at, _A.fetched_at,
    _A.extractor_version, _A.content_hash, _A.near_dup_cluster, _A.cms, _A.warc_ref,
    _A.published_offset,
)  # fmt: skip


class NoArticlesError(LookupError):
    """The filters matched no article; nothing was written."""


_TIME = frozenset(c.name for c in COLUMNS if c.kind == "time")
_LIST = frozenset(c.name for c in COLUMNS if c.kind == "list")
# Columns read as stored text on SQLite: the times and the JSON lists.
_RAW = frozenset(
    "published_at updated_at first_seen_at last_seen_at last_changed_at fetched_at "
    "tags captions images".split()
)


def _iso_sqlite(value: str | None) -> str | None:
    """SQLite's stored "2020-03-10 02:00:00.000000" → "2020-03-10T02:00:00Z" (string work only)."""
    if value is None:
        return None
    frac = value[19:]
    return f"{value[:10]}T{value[11:19]}{'' if frac.strip('.0') == '' else frac}Z"


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat() + "Z"


def _json_list(value: Any) -> list[str]:
    if value is None or value == "[]":
        return []
    return json.loads(value) if isinstance(value, str) else list(value)


def rows(
    engine: Engine, filters: Filters | None = None, batch: int = 2000
) -> Iterator[list[tuple[Any, ...]]]:
    """Batches of export rows (tuples in ``NAMES`` order), in id order, streamed.

    Times come as ISO 8601 UTC strings ("2020-03-10T02:00:00Z") and lists as lists:
    on SQLite they are read as the stored text and reshaped as strings, which keeps
    a million-row Parquet export inside a minute (datetime objects cost a third of it).
    """
    filters = filters or Filters()
    with engine.connect() as conn:
        conds = sql_conditions(conn, filters)
        if conds is None:
            return
        sqlite = conn.dialect.name == "sqlite"
        cols = [
            type_coerce(c, Text) if sqlite and getattr(c, "key", "") in _RAW else c for c in _SELECT
        ]
        stmt = (
            select(*cols)
            .outerjoin(SiteRow, SiteRow.key == _A.site_key)
            .where(where(conds))
            .order_by(_A.id)
        )
        iso = _iso_sqlite if sqlite else _iso
        times = [i for i, name in enumerate(NAMES) if name in _TIME]
        lists = [i for i, name in enumerate(NAMES) if name in _LIST]
        result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
        for part in result.partitions(batch):
            out = []
            for r in part:
                row = [*r[:9], None, *r[10:]]  # r[9]: the precision, for "published"
                for i in times:
                    row[i] = iso(row[i])
                for i in lists:
                    row[i] = _json_list(row[i])
                when = row[10]
                if when is not None:
                    row[9] = published_local(datetime.fromisoformat(when), r[9])
                out.append(tuple(row))
            yield out


def _write_csv(fh: IO[str], batches: Iterator[list[tuple[Any, ...]]]) -> int:
    writer = csv.writer(fh, lineterminator="\n")
    writer.writerow(NAMES)
    lists = [i for i, c in enumerate(COLUMNS) if c.kind == "list"]
    n = 0
    for batch in batches:
        for row in batch:
            values = list(row)
            for i in lists:
                values[i] = json.dumps(values[i] or [], ensure_ascii=False)
            writer.writerow(["" if v is None else v for v in values])
            n += 1
    return n


def _write_jsonl(fh: IO[str], batches: Iterator[list[tuple[Any, ...]]]) -> int:
    n = 0
    for batch in batches:
        for row in batch:
            record = dict(zip(NAMES, list(row), strict=True))
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def arrow_schema() -> Any:
    import pyarrow as pa

    kinds = {
        "int": pa.int64(),
        "str": pa.string(),
        "time": pa.timestamp("us", tz="UTC"),
        "list": pa.list_(pa.string()),
    }
    return pa.schema(
        [pa.field(c.name, kinds[c.kind], metadata={"doc": c.doc}) for c in COLUMNS],
        metadata={"tuyengiao_export_schema": str(SCHEMA_VERSION)},
    )


def _write_parquet(path: str, batches: Iterator[list[tuple[Any, ...]]]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema()
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for batch in batches:
            columns = list(zip(*batch, strict=True))
            arrays = [
                pa.array(col, type=pa.string()).cast(field.type)
                if pa.types.is_timestamp(field.type)
                else pa.array(col, type=field.type)
                for col, field in zip(columns, schema, strict=True)
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(batch)
    return n


def _need(module: str, fmt: str) -> None:
    try:
        __import__(module)
    except ImportError:
        raise OutputError(f"{fmt} export needs {module}: pip install 'tuyengiao[query]'") from None


@contextlib.contextmanager
def atomic_path(out: Path) -> Iterator[str]:
    """A temporary path beside ``out``, renamed to ``out`` only if the block succeeds."""
    parent = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise OutputError(f"cannot write {out}: it is a directory")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
    os.close(fd)
    try:
        yield tmp
        try:
            os.replace(tmp, out)
        except OSError as exc:
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def export(
    engine: Engine,
    fmt: str,
    out: str | Path,
    filters: Filters | None = None,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the articles the filters keep to ``out``; return how many were written.

    Raises ``NoArticlesError`` when the filters keep none (nothing is written),
    ``OutputError`` when ``out`` cannot be written (nothing is left there).
    """
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        _need("pyarrow", fmt)
    out = Path(out)

    def counted() -> Iterator[list[tuple[Any, ...]]]:
        done = 0
        for b in rows(engine, filters, batch):
            done += len(b)
            if progress:
                progress(done)
            yield b

    with atomic_path(out) as tmp:
        try:
            if fmt == "parquet":
                n = _write_parquet(tmp, counted())
            else:
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    n = (_write_csv if fmt == "csv" else _write_jsonl)(fh, counted())
        except OSError as exc:
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
        if n == 0:
            raise NoArticlesError("no articles match the filters; nothing written")
    return n
