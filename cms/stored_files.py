"""Answering with a stored file without sending its bytes through the app.

- A **public** file (a flyer PDF or thumbnail, named after its content)
  is answered with a redirect to its own URL: the proxy serves it from
  ``/media/`` (or a bucket does), cacheable for ever, and the redirect
  itself is cacheable at the edge. No process keeps anything.
- A **private** file (a document, a printable letter, a business's own
  flyer copy) is answered, once a view has checked the token or the
  permission, through Wagtail's sendfile with ``SENDFILE_BACKEND``: in
  production ``cms.sendfile_nginx`` (an ``X-Accel-Redirect`` to nginx's
  internal location, no body); in development and tests, where no proxy
  runs, Wagtail's streaming backend sends the bytes. On a bucket (no local
  path) the answer is a redirect to the storage's signed, expiring URL.
"""

import mimetypes

from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect
from wagtail.utils.sendfile import sendfile

from .storage import is_public

#: How long a browser keeps a redirect to a public file. Its target changes
#: when the flyer is published again, so a browser asks again soon; the
#: target itself never changes and is cached for ever.
PUBLIC_REDIRECT_MAX_AGE = 300


def serve_public_file(name):
    """A redirect to the public stored file ``name``."""
    if not is_public(name):
        raise ValueError(f"{name} is not a public file")
    response = HttpResponseRedirect(default_storage.url(name))
    response["Cache-Control"] = f"public, max-age={PUBLIC_REDIRECT_MAX_AGE}"
    return response


def serve_private_file(request, name, filename, *, attachment=False):
    """The private stored file ``name``, offered as ``filename``. Call only
    once the request has shown it may see it; never cached anywhere."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:  # a bucket: its signed, expiring URL
        response = HttpResponseRedirect(default_storage.url(name))
    else:
        response = sendfile(
            request,
            path,
            attachment=attachment,
            attachment_filename=filename,
            mimetype=mimetypes.guess_type(filename)[0] or "application/octet-stream",
        )
        if response.get("Content-Encoding") == "None":  # wagtail's sendfile
            del response["Content-Encoding"]
    response["Cache-Control"] = "private, no-store"
    return response
