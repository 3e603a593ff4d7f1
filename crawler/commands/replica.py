"""``tuyengiao replica serve``: the offline replica sites on 127.0.0.1.

The replica's sites are not in the real registry; ``--registry-out FILE`` writes a
registry of the sites as served, for ``tuyengiao crawl --registry FILE``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from crawler.commands import EXIT_OK, EXIT_USAGE, CliError
from crawler.registry import dump_sites


def cmd_replica_serve(args: argparse.Namespace) -> int:
    from replica.server import ReplicaServer

    try:
        replica = ReplicaServer(host=args.host, fixed_ports=not args.free_ports).start()
    except OSError as exc:
        raise CliError(f"cannot serve the replica: {exc} (try --free-ports)", EXIT_USAGE) from None
    for key, site in replica.sites.items():
        print(f"{key:<28} {site.base_url}  ({site.cms})")
    if args.registry_out:
        try:
            Path(args.registry_out).write_text(dump_sites(replica.sites.values()), "utf-8")
        except OSError as exc:
            replica.stop()
            msg = f"cannot write {args.registry_out}: {exc.strerror}"
            raise CliError(msg, EXIT_USAGE) from None
        print(f"registry of these sites: {args.registry_out}")
    print("serving; Ctrl-C to stop", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        replica.stop()
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    sp = sub.add_parser("replica", help="the offline replica sites")
    rsub = sp.add_subparsers(dest="action", required=True)
    rs = rsub.add_parser("serve", help="serve the replica on 127.0.0.1")
    rs.add_argument("--host", default="127.0.0.1")
    rs.add_argument("--free-ports", action="store_true", help="any free ports, not 8801…")
    rs.add_argument("--registry-out", metavar="FILE", help="write a registry of the served sites")
    rs.set_defaults(func=cmd_replica_serve)
