"""The page behind the "Yes, send me updates" link (``cms/consent.py``).

GET shows what was asked for and a button; only the button's POST confirms,
because mail scanners and link previews open the links in an email. Pressing
it twice, or opening the link after confirming, says it is confirmed. A
link that does not work (altered, incomplete, expired, its request made
again or its data deleted) gets a page that says so, with status 404.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render

from . import consent, edge_cache


@edge_cache.private
def confirm(request, kind, token):
    row = consent.row_from_link(kind, token)
    if row is None:
        return render(
            request,
            "cms/consent/invalid.html",
            {"days": consent.LINK_MAX_AGE.days},
            status=404,
        )
    if request.method == "POST":
        consent.confirm(row)
        # Back to the page, which now says it is confirmed (a reload does
        # not post again).
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "cms/consent/confirm.html",
        {
            "email": row.email,
            "consent_text": row.consent_text,
            "confirmed_at": row.consent_confirmed_at,
        },
    )
