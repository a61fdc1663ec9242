"""The error summary every public form shares (GOV.UK's pattern): each entry
names its field and links to it, and no form answers with Django's default
messages, which name nothing (issue 18, item 14)."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import PageViewRestriction

from advocacy.forms import LetterForm, PostalCodeForm
from advocacy.models import LetterCampaignPage
from campaigns.forms import FlyerDownloadForm
from campaigns.models import FlyerPage
from events.forms import EventFilterForm, QuestionForm, RegistrationForm
from events.models import EventPage

pytestmark = pytest.mark.django_db  # a ModelForm's validation reads the database

# Django's own messages: each says what is wrong with "this" or "the" value,
# never which field or what to do.
DEFAULT_MESSAGES = (
    "This field is required.",
    "Ensure this value",
    "Select a valid choice",
    "Enter a valid",
    "Enter a number.",
)

TOO_LONG = "x" * 5000


def letter_form(data, **campaign):
    fields = {"allow_editing": True, "delivery": "both", **campaign}
    return LetterForm(data, campaign=LetterCampaignPage(**fields))


FORMS = {
    "postal code": lambda data: PostalCodeForm(data),
    "letter": letter_form,
    "letter with a paragraph of one's own": lambda data: letter_form(
        data, require_personal_paragraph=True, personal_paragraph_prompt="Why?"
    ),
    "registration": lambda data: RegistrationForm(
        data, event=EventPage(max_party_size=4)
    ),
    "town-hall question": lambda data: QuestionForm(data),
    "flyer": lambda data: FlyerDownloadForm(data, flyer=FlyerPage(orientations="both")),
    "event filters": lambda data: EventFilterForm(data),
}
BAD_INPUT = {
    "empty": {},
    "too long or out of range": {
        "postal_code": TOO_LONG,
        "subject": TOO_LONG,
        "body": "",
        "personal_paragraph": TOO_LONG,
        "name": TOO_LONG,
        "email": "x@" + TOO_LONG + ".org",
        "city": TOO_LONG,
        "province": "XX",
        "street_address": TOO_LONG,
        "party_size": "99",
        "language": "de",
        "accessibility_needs": TOO_LONG,
        "question": TOO_LONG,
        "size": "huge",
        "orientation": "upside-down",
        "business_name": TOO_LONG,
        "local_contact": TOO_LONG,
        "sector": "piracy",
        "copies": "0",
        "type": "rave",
        "mode": "telepathy",
    },
    "not numbers, not addresses": {
        "email": "not an address",
        "party_size": "two",
        "copies": "lots",
    },
    "too many copies": {"copies": "5000", "party_size": "0"},
}


def summary_and_fields(form):
    """The summary and every visible field as the templates render them."""
    html = render_to_string("includes/form_errors.html", {"form": form})
    for field in form:
        if not field.is_hidden:
            html += render_to_string("includes/form_field.html", {"field": field})
    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("bad", BAD_INPUT)
@pytest.mark.parametrize("kind", FORMS)
def test_every_error_names_its_field_and_links_to_it(kind, bad, language):
    with translation.override(language):
        form = FORMS[kind](BAD_INPUT[bad])
        form.is_valid()
        html = summary_and_fields(form)
        fields = {field.html_name: field for field in form}
        links = html.select(".error-summary li a")
        assert len(links) == sum(len(field.errors) for field in form)
        for link in links:
            target = html.find(id=link["href"].removeprefix("#"))
            assert target is not None, f"{link['href']} is nowhere on the page"
            assert target.name in ("input", "select", "textarea")
            field = fields[target["name"]]
            text = link.get_text(" ", strip=True)
            assert text.startswith(str(field.label)), text
            assert any(text.endswith(str(error)) for error in field.errors), text


@pytest.mark.parametrize("bad", BAD_INPUT)
@pytest.mark.parametrize("kind", FORMS)
def test_no_form_answers_with_djangos_default_messages(kind, bad):
    form = FORMS[kind](BAD_INPUT[bad])
    form.is_valid()
    messages = [str(error) for errors in form.errors.values() for error in errors]
    assert [
        message
        for message in messages
        if any(message.startswith(default) for default in DEFAULT_MESSAGES)
    ] == []


def test_the_letter_summary_names_both_missing_fields():
    """The letter form said "This field is required." twice, naming nothing."""
    form = letter_form({"name": "Sam", "email": "sam@example.org"})
    html = summary_and_fields(form)
    entries = [li.get_text(" ", strip=True) for li in html.select(".error-summary li")]
    assert entries == [
        "Subject: Enter the subject of your letter.",
        "Your letter: Write your letter.",
        "City or town: Enter your city or town.",
        "Province or territory: Choose your province or territory.",
    ]


def test_the_password_form_summary_names_the_password_field():
    form = PasswordViewRestrictionForm(
        {"password": "wrong", "return_url": "/"},
        instance=PageViewRestriction(password="right"),
    )
    html = summary_and_fields(form)
    [link] = html.select(".error-summary li a")
    assert link.get_text(" ", strip=True).startswith("Password: ")
    assert html.find(id=link["href"][1:])["type"] == "password"


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("register/", {"name": "", "email": "nope"}),
        ("question/", {"question": "", "name": "x" * 200}),
    ],
)
def test_a_town_hall_links_each_forms_errors_to_its_own_fields(
    client, event, path, data
):
    """A town hall holds two forms, RSVP and question, that both ask a name.
    Both names were ``id_name`` (and both honeypots ``id_website``): the
    error summary's "Your name" link and the question form's label led to
    the RSVP form's field. Each form's ids are now its own."""
    event.questions_open = True
    event.save_revision().publish()
    response = client.post(event.url + path, data)
    html = BeautifulSoup(response.content, "html.parser")
    forms = html.select("main form[method=post]")
    assert len(forms) == 2
    ids = [element["id"] for element in html.select("[id]")]
    assert sorted(ids) == sorted(set(ids))
    summary = html.select_one(".error-summary")
    form = summary.find_parent("form")
    assert form["action"].startswith(event.url + path)
    links = summary.select("li a")
    assert any(link.get_text().startswith("Your name") for link in links)
    for link in links:
        target = html.find(id=link["href"].removeprefix("#"))
        assert target.find_parent("form") is form, link["href"]
    for label in html.select("main form label[for]"):
        target = html.find(id=label["for"])
        assert target.find_parent("form") is label.find_parent("form"), label


def test_every_public_form_class_names_its_own_ids():
    """Two public forms may share a page: none keeps Django's ``id_%s``,
    and no two share a pattern."""
    import cms.personal_data_views  # noqa: F401 (declares the "Your data" form)
    from cms.forms import HoneypotMixin, PublicForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    patterns = {
        form.__name__: form.auto_id
        for form in subclasses(PublicForm)
        if form is not HoneypotMixin
    }
    assert {"RegistrationForm", "QuestionForm", "LetterForm"} <= patterns.keys()
    assert "id_%s" not in patterns.values(), patterns
    assert len(set(patterns.values())) == len(patterns), patterns
