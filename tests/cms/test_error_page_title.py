"""One mechanism for "Errors you can see" (issue 12, item 3): every page that
shows a refused form starts its title with "Error: " ("Erreur : " in
French) and its first error summary carries ``autofocus``, so the browser
opens the page at it, focused, without JavaScript too. Nothing per view:
base.html reads the page's context; form_errors.html marks the first
summary."""

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from cms.models import PersonalDataRequest
from events.forms import QuestionForm

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def title(response):
    return soup(response).title.get_text().replace("\u00a0", " ")


def summaries(response):
    return soup(response).select(".error-summary")


def test_a_refused_rsvp_says_error_first_and_focuses_its_summary(client, event):
    """(French and the other forms: tests/browser/test_ux_error_summary.py.)"""
    response = client.post(event.url + "register/", {"name": "", "email": "nope"})
    assert response.status_code == 200
    assert title(response).startswith("Error: "), title(response)
    [summary] = summaries(response)
    assert summary.has_attr("autofocus")
    # A refused POST answer is never kept by a shared cache.
    assert "no-store" in response["Cache-Control"]


def test_a_page_without_errors_has_no_prefix_and_no_autofocus(client, event):
    response = client.get(event.url)
    assert not title(response).startswith("Error")
    assert not soup(response).select("[autofocus]")
    # Looking for refused forms evaluates none of the context's lazy values
    # (the CSRF token sets a cookie): the page stays shared-cacheable.
    assert response["Cache-Control"].startswith("public"), response["Cache-Control"]
    assert not response.cookies


def test_a_refusal_that_is_no_forms_says_error_too(client, site_pages):
    """The "Your data" page refuses a deletion whose box is not ticked: a
    message of the view's, not a form's, shown by the same summary."""
    from cms import personal_data

    data_request = PersonalDataRequest.objects.create(email="sam@example.org")
    token = personal_data.LINK.token(data_request)
    path = reverse("personal_data_manage", args=[token])
    response = client.post(path, {"action": "delete"})
    assert response.status_code == 400
    assert title(response).startswith("Error: ")
    [summary] = summaries(response)
    assert summary.has_attr("autofocus")
    [link] = summary.select("li a")
    assert soup(response).find(id=link["href"][1:])["type"] == "checkbox"


def test_only_the_first_summary_of_a_page_takes_the_focus(rf):
    """A page may hold one ``autofocus`` only."""
    template = Template(
        '{% include "includes/form_errors.html" with form=one %}'
        '{% include "includes/form_errors.html" with form=two %}'
    )
    one, two = QuestionForm({}, prefix="one"), QuestionForm({}, prefix="two")
    html = BeautifulSoup(
        template.render(Context({"one": one, "two": two, "request": rf.get("/")})),
        "html.parser",
    )
    first, second = html.select(".error-summary")
    assert first.has_attr("autofocus")
    assert not second.has_attr("autofocus")


def test_the_prefix_reads_any_refused_form_of_the_context(rf):
    template = Template("{% load cms_tags %}{% page_has_errors %}")
    refused = QuestionForm({})
    assert template.render(Context({"question_form": refused})) == "True"
    assert template.render(Context({"question_form": QuestionForm()})) == "False"
    assert template.render(Context({"error": "Tick the box."})) == "True"
    assert template.render(Context({"error": ""})) == "False"
    assert template.render(Context({"other": refused})) == "True"


def test_the_prefix_is_french_on_french_pages():
    template = Template('{% load i18n %}{% translate "Error:" %}')
    with translation.override("fr"):
        assert template.render(Context()).replace("\u00a0", " ") == "Erreur :"
