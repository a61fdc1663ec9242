"""Issue 12 item 1: the supporter checks the finished letter before it
leaves. The confirmation page and the confirmation email show each
recipient's letter exactly as it is delivered (placeholders filled, signed
with name, city, province and postal code); placeholders the supporter
types are checked like the organizer's."""

import re

import pytest

from advocacy.models import Letter, LetterRecipient
from tests.settle import tracked_tasks

from .test_letters import errors, letter_post, soup, two_mps  # noqa: F401

pytestmark = pytest.mark.usefixtures("two_mps")

TEMPLATE = (
    "Dear {representative_name},\n\nPlease act for survivors in {district}.\n"
    "It matters in {supporter_city}.\n\nSincerely,\n{supporter_name}"
)


def preview_text(blockquote):
    """The text of a letter shown with ``linebreaks``: paragraphs apart by
    a blank line, lines by a line break, as a reader sees them."""
    paragraphs = []
    for paragraph in blockquote.find_all("p"):
        for br in paragraph.find_all("br"):
            br.replace_with("\n")
        paragraphs.append(paragraph.get_text())
    return "\n\n".join(paragraphs)


def delivered_text(message):
    """The plain-text letter a recipient got, without the site's footer."""
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    return text.split("\n-- \n", 1)[0].strip()


def previews(response):
    """{recipient heading: (subject, text)} from the confirmation page."""
    found = {}
    for section in soup(response).select(".letter-preview"):
        heading = section.find("h3").get_text(" ", strip=True)
        subject = section.select_one(".letter-preview__subject").get_text()
        found[heading] = (subject, preview_text(section.find("blockquote")))
    return found


@pytest.mark.django_db(transaction=True)
def test_the_letter_checked_before_sending_is_the_letter_delivered(
    client, campaign, smtp_server, celery_worker
):
    page = campaign(
        subject_template="Survivors in {district}, {representative_name}",
        body_template=TEMPLATE,
    )
    step2 = client.post(page.url, {"postal_code": "K1A 0B1"})
    ids = [
        i["value"]
        for i in soup(step2).find_all("input", attrs={"name": "representative"})
    ]
    with tracked_tasks() as tasks:
        response = letter_post(
            client,
            page,
            ids[0],
            representative=ids,
            subject=page.subject_template,
            body=TEMPLATE,
            province="ON",
        )
        assert response.status_code == 302
        tasks.wait()
    [confirmation] = smtp_server.to("sam@example.org")
    text = confirmation.get_body(("plain",)).get_content().replace("\r\n", "\n")
    confirm_path = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+/)", text).group(1)

    shown = previews(client.get(confirm_path))
    assert list(shown) == ["To Ada Lovelace, MP", "To Grace Hopper, MP"]
    subject, ada_text = shown["To Ada Lovelace, MP"]
    assert subject == "Survivors in Ottawa Centre, Ada Lovelace"
    assert ada_text == (
        "Dear Ada Lovelace,\n\nPlease act for survivors in Ottawa Centre.\n"
        "It matters in Ottawa.\n\nSincerely,\nSam Rivera\nOttawa, ON K1A 0B1"
    )
    assert not any("{" in subject + text for subject, text in shown.values())
    # The confirmation email shows the same finished letters.
    for _subject, letter_text in shown.values():
        assert letter_text in text

    with tracked_tasks() as tasks:
        client.post(confirm_path)
        tasks.wait()
    assert LetterRecipient.objects.filter(status="sent").count() == 2
    for address, heading in [
        ("ada.lovelace@example.org", "To Ada Lovelace, MP"),
        ("grace.hopper@example.org", "To Grace Hopper, MP"),
    ]:
        [delivered] = smtp_server.to(address)
        assert delivered["Subject"] == shown[heading][0]
        assert delivered_text(delivered) == shown[heading][1]


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["subject", "body"])
def test_an_unknown_placeholder_typed_by_the_supporter_is_refused(
    client, campaign, field
):
    page = campaign()
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    response = letter_post(
        client, page, ada, **{field: "Thank you, {supporter_nmae}, for acting now."}
    )
    assert response.status_code == 200
    message = errors(response)
    assert "Unknown placeholder(s): {supporter_nmae}." in message
    assert "Valid placeholders: {representative_name}," in message
    assert "{supporter_name}" in message
    assert Letter.objects.count() == 0


@pytest.mark.django_db
def test_known_placeholders_typed_by_the_supporter_are_filled(client, campaign):
    page = campaign()
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    response = letter_post(
        client,
        page,
        ada,
        body="Dear {representative_first_name}, {supporter_city} asks you to act.",
    )
    assert response.status_code == 302
    letter = Letter.objects.get()
    confirm = client.get(page.url + f"confirm/{letter.token()}/")
    [(_subject, text)] = previews(confirm).values()
    assert text == (
        "Dear Ada, Ottawa asks you to act.\n\nSam Rivera\nOttawa, ON K1A 0B1"
    )
