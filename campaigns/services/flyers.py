"""Flyer PDFs: rendered by Celery, stored once under a name derived from
everything that shapes them, served from storage.

The name hashes the page's live revision, the size, the language, the
site settings printed on it (hotline, brand colour and logo) and the print
design (templates, stylesheets and layout), so an unchanged flyer is never
rendered twice, and a new revision or a new design gets new files. A
download never renders in the request.
"""

import base64
import hashlib
from pathlib import Path

import segno
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify
from wagtail.models import Locale, Site

from cms.brand import print_brand
from cms.models import SiteSettings
from cms.pdf import design_fingerprint, render_document

from ..models import LANGUAGES, SIZES, FlyerPage
from . import flyer_layout
from .flyer_layout import FITS, build_layout, print_size

RENDER_LOCK_SECONDS = 300
REQUEUE_AFTER_SECONDS = 60
TEMPLATES = (
    "campaigns/pdf/flyer.html",
    "campaigns/pdf/flyer_block.html",
    "cms/pdf/document.html",
)
STYLESHEETS = ("css/pdf.css", "css/flyer-pdf.css")
#: The layout's measures shape the design as much as the stylesheet does.
LAYOUT_FINGERPRINT = hashlib.sha256(
    Path(flyer_layout.__file__).read_bytes()
).hexdigest()[:12]


def translation_in(page, language):
    if page.locale.language_code == language:
        return page
    return page.get_translation_or_none(Locale.objects.get(language_code=language))


def _site_settings():
    site = Site.objects.filter(is_default_site=True).first()
    return SiteSettings.for_site(site) if site else SiteSettings()


