"""Consent to updates (cms/consent.py): one mechanism for every form with an
"email me updates" box. What was ticked is kept apart from what the
address's owner confirmed; the signed link in their email opens a page whose
button (a POST: mail scanners open links) confirms. Bad links get a clear
page, never a 500. The app flows are tested in tests/<app>/test_consent.py."""

import pytest
from bs4 import BeautifulSoup
from django.core import signing as django_signing
from django.core.mail import EmailMultiAlternatives

from advocacy.models import Letter
from campaigns.models import FlyerDownload
from cms import consent, personal_data
from cms.models import PersonalDataRequest
from events.models import Registration
from events.services import registrations as rsvp

from .conftest import SAM

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def text_of(response):
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


@pytest.fixture
def asked(event):
    """Sam registered and ticked "email me updates"."""
    return rsvp.register_for_event(
        event,
        name="Sam Okafor",
        email=SAM,
        consent_updates=True,
        consent_text="Yes, email me about future events.",
    ).registration


def path_of(row, language="en"):
    url = consent.link_url(row, language)
    assert url.startswith(BASE)
    return url[len(BASE) :]


def test_the_three_forms_share_the_mechanism():
    assert consent.link_kinds() == {
        "rsvp": Registration,
        "letter": Letter,
        "flyer": FlyerDownload,
    }


def test_get_changes_nothing_and_post_confirms_once(client, asked):
    path = path_of(asked)
    assert path.startswith("/en/email-updates/rsvp/")
    for _ in range(3):
        page = client.get(path)
        assert page.status_code == 200
        assert "Yes, email me about future events." in text_of(page)
    asked.refresh_from_db()
    assert asked.consent_confirmed_at is None

    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == path
    asked.refresh_from_db()
    first = asked.consent_confirmed_at
    assert first is not None
    shown = client.get(path)
    assert "Thank you: you will hear from us" in text_of(shown)
    buttons = BeautifulSoup(shown.content, "html.parser").find_all("button")
    assert not [b for b in buttons if "send me updates" in b.get_text()]
    assert client.post(path).status_code == 302
    asked.refresh_from_db()
    assert asked.consent_confirmed_at == first


def invalid(response, status=404):
    assert response.status_code == status
    assert "This link does not work" in text_of(response)
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("a", attrs={"data-quick-exit": True})
    return True


def test_a_tampered_link_gets_a_clear_page(client, asked):
    path = path_of(asked)
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_row = str(asked.pk + 1) + token[len(str(asked.pk)) :]
    for bad in (forged, other_row, "1", "x" * 500, "12-abc-def", "%00"):
        url = f"/en/email-updates/rsvp/{bad}/"
        assert invalid(client.get(url))
        assert invalid(client.post(url))
    # The same token for another kind of row, or a kind that does not exist.
    assert invalid(client.get(path.replace("/rsvp/", "/letter/")))
    assert invalid(client.post(path.replace("/rsvp/", "/nothing/")))
    asked.refresh_from_db()
    assert asked.consent_confirmed_at is None


def test_a_link_expires_after_30_days(client, asked, monkeypatch):
    real = django_signing.TimestampSigner.timestamp
    with monkeypatch.context() as patched:
        patched.setattr(
            django_signing.TimestampSigner,
            "timestamp",
            lambda self: django_signing.b62_encode(
                django_signing.b62_decode(real(self)) - 31 * 24 * 3600
            ),
        )
        old = path_of(asked)
    response = client.get(old)
    assert invalid(response)
    assert "30 days" in text_of(response)
    assert invalid(client.post(old))
    asked.refresh_from_db()
    assert asked.consent_confirmed_at is None
    assert client.get(path_of(asked)).status_code == 200


def test_a_link_to_nothing_asked_does_not_work(client, event):
    """A row whose box was not ticked has no request to confirm."""
    registration = rsvp.register_for_event(
        event, name="Robin", email="robin@example.org"
    ).registration
    token = consent.signed_link(Registration).token(registration)
    url = f"/en/email-updates/rsvp/{token}/"
    assert invalid(client.post(url))
    registration.refresh_from_db()
    assert registration.consent_confirmed_at is None


def test_french_page_and_invalid_page(client, asked):
    path = path_of(asked, "fr")
    assert path.startswith("/fr/nouvelles-par-courriel/rsvp/")
    page = client.get(path)
    assert BeautifulSoup(page.content, "html.parser").html["lang"] == "fr"
    assert "Oui, envoyez-moi des nouvelles" in text_of(page)
    broken = client.get("/fr/nouvelles-par-courriel/rsvp/1-x-y/")
    assert broken.status_code == 404
    assert "Ce lien ne fonctionne pas" in text_of(broken)


def test_a_new_request_cancels_the_old_link(client, asked):
    old = path_of(asked)
    consent.record_request(asked, asked=True, wording="Yes again.")
    asked.save()
    assert invalid(client.get(old))
    assert client.get(path_of(asked)).status_code == 200


# --- Issue 9 leftover: the personal-data email through the one builder ----------------
def test_the_personal_data_link_email_is_built_by_cms_mail(site_pages, mailoutbox):
    data_request = PersonalDataRequest.objects.create(email=SAM, language="fr")
    assert personal_data.send_link(data_request.pk) is True
    [mail] = mailoutbox
    assert isinstance(mail, EmailMultiAlternatives)
    assert mail.subject == "Vos données chez Networks of Care"
    assert mail.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "List-Unsubscribe" not in mail.extra_headers  # transactional
    # The shared footer, once: the organisation's address and why they get it.
    assert "\n-- \n" in mail.body
    assert mail.body.count("1 Test Street") == 1
    assert "quelqu’un a demandé sur notre site un lien" in mail.body
    html = mail.alternatives[0][0]
    page = BeautifulSoup(html, "html.parser")
    assert page.html["lang"] == "fr"
    assert html.count("1 Test Street") == 1
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    [link] = [href for href in hrefs if "/vos-donnees/" in href]
    assert link.startswith(f"{BASE}/fr/vos-donnees/")
