"""Representatives' photos, copied into our own storage.

Represent gives each representative a photo URL on another site (a
legislature's). Public pages must load nothing from elsewhere, so a worker
copies the photo once and pages show the copy. The URL comes from data, so
it is fetched only from public addresses (:mod:`.outbound`: checked after
every redirect too), at most 2 MB within the timeout, and kept only if
Pillow opens it as a JPEG, PNG, GIF or WebP image. Every refusal says the
same thing, so the copier cannot be used to learn which ports answer.
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

from ..models import Representative
from .outbound import open_public_url

MAX_BYTES = 2 * 1024 * 1024
TIMEOUT = 10
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


class PhotoError(Exception):
    """A photo that was not copied (one message for every reason)."""


def _refused(url):
    return PhotoError(
        f"No photo copied from {url[:200]}: it must be a public http(s) address "
        f"serving a JPEG, PNG, GIF or WebP image of at most "
        f"{MAX_BYTES // 1024 // 1024} MB."
    )


def fetch_image(url):
    """The image at ``url`` as (bytes, extension); PhotoError otherwise."""
    try:
        data = open_public_url(
            url,
            max_bytes=MAX_BYTES,
            timeout=TIMEOUT,
            headers={"User-Agent": "networks-of-care"},
        )
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format
    except (OSError, ValueError, UnidentifiedImageError, SyntaxError) as error:
        raise _refused(url) from error
    if kind not in FORMATS:
        raise _refused(url)
    return data, FORMATS[kind]


def copy_photo(representative_id):
    """Copy one representative's photo if it is new or changed; answers
    whether a copy was made."""
    representative = Representative.objects.get(pk=representative_id)
    url = representative.photo_url
    if not url or (representative.photo and representative.photo_copied_from == url):
        return False
    data, extension = fetch_image(url)
    name = f"representatives/{hashlib.sha256(data).hexdigest()[:32]}.{extension}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    Representative.objects.filter(pk=representative.pk).update(
        photo=name, photo_copied_from=url
    )
    return True
