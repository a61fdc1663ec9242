"""Letter tools in the admin: letters sent (list, filters, export, resend),
the per-campaign summary, held letters for Moderators, the dashboard panel
and who may use them."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook
from wagtail.models import Locale, ModelLogEntry

from advocacy.models import Letter, LetterRecipient
from advocacy.services import letters as service
from advocacy.services import moderation
from advocacy.services.representatives import upsert_representative

from .conftest import mp

LIST_URL = "/admin/advocacy/letters/"
HELD_URL = "/admin/letter-tools/held/"

pytestmark = pytest.mark.django_db


# --- fixtures ------------------------------------------------------------------
@pytest.fixture
def reps(db, represent):
    """Two MPs and an MPP whose riding has the same name as Ada's, all
    matched by K1A 0B1 (letters go only to those a postal code matches)."""
    people = {
        "ada": mp("Ada Lovelace", "1", "Ottawa Centre"),
        "grace": mp("Grace Hopper", "2", "Ottawa South"),
        "ian": mp("Ian Smith", "9", "Ottawa Centre", office="MPP"),
    }
    represent.routes["/postcodes/K1A0B1/"] = (
        200,
        {"representatives_concordance": list(people.values())},
        0,
    )
    return {key: upsert_representative(data)[0] for key, data in people.items()}


def write(page, recipients, name, email, confirm=True, **fields):
    values = {
        "postal_code": "K1A0B1",
        "city": "Ottawa",
        "province": "ON",
        "subject": "Protect survivors",
        "body": "Dear {representative_name}, please act for survivors now.",
    }
    values.update(fields)
    letter = service.submit_letter(
        page, recipients=recipients, name=name, email=email, **values
    )
    if confirm:
        letter = service.confirm_letter(letter)
    return letter


def deliver_pending():
    """What the workers would do with every queued delivery."""
    service.deliver(
        LetterRecipient.objects.filter(status="pending").values_list("pk", flat=True)
    )


@pytest.fixture
def letters(campaign, reps, smtp_server, settings):
    """Sam wrote to Ada and Grace (Grace's copy failed), Robin to Ada and
    Ian (both sent), Alex to Ada but has not confirmed yet.

    Grace's copy failed for real: a mail server refused the address it was
    sent to, and the Error column shows what the sender recorded. Her office
    has since corrected the address, and the tests read Django's outbox."""
    page = campaign(target_levels="federal,provincial")
    sam = write(page, [reps["ada"], reps["grace"]], "Sam Rivera", "sam@example.org")
    robin = write(page, [reps["ada"], reps["ian"]], "Robin Roy", "robin@example.org")
    alex = write(page, [reps["ada"]], "Alex Nguyen", "alex@example.org", False)
    failed = LetterRecipient.objects.get(letter=sam, name="Grace Hopper")
    LetterRecipient.objects.filter(pk=failed.pk).update(email="grace@refused.example")
    deliver_pending()
    assert len(smtp_server) == 3
    LetterRecipient.objects.filter(pk=failed.pk).update(email=reps["grace"].email)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    failed.refresh_from_db()
    assert failed.status == LetterRecipient.Status.FAILED
    return {"page": page, "sam": sam, "robin": robin, "alex": alex, "failed": failed}


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


@pytest.fixture
def moderator(client, make_user):
    user = make_user("Moderators")
    client.force_login(user)
    return user


def denied(response):
    """Wagtail answers a refused admin view with a redirect to the dashboard
    (and a "no permission" message); plain Django answers 403."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def listed(response):
    """(supporter, recipient, delivery status) of each row of the listing."""
    rows = []
    for row in soup(response).select("table.listing tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        supporter = row.select_one("td.title .title-wrapper").get_text(strip=True)
        rows.append((supporter, cells[1], cells[6]))
    return sorted(rows)


def buttons(element):
    """The labels of the buttons (and links styled as buttons) inside."""
    return [
        button.get_text(" ", strip=True)
        for button in element.select("button, a.button")
    ]


def summary_url(page):
    return reverse("letter_tools:summary", args=[page.pk])


def resend_url(row):
    return reverse("letter_recipients:resend", args=[row.pk])


# --- letters sent: list, filters, search -----------------------------------------
def test_list_shows_one_row_per_letter_and_recipient(client, organizer, letters):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert listed(response) == [
        ("Alex Nguyen", "Ada Lovelace", "Waiting for confirmation"),
        ("Robin Roy", "Ada Lovelace", "Sent"),
        ("Robin Roy", "Ian Smith", "Sent"),
        ("Sam Rivera", "Ada Lovelace", "Sent"),
        ("Sam Rivera", "Grace Hopper", "Failed"),
    ]
    # The Error column reads as the mail server said it, not as a Python repr.
    errors = {
        row.select_one("td.title .title-wrapper").get_text(strip=True)
        + " → "
        + row.find_all("td")[1].get_text(" ", strip=True): row.find_all("td")[
            -1
        ].get_text(" ", strip=True)
        for row in soup(response).select("table.listing tbody tr")
    }
    assert errors["Sam Rivera → Grace Hopper"] == "550 5.1.1 No such mailbox here"
    assert errors["Robin Roy → Ian Smith"] == ""
    html = response.content.decode()
    assert "Ottawa South" in html
    # Letters are not written in the admin.
    assert f"{LIST_URL}new/" not in html


def test_list_filters(client, organizer, letters, campaign, reps):
    other = campaign(title="Fund shelters")
    write(other, [reps["grace"]], "Jo Other", "jo@example.org")

    failed = client.get(LIST_URL, {"status": "failed"})
    assert listed(failed) == [("Sam Rivera", "Grace Hopper", "Failed")]

    awaiting = client.get(LIST_URL, {"letter_status": "awaiting"})
    assert listed(awaiting) == [
        ("Alex Nguyen", "Ada Lovelace", "Waiting for confirmation")
    ]

    other_only = client.get(LIST_URL, {"campaign": other.pk})
    assert listed(other_only) == [("Jo Other", "Grace Hopper", "Queued")]

    both = client.get(LIST_URL, {"campaign": letters["page"].pk, "status": "sent"})
    assert [row[:2] for row in listed(both)] == [
        ("Robin Roy", "Ada Lovelace"),
        ("Robin Roy", "Ian Smith"),
        ("Sam Rivera", "Ada Lovelace"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("robin", {("Robin Roy", "Ada Lovelace"), ("Robin Roy", "Ian Smith")}),
        ("alex@example", {("Alex Nguyen", "Ada Lovelace")}),
        ("hopper", {("Sam Rivera", "Grace Hopper")}),
    ],
)
def test_list_search(client, organizer, letters, query, expected):
    response = client.get(LIST_URL, {"q": query})
    assert {row[:2] for row in listed(response)} == expected


def test_list_refuses_bad_filters_without_error(client, organizer, letters):
    for query in (
        {"campaign": "999999"},
        {"campaign": "abc"},
        {"status": "nonsense"},
        {"letter_status": "held'--"},
        {"ordering": "letter__secret"},
    ):
        response = client.get(LIST_URL, query)
        assert response.status_code == 200, query


def test_letters_cannot_be_added_or_edited_in_the_admin(client, organizer, letters):
    row = letters["failed"]
    for view in ("add", "edit", "delete", "copy", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"letter_recipients:{view}", args=[row.pk])
    assert client.get(f"{LIST_URL}new/", follow=True).status_code == 404
    inspect = client.get(reverse("letter_recipients:inspect", args=[row.pk]))
    assert inspect.status_code == 200
    html = inspect.content.decode()
    assert "Sam Rivera" in html
    assert "Dear Grace Hopper, please act for survivors now." in html
    assert "550 5.1.1 No such mailbox here" in html
    assert resend_url(row) in html


def test_anonymised_letters_show_as_anonymised(client, organizer, letters):
    service.anonymise_old_letters(0, now=timezone.now() + timedelta(days=1))
    response = client.get(LIST_URL)
    names = {row[0] for row in listed(response)}
    assert names == {"(anonymised)"}
    assert "Sam Rivera" not in response.content.decode()


# --- export -----------------------------------------------------------------------
def read_csv(response):
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


def test_export_csv_of_one_campaign(client, organizer, letters, campaign, reps):
    other = campaign(title="Fund shelters")
    write(other, [reps["grace"]], "Jo Other", "jo@example.org")
    page = letters["page"]

    response = client.get(LIST_URL, {"campaign": page.pk, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"letters-{page.slug}.csv" in response["Content-Disposition"]
    header, *body = read_csv(response)
    assert header == [
        "Supporter",
        "Supporter email",
        "City",
        "Province",
        "Consents to updates",
        "Recipient",
        "Title",
        "District",
        "Campaign",
        "Letter status",
        "Delivery status",
        "Written at",
        "Confirmed at",
        "Sent at",
        "Error",
    ]
    assert len(body) == 5
    assert "Jo Other" not in {row[0] for row in body}
    failed = next(row for row in body if row[5] == "Grace Hopper")
    assert failed[:11] == [
        "Sam Rivera",
        "sam@example.org",
        "Ottawa",
        "ON",
        "no",
        "Grace Hopper",
        "MP",
        "Ottawa South",
        "Protect survivors",
        "Confirmed",
        "Failed",
    ]
    assert failed[13] == ""
    assert failed[14] == "550 5.1.1 No such mailbox here"
    sent = next(row for row in body if row[0] == "Robin Roy" and row[5] == "Ian Smith")
    sent_at = LetterRecipient.objects.get(name="Ian Smith").sent_at
    assert sent[13] == timezone.localtime(sent_at).strftime("%Y-%m-%d %H:%M")

    only_failed = read_csv(client.get(LIST_URL, {"status": "failed", "export": "csv"}))
    assert [row[5] for row in only_failed[1:]] == ["Grace Hopper"]


def test_export_csv_neutralises_formulas(client, organizer, campaign, reps):
    write(campaign(), [reps["ada"]], '=HYPERLINK("http://evil.example")', "x@ex.org")
    rows = read_csv(client.get(LIST_URL, {"export": "csv"}))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example")'


def test_export_xlsx(client, organizer, letters):
    response = client.get(LIST_URL, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Supporter"
    assert sorted((row[0], row[5]) for row in rows[1:]) == [
        ("Alex Nguyen", "Ada Lovelace"),
        ("Robin Roy", "Ada Lovelace"),
        ("Robin Roy", "Ian Smith"),
        ("Sam Rivera", "Ada Lovelace"),
        ("Sam Rivera", "Grace Hopper"),
    ]


# --- resend -----------------------------------------------------------------------
def test_resend_is_offered_for_failed_rows_only(client, organizer, letters):
    html = client.get(LIST_URL).content.decode()
    offered = set(re.findall(r"/admin/advocacy/letters/resend/(\d+)/", html))
    assert offered == {str(letters["failed"].pk)}
    assert "More options for &#x27;Sam Rivera to Grace Hopper&#x27;" in html
    # The listing refreshed by filters (the results view) comes back to
    # the full page after a resend.
    results = client.get(f"{LIST_URL}results/", {"status": "failed"})
    link = soup(results).find("a", href=re.compile("/resend/"))["href"]
    assert link == (
        f"{resend_url(letters['failed'])}?next=%2Fadmin%2Fadvocacy%2Fletters%2F"
        "%3Fstatus%3Dfailed"
    )


def test_resend_a_failed_letter(client, organizer, letters, mailoutbox):
    row = letters["failed"]
    page = client.get(resend_url(row), {"next": f"{LIST_URL}?status=failed"})
    assert page.status_code == 200
    form = soup(page).find("form", attrs={"method": "post"})
    assert form.find("input", attrs={"name": "next"})["value"] == (
        f"{LIST_URL}?status=failed"
    )

    response = client.post(
        resend_url(row), {"next": f"{LIST_URL}?status=failed"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{LIST_URL}?status=failed"
    assert shown_messages(response) == [
        "The letter of Sam Rivera to Grace Hopper is queued again."
    ]
    row.refresh_from_db()
    assert row.status == LetterRecipient.Status.PENDING
    assert row.error == "" and row.attempts == 0

    mailoutbox.clear()
    service.deliver([row.pk])
    row.refresh_from_db()
    assert row.status == LetterRecipient.Status.SENT
    assert [message.to for message in mailoutbox] == [["grace.hopper@example.org"]]


def test_resend_of_a_row_that_did_not_fail_changes_nothing(
    client, organizer, letters, mailoutbox
):
    row = LetterRecipient.objects.get(letter=letters["robin"], name="Ian Smith")
    before = (row.status, row.sent_at, row.attempts)
    page = client.get(resend_url(row))
    assert page.status_code == 200
    assert "Only a failed delivery of a confirmed letter can be resent." in (
        page.content.decode()
    )
    assert not soup(page).find(
        "form", attrs={"method": "post", "action": page.request["PATH_INFO"]}
    )

    mailoutbox.clear()
    response = client.post(resend_url(row), follow=True)
    assert response.redirect_chain[-1][0] == LIST_URL
    assert shown_messages(response) == [
        "The letter of Robin Roy to Ian Smith did not fail (Sent): nothing was resent."
    ]
    row.refresh_from_db()
    assert (row.status, row.sent_at, row.attempts) == before
    service.deliver([row.pk])
    assert mailoutbox == []


def not_found(response):
    """Unknown admin URLs end in a 404 (after the language redirect that
    LocaleMiddleware gives any 404 outside the language prefixes)."""
    return response.status_code == 404


def test_a_failed_delivery_of_a_held_letter_is_not_resent(client, organizer, letters):
    row = letters["failed"]
    moderation.hold_letter(letters["sam"], "Reported by a recipient")
    html = client.get(LIST_URL).content.decode()
    assert "/admin/advocacy/letters/resend/" not in html
    response = client.post(resend_url(row), follow=True)
    assert shown_messages(response) == [
        "The letter of Sam Rivera is held for a moderator: it is sent if they "
        "release it. Nothing was resent."
    ]
    row.refresh_from_db()
    assert row.status == LetterRecipient.Status.FAILED


def test_resend_of_an_unknown_row_is_404(client, organizer, letters):
    url = reverse("letter_recipients:resend", args=[999999])
    assert not_found(client.get(url, follow=True))
    assert not_found(client.post(url, follow=True))


def test_resend_goes_back_to_the_admin_only(client, organizer, letters):
    response = client.post(
        resend_url(letters["failed"]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == LIST_URL


def test_resend_all_failed_letters_of_a_campaign(client, organizer, letters):
    url = reverse("letter_tools:resend_failed", args=[letters["page"].pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == summary_url(letters["page"])
    assert shown_messages(response) == ["1 failed letter is queued again."]
    letters["failed"].refresh_from_db()
    assert letters["failed"].status == LetterRecipient.Status.PENDING

    again = client.post(url, follow=True)
    assert shown_messages(again) == ["No letter of this campaign failed: none resent."]


def test_resend_failed_moves_only_failed_rows_of_released_letters(
    letters, campaign, reps, django_capture_on_commit_callbacks
):
    page = letters["page"]
    before = {
        row.pk: (row.status, row.sent_at, row.attempts)
        for row in LetterRecipient.objects.exclude(pk=letters["failed"].pk)
    }
    # A failed delivery of a letter a Moderator holds, and one of another
    # campaign: neither is the campaign's to resend.
    held = write(page, [reps["grace"]], "Lee Held", "lee@example.org")
    held_row = held.recipients.get()
    other = write(campaign(title="Fund shelters"), [reps["ada"]], "Jo", "jo@ex.org")
    other_row = other.recipients.get()
    LetterRecipient.objects.filter(pk__in=[held_row.pk, other_row.pk]).update(
        status=LetterRecipient.Status.FAILED, error="550"
    )
    moderation.hold_letter(held, "Reported")
    LetterRecipient.objects.filter(pk=letters["failed"].pk).update(
        attempts=6, retry_after=timezone.now() + timedelta(hours=1)
    )

    with django_capture_on_commit_callbacks() as queued:
        assert service.resend_failed(page) == 1
    assert [callback.args for callback in queued] == [([letters["failed"].pk],)]
    row = LetterRecipient.objects.get(pk=letters["failed"].pk)
    assert (row.status, row.attempts, row.retry_after, row.error) == (
        LetterRecipient.Status.PENDING,
        0,
        None,
        "",
    )
    assert {
        row.pk: (row.status, row.sent_at, row.attempts)
        for row in LetterRecipient.objects.filter(pk__in=before)
    } == before
    assert set(
        LetterRecipient.objects.filter(pk__in=[held_row.pk, other_row.pk]).values_list(
            "status", flat=True
        )
    ) == {LetterRecipient.Status.FAILED}

    # At once again (a double click): nothing failed, nothing queued.
    with django_capture_on_commit_callbacks() as queued:
        assert service.resend_failed(page) == 0
    assert queued == []


def test_resend_failed_queues_batches_of_100(
    letters, django_capture_on_commit_callbacks
):
    sam = letters["sam"]
    LetterRecipient.objects.bulk_create(
        LetterRecipient(
            letter=sam,
            name=f"Member {n}",
            email=f"member{n}@example.org",
            status=LetterRecipient.Status.FAILED,
        )
        for n in range(204)
    )
    failed = sorted(
        LetterRecipient.objects.filter(status="failed").values_list("pk", flat=True)
    )
    assert len(failed) == 205

    # From the French page too: letters belong to the campaign, not its language.
    french = letters["page"].copy_for_translation(
        Locale.objects.get(language_code="fr")
    )
    with django_capture_on_commit_callbacks() as queued:
        assert service.resend_failed(french) == 205
    batches = [callback.args[0] for callback in queued]
    assert [len(batch) for batch in batches] == [100, 100, 5]
    assert sorted(pk for batch in batches for pk in batch) == failed
    assert not LetterRecipient.objects.filter(status="failed").exists()


# --- per-campaign summary ---------------------------------------------------------
def test_campaign_pages_get_a_button_to_their_letters(client, organizer, letters):
    page = letters["page"]
    listing = client.get(f"/admin/pages/{page.get_parent().pk}/")
    assert listing.status_code == 200
    assert summary_url(page) in listing.content.decode()
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert summary_url(page) in edit.content.decode()


def test_other_pages_get_no_letter_button(client, organizer, site_pages):
    html = client.get(f"/admin/pages/{site_pages['home_en'].pk}/").content.decode()
    assert not re.search(r"/admin/letter-tools/\d+/", html)


def test_summary_counts_per_status_recipient_and_district(client, organizer, letters):
    page = letters["page"]
    response = client.get(summary_url(page))
    assert response.status_code == 200
    context = response.context
    assert {value: n for value, _label, n in context["letter_statuses"]} == {
        "awaiting": 1,
        "confirmed": 2,
        "held": 0,
    }
    deliveries = {value: n for value, _label, n in context["delivery_statuses"]}
    assert deliveries == {
        "waiting": 1,
        "pending": 0,
        "sending": 0,
        "sent": 3,
        "failed": 1,
        "print": 0,
    }
    # Alex's letter is not confirmed: it counts nowhere below.
    assert [
        (row["name"], row["title"], row["district"], row["sent"], row["failed"])
        for row in context["per_recipient"]
    ] == [
        ("Ada Lovelace", "MP", "Ottawa Centre", 2, 0),
        ("Ian Smith", "MPP", "Ottawa Centre", 1, 0),
        ("Grace Hopper", "MP", "Ottawa South", 0, 1),
    ]
    assert [
        (row["district"], row["title"], row["sent"]) for row in context["per_district"]
    ] == [
        ("Ottawa Centre", "MP", 2),
        ("Ottawa Centre", "MPP", 1),
        ("Ottawa South", "MP", 0),
    ]

    html = soup(response)
    assert html.select_one('dd[data-count="confirmed"]').get_text() == "2"
    assert html.select_one('dd[data-count="failed"]').get_text() == "1"
    assert html.select_one('td[data-deliveries="sent"]').get_text() == "3"
    recipients = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in html.select('[data-table="per-recipient"] tbody tr')
    ]
    assert recipients[0] == ["Ada Lovelace", "MP", "Ottawa Centre", "2", "0", "0"]
    links = {a["href"] for a in html.select("a[href]")}
    assert f"{LIST_URL}?campaign={page.pk}" in links
    assert f"{LIST_URL}?campaign={page.pk}&export=csv" in links
    assert f"{LIST_URL}?campaign={page.pk}&export=xlsx" in links
    assert f"{LIST_URL}?campaign={page.pk}&status=failed" in links


def test_summary_of_an_unknown_campaign_is_404(client, organizer, site_pages):
    assert not_found(client.get("/admin/letter-tools/999999/letters/", follow=True))
    # A page that is not a letter campaign is not one either.
    home = site_pages["home_en"]
    assert not_found(client.get(summary_url(home), follow=True))
    url = reverse("letter_tools:resend_failed", args=[999999])
    assert not_found(client.post(url, follow=True))


# --- held letters -----------------------------------------------------------------
@pytest.fixture
def held(campaign, reps):
    """Two letters held after their writers confirmed them."""
    page = campaign()
    first = write(page, [reps["ada"], reps["grace"]], "Lee Held", "lee@example.org")
    second = write(
        page,
        [reps["ada"]],
        "Max Spam",
        "max@example.org",
        subject="Cheap watches",
        body="Buy cheap watches at http://spam.example now please.",
    )
    first = moderation.hold_letter(first, "Contains a link\nto a shortener")
    second = moderation.hold_letter(second, "Link to an unknown site")
    return {"page": page, "first": first, "second": second}


def test_holding_a_letter_keeps_its_deliveries_back(held):
    letter = held["first"]
    assert letter.status == Letter.Status.HELD
    assert letter.held_reason == "Contains a link to a shortener"
    assert letter.confirmed_at is not None
    assert set(letter.recipients.values_list("status", flat=True)) == {"waiting"}
    assert not LetterRecipient.objects.filter(status="pending").exists()
    with pytest.raises(moderation.ModerationError):
        moderation.hold_letter(letter, "again")
    with pytest.raises(moderation.ModerationError):
        moderation.hold_letter(held["second"], "   ")


def test_a_letter_held_as_its_writer_confirms_it(campaign, reps):
    """What the flagging rules will do: hold in place of confirming."""
    letter = write(campaign(), [reps["ada"]], "Kim Lee", "kim@example.org", False)
    clicked = timezone.now() + timedelta(hours=1)
    letter = moderation.hold_letter(letter, "Flagged", now=clicked)
    assert (letter.status, letter.confirmed_at) == (Letter.Status.HELD, clicked)
    assert list(letter.recipients.values_list("status", flat=True)) == ["waiting"]
    # The sweep leaves it alone (it is not awaiting its writer any more).
    assert service.expire_unconfirmed(now=clicked + timedelta(days=3)) == 0

    letter = moderation.release_held_letter(letter)
    letter.refresh_from_db()
    assert (letter.status, letter.confirmed_at) == (Letter.Status.CONFIRMED, clicked)
    assert list(letter.recipients.values_list("status", flat=True)) == ["pending"]


def test_moderator_reads_held_letters(client, moderator, held, letters):
    response = client.get(HELD_URL)
    assert response.status_code == 200
    html = soup(response)
    items = html.select(".advocacy-held__letter")
    assert [item["id"] for item in items] == [
        f"letter-{held['first'].pk}",
        f"letter-{held['second'].pk}",
    ]
    second = items[1]
    assert "Buy cheap watches at http://spam.example now please." in second.get_text()
    assert (
        second.select_one(".advocacy-held__reason").get_text()
        == "Link to an unknown site"
    )
    assert buttons(second) == [
        "Release : Cheap watches",
        "Reject : Cheap watches",
    ]
    # Placeholders are filled as for the first recipient.
    first = items[0]
    assert "The letter as Ada Lovelace gets it:" in first.get_text(" ", strip=True)
    assert first.select_one(".advocacy-held__body").get_text(strip=True) == (
        "Dear Ada Lovelace, please act for survivors now."
    )
    # Letters that are not held are not listed.
    assert "Sam Rivera" not in response.content.decode()

    other = client.get(HELD_URL, {"campaign": letters["page"].pk})
    assert "No letter is held" in other.content.decode()
    assert not_found(client.get(HELD_URL, {"campaign": "999999"}, follow=True))
    assert not_found(client.get(HELD_URL, {"campaign": "x"}, follow=True))


def test_moderator_releases_a_held_letter(client, moderator, held, mailoutbox):
    letter = held["first"]
    confirmed_at = letter.confirmed_at
    # Held for days: the 48 hours of the confirmation link do not apply.
    Letter.objects.filter(pk=letter.pk).update(
        created_at=timezone.now() - timedelta(days=5),
        confirmed_at=timezone.now() - timedelta(days=5),
    )
    letter.refresh_from_db()
    confirmed_at = letter.confirmed_at
    url = reverse("letter_tools:release", args=[letter.pk])
    assert client.get(url).status_code == 405

    response = client.post(url, {"next": HELD_URL}, follow=True)
    assert response.redirect_chain[-1][0] == HELD_URL
    assert shown_messages(response) == [
        "The letter of Lee Held is released to its recipients."
    ]
    letter.refresh_from_db()
    assert letter.status == Letter.Status.CONFIRMED
    assert letter.confirmed_at == confirmed_at
    assert set(letter.recipients.values_list("status", flat=True)) == {"pending"}
    assert [item["id"] for item in soup(response).select(".advocacy-held__letter")] == [
        f"letter-{held['second'].pk}"
    ]

    mailoutbox.clear()
    service.deliver([row.pk for row in letter.recipients.all()])
    assert sorted(message.to[0] for message in mailoutbox) == [
        "ada.lovelace@example.org",
        "grace.hopper@example.org",
    ]

    # A second click (or a second Moderator) changes nothing.
    again = client.post(url, follow=True)
    assert shown_messages(again) == [
        "Lee Held: This letter is no longer held: someone else reviewed it."
    ]


def test_moderator_rejects_a_held_letter(client, moderator, held):
    letter = held["second"]
    url = reverse("letter_tools:reject", args=[letter.pk])
    ask = client.get(url)
    assert ask.status_code == 200
    assert "Buy cheap watches" in ask.content.decode()
    assert Letter.objects.filter(pk=letter.pk).exists()

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == HELD_URL
    assert shown_messages(response) == [
        "The letter of Max Spam is rejected and deleted."
    ]
    assert not Letter.objects.filter(pk=letter.pk).exists()
    assert not LetterRecipient.objects.filter(letter_id=letter.pk).exists()
    # The other held letter is untouched.
    assert Letter.objects.get(pk=held["first"].pk).status == Letter.Status.HELD

    gone = client.post(url, follow=True)
    assert shown_messages(gone) == [
        "This letter no longer exists: someone else rejected it."
    ]


def test_a_letter_that_is_not_held_cannot_be_released_or_rejected(
    client, moderator, letters
):
    sam = letters["sam"]
    response = client.post(reverse("letter_tools:release", args=[sam.pk]), follow=True)
    assert shown_messages(response) == [
        "Sam Rivera: This letter is no longer held: someone else reviewed it."
    ]
    reject = client.get(reverse("letter_tools:reject", args=[sam.pk]))
    assert "This letter is no longer held" in reject.content.decode()
    client.post(reverse("letter_tools:reject", args=[sam.pk]))
    assert Letter.objects.filter(pk=sam.pk, status="confirmed").exists()
    alex = letters["alex"]
    client.post(reverse("letter_tools:release", args=[alex.pk]))
    alex.refresh_from_db()
    assert alex.status == Letter.Status.AWAITING


def test_organizer_reads_held_letters_but_cannot_release_them(client, organizer, held):
    response = client.get(HELD_URL)
    assert response.status_code == 200
    assert "Buy cheap watches" in response.content.decode()
    assert all(buttons(item) == [] for item in soup(response).select("article"))
    letter = held["first"]
    assert denied(client.post(reverse("letter_tools:release", args=[letter.pk])))
    assert denied(client.post(reverse("letter_tools:reject", args=[letter.pk])))
    letter.refresh_from_db()
    assert letter.status == Letter.Status.HELD


# --- audit log of moderation -------------------------------------------------------
SITE_HISTORY_URL = "/admin/reports/site-history/"


def logged(entry):
    """All the log entry keeps and shows, as one string."""
    return " ".join(
        [entry.label, json.dumps(entry.data), str(entry.message), entry.comment]
    )


def assert_no_supporter_data(text):
    for private in (
        "Lee Held",
        "lee@example.org",
        "Max Spam",
        "max@example.org",
        "Cheap watches",
        "please act for survivors",
        "spam.example",
        "shortener",
    ):
        assert private not in text


def test_release_is_in_the_audit_log(client, moderator, held):
    letter = held["first"]
    client.post(reverse("letter_tools:release", args=[letter.pk]))

    entry = ModelLogEntry.objects.get(action="advocacy.letter.release")
    assert entry.user == moderator
    assert entry.content_type.model_class() is Letter
    assert entry.object_id == str(letter.pk)
    assert not entry.deleted
    assert entry.label == f"Letter #{letter.pk} – Protect survivors"
    assert entry.data == {
        "letter": letter.pk,
        "campaign": {"id": held["page"].pk, "title": "Protect survivors"},
        "recipients": 2,
    }
    assert entry.message == "Released after moderation to its 2 recipients"
    assert_no_supporter_data(logged(entry))

    # A second click releases nothing and logs nothing.
    client.post(reverse("letter_tools:release", args=[letter.pk]))
    assert ModelLogEntry.objects.filter(action__startswith="advocacy.").count() == 1


def test_reject_is_in_the_audit_log_after_the_letter_is_gone(client, moderator, held):
    letter = held["second"]
    client.post(reverse("letter_tools:reject", args=[letter.pk]))
    assert not Letter.objects.filter(pk=letter.pk).exists()

    entry = ModelLogEntry.objects.get(action="advocacy.letter.reject")
    assert (entry.user, entry.object_id, entry.deleted) == (
        moderator,
        str(letter.pk),
        True,
    )
    assert entry.label == f"Letter #{letter.pk} – Protect survivors"
    assert entry.data["campaign"] == {
        "id": held["page"].pk,
        "title": "Protect survivors",
    }
    assert entry.message == "Rejected after moderation and deleted"
    assert_no_supporter_data(logged(entry))


def test_moderation_reads_well_in_the_site_history(client, moderator, held):
    first, second = held["first"], held["second"]
    # (followed, so that the messages naming the supporters are shown there)
    client.post(reverse("letter_tools:release", args=[first.pk]), follow=True)
    client.post(reverse("letter_tools:reject", args=[second.pk]), follow=True)

    response = client.get(SITE_HISTORY_URL)
    assert response.status_code == 200
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup(response).select("table.listing tbody tr")
    ]
    assert [row[:4] for row in rows] == [
        [
            f"Letter #{second.pk} – Protect survivors",
            "Letter",
            "Rejected after moderation and deleted",
            moderator.get_username(),
        ],
        [
            f"Letter #{first.pk} – Protect survivors",
            "Letter",
            "Released after moderation to its 2 recipients",
            moderator.get_username(),
        ],
    ]
    assert_no_supporter_data(response.content.decode())
    # The actions are offered by their names in the report's filter.
    actions = {
        box.find_parent("label").get_text(strip=True)
        for box in soup(response).select("input[name=action]")
    }
    assert {"Release held letter", "Reject held letter"} <= actions

    filtered = client.get(SITE_HISTORY_URL, {"action": "advocacy.letter.release"})
    assert f"Letter #{first.pk}" in filtered.content.decode()
    assert f"Letter #{second.pk}" not in filtered.content.decode()


def test_editors_do_not_see_moderation_in_the_site_history(
    client, make_user, moderator, held
):
    client.post(reverse("letter_tools:release", args=[held["first"].pk]))
    client.force_login(make_user("Editors"))
    response = client.get(SITE_HISTORY_URL)
    assert response.status_code == 200
    assert f"Letter #{held['first'].pk}" not in response.content.decode()


# --- names of letters and deliveries ------------------------------------------------
def test_letters_and_deliveries_are_named_without_supporter_data(letters):
    row = letters["failed"]
    assert str(row) == "Letter to Grace Hopper (Failed)"
    sent = LetterRecipient.objects.get(letter=letters["robin"], name="Ian Smith")
    assert str(sent) == "Letter to Ian Smith (Sent)"
    sam = letters["sam"]
    assert str(sam) == f"Letter #{sam.pk} – Protect survivors"
    service.anonymise_old_letters(0, now=timezone.now() + timedelta(days=1))
    sam.refresh_from_db()
    assert str(sam) == f"Letter #{sam.pk} – Protect survivors"


# --- roles ------------------------------------------------------------------------
def test_editor_cannot_use_the_letter_tools(client, make_user, letters, held):
    client.force_login(make_user("Editors"))
    letter = held["first"]
    row = letters["failed"]
    assert denied(client.get(LIST_URL))
    assert denied(client.get(LIST_URL, {"export": "csv"}))
    assert denied(client.get(reverse("letter_recipients:inspect", args=[row.pk])))
    assert denied(client.post(resend_url(row)))
    assert denied(client.get(summary_url(letters["page"])))
    assert denied(
        client.post(reverse("letter_tools:resend_failed", args=[letters["page"].pk]))
    )
    assert denied(client.get(HELD_URL))
    assert denied(client.post(reverse("letter_tools:release", args=[letter.pk])))
    assert denied(client.post(reverse("letter_tools:reject", args=[letter.pk])))
    row.refresh_from_db()
    letter.refresh_from_db()
    assert row.status == LetterRecipient.Status.FAILED
    assert letter.status == Letter.Status.HELD
    html = client.get("/admin/").content.decode()
    assert 'class="advocacy-chart__svg"' not in html


def test_moderator_cannot_open_deliveries(client, moderator, letters):
    assert denied(client.get(LIST_URL))
    assert denied(client.get(summary_url(letters["page"])))
    assert denied(client.post(resend_url(letters["failed"])))


def test_roles_come_from_the_migration():
    organizers = Group.objects.get(name="Organizers")
    assert set(
        organizers.permissions.filter(content_type__app_label="advocacy").values_list(
            "codename", flat=True
        )
    ) >= {"view_letterrecipient", "change_letterrecipient", "view_letter"}
    assert not organizers.permissions.filter(
        codename__in=["add_letter", "change_letter", "delete_letter"]
    ).exists()
    moderators = Group.objects.get(name="Moderators")
    assert set(
        moderators.permissions.filter(content_type__app_label="advocacy").values_list(
            "codename", flat=True
        )
    ) == {"view_letter", "change_letter", "delete_letter"}


# --- dashboard --------------------------------------------------------------------
def test_dashboard_panel_with_letters_per_day(client, organizer, letters, held):
    response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg class="advocacy-chart__svg"' in html
    assert '<title id="advocacy-chart-title">' in html
    assert "2 letters are held for a moderator." in html
    # The accessible alternative: a table of the days; today Sam's and
    # Robin's letters (held and unconfirmed ones do not count).
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert re.search(rf"<th scope=\"row\">{today}</th>\s*<td>2</td>", html)
    assert "2 letters confirmed in the last 30 days" in html


def test_dashboard_panel_for_moderators_shows_held_letters(client, moderator, held):
    html = client.get("/admin/").content.decode()
    assert "2 letters are held for a moderator." in html
    assert HELD_URL in html
    assert LIST_URL not in html


def test_superuser_uses_every_tool(client, django_user_model, letters, held):
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", "x")
    )
    assert client.get(LIST_URL).status_code == 200
    assert client.get(summary_url(letters["page"])).status_code == 200
    assert client.get(HELD_URL).status_code == 200
    assert client.get(resend_url(letters["failed"])).status_code == 200
    reject = reverse("letter_tools:reject", args=[held["first"].pk])
    assert client.get(reject).status_code == 200


def sidebar_labels(response):
    """The labels of the admin sidebar (rendered as JSON for its script)."""
    script = soup(response).find("script", id="wagtail-sidebar-props")
    return set(re.findall(r'"label": "([^"]+)"', script.string))


@pytest.mark.parametrize(
    ("group", "shown", "hidden"),
    [
        ("Organizers", {"Letter tools", "Letters sent", "Held letters"}, set()),
        ("Moderators", {"Letter tools", "Held letters"}, {"Letters sent"}),
        ("Editors", set(), {"Letter tools", "Letters sent", "Held letters"}),
    ],
)
def test_sidebar_menu_follows_the_roles(client, make_user, group, shown, hidden):
    client.force_login(make_user(group))
    labels = sidebar_labels(client.get("/admin/"))
    assert shown <= labels
    assert not hidden & labels
