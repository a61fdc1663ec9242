"""Letters delivered exactly once: when a worker process is killed mid-batch,
and when organizers resend a campaign's failed letters (twice at once)."""

import threading
import time as clock
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from advocacy.models import Letter, LetterCampaignPage, LetterRecipient
from advocacy.services import letters
from advocacy.services.representatives import upsert_representative
from tests.conftest import KillableWorker
from tests.settle import tracked_tasks

from .conftest import mp

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(condition, timeout=30):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if condition():
            return True
        clock.sleep(0.1)
    return False


def test_a_killed_worker_sends_no_letter_twice_and_loses_none(
    site_pages, smtp_server, celery_worker
):
    page = LetterCampaignPage(
        title="Protect survivors",
        slug="protect",
        topic="law_reform",
        target_levels="federal",
        subject_template="Please act",
        body_template="Dear {representative_name}, please act.",
        locale=site_pages["home_en"].locale,
    )
    site_pages["home_en"].add_child(instance=page)
    page.save_revision().publish()
    people = [
        upsert_representative(mp(f"Member {n:02}", str(n), f"District {n}"))[0]
        for n in range(12)
    ]
    letter = Letter.objects.create(
        campaign=page,
        supporter_name="Sam",
        email="sam@example.org",
        city="Ottawa",
        province="ON",
        subject="Please act",
        body="Dear {representative_name}, please act.",
        status="confirmed",
    )
    for person in people:
        LetterRecipient.objects.create(
            letter=letter,
            representative=person,
            name=person.name,
            email=person.email,
            status="pending",
        )
    ids = list(LetterRecipient.objects.values_list("pk", flat=True))

    # The SMTP server holds the 5th letter at RCPT while the worker is killed.
    worker = KillableWorker(smtp_server, queue="kill-letters", nth=5)
    from advocacy.tasks import deliver_letters

    deliver_letters.apply_async(args=[ids], queue="kill-letters")
    worker.kill_when_held()
    assert LetterRecipient.objects.filter(status="sent").count() == 4
    assert len(smtp_server) == 4

    LetterRecipient.objects.filter(status="sending").update(
        claimed_at=timezone.now() - timedelta(minutes=11)
    )
    from advocacy.tasks import sweep_letters

    with tracked_tasks() as tasks:
        sweep_letters.delay()
        tasks.wait()  # the sweep and every delivery it queued have run
    assert LetterRecipient.objects.filter(status="sent").count() == 12
    received = sorted(m["To"] for m in smtp_server.messages)
    assert received == sorted(p.email for p in people)


def failed_letters(page, count, per_letter=50, prefix="member"):
    """``count`` failed deliveries of confirmed letters of ``page`` (to
    addresses the SMTP server accepts); their addresses."""
    addresses = []
    for first in range(0, count, per_letter):
        letter = Letter.objects.create(
            campaign=page,
            supporter_name="Sam",
            email="sam@example.org",
            city="Ottawa",
            province="ON",
            subject="Please act",
            body="Dear {representative_name}, please act.",
            status="confirmed",
        )
        emails = [
            f"{prefix}{n}@example.org"
            for n in range(first, min(first + per_letter, count))
        ]
        LetterRecipient.objects.bulk_create(
            LetterRecipient(
                letter=letter,
                name=f"Member {email}",
                email=email,
                status="failed",
                attempts=6,
                error="Gave up after 6 attempts: 421 'Try again later'",
            )
            for email in emails
        )
        addresses += emails
    return addresses


def letter_campaign(site_pages, slug="protect", title="Protect survivors"):
    page = LetterCampaignPage(
        title=title,
        slug=slug,
        topic="law_reform",
        target_levels="federal",
        subject_template="Please act",
        body_template="Dear {representative_name}, please act.",
        locale=site_pages["home_en"].locale,
    )
    site_pages["home_en"].add_child(instance=page)
    page.save_revision().publish()
    return page


