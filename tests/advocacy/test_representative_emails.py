"""Representatives' and fixed targets' addresses are checked when edited
in the admin: one mail cannot be sent to is refused there."""

import pytest

from advocacy.models import FixedTarget, Representative
from advocacy.services.representatives import upsert_representative
from advocacy.validators import validate_sendable_email

from .conftest import mp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("josé@example.org", "characters outside plain ASCII"),
        ("jose at example.org", "not an email address"),
    ],
)
def test_the_check_says_what_is_wrong(email, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        validate_sendable_email(email)
    assert message in error.value.messages[0]


def test_an_internationalised_domain_is_fine():
    validate_sendable_email("jose@exämple.org")


def test_the_admin_refuses_an_unsendable_representative_address(admin_client):
    ada, _ = upsert_representative(mp("Ada Lovelace", "1", "Ottawa Centre"))
    response = admin_client.post(
        f"/admin/representatives/edit/{ada.pk}/",
        {"email": "adà@example.org", "party": "Liberal", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert Representative.objects.get(pk=ada.pk).email == "ada.lovelace@example.org"


def test_the_admin_refuses_an_unsendable_fixed_target_address(admin_client):
    target = FixedTarget.objects.create(name="Minister", kind="minister")
    response = admin_client.post(
        f"/admin/snippets/advocacy/fixedtarget/edit/{target.pk}/",
        {"name": "Minister", "kind": "minister", "email": "ministré@example.org"},
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert FixedTarget.objects.get(pk=target.pk).email == ""
