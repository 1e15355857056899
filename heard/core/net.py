"""The client's real address, the same way everywhere (audit, lockout, rate limits).

Behind a reverse proxy every request arrives from the proxy, and the client's
address is in ``X-Forwarded-For``. That header is written by whoever sends the
request, so only the entries added by proxies we run are believed: walk the
chain from the right, skip addresses inside ``TRUSTED_PROXIES`` (CIDR ranges,
from the environment), and the first address left is the client. With no
trusted proxies configured the header is ignored entirely, so rotating it
cannot dodge a rate limit or a lockout.
"""

from functools import lru_cache
from ipaddress import ip_address, ip_network

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(ranges: tuple[str, ...]):
    return tuple(ip_network(item.strip(), strict=False) for item in ranges if item.strip())


def _is_trusted(address: str, networks) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def _valid(address: str) -> bool:
    try:
        ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str | None:
    """The address of whoever is really at the other end of ``request``."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not remote or not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _valid(hop):
            return remote
        if not _is_trusted(hop, networks):
            return hop
    return hops[0] if hops else remote
