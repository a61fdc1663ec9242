"""Checks on data that comes from outside (imports, the admin)."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _


def validate_sendable_email(value):
    """An address our mail can go to.

    Django's check (the shape; a domain with accents is fine, it is sent
    in its ASCII form) plus a clear word for what it cannot send: letters
    outside plain ASCII before the @ need SMTPUTF8, which Django's mail does
    not speak, so such an address would be mangled into ``=?utf-8?…?=@…``.
    """
    local, at, _domain = value.rpartition("@")
    if at and not local.isascii():
        raise ValidationError(
            _(
                "The part before the @ has characters outside plain ASCII (such "
                "as accents), which our mail cannot be sent to."
            ),
            code="not_ascii",
        )
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValidationError(
            _("This is not an email address."), code="invalid"
        ) from error
