"""What supporters and representatives read: the confirmation email (its
links, the letter as each recipient gets it, in the supporter's language),
the notice to someone who already wrote, and mail to addresses that need
SMTPUTF8."""

import re
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from advocacy.models import Letter, LetterCampaignPage, LetterRecipient
from advocacy.services import letters as service
from tests.conftest import Inbox, _Handler, free_port
from tests.settle import tracked_tasks

from .test_letters import letter_post, soup, two_mps  # noqa: F401

#: Represent answers K1A 0B1 with two MPs (and an MPP), for every test here.
pytestmark = pytest.mark.usefixtures("two_mps")


def links(text):
    """Paths of the site's links in a plain-text email."""
    return re.findall(r"https?://testserver(/\S+)", text)


def html_links(mail):
    html = mail.alternatives[0][0]
    return [a["href"] for a in soup_of(html).find_all("a", href=True)]


def soup_of(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def write_to_both(client, page):
    """Through the pages, as a supporter does: a letter to both MPs."""
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ids = [
        i["value"]
        for i in soup(step2).find_all("input", attrs={"name": "representative"})
    ]
    response = letter_post(client, page, ids[0], representative=ids)
    assert response.status_code == 302
    return ids


# --- Issue 9 item 2: the deletion link and the letter as sent ---------------------
@pytest.mark.django_db
def test_confirmation_email_gives_working_links_and_the_letter_as_sent(
    client, campaign, mailoutbox
):
    page = campaign(delivery="both")
    write_to_both(client, page)
    letter = Letter.objects.get()
    service.send_confirmation(letter.pk)

    [mail] = mailoutbox
    assert mail.to == ["sam@example.org"]
    assert mail.subject == "Confirm your letter: Protect survivors"
    text = mail.body
    # Each recipient's letter, placeholders filled: what they will read.
    assert "Hello Ada Lovelace" in text and "Hello Grace Hopper" in text
    assert "Dear Ada Lovelace, please act." in text
    assert "Dear Grace Hopper, please act." in text
    assert "{representative_name}" not in text

    delete_intro = "To delete your letter and your details from our records"
    delete_path = links(text.split(delete_intro, 1)[1])[0]
    assert delete_path == page.url + f"delete/{letter.token('delete')}/"
    delete_page = client.get(delete_path)
    assert delete_page.status_code == 200
    assert "Delete your letter" in delete_page.content.decode()

    pdf_intro = "Once confirmed, your printable letter is here:"
    assert pdf_intro in text
    pdf_path = links(text.split(pdf_intro, 1)[1])[0]
    assert pdf_path == page.url + f"letter-{letter.token('download')}.pdf"

    # The HTML part carries the same links and letters.
    html = mail.alternatives[0][0]
    assert mail.alternatives[0][1] == "text/html"
    hrefs = html_links(mail)
    assert "http://testserver" + delete_path in hrefs
    assert "http://testserver" + pdf_path in hrefs
    assert "Dear Grace Hopper, please act." in soup_of(html).get_text(" ")
    # The CASL footer: who sends it, from where.
    assert "1 Test Street" in text and "Networks of Care" in text


@pytest.mark.django_db
def test_confirmation_email_of_an_email_only_campaign_has_no_pdf_link(
    client, campaign, mailoutbox
):
    page = campaign(delivery="email")
    write_to_both(client, page)
    service.send_confirmation(Letter.objects.get().pk)
    [mail] = mailoutbox
    assert "printable letter" not in mail.body
    assert ".pdf" not in mail.body


# --- Issue 9 item 9: French letter writers stay in French ---------------------------
@pytest.fixture
def french_pair(campaign, site_pages):
    english = campaign(title="Fund survivor services", slug="fund-services")
    french = LetterCampaignPage(
        title="Financer les services",
        slug="lettre-financer-les-services",
        topic=english.topic,
        target_levels=english.target_levels,
        subject_template=english.subject_template,
        body_template=(
            "Madame, Monsieur {representative_name},\n\nAgissez pour les "
            "survivantes à {district}.\n\n{supporter_name}"
        ),
        goal=10,
        locale=site_pages["home_fr"].locale,
        translation_key=english.translation_key,
    )
    site_pages["home_fr"].add_child(instance=french)
    french.save_revision().publish()
    return english, french


@pytest.mark.django_db
def test_a_letter_written_in_french_is_confirmed_in_french(
    client, french_pair, mailoutbox
):
    english, french = french_pair
    assert french.url.startswith("/fr/")
    step2 = client.post(french.url, {"postal_code": "K1A0B1"})
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    response = letter_post(
        client,
        french,
        ada,
        body="Madame, Monsieur {representative_name}, agissez maintenant.",
    )
    assert response["Location"] == french.url + "check-your-email/"
    letter = Letter.objects.get()
    assert letter.campaign_id == english.pk and letter.language == "fr"

    service.send_confirmation(letter.pk)
    [mail] = mailoutbox
    # cms.mail puts subjects on one line with plain spaces (str.split).
    assert mail.subject == "Confirmez votre lettre : Financer les services"
    assert "Madame, Monsieur Ada Lovelace, agissez maintenant." in mail.body
    paths = links(mail.body)
    assert paths and all(path.startswith(french.url) for path in paths), paths
    confirm = next(path for path in paths if "/confirm/" in path)
    delete = next(path for path in paths if "/delete/" in path)
    assert soup(client.get(delete)).html["lang"] == "fr"

    response = client.post(confirm)
    assert response["Location"].startswith(french.url + "thank-you/")
    thanks = client.get(response["Location"])
    assert soup(thanks).html["lang"] == "fr"
    assert "Merci\u00a0: votre lettre est en route" in thanks.content.decode()

    # The letter to the MP goes out in the letter's language.
    row = LetterRecipient.objects.get()
    email = service.build_letter_email(row)
    assert "Madame, Monsieur Ada Lovelace" in email.body


# --- Issue 18 item 13: "already written" tells nobody but the owner -------------------
@pytest.mark.django_db(transaction=True)
def test_writing_again_answers_as_for_a_new_letter_and_tells_the_owner(
    client, campaign, smtp_server, celery_worker
):
    page = campaign()
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ada = soup(step2).find("input", attrs={"name": "representative"})["value"]
    with tracked_tasks() as tasks:
        first = letter_post(client, page, ada)
        tasks.wait()
    [confirmation] = smtp_server.to("sam@example.org")

    with tracked_tasks() as tasks:
        again = letter_post(client, page, ada, email="SAM@example.org")
        tasks.wait()
    # The page answers exactly as for a new letter.
    assert again.status_code == first.status_code == 302
    assert again["Location"] == first["Location"] == page.url + "check-your-email/"
    assert Letter.objects.count() == 1
    # Only the address's owner learns that it wrote already.
    [_confirmation, notice] = smtp_server.to("sam@example.org")
    assert len(smtp_server) == 2
    assert notice["Subject"] == "You already wrote to this campaign: Protect survivors"
    text = notice.get_body(("plain",)).get_content()
    assert "You already wrote to Ada Lovelace in this campaign" in text
    assert "nothing new was sent" in text
    assert notice.get_body(("html",)) is not None

    # Asked again at once (a script, a double click): no second notice within
    # the hour, and still no new letter.
    with tracked_tasks() as tasks:
        letter_post(client, page, ada)
        assert tasks.wait() >= 1
    assert len(smtp_server) == 2
    assert Letter.objects.count() == 1


def run_queued(callbacks):
    """Run here, as a worker would, the tasks queued on commit."""
    for callback in callbacks:
        task = callback.func.__self__
        task.apply(args=callback.args, kwargs=callback.keywords).get()


@pytest.mark.django_db
def test_writing_again_to_one_of_two_sends_the_new_one_only(
    client, campaign, mailoutbox, django_capture_on_commit_callbacks
):
    page = campaign()
    step2 = client.post(page.url, {"postal_code": "K1A0B1"})
    ada, grace = (
        i["value"]
        for i in soup(step2).find_all("input", attrs={"name": "representative"})
    )
    letter_post(client, page, ada)
    with django_capture_on_commit_callbacks() as queued:
        response = letter_post(client, page, ada, representative=[ada, grace])
    assert response["Location"] == page.url + "check-your-email/"
    second = Letter.objects.order_by("pk").last()
    assert [row.name for row in second.recipients.all()] == ["Grace Hopper"]
    run_queued(queued)
    [mail] = mailoutbox
    assert "Dear Grace Hopper" in mail.body
    assert (
        "You already wrote to Ada Lovelace in this campaign: this letter "
        "does not go to them again." in mail.body
    )


# --- Issue 9 item 11: internationalised addresses ---------------------------------
class _EnvelopeHandler(_Handler):
    """Also keeps each message's envelope: who the server was asked to
    deliver to, and the raw header bytes."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.inbox.envelopes.append((envelope.rcpt_tos, envelope.original_content))
        return await super().handle_DATA(server, session, envelope)


def start_server(settings, request, smtputf8):
    """A real SMTP server that offers SMTPUTF8 or not."""
    inbox = Inbox()
    inbox.envelopes = []
    controller = Controller(
        _EnvelopeHandler(inbox),
        hostname="127.0.0.1",
        port=free_port(),
        enable_SMTPUTF8=smtputf8,
    )
    controller.start()
    request.addfinalizer(controller.stop)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    return inbox


@pytest.fixture
def smtputf8_server(settings, request):
    return start_server(settings, request, smtputf8=True)


@pytest.fixture
def ascii_smtp_server(settings, request):
    return start_server(settings, request, smtputf8=False)


INTERNATIONAL = "josé.lévesque@example.org"


def letter_to(page, address):
    letter = Letter.objects.create(
        campaign=page,
        supporter_name="Sam",
        email="sam@example.org",
        city="Ottawa",
        province="ON",
        subject="Please act",
        body="Dear {representative_name}, please act.",
        status="confirmed",
    )
    return LetterRecipient.objects.create(
        letter=letter, name="José Lévesque", email=address, status="pending"
    )


@pytest.mark.django_db
def test_an_international_address_is_refused_before_sending_when_the_server_cannot(
    campaign, ascii_smtp_server
):
    row = letter_to(campaign(), INTERNATIONAL)
    service.deliver([row.pk])
    row.refresh_from_db()
    assert row.status == "failed"
    assert row.error == (
        f"Not sent: {INTERNATIONAL} has characters other than plain letters, "
        "digits and punctuation before the @, and the mail server does not "
        "accept such addresses (it does not offer SMTPUTF8). Check the address."
    )
    assert ascii_smtp_server.envelopes == []


@pytest.mark.django_db
def test_an_international_address_is_sent_when_the_server_offers_smtputf8(
    campaign, smtputf8_server
):
    row = letter_to(campaign(), INTERNATIONAL)
    service.deliver([row.pk])
    row.refresh_from_db()
    assert (row.status, row.error) == ("sent", "")
    [(recipients, raw)] = smtputf8_server.envelopes
    assert recipients == [INTERNATIONAL]
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert f"To: {INTERNATIONAL}".encode() in headers
    [mail] = smtputf8_server.messages
    assert mail["To"] == INTERNATIONAL
    assert "Dear José Lévesque, please act." in mail.get_body(("plain",)).get_content()


# --- Issue 18 item 8, for letters: every exception ends the row --------------
@pytest.mark.django_db
def test_a_refused_letter_reads_as_the_server_said_it(campaign, smtp_server):
    row = letter_to(campaign(), "ada@refused.example")
    service.deliver([row.pk])
    row.refresh_from_db()
    assert (row.status, row.error) == ("failed", "550 5.1.1 No such mailbox here")


# --- Issue 9 item 15: the letters' sweep queues each row once -------------------------
@pytest.mark.django_db
def test_the_letter_sweep_hands_each_row_to_a_worker_once(
    campaign, django_capture_on_commit_callbacks
):
    from advocacy.tasks import sweep_letters

    page = campaign()
    rows = [letter_to(page, f"m{n}@example.org") for n in range(3)]
    ids = sorted(row.pk for row in rows)

    def sweep():
        with django_capture_on_commit_callbacks() as queued:
            sweep_letters.apply()
        return sorted(pk for callback in queued for pk in callback.args[0])

    assert sweep() == ids
    assert sweep() == []
    LetterRecipient.objects.filter(pk=ids[0]).update(
        queued_at=timezone.now() - timedelta(minutes=11)
    )
    assert sweep() == ids[:1]
