"""The site registry: one TOML entry per site, validated on load.

A bad entry fails with the file, line, key and field named, so an operator can
fix the data without reading code::

    sites.toml:41: site 'kontum': base_url must be an http(s) URL, got 'tuyengiaokontum.org.vn'

``load_registry`` stops at the first error (a crawl must not start on bad
data); ``check_registry`` collects every error and warning of a file for
``tuyengiao sites check``, so one run lists all there is to fix.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import SplitResult, urljoin, urlsplit

from crawler.cms import FAMILIES, get_family

DEFAULT_REGISTRY = Path(__file__).with_name("sites.toml")

_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9-]{1,63})*$")
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
    "hosts": list,
}
LEVELS = ("central", "province", "district")
# What `tuyengiao probe` writes where it could not decide; `sites check` warns on it.
PLACEHOLDER = "UNDECIDED"

Severity = Literal["error", "warning"]


class RegistryError(ValueError):
    """A registry file or entry that cannot be used; the message names where."""


@dataclass(frozen=True)
class Problem:
    """One finding of ``check_registry``: an error stops crawls, a warning does not."""

    where: str  # "sites.toml:41"
    key: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        who = f"site '{self.key}': " if self.key else ""
        tag = "warning: " if self.severity == "warning" else ""
        return f"{self.where}: {tag}{who}{self.message}"


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
    source: str = ""  # "file:line" of the entry
    evidence: tuple[str, ...] = ()  # research tags: "[P https://…]", "[C 53125829320]", "[S 004]"
    # Other host names (``host`` or ``host:port``) of the same site: redirects may go there.
    hosts: tuple[str, ...] = ()

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc.lower()

    def url(self, path: str) -> str:
        """Absolute URL of a path on this site."""
        return urljoin(self.base_url, path)

    def with_base_url(self, base_url: str) -> Site:
        """The same site served elsewhere (e.g. a test copy on another port)."""
        from dataclasses import replace

        return replace(self, base_url=base_url)


def _entry_lines(text: str) -> list[int]:
    return [i + 1 for i, line in enumerate(text.splitlines()) if line.strip() == "[[site]]"]


def _fail(where: str, key: str | None, msg: str) -> RegistryError:
    who = f"site '{key}': " if key else ""
    return RegistryError(f"{where}: {who}{msg}")


def site_identity(base_url: str) -> tuple[str, str]:
    """(host, path) that names one site whatever the scheme, ``www.`` or default port.

    ``http://www.lyluanchinhtri.vn/`` and ``https://lyluanchinhtri.vn/`` are one site.
    """
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    port: int | str | None
    try:
        port = parts.port if parts.port not in (None, 80, 443) else None
    except ValueError:  # reported by port_problem; here it only names the site
        port = parts.netloc.rpartition(":")[2]
    return (f"{host}:{port}" if port else host, parts.path or "/")


def port_problem(parts: SplitResult) -> str | None:
    """Why the port of a split URL cannot be read (not a number, out of 0-65535), or None."""
    try:
        ok = parts.port != 0  # urllib checks the port when it is read
    except ValueError:
        ok = False
    port = parts.netloc.rpartition(":")[2]
    return None if ok else f"port {port!r} is not a number from 1 to 65535"


def _url_form_problems(what: str, value: object, base: tuple[str, str] | None) -> Iterator[str]:
    """Why a section/feed/sitemap value is not a path or a URL on the site's own host."""
    if not isinstance(value, str) or not value.strip():
        yield f"{what} must be a non-empty path, got {value!r}"
        return
    if value != value.strip() or any(c.isspace() for c in value):
        yield f"{what} {value!r} contains white space"
        return
    if "#" in value:
        yield f"{what} {value!r} has a #fragment (the server never sees it)"
    parts = urlsplit(value)
    if port_problem(parts):
        yield f"{what} {value!r}: {port_problem(parts)}"
    elif parts.scheme and parts.scheme not in ("http", "https"):
        yield f"{what} {value!r} is not a path or an http(s) URL"
    elif parts.scheme and base is not None and site_identity(value)[0] != base[0]:
        yield f"{what} {value!r} is on another host"


