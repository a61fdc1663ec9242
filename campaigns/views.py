from django.core.files.storage import default_storage
from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import LANGUAGES, SIZES
from .services import flyers


def flyer_pdf(request, page, size, language):
    """The flyer's PDF from storage, or a short page that refreshes while a
    worker renders it: a request never renders a PDF."""
    if size not in SIZES or language not in LANGUAGES:
        message = _(
            "No such flyer file. Sizes: %(sizes)s. Languages: %(languages)s."
        ) % {
            "sizes": ", ".join(SIZES),
            "languages": ", ".join(LANGUAGES),
        }
        return render(
            request,
            "campaigns/flyer_missing.html",
            {"page": page, "self": page, "message": message},
            status=404,
        )
    target = flyers.translation_in(page, language) or page
    name = flyers.stored_pdf(target, size, language)
    if name:
        response = FileResponse(
            default_storage.open(name, "rb"),
            content_type="application/pdf",
            filename=f"{page.slug}-{size}-{language}.pdf",
        )
        response["Cache-Control"] = "public, max-age=3600"
        return response
    flyers.request_render(target, size, language)
    return render(
        request,
        "campaigns/flyer_preparing.html",
        {"page": page, "self": page},
        status=202,
    )
