"""The "Your data" journey in a real browser, in French, with real email:
ask for the link, open it, see and delete everything; accessible at every
step (axe) and with the quick exit on every page."""

import re
import time as clock

import pytest

from advocacy.models import Letter
from events.models import Registration
from tests.conftest import serious_violations

from .conftest import SAM

pytestmark = pytest.mark.browser


def wait_for_link(inbox, timeout=30):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        for message in inbox.to(SAM):
            if "données" in message["Subject"]:
                text = message.get_body(("plain",)).get_content()
                return re.search(r"https?://[^/\s]+(/fr/vos-donnees/\S+/)", text)[1]
        clock.sleep(0.2)
    raise AssertionError("no link to the data arrived")


@pytest.mark.django_db(transaction=True)
def test_ask_for_the_link_see_and_delete_everything(
    page, live_server, sam, smtp_server, celery_worker, axe
):
    base = live_server.url
    page.goto(f"{base}/en/")
    page.locator("footer").get_by_role("link", name="Your data").click()
    page.wait_for_url(f"{base}/en/your-data/")
    page.locator(".language-switch a[lang=fr]").click()
    page.wait_for_url(f"{base}/fr/vos-donnees/")
    assert page.locator("h1").inner_text() == "Vos données"
    assert page.get_by_role("link", name="Quitter cette page").is_visible()
    assert serious_violations(axe, page) == []

    page.get_by_role("button", name="M’envoyer le lien").click()
    assert "Entrez une adresse courriel" in page.locator(".error-summary").inner_text()
    assert serious_violations(axe, page) == []

    page.get_by_label("Votre adresse courriel").fill(SAM)
    page.get_by_role("button", name="M’envoyer le lien").click()
    page.wait_for_url(f"{base}/fr/vos-donnees/envoye/")
    assert page.locator("h1").inner_text() == "Vérifiez vos courriels"
    assert serious_violations(axe, page) == []

    page.goto(f"{base}{wait_for_link(smtp_server)}")
    main = page.locator("main").inner_text()
    assert "Town hall on housing" in main and "Business flyer" in main
    assert page.get_by_role("link", name="Quitter cette page").is_visible()
    assert serious_violations(axe, page) == []

    page.get_by_label("Je veux supprimer tout ce qui est conservé").check()
    page.get_by_role("button", name="Supprimer toutes mes données").click()
    assert page.locator("h1").inner_text() == "Vos données sont supprimées"
    assert serious_violations(axe, page) == []
    assert not Registration.objects.filter(email=SAM).exists()
    assert not Letter.objects.filter(email=SAM).exists()
