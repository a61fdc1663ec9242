"""Representatives' photos are copied to our storage; pages show the copy."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from advocacy.models import Representative
from advocacy.services.photos import MAX_BYTES, PhotoError, copy_photo, fetch_image
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
    # The local test server is on 127.0.0.1, which is refused by default.
    settings.OUTBOUND_ALLOWED_TEST_ADDRESSES = ["127.0.0.1"]
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


#: Every refusal says the same, so answers cannot be used to probe ports.
REFUSED = "it must be a public http(s) address serving a JPEG, PNG, GIF or WebP"


@pytest.mark.parametrize(
    "body",
    [b"<html>not an image</html>", b"\x89PNG" + b"0" * (MAX_BYTES + 10)],
    ids=["not an image", "larger than 2 MB"],
)
def test_bad_photos_are_refused(represent, media, body):
    ada = with_photo(represent, "/photos/bad", body)
    with pytest.raises(PhotoError) as error:
        copy_photo(ada.pk)
    assert REFUSED in str(error.value)
    assert not Representative.objects.get(pk=ada.pk).photo


def test_only_http_photos(media):
    data = mp("Ada Lovelace", "1", "Ottawa Centre")
    data["photo_url"] = "file:///etc/passwd"
    ada = upsert_representative(data)[0]
    with pytest.raises(PhotoError) as error:
        copy_photo(ada.pk)
    assert REFUSED in str(error.value)


class Redirector:
    """A server on another loopback address (127.0.0.2, standing in for a
    public host) that answers every request with a redirect to ``target``."""

    def __init__(self, target):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self.send_response(302)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                """Quiet."""

        self.httpd = ThreadingHTTPServer(("127.0.0.2", 0), Handler)
        self.url = f"http://127.0.0.2:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def inside(represent, settings, tmp_path):
    """A photo served from inside our network (127.0.0.1), which no setting
    allows: what a hostile Represent answer would point at."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.OUTBOUND_ALLOWED_TEST_ADDRESSES = []
    represent.routes["/photos/ada.png"] = (200, png_bytes(), 0)
    return represent


def refused(url):
    with pytest.raises(PhotoError) as error:
        fetch_image(url)
    return str(error.value)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "2130706433",  # 127.0.0.1 as one decimal number
        "0x7f000001",  # and in hexadecimal
        "0177.0.0.1",  # and in octal
        "localhost",
        "[::1]",
        "[::ffff:127.0.0.1]",
    ],
)
def test_loopback_in_any_spelling_is_refused(inside, host):
    port = inside.url.rsplit(":", 1)[1]
    assert REFUSED in refused(f"http://{host}:{port}/photos/ada.png")
    assert inside.requests == []  # nothing was even asked


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "http://10.0.0.1/photo.png",
        "http://192.168.1.1/photo.png",
        "http://100.64.0.1/photo.png",
        "http://0.0.0.0/photo.png",
        "http://224.0.0.1/photo.png",
        "http://[fe80::1]/photo.png",
        "http://[fd00::1]/photo.png",
    ],
)
def test_private_link_local_and_reserved_addresses_are_refused(inside, url):
    assert REFUSED in refused(url)


def test_a_port_cannot_be_probed(inside):
    """Redis's port, a closed port and a served photo all answer alike."""
    port = inside.url.rsplit(":", 1)[1]
    answers = {
        refused(url).replace(url, "URL")
        for url in (
            "http://127.0.0.1:6379/",
            "http://127.0.0.1:1/",
            f"http://127.0.0.1:{port}/photos/ada.png",
        )
    }
    assert len(answers) == 1
    assert inside.requests == []


def test_a_redirect_to_loopback_is_refused(inside, settings):
    """127.0.0.2 is allowed here (it stands in for a public host); its
    redirect to 127.0.0.1 is checked again and refused."""
    settings.OUTBOUND_ALLOWED_TEST_ADDRESSES = ["127.0.0.2"]
    redirector = Redirector(inside.url + "/photos/ada.png")
    try:
        assert REFUSED in refused(redirector.url + "/photo.png")
    finally:
        redirector.stop()
    assert inside.requests == []


def test_an_allowed_redirect_is_followed(inside, settings):
    settings.OUTBOUND_ALLOWED_TEST_ADDRESSES = ["127.0.0.1", "127.0.0.2"]
    redirector = Redirector(inside.url + "/photos/ada.png")
    try:
        data, extension = fetch_image(redirector.url + "/photo.png")
    finally:
        redirector.stop()
    assert (data, extension) == (png_bytes(), "png")


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