def test_resending_a_campaigns_failed_letters_sends_each_once(
    site_pages, smtp_server, celery_worker, client, django_user_model
):
    page = letter_campaign(site_pages)
    addresses = failed_letters(page, 150)
    letter = Letter.objects.filter(campaign=page).first()
    sent_at = timezone.now() - timedelta(days=1)
    claimed_at = timezone.now()
    untouched = [
        # Sent already, and being sent by a worker right now.
        LetterRecipient.objects.create(
            letter=letter,
            name="Sent",
            email="sent@example.org",
            status="sent",
            sent_at=sent_at,
        ),
        LetterRecipient.objects.create(
            letter=letter,
            name="Sending",
            email="sending@example.org",
            status="sending",
            claimed_at=claimed_at,
            attempts=1,
        ),
    ]
    # Failed letters a Moderator holds, and of another campaign, stay failed.
    held = failed_letters(page, 2, prefix="held")
    Letter.objects.filter(recipients__email__in=held).update(status="held")
    other = failed_letters(letter_campaign(site_pages, "other", "Other"), 2, prefix="o")
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", "x")
    )

    url = reverse("letter_tools:resend_failed", args=[page.pk])
    with tracked_tasks() as tasks:
        first = client.post(url, follow=True)
        # A double click: the second finds nothing failed any more.
        second = client.post(url, follow=True)
        tasks.wait()  # every delivery queued has run: anything twice is in
    assert [str(m) for m in first.context["messages"]] == [
        "150 failed letters are queued again."
    ]
    assert [str(m) for m in second.context["messages"]] == [
        "No letter of this campaign failed: none resent."
    ]

    assert (
        LetterRecipient.objects.filter(email__in=addresses, status="sent").count()
        == 150
    )
    received = Counter(m["To"] for m in smtp_server.messages)
    assert received == Counter(addresses)
    assert set(
        LetterRecipient.objects.filter(email__in=addresses).values_list(
            "attempts", "error"
        )
    ) == {(1, "")}
    assert [
        LetterRecipient.objects.filter(pk=row.pk)
        .values_list("status", "sent_at", "claimed_at", "attempts")
        .get()
        for row in untouched
    ] == [("sent", sent_at, None, 0), ("sending", None, claimed_at, 1)]
    assert set(
        LetterRecipient.objects.filter(email__in=held + other).values_list(
            "status", flat=True
        )
    ) == {"failed"}


def test_two_resends_at_the_same_time_send_each_letter_once(
    site_pages, smtp_server, celery_worker
):
    page = letter_campaign(site_pages)
    addresses = failed_letters(page, 30, per_letter=10)
    start = threading.Barrier(2)
    counts = []

    def resend():
        try:
            start.wait(5)
            counts.append(letters.resend_failed(page))
        finally:
            connection.close()

    threads = [threading.Thread(target=resend) for _ in range(2)]
    with tracked_tasks() as tasks:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(counts) == [0, 30]
        tasks.wait()  # every delivery queued by either has run
    assert LetterRecipient.objects.filter(status="sent").count() == 30
    assert Counter(m["To"] for m in smtp_server.messages) == Counter(addresses)


def test_download_page_queues_a_lost_render_again(campaign, celery_worker, client):
    """A confirmed printable letter whose render never came through (a worker
    died, the task gave up) is rendered when the supporter comes for it."""
    import io

    from django.core.cache import cache
    from pypdf import PdfReader

    from advocacy.services.printing import request_letter_pdf

    page = campaign(delivery="pdf")
    ada = upsert_representative(mp("Ada Lovelace", "1", "Ottawa Centre"))[0]
    # Confirmed, but no render was ever queued.
    letter = Letter.objects.create(
        campaign=page,
        supporter_name="Sam Rivière",
        email="sam@example.org",
        city="Ottawa",
        province="ON",
        subject="Please fund services",
        body="Dear {representative_name}, please fund services.",
        status="confirmed",
        confirmed_at=timezone.now(),
    )
    LetterRecipient.objects.create(
        letter=letter, representative=ada, name=ada.name, status="print"
    )
    cache.delete(f"letter-pdf:{letter.pk}")
    url = page.url + f"letter-{letter.token('download')}.pdf"

    def ready():
        response = client.get(url)
        response.close()
        return response.status_code == 200

    assert client.get(url).status_code == 202  # queues the render
    assert not request_letter_pdf(letter)  # not again within the minute
    assert wait_for(ready)
    response = client.get(url)
    pdf = b"".join(response.streaming_content)
    response.close()
    text = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Dear Ada Lovelace, please fund services." in text.extract_text()
    letter.refresh_from_db()
    assert letter.pdf.name.startswith("letters/")
