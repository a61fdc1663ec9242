"""PDF rendering shared by letters and flyers: templates in, tagged PDF out.

Every PDF is rendered with :class:`SafeURLFetcher`, which lets a template use
``data:`` URLs and the project's own static and media files and refuses
everything else, so content typed by an editor or a supporter can never make
the renderer read a local file or call another host (SSRF).
"""

import atexit
import hashlib
import logging
import mimetypes
import os
import posixpath
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import get_template, render_to_string
from django.utils import translation

from .storage import is_public

logger = logging.getLogger(__name__)

#: Templates are rendered against this origin; ``/static/...`` and
#: ``/media/...`` below it are served from our own files. The ``.invalid``
#: top-level domain can never resolve to a real host.
ASSET_ORIGIN = "https://assets.invalid"
BASE_URL = ASSET_ORIGIN + "/"


class RefusedURL(ValueError):
    """A resource the renderer is not allowed to load."""


def _weasyprint():
    # Imported on first use: importing WeasyPrint costs about 0.6 s and
    # only the worker needs it.
    import weasyprint

    return weasyprint


def _clean_relative(path, prefix):
    """The part of ``path`` after ``prefix``, refusing any way out of it."""
    relative = unquote(path[len(prefix) :])
    normalised = posixpath.normpath(relative)
    if (
        not relative
        or normalised.startswith(("../", "/"))
        or normalised in ("..", ".")
        or "\x00" in normalised
    ):
        raise RefusedURL(f"Refused path outside its root: {path}")
    return normalised


def _static_file(relative):
    found = finders.find(relative)
    if found:
        return Path(found)
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / relative).resolve()
    if candidate.is_relative_to(root) and candidate.is_file():
        return candidate
    raise RefusedURL(f"No such static file: {relative}")


def make_url_fetcher():
    """A fetcher instance (built lazily so WeasyPrint is imported on use)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allow_redirects=False, timeout=5)

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}" != ASSET_ORIGIN:
                logger.warning("PDF renderer refused %s", url[:200])
                raise RefusedURL(f"Refused URL: {url[:200]}")
            if parts.path.startswith(settings.STATIC_URL):
                path = _static_file(_clean_relative(parts.path, settings.STATIC_URL))
                return URLFetcherResponse(url, path.read_bytes(), _type(path.name))
            if parts.path.startswith(settings.MEDIA_URL):
                name = _clean_relative(parts.path, settings.MEDIA_URL)
                if not is_public(name):  # what /media/ serves, nothing private
                    raise RefusedURL(f"Refused private file: {url[:200]}")
                with default_storage.open(name, "rb") as handle:
                    return URLFetcherResponse(url, handle.read(), _type(name))
            raise RefusedURL(f"Refused URL: {url[:200]}")

    return SafeURLFetcher()


def _type(name):
    return {"Content-Type": mimetypes.guess_type(name)[0] or "application/octet-stream"}


#: The renderer's state kept between documents: per thread (Pango and
#: Fontconfig objects are not shared across threads) and per process
#: (rebuilt after a fork).
_state = threading.local()


def _renderer_state():
    if getattr(_state, "pid", None) != os.getpid():
        from weasyprint.text.fonts import FontConfiguration

        _state.pid = os.getpid()
        _state.fonts = FontConfiguration()
        _state.stylesheets = {}
    return _state


def release_process_state():
    """Drop this thread's font configuration, which removes the temporary
    folder WeasyPrint keeps its fonts in. Runs at exit and when a Celery
    worker process is recycled (which does not run ``atexit``)."""
    _state.__dict__.clear()


atexit.register(release_process_state)


def font_config():
    """One WeasyPrint font configuration per worker thread.

    A plain WeasyPrint call builds a new one per document: it reloads
    Fontconfig and the ``@font-face`` fonts and starts with empty layout
    caches, a quarter to a third of a letter's render. WeasyPrint keys the
    fonts it has added by their descriptors, so reusing the configuration
    across documents is safe."""
    return _renderer_state().fonts


def print_stylesheets(names):
    """Our print stylesheets (static paths), parsed once per worker thread.

    Their ``@font-face`` rules load the fonts shipped in ``static/fonts``
    into the thread's font configuration. The files only change with a
    deployment, which starts new processes."""
    weasyprint = _weasyprint()
    state = _renderer_state()
    fonts, parsed = state.fonts, state.stylesheets
    for name in names:
        if name not in parsed:
            path = _static_file(name)
            parsed[name] = weasyprint.CSS(
                string=path.read_text(encoding="utf-8"),
                # The stylesheet's own URL, so ``url(../fonts/…)`` resolves
                # as it does when a template links the file.
                base_url=ASSET_ORIGIN + settings.STATIC_URL + name,
                url_fetcher=make_url_fetcher(),
                font_config=fonts,
            )
    return [parsed[name] for name in names]


def render_pdf(template_name, context, *, language, stylesheets=()):
    """Render a Django template to a tagged PDF/UA-1 document and return bytes.

    The template must set ``<html lang>`` and ``<title>``: they become the
    PDF's language and title, which screen readers announce. Attachments are
    stripped whatever the HTML asks for. ``stylesheets`` are static paths of
    print CSS applied besides what the template links (parsed once).
    """
    document = render_document(
        template_name, context, language=language, stylesheets=stylesheets
    )
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_document(template_name, context, *, language, stylesheets=()):
    """The laid-out document :func:`render_pdf` writes (its ``pages`` say
    how many sheets it takes), for a caller that must check the layout
    before writing it: ``document.write_pdf(pdf_variant="pdf/ua-1")``."""
    weasyprint = _weasyprint()
    with translation.override(language):
        html = render_to_string(template_name, context)
    fonts = font_config()
    document = weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=make_url_fetcher()
    ).render(
        pdf_variant="pdf/ua-1",
        stylesheets=print_stylesheets(stylesheets),
        font_config=fonts,
    )
    strip_attachments(document)
    return document


def strip_attachments(document):
    """No file rides along in a PDF: drop the document's attachments
    (``<link rel="attachment">``) and every page's attachment links (``<a
    rel="attachment">``, which WeasyPrint writes as ``/FileAttachment``
    annotations carrying the file)."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]


_FINGERPRINTS = {}


def design_fingerprint(template_names, stylesheets):
    """A short digest of the templates and print stylesheets a PDF is made
    from, for stored names: a deployment that changes the design gets new
    files instead of serving the old ones."""
    key = (tuple(template_names), tuple(stylesheets))
    if key not in _FINGERPRINTS:
        digest = hashlib.sha256()
        for name in template_names:
            digest.update(get_template(name).template.source.encode())
        for name in stylesheets:
            digest.update(_static_file(name).read_bytes())
        _FINGERPRINTS[key] = digest.hexdigest()[:12]
    return _FINGERPRINTS[key]


def fast_font_subsetting_available():
    """Whether HarfBuzz's subsetter is loaded (without it renders are ~6x slower)."""
    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None
