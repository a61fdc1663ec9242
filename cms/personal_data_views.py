"""Pages of the personal-data registry (``cms/personal_data.py``).

- Admin, "Personal data": staff find, export (JSON) and delete everything
  held about one email address, when someone asks them to.
- Public, "Your data": a person asks for a link to their data; the link
  (emailed, signed, valid 24 hours) shows what is held and deletes it all.
  The form answers the same whether or not anything is held, so it tells
  nobody whether an address is known here.

Everything goes by POST or by the signed link, so that addresses stay out
of URLs and logs. Pages showing personal data are never cached.
"""

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView
from django_ratelimit.core import is_ratelimited
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import edge_cache, personal_data
from .admin_ui import PermissionMenuItem
from .forms import HoneypotMixin

PERMISSION = "cms.manage_personal_data"

EMAIL_ERRORS = {
    "required": gettext_lazy("Enter an email address."),
    "invalid": gettext_lazy("Enter an email address like name@example.org."),
}


def _json_download(email):
    data = personal_data.export(email)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    response["Cache-Control"] = "private, no-store"
    return response


def _deleted_summary(counts):
    labels = {source.name: source.label for source in personal_data.sources()}
    return ", ".join(
        f"{labels[name]}: {count}" for name, count in counts.items() if count
    )


# --- admin ---------------------------------------------------------------------
class PersonalDataAdminForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=254,
        error_messages=EMAIL_ERRORS,
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand that deleting removes everything held about this "
            "address for good."
        ),
        required=False,
    )


class PersonalDataAdminView(WagtailAdminTemplateMixin, FormView):
    """Answer a request to see or erase one's data (by email address)."""

    page_title = gettext_lazy("Personal data")
    header_icon = "user"
    template_name = "cms/admin/personal_data.html"
    form_class = PersonalDataAdminForm
    actions = ("find", "export", "delete")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        email = personal_data.normalise_email(form.cleaned_data["email"])
        action = self.request.POST.get("action", "find")
        if action not in self.actions:
            action = "find"
        if action == "export":
            return _json_download(email)
        if action == "delete":
            if not form.cleaned_data["confirm"]:
                form.add_error(
                    "confirm", _("Tick this box to confirm that you want to delete.")
                )
                return self.form_invalid(form)
            summary = _deleted_summary(personal_data.delete(email))
            if summary:
                messages.success(
                    self.request,
                    _("Deleted everything held about %(email)s (%(summary)s).")
                    % {"email": email, "summary": summary},
                )
            else:
                messages.info(
                    self.request,
                    _("Nothing was held about %(email)s: nothing was deleted.")
                    % {"email": email},
                )
            return HttpResponseRedirect(reverse("personal_data_admin"))
        return self.render_to_response(
            self.get_context_data(
                form=form,
                email=email,
                holdings=personal_data.find(email),
                searched=True,
            )
        )


def admin_menu_item():
    return PermissionMenuItem(
        _("Personal data"),
        reverse("personal_data_admin"),
        name="personal-data",
        icon_name="user",
        order=9000,
        permission=PERMISSION,
    )


# --- public ----------------------------------------------------------------------
class PersonalDataRequestForm(HoneypotMixin):
    auto_id = "your-data-%s"

    email = forms.EmailField(
        label=gettext_lazy("Your email address"),
        max_length=254,
        help_text=gettext_lazy(
            "We email a link to this address. Only someone who can read its "
            "email can see or delete its data."
        ),
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _hours():
    return int(personal_data.LINK_MAX_AGE.total_seconds() // 3600)


def _render(request, template, status=200, **context):
    return render(request, f"cms/personal_data/{template}.html", context, status=status)


@edge_cache.private
def ask(request):
    """The form: an email address in, "check your email" out (the same for
    every address)."""
    if request.method != "POST":
        return _render(request, "ask", form=PersonalDataRequestForm(), hours=_hours())
    form = PersonalDataRequestForm(request.POST)
    if form.is_bot():
        return HttpResponseRedirect(reverse("personal_data_sent"))
    if is_ratelimited(
        request,
        group="cms.personal-data.ip",
        key="ip",
        rate=settings.PERSONAL_DATA_RATE_IP,
        increment=True,
    ):
        form.add_error(
            None,
            _("Too many requests from your connection. Please try again in an hour."),
        )
        return _render(request, "ask", status=429, form=form, hours=_hours())
    if not form.is_valid():
        return _render(request, "ask", form=form, hours=_hours())
    email = personal_data.normalise_email(form.cleaned_data["email"])
    # Past the limit per address, the earlier links still work: say the
    # same as always and send nothing more (no flood of one inbox).
    if not is_ratelimited(
        request,
        group="cms.personal-data.email",
        key=lambda group, request: email,
        rate=settings.PERSONAL_DATA_RATE_EMAIL,
        increment=True,
    ):
        personal_data.request_link(email, get_language() or settings.LANGUAGE_CODE)
    return HttpResponseRedirect(reverse("personal_data_sent"))


@edge_cache.private
def sent(request):
    return _render(request, "sent", hours=_hours())


@edge_cache.private
def manage(request, token):
    """What is held about the link's address, and deleting it all."""
    data_request = personal_data.request_from_token(token)
    if data_request is None:
        return _render(request, "invalid", status=404, hours=_hours())
    email = data_request.email
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "export":
            return _json_download(email)
        if action == "delete":
            if request.POST.get("confirm"):
                personal_data.delete(email)
                return _render(request, "deleted")
            error = _("Tick the box to confirm that you want to delete all of it.")
        else:
            error = _("Choose one of the buttons below.")
    holdings = personal_data.find(email)
    return _render(
        request,
        "manage",
        status=400 if error else 200,
        email=email,
        holdings=holdings,
        # Their request for this link is always there: is anything else?
        held=any(
            holding.records
            for holding in holdings
            if holding.source.name != personal_data.REQUESTS
        ),
        error=error,
    )
