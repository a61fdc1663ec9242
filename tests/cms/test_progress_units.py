"""A campaign's progress says what it counts (issue 12, item 7): "1 of a goal
of 250" left people asking "letters? people?"."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

SAYS = {
    ("letters", "en"): "12 letters sent of a goal of 250",
    ("rsvps", "en"): "12 people registered for events of a goal of 250",
    ("flyers", "en"): "12 flyer downloads of a goal of 250",
    ("all", "en"): "12 actions of a goal of 250 (letters sent, people registered",
    ("letters", "fr"): "12 lettres envoyées sur un objectif de 250",
    ("rsvps", "fr"): "12 personnes inscrites à des événements sur un objectif de 250",
    ("flyers", "fr"): "12 téléchargements d’affiches sur un objectif de 250",
    ("all", "fr"): "12 actions sur un objectif de 250 (lettres envoyées",
}


@pytest.mark.parametrize(("measure", "language"), SAYS)
def test_progress_names_its_unit(measure, language):
    progress = {"count": 12, "goal": 250, "percent": 5, "measure": measure}
    with translation.override(language):
        html = render_to_string("campaigns/progress.html", {"progress": progress})
    assert SAYS[measure, language] in " ".join(html.split())


def test_one_person_is_singular():
    progress = {"count": 1, "goal": 10, "percent": 10, "measure": "rsvps"}
    html = render_to_string("campaigns/progress.html", {"progress": progress})
    assert "1 person registered for an event of a goal of 10" in html
