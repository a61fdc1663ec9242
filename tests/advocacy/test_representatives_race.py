"""Two supporters looking up a new riding at the same moment both get
their representatives: the first lookup's rows are created once, with no
duplicate-key error for the second."""

import threading

import pytest
from django.db import connection

from advocacy.models import Representative
from advocacy.services.represent import find_representatives

from .conftest import mp

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 12


def test_simultaneous_first_lookups_of_a_new_riding(represent):
    people = [mp(f"Member {n:02} Person", str(n), f"Riding {n}") for n in range(PEOPLE)]
    for code in ("K1A0B1", "K1A0B2"):
        represent.routes[f"/postcodes/{code}/"] = (
            200,
            {"representatives_concordance": people},
            0.2,  # both requests in flight at once, answered together
        )
    barrier = threading.Barrier(2)
    results, failures = {}, []

    def look_up(code):
        try:
            barrier.wait()
            results[code] = [r.name for r in find_representatives(code).representatives]
        except Exception as error:  # noqa: BLE001 (the failure is the finding)
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=look_up, args=(c,)) for c in ("K1A0B1", "K1A0B2")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    expected = [f"Member {n:02} Person" for n in range(PEOPLE)]
    assert results == {"K1A0B1": expected, "K1A0B2": expected}
    assert Representative.objects.count() == PEOPLE
