"""Email for every app: one builder, one way to send.

**Building** (:func:`build_email`): an email is three templates,
``<prefix>.subject.txt``, ``<prefix>.txt`` and ``<prefix>.html`` (zulip's
habit), rendered in the recipient's language. The builder adds, in one
place, what every email must carry: the organisation's name and mailing
address in the footer (CASL) with the reason the person gets it; an
unsubscribe link and a ``List-Unsubscribe`` header when the email is not
transactional; ``Auto-Submitted`` for machine-written mail; subjects and
display names on one line, and display names without the characters that
would make them read as addresses (:func:`display_name`; forms refuse them
with :func:`validate_display_name`): headers never take raw user input. The text
templates are rendered without HTML escaping; the HTML one is escaped and
wrapped in the common layout.

For thousands of emails that differ only by a few values (a reminder's
name and link), :func:`render_email` renders once with :func:`personal`
markers in place of those values and :meth:`EmailContent.personalise` fills
them in per recipient (escaped in the HTML), then :func:`make_message`
wraps the result: the templates run once per event and language, not once
per person (see bench/reminders.py).

**Sending** (:func:`send`): over a given connection, refusing before
sending an address the mail server cannot carry (a non-ASCII local part
needs SMTPUTF8), and reporting a refused "To" address even when a copy
went out to someone else.
"""

import secrets
import smtplib
import unicodedata
import uuid
from dataclasses import dataclass, replace
from email import message_from_bytes
from email import policy as email_policy
from email.utils import formataddr, parseaddr
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

#: Markers stand for per-recipient values in a rendered email; the nonce
#: keeps anything an organizer types from ever looking like one.
_NONCE = secrets.token_hex(6)


def personal(name):
    """A marker for the per-recipient value ``name`` (see ``personalise``)."""
    return f"[[{_NONCE}:{name}]]"


