"""Flyer downloads are personal data too (a business's email, name and
local contact): exported and deleted on request, anonymised after the
retention period with what the statistics count kept, their own copies
deleted and their copy links closed."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from campaigns.models import FlyerDownload
from campaigns.services import download_stats, flyers
from cms import personal_data
from tests.cms.conftest import download, make_flyer

pytestmark = pytest.mark.django_db


@pytest.fixture
def flyer(site_pages):
    return make_flyer(site_pages)


def stored_copy(row):
    """Put the business's own copy in storage, as the render task does."""
    name = flyers.pdf_name(
        row.flyer,
        row.size,
        row.language,
        row.business_name,
        row.local_contact,
        row.orientation,
    )
    default_storage.delete(name)  # left by an earlier run
    assert default_storage.save(name, ContentFile(b"%PDF-1.7 own copy")) == name
    return name


def statistics():
    rows = download_stats.downloads()
    return (
        download_stats.totals(rows),
        download_stats.per_flyer(rows),
        download_stats.per_city(rows),
        download_stats.per_sector(rows),
    )


def test_old_downloads_are_anonymised_and_the_statistics_stay(
    client, flyer, site_pages, django_capture_on_commit_callbacks
):
    site_pages["settings"].data_retention_days = 30
    site_pages["settings"].save()
    old = download(flyer, "owner@cafe.example")
    FlyerDownload.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=31),
        consent_text="Yes",
        consent_requested_at=timezone.now() - timedelta(days=31),
        consent_confirmed_at=timezone.now() - timedelta(days=30),
    )
    recent = download(flyer, "new@shop.example", business_name="New Shop")
    copy_url = f"{flyer.url}copy-{old.token()}.pdf"
    name = stored_copy(old)
    served = client.get(copy_url)
    assert b"".join(served.streaming_content) == b"%PDF-1.7 own copy"
    before = statistics()

    with django_capture_on_commit_callbacks(execute=True):
        done = personal_data.anonymise_expired()
    assert done["flyer_downloads"] == 1

    old.refresh_from_db()
    assert (old.email, old.business_name, old.local_contact) == ("", "", "")
    assert (old.consent_text, old.consent_requested_at) == ("", None)
    assert old.consent_confirmed_at is None
    assert old.anonymised_at is not None
    kept = (old.flyer_id, old.city, old.province, old.sector, old.copies)
    assert kept == (flyer.pk, "Halifax", "NS", "food", 5)
    assert statistics() == before
    assert not default_storage.exists(name)
    assert client.get(copy_url).status_code == 404
    recent.refresh_from_db()
    assert (recent.email, recent.business_name) == ("new@shop.example", "New Shop")
    assert personal_data.anonymise_expired()["flyer_downloads"] == 0


def test_downloads_are_exported_and_deleted_with_the_person(
    flyer, django_capture_on_commit_callbacks
):
    mine = download(flyer, "Owner@Cafe.example")
    download(flyer, "other@shop.example", business_name="Other Shop")
    name = stored_copy(mine)
    data = personal_data.export("owner@cafe.example")
    [row] = data["flyer_downloads"]
    assert (row["business_name"], row["local_contact"], row["city"]) == (
        "Café Olé",
        "Ask for Sam",
        "Halifax",
    )
    with django_capture_on_commit_callbacks(execute=True):
        deleted = personal_data.delete(" OWNER@cafe.example ")
    assert deleted["flyer_downloads"] == 1
    assert list(FlyerDownload.objects.values_list("business_name", flat=True)) == [
        "Other Shop"
    ]
    assert not default_storage.exists(name)
