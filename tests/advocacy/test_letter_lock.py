"""A letter being written locks its campaign's own row only: Wagtail's page
row stays free, so an editor can publish while letters come in."""

import threading

import pytest
from django.db import DatabaseError, connection, transaction
from wagtail.models import Page

from advocacy.services import letters as service
from advocacy.services.representatives import upsert_representative

from .conftest import mp

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_letter_submission_leaves_the_page_row_free(campaign, represent):
    data = mp("Ada Lovelace", "1", "Ottawa Centre")
    represent.routes["/postcodes/K1A0B1/"] = (
        200,
        {"representatives_concordance": [data]},
        0,
    )
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
        service.submit_letter(
            page,
            recipients=[ada],
            postal_code="K1A0B1",
            name="Sam",
            email="sam@example.org",
            city="Ottawa",
            province="ON",
            subject="Hi",
            body="Please act now for survivors.",
        )
        # The submission's lock is held until this block ends.
        editor = threading.Thread(target=editor_publishes)
        editor.start()
        editor.join(timeout=30)
        transaction.set_rollback(True)  # nothing to queue, nothing kept
    assert outcome == {"page": "locked and updated"}
