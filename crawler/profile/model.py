"""The site profile: what the pages of one site share, as a small versioned JSON record.

Counts, not conclusions: how many pages each block key appeared on, and how many pages
voted for each slot (article container, title, date line, lead). The conclusions (which
block is chrome, where the article sits) are drawn when the profile is applied, so a
profile learned from three pages and one learned from three hundred are the same record,
the second one surer.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

PROFILE_VERSION = 2  # 2: ``inside`` (template inside the container), sampled learning
# A block on at least this share of a site's pages (and on two at least) is template.
CHROME_SHARE = 0.3
# Pages needed before a profile is used at all.
MIN_PAGES = 3
# Past this many pages a profile learns from a sample: one new page in ``SAMPLE_EVERY``
# (chosen by its URL's hash, so the same pages every time). The template is known by then;
# the sample keeps the counts moving when a site changes its theme.
LEARN_ALL = 200
SAMPLE_EVERY = 10
# Bounds that keep the record small on a site of thousands of pages.
MAX_SEEN = 2000
MAX_KEYS = 20000


_VOTES = ("container", "content", "title", "date_line", "lead", "byline", "views")


@dataclass
class SiteProfile:
    """What ``learn`` has seen of one site; see the module docstring."""

    site: str
    version: int = PROFILE_VERSION
    pages: int = 0
    seen: list[str] = field(default_factory=list)  # hashes of the URLs learned from
    counts: dict[str, int] = field(default_factory=dict)  # block key → pages
    # path → [pages it is on, characters, characters inside links]
    paths: dict[str, list[int]] = field(default_factory=dict)
    container: dict[str, int] = field(default_factory=dict)  # path → pages voting for it
    content: dict[str, int] = field(default_factory=dict)  # path below the container → pages
    title: dict[str, int] = field(default_factory=dict)
    date_line: dict[str, int] = field(default_factory=dict)
    lead: dict[str, int] = field(default_factory=dict)
    byline: dict[str, int] = field(default_factory=dict)  # labelled bylines outside the body
    views: dict[str, int] = field(default_factory=dict)  # "Lượt xem: 1.234"
    inside: int = 0  # pages with template blocks inside their article container

    @property
    def usable(self) -> bool:
        return self.pages >= MIN_PAGES

    def template_inside(self) -> bool:
        """The site's theme puts template blocks inside the article container on a
        ``CHROME_SHARE`` of its pages: worth looking for on pages a family read."""
        return self.usable and self.inside >= self.chrome_min()

    def copy(self) -> SiteProfile:
        """A copy whose counts can be changed without touching this one (cheaper than
        ``deepcopy`` on a record of thousands of keys)."""
        out = replace(
            self,
            seen=list(self.seen),
            counts=dict(self.counts),
            paths={p: list(v) for p, v in self.paths.items()},
        )
        for name in _VOTES:
            setattr(out, name, dict(getattr(self, name)))
        return out

    def chrome_min(self) -> int:
        """Pages a block must repeat on to count as template."""
        return max(2, math.ceil(CHROME_SHARE * self.pages))

    def is_chrome_key(self, key: str | None, min_pages: int | None = None) -> bool:
        """A block repeated on ``min_pages`` pages (default: ``chrome_min``)."""
        need = self.chrome_min() if min_pages is None else min_pages
        return key is not None and self.counts.get(key, 0) >= need

    def is_link_list(self, path: str) -> bool:
        """A slot that holds mostly links on most pages: menus, "Tin liên quan", tag lists."""
        stats = self.paths.get(path)
        if stats is None or stats[0] < self.chrome_min() or not stats[1]:
            return False
        return stats[2] / stats[1] >= 0.5

    def to_json(self) -> str:
        # The fields as they are (``asdict`` would deep-copy every count first: 50 ms a
        # profile of a few hundred pages, paid at every save).
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> SiteProfile:
        """Read a stored profile; a profile of another version raises ``ValueError``."""
        data: dict[str, Any] = json.loads(text)
        if data.get("version") != PROFILE_VERSION:
            raise ValueError(
                f"site profile version {data.get('version')!r}, this code reads {PROFILE_VERSION}"
            )
        return cls(**data)


def ranked(votes: dict[str, int]) -> list[str]:
    """Slots by votes, most first (ties: the shorter, then alphabetical path)."""
    return sorted(votes, key=lambda p: (-votes[p], len(p), p))
