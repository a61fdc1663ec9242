"""Letter campaigns: templates, the supporter's journey, confirmation and
delivery exactly once, against a real SMTP server and Celery worker."""

import re
import time as clock
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from advocacy.models import Letter, LetterCampaignPage, LetterRecipient
from advocacy.services import letters as service
from tests.settle import tracked_tasks

from .conftest import mp


@pytest.fixture
def two_mps(represent):
    represent.routes["/postcodes/K1A0B1/"] = (
        200,
        {
            "city": "Ottawa",
            "province": "ON",
            "representatives_centroid": [mp("Ada Lovelace", "1", "Ottawa Centre")],
            "representatives_concordance": [
                mp("Ada Lovelace", "1", "Ottawa Centre"),
                mp("Grace Hopper", "2", "Ottawa South"),
                mp("Ian Smith", "9", "Ottawa Centre", office="MPP"),
            ],
        },
        0,
    )
    return represent


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def errors(response):
    summary = soup(response).find("div", class_="error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


@pytest.mark.django_db
def test_unknown_placeholders_are_refused_on_save(campaign):
    page = campaign()
    page.body_template = (
        "Dear {representative_nmae}, {representative_name.__class__} {{x}}"
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    message = str(error.value)
    assert (
        "Unknown placeholder(s): {representative_name.__class__}, "
        "{representative_nmae}, {x}" in message
    )
    assert "Valid placeholders: {representative_name}" in message


@pytest.mark.django_db
def test_the_journey_step_by_step(client, campaign, two_mps):
    page = campaign()
    start = client.get(page.url)
    assert "Step 1 of 3" in start.content.decode()
    step2 = client.post(page.url, {"postal_code": "k1a-0b1"})
    names = [
        s.get_text(" ", strip=True) for s in soup(step2).select(".recipient strong")
    ]
    assert names == [
        "Ada Lovelace",
        "Grace Hopper",
    ]  # federal only: the MPP is left out
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    step3 = client.post(
        page.url + "recipients/", {"postal_code": "K1A0B1", "representative": [ada]}
    )
    form = soup(step3).find("form", class_="form")
    # The browser drops the newline Django puts after <textarea>.
    body = form.find("textarea", attrs={"name": "body"}).get_text().lstrip("\n")
    assert body.startswith("Dear {representative_name},")
    response = client.post(
        page.url + "letter/",
        {
            "postal_code": "K1A0B1",
            "representative": [ada],
            "subject": form.find("input", attrs={"name": "subject"})["value"],
            "body": body,
            "name": "Sam Rivera",
            "email": "Sam@Example.org",
            "city": "Ottawa",
            "province": "ON",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == page.url + "check-your-email/"
    letter = Letter.objects.get()
    assert letter.status == "awaiting" and letter.email == "sam@example.org"
    [row] = letter.recipients.all()
    subject, body = service.letter_for(row)
    assert subject == "Protect survivors, MP Lovelace"
    assert body.startswith(
        "Dear Ada Lovelace,\n\nPlease act for survivors in Ottawa Centre."
    )
    assert body.endswith("Sincerely,\nSam Rivera")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("postal_code", "message"),
    [
        ("", "Enter your postal code"),
        ("K1A OB1", "never use the letters D, F, I, O, Q or U"),
        ("Z1A0B1", "starts with W or Z"),
        ("12345", "is not a Canadian postal code"),
    ],
)
def test_bad_postal_codes_are_explained(client, campaign, postal_code, message):
    page = campaign()
    response = client.post(page.url, {"postal_code": postal_code})
    assert response.status_code == 200
    assert message in errors(response)


def letter_post(client, page, ada_pk, **fields):
    data = {
        "postal_code": "K1A0B1",
        "representative": [ada_pk],
        "subject": "Hello {representative_name}",
        "body": "Dear {representative_name}, please act. " * 3,
        "name": "Sam Rivera",
        "email": "sam@example.org",
        "city": "Ottawa",
        "province": "ON",
    }
    data.update(fields)
    return client.post(page.url + "letter/", data)


@pytest.fixture
def ada(client, campaign, two_mps):
    page = campaign()
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    return page, soup(step2).find("input", attrs={"name": "representative"})["value"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Enter your name"),
        ({"name": "Eve\r\nBcc: all@example.org"}, "Your name must be on one line"),
        ({"subject": "Hi\nBcc: all@example.org"}, "The subject must be on one line"),
        ({"email": "nope"}, "Enter an email address like name@example.org."),
        ({"province": "XX"}, "Choose a province or territory from the list."),
        ({"body": "word " * 1200}, "keep it to 1000 or fewer"),
        ({"name": "x" * 100_000}, "Your name must be 100 characters or fewer."),
    ],
)
def test_bad_letters_are_refused_clearly(client, ada, fields, message):
    page, ada_pk = ada
    response = letter_post(client, page, ada_pk, **fields)
    assert response.status_code == 200
    assert message in errors(response)
    assert Letter.objects.count() == 0


@pytest.mark.django_db
def test_hostile_text_comes_out_literally(
    client, ada, mailoutbox, django_capture_on_commit_callbacks
):
    page, ada_pk = ada
    # Template syntax in the letter is refused like an unknown placeholder
    # (issue 12: a supporter's braces are checked like the organizer's).
    refused = letter_post(
        client, page, ada_pk, body="{{ settings.SECRET_KEY }} {% debug %} act"
    )
    assert "Unknown placeholder(s): { settings.SECRET_KEY }, {% debug %}." in (
        errors(refused)
    )
    # What is accepted comes out as typed: markup, and a name that looks
    # like template syntax (filled in one pass, never read again).
    hostile = "<script>alert(1)</script> please act {supporter_name}"
    letter_post(
        client, page, ada_pk, name="Sam {{ settings.SECRET_KEY }}", body=hostile
    )
    row = LetterRecipient.objects.get()
    _subject, body = service.letter_for(row)
    literal = "<script>alert(1)</script> please act Sam {{ settings.SECRET_KEY }}"
    assert body == literal
    email = service.build_letter_email(row)
    assert literal in email.body
    assert "Sam {{ settings.SECRET_KEY }}" in email.from_email
    confirm_page = client.get(page.url + f"confirm/{row.letter.token()}/")
    html = confirm_page.content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_one_letter_per_supporter_and_recipient(client, ada):
    page, ada_pk = ada
    first = letter_post(client, page, ada_pk)
    response = letter_post(client, page, ada_pk, email="SAM@example.org")
    # Answered as a new letter (the page must not tell anyone that this
    # address wrote already: its owner is told by email, see
    # test_letter_emails.py), and nothing new is stored.
    assert response.status_code == first.status_code == 302
    assert response["Location"] == first["Location"]
    assert errors(response) == ""
    assert Letter.objects.count() == 1


@pytest.mark.django_db
def test_a_personal_paragraph_is_required_when_asked(client, campaign, two_mps):
    page = campaign(require_personal_paragraph=True, personal_paragraph_prompt="Why?")
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ada_pk = soup(step2).find("input", attrs={"name": "representative"})["value"]
    subject, body = service.draft(page)
    response = letter_post(client, page, ada_pk, subject=subject, body=body)
    assert "Add a few words of your own" in errors(response)


@pytest.mark.django_db
def test_forged_and_expired_confirmation_links(client, ada):
    page, ada_pk = ada
    letter_post(client, page, ada_pk)
    letter = Letter.objects.get()
    forged = client.get(page.url + "confirm/1-" + "a" * 40 + "/")
    assert (
        forged.status_code == 404
        and "This link does not work" in forged.content.decode()
    )
    Letter.objects.update(created_at=timezone.now() - timedelta(hours=49))
    expired = client.post(page.url + f"confirm/{letter.token()}/")
    assert expired.status_code == 410
    assert "has expired (after 48 hours)" in expired.content.decode()
    assert Letter.objects.get().status == "awaiting"
    assert service.expire_unconfirmed() == 1
    assert Letter.objects.count() == 0


def wait_for(condition, timeout=20):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if condition():
            return True
        clock.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_confirmation_releases_letters_sent_once(
    client, campaign, two_mps, smtp_server, celery_worker
):
    page = campaign()
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ids = [
        i["value"]
        for i in soup(step2).find_all("input", attrs={"name": "representative"})
    ]
    letter_post(client, page, ids[0], representative=ids, send_copy="on")
    assert wait_for(lambda: len(smtp_server.to("sam@example.org")) == 1)
    confirmation = smtp_server.to("sam@example.org")[0]
    assert confirmation["Subject"] == "Confirm your letter: Protect survivors"
    text = confirmation.get_body(("plain",)).get_content()
    assert "Ada Lovelace" in text and "Grace Hopper" in text
    path = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+/)", text).group(1)
    assert not smtp_server.to("ada.lovelace@example.org")  # nothing before confirmation

    assert client.get(path).status_code == 200  # a link preview sends nothing
    with tracked_tasks() as tasks:
        response = client.post(path)
        assert response["Location"].startswith(page.url + "thank-you/")
        client.post(path)  # a second click, or a duplicated task: nothing more
        tasks.wait()  # the deliveries queued have run
    rows = LetterRecipient.objects.all()
    assert rows.filter(status="sent").count() == 2
    [to_ada] = smtp_server.to("ada.lovelace@example.org")
    [to_grace] = smtp_server.to("grace.hopper@example.org")
    assert to_ada["Reply-To"] == "sam@example.org"
    assert to_ada["From"].startswith("Sam Rivera <")
    assert to_ada["Cc"] == "sam@example.org"
    assert "Dear Ada Lovelace," in to_ada.get_body(("plain",)).get_content()
    assert "Dear Grace Hopper," in to_grace.get_body(("plain",)).get_content()
    # The same task again: still one each.
    from advocacy.tasks import deliver_letters

    with tracked_tasks() as tasks:
        deliver_letters.delay([row.pk for row in rows])
        assert tasks.wait() == 1  # it ran, and found nothing to send
    assert len(smtp_server.to("ada.lovelace@example.org")) == 1
    thanks = client.get(response["Location"]).content.decode()
    assert "1 letter sent of a goal of 10" in thanks


@pytest.mark.django_db
def test_permanent_refusal_is_recorded_and_can_be_resent(ada, client, smtp_server):
    page, ada_pk = ada
    letter_post(client, page, ada_pk)
    row = LetterRecipient.objects.get()
    LetterRecipient.objects.update(email="ada@refused.example", status="pending")
    service.deliver([row.pk])
    row.refresh_from_db()
    assert row.status == "failed" and "550" in row.error
    LetterRecipient.objects.update(email="ada@example.org")
    service.resend(row)
    service.deliver([row.pk])
    row.refresh_from_db()
    assert row.status == "sent"


@pytest.mark.django_db
def test_printable_letter_pdf(client, campaign, two_mps, media_roots):
    import io

    from pypdf import PdfReader

    from advocacy.services.printing import store_letter_pdf
    from advocacy.services.representatives import upsert_representative

    page = campaign(delivery="both", target_levels="federal,provincial")
    people = [
        mp("Ada Lovelace", "1", "Ottawa Centre"),
        mp("Ian Côté", "9", "Ottawa-Centre", office="MPP"),
    ]
    two_mps.routes["/postcodes/K1P5G4/"] = (
        200,
        {"representatives_concordance": people},
        0,
    )
    ada, mpp = (upsert_representative(data)[0] for data in people)
    letter = service.submit_letter(
        page,
        recipients=[ada, mpp],
        name="Sam Rivière",
        email="sam@example.org",
        city="Ottawa",
        province="ON",
        postal_code="K1P5G4",
        street_address="12 Rue Élgin",
        subject="Protect survivors, {representative_title} {representative_last_name}",
        body="Dear {representative_name},\n\nPlease act for survivors in {district}.",
        language="en",
    )
    service.confirm_letter(letter)
    # The download waits for the worker: a short page that refreshes.
    url = page.url + f"letter-{letter.token('download')}.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert '<meta http-equiv="refresh" content="3">' in waiting.content.decode()

    name = store_letter_pdf(letter.pk)
    assert store_letter_pdf(letter.pk) == name  # rendered once
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    first, second = (p.extract_text() for p in reader.pages)
    assert "Sam Rivière" in first and "12 Rue Élgin" in first and "K1P 5G4" in first
    assert "Ada Lovelace, MP" in first
    assert "House of Commons" in first and "K1A 0A6" in first
    assert "No postage is needed for mail to a Member of Parliament." in first
    assert "Dear Ada Lovelace," in first and "Ottawa Centre" in first
    assert "Dear Ian Côté," in second and "No postage" not in second
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and "/StructTreeRoot" in root
    assert reader.metadata.title == letter.subject


def printed_letter(page):
    """A letter to one MP, sent on paper only, not yet confirmed."""
    from advocacy.services.representatives import upsert_representative

    ada, _ = upsert_representative(mp("Ada Lovelace", "1", "Ottawa Centre"))
    return service.submit_letter(
        page,
        recipients=[ada],
        postal_code="K1A0B1",
        name="Sam",
        email="s@example.org",
        city="Ottawa",
        province="ON",
        subject="Hi",
        body="Please act now for survivors.",
    )


@pytest.mark.django_db
def test_pdf_link_refused_before_confirmation_and_forged(client, campaign, two_mps):
    page = campaign(delivery="pdf")
    letter = printed_letter(page)
    assert (
        client.get(page.url + f"letter-{letter.token('download')}.pdf").status_code
        == 404
    )
    assert (
        client.get(page.url + f"letter-{letter.token('confirm')}.pdf").status_code
        == 404
    )
    service.confirm_letter(letter)
    assert LetterRecipient.objects.get().status == "print"  # nothing emailed


@pytest.mark.django_db
def test_printable_letter_is_private_and_handed_to_the_proxy(
    client, campaign, two_mps, media_roots, nginx_sendfile
):
    """Issue 10: the letter (name, address, text) is not under /media/; its
    download link's token gets it, and nginx sends the bytes."""
    from advocacy.services.printing import store_letter_pdf

    page = campaign(delivery="pdf")
    letter = printed_letter(page)
    service.confirm_letter(letter)
    name = store_letter_pdf(letter.pk)
    public, private = media_roots
    assert not public.exists()
    assert [str(p.relative_to(private)) for p in private.rglob("*.pdf")] == [name]

    response = client.get(page.url + f"letter-{letter.token('download')}.pdf")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/private-media/{name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Cache-Control"].startswith("private, no-store")
    for wrong in (letter.token("confirm"), "forged"):
        refused = client.get(page.url + f"letter-{wrong}.pdf")
        assert refused.status_code == 404 and "X-Accel-Redirect" not in refused


@pytest.mark.django_db
def test_supporter_deletes_their_letter(client, ada):
    page, ada_pk = ada
    letter_post(client, page, ada_pk)
    letter = Letter.objects.get()
    url = page.url + f"delete/{letter.token('delete')}/"
    assert "Delete your letter" in client.get(url).content.decode()
    assert client.get(page.url + f"delete/{letter.token()}/").status_code == 404
    response = client.post(url)
    assert "Your letter and your details are deleted." in response.content.decode()
    assert Letter.objects.count() == LetterRecipient.objects.count() == 0


@pytest.mark.django_db
def test_old_letters_are_anonymised(ada, client):
    page, ada_pk = ada
    letter_post(client, page, ada_pk)
    Letter.objects.update(created_at=timezone.now() - timedelta(days=100))
    assert service.anonymise_old_letters(90) == 1
    letter = Letter.objects.get()
    assert (letter.supporter_name, letter.email, letter.body) == ("", "", "")
    assert letter.anonymised_at and LetterRecipient.objects.count() == 1
    assert service.anonymise_old_letters(90) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "settings_values", "reason"),
    [
        (
            {"body": "Read this: https://spam.example/win please act"},
            {},
            "contains a link",
        ),
        (
            {"body": "You are a disgrace and must act now"},
            {"ADVOCACY_HOLD_WORDS": ["disgrace"]},
            "contains “disgrace”",
        ),
    ],
)
def test_flagged_letters_are_held_for_a_moderator(
    client, ada, settings, mailoutbox, fields, settings_values, reason
):
    for name, value in settings_values.items():
        setattr(settings, name, value)
    page, ada_pk = ada
    letter_post(client, page, ada_pk, **fields)
    letter = Letter.objects.get()
    response = client.post(page.url + f"confirm/{letter.token()}/")
    thanks = client.get(response["Location"]).content.decode()
    assert "a moderator will read your letter first" in thanks
    letter.refresh_from_db()
    assert letter.status == "held" and reason in letter.held_reason
    assert set(letter.recipients.values_list("status", flat=True)) == {"waiting"}
    # Nothing leaves before a Moderator: no delivery is queued.
    assert not LetterRecipient.objects.filter(status="pending").exists()