def _entry_problems(
    entry: dict[str, Any], known_families: set[str] | None
) -> Iterator[tuple[Severity, str]]:
    """Everything wrong with one entry, errors in the order ``load_registry`` reports them."""
    key = entry.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        yield "error", f"key must be lower-case letters, digits and '-', got {key!r}"
    for name in _REQUIRED:
        if name != "key" and (not isinstance(entry.get(name), str) or not entry[name].strip()):
            yield "error", f"missing or empty required field '{name}'"
    unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL)
    if unknown:
        yield "error", f"unknown field(s): {', '.join(sorted(unknown))}"
    for name, typ in _OPTIONAL.items():
        if name in entry and not isinstance(entry[name], typ):
            yield "error", f"'{name}' must be a {typ.__name__}"
    base: tuple[str, str] | None = None
    base_url = entry.get("base_url")
    if isinstance(base_url, str) and base_url.strip():
        parts = urlsplit(base_url)
        if port_problem(parts):
            yield "error", f"base_url {base_url!r}: {port_problem(parts)}"
        elif parts.scheme not in ("http", "https") or not parts.netloc:
            yield "error", f"base_url must be an http(s) URL, got {base_url!r}"
        elif not base_url.endswith("/"):
            yield "error", f"base_url must end with '/', got {base_url!r}"
        elif parts.query or parts.fragment:
            yield "error", f"base_url must not have a ?query or #fragment, got {base_url!r}"
        elif not _HOST.match(parts.hostname or "") or any(c.isspace() for c in base_url):
            yield "error", f"base_url has no valid host name, got {base_url!r}"
        else:
            base = site_identity(base_url)
    cms = entry.get("cms")
    if isinstance(cms, str) and known_families is not None and cms not in known_families:
        yield "error", f"unknown cms {cms!r}; known: {', '.join(sorted(known_families))}"
    sections = entry.get("sections", [])
    for s in sections if isinstance(sections, list) else ():
        path = s if isinstance(s, str) else s.get("path") if isinstance(s, dict) else None
        if not isinstance(path, str):
            yield "error", f"a section must be a path or {{path, name}}, got {s!r}"
            continue
        if isinstance(s, dict) and set(s) - {"path", "name"}:
            yield "error", f"section {path!r}: unknown field(s) {sorted(set(s) - {'path', 'name'})}"
        for msg in _url_form_problems("section", path, base):
            yield "error", msg
        if path and not path.startswith(("/", "http://", "https://")):
            yield "warning", f"section {path!r} is relative to base_url; write it from '/'"
    for name in ("feeds", "sitemaps", "evidence"):
        values = entry.get(name, [])
        for v in values if isinstance(values, list) else ():
            if name == "evidence":
                if not isinstance(v, str) or not v.strip():
                    yield "error", f"evidence must be a list of non-empty strings, got {v!r}"
                continue
            for msg in _url_form_problems(name[:-1], v, base):
                yield "error", msg
    hosts = entry.get("hosts", [])
    for h in hosts if isinstance(hosts, list) else ():
        host, _, port = h.rpartition(":") if isinstance(h, str) and ":" in h else (h, "", "")
        if (
            not isinstance(host, str)
            or not _HOST.match(host.lower())
            or (port and not (port.isdigit() and 0 < int(port) < 65536))
        ):
            yield "error", f"hosts: {h!r} is not a host name or host:port"
    level = entry.get("level", "province")
    if isinstance(level, str) and level not in LEVELS:
        yield "error", f"level must be one of {', '.join(LEVELS)}, got {level!r}"
    if entry.get("superseded_by") == key and key:
        yield "error", "superseded_by names the site itself"
    if "selectors" in entry and isinstance(entry["selectors"], dict) and isinstance(cms, str):
        try:
            family = "generic" if cms == "auto" else cms
            get_family(family).with_overrides(entry["selectors"]).check()
        except (KeyError, ValueError) as exc:
            yield "error", f"selectors: {exc}"
    # --- warnings: the entry works, but someone should look at it -----------------------------
    for name in ("name", "province", "owner"):
        if isinstance(entry.get(name), str) and PLACEHOLDER in entry[name]:
            yield "warning", f"'{name}' is still {PLACEHOLDER} (fill it in from the site)"
    if not entry.get("evidence"):
        yield "warning", "no evidence: say where the site was seen (research tag or probe)"
    if entry.get("verified") is False and not entry.get("notes"):
        yield "warning", "verified = false without notes saying what is unconfirmed"
    if (
        entry.get("active", True)
        and cms == "auto"
        and not entry.get("sections")
        and not entry.get("feeds")
        and not entry.get("sitemaps")
    ):
        yield (
            "warning",
            "cms = auto and no sections: a crawl finds only what robots.txt and the "
            "default feeds and sitemaps list (`tuyengiao probe` proposes sections)",
        )


def _site_from_entry(entry: dict[str, Any], where: str, known_families: set[str] | None) -> Site:
    key = entry.get("key")
    who = key if isinstance(key, str) and _KEY.match(key) else None
    for severity, msg in _entry_problems(entry, known_families):
        if severity == "error":
            raise _fail(where, who, msg)
    sections = []
    for s in entry.get("sections", []):
        if isinstance(s, str):
            sections.append(Section(s))
        else:
            sections.append(Section(s["path"], str(s.get("name", ""))))
    return Site(
        key=entry["key"],
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
        source=where,
        evidence=tuple(entry.get("evidence", ())),
        hosts=tuple(h.lower() for h in entry.get("hosts", ())),
    )


