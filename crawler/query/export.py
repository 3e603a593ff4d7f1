"""Export articles to CSV, JSON Lines or Parquet, streamed, with a stable column schema.

Rows are read with a streaming cursor and written a batch at a time, so memory does
not grow with the corpus. The file is written under a temporary name and put in
place at the end (``crawler.query.output``): a failure, an interrupt or an empty
result leaves nothing at ``--out`` (and an older file there untouched); ``-`` is
standard output; a symlink, FIFO or device at ``--out`` is never replaced.

Beside every file export goes its data package (``<stem>.datapackage.json``,
Frictionless): the column schema, a licence note, the sources (sites), the crawl
runs and extractor versions the rows come from, the filters, the query and its
mode, and for a ``sample`` its size, seed and population, so that a coded sample
can be drawn again and cited.

The schema (``COLUMNS``) is part of the project's contract with researchers: columns
are only ever added at the end, never renamed or reordered (``SCHEMA_VERSION``).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

from sqlalchemy import Engine, Text, select, type_coerce

from crawler.query import OutputError
from crawler.query.filters import Filters, sql_conditions, where
from crawler.query.output import STDOUT, safe_output
from crawler.store.models import ArticleRow, CrawlRunRow, SiteRow
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
    engine: Engine,
    filters: Filters | None = None,
    batch: int = 2000,
    only: set[int] | None = None,
) -> Iterator[list[tuple[Any, ...]]]:
    """Batches of export rows (tuples in ``NAMES`` order), in id order, streamed.

    Times come as ISO 8601 UTC strings ("2020-03-10T02:00:00Z") and lists as lists:
    on SQLite they are read as the stored text and reshaped as strings, which keeps
    a million-row Parquet export inside a minute (datetime objects cost a third of it).
    ``only``: keep just these article ids (a sample).
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
                if only is not None and r[0] not in only:
                    continue
                row = [*r[:9], None, *r[10:]]  # r[9]: the precision, for "published"
                for i in times:
                    row[i] = iso(row[i])
                for i in lists:
                    row[i] = _json_list(row[i])
                when = row[10]
                if when is not None:
                    # r[9] is date_precision (the select list's types are one union).
                    row[9] = published_local(datetime.fromisoformat(when), cast(str | None, r[9]))
                out.append(tuple(row))
            if out:
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
    """A temporary path put in place at ``out`` if the block succeeds (``safe_output``)."""
    with safe_output(out) as tmp:
        yield tmp


@dataclass
class Provenance:
    """What the exported rows come from, gathered while they stream by."""

    sites: Counter[str] = field(default_factory=Counter)
    extractors: Counter[str] = field(default_factory=Counter)
    last_fetch: str | None = None

    def see(self, batch: list[tuple[Any, ...]]) -> None:
        i_site, i_ext, i_fetch = (
            NAMES.index("site"),
            NAMES.index("extractor_version"),
            NAMES.index("fetched_at"),
        )
        for row in batch:
            self.sites[row[i_site]] += 1
            self.extractors[row[i_ext] or "(none)"] += 1
            fetched = row[i_fetch]
            if fetched and (self.last_fetch is None or fetched > self.last_fetch):
                self.last_fetch = fetched


def sample_ids(engine: Engine, filters: Filters, n: int, seed: int) -> tuple[set[int], int]:
    """``n`` article ids drawn at random (``random.Random(seed)``) among the matching ones.

    The draw depends only on the matching ids in id order and the seed, so the same
    store, filters and seed give the same sample. Returns (ids, population size).
    """
    with engine.connect() as conn:
        conds = sql_conditions(conn, filters)
        if conds is None:
            return set(), 0
        ids = list(conn.scalars(select(_A.id).where(where(conds)).order_by(_A.id)))
    chosen = random.Random(seed).sample(ids, min(n, len(ids)))
    return set(chosen), len(ids)


FRICTIONLESS_TYPE = {"int": "integer", "str": "string", "time": "datetime", "list": "array"}
MEDIA = {
    "csv": "text/csv",
    "jsonl": "application/jsonl",
    "parquet": "application/vnd.apache.parquet",
}
LICENCE_NOTE = (
    "The texts are the publications of the sites listed in sources (Vietnamese party and "
    "state bodies) and remain theirs; this file is a research extract made by tuyengiao. "
    "Cite the sources and this package; redistribution of full texts may need the "
    "publishers' consent."
)


