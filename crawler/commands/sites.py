"""``tuyengiao sites [check]``: list and validate the site registry."""

from __future__ import annotations

import argparse
import json

from crawler.cli import EXIT_OK, EXIT_USAGE, CliError
from crawler.registry import RegistryError, load_all


def cmd_sites(args: argparse.Namespace) -> int:
    try:
        sites = load_all(args.registry)
    except RegistryError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    if getattr(args, "action", None) == "check":
        print(f"{len(sites)} sites, registry OK")
        return EXIT_OK
    chosen = [
        s
        for s in sites.values()
        if (not args.province or args.province.lower() in s.province.lower())
        and (not args.cms or s.cms == args.cms)
    ]
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "key": s.key,
                        "name": s.name,
                        "province": s.province,
                        "owner": s.owner,
                        "base_url": s.base_url,
                        "cms": s.cms,
                        "active": s.active,
                        "verified": s.verified,
                        "sections": [sec.path for sec in s.sections],
                    }
                    for s in chosen
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return EXIT_OK
    for s in chosen:
        flags = "" if s.active else " (inactive)"
        print(f"{s.key:<28} {s.cms:<14} {s.province:<14} {s.base_url}{flags}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("sites", help="list the registry (or: sites check)")
    sp.add_argument("action", nargs="?", choices=["list", "check"], default="list")
    sp.add_argument("--registry")
    sp.add_argument("--province")
    sp.add_argument("--cms")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_sites)
