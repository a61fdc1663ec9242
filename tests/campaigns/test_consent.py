"""Issue 18 item 3: "email me about this campaign's new flyers" ticked on the
flyer download form is a request, not consent. The flyer flow sends no email
of its own, so ticking the box sends one short email (cms/consent.py, once,
by the real worker) whose link the address's owner follows to confirm;
until then the organizers' export does not give the address."""

import csv
import io
import time as clock

import pytest

from campaigns.models import FlyerDownload, FlyerPage
from campaigns.services import download_stats
from campaigns.services.privacy import anonymise_downloads
from cms import consent, personal_data
from tests.cms.conftest import make_flyer
from tests.events.test_consent import consent_path, text_of
from tests.settle import tracked_tasks


def form_data(**fields):
    return {
        "size": "letter",
        "language": "en",
        "copies": "5",
        "city": "Halifax",
        "province": "NS",
        "sector": "food",
        "email": "owner@cafe.example",
        **fields,
    }


def wait_for(condition, timeout=30):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if condition():
            return True
        clock.sleep(0.1)
    return False


@pytest.fixture
def flyers(site_pages):
    """The business flyer, in English and in French."""
    english = make_flyer(site_pages)
    french_campaign = english.get_parent().specific.copy_for_translation(
        site_pages["home_fr"].locale, copy_parents=True
    )
    french_campaign.save_revision().publish()
    french = FlyerPage(
        title="Affiche pour commerces",
        slug="affiche",
        body=english.body.raw_data,
        locale=site_pages["home_fr"].locale,
        translation_key=english.translation_key,
    )
    french_campaign.add_child(instance=french)
    french.save_revision().publish()
    return english, french


@pytest.fixture
def export(client, django_user_model):
    """The organizers' export of flyer downloads: (consent, email) per row
    (read as a superuser: a transactional test's database has lost the
    roles that migrations made)."""
    user = django_user_model.objects.create_superuser(username="admin", password="x")

    def read():
        client.force_login(user)
        response = client.get("/admin/flyer-downloads/", {"export": "csv"})
        client.logout()
        content = b"".join(response.streaming_content).decode()
        header, *rows = list(csv.reader(io.StringIO(content)))
        column = header.index("Consents to updates")
        email = header.index("Email (with consent only)")
        return [(row[column], row[email]) for row in rows]

    return read


@pytest.mark.django_db
def test_ticking_the_box_records_a_request_not_consent(client, flyers, export):
    english, _french = flyers
    client.post(english.url + "download/", form_data(consent_updates="on"))
    download = FlyerDownload.objects.get()
    assert download.consent_requested_at is not None
    assert download.consent_confirmed_at is None
    assert download.consent_text.startswith("Yes, email me about this campaign")
    assert export() == [("no", "")]
    [row] = download_stats.export_rows(FlyerDownload.objects.all())
    assert row["email"] == ""


@pytest.mark.django_db
def test_the_form_says_we_will_ask_to_confirm_by_email(client, flyers):
    from bs4 import BeautifulSoup

    english, _french = flyers
    page = BeautifulSoup(client.get(english.url).content, "html.parser")
    box = page.find("input", attrs={"name": "consent_updates"})
    field = box.find_parent(class_="field")
    assert "We will email you a link to confirm this" in field.get_text()


@pytest.mark.django_db(transaction=True)
def test_the_box_sends_one_email_whose_link_confirms(
    client, flyers, export, celery_worker, smtp_server
):
    english, _french = flyers
    with tracked_tasks() as tasks:
        client.post(english.url + "download/", form_data(consent_updates="on"))
        assert wait_for(lambda: len(smtp_server.to("owner@cafe.example")) == 1)
        tasks.wait()
    [mail] = smtp_server.to("owner@cafe.example")
    assert mail["Subject"] == "Please confirm: updates from Networks of Care"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Yes, email me about this campaign" in text  # what was ticked
    assert "1 Test Street" in text  # the organisation's address (CASL)
    assert "List-Unsubscribe" not in mail  # transactional: it asks, once
    path = consent_path(text)
    assert f'href="http://testserver{path}"' in html

    # Sent once: the row is claimed before sending.
    download = FlyerDownload.objects.get()
    assert download.consent_email_sent_at is not None
    assert consent.send_request(FlyerDownload, download.pk, "en") is False
    assert len(smtp_server.to("owner@cafe.example")) == 1

    assert client.get(path).status_code == 200
    assert export() == [("no", "")]
    client.post(path)
    assert export() == [("yes", "owner@cafe.example")]


@pytest.mark.django_db(transaction=True)
def test_no_box_no_email(client, flyers, celery_worker, smtp_server):
    english, _french = flyers
    with tracked_tasks() as tasks:
        client.post(english.url + "download/", form_data())
        client.post(english.url + "download/", form_data(email=""))
        tasks.wait()
    assert len(smtp_server) == 0
    assert FlyerDownload.objects.filter(consent_requested_at__isnull=False).count() == 0


@pytest.mark.django_db
def test_the_french_form_asks_in_french(
    client, flyers, mailoutbox, django_capture_on_commit_callbacks
):
    _english, french = flyers
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            french.url + "download/", form_data(language="en", consent_updates="on")
        )
    # The task, run here: the email follows the page's language, not the
    # flyer's (an English flyer asked for from the French page).
    [queued] = callbacks
    download = FlyerDownload.objects.get()
    assert download.consent_text.startswith("Oui")
    assert consent.send_request(FlyerDownload, download.pk, "fr") is True
    [mail] = mailoutbox
    assert mail.subject == "Veuillez confirmer : des nouvelles de Networks of Care"
    path = consent_path(mail.body)
    assert path.startswith("/fr/nouvelles-par-courriel/")
    done = client.post(path, follow=True)
    assert "Merci : vous aurez de nos nouvelles" in text_of(done)


@pytest.mark.django_db
def test_personal_data_export_and_anonymisation_cover_the_consent(
    client, flyers, mailoutbox
):
    english, _french = flyers
    client.post(english.url + "download/", form_data(consent_updates="on"))
    download = FlyerDownload.objects.get()
    consent.send_request(FlyerDownload, download.pk, "en")
    path = consent_path(mailoutbox[0].body)
    client.post(path)
    download.refresh_from_db()
    [record] = personal_data.export("owner@cafe.example")["flyer_downloads"]
    assert record["consent_requested_at"] == download.consent_requested_at.isoformat()
    assert record["consent_confirmed_at"] == download.consent_confirmed_at.isoformat()

    assert anonymise_downloads(days=0) == 1
    download.refresh_from_db()
    assert download.email == download.consent_text == ""
    assert download.consent_requested_at is None
    assert download.consent_confirmed_at is None
    assert client.get(path).status_code == 404
