"""The check that our templates print no variable missing from their
context (tests/template_checks.py) finds one, names where, and leaves
Django's and Wagtail's own templates alone."""

from django.template import Context, Template
from django.template.loader import render_to_string

from tests.template_checks import take_found


def test_a_missing_variable_in_our_template_is_named_with_its_line():
    html = render_to_string("blocks/heading_block.html", {"value": {"level": "h2"}})
    assert "<h2" in html  # it rendered, as in production
    assert take_found() == ["blocks/heading_block.html:1: value.text"]


def test_a_missing_variable_with_a_default_is_not_reported():
    html = Template('{{ nothing|default:"fallback" }}').render(Context({}))
    assert html == "fallback"
    assert take_found() == []


def test_templates_that_are_not_in_our_folder_are_left_alone():
    html = Template("<p>{{ nothing }}</p>").render(Context({}))
    assert html == "<p></p>"
    assert take_found() == []
