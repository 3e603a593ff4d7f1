"""The replica's content: sites, sections and articles, loaded from JSON data.

The content files (``replica/content/<key>.json``) are the truth the
tests compare the crawl against: what a clean article must be is written
there by hand (for the five seed articles: the seed's own text), and each
family renderer (``replica/families/<family>.py``) turns it into the
pages the real CMS would serve, chrome and all.

Body items in the JSON are objects with one of these shapes::

    {"p": "text"}                                  a paragraph
    {"p": "text", "align": "right"}                a paragraph the page aligns (not a byline)
    {"image": "/uploads/a.jpg", "caption": "…"}    a photo; the caption goes to `captions`
    {"image": "/uploads/a.jpg"}                    a photo without caption
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).with_name("content")


@dataclass
class ReplicaArticle:
    id: int
    section: str
    slug: str
    title: str
    body: list[dict[str, Any]]
    lead: str | None = None  # the sapo as shown; gold lead unless lead_is_title
    author: str | None = None  # gold author
    byline: str | None = (
        None  # how the byline is printed ("Tin, ảnh: Ngô Đức Hải"); default: author
    )
    published: str | None = (
        None  # local ISO "2023-12-28T14:55" or "2020-06-15"; None: no date shown
    )
    updated: str | None = None  # local ISO edit time, where the CMS shows or embeds one
    views: int | None = None  # gold views, where the page shows them
    tags: list[str] = field(default_factory=list)
    seed: str | None = None  # "004" for the seed article
    extra: dict[str, Any] = field(default_factory=dict)  # family-specific rendering hints

    @property
    def published_dt(self) -> datetime | date | None:
        if not self.published:
            return None
        if "T" in self.published:
            return datetime.fromisoformat(self.published)
        return date.fromisoformat(self.published)

    @property
    def paragraphs(self) -> list[str]:
        return [b["p"] for b in self.body if "p" in b]

    @property
    def captions(self) -> list[str]:
        return [b["caption"] for b in self.body if b.get("caption")]

    def gold(self) -> dict[str, Any]:
        """What the clean stored article must be: the seeds' expected.json shape + full body."""
        published = None
        if self.published:
            published = self.published + (":00+07:00" if "T" in self.published else "")
        return {
            "title": self.title,
            "lead": self.lead if self.lead and self.lead.strip() != self.title.strip() else None,
            "body": "\n\n".join(p.strip() for p in self.paragraphs),
            "author": self.author,
            "published": published,
            "views": self.views,
            "captions": self.captions,
            "tags": self.tags,
        }


@dataclass
class ReplicaSection:
    key: str  # path segment / alias
    name: str
    per_page: int = 4


@dataclass
class ReplicaSite:
    key: str
    family: str
    name: str
    sections: list[ReplicaSection]
    articles: list[ReplicaArticle]
    settings: dict[str, Any] = field(default_factory=dict)  # masthead, footer strings, counters …

    def in_section(self, section: str) -> list[ReplicaArticle]:
        """Articles of a section, newest first (the order of listing pages)."""
        items = [a for a in self.articles if a.section == section]
        return sorted(items, key=lambda a: (a.published or "", a.id), reverse=True)


def load_content(name: str) -> ReplicaSite:
    """Load ``content/<name>.json``."""
    data = json.loads((CONTENT_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return ReplicaSite(
        key=data["key"],
        family=data["family"],
        name=data["name"],
        sections=[ReplicaSection(**s) for s in data["sections"]],
        articles=[ReplicaArticle(**a) for a in data["articles"]],
        settings=data.get("settings", {}),
    )
