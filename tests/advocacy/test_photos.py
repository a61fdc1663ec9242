"""Representatives' photos are copied to our storage; pages show the copy."""

import io

import pytest
from PIL import Image

from advocacy.models import Representative
from advocacy.services.photos import MAX_BYTES, PhotoError, copy_photo
from advocacy.services.representatives import upsert_representative

from .conftest import mp

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 5), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def with_photo(represent, path, body):
    represent.routes[path] = (200, body, 0)
    data = mp("Ada Lovelace", "1", "Ottawa Centre")
    data["photo_url"] = represent.url + path
    return upsert_representative(data)[0]


def test_photo_is_copied_once_and_shown_from_our_storage(
    client, represent, media, site_pages
):
    ada = with_photo(represent, "/photos/ada.png", png_bytes())
    assert copy_photo(ada.pk) is True
    ada.refresh_from_db()
    assert ada.photo.name.startswith("representatives/") and ada.photo.name.endswith(
        ".png"
    )
    assert (media / ada.photo.name).read_bytes() == png_bytes()
    assert copy_photo(ada.pk) is False  # same URL: not fetched again
    assert represent.requests.count("/photos/ada.png") == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<html>not an image</html>", "Not an image"),
        (b"\x89PNG" + b"0" * (MAX_BYTES + 10), "Larger than 2 MB"),
    ],
)
def test_bad_photos_are_refused(represent, media, body, message):
    ada = with_photo(represent, "/photos/bad", body)
    with pytest.raises(PhotoError) as error:
        copy_photo(ada.pk)
    assert message in str(error.value)
    assert not Representative.objects.get(pk=ada.pk).photo


def test_only_http_photos(media):
    data = mp("Ada Lovelace", "1", "Ottawa Centre")
    data["photo_url"] = "file:///etc/passwd"
    ada = upsert_representative(data)[0]
    with pytest.raises(PhotoError) as error:
        copy_photo(ada.pk)
    assert "Not an http(s) URL" in str(error.value)


def test_recipients_step_shows_our_copy_never_the_original(
    client, represent, media, site_pages
):
    from advocacy.models import LetterCampaignPage

    ada = with_photo(represent, "/photos/ada.png", png_bytes())
    copy_photo(ada.pk)
    ada.refresh_from_db()
    represent.routes["/postcodes/K1A0B1/"] = (
        200,
        {
            "representatives_centroid": [
                {
                    **mp("Ada Lovelace", "1", "Ottawa Centre"),
                    "photo_url": represent.url + "/photos/ada.png",
                }
            ]
        },
        0,
    )
    page = LetterCampaignPage(
        title="Write",
        slug="write",
        topic="other",
        target_levels="federal",
        subject_template="Hello",
        body_template="Please act.",
        locale=site_pages["home_en"].locale,
    )
    site_pages["home_en"].add_child(instance=page)
    page.save_revision().publish()
    html = client.post(page.url, {"postal_code": "K1A0B1"}).content.decode()
    assert f'src="/media/{ada.photo.name}"' in html
    assert represent.url not in html
