"""``tuyengiao probe URL``: fetch a site and print a registry entry ready to paste.

The entry goes to stdout (comments included, valid TOML), a one-line verdict to
stderr. Exit 0 when the family and at least one section were found; 7 when the
site could not be reached, did not answer HTML, is JavaScript-only, or something
stayed ``UNDECIDED`` (the printed entry, if any, says what)::

    tuyengiao probe https://tuyengiao.travinh.gov.vn/ >> my-sites.toml
    tuyengiao sites check --registry my-sites.toml
"""

from __future__ import annotations

import argparse
import json
import sys

from crawler.commands import EXIT_OK, EXIT_USAGE, CliError

# Documented in crawler/cli.py: the site could not be reached, answered no HTML,
# is JavaScript-only, or the drafted entry still has UNDECIDED fields.
EXIT_PROBE_UNDECIDED = 7

VERDICTS = {
    "ok": "family and sections found; the entry can be pasted as is",
    "undecided": "the entry has UNDECIDED fields: fill them in before pasting",
    "unreachable": "could not fetch the home page; no entry drafted",
    "not_html": "the answer is not an HTML page; no entry drafted",
    "js_only": "the page is rendered by JavaScript; drafted an inactive entry",
}


def cmd_probe(args: argparse.Namespace) -> int:
    from crawler.probe import Prober, normalize_url

    if args.timeout <= 0 or args.max_listings < 1 or args.min_articles < 1:
        raise CliError("--timeout, --max-listings and --min-articles must be positive", EXIT_USAGE)
    prober = Prober(
        timeout=args.timeout,
        max_listings=args.max_listings,
        min_articles=args.min_articles,
        registry=args.registry,
    )
    try:
        normalize_url(args.url)
    except ValueError as exc:  # the address itself is unusable
        raise CliError(str(exc), EXIT_USAGE) from None
    try:
        proposal = prober.probe(args.url)
    except Exception as exc:  # a page no rule foresaw: say so, never a traceback
        raise CliError(
            f"probe stopped on {args.url}: {type(exc).__name__}: {exc} (please report this page)",
            EXIT_PROBE_UNDECIDED,
        ) from None
    if args.json:
        print(json.dumps(proposal.to_json(), ensure_ascii=False, indent=1))
    elif proposal.entry:
        print(proposal.to_toml(), end="")
    if not proposal.entry and not args.json:
        for line in proposal.found:
            print(f"probe: found: {line}", file=sys.stderr)
        for line in proposal.undecided:
            print(f"probe: could not decide: {line}", file=sys.stderr)
    print(f"probe: {proposal.url}: {VERDICTS[proposal.outcome]}", file=sys.stderr)
    return EXIT_OK if proposal.decided else EXIT_PROBE_UNDECIDED


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser(
        "probe",
        help="fetch a site, detect its CMS and sections, print a registry entry",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    sp.add_argument("url", help="the site's home page (https:// is assumed if omitted)")
    sp.add_argument("--timeout", type=float, default=15.0, help="seconds per request (15)")
    sp.add_argument("--max-listings", type=int, default=15, help="menu links to fetch at most (15)")
    sp.add_argument(
        "--min-articles",
        type=int,
        default=2,
        help="article links a menu target needs to count as a section (2)",
    )
    sp.add_argument("--registry", help="registry to check the proposed key against")
    sp.add_argument("--json", action="store_true", help="print everything found as JSON")
    sp.set_defaults(func=cmd_probe)
