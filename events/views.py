"""Public views of events. Thin: validate, call a service, redirect."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited

from cms import edge_cache

from .forms import (
    CONSENT_TEXT,
    ChangeRegistrationForm,
    EventFilterForm,
    QuestionForm,
    RegisterAgainForm,
    RegistrationForm,
)
from .models import Registration, TownHallQuestion
from .services import registrations as rsvp
from .services.calendar import build_calendar, google_calendar_url, outlook_calendar_url

RSVP_RATE_IP = "20/h"
RSVP_RATE_EMAIL = "5/h"
QUESTION_RATE_IP = "10/h"


# --- index ----------------------------------------------------------------
def event_index(request, index, past):
    form = EventFilterForm(request.GET or None)
    now = timezone.now()
    events = index.events().select_related("image")
    if past:
        events = events.filter(end_at__lt=now).order_by("-start_at")
    else:
        events = events.filter(end_at__gte=now).order_by("start_at")
    status = 200
    if form.is_bound:
        if form.is_valid():
            events = form.filter(events)
        else:
            status = 400
            events = events.none()
    page_number = request.GET.get("page", 1)
    paginator = Paginator(events, index.per_page)
    try:
        page_of_events = paginator.page(page_number)
    except PageNotAnInteger:
        page_of_events = paginator.page(1)
    except EmptyPage:
        page_of_events = paginator.page(paginator.num_pages)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_index_page.html",
        {
            "page": index,
            "self": index,
            "filter_form": form,
            "events": page_of_events,
            "past": past,
            "filter_query": query.urlencode(),
        },
        status=status,
    )


def index_calendar(request, index):
    events = index.events().filter(end_at__gte=timezone.now()).order_by("start_at")
    return _ics(build_calendar(list(events), url_for=lambda e: e.get_full_url(request)))


# --- one event --------------------------------------------------------------
def event_page(request, page, form=None, question_form=None, status=200):
    event = page.canonical
    closed = rsvp.registration_closed_reason(event)
    counts = rsvp.counts(event)
    full = event.capacity is not None and counts["confirmed"] >= event.capacity
    context = {
        "page": page,
        "self": page,
        "event": page,
        "form": form or RegistrationForm(event=event),
        "consent_text": CONSENT_TEXT,
        "closed_reason": closed,
        "full": full,
        "spots_left": None
        if event.capacity is None
        else max(event.capacity - counts["confirmed"], 0),
        "question_form": question_form or QuestionForm(),
        "question_sent": request.GET.get("question") == "sent",
        "approved_questions": _approved_questions(page),
        "google_url": google_calendar_url(page),
        "outlook_url": outlook_calendar_url(page),
    }
    response = render(request, "events/event_page.html", context, status=status)
    if event.capacity is not None:
        # "117 places left" changes with each registration: the proxy keeps
        # this page seconds, not minutes (docs/events.md).
        edge_cache.live_count(response)
    return response


def _approved_questions(page):
    if not (page.event_type == "town_hall" and page.show_approved_questions):
        return []
    return list(
        TownHallQuestion.objects.filter(
            event=page.canonical,
            status__in=[
                TownHallQuestion.Status.APPROVED,
                TownHallQuestion.Status.ANSWERED,
            ],
        )
    )


def register(request, page):
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    event = page.canonical
    form = RegistrationForm(request.POST, event=event)
    if form.is_bot():
        return _check_your_email(page)
    if is_ratelimited(
        request, group="events.rsvp.ip", key="ip", rate=RSVP_RATE_IP, increment=True
    ):
        form.add_error(
            None,
            _(
                "Too many registrations from your connection. "
                "Please try again in an hour."
            ),
        )
        return event_page(request, page, form=form, status=429)
    if not form.is_valid():
        return event_page(request, page, form=form)
    email = form.cleaned_data["email"].lower()
    if is_ratelimited(
        request,
        group="events.rsvp.email",
        key=lambda group, request: email,
        rate=RSVP_RATE_EMAIL,
        increment=True,
    ):
        form.add_error(
            "email",
            _(
                "Too many attempts with this email address. "
                "Please try again in an hour."
            ),
        )
        return event_page(request, page, form=form, status=429)
    data = form.cleaned_data
    try:
        rsvp.register_for_event(
            page,
            name=data["name"],
            email=email,
            party_size=data["party_size"],
            language=data["language"],
            accessibility_needs=data["accessibility_needs"],
            consent_updates=data["consent_updates"],
            consent_text=str(CONSENT_TEXT),
        )
    except rsvp.RegistrationError as error:
        form.add_error(None, str(error))
        return event_page(request, page, form=form)
    return _check_your_email(page)


def _check_your_email(page):
    """One answer for every registration taken: a new one, a waitlist place
    or an address already registered (whose owner gets their link by email)
    look the same, so the form tells nobody who attends."""
    return HttpResponseRedirect(page.url + page.reverse_subpage("registered"))


def registered(request, page):
    return render(request, "events/registered.html", {"page": page, "self": page})


def ask_question(request, page):
    if request.method != "POST" or page.event_type != "town_hall":
        return HttpResponseRedirect(page.url)
    form = QuestionForm(request.POST)
    if form.is_bot():
        return HttpResponseRedirect(page.url + "?question=sent#questions")
    if not page.questions_open or page.is_past():
        form.add_error(None, _("This town hall is not taking questions now."))
        return event_page(request, page, question_form=form)
    if is_ratelimited(
        request,
        group="events.question.ip",
        key="ip",
        rate=QUESTION_RATE_IP,
        increment=True,
    ):
        form.add_error(
            None,
            _("Too many questions from your connection. Please try again in an hour."),
        )
        return event_page(request, page, question_form=form, status=429)
    if not form.is_valid():
        return event_page(request, page, question_form=form)
    TownHallQuestion.objects.create(
        event=page.canonical,
        question=form.cleaned_data["question"].strip(),
        name=form.cleaned_data["name"],
        may_read_aloud=form.cleaned_data["may_read_aloud"],
        language=page.locale.language_code,
    )
    return HttpResponseRedirect(page.url + "?question=sent#questions")


def event_calendar(request, page):
    return _ics(build_calendar([page], url_for=lambda e: e.get_full_url(request)))


def _ics(content):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendar.ics"'
    return response


# --- the manage page (no account: the link is the key) ---------------------
#: What the manage page says after each change (POST, redirect, GET: a
#: reload changes nothing).
MANAGE_DONE = {
    "changed": gettext_lazy("Your registration is updated."),
    "cancelled": gettext_lazy(
        "Your registration is cancelled. We have emailed you to confirm it."
    ),
    "again": gettext_lazy("You are registered again. We have emailed you the details."),
    "language": gettext_lazy("We will write to you in the language you chose."),
}


@edge_cache.private
def manage(request, page, token):
    """A registration's own page: see it, change the party and needs,
    cancel (after a confirmation step), register again, choose the emails'
    language, delete the data. Each POST calls one service and redirects."""
    registration = Registration.from_manage_token(token)
    if (
        registration is None
        or registration.event.translation_key != page.translation_key
    ):
        return render(
            request,
            "events/manage_invalid.html",
            {"page": page, "self": page},
            status=404,
        )
    event = registration.event
    change_form = again_form = None
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        here = page.url + page.reverse_subpage("manage", args=[token])
        try:
            if action == "change":
                change_form = ChangeRegistrationForm(request.POST, event=event)
                if change_form.is_valid():
                    rsvp.change_registration(registration, **change_form.cleaned_data)
                    return HttpResponseRedirect(here + "?done=changed")
            elif action == "again":
                again_form = RegisterAgainForm(request.POST, event=event)
                if again_form.is_valid():
                    rsvp.register_again(
                        registration, party_size=again_form.cleaned_data["party_size"]
                    )
                    return HttpResponseRedirect(here + "?done=again")
            elif action in ("cancel", "delete"):
                return _confirm(request, page, registration, action, token)
            elif action == "cancel_confirmed":
                rsvp.cancel_registration(registration)
                return HttpResponseRedirect(here + "?done=cancelled")
            elif action == "delete_confirmed":
                rsvp.delete_registration(registration)
                return render(
                    request, "events/manage_deleted.html", {"page": page, "self": page}
                )
            elif action == "language":
                rsvp.change_language(registration, request.POST.get("language", ""))
                return HttpResponseRedirect(here + "?done=language")
            else:
                error = _("Choose one of the buttons below.")
        except rsvp.RegistrationError as refusal:
            form = change_form or again_form
            if form is not None:
                form.add_error(None, str(refusal))
            else:
                error = str(refusal)
        registration.refresh_from_db()
    done = MANAGE_DONE.get(request.GET.get("done", ""))
    active = registration.is_active
    show_location, show_meeting_link = event.shown_to(
        registration.status in rsvp.ACTIVE
    )
    if active and change_form is None:
        change_form = ChangeRegistrationForm(
            initial={
                "party_size": registration.party_size,
                "accessibility_needs": registration.accessibility_needs,
            },
            event=event,
        )
    closed = rsvp.registration_closed_reason(event)
    if not active and again_form is None and not closed:
        again_form = RegisterAgainForm(
            initial={"party_size": registration.party_size}, event=event
        )
    return render(
        request,
        "events/manage.html",
        {
            "page": page,
            "self": page,
            "registration": registration,
            "event": event,
            "show_location": show_location,
            "show_meeting_link": show_meeting_link,
            "message": str(done) if done else None,
            "error": error,
            "change_form": change_form if active else None,
            "again_form": again_form if not active else None,
            "closed_reason": closed,
            # The language switch opens this page in the other language.
            "translation_subpath": page.reverse_subpage("manage", args=[token]),
        },
    )


def _confirm(request, page, registration, action, token):
    """The step before cancelling or deleting: what it does, and a button
    that does it (a POST, so a mistaken click or a mail scanner changes
    nothing)."""
    return render(
        request,
        "events/manage_confirm.html",
        {
            "page": page,
            "self": page,
            "registration": registration,
            "action": action,
            "back_url": page.url + page.reverse_subpage("manage", args=[token]),
            "translation_subpath": page.reverse_subpage("manage", args=[token]),
        },
    )
