"""Organizer tools in the Wagtail admin: registrations, check-in, messages,
town-hall questions, personal data, the dashboard panel and who may use them."""

import csv
import io
import json
import re
from datetime import time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from events.models import (
    EmailDelivery,
    EventIndexPage,
    EventPage,
    OrganizerMessage,
    Registration,
    TownHallQuestion,
)
from events.services import emails
from events.services import registrations as rsvp
from events.services.messages import queue_message, recipients

pytestmark = pytest.mark.django_db

TOKEN = "0123456789abcdef0123456789abcdef"


# --- fixtures ------------------------------------------------------------------
@pytest.fixture
def admin_events_index(site_pages):
    index = EventIndexPage(title="Events", slug="events")
    site_pages["home_en"].add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def add_event(admin_events_index):
    def add(slug="town-hall", title="Town hall on housing", days=14, **fields):
        day = (timezone.now().astimezone(ZoneInfo("America/Toronto"))).date()
        page = EventPage(
            title=title,
            slug=slug,
            summary="Ask the panel about housing for survivors.",
            start_date=day + timedelta(days=days),
            start_time=time(19, 0),
            end_time=time(21, 0),
            time_zone="America/Toronto",
            **fields,
        )
        admin_events_index.add_child(instance=page)
        page.save_revision().publish()
        return EventPage.objects.get(pk=page.pk)

    return add


@pytest.fixture
def town_hall(add_event):
    return add_event(event_type="town_hall", capacity=4)


@pytest.fixture
def people(town_hall):
    """Sam (2 seats) and Robin (1) confirmed, Alex waitlisted (2 do not fit in
    the last seat), Casey cancelled."""
    sam = rsvp.register_for_event(
        town_hall, name="Sam Okafor", email="sam@example.org", party_size=2
    ).registration
    robin = rsvp.register_for_event(
        town_hall, name="Robin Tremblay", email="robin@example.org"
    ).registration
    alex = rsvp.register_for_event(
        town_hall, name="Alex Nguyen", email="alex@example.org", party_size=2
    ).registration
    casey = rsvp.register_for_event(
        town_hall, name="Casey Martin", email="casey@example.org"
    ).registration
    rsvp.cancel_registration(casey)
    for registration in (sam, robin, alex, casey):
        registration.refresh_from_db()
    assert [sam.status, robin.status, alex.status, casey.status] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "cancelled",
    ]
    return {"sam": sam, "robin": robin, "alex": alex, "casey": casey}


