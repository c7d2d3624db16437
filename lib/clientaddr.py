"""The client's address, also behind a reverse proxy or load balancer.

``X-Forwarded-For`` is read only when the direct peer (REMOTE_ADDR) is one of ``TRUSTED_PROXIES``; then the hops are
walked from the right, skipping trusted proxies, and the first one that is not trusted is the client. Hops further
left were written by the client itself and are never believed (taking the left-most hop would let anyone pick a new
rate-limit bucket per request by sending the header).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values) -> tuple[Network, ...]:
    """``["10.0.0.0/8", "127.0.0.1", "::1"]`` → networks; raises ValueError on anything else."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip())


@lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values)


def _normalise(value: str) -> str:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value[:64]


def _trusted(value: str, networks: tuple[Network, ...]) -> bool:
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return False
    return any(address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    remote = _normalise(request.META.get("REMOTE_ADDR", "") or "") or "unknown"
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [_normalise(hop) for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    client = remote
    for hop in reversed(hops):
        client = hop
        if not _trusted(hop, networks):
            break
    return client


def client_ip(request: HttpRequest) -> str | None:
    """The client's address when it is a valid IP address, else None: for columns of IP type (django-axes stores
    addresses in PostgreSQL's inet), where "unknown" or a malformed hop would be an error."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
