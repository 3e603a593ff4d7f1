"""The edge of a site: which URLs a redirect may lead to and a stored page may come from.

A site is its ``base_url``'s host and port (``www.`` or not, ``http`` or ``https``)
plus the hosts its registry entry lists under ``hosts``. Another port on the same
address is another site: the replica serves every site on 127.0.0.1, one port each,
and so does any machine running several services. A private, loopback or
link-local address (``10.0.0.1``, ``127.0.0.1``, ``169.254.169.254``, ``localhost``)
is refused unless the site itself lives at that address (and port); such a refusal
is counted apart (``redirect_private``) from one to another public host
(``redirect_offsite``).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from crawler.registry import Site

REDIRECT_OFFSITE = "redirect_offsite"
REDIRECT_PRIVATE = "redirect_private"
_DEFAULT_PORTS = {"http": 80, "https": 443}


def netloc_of(url: str) -> str:
    """``host`` or ``host:port`` (default ports dropped, ``www.`` dropped, lower case)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        return f"{host}:?"
    if port is None or port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def _hostname(netloc: str) -> str:
    if netloc.startswith("["):
        return netloc[1 : netloc.index("]")]
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def is_private_host(host: str) -> bool:
    """A name or address that points into the machine or its local network."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(int(host) if host.isdigit() else host)
    except ValueError:
        return False
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_unspecified
        or address.is_reserved
        or address.is_multicast
    )


def site_netlocs(site: Site) -> frozenset[str]:
    """Every ``host[:port]`` that belongs to the site."""
    extra = {netloc_of(f"http://{h}/") for h in site.hosts}
    return frozenset({netloc_of(site.base_url), *extra})


def refusal(site: Site, url: str) -> str | None:
    """Why the crawl must not go to ``url`` for ``site`` (a kind to count), or None."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        return REDIRECT_OFFSITE
    target = netloc_of(url)
    private = is_private_host(_hostname(target))
    if target not in site_netlocs(site):
        return REDIRECT_PRIVATE if private else REDIRECT_OFFSITE
    if private and not is_private_host(_hostname(netloc_of(site.base_url))):
        return REDIRECT_PRIVATE  # a host the entry allows, given as a private address
    return None
