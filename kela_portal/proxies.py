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
    """The address of the client that sent the request (for limits and lockouts): the
    right-most address of X-Forwarded-For that no trusted proxy sent, or the address at the
    given number of hops. Everything left of it is the client's to write, and is not read.

    A trusted proxy that names something that is not an address (a typing error, a port)
    is taken for the client: a limit must count an address, whatever the header holds."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not settings.TRUSTED_PROXIES.strip():
        return peer
    hops, networks = trusted(settings.TRUSTED_PROXIES)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [item.strip() for item in forwarded.split(",") if item.strip()] + [peer]
    client = peer
    # From the peer towards the client, each address the one the hop on its right names.
    for depth, address in enumerate(reversed(chain)):
        if parsed(address) is None:
            break
        client = address
        if (depth >= hops) if hops else not is_trusted(address, networks):
            break
    return client


def parsed(address):
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def is_trusted(address, networks):
    ip = parsed(address)
    return ip is not None and any(ip in network for network in networks)
