"""tuyengiao: a crawler and research corpus of Vietnamese provincial propaganda sites.

``from crawler import Corpus`` opens the store for research (search, export, stats);
it is loaded on first use so that Scrapy, which imports this package for every
crawl, does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.query.corpus import Corpus

__all__ = ["Corpus"]


def __getattr__(name: str) -> Any:
    if name == "Corpus":
        from crawler.query.corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'crawler' has no attribute {name!r}")
