"""A letter being written locks its campaign's own row only: Wagtail's page
row stays free, so an editor can publish while letters come in."""

import threading

import pytest
from django.db import DatabaseError, connection, transaction
from wagtail.models import Page

from advocacy.services.representatives import upsert_representative

from .conftest import answer, mp, submit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_letter_submission_leaves_the_page_row_free(campaign, represent):
    data = mp("Ada Lovelace", "1", "Ottawa Centre")
    answer(represent, "K1A0B1", data)
    ada, _ = upsert_representative(data)
    page = campaign()
    outcome = {}

    def editor_publishes():
        try:
            with transaction.atomic():
                row = Page.objects.select_for_update(nowait=True).get(pk=page.pk)
                Page.objects.filter(pk=row.pk).update(title=row.title)
            outcome["page"] = "locked and updated"
        except DatabaseError as error:
            outcome["page"] = f"refused: {error}"
        finally:
            connection.close()

    with transaction.atomic():
        submit(page, [ada])
        # The submission's lock is held until this block ends.
        editor = threading.Thread(target=editor_publishes)
        editor.start()
        editor.join(timeout=30)
        transaction.set_rollback(True)  # nothing to queue, nothing kept
    assert outcome == {"page": "locked and updated"}
