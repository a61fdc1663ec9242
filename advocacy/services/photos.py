"""Representatives' photos, copied into our own storage.

Represent gives each representative a photo URL on another site (a
legislature's). Public pages must load nothing from elsewhere, so a worker
copies the photo once (http or https only, at most 2 MB, an image that
Pillow can open) and pages show the copy.
"""

import hashlib
import io
import urllib.parse
import urllib.request

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

from ..models import Representative

MAX_BYTES = 2 * 1024 * 1024
TIMEOUT = 10
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


class PhotoError(Exception):
    """A photo that was not copied, and why."""


def fetch_image(url):
    """The image at ``url`` as (bytes, extension); PhotoError otherwise."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise PhotoError(f"Not an http(s) URL: {url[:200]}")
    request = urllib.request.Request(url, headers={"User-Agent": "networks-of-care"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            data = response.read(MAX_BYTES + 1)
    except (OSError, ValueError) as error:
        raise PhotoError(f"Could not fetch {url[:200]}: {error}") from error
    if len(data) > MAX_BYTES:
        raise PhotoError(f"Larger than {MAX_BYTES // 1024 // 1024} MB: {url[:200]}")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise PhotoError(f"Not an image: {url[:200]}") from error
    if kind not in FORMATS:
        raise PhotoError(f"Unsupported image type {kind}: {url[:200]}")
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
