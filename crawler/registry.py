"""The site registry: one TOML entry per site, validated on load.

A bad entry fails with the file, line, key and field named, so an operator can
fix the data without reading code::

    sites.toml:41: site 'kontum': base_url must be an http(s) URL, got 'tuyengiaokontum.org.vn'
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

DEFAULT_REGISTRY = Path(__file__).with_name("sites.toml")
REPLICA_REGISTRY = Path(__file__).parent / "replica" / "sites.toml"

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_REQUIRED = ("key", "name", "province", "owner", "base_url", "cms")
_OPTIONAL = {
    "sections": list,
    "feeds": list,
    "sitemaps": list,
    "active": bool,
    "verified": bool,
    "superseded_by": str,
    "selectors": dict,
    "notes": str,
    "level": str,
    "evidence": list,
    "replica": dict,
}


class RegistryError(ValueError):
    """A registry file or entry that cannot be used; the message names where."""


@dataclass(frozen=True)
class Section:
    path: str
    name: str = ""


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    province: str
    owner: str
    base_url: str
    cms: str
    sections: tuple[Section, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    active: bool = True
    verified: bool = True
    superseded_by: str | None = None
    selectors: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    notes: str = ""
    level: str = "province"
    replica: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    source: str = ""  # "file:line" of the entry

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc.lower()

    def url(self, path: str) -> str:
        """Absolute URL of a path on this site."""
        return urljoin(self.base_url, path)

    def with_base_url(self, base_url: str) -> Site:
        """The same site served elsewhere (the replica on another port)."""
        from dataclasses import replace

        return replace(self, base_url=base_url)


def _entry_lines(text: str) -> list[int]:
    return [i + 1 for i, line in enumerate(text.splitlines()) if line.strip() == "[[site]]"]


def _fail(where: str, key: str | None, msg: str) -> RegistryError:
    who = f"site '{key}': " if key else ""
    return RegistryError(f"{where}: {who}{msg}")


def _site_from_entry(entry: dict[str, Any], where: str, known_families: set[str] | None) -> Site:
    key = entry.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise _fail(where, None, f"key must be lower-case letters, digits and '-', got {key!r}")
    for name in _REQUIRED:
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise _fail(where, key, f"missing or empty required field '{name}'")
    unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        raise _fail(where, key, f"unknown field(s): {', '.join(sorted(unknown))}")
    for name, typ in _OPTIONAL.items():
        if name in entry and not isinstance(entry[name], typ):
            raise _fail(where, key, f"'{name}' must be a {typ.__name__}")
    parts = urlsplit(entry["base_url"])
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _fail(where, key, f"base_url must be an http(s) URL, got {entry['base_url']!r}")
    if not entry["base_url"].endswith("/"):
        raise _fail(where, key, f"base_url must end with '/', got {entry['base_url']!r}")
    if known_families is not None and entry["cms"] not in known_families:
        raise _fail(
            where, key, f"unknown cms {entry['cms']!r}; known: {', '.join(sorted(known_families))}"
        )
    sections = []
    for s in entry.get("sections", []):
        if isinstance(s, str):
            sections.append(Section(s))
        elif isinstance(s, dict) and isinstance(s.get("path"), str):
            sections.append(Section(s["path"], str(s.get("name", ""))))
        else:
            raise _fail(where, key, f"a section must be a path or {{path, name}}, got {s!r}")
    for s in sections:
        if s.path.startswith(("http://", "https://")) and urlsplit(s.path).netloc != parts.netloc:
            raise _fail(where, key, f"section {s.path!r} is on another host")
    if "selectors" in entry:
        from crawler.cms import get_family

        try:
            family = "generic" if entry["cms"] == "auto" else entry["cms"]
            get_family(family).with_overrides(entry["selectors"])
        except (KeyError, ValueError) as exc:
            raise _fail(where, key, f"selectors: {exc}") from None
    return Site(
        key=key,
        name=entry["name"],
        province=entry["province"],
        owner=entry["owner"],
        base_url=entry["base_url"],
        cms=entry["cms"],
        sections=tuple(sections),
        feeds=tuple(entry.get("feeds", ())),
        sitemaps=tuple(entry.get("sitemaps", ())),
        active=entry.get("active", True),
        verified=entry.get("verified", True),
        superseded_by=entry.get("superseded_by"),
        selectors=entry.get("selectors", {}),
        notes=entry.get("notes", ""),
        level=entry.get("level", "province"),
        replica=entry.get("replica", {}),
        source=where,
    )


def load_registry(
    path: Path | str | None = None, *, check_families: bool = True
) -> dict[str, Site]:
    """Load and validate a registry file; keys in file order."""
    path = Path(path) if path else DEFAULT_REGISTRY
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read registry: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path.name}: not valid TOML: {exc}") from None
    entries = data.get("site", [])
    if not isinstance(entries, list):
        raise RegistryError(f"{path.name}: expected [[site]] tables")
    lines = _entry_lines(text)
    families: set[str] | None = None
    if check_families:
        from crawler.cms import FAMILIES

        families = set(FAMILIES) | {"auto"}
    sites: dict[str, Site] = {}
    hosts: dict[str, str] = {}
    for i, entry in enumerate(entries):
        where = f"{path.name}:{lines[i] if i < len(lines) else '?'}"
        site = _site_from_entry(entry, where, families)
        if site.key in sites:
            raise _fail(where, site.key, f"duplicate key (first at {sites[site.key].source})")
        host_path = site.base_url.split("://", 1)[1].lower()
        if host_path in hosts:
            raise _fail(where, site.key, f"same base_url as site '{hosts[host_path]}'")
        hosts[host_path] = site.key
        sites[site.key] = site
    return sites


def load_all(path: Path | str | None = None) -> dict[str, Site]:
    """The real sites plus the offline replica's sites (keys starting 'replica-')."""
    sites = load_registry(path)
    for key, site in load_registry(REPLICA_REGISTRY).items():
        sites.setdefault(key, site)
    return sites


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def dump_sites(sites: Iterable[Site]) -> str:
    """Registry TOML for ``sites`` (what ``load_registry`` reads back)."""
    out: list[str] = []
    for s in sites:
        out.append("[[site]]")
        for name in ("key", "name", "province", "owner", "base_url", "cms", "level"):
            out.append(f"{name} = {_toml_value(getattr(s, name))}")
        out.append(
            "sections = "
            + _toml_value([{"path": sec.path, "name": sec.name} for sec in s.sections])
        )
        for name in ("feeds", "sitemaps"):
            if getattr(s, name):
                out.append(f"{name} = {_toml_value(list(getattr(s, name)))}")
        out.append(f"active = {_toml_value(s.active)}")
        out.append(f"verified = {_toml_value(s.verified)}")
        if s.superseded_by:
            out.append(f"superseded_by = {_toml_value(s.superseded_by)}")
        for name in ("selectors", "replica"):
            if getattr(s, name):
                out.append(f"{name} = {_toml_value(getattr(s, name))}")
        out.append("")
    return "\n".join(out)
