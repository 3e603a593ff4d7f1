"""Researchers' side of the store: full-text search, export, statistics, browsing.

Everything here reads what the crawler wrote and adds one thing to the store, the
search index (``fts``), kept in step with ``articles`` on every ORM write. Import
is cheap: SQLAlchemy is loaded by the submodules, pandas/pyarrow/matplotlib only
by the functions that need them.
"""

from __future__ import annotations


class QueryError(ValueError):
    """A search query that cannot be understood; the message says where and why.

    ``"Đại hội`` → "unclosed quote: add a closing \" after "Đại hội"".
    """


class FilterError(ValueError):
    """A filter naming something the store does not have (a site, a province) or a bad date."""


class OutputError(OSError):
    """An output file that cannot be written; nothing is left at its path."""
