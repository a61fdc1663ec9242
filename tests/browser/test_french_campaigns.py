"""The demo's French campaign pages in a real browser: their letters and
events are there, as on the English pages (issue 18, item 6), and axe-core
finds nothing serious."""

import pytest

from tests.conftest import serious_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "letter", "event"),
    [
        (
            "/fr/campagnes/proteger-les-survivantes-dans-la-loi/",
            "Écrivez à votre député : protéger les survivantes dans le Code criminel",
            "Séance d’information en ligne : comment la loi protège les survivantes",
        ),
        (
            "/fr/campagnes/financer-les-services/",
            "Demandez à votre député provincial de financer les services aux "
            "survivantes",
            "Assemblée publique : financer les services aux survivantes en Ontario",
        ),
    ],
)
def test_french_campaign_pages_offer_their_actions(
    page, demo_site, axe, path, letter, event
):
    page.goto(f"{demo_site.url}{path}")
    letters = page.get_by_role("region", name="Écrire une lettre")
    assert letters.get_by_role("link", name=letter).is_visible()
    events = page.get_by_role("region", name="Événements à venir")
    assert events.get_by_role("link", name=event).is_visible()
    assert serious_violations(axe, page) == []
    letters.get_by_role("link", name=letter).click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == letter
