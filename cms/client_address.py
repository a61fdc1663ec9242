"""The visitor's address, believed only as far as our own proxies vouch for it.

Behind nginx every request comes from 127.0.0.1, so ``REMOTE_ADDR`` names
the proxy, not the visitor, and every per-address rate limit would be shared
by the whole site. ``X-Forwarded-For`` lists the addresses each proxy saw,
the nearest last, but anyone can send the header: only the entries added by
a proxy we trust (``settings.TRUSTED_PROXIES``) are true.

So the address is found from the right, as nginx's ``real_ip_recursive`` and
Rails' ``RemoteIp`` do: start from the connection's address; while it is a
trusted proxy, step to the entry that proxy added before it; the first
address that is not a trusted proxy is the visitor. A visitor who sends
``X-Forwarded-For: spoofed`` through nginx arrives as ``spoofed, real``, and
is ``real``. With no trusted proxies (the default) the header is ignored.

Why not a library: django-xff trusts a number of hops without checking that
the connection comes from a proxy at all, and django-ipware (7 and 8) matches
its trusted proxies against positions in the header, never against the
connection, and reads some thirty other headers a visitor can send. Neither
says "the rightmost address that is not ours".

django-ratelimit's ``key="ip"`` reads this through ``RATELIMIT_IP_META_KEY``;
anything else keyed on the visitor must call :func:`client_address` too.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=8)
def _networks(entries):
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES: {entry!r} is not an IP address or a network "
                "such as 10.0.0.0/8"
            ) from None
    return tuple(networks)


def trusted_networks():
    """The networks of ``settings.TRUSTED_PROXIES`` (checked at start-up)."""
    return _networks(tuple(entry for entry in settings.TRUSTED_PROXIES if entry))


@checks.register(checks.Tags.security)
def check_trusted_proxies(app_configs=None, **kwargs):
    """A mistyped proxy fails ``manage.py check`` and start-up, not a request."""
    try:
        trusted_networks()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="cms.E011")]
    return []


def _address(text):
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # An IPv4 client of a dual-stack proxy may appear as ::ffff:192.0.2.1.
    return getattr(address, "ipv4_mapped", None) or address


def _is_trusted(address, networks):
    return any(address in network for network in networks)


def client_address(request):
    """The visitor's address as a string (the connection's when in doubt)."""
    peer = request.META.get("REMOTE_ADDR", "")
    networks = trusted_networks()
    current = _address(peer)
    if current is None or not _is_trusted(current, networks):
        return peer
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        previous = _address(hop)
        if previous is None:
            # Not an address: nothing further left can be believed either.
            break
        current = previous
        if not _is_trusted(current, networks):
            break
    return str(current)
