"""The personal-data registry (cms/personal_data.py): one admin screen, one
link per person to their own data, one scheduled retention run, covering
every app that registers what it holds (registrations, letters, flyer
downloads, town-hall names)."""

import json
import re
import time as clock
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import signing as django_signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from advocacy.models import Letter, LetterRecipient
from campaigns.models import FlyerDownload
from campaigns.services import flyers
from cms import personal_data
from cms.models import PersonalDataRequest
from cms.tasks import anonymise_personal_data
from events.models import EventPage, Registration, TownHallQuestion

from .conftest import SAM, download, write_letter

ADMIN_URL = "/admin/personal-data/"
ASK_URL = "/en/your-data/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(response):
    return " ".join(soup(response).get_text(" ").split())


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def make_user(django_user_model):
    def make(group_name):
        user = django_user_model.objects.create_user(
            username=group_name.lower(), password="x"
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def organizer(client, make_user):
    user = make_user("Organizers")
    client.force_login(user)
    return user


def denied(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def held_about(email):
    return {
        "registrations": Registration.objects.filter(email=email).count(),
        "letters": Letter.objects.filter(email=email).count(),
        "downloads": FlyerDownload.objects.filter(email__iexact=email).count(),
    }


# --- the registry ------------------------------------------------------------------
def test_every_app_registers_its_personal_data():
    names = {source.name for source in personal_data.sources()}
    assert {
        "registrations",
        "town_hall_question_names",
        "letters",
        "flyer_downloads",
        "data_requests",
    } <= names
    for source in personal_data.sources():
        assert source.anonymise is not None, source.name


# --- the admin screen ----------------------------------------------------------------
@pytest.mark.django_db
def test_admin_finds_everything_held_about_one_address(client, organizer, sam):
    response = client.post(ADMIN_URL, {"email": " SAM@example.org ", "action": "find"})
    assert response.status_code == 200
    assert "Held about sam@example.org" in text_of(response)
    found = {}
    for heading in soup(response).select("section h3"):
        table = heading.find_next_sibling()
        found[heading.get_text(strip=True)] = [
            " | ".join(cell.get_text(strip=True) for cell in row.find_all(["th", "td"]))
            for row in table.select("tbody tr")
        ]
    assert found["Event registrations (1)"][0].startswith(
        "Town hall on housing | Confirmed, 2 people, event on"
    )
    assert found["Letters to representatives (1)"][0].startswith(
        "Protect survivors | Confirmed, to Ada Lovelace |"
    )
    assert found["Flyer downloads (1)"][0].startswith(
        "Business flyer | Café Olé, Halifax, 5 copies |"
    )
    assert found["Requests for a link to your data (0)"] == []
    assert "Robin" not in text_of(response)


@pytest.mark.django_db
def test_admin_exports_everything_as_json(client, organizer, sam):
    response = client.post(ADMIN_URL, {"email": SAM, "action": "export"})
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == SAM
    assert [r["event"] for r in data["registrations"]] == ["Town hall on housing"]
    assert data["registrations"][0]["party_size"] == 2
    [letter] = data["letters"]
    assert letter["name"] == "Sam Okafor" and "please act" in letter["body"]
    assert letter["recipients"][0]["name"] == "Ada Lovelace"
    [flyer] = data["flyer_downloads"]
    assert (flyer["business_name"], flyer["local_contact"]) == (
        "Café Olé",
        "Ask for Sam",
    )
    assert data["data_requests"] == []
    assert "robin" not in response.content.decode().lower()


@pytest.mark.django_db
def test_admin_deletes_everything_about_one_address(
    client, organizer, sam, django_capture_on_commit_callbacks
):
    # The business's own copy, with its name printed on it, in storage.
    copy = sam["download"]
    name = flyers.pdf_name(
        copy.flyer, "letter", "en", "Café Olé", "Ask for Sam", "portrait"
    )
    default_storage.delete(name)  # left by an earlier run
    assert default_storage.save(name, ContentFile(b"%PDF-1.7 Cafe Ole")) == name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ADMIN_URL, {"email": SAM, "action": "delete", "confirm": "on"}, follow=True
        )
    assert shown_messages(response) == [
        "Deleted everything held about sam@example.org (Event registrations: 1, "
        "Letters to representatives: 1, Flyer downloads: 1)."
    ]
    assert held_about(SAM) == {"registrations": 0, "letters": 0, "downloads": 0}
    assert held_about("robin@example.org") == {
        "registrations": 1,
        "letters": 1,
        "downloads": 1,
    }
    assert not LetterRecipient.objects.filter(letter_id=sam["letter"].pk).exists()
    assert not default_storage.exists(name)
    again = client.post(
        ADMIN_URL, {"email": SAM, "action": "delete", "confirm": "on"}, follow=True
    )
    assert shown_messages(again) == [
        "Nothing was held about sam@example.org: nothing was deleted."
    ]


@pytest.mark.django_db
def test_admin_delete_needs_confirmation(client, organizer, sam):
    response = client.post(ADMIN_URL, {"email": SAM, "action": "delete"})
    assert "Tick this box" in str(response.context["form"].errors["confirm"])
    assert held_about(SAM) == {"registrations": 1, "letters": 1, "downloads": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["", "not-an-email", "sam@", "a\nb@example.org"])
def test_admin_refuses_an_invalid_email(client, organizer, sam, email):
    for action in ("find", "export", "delete"):
        response = client.post(
            ADMIN_URL, {"email": email, "action": action, "confirm": "on"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["email"]
    assert held_about(SAM) == {"registrations": 1, "letters": 1, "downloads": 1}


@pytest.mark.django_db
def test_only_organizers_use_the_personal_data_screen(client, make_user, sam):
    organizers = Group.objects.get(name="Organizers")
    assert organizers.permissions.filter(codename="manage_personal_data").exists()
    for group in ("Moderators", "Editors"):
        client.force_login(make_user(group))
        assert denied(client.get(ADMIN_URL))
        assert denied(client.post(ADMIN_URL, {"email": SAM, "action": "export"}))
        assert denied(
            client.post(ADMIN_URL, {"email": SAM, "action": "delete", "confirm": "on"})
        )
        assert "Personal data" not in client.get("/admin/").content.decode()
    assert held_about(SAM) == {"registrations": 1, "letters": 1, "downloads": 1}
    client.force_login(make_user("Organizers"))
    assert client.get(ADMIN_URL).status_code == 200
    assert ADMIN_URL in client.get("/admin/").content.decode()
    # The events-only screen it replaces is gone.
    assert (
        client.get("/admin/event-tools/personal-data/", follow=True).status_code == 404
    )
    with pytest.raises(NoReverseMatch):
        reverse("event_tools:personal_data")


# --- a person's own link -------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "heading", "other"),
    [
        ("/en/your-data/", "Your data", "/fr/vos-donnees/"),
        ("/fr/vos-donnees/", "Vos données", "/en/your-data/"),
    ],
)
def test_the_your_data_page_in_both_languages(client, site_pages, url, heading, other):
    response = client.get(url)
    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").get_text(strip=True) == heading
    assert page.select_one("a.quick-exit__button")
    assert page.find("a", href=other)  # the language switch
    assert page.find("input", attrs={"type": "email", "name": "email"})
    assert page.find("footer").find("a", href=url)


@pytest.mark.django_db
def test_the_form_answers_the_same_whether_or_not_we_hold_anything(client, sam):
    known = client.post(ASK_URL, {"email": SAM}, follow=True)
    unknown = client.post(ASK_URL, {"email": "nobody@example.org"}, follow=True)
    sent = [("/en/your-data/sent/", 302)]
    assert known.redirect_chain == unknown.redirect_chain == sent
    assert text_of(known) == text_of(unknown)
    assert "Check your email" in text_of(known)
    # Both get a link (what is held is shown when it is opened).
    assert set(PersonalDataRequest.objects.values_list("email", flat=True)) == {
        SAM,
        "nobody@example.org",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["", "not-an-email", "a\nb@example.org"])
def test_the_form_refuses_a_bad_address(client, site_pages, email):
    response = client.post(ASK_URL, {"email": email})
    assert response.status_code == 200
    summary = soup(response).find("div", class_="error-summary")
    assert summary and "Enter" in summary.get_text()
    assert not PersonalDataRequest.objects.exists()


@pytest.mark.django_db
def test_the_form_is_rate_limited_per_connection(client, site_pages, settings):
    settings.PERSONAL_DATA_RATE_IP = "2/h"
    first = {"REMOTE_ADDR": "203.0.113.1"}
    for number in range(2):
        response = client.post(ASK_URL, {"email": f"p{number}@example.org"}, **first)
        assert response.status_code == 302
    refused = client.post(ASK_URL, {"email": "p3@example.org"}, **first)
    assert refused.status_code == 429
    assert "Too many requests from your connection" in text_of(refused)
    other = client.post(ASK_URL, {"email": "p4@example.org"}, REMOTE_ADDR="203.0.113.2")
    assert other.status_code == 302
    assert PersonalDataRequest.objects.count() == 3


@pytest.mark.django_db
def test_one_address_gets_no_more_links_past_its_limit(client, site_pages, settings):
    settings.PERSONAL_DATA_RATE_EMAIL = "2/h"
    answers = [
        client.post(ASK_URL, {"email": SAM}, REMOTE_ADDR=f"203.0.113.{number}")
        for number in range(1, 4)
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 302]
    assert PersonalDataRequest.objects.filter(email=SAM).count() == 2


@pytest.mark.django_db
def test_a_bot_filling_the_hidden_field_gets_no_link(client, site_pages):
    response = client.post(ASK_URL, {"email": SAM, "website": "http://spam"})
    assert response.status_code == 302
    assert not PersonalDataRequest.objects.exists()


def wait_for(condition, timeout=30):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if condition():
            return True
        clock.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_emailed_link_shows_and_deletes_everything(
    client, sam, celery_worker, smtp_server
):
    response = client.post("/fr/vos-donnees/", {"email": "Sam@Example.org"})
    assert response["Location"] == "/fr/vos-donnees/envoye/"

    def links_sent():
        return [m for m in smtp_server.to(SAM) if "données" in m["Subject"]]

    assert wait_for(lambda: len(links_sent()) == 1)
    [mail] = links_sent()
    assert mail["Subject"] == "Vos données chez Networks of Care"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    [url] = re.findall(r"http://testserver(/fr/vos-donnees/[\w-]+/)", text)
    assert url in html
    assert "1 Test Street" in text  # the organisation's address (CASL)
    # Sent once: the task claims the request before sending.
    data_request = PersonalDataRequest.objects.get()
    assert personal_data.send_link(data_request.pk) is False
    assert len(links_sent()) == 1

    page = client.get(url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    shown = text_of(page)
    assert "Town hall on housing" in shown
    assert "Protect survivors" in shown
    assert "Business flyer" in shown
    assert "Robin" not in shown

    exported = client.post(url, {"action": "export"})
    data = json.loads(exported.content)
    assert data["letters"][0]["name"] == "Sam Okafor"

    unconfirmed = client.post(url, {"action": "delete"})
    assert unconfirmed.status_code == 400
    assert held_about(SAM) == {"registrations": 1, "letters": 1, "downloads": 1}

    deleted = client.post(url, {"action": "delete", "confirm": "yes"})
    assert "Vos données sont supprimées" in text_of(deleted)
    assert held_about(SAM) == {"registrations": 0, "letters": 0, "downloads": 0}
    assert held_about("robin@example.org") == {
        "registrations": 1,
        "letters": 1,
        "downloads": 1,
    }
    assert not PersonalDataRequest.objects.exists()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_link_stops_working_after_24_hours(client, site_pages, monkeypatch):
    data_request = PersonalDataRequest.objects.create(email=SAM)
    real = django_signing.TimestampSigner.timestamp
    with monkeypatch.context() as patched:
        patched.setattr(
            django_signing.TimestampSigner,
            "timestamp",
            lambda self: django_signing.b62_encode(
                django_signing.b62_decode(real(self)) - 25 * 3600
            ),
        )
        expired = personal_data.LINK.token(data_request)
    response = client.get(f"/en/your-data/{expired}/")
    assert response.status_code == 404
    assert "This link does not work" in text_of(response)
    fresh = personal_data.LINK.token(data_request)
    assert client.get(f"/en/your-data/{fresh}/").status_code == 200
    forged = fresh[:-2] + ("AA" if not fresh.endswith("AA") else "BB")
    assert client.get(f"/en/your-data/{forged}/").status_code == 404


# --- the scheduled retention run ------------------------------------------------
def test_one_scheduled_task_runs_the_retention(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "cms.tasks.anonymise_personal_data" in tasks
    assert (
        not {
            "events.tasks.anonymise_past_registrations",
            "advocacy.tasks.anonymise_old_letters",
        }
        & tasks
    )


@pytest.mark.django_db(transaction=True)
def test_the_retention_run_anonymises_every_app(
    event, letter_campaign, flyer, site_pages, celery_worker
):
    site_pages["settings"].data_retention_days = 30
    site_pages["settings"].save()
    now = timezone.now()
    # Old: an event that ended 40 days ago, a letter and a download of 40 days.
    old_registration = Registration.objects.create(
        event=event, name="Old Sam", email="old@example.org", status="attended"
    )
    question = TownHallQuestion.objects.create(
        event=event, question="Where will the shelter be?", name="Old Sam"
    )
    EventPage.objects.filter(pk=event.pk).update(
        start_at=now - timedelta(days=40, hours=2), end_at=now - timedelta(days=40)
    )
    old_letter = write_letter(letter_campaign, "Old Sam", "old@example.org")
    old_download = download(flyer, "old@example.org")
    for model, row in ((Letter, old_letter), (FlyerDownload, old_download)):
        model.objects.filter(pk=row.pk).update(created_at=now - timedelta(days=40))
    old_request = PersonalDataRequest.objects.create(email="old@example.org")
    PersonalDataRequest.objects.filter(pk=old_request.pk).update(
        created_at=now - timedelta(hours=25)
    )
    # Recent: kept.
    new_letter = write_letter(letter_campaign, "New Lee", "new@example.org")
    new_download = download(flyer, "new@example.org", business_name="New Shop")
    new_request = PersonalDataRequest.objects.create(email="new@example.org")

    anonymise_personal_data.apply_async(ignore_result=False).get(timeout=60)

    old_registration.refresh_from_db()
    assert (old_registration.name, old_registration.email) == ("", "")
    assert old_registration.anonymised_at and old_registration.status == "attended"
    question.refresh_from_db()
    assert question.name == "" and question.question == "Where will the shelter be?"
    old_letter.refresh_from_db()
    assert old_letter.supporter_name == old_letter.email == old_letter.body == ""
    old_download.refresh_from_db()
    assert (
        old_download.email,
        old_download.business_name,
        old_download.local_contact,
    ) == ("", "", "")
    # What the statistics count stays.
    assert (
        old_download.flyer_id,
        old_download.city,
        old_download.sector,
        old_download.copies,
    ) == (flyer.pk, "Halifax", "food", 5)
    assert old_download.anonymised_at is not None
    assert not PersonalDataRequest.objects.filter(pk=old_request.pk).exists()

    new_letter.refresh_from_db()
    new_download.refresh_from_db()
    assert new_letter.supporter_name == "New Lee"
    assert new_download.business_name == "New Shop"
    assert PersonalDataRequest.objects.filter(pk=new_request.pk).exists()