def pdf_name(page, size, language, business="", contact="", orientation=None):
    """The stored name. The common flyer is public (``flyers/``, served by
    the proxy to anyone), in a folder named by the digest and under a name
    people recognise when they save it. A business's own copy, with its
    name or contact printed on it, is private (``flyer-copies/``): served
    only through its link's token (cms/storage.py)."""
    site_settings = _site_settings()
    parts = [
        orientation or page.default_orientation,
        business,
        contact,
        str(page.pk),
        str(page.live_revision_id or page.latest_revision_id),
        size,
        SIZES[size],  # the CSS page size it is printed at
        language,
        site_settings.crisis_line_number,
        site_settings.crisis_line_name,
        site_settings.crisis_line_name_fr,
        site_settings.brand_colour,
        site_settings.logo.file_hash if site_settings.logo else "",
        design_fingerprint(TEMPLATES, STYLESHEETS),
        LAYOUT_FINGERPRINT,
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    if business or contact:
        return f"flyer-copies/{digest}.pdf"
    return f"flyers/{digest}/{download_name(page, size, language)}"


def download_name(page, size, language):
    """The file name people see when they save a flyer."""
    return f"{slugify(page.slug)[:50] or 'flyer'}-{size}-{language}.pdf"


def qr_data_uri(url):
    """A QR code as an SVG data: URL (allowed by the PDF renderer's fetcher)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


#: A small scissors mark on the line to cut along (drawn here: no font
#: shipped with the project has the ✂ character).
SCISSORS = (
    "data:image/svg+xml;base64,"
    + base64.b64encode(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" '
        b'stroke="#000" stroke-width="2" stroke-linecap="round">'
        b'<circle cx="6" cy="6" r="3"/><circle cx="6" cy="18" r="3"/>'
        b'<path d="M8.5 7.6 21 17M8.5 16.4 21 7"/></svg>'
    ).decode()
)


def flyer_context(
    page, size, language, business="", contact="", orientation=None, fit=1.0
):
    """What the flyer template prints for ``page`` at ``size``: its blocks
    placed by :func:`flyer_layout.build_layout`, at ``fit`` times the
    sheet's own type size."""
    orientation = orientation or page.default_orientation
    qr_default = page.qr_target()
    blocks = []
    for block in page.body:
        value = block.value
        if block.block_type == "qr_code":
            url = value.get("url") or qr_default
            blocks.append(
                {
                    "type": "qr_code",
                    "url": url,
                    "image": qr_data_uri(url),
                    "caption": value.get("caption"),
                }
            )
        else:
            blocks.append({"type": block.block_type, "value": value})
    site_settings = _site_settings()
    brand = print_brand(site_settings)
    layout = build_layout(blocks, size, orientation, fit)
    box = layout.image_box_in()
    for block in blocks:
        if block["type"] == "image":
            block.update(print_image(block["value"], box))
    return {
        "page": page,
        "blocks": blocks,
        "layout": layout,
        "css": layout.css(),
        "orientation": orientation,
        "tab_range": range(layout.tabs["count"]) if layout.tabs else (),
        "scissors": SCISSORS,
        "brand_colour": brand["colour"],
        "logo": brand["logo"],
        "page_size": SIZES[size] + (" landscape" if orientation == "landscape" else ""),
        "title": page.title,
        "language": language,
        "business": business,
        "contact": contact,
        "site_settings": site_settings,
        "crisis_name": site_settings.crisis_line_name_fr
        if language == "fr"
        else site_settings.crisis_line_name,
    }


def print_rendition_spec(image):
    """One print rendition per image, for every size it is printed at:
    enough pixels for 150 dpi at its largest print (Tabloid)."""
    from .flyer_layout import largest_print

    _size, (pixels_wide, pixels_high) = largest_print(image.width, image.height)
    return f"max-{pixels_wide}x{pixels_high}"


def print_image(image, box):
    """A print rendition of ``image`` (an ImageBlock value) fitted into
    ``box`` (inches): enough pixels for 150 dpi at its printed size when the
    upload has them, never the original file. Answers what the template
    prints: ``url``, ``alt`` (empty when decorative), ``width`` and
    ``height`` (CSS lengths)."""
    (width, height), _pixels = print_size(image.width, image.height, box)
    rendition = image.get_rendition(print_rendition_spec(image))
    return {
        "url": rendition.url,
        "alt": "" if image.decorative else image.contextual_alt_text,
        "width": f"{width:.3f}in",
        "height": f"{height:.3f}in",
    }


def render_flyer(page, size, language, business="", contact="", orientation=None):
    """PDF bytes of ``page`` (in its own language) at ``size``, with a
    "Displayed by" line and a local contact for a business's own copy.

    A flyer is one sheet: when the organizer's text does not fit at the
    sheet's type size, it is laid out again a little smaller until it does
    (the demo flyers fit at once, in every size and orientation)."""
    for fit in FITS:
        context = flyer_context(
            page, size, language, business, contact, orientation, fit
        )
        document = render_document(
            TEMPLATES[0], context, language=language, stylesheets=STYLESHEETS
        )
        if context["layout"].fits(document):
            break
    return document.write_pdf(pdf_variant="pdf/ua-1")


def stored_pdf(page, size, language, business="", contact="", orientation=None):
    """The stored file's name if it has been rendered, else None."""
    name = pdf_name(page, size, language, business, contact, orientation)
    return name if default_storage.exists(name) else None


def render_and_store(
    page_id, size, language, business="", contact="", orientation=None
):
    """Render once: skip what is stored, and what another worker is rendering."""
    page = FlyerPage.objects.get(pk=page_id).specific
    page = translation_in(page, language) or page
    name = pdf_name(page, size, language, business, contact, orientation)
    if default_storage.exists(name):
        return name
    if not cache.add(f"flyer-render:{name}", 1, RENDER_LOCK_SECONDS):
        return None  # another worker has it
    try:
        if not default_storage.exists(name):
            pdf = render_flyer(page, size, language, business, contact, orientation)
            # The storage may add a suffix if a concurrent render won the
            # race after all; the first file stays the one served.
            default_storage.save(name, ContentFile(pdf))
        return name
    finally:
        cache.delete(f"flyer-render:{name}")


def stored_or_queued(page, size, language, business="", contact="", orientation=None):
    """The stored file's name; or None when it is missing, after asking a
    worker to render it.

    A render is queued at most once a minute per file (as letters do): the
    page that waits for a PDF refreshes every few seconds, many people may
    wait for the same file, and each request must not add a task. After the
    minute a request queues it again, in case the first task was lost.
    """
    from ..tasks import render_flyer_pdf

    name = pdf_name(page, size, language, business, contact, orientation)
    if default_storage.exists(name):
        return name
    # add() answers None, not False, when the cache is down: queue then.
    if cache.add(f"flyer-queued:{name}", 1, REQUEUE_AFTER_SECONDS) is not False:
        render_flyer_pdf.delay(page.pk, size, language, business, contact, orientation)
    return None


def request_render(page, size, language, business="", contact="", orientation=None):
    """Have the file rendered unless it is stored: True if it is missing."""
    return (
        stored_or_queued(page, size, language, business, contact, orientation) is None
    )


def prerender(page):
    """Every size × orientation × language the published flyer offers, and
    a thumbnail of each size's first page in each language."""
    from ..tasks import make_flyer_thumbnail

    for language in LANGUAGES:
        translation = translation_in(page, language)
        if translation is None or not translation.live:
            continue
        for size in SIZES:
            for orientation in page.allowed_orientations:
                request_render(translation, size, language, orientation=orientation)
            make_flyer_thumbnail.delay(translation.pk, size)


def thumbnail_name(page, size="letter"):
    """The PNG of page 1 of ``page``'s PDF at ``size`` (its own language,
    the first orientation it offers)."""
    return pdf_name(page, size, page.locale.language_code).replace(".pdf", ".png")


def make_thumbnail(page_id, size="letter"):
    """A PNG of page 1 (at ``size``, in the page's own language) for the
    flyer page and listings, made from the stored PDF with poppler's
    pdftoppm. Answers its name, or None while another worker renders the
    PDF (the task then tries again)."""
    import subprocess
    import tempfile

    page = FlyerPage.objects.get(pk=page_id)
    language = page.locale.language_code
    name = thumbnail_name(page, size)
    if default_storage.exists(name):
        return name
    pdf = stored_pdf(page, size, language) or render_and_store(page.pk, size, language)
    if pdf is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "flyer.pdf"
        with default_storage.open(pdf, "rb") as handle:
            source.write_bytes(handle.read())
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-singlefile",
                "-f",
                "1",
                "-l",
                "1",
                "-scale-to",
                "400",
                str(source),
                str(Path(folder) / "thumb"),
            ],
            check=True,
            capture_output=True,
            timeout=60,
        )
        png = (Path(folder) / "thumb.png").read_bytes()
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(png))
        _show_new_thumbnail(page)
    return name


