"""Signed links: the one way a row is named in a URL sent to someone.

A registration's manage link, a letter's confirmation, download and
deletion links, a business's own flyer copy, a person's link to their data:
each carries a token made here with :mod:`django.core.signing` (an HMAC-SHA256
keyed with ``SECRET_KEY``). What a token promises:

- nobody can make one without ``SECRET_KEY``, and nothing stored in the
  database is enough either;
- a token made for one purpose opens nothing else (the purpose is in the
  salt);
- where the row has a secret of its own (``manage_secret``,
  ``Letter.secret``), the secret is in the salt too: giving the row a new
  secret cancels every link sent before;
- a link that expires is signed with a timestamp (``TimestampSigner``) and
  refused once older than ``max_age``;
- a token is made of letters, digits, ``-`` and ``_`` only, so it fits any
  URL pattern (``[\\w-]+``), also the file routes below a page
  (``letter-<token>.pdf``).

A token reads ``<pk>-<signature>``, or ``<pk>-<timestamp>-<signature>`` when
it expires: Django's own ``<pk>:<timestamp>:<signature>`` with its separators
written as ``-`` (the row number and the base-62 timestamp never contain one,
so the change is undone exactly before Django checks the signature).
"""

from django.core import signing

#: Longest token read at all: anything longer is not one of ours.
MAX_TOKEN_LENGTH = 200
_SEP = ":"


class SignedLink:
    """Tokens for one purpose, such as ``SignedLink("events.manage",
    secret_field="manage_secret")``.

    ``purpose``: a name of its own for each kind of link (``app.what``).
    ``secret_field``: the row's field holding its secret, if it has one.
    ``max_age``: a ``timedelta`` after which the link no longer works (None:
    it works as long as the row and its secret do).
    """

    def __init__(self, purpose, *, secret_field=None, max_age=None):
        self.purpose = purpose
        self.secret_field = secret_field
        self.max_age = max_age

    def _signer(self, row):
        secret = getattr(row, self.secret_field) if self.secret_field else ""
        signer_class = signing.TimestampSigner if self.max_age else signing.Signer
        return signer_class(
            salt=f"cms.signing:{self.purpose}:{secret}",
            sep=_SEP,
            algorithm="sha256",
        )

    def token(self, row):
        """The token naming ``row`` (saved: it needs its primary key)."""
        if row.pk is None:
            raise ValueError("Only a saved row can be named by a signed link.")
        return self._signer(row).sign(str(int(row.pk))).replace(_SEP, "-")

    def read(self, token, queryset):
        """The row of ``queryset`` that ``token`` names, or None when the
        token is malformed, forged, for another purpose, made before the
        row's secret changed, expired, or its row is not in ``queryset``
        (deleted, or filtered out, such as anonymised rows)."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
            return None
        parts = token.split("-", 2 if self.max_age else 1)
        if len(parts) != (3 if self.max_age else 2):
            return None
        pk = parts[0]
        if not pk.isdigit() or len(pk) > 18:
            return None
        row = queryset.filter(pk=int(pk)).first()
        if row is None:
            return None
        signer = self._signer(row)
        signed = _SEP.join(parts)
        try:
            if self.max_age:
                signer.unsign(signed, max_age=self.max_age)
            else:
                signer.unsign(signed)
        except signing.BadSignature:  # SignatureExpired is one too
            return None
        return row
