"""Letters delivered exactly once when a worker process is killed mid-batch."""

import time as clock
from datetime import timedelta

import pytest
from django.utils import timezone

from advocacy.models import Letter, LetterCampaignPage, LetterRecipient
from advocacy.services.representatives import upsert_representative
from tests.conftest import KillableWorker

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

    sweep_letters.delay()
    assert wait_for(lambda: LetterRecipient.objects.filter(status="sent").count() == 12)
    clock.sleep(1)
    received = sorted(m["To"] for m in smtp_server.messages)
    assert received == sorted(p.email for p in people)
