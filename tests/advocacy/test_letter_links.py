"""A letter's links work only under its own campaign (in any of its
languages), and a printable letter exists only where the campaign prints."""

import pytest

from advocacy.models import Letter
from advocacy.services import letters as service
from advocacy.services.representatives import upsert_representative

from .conftest import answer, mp, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(represent):
    data = mp("Ada Lovelace", "1", "Ottawa Centre")
    answer(represent, "K1A0B1", data)
    return upsert_representative(data)[0]


def confirmed_letter(page, ada):
    return service.confirm_letter(submit(page, [ada]))


def test_a_letters_links_refused_under_another_campaign(client, campaign, ada):
    ours = campaign(delivery="both")
    other = campaign(delivery="both", title="Fund shelters")
    letter = confirmed_letter(ours, ada)
    download = f"letter-{letter.token('download')}.pdf"
    thanks = f"thank-you/{letter.token('download')}/"
    delete = f"delete/{letter.token('delete')}/"
    for path in (download, delete):
        response = client.get(other.url + path)
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    thank_you = client.get(other.url + thanks).content.decode()
    assert download not in thank_you
    assert client.post(other.url + delete).status_code == 404
    assert Letter.objects.filter(pk=letter.pk).exists()
    # Under its own campaign each link still works.
    assert client.get(ours.url + download).status_code == 202
    assert download in client.get(ours.url + thanks).content.decode()
    assert "Delete your letter" in client.get(ours.url + delete).content.decode()


def test_a_letters_links_work_under_its_campaigns_translation(
    client, campaign, ada, site_pages
):
    ours = campaign(delivery="both")
    french = ours.copy_for_translation(site_pages["home_fr"].locale)
    french.save_revision().publish()
    letter = confirmed_letter(ours, ada)
    response = client.get(french.url + f"letter-{letter.token('download')}.pdf")
    assert response.status_code == 202


def test_no_printable_letter_for_an_email_campaign(client, campaign, ada, settings):
    page = campaign(delivery="email")
    letter = confirmed_letter(page, ada)
    response = client.get(page.url + f"letter-{letter.token('download')}.pdf")
    assert response.status_code == 404
    assert "sends letters by email only: there is no printable letter" in (
        response.content.decode()
    )
    from django.core.cache import cache

    # Nothing was queued for rendering (the queue is throttled by this key).
    assert cache.get(f"letter-pdf:{letter.pk}") is None
    from advocacy.services.printing import store_letter_pdf

    assert store_letter_pdf(letter.pk) == ""  # even asked directly
    letter.refresh_from_db()
    assert not letter.pdf
