"""The supporter's journey, one step per page, without JavaScript:
postal code -> recipients -> letter and details -> check your email ->
confirm -> thank you. Every step posts; nothing personal goes in a URL.

Steps 2 and 3 post back the postal code and the chosen ids in hidden
fields: both are checked again at each step (the postal code like the one
typed, the ids against what it matches: :mod:`.services.recipients`), and
once more by ``submit_letter``. A letter's links (confirm, thank-you,
download, delete) work only under the letter's own campaign."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from cms import edge_cache
from cms.stored_files import serve_private_file

from .finders import official_finders
from .forms import CONSENT_TEXT, LetterForm, PostalCodeForm
from .models import Letter
from .postcodes import province_of
from .services import letters as service
from .services import next_steps, printing, recipients
from .services.confirmation import confirm_or_hold

TEMPLATE = "advocacy/letter_campaign_page.html"


def _render(request, page, step, status=200, **context):
    context.update(page=page, self=page, step=step, progress=_progress(page))
    return render(request, TEMPLATE, context, status=status)


def _progress(page):
    sent = page.letters_sent
    goal = page.goal or 1
    return {
        "sent": sent,
        "goal": page.goal,
        "percent": min(100, round(100 * sent / goal)),
    }


def campaign_start(request, page):
    campaign = page.canonical
    if request.method != "POST":
        return _render(
            request, page, "postal_code", form=PostalCodeForm(campaign=campaign)
        )
    form = PostalCodeForm(request.POST, campaign=campaign)
    if _lookups_exhausted(request, form):
        return _render(request, page, "postal_code", form=form, status=429)
    if not form.is_valid():
        return _render(request, page, "postal_code", form=form)
    return _recipients_step(request, page, form.cleaned_data["postal_code"])


def _lookups_exhausted(request, form):
    """Each step that looks a postal code up counts: the hidden field of the
    recipients step must not be a way round the limit on lookups."""
    if is_ratelimited(
        request,
        group="advocacy.lookup",
        key="ip",
        rate=settings.ADVOCACY_LOOKUP_RATE,
        increment=True,
    ):
        form.add_error(
            None,
            _("Too many searches from your connection. Please try again in an hour."),
        )
        return True
    return False


def _recipients_step(request, page, postal_code, error=None, status=200):
    offer = recipients.offer(page.canonical, postal_code)
    limit = recipients.max_recipients()
    found = offer.representatives + offer.fixed_targets
    return _render(
        request,
        page,
        "recipients",
        status=status,
        lookup=offer.lookup,
        postal_code=offer.postal_code,
        representatives=offer.representatives,
        fixed_targets=offer.fixed_targets,
        max_recipients=limit if len(found) > limit else None,
        error=error,
        # Nobody found at the campaign's offices: a way on, not a dead end.
        unmatched=offer.unmatched,
        listed=offer.listed_by_level(),
        finders=official_finders(
            offer.levels, offer.postal_code, (get_language() or "en")[:2]
        ),
        municipal="municipal" in offer.levels,
    )


def _posted_postal_code(request, page, form=None):
    """The postal code posted back by steps 2 and 3, checked again like the
    one typed at step 1: (code, None) or (None, a response for step 1)."""
    form = form or PostalCodeForm(request.POST, campaign=page.canonical)
    if form.is_valid():
        return form.cleaned_data["postal_code"], None
    return None, _render(request, page, "postal_code", form=form)


def _posted_recipients(request, page, postal_code):
    """(the people chosen, None) or (None, the recipients step with why)."""
    try:
        chosen = recipients.choose(
            page.canonical,
            postal_code,
            request.POST.getlist("representative"),
            request.POST.getlist("target"),
        )
    except recipients.RecipientError as error:
        return None, _recipients_step(request, page, postal_code, error=str(error))
    return chosen, None


def choose_recipients(request, page):
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    form = PostalCodeForm(request.POST, campaign=page.canonical)
    if _lookups_exhausted(request, form):
        return _render(request, page, "postal_code", form=form, status=429)
    postal_code, refused = _posted_postal_code(request, page, form)
    if refused:
        return refused
    chosen, refused = _posted_recipients(request, page, postal_code)
    if refused:
        return refused
    return _letter_step(request, page, postal_code, chosen)


def _letter_step(request, page, postal_code, chosen, form=None, status=200):
    campaign = page.canonical
    if form is None:
        subject, body = service.draft(page)
        form = LetterForm(
            campaign=campaign,
            prompt=page.personal_paragraph_prompt,
            initial={
                "subject": subject,
                "body": body,
                "province": province_of(postal_code),
            },
        )
    return _render(
        request,
        page,
        "letter",
        status=status,
        form=form,
        chosen=chosen,
        postal_code=postal_code,
        consent_text=CONSENT_TEXT,
    )


def write_letter(request, page):
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    campaign = page.canonical
    postal_code, refused = _posted_postal_code(request, page)
    if refused:
        return refused
    chosen, refused = _posted_recipients(request, page, postal_code)
    if refused:
        return refused
    form = LetterForm(
        request.POST, campaign=campaign, prompt=page.personal_paragraph_prompt
    )
    if form.is_bot():
        return HttpResponseRedirect(page.url + page.reverse_subpage("check_email"))
    if is_ratelimited(
        request,
        group="advocacy.letter.ip",
        key="ip",
        rate=settings.ADVOCACY_LETTER_RATE_IP,
        increment=True,
    ):
        form.add_error(
            None,
            _("Too many letters from your connection. Please try again in an hour."),
        )
        return _letter_step(request, page, postal_code, chosen, form, status=429)
    if not form.is_valid():
        return _letter_step(request, page, postal_code, chosen, form)
    data = form.cleaned_data
    email = data["email"].lower()
    if is_ratelimited(
        request,
        group="advocacy.letter.email",
        key=lambda group, request: email,
        rate=settings.ADVOCACY_LETTER_RATE_EMAIL,
        increment=True,
    ):
        form.add_error(
            "email",
            _("Too many letters from this email address. Please try again in an hour."),
        )
        return _letter_step(request, page, postal_code, chosen, form, status=429)
    try:
        service.submit_letter(
            page,
            recipients=chosen,
            name=data["name"],
            email=email,
            city=data["city"],
            province=data["province"],
            subject=data["subject"],
            body=data["body"],
            personal_paragraph=data.get("personal_paragraph", ""),
            street_address=data.get("street_address", ""),
            postal_code=postal_code,
            language=(get_language() or "en")[:2],
            send_copy=data["send_copy"],
            consent_updates=data["consent_updates"],
            consent_text=str(CONSENT_TEXT),
        )
    except service.LetterError as error:
        form.add_error(None, str(error))
        return _letter_step(request, page, postal_code, chosen, form)
    return HttpResponseRedirect(page.url + page.reverse_subpage("check_email"))


def check_your_email(request, page):
    return _render(request, page, "check_email")


def _letter_of(page, token, purpose="confirm"):
    """The letter a link names, only under its own campaign (in any of the
    campaign's languages): a valid link under another campaign's URL is
    no link at all."""
    letter = Letter.from_token(token, purpose) if token else None
    if letter is None or letter.campaign.translation_key != page.translation_key:
        return None
    return letter


@edge_cache.private
def confirm_letter(request, page, token):
    letter = _letter_of(page, token)
    if letter is None:
        return _render(request, page, "confirm_invalid", status=404)
    if request.method == "POST":
        try:
            confirm_or_hold(letter)
        except service.LetterError as error:
            return _render(
                request, page, "confirm_invalid", status=410, reason=str(error)
            )
        return HttpResponseRedirect(_thanks_url(page, letter))
    if letter.status in (Letter.Status.CONFIRMED, Letter.Status.HELD):
        return HttpResponseRedirect(_thanks_url(page, letter))
    # The finished letter, exactly as each recipient will receive it: the
    # same text as the email that goes to them (services.letters.as_sent).
    return _render(
        request, page, "confirm", letter=letter, letters=service.as_sent(letter)
    )


def _thanks_url(page, letter):
    return page.url + page.reverse_subpage(
        "thank_you_with_letter", args=[letter.token("download")]
    )


@edge_cache.private
def thank_you(request, page, token=None):
    letter = _letter_of(page, token, "download")
    if letter and letter.status == Letter.Status.HELD:
        return _render(request, page, "held", delete_url=_delete_url(page, letter))
    pdf_url = ""
    if letter and letter.campaign.prints_letters:
        pdf_url = page.url + f"letter-{token}.pdf"
    # No dead end: the share kit, the campaign's next action, the printable
    # letter and the way to delete it.
    return _render(
        request,
        page,
        "thank_you",
        pdf_url=pdf_url,
        delete_url=_delete_url(page, letter),
        share=next_steps.share_kit(page, request.build_absolute_uri(page.url)),
        next_actions=next_steps.next_actions(page),
    )


def _delete_url(page, letter):
    if letter is None:
        return ""
    return page.url + page.reverse_subpage(
        "delete_letter", args=[letter.token("delete")]
    )


@never_cache
def download_letter(request, page, token):
    """The printable letter, or a short page that refreshes until it is
    ready: the request never renders a PDF itself. A campaign that sends by
    email only has no printable letter: nothing is rendered for it."""
    letter = _letter_of(page, token, "download")
    if letter is None or letter.status != Letter.Status.CONFIRMED:
        return _render(request, page, "confirm_invalid", status=404)
    if not letter.campaign.prints_letters:
        return _render(
            request,
            page,
            "confirm_invalid",
            status=404,
            reason=_(
                "This campaign sends letters by email only: there is no "
                "printable letter."
            ),
        )
    if letter.pdf and default_storage.exists(letter.pdf.name):
        # A private file (cms/storage.py), handed to the proxy.
        return serve_private_file(
            request,
            letter.pdf.name,
            f"{slugify(page.title)[:50] or 'letter'}.pdf",
            attachment=True,
        )
    # Queued at confirmation; queued again if that render has not come
    # through within a minute (a worker died, or the task gave up).
    printing.request_letter_pdf(letter)
    return _render(request, page, "preparing", status=202)


@edge_cache.private
def delete_letter(request, page, token):
    letter = _letter_of(page, token, "delete")
    if letter is None:
        return _render(request, page, "confirm_invalid", status=404)
    if request.method == "POST":
        service.delete_letter(letter)
        return _render(request, page, "deleted")
    return _render(request, page, "delete", letter=letter)