def one_line(text):
    """Text fit for a header: whitespace and control characters collapsed."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(text)).split())


#: Characters that make a display name read as addresses ("Eve
#: <eve@evil.example>, ...") or end its quoting; compared after Unicode
#: compatibility normalisation, so that a full-width "＠" counts as "@".
ADDRESS_CHARACTERS = frozenset('<>@"')


def _address_characters(text):
    return ADDRESS_CHARACTERS & set(unicodedata.normalize("NFKC", str(text)))


def validate_display_name(value):
    """Refuse a person's name that would put addresses in a From header;
    for every form whose name becomes a display name."""
    if _address_characters(value):
        raise ValidationError(
            _(
                'Your name cannot contain <, >, @ or ": write only your name '
                "(your email address has its own field)."
            ),
            code="address_characters",
        )


def display_name(text):
    """``text`` fit to be a display name: on one line, and whatever would
    make it read as an address turned into spaces."""
    text = one_line(text)
    if not _address_characters(text):
        return text
    normal = unicodedata.normalize("NFKC", text)
    return one_line("".join(" " if c in ADDRESS_CHARACTERS else c for c in normal))


@dataclass(frozen=True)
class EmailContent:
    subject: str
    text: str
    html: str

    def personalise(self, **values):
        """This content with each :func:`personal` marker replaced by its
        value: as is in the text, escaped in the HTML, on one line in the
        subject."""
        subject, text, html = self.subject, self.text, self.html
        for name, value in values.items():
            marker, value = personal(name), str(value)
            subject = subject.replace(marker, one_line(value))
            text = text.replace(marker, value)
            html = html.replace(marker, escape(value))
        return replace(self, subject=subject, text=text, html=html)


def default_site_settings():
    """The settings (organisation name, mailing address) of the default site."""
    from wagtail.models import Site

    from .models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else SiteSettings()


def _render(name, context, autoescape):
    # The engine's own Template, so that the text parts are rendered without
    # escaping while the same loaders, caches and checks apply.
    return get_template(name).template.render(Context(context, autoescape=autoescape))


def render_email(
    template_prefix,
    language,
    context,
    *,
    reason="",
    unsubscribe_url=None,
    site_settings=None,
):
    """Subject, text and HTML of one email in ``language``, footer included.

    ``reason`` (lazy text is translated here) tells the reader why they get
    it; ``unsubscribe_url`` adds the way out that non-transactional mail
    must offer. Pass ``site_settings`` (the organisation's name and address)
    when rendering many.
    """
    site_settings = site_settings or default_site_settings()
    with translation.override(language):
        data = {**context, "site_settings": site_settings, "language": language}
        subject = one_line(_render(f"{template_prefix}.subject.txt", data, False))
        text = _render(f"{template_prefix}.txt", data, False).strip()
        html = _render(f"{template_prefix}.html", data, True).strip()
        footer = {
            "site_settings": site_settings,
            "reason": str(reason),
            "unsubscribe_url": unsubscribe_url,
        }
        text = (
            f"{text}\n\n-- \n{_render('cms/email/footer.txt', footer, False).strip()}\n"
        )
        html = _render(
            "cms/email/layout.html",
            {
                **footer,
                "language": language,
                "subject": subject,
                "content": mark_safe(html),  # rendered, escaped, above
            },
            True,
        )
    return EmailContent(subject, text, html)


def make_message(
    content,
    to,
    *,
    reply_to=None,
    from_name=None,
    cc=None,
    unsubscribe_url=None,
    auto_submitted=True,
    attachments=(),
):
    """The message for ``content``: from the site's address (under
    ``from_name`` if given), with its HTML part and attachments (MIME parts
    or ``(filename, content, mimetype)``)."""
    from_email = settings.DEFAULT_FROM_EMAIL
    if from_name:
        from_email = formataddr((display_name(from_name), parseaddr(from_email)[1]))
    headers = {}
    if auto_submitted:
        headers["Auto-Submitted"] = "auto-generated"
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=content.subject,
        body=content.text,
        from_email=from_email,
        to=list(to),
        cc=list(cc) if cc else None,
        reply_to=list(reply_to) if reply_to else None,
        headers=headers,
    )
    message.attach_alternative(content.html, "text/html")
    for attachment in attachments:
        if isinstance(attachment, tuple):
            message.attach(*attachment)
        else:
            message.attach(attachment)
    return message


def build_email(
    template_prefix,
    to,
    language,
    context,
    reply_to=None,
    *,
    reason="",
    transactional=True,
    unsubscribe_url=None,
    from_name=None,
    cc=None,
    auto_submitted=True,
    attachments=(),
    site_settings=None,
):
    """One email, ready to send: :func:`render_email` then :func:`make_message`.

    Mail that is not transactional (anything beyond what the person asked
    for) must carry an unsubscribe link: ``transactional=False`` without
    ``unsubscribe_url`` is refused.
    """
    if not transactional and not unsubscribe_url:
        raise ValueError("An email that is not transactional needs unsubscribe_url.")
    content = render_email(
        template_prefix,
        language,
        context,
        reason=reason,
        unsubscribe_url=unsubscribe_url,
        site_settings=site_settings,
    )
    return make_message(
        content,
        to,
        reply_to=reply_to,
        from_name=from_name,
        cc=cc,
        unsubscribe_url=unsubscribe_url,
        auto_submitted=auto_submitted,
        attachments=attachments,
    )


# --- Sending ---------------------------------------------------------------------
class AddressNotSupported(Exception):
    """An address the mail server (or email service) cannot carry; ``str()``
    tells organizers what to do."""

    def __init__(self, address, by_server=True):
        self.address = address
        if by_server:
            where = (
                "the mail server does not accept such addresses "
                "(it does not offer SMTPUTF8)"
            )
        else:
            where = "the email service in use cannot send to such addresses"
        super().__init__(
            f"Not sent: {address} has characters other than plain letters, "
            f"digits and punctuation before the @, and {where}. Check the address."
        )


def needs_smtputf8(address):
    """Whether ``address`` (``"Name <a@b>"`` or ``a@b``) has a non-ASCII local
    part. A non-ASCII domain does not need it: it is sent as punycode."""
    local, _at, _domain = parseaddr(address)[1].rpartition("@")
    return not local.isascii()


def send(message, connection=None):
    """Send ``message`` over ``connection`` (Django's SMTP backend, or any
    backend). Raises :class:`AddressNotSupported` before sending when an
    address needs SMTPUTF8 that the server does not offer (other backends
    must declare ``supports_smtputf8``), and ``SMTPRecipientsRefused`` when
    the server refused any "To" address, even if a copy went to another."""
    connection = connection or get_connection()
    recipients = message.recipients()
    if not recipients:
        return False
    international = [address for address in recipients if needs_smtputf8(address)]
    if isinstance(connection, SMTPBackend):
        return _send_smtp(connection, message, recipients, international)
    if international and not getattr(connection, "supports_smtputf8", False):
        raise AddressNotSupported(international[0], by_server=False)
    return bool(connection.send_messages([message]))


def _send_smtp(backend, message, recipients, international):
    """Django's SMTP backend's ``_send``, with SMTPUTF8 and refused "To"
    addresses reported instead of dropped."""
    opened = backend.open()
    try:
        server = backend.connection
        options = []
        encoding = message.encoding or settings.DEFAULT_CHARSET
        mime = message.message()
        from_email = sanitize_address(message.from_email, encoding)
        if international:
            server.ehlo_or_helo_if_needed()
            if not server.has_extn("smtputf8"):
                raise AddressNotSupported(international[0])
            options = ["SMTPUTF8"]
            envelope = [parseaddr(address)[1] for address in recipients]
            data = utf8_bytes(mime, message)
        else:
            envelope = [sanitize_address(address, encoding) for address in recipients]
            data = mime.as_bytes(linesep="\r\n")
        refused = server.sendmail(from_email, envelope, data, mail_options=options)
        to = set(message.to)
        refused_to = {
            address: refused[address]
            for original, address in zip(recipients, envelope, strict=True)
            if original in to and address in refused
        }
        if refused_to:
            raise smtplib.SMTPRecipientsRefused(refused_to)
        return True
    finally:
        if opened:
            backend.close()


def utf8_bytes(mime, message):
    """The message as SMTPUTF8 carries it: address headers in UTF-8 as
    written, not as RFC 2047 words (which are not valid in an address)."""
    parsed = message_from_bytes(
        mime.as_bytes(linesep="\r\n"),
        policy=email_policy.SMTPUTF8.clone(linesep="\r\n"),
    )
    for header, addresses in (("To", message.to), ("Cc", message.cc)):
        if addresses and header in parsed:
            parsed.replace_header(header, ", ".join(addresses))
    return parsed.as_bytes()


class EmlFileBackend(BaseEmailBackend):
    """Writes each message to its own ``.eml`` file under EMAIL_FILE_PATH.

    Django's file backend appends a whole session to one log file; one file
    per message can be opened by any mail client and read by a test. A file
    carries any address, as SMTPUTF8 would.
    """

    supports_smtputf8 = True

    def __init__(self, file_path=None, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages):
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            mime = message.message()
            if any(needs_smtputf8(a) for a in message.recipients()):
                data = utf8_bytes(mime, message).replace(b"\r\n", b"\n")
            else:
                data = mime.as_bytes(linesep="\n")
            path.write_bytes(data)
            sent += 1
        return sent
