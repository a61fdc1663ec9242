"""The visitor's address, from X-Forwarded-For only as far as trusted
proxies vouch for it (cms/client_address.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory

from cms.client_address import client_address

NGINX = ["127.0.0.1", "::1"]


def address(peer, forwarded_for=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client_address(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(
    "trusted, peer, forwarded_for, expected",
    [
        # No trusted proxy (the default): the header is ignored.
        ([], "192.0.2.1", "203.0.113.9", "192.0.2.1"),
        ([], "127.0.0.1", "203.0.113.9", "127.0.0.1"),
        # Behind nginx: the address nginx saw.
        (NGINX, "127.0.0.1", "203.0.113.9", "203.0.113.9"),
        (NGINX, "::1", "2001:db8::7", "2001:db8::7"),
        # A visitor's own header comes first, before nginx's entry.
        (NGINX, "127.0.0.1", "spoofed, 203.0.113.9", "203.0.113.9"),
        (NGINX, "127.0.0.1", "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        # Not behind a trusted proxy: its header counts for nothing.
        (NGINX, "192.0.2.1", "203.0.113.9", "192.0.2.1"),
        # A chain of trusted proxies (a load balancer's network, then nginx).
        (NGINX + ["10.0.0.0/8"], "127.0.0.1", "203.0.113.9, 10.1.2.3", "203.0.113.9"),
        (
            NGINX + ["10.0.0.0/8"],
            "127.0.0.1",
            "1.1.1.1, 203.0.113.9, 10.1.2.3",
            "203.0.113.9",
        ),
        # An IPv4 visitor of a dual-stack proxy.
        (NGINX, "::1", "::ffff:203.0.113.9", "203.0.113.9"),
        # Trusted all the way, or no header: the last address believed.
        (NGINX, "127.0.0.1", "127.0.0.1", "127.0.0.1"),
        (NGINX, "127.0.0.1", None, "127.0.0.1"),
        (NGINX + ["10.0.0.0/8"], "127.0.0.1", "garbage, 10.1.2.3", "10.1.2.3"),
    ],
)
def test_client_address(settings, trusted, peer, forwarded_for, expected):
    settings.TRUSTED_PROXIES = trusted
    assert address(peer, forwarded_for) == expected


def test_a_mistyped_proxy_is_refused_by_the_checks(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "nginx.local"]
    with pytest.raises(ImproperlyConfigured, match="'nginx.local' is not an IP"):
        address("127.0.0.1", "203.0.113.9")
    with pytest.raises(SystemCheckError, match="cms.E011"):
        call_command("check")


def test_rate_limits_read_it(settings):
    from django_ratelimit.core import _get_ip

    settings.TRUSTED_PROXIES = NGINX
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9"
    )
    assert _get_ip(request) == "203.0.113.9"