@pytest.fixture
def make_user(django_user_model):
    def make(group_name):
        user = django_user_model.objects.create_user(
            username=group_name.lower(),
            password="x",
            email=f"{group_name.lower()}@example.org",
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
    """Wagtail answers a refused admin view with a redirect to the dashboard
    (and a "no permission" message); plain Django answers 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def tool_url(name, page):
    return reverse(f"event_tools:{name}", args=[page.pk])


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


# --- registrations list and export -----------------------------------------------
def test_registrations_list_shows_and_filters_by_status(client, organizer, people):
    url = reverse("event_registrations:index")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Sam Okafor", "Robin Tremblay", "Alex Nguyen", "Casey Martin"):
        assert name in html
    assert "sam@example.org" in html
    # Registrations are not made in the admin.
    assert "/admin/events/registrations/new/" not in html

    waitlisted = client.get(url, {"status": "waitlisted"}).content.decode()
    assert "Alex Nguyen" in waitlisted
    assert "Sam Okafor" not in waitlisted and "Casey Martin" not in waitlisted

    searched = client.get(url, {"q": "robin@"}).content.decode()
    assert "Robin Tremblay" in searched and "Sam Okafor" not in searched


def test_registrations_cannot_be_added_or_edited_in_the_admin(
    client, organizer, people
):
    for view in ("add", "edit", "delete", "copy"):
        with pytest.raises(NoReverseMatch):
            reverse(f"event_registrations:{view}", args=[people["sam"].pk])
    new = client.get("/admin/events/registrations/new/", follow=True)
    assert new.status_code == 404
    inspect = reverse("event_registrations:inspect", args=[people["sam"].pk])
    response = client.get(inspect)
    assert response.status_code == 200
    assert "Sam Okafor" in response.content.decode()


def test_anonymised_registrations_show_as_anonymised(client, organizer, people):
    Registration.objects.filter(pk=people["robin"].pk).update(
        name="", email="", anonymised_at=timezone.now()
    )
    html = client.get(reverse("event_registrations:index")).content.decode()
    assert "(anonymised)" in html
    assert "Robin Tremblay" not in html


def read_csv(response):
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


def test_export_csv_of_one_event_and_status(client, organizer, people, add_event):
    other = add_event(slug="workshop", title="Workshop")
    rsvp.register_for_event(other, name="Jo Other", email="jo@example.org")
    url = reverse("event_registrations:index")

    response = client.get(url, {"event": people["sam"].event_id, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "registrations-town-hall.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:6] == [
        "Name",
        "Email",
        "Party size",
        "Status",
        "Event",
        "Registered at",
    ]
    by_name = {row[0]: row for row in body}
    assert set(by_name) == {
        "Sam Okafor",
        "Robin Tremblay",
        "Alex Nguyen",
        "Casey Martin",
    }
    assert by_name["Sam Okafor"][1:5] == [
        "sam@example.org",
        "2",
        "Confirmed",
        "Town hall on housing",
    ]
    # Local time, to the minute.
    registered = timezone.localtime(people["sam"].created_at)
    assert by_name["Sam Okafor"][5] == registered.strftime("%Y-%m-%d %H:%M")

    confirmed = read_csv(client.get(url, {"status": "confirmed", "export": "csv"}))
    assert sorted(row[0] for row in confirmed[1:]) == [
        "Jo Other",
        "Robin Tremblay",
        "Sam Okafor",
    ]
    query = {"status": "confirmed", "event": people["sam"].event_id, "export": "csv"}
    confirmed_here = read_csv(client.get(url, query))
    assert sorted(row[0] for row in confirmed_here[1:]) == [
        "Robin Tremblay",
        "Sam Okafor",
    ]


def test_export_csv_neutralises_formulas(client, organizer, town_hall):
    rsvp.register_for_event(
        town_hall, name='=HYPERLINK("http://evil.example")', email="x@example.org"
    )
    response = client.get(reverse("event_registrations:index"), {"export": "csv"})
    rows = read_csv(response)
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


def test_export_xlsx(client, organizer, people):
    response = client.get(reverse("event_registrations:index"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    values = [row[0] for row in rows]
    assert values[0] == "Name"
    sam = rows[values.index("Sam Okafor")]
    registered = timezone.make_naive(people["sam"].created_at).replace(microsecond=0)
    assert sam[5] == registered
    assert set(values[1:]) == {
        "Sam Okafor",
        "Robin Tremblay",
        "Alex Nguyen",
        "Casey Martin",
    }


# --- per-event tools ------------------------------------------------------------
def test_event_pages_get_buttons_to_the_tools(client, organizer, town_hall):
    listing = client.get(f"/admin/pages/{town_hall.get_parent().pk}/")
    assert listing.status_code == 200
    assert tool_url("check_in", town_hall) in listing.content.decode()
    edit = client.get(f"/admin/pages/{town_hall.pk}/edit/")
    html = edit.content.decode()
    assert tool_url("summary", town_hall) in html
    assert tool_url("message", town_hall) in html


def test_other_pages_get_no_event_buttons(client, organizer, site_pages):
    html = client.get(f"/admin/pages/{site_pages['home_en'].pk}/").content.decode()
    assert not re.search(r"/admin/event-tools/\d+/", html)


def test_summary_shows_counts_and_links_to_the_list(client, organizer, people):
    event = people["sam"].event
    response = client.get(tool_url("summary", event))
    assert response.status_code == 200
    assert response.context["counts"] == {
        "confirmed": 3,
        "waitlisted": 2,
        "capacity": 4,
    }
    assert response.context["seats_left"] == 1
    html = response.content.decode()
    assert '<dd data-count="confirmed">3</dd>' in html
    assert f"/admin/events/registrations/?event={event.pk}" in html


def test_check_in_search_and_mark_attended(client, organizer, people):
    event = people["sam"].event
    url = tool_url("check_in", event)
    response = client.get(url, {"q": "sam"})
    assert response.status_code == 200
    listed = [r.name for r in response.context["registrations"]]
    assert listed == ["Sam Okafor"]

    response = client.post(
        url,
        {"registration": people["sam"].pk, "action": "arrived", "q": "sam"},
        follow=True,
    )
    people["sam"].refresh_from_db()
    assert people["sam"].status == Registration.Status.ATTENDED
    assert people["sam"].checked_in_at is not None
    assert "Sam Okafor is checked in." in shown_messages(response)
    assert response.context["arrived"] == 2

    client.post(url, {"registration": people["sam"].pk, "action": "undo"})
    people["sam"].refresh_from_db()
    assert people["sam"].status == Registration.Status.CONFIRMED
    assert people["sam"].checked_in_at is None


def test_a_cancelled_registration_cannot_be_checked_in(client, organizer, people):
    casey = people["casey"]
    url = tool_url("check_in", casey.event)
    page = client.get(url).content.decode()
    assert "Casey Martin" in page
    assert "Cancelled: cannot be checked in." in page

    response = client.post(
        url, {"registration": casey.pk, "action": "arrived"}, follow=True
    )
    assert response.status_code == 200
    casey.refresh_from_db()
    assert casey.status == Registration.Status.CANCELLED
    assert "Casey Martin: This registration was cancelled." in shown_messages(response)


def test_check_in_refuses_bad_input_without_error(client, organizer, people):
    url = tool_url("check_in", people["sam"].event)
    response = client.post(url, {"registration": "abc", "action": "arrived"})
    assert response.status_code == 302
    response = client.post(url, {"registration": people["sam"].pk, "action": "x"})
    assert response.status_code == 302
    people["sam"].refresh_from_db()
    assert people["sam"].status == Registration.Status.CONFIRMED


def test_check_in_only_for_this_event(client, organizer, people, add_event):
    other = add_event(slug="workshop", title="Workshop")
    response = client.post(
        tool_url("check_in", other),
        {"registration": people["sam"].pk, "action": "arrived"},
        follow=True,
    )
    assert response.status_code == 404
    people["sam"].refresh_from_db()
    assert people["sam"].status == Registration.Status.CONFIRMED


# --- message to attendees --------------------------------------------------------
def post_message(client, event, **data):
    """Send a message as the organizer does after the preview: confirming
    the number of people it goes to."""
    count = recipients(event, bool(data.get("include_waitlist"))).count()
    return client.post(
        tool_url("message", event),
        {
            "subject": "Room change",
            "body": "We meet in room 2B, on the second floor.",
            "token": TOKEN,
            "action": "send",
            "confirm_count": str(count),
            **data,
        },
    )


def test_message_goes_to_confirmed_people_once(client, organizer, people, mailoutbox):
    rsvp.check_in(people["robin"])
    event = people["sam"].event
    response = post_message(client, event)
    assert response.status_code == 302
    assert response["Location"] == tool_url("summary", event)

    message = OrganizerMessage.objects.get()
    assert message.event_id == event.pk
    assert message.sent_by == organizer
    deliveries = EmailDelivery.objects.filter(kind=EmailDelivery.Kind.MESSAGE)
    assert {d.registration_id for d in deliveries} == {
        people["sam"].pk,
        people["robin"].pk,
    }
    assert {d.key for d in deliveries} == {str(message.pk)}

    # Queued again (a retried request, a second worker): nothing new.
    queue_message(message)
    assert deliveries.count() == 2

    ids = list(deliveries.values_list("pk", flat=True))
    emails.send_deliveries(ids)
    emails.send_deliveries(ids)
    assert sorted(m.to[0] for m in mailoutbox) == [
        "robin@example.org",
        "sam@example.org",
    ]
    sent = mailoutbox[0]
    assert sent.subject == "Room change"
    assert "We meet in room 2B, on the second floor." in sent.body
    assert set(deliveries.values_list("status", flat=True)) == {"sent"}


def test_message_from_a_translation_goes_to_the_event_s_registrations(
    client, organizer, people, site_pages, locales
):
    english = people["sam"].event
    index = EventIndexPage(title="Événements", slug="evenements")
    site_pages["home_fr"].add_child(instance=index)
    french = EventPage(
        title="Assemblée sur le logement",
        slug="assemblee",
        summary="Posez vos questions.",
        start_date=english.start_date,
        start_time=english.start_time,
        end_time=english.end_time,
        time_zone=english.time_zone,
        locale=locales["fr"],
        translation_key=english.translation_key,
    )
    index.add_child(instance=french)
    french.save_revision().publish()

    summary = client.get(tool_url("summary", french))
    assert summary.context["counts"]["confirmed"] == 3
    check_in = client.get(tool_url("check_in", french))
    assert len(check_in.context["registrations"]) == 4
    post_message(client, french)
    message = OrganizerMessage.objects.get()
    assert message.event_id == english.pk
    assert EmailDelivery.objects.filter(kind="message").count() == 2


def test_message_to_nobody_is_refused(client, organizer, town_hall):
    response = post_message(client, town_hall)
    assert response.status_code == 200
    assert "Nobody would get this message" in response.content.decode()
    assert not OrganizerMessage.objects.exists()


def test_message_can_include_the_waitlist(client, organizer, people):
    post_message(client, people["sam"].event, include_waitlist="on")
    recipients = set(
        EmailDelivery.objects.filter(kind=EmailDelivery.Kind.MESSAGE).values_list(
            "registration_id", flat=True
        )
    )
    assert recipients == {people["sam"].pk, people["robin"].pk, people["alex"].pk}


def form_token(client, event):
    """The one-time token of a message form, as a browser would send it."""
    page = client.get(tool_url("message", event)).content.decode()
    [tag] = re.findall(r"<input[^>]*name=\"token\"[^>]*>", page)
    return re.search(r'value="([^"]+)"', tag).group(1)


def message_deliveries():
    return EmailDelivery.objects.filter(kind=EmailDelivery.Kind.MESSAGE)


def test_message_form_sent_twice_sends_once(client, organizer, people):
    event = people["sam"].event
    post_message(client, event)
    assert message_deliveries().count() == 2
    response = post_message(client, event)
    assert response.status_code == 200
    assert "This message was sent already" in response.content.decode()
    assert OrganizerMessage.objects.count() == 1
    assert message_deliveries().count() == 2


#: A Redis nobody listens on: every cache call fails (and is ignored).
CACHE_DOWN = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
    }
}


def test_message_sent_twice_with_the_cache_down_sends_once(
    client, organizer, people, settings
):
    settings.CACHES = CACHE_DOWN
    event = people["sam"].event
    token = form_token(client, event)
    assert post_message(client, event, token=token).status_code == 302
    response = post_message(client, event, token=token)
    assert "This message was sent already" in response.content.decode()
    assert OrganizerMessage.objects.count() == 1
    assert message_deliveries().count() == 2


def test_each_form_shown_sends_its_own_message(client, organizer, people):
    event = people["sam"].event
    tokens = [form_token(client, event) for _ in range(2)]
    assert tokens[0] != tokens[1]
    for token, subject in zip(tokens, ("Room change", "Bring water"), strict=True):
        assert post_message(client, event, token=token, subject=subject).status_code
    assert sorted(OrganizerMessage.objects.values_list("subject", flat=True)) == [
        "Bring water",
        "Room change",
    ]
    assert message_deliveries().count() == 4


@pytest.mark.parametrize("token", ["", "not-a-token", "'; DROP TABLE x; --"])
def test_message_without_a_valid_token_asks_to_reload(client, organizer, people, token):
    response = post_message(client, people["sam"].event, token=token)
    assert response.status_code == 200
    assert "This form expired: reload the page." in response.content.decode()
    assert not OrganizerMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sending_two_posts_at_once_sends_once(people, django_user_model):
    """Two POSTs of one form at the same moment (a double click): the unique
    token on the message row lets one through and tells the other."""
    import threading

    from django.db import connection
    from django.test import Client

    event = people["sam"].event
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "x")
    barrier = threading.Barrier(2)
    answers = []

    def send():
        client = Client()
        client.force_login(user)
        barrier.wait()
        response = post_message(client, event)
        answers.append((response.status_code, response.content.decode()))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(status for status, _content in answers) == [200, 302]
    [refused] = [content for status, content in answers if status == 200]
    assert "This message was sent already" in refused
    assert OrganizerMessage.objects.count() == 1
    assert message_deliveries().count() == 2


@pytest.mark.parametrize(
    "subject, error",
    [
        ("", "Write a subject."),
        ("   ", "Write a subject."),
        ("Room change\nBcc: everyone@example.org", "must be on one line"),
        ("Tab\tin subject", "must be on one line"),
        ("x" * 151, "150 characters"),
    ],
)
def test_message_subject_errors(client, organizer, people, subject, error):
    response = post_message(client, people["sam"].event, subject=subject)
    assert response.status_code == 200
    assert error in str(response.context["form"].errors["subject"])
    assert error in response.content.decode()
    assert not OrganizerMessage.objects.exists()
    assert not EmailDelivery.objects.filter(kind="message").exists()


def test_message_needs_a_body(client, organizer, people):
    response = post_message(client, people["sam"].event, body="  ")
    assert response.status_code == 200
    assert "Write a message." in response.content.decode()
    assert not OrganizerMessage.objects.exists()


# --- personal data (the site-wide screen, cms/personal_data_views.py) --------------
PERSONAL_DATA = "/admin/personal-data/"


def test_personal_data_export(client, organizer, people, add_event):
    other = add_event(slug="workshop", title="Workshop")
    rsvp.register_for_event(other, name="Sam O.", email="sam@example.org")
    response = client.post(
        PERSONAL_DATA, {"email": "SAM@example.org", "action": "export"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "sam@example.org"
    assert sorted(r["event"] for r in data["registrations"]) == [
        "Town hall on housing",
        "Workshop",
    ]
    assert "alex@example.org" not in response.content.decode()


def test_personal_data_find_lists_registrations(client, organizer, people):
    response = client.post(PERSONAL_DATA, {"email": "alex@example.org"})
    assert response.status_code == 200
    [registrations] = [
        holding
        for holding in response.context["holdings"]
        if holding.source.name == "registrations"
    ]
    assert [record.data["name"] for record in registrations.records] == [
        people["alex"].name
    ]


def test_personal_data_delete(client, organizer, people):
    response = client.post(
        PERSONAL_DATA,
        {"email": "sam@example.org", "action": "delete", "confirm": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert not Registration.objects.filter(email="sam@example.org").exists()
    assert (
        "Deleted everything held about sam@example.org (Event registrations: 1)."
        in shown_messages(response)
    )
    # Sam's seats went to the waitlist.
    people["alex"].refresh_from_db()
    assert people["alex"].status == Registration.Status.CONFIRMED


def test_personal_data_delete_needs_confirmation(client, organizer, people):
    response = client.post(
        PERSONAL_DATA, {"email": "sam@example.org", "action": "delete"}
    )
    assert response.status_code == 200
    assert "Tick this box" in str(response.context["form"].errors["confirm"])
    assert Registration.objects.filter(email="sam@example.org").exists()


@pytest.mark.parametrize("email", ["", "not-an-email", "sam@", "a\nb@example.org"])
def test_personal_data_refuses_an_invalid_email(client, organizer, people, email):
    for action in ("find", "export", "delete"):
        response = client.post(
            PERSONAL_DATA, {"email": email, "action": action, "confirm": "on"}
        )
        assert response.status_code == 200
        assert response.context["form"].errors["email"]
    assert Registration.objects.count() == 4


# --- dashboard ------------------------------------------------------------------
def test_dashboard_panel_with_upcoming_events_and_chart(client, organizer, people):
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Upcoming events" in html
    assert "Town hall on housing" in html
    assert "3 / 4" in html
    assert "<svg" in html
    assert '<title id="events-chart-title">' in html
    # The accessible alternative: a table of the days, today with 4 RSVPs.
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert re.search(rf"<th scope=\"row\">{today}</th>\s*<td>4</td>", html)


def test_dashboard_panel_hidden_from_moderators(client, make_user, people):
    client.force_login(make_user("Moderators"))
    html = client.get("/admin/").content.decode()
    assert "Upcoming events" not in html
    assert '<svg class="events-chart__svg"' not in html


# --- town-hall questions and roles ------------------------------------------------
@pytest.fixture
def question(town_hall):
    return TownHallQuestion.objects.create(
        event=town_hall, question="Will the shelter open this winter?"
    )


def test_moderator_approves_a_question(client, make_user, question):
    client.force_login(make_user("Moderators"))
    listing = client.get(reverse("town_hall_questions:index"), {"status": "pending"})
    assert listing.status_code == 200
    assert "Will the shelter open this winter?" in listing.content.decode()

    edit_url = reverse("town_hall_questions:edit", args=[question.pk])
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, {"status": "approved"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == TownHallQuestion.Status.APPROVED
    assert question.reviewed_at is not None
    # The text stays as it was sent.
    assert question.question == "Will the shelter open this winter?"

    client.post(edit_url, {"status": "answered"})
    question.refresh_from_db()
    assert question.status == TownHallQuestion.Status.ANSWERED


def test_moderator_cannot_open_registrations(client, make_user, people):
    client.force_login(make_user("Moderators"))
    event = people["sam"].event
    assert denied(client.get(reverse("event_registrations:index")))
    assert denied(client.get(tool_url("check_in", event)))
    assert denied(client.get(tool_url("message", event)))
    assert denied(client.get(PERSONAL_DATA))


def test_editor_cannot_use_the_event_tools(client, make_user, people):
    client.force_login(make_user("Editors"))
    event = people["sam"].event
    assert denied(client.get(tool_url("check_in", event)))
    assert denied(
        client.post(
            tool_url("check_in", event),
            {"registration": people["sam"].pk, "action": "arrived"},
        )
    )
    people["sam"].refresh_from_db()
    assert people["sam"].status == Registration.Status.CONFIRMED
    assert denied(client.get(tool_url("summary", event)))
    assert denied(client.get(reverse("event_registrations:index")))
    assert denied(client.get(reverse("town_hall_questions:index")))


def test_organizer_roles_come_from_the_migration():
    organizers = Group.objects.get(name="Organizers")
    codenames = set(organizers.permissions.values_list("codename", flat=True))
    assert {
        "view_registration",
        "change_registration",
        "delete_registration",
        "add_organizermessage",
        "view_organizermessage",
        "view_townhallquestion",
        "change_townhallquestion",
    } <= codenames
    assert "add_registration" not in codenames
    moderators = Group.objects.get(name="Moderators")
    assert set(
        moderators.permissions.filter(content_type__app_label="events").values_list(
            "codename", flat=True
        )
    ) == {"view_townhallquestion", "change_townhallquestion"}


def test_superuser_uses_every_tool(client, django_user_model, people):
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", "x")
    )
    event = people["sam"].event
    for name in ("summary", "check_in", "message"):
        assert client.get(tool_url(name, event)).status_code == 200
    assert client.get(PERSONAL_DATA).status_code == 200
    assert client.get(reverse("event_registrations:index")).status_code == 200


# --- message: preview, test, confirm ---------------------------------------------
def message_step(client, event, action, **data):
    return client.post(
        tool_url("message", event),
        {
            "subject": "Room change",
            "body": "We meet in room 2B, on the second floor.\nSee https://example.org/map",
            "token": TOKEN,
            "action": action,
            **data,
        },
    )


def test_preview_shows_the_email_in_each_language_and_the_count(
    client, organizer, people
):
    event = people["sam"].event
    response = message_step(client, event, "preview")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Send to 2 people?" in html
    assert not OrganizerMessage.objects.exists()
    assert not message_deliveries().exists()
    english, french = response.context["previews"]
    assert english.readers == 2 and french.readers == 0
    assert english.content.subject == french.content.subject == "Room change"
    assert "We meet in room 2B, on the second floor." in english.content.text
    assert "A message from the organizers of “Town hall on housing”" in (
        english.content.text
    )
    assert "Bonjour" in french.content.text
    assert "When:" in english.content.text and "Quand" in french.content.text
    # The preview shows the HTML part too (in a frame where no script runs).
    assert 'sandbox="allow-same-origin"' in html and "srcdoc=" in html
    # With the waitlist, Alex is counted too.
    response = message_step(client, event, "preview", include_waitlist="on")
    assert "Send to 3 people?" in response.content.decode()


def test_a_test_goes_to_the_organizer_only(client, organizer, people, mailoutbox):
    event = people["sam"].event
    response = message_step(client, event, "test")
    assert response.status_code == 200
    assert [m.to for m in mailoutbox] == [[organizer.email], [organizer.email]]
    assert [m.subject for m in mailoutbox] == [
        "[Test] Room change",
        "[Essai] Room change",
    ]
    assert "We meet in room 2B" in mailoutbox[0].body
    assert not OrganizerMessage.objects.exists()
    assert not message_deliveries().exists()
    assert (
        f"A test in each language went to {organizer.email} only."
        in shown_messages(response)[0]
    )
    # Still on the preview, ready to send.
    assert "Send to 2 people?" in response.content.decode()


def test_a_test_without_an_address_says_so(client, organizer, people, mailoutbox):
    organizer.email = ""
    organizer.save()
    response = message_step(client, people["sam"].event, "test")
    assert "Your account has no email address" in shown_messages(response)[0]
    assert mailoutbox == []


def test_sending_stops_when_the_count_changed(client, organizer, people):
    event = people["sam"].event
    response = message_step(client, event, "send", confirm_count="1")
    assert response.status_code == 200
    assert "changed since you saw it" in shown_messages(response)[0]
    assert "Send to 2 people?" in response.content.decode()
    assert not OrganizerMessage.objects.exists()
    response = message_step(client, event, "send", confirm_count="2")
    assert response.status_code == 302
    assert message_deliveries().count() == 2


def test_the_text_part_carries_the_links_and_details_of_the_html_part(
    client, organizer, people, mailoutbox
):
    from bs4 import BeautifulSoup

    event = people["sam"].event
    event.venue_name = "Library"
    event.venue_address = "5 Example Road\nHalifax NS"
    event.city = "Halifax"
    event.save_revision().publish()
    message_step(client, event, "send", confirm_count="2")
    emails.send_deliveries(list(message_deliveries().values_list("pk", flat=True)))
    sent = mailoutbox[0]
    html = BeautifulSoup(sent.alternatives[0][0], "html.parser")
    links = {a["href"].removeprefix("mailto:") for a in html.find_all("a", href=True)}
    assert len(links) >= 2
    for link in links:
        assert link in sent.body, link
    shown = html.get_text("\n")  # a line break where the HTML breaks lines
    for words in ("When:", "Where:", "Library", "5 Example Road", "Halifax NS"):
        assert words in sent.body and words in shown
    assert "Library, 5 Example Road, Halifax NS, Halifax" in sent.body
    assert "5 Example Road\nHalifax NS" in shown


# --- lawful exports (CASL) ----------------------------------------------------------
def test_export_gives_the_date_and_wording_agreed_to(client, organizer, people):
    from cms import consent

    event = people["sam"].event
    jo = rsvp.register_for_event(
        event,
        name="Jo Agreed",
        email="jo@example.org",
        consent_updates=True,
        consent_text="Yes, email me about future events.",
    ).registration
    consent.confirm(jo)
    # Ticked but never confirmed from the inbox: not agreement.
    rsvp.register_for_event(
        event,
        name="Pat Ticked",
        email="pat@example.org",
        consent_updates=True,
        consent_text="Yes, email me about future events.",
    )
    url = reverse("event_registrations:index")
    header, *rows = read_csv(client.get(url, {"event": event.pk, "export": "csv"}))
    agreed, on, wording = (
        header.index("Agreed to future emails"),
        header.index("Agreed to future emails on"),
        header.index("Wording agreed to"),
    )
    by_name = {row[0]: row for row in rows}
    jo.refresh_from_db()
    assert by_name["Jo Agreed"][agreed] == "yes"
    assert by_name["Jo Agreed"][on] == timezone.localtime(
        jo.consent_confirmed_at
    ).strftime("%Y-%m-%d %H:%M")
    assert by_name["Jo Agreed"][wording] == "Yes, email me about future events."
    assert by_name["Pat Ticked"][agreed : wording + 1] == ["no", "", ""]

    response = client.get(url, {"event": event.pk, "consent": "yes", "export": "csv"})
    assert (
        "registrations-town-hall-agreed-to-emails.csv"
        in (response["Content-Disposition"])
    )
    assert [row[0] for row in read_csv(response)[1:]] == ["Jo Agreed"]

    response = client.get(url, {"consent": "yes", "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Jo Agreed"]
    assert rows[1][rows[0].index("Wording agreed to")] == (
        "Yes, email me about future events."
    )

    summary = client.get(tool_url("summary", event)).content.decode()
    assert "consent=yes" in summary
    assert "Download people who agreed to future emails (CSV)" in summary
