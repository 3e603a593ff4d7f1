"""``Corpus``: the store as researchers use it from Python or a notebook.

    >>> from crawler import Corpus
    >>> corpus = Corpus("sqlite:///corpus.sqlite")
    >>> hits = corpus.search('"chuyển đổi số"', province="Kon Tum", since="2021")
    >>> hits[0].title, hits[0].snippet
    ('Kon Tum đẩy mạnh chuyển đổi số', '… «chuyển đổi số» trong các cơ quan …')
    >>> corpus.stats(by=("province", "year"), query='"đại hội"', share=True)[:2]
    >>> corpus.search("hồi", exact=True)      # diacritics and tones count
    >>> corpus.syndication()[0].copies         # who republished the biggest story
    >>> df = corpus.dataframe(site="tuyengiaokontum", since="2020-01")   # needs pandas

Filters are the same as on the command line: ``site``/``province`` take a name or a
list, dates take "2020", "2020-06" or "2020-06-15" (Vietnam dates).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from crawler.query import export as export_mod
from crawler.query import search as search_mod
from crawler.query import stats as stats_mod
from crawler.query import syndication as syndication_mod
from crawler.query.filters import Filters
from crawler.store import near_dup as clusters_index
from crawler.store.db import open_reader

Names = str | Iterable[str] | None
Day = str | date | None


class Corpus:
    """A store opened for reading: search, articles, stats, export, DataFrames."""

    def __init__(self, db: str | None = None) -> None:
        """Open ``db`` (default: the corpus, else the demo store); never creates a store.

        A missing store raises ``StoreError`` naming the known ones; ``self.url`` is the
        store read, ``self.note`` says when it is the demo store read by default.
        """
        factory, self.url, self.note = open_reader(db)
        self.engine: Engine = factory.kw["bind"]

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def _filters(
        site: Names = None,
        province: Names = None,
        since: Day = None,
        until: Day = None,
        author: str | None = None,
        query: str | None = None,
        exact: bool = False,
    ) -> Filters:
        return Filters.make(site, province, since, until, author, query, exact)

    def search(
        self,
        query: str,
        *,
        site: Names = None,
        province: Names = None,
        since: Day = None,
        until: Day = None,
        author: str | None = None,
        limit: int = 20,
        sort: str = "relevance",
        exact: bool = False,
    ) -> Any:
        """Ranked hits with snippets (a ``SearchResult``: a list of ``Hit``, ``.total``).

        ``exact=True``: diacritics and tones count ("hồi" does not find "hội").
        """
        filters = self._filters(site, province, since, until, author, exact=exact)
        return search_mod.search(self.engine, query, filters, limit=limit, sort=sort)

    def articles(
        self,
        *,
        query: str | None = None,
        site: Names = None,
        province: Names = None,
        since: Day = None,
        until: Day = None,
        author: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every matching article as a dict with the export columns, streamed in id order."""
        filters = self._filters(site, province, since, until, author, query)
        times = [i for i, c in enumerate(export_mod.COLUMNS) if c.kind == "time"]
        for batch in export_mod.rows(self.engine, filters):
            for row in batch:
                values = list(row)
                for i in times:  # aware UTC datetimes for Python users
                    if values[i] is not None:
                        values[i] = datetime.fromisoformat(values[i])
                yield dict(zip(export_mod.NAMES, values, strict=True))

    def stats(
        self,
        by: str | tuple[str, str] = "site",
        *,
        query: str | None = None,
        exact: bool = False,
        share: bool = False,
        site: Names = None,
        province: Names = None,
        since: Day = None,
        until: Day = None,
        author: str | None = None,
    ) -> list[Any]:
        """Counts per site, province, level, year, month, author or cluster (``StatRow``).

        ``by=("province", "year")`` cross-tabulates; periods are zero-filled; ``share``
        adds the per cent of all articles in the same cell (see ``crawler.query.stats``).
        """
        filters = self._filters(site, province, since, until, author, query, exact)
        return stats_mod.stats(self.engine, by, filters, share=share)

    def export(self, fmt: str, out: str | Path, **filters: Any) -> int:
        """Write ``csv``, ``jsonl`` or ``parquet`` to ``out``; return the article count."""
        return export_mod.export(self.engine, fmt, out, self._filters(**filters))

    def syndication(
        self,
        *,
        site: Names = None,
        province: Names = None,
        since: Day = None,
        until: Day = None,
        min_sites: int = 2,
    ) -> list[Any]:
        """Republication clusters (``crawler.query.syndication.Cluster``), most sites first.

        Each has ``first`` (the first publication) and ``copies`` with their ``lag``
        and ``changes`` (title changed, intro words added, ending words cut, share kept).
        """
        filters = self._filters(site, province, since, until)
        return syndication_mod.syndication(self.engine, filters, min_sites=min_sites)

    def syndication_frame(self, **kw: Any) -> Any:
        """``syndication`` as a pandas DataFrame: one row per article, first then copies."""
        import pandas as pd

        rows = syndication_mod.as_rows(self.syndication(**kw))
        return pd.DataFrame(rows, columns=list(syndication_mod.ROW_COLUMNS))

    def rebuild_clusters(self) -> tuple[int, int, int]:
        """Recompute every syndication cluster: (articles signed, clustered, clusters)."""
        return clusters_index.rebuild(self.engine)

    def dataframe(self, **filters: Any) -> Any:
        """The matching articles as a pandas DataFrame with the export columns.

        Loads everything into memory: filter first on a large corpus, or use
        ``export(..., "parquet")`` and read it with pyarrow.
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError(
                "Corpus.dataframe needs pandas: pip install 'tuyengiao[query]'"
            ) from None
        return pd.DataFrame.from_records(
            (tuple(r.values()) for r in self.articles(**filters)), columns=list(export_mod.NAMES)
        )

    def stats_frame(self, by: str | tuple[str, str] = "site", **filters: Any) -> Any:
        """``stats`` as a pandas DataFrame (a cross-tab has one column per dimension)."""
        import pandas as pd

        dims = (by,) if isinstance(by, str) else tuple(by)
        return pd.DataFrame([r.as_dict(dims) for r in self.stats(by, **filters)])
