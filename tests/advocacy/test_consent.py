"""Issue 18 item 3: "email me about this campaign" ticked on the letter form
is a request, not consent, until the address's owner confirms it from the
link in the letter's confirmation email (cms/consent.py)."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from advocacy.models import Letter
from advocacy.services import letters as service
from cms import personal_data
from tests.events.test_consent import consent_path, text_of

from .test_letter_emails import french_pair  # noqa: F401 (fixture)
from .test_letters import letter_post, soup, two_mps  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_mps")]

LIST_URL = "/admin/advocacy/letters/"


def write(client, page, **fields):
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    response = letter_post(client, page, ada, **fields)
    assert response.status_code == 302, response.content.decode()
    return Letter.objects.get()


@pytest.fixture
def export(client, django_user_model):
    """The organizers' CSV export of letters: consent column by email."""
    user = django_user_model.objects.create_user(username="organizer", password="x")
    user.groups.add(Group.objects.get(name="Organizers"))

    def read():
        client.force_login(user)
        response = client.get(LIST_URL, {"export": "csv"})
        client.logout()
        content = b"".join(response.streaming_content).decode()
        header, *rows = list(csv.reader(io.StringIO(content)))
        email = header.index("Supporter email")
        column = header.index("Consents to updates")
        return {row[email]: row[column] for row in rows}

    return read


def test_ticking_the_box_records_a_request_not_consent(client, campaign, export):
    letter = write(client, campaign(), consent_updates="on")
    assert letter.consent_requested_at is not None
    assert letter.consent_confirmed_at is None
    assert letter.consent_text.startswith("Yes, email me about this campaign")
    assert not Letter.objects.with_confirmed_consent().exists()
    assert export() == {"sam@example.org": "no"}


def test_the_form_says_we_will_ask_to_confirm_by_email(client, campaign):
    page = campaign()
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    step3 = client.post(
        page.url + "recipients/", {"postal_code": "K1A0B1", "representative": [ada]}
    )
    box = soup(step3).find("input", attrs={"name": "consent_updates"})
    field = box.find_parent(class_="field")
    assert "We will email you a link to confirm this" in field.get_text()


def test_the_confirmation_email_carries_the_link_and_a_post_confirms(
    client, campaign, mailoutbox, export
):
    letter = write(client, campaign(), consent_updates="on")
    service.send_confirmation(letter.pk)
    [mail] = mailoutbox
    path = consent_path(mail.body)
    assert "Yes, send me updates" in mail.body
    assert f'href="http://testserver{path}"' in mail.alternatives[0][0]

    page = client.get(path)
    assert page.status_code == 200
    assert "sam@example.org" in text_of(page)
    letter.refresh_from_db()
    assert letter.consent_confirmed_at is None  # GET changes nothing
    assert export() == {"sam@example.org": "no"}

    done = client.post(path, follow=True)
    assert "Thank you: you will hear from us" in text_of(done)
    letter.refresh_from_db()
    assert letter.consent_confirmed_at is not None
    assert export() == {"sam@example.org": "yes"}
    # Confirming the consent does not confirm (send) the letter: that is
    # its own link.
    assert letter.status == Letter.Status.AWAITING


def test_no_link_without_the_box(client, campaign, mailoutbox):
    letter = write(client, campaign())
    service.send_confirmation(letter.pk)
    [mail] = mailoutbox
    assert "send me updates" not in mail.body
    assert "send me updates" not in mail.alternatives[0][0]
    assert letter.consent_requested_at is None and letter.consent_text == ""


def test_a_french_letter_asks_in_french(client, french_pair, mailoutbox):  # noqa: F811
    _english, french = french_pair
    letter = write(
        client,
        french,
        body="Madame, Monsieur {representative_name}, agissez maintenant.",
        consent_updates="on",
    )
    service.send_confirmation(letter.pk)
    [mail] = mailoutbox
    assert "Oui, envoyez-moi des nouvelles" in mail.body
    path = consent_path(mail.body)
    assert path.startswith("/fr/nouvelles-par-courriel/")
    page = client.get(path)
    assert BeautifulSoup(page.content, "html.parser").html["lang"] == "fr"
    done = client.post(path, follow=True)
    assert "Merci : vous aurez de nos nouvelles" in text_of(done)


def test_personal_data_export_and_anonymisation_cover_the_consent(
    client, campaign, mailoutbox
):
    letter = write(client, campaign(), consent_updates="on")
    service.send_confirmation(letter.pk)
    path = consent_path(mailoutbox[0].body)
    client.post(path)
    letter.refresh_from_db()
    [record] = personal_data.export("sam@example.org")["letters"]
    assert record["consent_requested_at"] == letter.consent_requested_at.isoformat()
    assert record["consent_confirmed_at"] == letter.consent_confirmed_at.isoformat()
    assert record["consent_text"] == letter.consent_text

    service.confirm_letter(letter)
    assert service.anonymise_old_letters(days=0) == 1
    letter.refresh_from_db()
    assert (letter.consent_text, letter.consent_requested_at) == ("", None)
    assert letter.consent_confirmed_at is None
    assert client.get(path).status_code == 404
