"""A ``SENDFILE_BACKEND`` for nginx: the answer names the file in
``X-Accel-Redirect`` and has no body; nginx serves the bytes from its
``internal`` location (``deploy/nginx/media.conf``).

Wagtail's document view and :func:`cms.stored_files.serve_private_file`
call ``wagtail.utils.sendfile``, which takes django-sendfile's backends; this
is django-sendfile2's nginx backend in a few lines (its only part we need),
with the same settings: ``SENDFILE_ROOT`` (the folder nginx's internal
location aliases) and ``SENDFILE_URL`` (that location's prefix).
"""

import os
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse


def accel_path(filename):
    """The internal URL of ``filename``, which must be inside SENDFILE_ROOT."""
    root = PurePosixPath(os.path.abspath(settings.SENDFILE_ROOT))
    path = PurePosixPath(str(filename))
    if ".." in path.parts or not path.is_relative_to(root):
        raise SuspiciousFileOperation(f"{filename} is not inside SENDFILE_ROOT")
    prefix = settings.SENDFILE_URL.rstrip("/")
    return quote(f"{prefix}/{path.relative_to(root).as_posix()}")


def sendfile(request, filename, **kwargs):
    response = HttpResponse()
    response["X-Accel-Redirect"] = accel_path(filename)
    return response
