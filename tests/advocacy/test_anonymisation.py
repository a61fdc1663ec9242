"""Letters after the retention run: nothing blank goes out again.

Anonymising a letter blanks its body and sender; "Resend" (one row or a
whole campaign), a Moderator's release and the periodic sweep must then
refuse to mail it, and no delivery error text (which can quote addresses)
is kept."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from advocacy.models import Letter, LetterRecipient
from advocacy.services import letters as service
from advocacy.services import moderation
from advocacy.services.representatives import upsert_representative

from .conftest import answer, mp

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/advocacy/letters/"
LATER = timedelta(days=1)


POSTAL_CODE = "K1A0B1"


@pytest.fixture
def reps(db, represent):
    """Ada and Grace, both matched by the postal code the letters give."""
    ada = mp("Ada Lovelace", "1", "Ottawa Centre")
    grace = mp("Grace Hopper", "2", "Ottawa South")
    answer(represent, POSTAL_CODE, ada, grace)
    return {
        "ada": upsert_representative(ada)[0],
        "grace": upsert_representative(grace)[0],
    }


def write(page, recipients, name, email):
    letter = service.submit_letter(
        page,
        recipients=recipients,
        name=name,
        email=email,
        city="Ottawa",
        province="ON",
        subject="Protect survivors",
        body="Dear {representative_name}, please act for survivors now.",
        postal_code=POSTAL_CODE,
    )
    return service.confirm_letter(letter)


@pytest.fixture
def failed(campaign, reps, mailoutbox):
    """Sam's letter went to Ada; Grace's mail server refused it, and the
    refusal quotes Sam's address."""
    page = campaign()
    letter = write(page, [reps["ada"], reps["grace"]], "Sam Rivera", "sam@example.org")
    service.deliver(service.pending_ids())
    row = letter.recipients.get(name="Grace Hopper")
    LetterRecipient.objects.filter(pk=row.pk).update(
        status=LetterRecipient.Status.FAILED,
        sent_at=None,
        error="550 5.1.1 <grace.hopper@example.org>: refused, reply to sam@example.org",
    )
    mailoutbox.clear()
    return {"page": page, "letter": letter, "row": row}


def anonymise():
    """The retention run, as if the letters were past the retention period."""
    return service.anonymise_old_letters(0, now=timezone.now() + LATER)


@pytest.fixture
def organizer(client, django_user_model):
    user = django_user_model.objects.create_user(username="org", password="x")
    user.groups.add(Group.objects.get(name="Organizers"))
    client.force_login(user)
    return user


def test_anonymising_clears_the_delivery_errors(failed):
    assert anonymise() == 1
    row = LetterRecipient.objects.get(pk=failed["row"].pk)
    assert row.error == ""
    assert not LetterRecipient.objects.filter(error__contains="@").exists()


def test_resend_failed_leaves_anonymised_letters_alone(failed, mailoutbox):
    anonymise()
    assert service.resend_failed(failed["page"]) == 0
    row = LetterRecipient.objects.get(pk=failed["row"].pk)
    assert row.status == LetterRecipient.Status.FAILED
    service.deliver([row.pk])
    assert mailoutbox == []


def test_the_admin_offers_no_resend_of_an_anonymised_letter(
    client, organizer, failed, mailoutbox
):
    row = failed["row"]
    resend = reverse("letter_recipients:resend", args=[row.pk])
    assert resend in client.get(LIST_URL).content.decode()
    anonymise()
    assert resend not in client.get(LIST_URL).content.decode()
    inspect = client.get(reverse("letter_recipients:inspect", args=[row.pk]))
    assert resend not in inspect.content.decode()
    asked = client.get(resend).content.decode()
    assert "its text and sender are gone, so it cannot be sent again" in asked
    assert "Resend the letter" not in asked
    response = client.post(resend, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert messages == [
        "This letter was anonymised after the retention period: its text and "
        "sender are gone, so it cannot be sent again."
    ]
    row.refresh_from_db()
    assert row.status == LetterRecipient.Status.FAILED
    service.deliver([row.pk])
    assert mailoutbox == []


def test_the_campaign_summary_offers_no_resend_of_anonymised_letters(
    client, organizer, failed
):
    """The summary's "Resend all failed deliveries" would resend nothing
    once the failed letters are anonymised: it is not offered."""
    summary = reverse("letter_tools:summary", args=[failed["page"].pk])
    html = client.get(summary).content.decode()
    assert "1 delivery failed" in html
    assert "Resend all failed deliveries" in html
    anonymise()
    html = client.get(summary).content.decode()
    assert "Resend all failed deliveries" not in html
    assert "1 delivery failed" not in html


def test_a_held_letter_past_retention_cannot_be_released(
    client, campaign, reps, mailoutbox, django_user_model
):
    page = campaign()
    letter = write(page, [reps["ada"]], "Lee Held", "lee@example.org")
    moderation.hold_letter(letter, "Reported")
    anonymise()
    with pytest.raises(moderation.ModerationError) as error:
        moderation.release_held_letter(letter)
    assert str(error.value) == (
        "This letter was anonymised after the retention period: its text and "
        "sender are gone, so it cannot be sent. Reject it to remove it."
    )
    moderator = django_user_model.objects.create_user(username="mod", password="x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(moderator)
    response = client.post(
        reverse("letter_tools:release", args=[letter.pk]), follow=True
    )
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1 and "cannot be sent" in messages[0]
    letter.refresh_from_db()
    assert letter.status == Letter.Status.HELD
    assert set(letter.recipients.values_list("status", flat=True)) == {"waiting"}
    service.deliver(service.pending_ids())
    assert mailoutbox == []


def test_deliveries_still_waiting_are_stopped_not_sent_blank(
    campaign, reps, mailoutbox
):
    """A delivery waiting for a retry when the retention run comes is not
    sent blank by the sweep: it is marked failed with a reason."""
    page = campaign()
    letter = write(page, [reps["ada"]], "Sam Rivera", "sam@example.org")
    row = letter.recipients.get()
    assert row.status == LetterRecipient.Status.PENDING
    anonymise()
    service.deliver(service.pending_ids())
    assert mailoutbox == []
    row.refresh_from_db()
    assert row.status == LetterRecipient.Status.FAILED
    assert row.error == "Not sent: the letter was anonymised before it could go out."
