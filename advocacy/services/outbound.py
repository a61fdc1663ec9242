"""Outbound HTTP: reading at most so many bytes, and reaching only public
addresses when the URL comes from data.

Represent's answers name URLs on other sites (representatives' photos); a
hostile or mistaken answer could name ``http://127.0.0.1:6379/``, a cloud's
metadata service at 169.254.169.254, or a public host that redirects there.
:func:`open_public_url` therefore checks the address it actually connects
to, for the first request and after every redirect: the host is resolved
here, every address it resolves to must be public (not loopback, private,
link-local, multicast, reserved or unspecified, however the URL spells it:
``2130706433``, ``0x7f000001``, ``[::ffff:127.0.0.1]``), and the socket is
opened to the address that was checked, so a name that resolves differently
a moment later changes nothing. No proxy from the environment is used (it
would be the address connected to).

``settings.OUTBOUND_ALLOWED_TEST_ADDRESSES`` lists addresses allowed
although they are not public. It exists for tests, whose servers listen on
127.0.0.1; it is empty by default and read from no environment variable, so
production never allows one.
"""

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

#: Redirects followed (each checked like the first request).
MAX_REDIRECTS = 3
CHUNK = 64 * 1024


class Refused(OSError):
    """Not a public address, or too big, or too slow (an ``OSError``, like
    every other way a fetch fails)."""


def is_public(address):
    """Whether ``address`` (an IP address as text) is on the public internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        # An IPv4 address inside an IPv6 one reaches that IPv4 address.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo or (None, None))[1]
        if embedded is not None and not is_public(str(embedded)):
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _allowed(address):
    return address in settings.OUTBOUND_ALLOWED_TEST_ADDRESSES or is_public(address)


def _connect_public(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, *args):
    """``socket.create_connection`` for public addresses only: every address
    the host resolves to is checked, then the socket connects to a checked
    one (never to the name again)."""
    host, port = address
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise Refused(f"cannot resolve {host}") from error
    if not found or not all(_allowed(info[4][0]) for info in found):
        raise Refused(f"{host} is not a public address")
    error = None
    for family, kind, proto, _name, sockaddr in found:
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as failure:
            error = failure
            sock.close()
    raise error


class _PublicHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public


class _PublicHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _connect_public


class _PublicHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_PublicHTTPConnection, req)


class _PublicHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_PublicHTTPSConnection, req, context=self._context)


class _FewRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def _public_opener():
    """http and https only (a redirect to ``file:`` or ``ftp:`` finds no
    handler), no proxy, each connection through :func:`_connect_public`."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        _PublicHTTPHandler(),
        _PublicHTTPSHandler(),
        _FewRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        opener.add_handler(handler)
    return opener


def read_capped(response, max_bytes, timeout):
    """At most ``max_bytes`` of ``response``'s body within ``timeout``
    seconds in all (a server sending a byte at a time cannot hold a worker).
    Raises :class:`Refused` past either limit."""
    deadline = time.monotonic() + timeout
    chunks, size = [], 0
    while True:
        chunk = response.read(min(CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise Refused(f"larger than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise Refused(f"slower than {timeout} s")


def open_public_url(url, *, max_bytes, timeout, headers=None):
    """The body of ``url`` (http or https, public addresses only, at most
    ``MAX_REDIRECTS`` redirects, each checked). Raises ``OSError``
    (:class:`Refused` for what is not allowed, ``urllib.error.URLError`` or
    ``HTTPError`` otherwise) or ``ValueError`` for a URL that is not one."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise Refused("not an http(s) URL")
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _public_opener().open(request, timeout=timeout) as response:
            return read_capped(response, max_bytes, timeout)
    except urllib.error.HTTPError as error:
        error.close()  # it holds the connection
        raise