def _show_new_thumbnail(page):
    """The flyer page and its campaign list the thumbnails: cached copies
    made before it existed go (the page cache, and the edge's)."""
    from cms.edge_purge import edge_configured, purge_pages
    from cms.page_cache import purge_page_cache

    purge_page_cache()
    if edge_configured():
        purge_pages([page, page.get_parent()])


def thumbnail_url(page, size="letter"):
    name = thumbnail_name(page, size)
    return default_storage.url(name) if default_storage.exists(name) else ""


def remove_old_layout_files(storage):
    """Before issue 10, the common flyers and businesses' own copies lay
    side by side in ``flyers/``, under the public root, and the names did
    not tell them apart; now every public flyer file is in a folder of its
    own and copies are private. So every file directly in ``flyers/`` goes
    (all can be rendered again), and the live flyers' files and thumbnails
    are queued. Answers what it did, in one line."""
    try:
        _folders, files = storage.listdir("flyers")
    except FileNotFoundError:
        files = []
    for name in files:
        storage.delete(f"flyers/{name}")
    from ..tasks import prerender_flyer

    pages = list(FlyerPage.objects.live().values_list("pk", flat=True))
    for page_id in pages:
        prerender_flyer.delay(page_id)
    return (
        f"Deleted {len(files)} flyer file(s) of the old layout; "
        f"queued the files of {len(pages)} live flyer page(s)."
    )


def images_too_small(page):
    """Messages for the flyer's images that have too few pixels for a sharp
    print (150 dpi) at the largest size it is printed (Tabloid): the page
    editor shows them as warnings after a save. The flyer still prints."""
    from django.utils.translation import gettext

    from .flyer_layout import largest_print

    warnings = []
    for block in page.body:
        if block.block_type != "image" or block.value is None:
            continue
        image = block.value
        _size, (wide, high) = largest_print(image.width, image.height)
        if image.width < wide:
            warnings.append(
                gettext(
                    "The image “%(title)s” is %(width)s × %(height)s pixels: a "
                    "sharp print on Tabloid needs %(wide)s × %(high)s (150 dots "
                    "per inch). It will print blurred; upload a larger one if "
                    "you have it."
                )
                % {
                    "title": image.title,
                    "width": image.width,
                    "height": image.height,
                    "wide": wide,
                    "high": high,
                }
            )
    return warnings