def datapackage(
    engine: Engine,
    out: Path,
    fmt: str,
    n: int,
    prov: Provenance,
    filters: Filters,
    excel: bool,
    sample: dict[str, int] | None,
    store: str | None,
) -> dict[str, Any]:
    """The Frictionless data package describing one export (see the module docstring)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        version = dist_version("tuyengiao")
    except PackageNotFoundError:  # run from a source tree
        version = None

    with engine.connect() as conn:
        sites = {
            r.key: r
            for r in conn.execute(
                select(SiteRow.key, SiteRow.name, SiteRow.base_url, SiteRow.province).where(
                    SiteRow.key.in_(list(prov.sites))
                )
            )
        }
        runs = conn.execute(
            select(
                CrawlRunRow.run_id,
                CrawlRunRow.site_key,
                CrawlRunRow.started_at,
                CrawlRunRow.finished_at,
                CrawlRunRow.status,
            )
            .where(CrawlRunRow.site_key.in_(list(prov.sites)))
            .order_by(CrawlRunRow.started_at)
        ).all()
    digest = hashlib.sha256()
    with open(out, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    resource: dict[str, Any] = {
        "name": "articles",
        "path": out.name,
        "profile": "tabular-data-resource" if fmt == "csv" else "data-resource",
        "format": fmt,
        "mediatype": MEDIA[fmt],
        "encoding": "utf-8-sig" if excel else "utf-8",
        "bytes": out.stat().st_size,
        "hash": f"sha256:{digest.hexdigest()}",
        "schema": {
            "fields": [
                {"name": c.name, "type": FRICTIONLESS_TYPE[c.kind], "description": c.doc}
                for c in COLUMNS
            ],
            "primaryKey": ["id"],
        },
    }
    if fmt == "csv":
        resource["dialect"] = {"delimiter": ",", "lineTerminator": "\n", "header": True}
    return {
        "profile": "tabular-data-package" if fmt == "csv" else "data-package",
        "name": "tuyengiao-articles",
        "title": "Articles from Vietnamese provincial propaganda sites (tuyengiao export)",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "licenses": [{"name": "publishers-copyright", "title": LICENCE_NOTE}],
        "sources": [
            {
                "title": sites[k].name if k in sites else k,
                "path": sites[k].base_url if k in sites else None,
            }
            for k in sorted(prov.sites)
        ],
        "resources": [resource],
        "tuyengiao": {
            "version": version,
            "export_schema": SCHEMA_VERSION,
            "rows": n,
            "store": store,
            "filters": {
                "site": list(filters.sites),
                "province": list(filters.provinces),
                "since": filters.since.isoformat() if filters.since else None,
                "until": filters.until.isoformat() if filters.until else None,
                "author": filters.author,
                "query": filters.query,
                "mode": "exact" if filters.exact else "folded",
            },
            "sample": sample,
            "articles_per_site": dict(sorted(prov.sites.items())),
            "extractor_versions": dict(sorted(prov.extractors.items())),
            "last_fetched_at": prov.last_fetch,
            "crawl_runs": [
                {
                    "run": r.run_id,
                    "site": r.site_key,
                    "status": r.status,
                    "started_at": r.started_at.isoformat() if r.started_at else None,
                    "finished_at": r.finished_at.isoformat() if r.finished_at else None,
                }
                for r in runs
            ],
        },
    }


def package_path(out: Path) -> Path:
    """``articles.csv`` → ``articles.datapackage.json``, beside it."""
    return out.with_name(f"{out.stem}.datapackage.json")


def export(
    engine: Engine,
    fmt: str,
    out: str | Path,
    filters: Filters | None = None,
    batch: int = 2000,
    progress: Callable[[int], None] | None = None,
    *,
    excel: bool = False,
    sample: int | None = None,
    seed: int | None = None,
    write_through: bool = False,
    package: bool = True,
    store: str | None = None,
) -> int:
    """Write the articles the filters keep to ``out``; return how many were written.

    ``out`` may be ``-`` (standard output, no data package). ``excel``: CSV with a
    UTF-8 byte-order mark, which Excel needs to read Vietnamese. ``sample``: that
    many articles drawn with ``seed`` (see ``sample_ids``). ``package``: write
    ``<stem>.datapackage.json`` beside the file. ``write_through``: write into a
    symlink, FIFO or device at ``out`` instead of refusing it.
    Raises ``NoArticlesError`` when the filters keep none (nothing is written),
    ``OutputError`` when ``out`` cannot be written (nothing is left there).
    """
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if excel and fmt != "csv":
        raise OutputError("--excel applies to CSV only")
    if fmt == "parquet":
        _need("pyarrow", fmt)
    filters = filters or Filters()
    to_stdout = str(out) == STDOUT
    out = Path(out)
    only = None
    sampled = None
    if sample is not None:
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        only, population = sample_ids(engine, filters, sample, seed)
        sampled = {"size": len(only), "requested": sample, "seed": seed, "population": population}
    prov = Provenance()

    def counted() -> Iterator[list[tuple[Any, ...]]]:
        done = 0
        for b in rows(engine, filters, batch, only):
            done += len(b)
            prov.see(b)
            if progress:
                progress(done)
            yield b

    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(safe_output(STDOUT if to_stdout else out, write_through))
        pkg = None
        if package and not to_stdout:
            pkg = stack.enter_context(safe_output(package_path(out), write_through))
        try:
            if fmt == "parquet":
                n = _write_parquet(tmp, counted())
            else:
                enc = "utf-8-sig" if excel else "utf-8"
                with open(tmp, "w", encoding=enc, newline="") as fh:
                    n = (_write_csv if fmt == "csv" else _write_jsonl)(fh, counted())
        except OSError as exc:
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}") from None
        if n == 0:
            raise NoArticlesError("no articles match the filters; nothing written")
        if pkg is not None:
            data = datapackage(engine, Path(tmp), fmt, n, prov, filters, excel, sampled, store)
            data["resources"][0]["path"] = out.name
            with open(pkg, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1)
                fh.write("\n")
    return n
