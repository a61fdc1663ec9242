"""Letters delivered exactly once when a worker process is killed mid-batch."""

import os
import signal
import subprocess
import sys
import threading
import time as clock
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from advocacy.models import Letter, LetterCampaignPage, LetterRecipient
from advocacy.services.representatives import upsert_representative
from cms.celery import app

from .conftest import mp

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


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

    arrived, kill_now, resume = [], threading.Event(), threading.Event()

    def before_accept(address):
        arrived.append(address)
        if len(arrived) == 5:
            kill_now.set()
            resume.wait(20)

    smtp_server.before_accept = before_accept
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "PYTHONPATH": str(ROOT),
    }
    app.connection_for_write().default_channel.queue_purge("kill-letters")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            "--pool=solo",
            "-Q",
            "kill-letters",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        from advocacy.tasks import deliver_letters

        deliver_letters.apply_async(args=[ids], queue="kill-letters")
        assert kill_now.wait(60), "the worker never reached the 5th letter"
        worker.send_signal(signal.SIGKILL)
        worker.wait(20)
    finally:
        resume.set()
        if worker.poll() is None:
            worker.kill()
    smtp_server.before_accept = None
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
    app.connection_for_write().default_channel.queue_purge("kill-letters")
