"""Signed links (cms/signing.py): registration manage links, letter links
and personal flyer copies are all made and checked by one helper."""

import re
from datetime import timedelta

import pytest
from django.core import signing as django_signing

from advocacy.models import Letter
from campaigns.models import FlyerDownload
from cms.signing import SignedLink
from events.models import Registration

pytestmark = pytest.mark.django_db

URL_SAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def made_ago(monkeypatch, delta):
    """Make the next timestamped tokens as if signed ``delta`` ago."""
    real = django_signing.TimestampSigner.timestamp

    def earlier(self):
        now = django_signing.b62_decode(real(self))
        return django_signing.b62_encode(now - int(delta.total_seconds()))

    monkeypatch.setattr(django_signing.TimestampSigner, "timestamp", earlier)


def tampered(token):
    last = "A" if token[-1] != "A" else "B"
    return token[:-1] + last


def links(sam):
    """Every kind of signed link Sam was sent, with how to read it back."""
    registration, letter, download = sam["registration"], sam["letter"], sam["download"]

    def letter_link(purpose):
        return letter.token(purpose), lambda t: Letter.from_token(t, purpose), letter

    return [
        (registration.manage_token, Registration.from_manage_token, registration),
        *(letter_link(purpose) for purpose in ("confirm", "download", "delete")),
        (download.token(), FlyerDownload.from_token, download),
    ]


def test_every_link_is_url_safe_and_opens_its_page(client, sam):
    for token, read, row in links(sam):
        assert URL_SAFE.match(token), token
        assert read(token) == row
    registration, letter = sam["registration"], sam["letter"]
    event, campaign = registration.event, letter.campaign
    manage = client.get(f"{event.url}manage/{registration.manage_token}/")
    assert "Your registration" in manage.content.decode()
    delete = client.get(f"{campaign.url}delete/{letter.token('delete')}/")
    assert "Delete your letter" in delete.content.decode()
    # Below a page, a token also fits the file routes (".pdf"); only a
    # campaign that prints letters has a printable letter to give.
    type(campaign).objects.filter(pk=campaign.pk).update(delivery="both")
    pdf = client.get(f"{campaign.url}letter-{letter.token('download')}.pdf")
    assert pdf.status_code == 202  # being rendered
    flyer = sam["download"].flyer
    copy = client.get(f"{flyer.url}copy-{sam['download'].token()}.pdf")
    assert copy.status_code == 202  # being rendered


def test_a_tampered_token_is_refused(client, sam):
    for token, read, _row in links(sam):
        assert read(tampered(token)) is None
        assert read(token + "x") is None
        assert read("") is None and read(None) is None
        assert read("9" * 40) is None
    registration = sam["registration"]
    # Another registration's number with this one's signature.
    other = Registration.objects.exclude(pk=registration.pk).get()
    pk, _sep, rest = registration.manage_token.partition("-")
    assert Registration.from_manage_token(f"{other.pk}-{rest}") is None
    event = registration.event
    response = client.get(f"{event.url}manage/{tampered(registration.manage_token)}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_a_token_for_another_purpose_is_refused(sam):
    letter = sam["letter"]
    for made in ("confirm", "download", "delete"):
        for read in {"confirm", "download", "delete"} - {made}:
            assert Letter.from_token(letter.token(made), read) is None
    # The helper itself: same row, same secret, another purpose.
    registration = sam["registration"]
    one = SignedLink("tests.one", secret_field="manage_secret")
    two = SignedLink("tests.two", secret_field="manage_secret")
    rows = Registration.objects.all()
    assert one.read(one.token(registration), rows) == registration
    assert two.read(one.token(registration), rows) is None
    assert Registration.from_manage_token(one.token(registration)) is None


def test_an_expired_confirm_link_is_refused(client, sam, monkeypatch):
    letter = sam["letter"]
    Letter.objects.filter(pk=letter.pk).update(status=Letter.Status.AWAITING)
    with monkeypatch.context() as clock:
        made_ago(clock, timedelta(hours=49))
        expired = letter.token("confirm")
        kept = {purpose: letter.token(purpose) for purpose in ("download", "delete")}
    with monkeypatch.context() as clock:
        made_ago(clock, timedelta(hours=47))
        fresh = letter.token("confirm")
    assert Letter.from_token(expired, "confirm") is None
    assert Letter.from_token(fresh, "confirm") == letter
    page = letter.campaign
    response = client.get(f"{page.url}confirm/{expired}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert client.post(f"{page.url}confirm/{expired}/").status_code == 404
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.AWAITING
    # The download and deletion links do not expire: "at any time".
    for purpose, token in kept.items():
        assert Letter.from_token(token, purpose) == letter


def test_a_new_secret_cancels_every_link_sent_before(sam):
    registration, letter = sam["registration"], sam["letter"]
    old_manage = registration.manage_token
    old_letter = {p: letter.token(p) for p in ("confirm", "download", "delete")}
    registration.manage_secret = "f" * 32
    registration.save(update_fields=["manage_secret"])
    letter.secret = "e" * 32
    letter.save(update_fields=["secret"])
    assert Registration.from_manage_token(old_manage) is None
    assert Registration.from_manage_token(registration.manage_token) == registration
    for purpose, token in old_letter.items():
        assert Letter.from_token(token, purpose) is None
        assert Letter.from_token(letter.token(purpose), purpose) == letter


def test_anonymised_rows_open_no_link(sam):
    registration, letter, download = sam["registration"], sam["letter"], sam["download"]
    tokens = [token for token, _read, _row in links(sam)]
    from django.utils import timezone

    now = timezone.now()
    Registration.objects.filter(pk=registration.pk).update(anonymised_at=now)
    Letter.objects.filter(pk=letter.pk).update(anonymised_at=now)
    FlyerDownload.objects.filter(pk=download.pk).update(anonymised_at=now)
    for token, (_t, read, _row) in zip(tokens, links(sam), strict=True):
        assert read(token) is None
