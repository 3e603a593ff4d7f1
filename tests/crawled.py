"""One replica site crawled over HTTP into a temp store, its server stopped afterwards.

For the tests of what runs on a store without the network (``reprocess``, the profile
learned again from the archive): the site's registry entry then points at a closed port,
so whatever they restore can only have come from the WARC files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.registry import dump_sites
from replica.server import ReplicaServer, renderer
from tests.conftest import FAST, run_cli


@dataclass(frozen=True)
class Crawled:
    """A crawled store, the registry it was crawled with, and each article's gold by URL."""

    db: Path
    registry: Path
    gold: dict[str, Any]

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db}"


def crawl(registry: Path, key: str, db: Path) -> None:
    """``tuyengiao crawl`` of one site, quickly (no throttle); fails the test if it fails."""
    result = run_cli(
        "crawl", "--registry", str(registry), "--site", key, "--db", f"sqlite:///{db}", *FAST
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


def crawl_replica_site(key: str, base: Path) -> Crawled:
    """Crawl replica site ``key`` into ``base/store/corpus.sqlite``; the gold is its content
    JSON's, keyed by the URL the server gave each article."""
    db = base / "store" / "corpus.sqlite"
    registry = base / "replica.toml"
    server = ReplicaServer(keys=[key]).start()
    try:
        registry.write_text(dump_sites(server.sites.values()), encoding="utf-8")
        crawl(registry, key, db)
        content = server.content[key]
        module = renderer(content.family)
        gold = {
            server.sites[key].url(module.article_path(content, a)): a.gold()
            for a in content.articles
        }
    finally:
        server.stop()
    return Crawled(db, registry, gold)
