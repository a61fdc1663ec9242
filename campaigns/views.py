from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from cms import consent
from cms.stored_files import serve_private_file, serve_public_file

from .forms import CONSENT_TEXT, FlyerDownloadForm
from .models import LANGUAGES, SIZES, FlyerDownload
from .services import flyers


def flyer_pdf(request, page, size, language, orientation=None):
    """The flyer's PDF from storage, or a short page that refreshes while a
    worker renders it: a request never renders a PDF."""
    allowed = page.allowed_orientations
    if (
        size not in SIZES
        or language not in LANGUAGES
        or (orientation is not None and orientation not in allowed)
    ):
        message = _(
            "No such flyer file. Sizes: %(sizes)s. Languages: %(languages)s. "
            "Orientations: %(orientations)s."
        ) % {
            "sizes": ", ".join(SIZES),
            "languages": ", ".join(LANGUAGES),
            "orientations": ", ".join(allowed),
        }
        return render(
            request,
            "campaigns/flyer_missing.html",
            {"page": page, "self": page, "message": message},
            status=404,
        )
    orientation = orientation or page.default_orientation
    target = flyers.translation_in(page, language) or page
    name = flyers.stored_or_queued(target, size, language, orientation=orientation)
    if name:
        return serve_public_file(name)
    return _waiting(request, page)


def _waiting(request, page):
    return render(
        request,
        "campaigns/flyer_preparing.html",
        {"page": page, "self": page},
        status=202,
    )


@never_cache
def flyer_download_form(request, page):
    """The optional "who are you" form: counted for organizers, and a copy
    with the business's name if they give one."""
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    form = FlyerDownloadForm(request.POST, flyer=page)
    if form.is_bot():
        return HttpResponseRedirect(page.url)
    if is_ratelimited(
        request, group="campaigns.flyer-form", key="ip", rate="30/h", increment=True
    ):
        form.add_error(
            None, _("Too many requests from your connection. Please try again later.")
        )
        context = page.get_context(request)
        context["download_form"] = form
        return render(request, "campaigns/flyer_page.html", context, status=429)
    if not form.is_valid():
        context = page.get_context(request)
        context["download_form"] = form
        return render(request, "campaigns/flyer_page.html", context)
    download = form.save(commit=False)
    download.flyer = page
    download.orientation = download.orientation or page.default_orientation
    # "Email me updates" is a request: one short email asks the address's
    # owner to confirm it, in the language of the page they used.
    consent.record_request(
        download,
        asked=form.cleaned_data["consent_updates"],
        wording=CONSENT_TEXT,
    )
    download.save()
    consent.ask_by_email(download, (get_language() or "en")[:2])
    if download.business_name or download.local_contact:
        target = flyers.translation_in(page, download.language) or page
        flyers.request_render(
            target,
            download.size,
            download.language,
            download.business_name,
            download.local_contact,
            download.orientation,
        )
        return HttpResponseRedirect(f"{page.url}copy-{download.token()}.pdf")
    return HttpResponseRedirect(
        page.pdf_url(download.size, download.orientation, download.language)
    )


@never_cache
def personal_flyer_pdf(request, page, token):
    """A business's own copy, only with its link's token: the file is
    private (its name is printed on it) and handed to the proxy."""
    download = FlyerDownload.from_token(token)
    if download is None or download.flyer_id != page.pk:
        message = _(
            "This link to a flyer copy does not work: it may be incomplete, "
            "or the copy was deleted. You can make a new copy on this page."
        )
        return render(
            request,
            "campaigns/flyer_missing.html",
            {"page": page, "self": page, "message": message},
            status=404,
        )
    target = flyers.translation_in(page, download.language) or page
    args = (
        target,
        download.size,
        download.language,
        download.business_name,
        download.local_contact,
        download.orientation or None,
    )
    name = flyers.stored_or_queued(*args)
    if name:
        filename = flyers.download_name(target, download.size, download.language)
        return serve_private_file(request, name, filename)
    return _waiting(request, page)
