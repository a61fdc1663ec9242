"""Issue 14, item 4: the flyer page shows the real first page of each size,
in the visitor's language, made by the worker (as for the campaign page)."""

import pytest
from bs4 import BeautifulSoup
from celery.signals import before_task_publish
from django.core.files.storage import default_storage
from PIL import Image

from campaigns.demo import FLYER
from campaigns.models import FlyerPage
from campaigns.services import flyers

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(awareness_campaigns, media_roots):
    english = None
    pages = {}
    for language, campaign in awareness_campaigns.items():
        page = FlyerPage(locale=campaign.locale, **FLYER[language])
        if english is not None:
            page.translation_key = english.translation_key
        campaign.add_child(instance=page)
        page.save_revision().publish()
        english = english or page
        pages[language] = page
    return pages


def thumbnails_on(client, page):
    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    section = html.find("section", attrs={"aria-labelledby": "preview-title"})
    return [
        (img["src"], img["alt"], img.find_next("figcaption").get_text())
        for img in section.find_all("img")
    ]


def test_publishing_queues_a_thumbnail_per_size_and_language(pair):
    queued = []

    def record(sender=None, headers=None, **kwargs):
        if sender == "campaigns.tasks.make_flyer_thumbnail":
            queued.append(headers["argsrepr"])

    before_task_publish.connect(record)
    try:
        flyers.prerender(pair["en"])
    finally:
        before_task_publish.disconnect(record)
    assert sorted(queued) == sorted(
        f"({pair[language].pk}, '{size}')"
        for language in ("en", "fr")
        for size in ("letter", "legal", "tabloid", "a4")
    )


def test_the_page_shows_the_first_page_of_each_size_in_its_language(client, pair):
    # Before the worker has made them: the flyer's text, and a word why.
    assert thumbnails_on(client, pair["fr"]) == []
    assert "en préparation" in client.get(pair["fr"].url).content.decode()

    for language in ("en", "fr"):
        for size in ("letter", "tabloid", "legal", "a4"):
            flyers.make_thumbnail(pair[language].pk, size)
    french = thumbnails_on(client, pair["fr"])
    assert len(french) == 4
    assert french[0][1].startswith("Première page de l’affiche")
    english = thumbnails_on(client, pair["en"])
    assert {src for src, *_ in english}.isdisjoint({src for src, *_ in french})
    tabloid = flyers.thumbnail_name(pair["fr"], "tabloid")
    assert f"/media/{tabloid}" in [src for src, *_ in french]
    with default_storage.open(tabloid, "rb") as handle, Image.open(handle) as image:
        assert image.size[1] / image.size[0] == pytest.approx(17 / 11, abs=0.02)
