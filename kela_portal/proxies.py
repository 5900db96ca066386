"""The client's address, read through the proxies in front of the portal and no others.

DJANGO_TRUSTED_PROXIES (settings.TRUSTED_PROXIES) names them: either a number of hops (the
load balancer and nginx: 2), or their networks (`10.0.0.0/8,127.0.0.1`). With networks, a
request whose peer is not one of them is answered by its own address, whatever it claims in
X-Forwarded-For; with a number, the portal must be reachable only through that many proxies.
Empty (the default): the peer's address, and no header is read.
"""

import functools
import ipaddress

from django.conf import settings


@functools.cache
def trusted(setting):
    """(number of hops, networks) of the setting's text: one of the two is used."""
    setting = setting.strip()
    if setting.isascii() and setting.isdigit():
        return int(setting), ()
    items = [item.strip() for item in setting.split(",") if item.strip()]
    return 0, tuple(ipaddress.ip_network(item, strict=False) for item in items)


def client_address(request):
    """The address of the client that sent the request (for limits and lockouts)."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not settings.TRUSTED_PROXIES.strip():
        return peer
    hops, networks = trusted(settings.TRUSTED_PROXIES)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [item.strip() for item in forwarded.split(",") if item.strip()] + [peer]
    if hops:
        return chain[max(len(chain) - 1 - hops, 0)]
    # From the peer towards the client: the first address not a trusted proxy is the client.
    for address in reversed(chain):
        if not is_trusted(address, networks):
            return address
    return chain[0]


def is_trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:  # not an address: never a proxy of ours
        return False
    return any(ip in network for network in networks)
