"""Issue 14, item 3: images print from a rendition with enough pixels for
150 dpi at their printed size (never the original upload), with their alt
text in the tagged PDF; an image too small gets a warning in the editor."""

import gc
import io
import warnings

import pytest
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.test import Client
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.images.models import Image, Rendition
from wagtail.test.utils.form_data import querydict_from_html

from campaigns.models import FlyerPage
from campaigns.services import flyers
from campaigns.services.flyer_layout import largest_print

from .test_flyer_starter import form_data_of
from .test_flyers import alt_texts

pytestmark = pytest.mark.django_db


def upload(width, height, title="Counter"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "#336699").save(buffer, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower()}.png")
    )


def image_block(image, alt="A shop counter with this flyer"):
    return ("image", {"image": image, "alt_text": alt, "decorative": False})


@pytest.fixture
def flyer(awareness_campaigns, media_roots):
    campaign = awareness_campaigns["en"]
    page = FlyerPage(
        title="Flyer",
        slug="flyer",
        locale=campaign.locale,
        body=[("headline", "Know the signs"), ("crisis_line", None)],
    )
    campaign.add_child(instance=page)
    page.save_revision().publish()
    return page


def quietly(make):
    """Wagtail leaves a new rendition's temporary file to the garbage
    collector (a ResourceWarning, an error in the tests)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        result = make()
        gc.collect()
    return result


def embedded_images(pdf):
    """``(pixels wide, pixels high)`` of every image drawn on page 1."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    found = []
    for obj in page["/Resources"].get("/XObject", {}).values():
        obj = obj.get_object()
        if obj.get("/Subtype") == "/Image":
            found.append((obj["/Width"], obj["/Height"]))
    return found


@pytest.mark.parametrize(
    ("size", "printed_width_in"), [("letter", 7.9), ("tabloid", 10.3)]
)
def test_an_image_prints_from_a_rendition_at_150_dpi(flyer, size, printed_width_in):
    original = upload(3000, 1000)
    flyer.body = [("headline", "Know the signs"), image_block(original)]
    flyer.save_revision().publish()
    pdf = quietly(lambda: flyers.render_flyer(flyer, size, "en"))
    assert "A shop counter with this flyer" in alt_texts(pdf)
    [rendition] = Rendition.objects.filter(image=original)
    # A copy made for the print, fitted to its box at 150 dpi: never the
    # 3000-pixel original.
    assert rendition.width < original.width
    assert rendition.width >= 150 * printed_width_in * 0.95
    assert rendition.width >= 150 * 10.3 * 0.95  # one for every size
    assert (rendition.width, rendition.height) in embedded_images(pdf)


def test_the_largest_print_sets_what_an_image_needs():
    (width, _height), (wide, _high) = largest_print(3000, 1000)
    assert 10 < width < 10.5  # Tabloid's width, less the margins
    assert wide == pytest.approx(width * 150, abs=1)


@pytest.fixture
def organizer(django_user_model):
    user = django_user_model.objects.create_user(username="organizer", password="x")
    user.groups.add(Group.objects.get(name="Organizers"))
    return user


def save_in_editor(client, flyer):
    url = f"/admin/pages/{flyer.pk}/edit/"
    response = client.get(url)
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    draft = flyer.get_latest_revision_as_object()
    data.update(form_data_of(draft.body))
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain, response.context["form"].errors
    return [str(message) for message in response.context["messages"]]


def test_the_editor_warns_about_an_image_too_small_to_print_sharp(flyer, organizer):
    small = upload(640, 480, title="Phone photo")
    flyer.body = [("headline", "Know the signs"), image_block(small)]
    flyer.save_revision()
    client = Client()
    client.force_login(organizer)
    messages = save_in_editor(client, FlyerPage.objects.get(pk=flyer.pk))
    [warning] = [m for m in messages if "Phone photo" in m]
    _size, (wide, high) = largest_print(640, 480)
    assert warning == (
        f"The image “Phone photo” is 640 × 480 pixels: a sharp print on "
        f"Tabloid needs {wide} × {high} (150 dots per inch). It will print "
        "blurred; upload a larger one if you have it."
    )
    # A large enough image: no warning, and the page is saved either way.
    large = upload(2000, 1500, title="Camera photo")
    flyer.body = [("headline", "Know the signs"), image_block(large)]
    flyer.save_revision()
    messages = save_in_editor(client, FlyerPage.objects.get(pk=flyer.pk))
    assert not [m for m in messages if "pixels" in m]
