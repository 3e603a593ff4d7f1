"""What a CMS family is: detection markers, URL patterns and selectors, as data.

A family module (``crawler/cms/nukeviet.py`` …) defines one ``FAMILY`` value of
this type and nothing else. The code that applies it lives in
``crawler/cms/engine.py``; a site entry in the registry may override any
selector or pattern by name (``[[site]] … selectors = { body = "div.x" }``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlsplit

# Tuple fields holding regular expressions, and plain strings (paths, source names);
# every other tuple field holds CSS selectors.
_REGEX_FIELDS = frozenset({"markers", "url_markers", "article_url", "exclude_url"})
_PLAIN_FIELDS = frozenset(
    {"feeds", "sitemaps", "day_only_sources", "edit_time_sources", "meta_date_ignore"}
)


@dataclass(frozen=True)
class Family:
    name: str
    label: str
    # --- detection (see docs/evidence.md §2.10) ---
    generator: str | None = None  # regex on <meta name=generator content>
    markers: tuple[str, ...] = ()  # regexes on the raw HTML (asset paths, class names)
    url_markers: tuple[str, ...] = ()  # regexes on the page URL
    # --- URLs (regexes on the path + query of an absolute URL) ---
    article_url: tuple[str, ...] = ()
    exclude_url: tuple[str, ...] = ()  # print / savefile / sendmail / language switches …
    listing_next: tuple[str, ...] = ()  # CSS selectors of the "next page" link on a listing
    listing_item: tuple[str, ...] = ()  # CSS selectors of one article entry on a listing
    listing_date: tuple[str, ...] = ()  # CSS selectors, inside an entry, of the date shown there
    feeds: tuple[str, ...] = ()  # feed paths the CMS provides, relative to the base URL
    sitemaps: tuple[str, ...] = ()
    # --- article page: CSS selectors, first match wins ---
    title: tuple[str, ...] = ()
    date_line: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()  # where the CMS puts an edit time (NukeViet's datePublished)
    lead: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()  # captions outside the body container
    views: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()  # chrome inside the body container, removed before reading
    # Trust only the day of machine dates from these sources (NukeViet RSS).
    day_only_sources: tuple[str, ...] = ()
    # Machine-date sources this CMS fills with the edit time (NukeViet's itemprop=datePublished):
    # they go to ``updated_at``, never to ``published_at``.
    edit_time_sources: tuple[str, ...] = ()
    meta_date_ignore: tuple[str, ...] = ()  # meta sources this CMS is known to fill wrongly
    notes: str = ""
    compiled: dict[str, tuple[re.Pattern[str], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def patterns(self, name: str) -> tuple[re.Pattern[str], ...]:
        """Compiled regexes of a pattern field, cached on first use."""
        if name not in self.compiled:
            self.compiled[name] = tuple(re.compile(p, re.I) for p in getattr(self, name))
        return self.compiled[name]

    def excludes(self, url: str) -> bool:
        """Whether an ``exclude_url`` pattern matches the link (print copy, language switch …)."""
        path = _path_and_query(url)
        return any(p.search(path) for p in self.patterns("exclude_url"))

    def accepts(self, url: str) -> bool:
        """Whether a link is an article page of this family: an ``article_url`` pattern matches
        its path and query and no ``exclude_url`` pattern does. ``url`` is absolute or a path;
        whether it is on the right site is the caller's question."""
        if self.excludes(url):
            return False
        path = _path_and_query(url)
        return any(p.search(path) for p in self.patterns("article_url"))

    def check(self) -> None:
        """Compile every selector and pattern; raise ValueError naming a bad one."""
        from crawler.cms.engine import css  # here: engine imports Family from this module

        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, tuple) or f.name in _PLAIN_FIELDS:
                continue
            for item in value:
                try:
                    if f.name in _REGEX_FIELDS:
                        re.compile(item)
                    else:
                        css(item)
                except (re.error, ValueError, SyntaxError, TypeError) as exc:
                    raise ValueError(f"{f.name}: {item!r}: {exc}") from None

    def with_overrides(self, overrides: dict[str, Any]) -> Family:
        """A copy with some fields replaced by a site entry's values."""
        if not overrides:
            return self
        known = {f.name for f in fields(self)} - {"name", "compiled"}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown selector/pattern names: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {
            k: (
                tuple(v)
                if isinstance(v, list)
                else (v,)
                if isinstance(v, str) and k not in ("label", "generator", "notes")
                else v
            )
            for k, v in overrides.items()
        }
        return replace(self, compiled={}, **values)


def _path_and_query(url: str) -> str:
    """``/path?query`` of an absolute URL or of a path (what the URL patterns see)."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
