"""The replica's own registry: ``replica/sites.toml``, never merged into the real one.

Each ``[[site]]`` entry is an ordinary registry entry (validated by the product's
``crawler.registry``) plus a ``replica`` table the product never sees: which content
file the site serves, on which fixed port, and which seed article it carries::

    replica = { content = "chodon", port = 8804, seed = "002" }

``demo``, ``replica serve``, the tests and the benchmarks load the replica through
this module; a crawl reaches its sites through a registry file written with
``crawler.registry.dump_sites`` (the addresses the replica is served on).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crawler.registry import RegistryError, Site, read_entries, sites_from_entries

REPLICA_REGISTRY = Path(__file__).with_name("sites.toml")
_FIELDS = {"content": str, "port": int, "seed": str}


@dataclass(frozen=True)
class ReplicaEntry:
    """One replica site: its registry entry and how the replica serves it."""

    site: Site
    content: str  # replica/content/<content>.json
    port: int  # fixed port of `tuyengiao replica serve` and `tuyengiao demo`
    seed: str | None = None  # number of the seed article it carries ("000" …), if any


def load_replica(
    path: Path | str = REPLICA_REGISTRY, *, check_families: bool = True
) -> dict[str, ReplicaEntry]:
    """The replica's sites in file order; a bad entry raises ``RegistryError`` with its line."""
    entries = read_entries(path)
    serving: dict[str, tuple[str, int, str | None]] = {}
    for where, entry in entries:
        key, table = entry.get("key"), entry.pop("replica", None)
        if not isinstance(key, str) or not isinstance(table, dict):
            raise RegistryError(f"{where}: a replica entry needs a key and a 'replica' table")
        for name, value in table.items():
            if name not in _FIELDS or not isinstance(value, _FIELDS[name]):
                raise RegistryError(f"{where}: site '{key}': bad replica.{name} = {value!r}")
        serving[key] = (table.get("content", key), table.get("port", 0), table.get("seed"))
    sites = sites_from_entries(entries, check_families=check_families)
    return {key: ReplicaEntry(site, *serving[key]) for key, site in sites.items()}


def replica_sites(*, check_families: bool = True) -> dict[str, Site]:
    """The replica's sites as registry entries (at their fixed ports)."""
    return {k: e.site for k, e in load_replica(check_families=check_families).items()}