@pytest.mark.django_db
def test_many_letters_from_one_address_are_held(client, campaign, two_mps, settings):
    from advocacy.services.confirmation import confirm_or_hold
    from advocacy.services.representatives import upsert_representative

    settings.ADVOCACY_HOLD_AFTER_PER_DAY = 2
    outcomes = []
    for number in range(3):
        page = campaign()
        rep, _ = upsert_representative(mp("Ada Lovelace", "1", "Ottawa Centre"))
        letter = service.submit_letter(
            page,
            recipients=[rep],
            postal_code="K1A0B1",
            name="Sam",
            email="sam@example.org",
            city="Ottawa",
            province="ON",
            subject="Hi",
            body=f"Please act now {number}",
        )
        outcomes.append(confirm_or_hold(letter))
    assert outcomes == ["confirmed", "confirmed", "held"]


@pytest.mark.django_db
def test_a_campaign_needs_someone_to_write_to(client, site_pages, admin_user):
    client.force_login(admin_user)
    home = site_pages["home_en"]
    data = {
        "title": "Nobody to write to",
        "slug": "nobody",
        "topic": "other",
        "subject_template": "Hello",
        "body_template": "Please act, {representative_name}.",
        "min_words": "0",
        "max_words": "1000",
        "delivery": "email",
        "goal": "10",
        "action-publish": "publish",
    }
    response = client.post(
        f"/admin/pages/add/advocacy/lettercampaignpage/{home.pk}/", data
    )
    assert response.status_code == 200
    assert "Choose the elected offices to write to, or fixed targets, or both." in (
        response.content.decode()
    )
    assert not LetterCampaignPage.objects.filter(slug="nobody").exists()
    data["target_levels"] = ["federal"]
    data["body_template"] = "Please act, {representative_nmae}."
    response = client.post(
        f"/admin/pages/add/advocacy/lettercampaignpage/{home.pk}/", data
    )
    assert "Unknown placeholder(s): {representative_nmae}" in response.content.decode()
    data["body_template"] = "Please act, {representative_name}."
    response = client.post(
        f"/admin/pages/add/advocacy/lettercampaignpage/{home.pk}/", data
    )
    assert response.status_code == 302
    page = LetterCampaignPage.objects.get(slug="nobody", locale__language_code="en")
    assert page.levels == ["federal"]
