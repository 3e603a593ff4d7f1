"""``tuyengiao sites [check]``: list and validate the site registry.

Listing filters ignore diacritics, so ``--province "kon tum"`` and
``--province "Kon Tum"`` find the same sites. ``check`` reports every problem of
the registry at once (errors and warnings, each with file, line and key) and
exits 2 when there is an error, so a pre-commit hook or CI can run it::

    $ tuyengiao sites check
    sites.toml:88: warning: site 'baocaovien': cms = auto and no sections, …
    48 sites (43 active, 9 verified): 0 errors, 24 warning(s)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from crawler.commands import EXIT_OK, EXIT_USAGE, CliError
from crawler.registry import (
    DEFAULT_REGISTRY,
    LEVELS,
    RegistryError,
    Site,
    check_registry,
    load_registry,
)
from crawler.text.normalize import fold


def _matches(site: Site, args: argparse.Namespace) -> bool:
    if args.province and fold(args.province).replace(" ", "") not in fold(site.province).replace(
        " ", ""
    ):
        return False
    if args.cms and site.cms != args.cms:
        return False
    if args.level and site.level != args.level:
        return False
    if args.active and not site.active:
        return False
    return not (args.inactive and site.active)


def site_record(s: Site) -> dict[str, Any]:
    """One site as JSON: every registry field, sections with their names."""
    return {
        "key": s.key,
        "name": s.name,
        "province": s.province,
        "owner": s.owner,
        "level": s.level,
        "base_url": s.base_url,
        "cms": s.cms,
        "active": s.active,
        "verified": s.verified,
        "superseded_by": s.superseded_by,
        "sections": [{"path": sec.path, "name": sec.name} for sec in s.sections],
        "feeds": list(s.feeds),
        "sitemaps": list(s.sitemaps),
        "notes": s.notes,
        "evidence": list(s.evidence),
        "source": s.source,
    }


def cmd_check(args: argparse.Namespace) -> int:
    path = Path(args.registry) if args.registry else DEFAULT_REGISTRY
    problems = check_registry(path)
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if errors:
        print(f"{errors} error(s), {warnings} warning(s): the registry cannot be used")
        return EXIT_USAGE
    sites = load_registry(path)
    active = sum(s.active for s in sites.values())
    verified = sum(s.verified for s in sites.values())
    print(
        f"{len(sites)} sites ({active} active, {verified} verified): "
        f"0 errors, {warnings} warning(s)"
    )
    if warnings and args.strict:
        return EXIT_USAGE
    return EXIT_OK


def cmd_sites(args: argparse.Namespace) -> int:
    if args.action == "check":
        return cmd_check(args)
    try:
        sites = load_registry(args.registry)
    except RegistryError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    chosen = [s for s in sites.values() if _matches(s, args)]
    if args.json:
        print(json.dumps([site_record(s) for s in chosen], ensure_ascii=False, indent=1))
        return EXIT_OK
    for s in chosen:
        flags = [f for f, on in (("inactive", not s.active), ("unverified", not s.verified)) if on]
        if s.superseded_by:
            flags.append(f"→ {s.superseded_by}")
        extra = f"  ({', '.join(flags)})" if flags else ""
        print(f"{s.key:<34} {s.cms:<14} {s.level:<9} {s.province:<16} {s.base_url}{extra}")
    print(f"{len(chosen)} of {len(sites)} sites")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("sites", help="list the registry (or: sites check)")
    sp.add_argument("action", nargs="?", choices=["list", "check"], default="list")
    sp.add_argument("--registry", help="registry file (default: the built-in one)")
    sp.add_argument("--province", help="only sites of this province (diacritics optional)")
    sp.add_argument("--cms", help="only sites of this CMS family ('auto' for undecided)")
    sp.add_argument("--level", choices=LEVELS, help="only central, province or district sites")
    state = sp.add_mutually_exclusive_group()
    state.add_argument("--active", action="store_true", help="only sites that are crawled")
    state.add_argument("--inactive", action="store_true", help="only sites that are not")
    sp.add_argument("--json", action="store_true", help="print every field as JSON")
    sp.add_argument("--strict", action="store_true", help="check: warnings fail too")
    sp.set_defaults(func=cmd_sites)
