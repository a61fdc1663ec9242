"""Issue 14, item 2: the organisation's logo and brand colour on flyers and
letters, a colour too light for text refused, and flyers legible in black
and white."""

import gc
import io
import warnings
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.test.utils.form_data import querydict_from_html

from campaigns.demo import FLYER
from campaigns.models import FlyerPage
from campaigns.services import flyers
from cms.brand import LOGO_RENDITION, contrast_with_white
from cms.models import SiteSettings
from cms.pdf import render_pdf

from .flyer_measures import ink_rows, printed
from .test_flyers import alt_texts

pytestmark = pytest.mark.django_db

#: A green just dark enough for text on white (5.1:1): the lightest kind of
#: colour an organisation may choose, so the hardest to print in grey.
GREEN = "#2e7d32"


@pytest.fixture
def logo(media_roots):
    buffer = io.BytesIO()
    picture = PILImage.new("RGB", (600, 240), "#ffffff")
    picture.paste(PILImage.new("RGB", (400, 160), "#c2185b"), (100, 40))
    picture.save(buffer, "PNG")
    image = Image.objects.create(title="Logo", file=ImageFile(buffer, name="logo.png"))
    # Wagtail leaves a new rendition's temporary file to the garbage
    # collector (a ResourceWarning, an error here): made ahead, as the
    # worker would have.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        image.get_rendition(LOGO_RENDITION)
        gc.collect()
    return image


@pytest.fixture
def branded(site_pages, logo):
    settings = site_pages["settings"]
    settings.organisation_name = "Réseau Entraide"
    settings.logo = logo
    settings.brand_colour = GREEN
    settings.save()
    return settings


@pytest.fixture
def flyer(awareness_campaigns, media_roots):
    campaign = awareness_campaigns["fr"]
    page = FlyerPage(locale=campaign.locale, **FLYER["fr"])
    campaign.add_child(instance=page)
    page.save_revision().publish()
    return page


def settings_form(client, site_pages):
    url = f"/admin/settings/cms/sitesettings/{site_pages['site'].pk}/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    forms = BeautifulSoup(html, "html.parser").find_all("form")
    posted = [form.get("method", "").lower() == "post" for form in forms]
    index = posted.index(True)
    return url, querydict_from_html(html, form_index=index)


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("#8fc1e3", "too light for text on white: its contrast is 1.9:1"),
        ("#ffcc00", "its contrast is 1.5:1 and at least 4.5:1 is needed (WCAG AA)"),
        ("green", "Enter the colour as # and six hexadecimal digits"),
    ],
)
def test_a_colour_too_light_for_text_is_refused(
    site_pages, admin_user, colour, message
):
    client = Client()
    client.force_login(admin_user)
    url, data = settings_form(client, site_pages)
    data["brand_colour"] = colour
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SiteSettings.objects.get().brand_colour == "#0b4f6c"


def test_a_dark_enough_colour_and_a_logo_are_saved(site_pages, admin_user, logo):
    client = Client()
    client.force_login(admin_user)
    url, data = settings_form(client, site_pages)
    data["brand_colour"] = GREEN
    data["logo"] = str(logo.pk)
    response = client.post(url, data)
    assert response.status_code == 302
    saved = SiteSettings.objects.get()
    assert (saved.brand_colour, saved.logo_id) == (GREEN, logo.pk)
    assert contrast_with_white(GREEN) >= 4.5


def colours_in(image, box, scale):
    """The most common colours of ``image`` inside ``box`` (points)."""
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    crop = image.crop((x0, y0, x1, y1)).convert("RGB")
    return [colour for _count, colour in sorted(crop.getcolors(1 << 20))[::-1]]


def render_png(pdf, dpi, gray=False):
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "f.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-singlefile"]
            + (["-gray"] if gray else [])
            + [str(source), str(Path(folder) / "p")],
            check=True,
            capture_output=True,
        )
        image = PILImage.open(Path(folder) / "p.png")
        image.load()
    return image


def test_the_flyer_carries_the_logo_and_the_brand_colour(branded, flyer):
    pdf = flyers.render_flyer(flyer, "letter", "fr")
    # The logo, described by the organisation's name, for screen readers.
    assert "Réseau Entraide" in alt_texts(pdf)
    page = printed(pdf)
    headline = page.find(FLYER["fr"]["body"][0][1])
    box = (headline[0].x0, headline[0].y0, headline[-1].x1, headline[-1].y1)
    image = render_png(pdf, 72)
    # The band behind the headline is the brand colour.
    assert colours_in(image, box, 1)[0] == (0x2E, 0x7D, 0x32)
    # The logo is printed in the top right corner, on the band.
    logo_pink = (0xC2, 0x18, 0x5B)
    corner = (page.width * 0.6, 0, page.width, page.height * 0.2)
    assert any(near(colour, logo_pink) for colour in colours_in(image, corner, 1)[:5])
    # A new brand gets new files.
    name = flyers.pdf_name(flyer, "letter", "fr")
    branded.brand_colour = "#0b4f6c"
    branded.save()
    assert flyers.pdf_name(flyer, "letter", "fr") != name


def near(colour, other):
    return all(abs(a - b) <= 6 for a, b in zip(colour, other, strict=True))


def luminance(gray):
    value = gray / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def contrast_inside(image, box, scale):
    """The contrast (WCAG's formula) between the darkest and the lightest
    tenth of the pixels in ``box``: the text against its background."""
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    pixels = sorted(image.crop((x0, y0, x1, y1)).tobytes())
    tenth = max(1, len(pixels) // 10)
    dark = sum(pixels[:tenth]) / tenth
    light = sum(pixels[-tenth:]) / tenth
    return (luminance(light) + 0.05) / (luminance(dark) + 0.05)


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_printed_in_black_and_white_the_headline_and_hotline_stand_out(
    branded, flyer, orientation
):
    pdf = flyers.render_flyer(flyer, "letter", "fr", orientation=orientation)
    page = printed(pdf)
    image = render_png(pdf, 150, gray=True).convert("L")
    scale = 150 / 72
    for text in (FLYER["fr"]["body"][0][1], "1-833-900-1010"):
        words = page.find(text)
        box = (words[0].x0, words[0].y0, words[-1].x1, words[-1].y1)
        assert contrast_inside(image, box, scale) >= 4.5, text


def test_a_printed_letter_has_the_letterhead(branded):
    letter = SimpleNamespace(
        supporter_name="Sam Lee",
        street_address="",
        city="Halifax",
        province="NS",
        postal_code="B3H1A1",
    )
    row = SimpleNamespace(name="Ada Lovelace", title="MP")
    pdf = render_pdf(
        "advocacy/pdf/letter.html",
        {
            "letter": letter,
            "pages": [
                {
                    "row": row,
                    "subject": "Fund services",
                    "paragraphs": ["Please fund services."],
                    "address_lines": ["House of Commons"],
                    "no_postage": True,
                }
            ],
            "date": None,
            "title": "Fund services",
            "language": "en",
        },
        language="en",
        stylesheets=("css/pdf.css", "css/letter-pdf.css"),
    )
    assert "Réseau Entraide" in alt_texts(pdf)
    image, top, _bottom = ink_rows(pdf, dpi=72)
    assert top < 0.12  # the letterhead, above the addresses
    colours = colours_in(render_png(pdf, 72), (0, 0, 612, 160), 1)
    assert any(near(colour, (0x2E, 0x7D, 0x32)) for colour in colours[:6])
