"""The one email builder and the one outbox sender, on their own."""

import smtplib
from types import SimpleNamespace

import pytest
from django.utils import timezone

from cms import mail, outbox

pytestmark = pytest.mark.django_db


def letter_email(language="en", **options):
    """A letter as a representative gets it, built by the one builder."""
    return mail.build_email(
        "advocacy/email/letter",
        ["ada@example.org"],
        language,
        {
            "letter": SimpleNamespace(
                supporter_name="Sam", city="Ottawa", province="ON"
            ),
            "subject": "Please act\r\nBcc: everyone@example.org",
            # The letter as advocacy's finished_text() gives it: signed.
            "text": "Dear Ada, <b>please</b> act.\n\nSam\nOttawa, ON",
        },
        reason="Why you get this.",
        **options,
    )


def test_every_email_has_both_parts_and_the_casl_footer(site_pages):
    message = letter_email(reply_to=["sam@example.org"])
    assert message.to == ["ada@example.org"]
    assert message.reply_to == ["sam@example.org"]
    # The subject came with a line break: it goes out on one line.
    assert message.subject == "Please act Bcc: everyone@example.org"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "List-Unsubscribe" not in message.extra_headers  # transactional
    text = message.body
    assert text.startswith("Dear Ada, <b>please</b> act.\n\nSam\nOttawa, ON\n")
    footer = text.split("\n-- \n", 1)[1]
    assert footer == (
        "Networks of Care\n1 Test Street\nOttawa, ON  K1P 5G4\n"
        "hello@example.org\nWhy you get this.\n"
    )
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert "Dear Ada, &lt;b&gt;please&lt;/b&gt; act." in html
    assert "1 Test Street<br>Ottawa, ON  K1P 5G4" in html
    assert "Why you get this." in html


def test_mail_that_is_not_transactional_carries_a_way_out(site_pages):
    with pytest.raises(ValueError):
        letter_email(transactional=False)
    url = "https://example.org/unsubscribe/abc/"
    message = letter_email("fr", transactional=False, unsubscribe_url=url)
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert f"Se désabonner de ces courriels : {url}" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="fr">' in html and f'<a href="{url}">' in html


def test_personal_values_are_filled_in_escaped_in_the_html(site_pages):
    content = mail.render_email(
        "events/email/message",
        "en",
        {
            "event": SimpleNamespace(
                time_zone="America/Toronto",
                start_at=timezone.now(),
                end_at=timezone.now(),
                venue_name="",
                venue_address="",
                venue_address_lines=[],
                meeting_url="",
                attendance_mode="online",
            ),
            "page": SimpleNamespace(title="Talk"),
            "page_url": "https://example.org/talk/",
            "show_location": True,
            "message": SimpleNamespace(subject="Room", body="Room 2B."),
            "name": mail.personal("name"),
            "party": mail.personal("party"),
            "manage_url": mail.personal("manage_url"),
        },
    )
    personal = content.personalise(
        name="Ann <b>",
        party="Your registration is for 2 people.",
        manage_url="https://example.org/m/?a=1&b=2",
    )
    assert "Hello Ann <b>," in personal.text
    assert "https://example.org/m/?a=1&b=2" in personal.text
    assert "Hello Ann &lt;b&gt;," in personal.html
    assert 'href="https://example.org/m/?a=1&amp;b=2"' in personal.html
    assert "[[" not in personal.text + personal.html


@pytest.mark.parametrize(
    ("error", "outcome", "text"),
    [
        (
            smtplib.SMTPRecipientsRefused(
                {"ada@x.example": (550, b"5.1.1 No such mailbox here")}
            ),
            "fail",
            "550 5.1.1 No such mailbox here",
        ),
        (
            smtplib.SMTPRecipientsRefused(
                {
                    "ada@x.example": (451, b"4.3.0 Try again later"),
                    "sam@y.example": (452, b"4.2.2 Mailbox full"),
                }
            ),
            "retry",
            "ada@x.example: 451 4.3.0 Try again later; "
            "sam@y.example: 452 4.2.2 Mailbox full",
        ),
        (
            smtplib.SMTPDataError(554, b"5.7.1 Message rejected\r\n as spam"),
            "fail",
            "554 5.7.1 Message rejected as spam",
        ),
        (
            smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
            "broken",
            "Could not reach the mail server: SMTPServerDisconnected: "
            "Connection unexpectedly closed",
        ),
        (
            mail.AddressNotSupported("josé@example.org"),
            "fail",
            "Not sent: josé@example.org has characters other than plain letters, "
            "digits and punctuation before the @, and the mail server does not "
            "accept such addresses (it does not offer SMTPUTF8). Check the address.",
        ),
    ],
)
def test_one_classifier_reads_errors_as_organizers_should(error, outcome, text):
    assert outbox.classify(error) == outcome
    assert outbox.describe(error) == text
