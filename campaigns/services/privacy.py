"""Personal data held by campaigns: what businesses gave when downloading a
flyer (email, business name, local contact) and their own flyer copies.
Registered in the site's personal-data registry (``cms/personal_data.py``)
from ``campaigns/wagtail_hooks.py``."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from cms import consent
from cms.personal_data import Record

from ..models import FlyerDownload
from . import flyers


def find_downloads(email):
    """Every flyer download that gave ``email`` (any case)."""
    downloads = (
        FlyerDownload.objects.filter(email__iexact=email)
        .select_related("flyer")
        .order_by("-created_at")
    )
    return [
        Record(
            title=download.flyer.title,
            when=download.created_at,
            summary=", ".join(
                part
                for part in (
                    download.business_name,
                    download.city,
                    ngettext("%(count)s copy", "%(count)s copies", download.copies)
                    % {"count": download.copies},
                )
                if part
            ),
            data={
                "flyer": download.flyer.title,
                "email": download.email,
                "business_name": download.business_name,
                "local_contact": download.local_contact,
                "sector": download.sector,
                "city": download.city,
                "province": download.province,
                "copies": download.copies,
                "size": download.size,
                "orientation": download.orientation,
                "language": download.language,
                "downloaded_at": download.created_at.isoformat(),
                **download.consent_record(),
            },
        )
        for download in downloads
    ]


def _forget_copies(downloads):
    """Delete, once the transaction commits, the stored PDF of each
    download's own copy (its business name and contact are printed on it).
    The copy is named after the flyer's live revision: a copy made for an
    earlier revision cannot be served any more, as its link now names the
    current one, and is left to storage clean-up."""
    for download in downloads:
        if not (download.business_name or download.local_contact):
            continue
        page = flyers.translation_in(download.flyer, download.language)
        name = flyers.pdf_name(
            page or download.flyer,
            download.size,
            download.language,
            download.business_name,
            download.local_contact,
            download.orientation or None,
        )
        transaction.on_commit(lambda name=name: default_storage.delete(name))


@transaction.atomic
def delete_downloads(email):
    """Delete every flyer download that gave ``email`` (any case), and the
    business's own copies; answers how many."""
    downloads = list(
        FlyerDownload.objects.select_for_update()
        .filter(email__iexact=email)
        .select_related("flyer")
    )
    _forget_copies(downloads)
    FlyerDownload.objects.filter(pk__in=[d.pk for d in downloads]).delete()
    return len(downloads)


@transaction.atomic
def anonymise_downloads(days, now=None):
    """Blank what tells who downloaded a flyer more than ``days`` ago (email,
    business name, local contact, consent) and delete their own copies;
    what the statistics count stays (flyer, size, language, sector, city,
    province, copies, date). Their copy links stop working. Answers how
    many."""
    now = now or timezone.now()
    old = list(
        FlyerDownload.objects.select_for_update()
        .filter(anonymised_at__isnull=True, created_at__lt=now - timedelta(days=days))
        .select_related("flyer")
    )
    if not old:
        return 0
    _forget_copies(old)
    return FlyerDownload.objects.filter(pk__in=[d.pk for d in old]).update(
        email="",
        business_name="",
        local_contact="",
        **consent.CLEARED,
        anonymised_at=now,
    )