def _read(path: Path) -> tuple[list[tuple[str, dict[str, Any]]], str]:
    """The [[site]] tables of a file, each with its "file:line"; RegistryError if unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read registry: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise RegistryError(
            f"{path.name}:{line}: not UTF-8 text (byte {exc.object[exc.start]:#04x}); "
            "save the registry as UTF-8"
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path.name}: not valid TOML: {exc}") from None
    entries = data.get("site", [])
    if (
        not isinstance(entries, list)
        or set(data) - {"site"}
        or not all(isinstance(e, dict) for e in entries)
    ):
        raise RegistryError(f"{path.name}: expected only [[site]] tables")
    lines = _entry_lines(text)
    return [
        (f"{path.name}:{lines[i] if i < len(lines) else '?'}", entry)
        for i, entry in enumerate(entries)
    ], text


def _families(check_families: bool) -> set[str] | None:
    if not check_families:
        return None
    return set(FAMILIES) | {"auto"}


def _cross_problems(
    entries: list[tuple[str, dict[str, Any]]],
) -> Iterator[tuple[str, str | None, Severity, str]]:
    """Problems between entries: duplicate keys and sites, dangling ``superseded_by``."""
    first_at: dict[str, str] = {}
    identities: dict[tuple[str, str], str] = {}
    for where, entry in entries:
        key = entry.get("key")
        if not isinstance(key, str):
            continue
        if key in first_at:
            yield where, key, "error", f"duplicate key (first at {first_at[key]})"
            continue
        first_at[key] = where
        base_url = entry.get("base_url")
        if not isinstance(base_url, str) or not urlsplit(base_url).netloc:
            continue
        ident = site_identity(base_url)
        if ident in identities:
            yield where, key, "error", f"same base_url as site '{identities[ident]}'"
            continue
        for (host, path), other in identities.items():
            if host != ident[0]:
                continue
            if path.startswith(ident[1]) or ident[1].startswith(path):
                msg = f"base_url overlaps site '{other}' on the same host"
            else:
                msg = f"shares its host with site '{other}'"
            yield (
                where,
                key,
                "warning",
                f"{msg}; the spider keeps articles by host, so a sitemap or feed at the "
                "host's root feeds both",
            )
        identities[ident] = key
    by_key = {e.get("key"): (w, e) for w, e in entries if isinstance(e.get("key"), str)}
    for where, entry in entries:
        key, target = entry.get("key"), entry.get("superseded_by")
        if not isinstance(target, str) or target == key:
            continue
        if target not in by_key:
            yield where, key, "error", f"superseded_by names no site in this file: {target!r}"
            continue
        seen: set[Any] = {key}
        current: Any = target
        while isinstance(current, str) and current in by_key:
            if current in seen:
                yield where, key, "error", f"superseded_by forms a cycle through '{current}'"
                break
            seen.add(current)
            current = by_key[current][1].get("superseded_by")


def check_registry(path: Path | str | None = None, *, check_families: bool = True) -> list[Problem]:
    """Every error and warning of a registry file, in file order (``tuyengiao sites check``)."""
    path = Path(path) if path else DEFAULT_REGISTRY
    try:
        entries, _ = _read(path)
    except RegistryError as exc:
        where, _, message = str(exc).partition(": ")
        return [Problem(where, None, message)]
    families = _families(check_families)
    problems: list[Problem] = []
    for where, entry in entries:
        key = entry.get("key")
        who = key if isinstance(key, str) and _KEY.match(key) else None
        for severity, msg in _entry_problems(entry, families):
            problems.append(Problem(where, who, msg, severity))
    for where, key, severity, msg in _cross_problems(entries):
        problems.append(Problem(where, key, msg, severity))
    line = {w: i for i, (w, _) in enumerate(entries)}
    problems.sort(key=lambda p: line.get(p.where, -1))
    return problems


def read_entries(path: Path | str) -> list[tuple[str, dict[str, Any]]]:
    """The raw ``[[site]]`` tables of a registry file, each with its "file:line"."""
    return _read(Path(path))[0]


def sites_from_entries(
    entries: list[tuple[str, dict[str, Any]]], *, check_families: bool = True
) -> dict[str, Site]:
    """Validate raw entries (from ``read_entries``) into sites; the first error raises."""
    families = _families(check_families)
    sites: dict[str, Site] = {}
    for where, entry in entries:
        site = _site_from_entry(entry, where, families)
        sites.setdefault(site.key, site)
    for where, key, severity, msg in _cross_problems(entries):
        if severity == "error":
            raise _fail(where, key, msg)
    return sites


def load_registry(
    path: Path | str | None = None, *, check_families: bool = True
) -> dict[str, Site]:
    """Load and validate a registry file; keys in file order. The first error raises."""
    return sites_from_entries(read_entries(path or DEFAULT_REGISTRY), check_families=check_families)


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


toml_value = _toml_value  # for the probe, which prints entries with comments


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
        for name in ("feeds", "sitemaps", "hosts"):
            if getattr(s, name):
                out.append(f"{name} = {_toml_value(list(getattr(s, name)))}")
        out.append(f"active = {_toml_value(s.active)}")
        out.append(f"verified = {_toml_value(s.verified)}")
        if s.superseded_by:
            out.append(f"superseded_by = {_toml_value(s.superseded_by)}")
        if s.selectors:
            out.append(f"selectors = {_toml_value(s.selectors)}")
        if s.notes:
            out.append(f"notes = {_toml_value(s.notes)}")
        if s.evidence:
            out.append(f"evidence = {_toml_value(list(s.evidence))}")
        out.append("")
    return "\n".join(out)
