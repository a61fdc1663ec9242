"""Flyer PDFs for real: text, sizes, tagging, QR code, rendered once."""

import io
import subprocess
from io import StringIO
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from celery.signals import before_task_publish
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from pypdf import PdfReader

from campaigns.models import (
    CampaignIndexPage,
    CampaignPage,
    FlyerDownload,
    FlyerPage,
)
from campaigns.services import flyers

pytestmark = pytest.mark.django_db

POINTS = {
    "letter": (612, 792),
    "a4": (595, 842),
    "tabloid": (792, 1224),
    "legal": (612, 1008),
}


@pytest.fixture
def media(media_roots, tmp_path):
    return tmp_path


def public_pdf(client, url):
    """The bytes a visitor gets at a flyer's URL: a redirect to the public
    file's own URL under /media/ (the proxy serves it), read from storage."""
    response = client.get(url)
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert location.startswith("/media/flyers/"), location
    with default_storage.open(unquote(location.removeprefix("/media/"))) as handle:
        return handle.read()


@pytest.fixture
def flyer(site_pages, media):
    home_en = site_pages["home_en"]
    index = CampaignIndexPage(
        title="Campaigns", slug="campaigns", locale=home_en.locale
    )
    home_en.add_child(instance=index)
    index.save_revision().publish()
    campaign = CampaignPage(
        title="Know the signs",
        slug="know",
        summary="Signs.",
        issue_area="awareness",
        locale=home_en.locale,
    )
    index.add_child(instance=campaign)
    campaign.save_revision().publish()
    body = [
        ("headline", "Human trafficking happens here"),
        (
            "signs",
            {"heading": "Signs to look for", "signs": ["Someone is not free to leave"]},
        ),
        ("crisis_line", None),
        ("qr_code", {"url": "", "caption": "Learn more"}),
        ("tear_off_tabs", {"count": 6}),
    ]
    page = FlyerPage(
        title="Business flyer", slug="flyer", body=body, locale=home_en.locale
    )
    campaign.add_child(instance=page)
    page.save_revision().publish()
    return page


def text_of(pdf):
    """The PDF's text with every run of white space as one space (a headline
    set large wraps where the page decides)."""
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


@pytest.mark.parametrize("size", ["letter", "a4", "tabloid"])
def test_flyer_pdf_text_size_and_tagging(flyer, size):
    pdf = flyers.render_flyer(flyer, size, "en")
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == POINTS[size]
    text = text_of(pdf)
    assert "Human trafficking happens here" in text
    assert "1-833-900-1010" in text and "Canadian Human Trafficking Hotline" in text
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and "/StructTreeRoot" in root
    assert reader.metadata.title == "Business flyer"
    assert "/Names" not in root or "/EmbeddedFiles" not in root["/Names"]


def test_french_flyer_keeps_its_accents(flyer):
    flyer.body = [
        ("headline", "La traite des personnes existe ici, à côté"),
        ("crisis_line", None),
    ]
    flyer.save_revision().publish()
    text = text_of(flyers.render_flyer(flyer, "letter", "fr"))
    assert "La traite des personnes existe ici, à côté" in text
    assert "Ligne d’urgence canadienne contre la traite des personnes" in text


def test_qr_code_decodes_to_the_campaign(flyer, tmp_path):
    pdf = tmp_path / "flyer.pdf"
    pdf.write_bytes(flyers.render_flyer(flyer, "letter", "en"))
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    [png] = tmp_path.glob("page*.png")
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert decoded == flyer.get_parent().get_full_url()


def test_download_waits_then_serves_and_renders_once(client, flyer):
    url = flyer.url + "letter-en.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert '<meta http-equiv="refresh" content="3">' in waiting.content.decode()
    name = flyers.render_and_store(flyer.pk, "letter", "en")
    assert flyers.render_and_store(flyer.pk, "letter", "en") == name  # not again
    folders = default_storage.listdir("flyers")[0]
    response = client.get(url)
    # The public file's own URL, named after its content and the flyer.
    assert response.status_code == 302
    assert response["Location"] == f"/media/{name}"
    assert name.startswith("flyers/") and name.endswith("/flyer-letter-en.pdf")
    assert response["Cache-Control"] == "public, max-age=300"
    assert public_pdf(client, url).startswith(b"%PDF")
    assert default_storage.listdir("flyers")[0] == folders
    flyer.body = [("headline", "A new headline")]
    flyer.save_revision().publish()
    assert flyers.pdf_name(FlyerPage.objects.get(pk=flyer.pk), "letter", "en") != name


class PublishedRenders:
    """The flyer renders sent to the broker (Celery's own publish signal)."""

    def __init__(self):
        self.args = []

    def __call__(self, sender=None, headers=None, **kwargs):
        if sender == "campaigns.tasks.render_flyer_pdf":
            self.args.append(headers["argsrepr"])

    def __enter__(self):
        before_task_publish.connect(self)
        return self

    def __exit__(self, *exc):
        before_task_publish.disconnect(self)


def test_requests_while_a_pdf_is_missing_queue_one_render(client, flyer):
    """The waiting page refreshes every 3 seconds, and many people may ask at
    once: a missing file is queued at most once a minute (issue 9, item 15)."""
    with PublishedRenders() as published:
        for _ in range(10):
            assert client.get(flyer.url + "letter-en.pdf").status_code == 202
        assert len(published.args) == 1
        for _ in range(10):  # another file: its own render
            assert client.get(flyer.url + "a4-fr.pdf").status_code == 202
        assert len(published.args) == 2
        cache.clear()  # a minute later the key has expired: asked again
        assert client.get(flyer.url + "letter-en.pdf").status_code == 202
    assert published.args == [published.args[0], published.args[1], published.args[0]]


def test_a_personal_copy_is_queued_once_while_people_wait_for_it(client, flyer):
    with PublishedRenders() as published:
        response = client.post(
            flyer.url + "download/", form_data(business_name="Café Olé")
        )
        for _ in range(10):
            assert client.get(response["Location"]).status_code == 202
    assert len(published.args) == 1
    assert "Café Olé" in published.args[0]


@pytest.mark.parametrize("path", ["huge-en.pdf", "letter-de.pdf"])
def test_unknown_size_or_language_lists_the_options(client, flyer, path):
    response = client.get(flyer.url + path)
    assert response.status_code == 404
    assert (
        "Sizes: letter, legal, tabloid, a4. Languages: en, fr."
        in response.content.decode()
    )


def test_publishing_queues_the_prerender_once(
    flyer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        flyer.save_revision().publish()
    # (The page cache is purged again after the commit too: cms/signals.py.)
    prerenders = [c for c in callbacks if "prerender" in c.__qualname__]
    assert len(prerenders) == 1


def test_flyer_page_previews_and_links_every_pdf(client, flyer):
    response = client.get(flyer.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Human trafficking happens here" in html
    for size in ("letter", "legal", "tabloid", "a4"):
        for language in ("en", "fr"):
            assert f'href="{flyer.url}{size}-{language}.pdf"' in html


def french_translation(flyer, site_pages):
    campaign = flyer.get_parent().specific.copy_for_translation(
        site_pages["home_fr"].locale, copy_parents=True
    )
    campaign.save_revision().publish()
    french = FlyerPage(
        title="Affiche pour commerces",
        slug="affiche",
        body=flyer.body.raw_data,
        locale=site_pages["home_fr"].locale,
        translation_key=flyer.translation_key,
    )
    campaign.add_child(instance=french)
    french.save_revision().publish()
    return french


def test_the_form_names_each_language_in_that_language(client, flyer, site_pages):
    """The list showed the codes "EN" and "FR". Each language is named in
    itself, on the English and on the French page alike (as language
    switches do: a reader finds their own language by its own name), and
    marked with its language so that a screen reader says it right."""
    for page in (flyer, french_translation(flyer, site_pages)):
        html = BeautifulSoup(client.get(page.url).content, "html.parser")
        select = html.select_one("form select[name=language]")
        label = html.find("label", attrs={"for": select["id"]})
        options = [
            (option["value"], option.get_text(strip=True), option.get("lang"))
            for option in select.find_all("option")
        ]
        assert options == [("en", "English", "en"), ("fr", "Français", "fr")]
        assert label.get_text(strip=True) in ("Language", "Langue")
        assert (
            select.find("option", selected=True)["value"] == page.locale.language_code
        )


@pytest.mark.browser
def test_flyer_page_is_accessible(page, live_server, flyer, axe):
    from tests.conftest import serious_violations

    page.goto(f"{live_server.url}{flyer.url}")
    assert serious_violations(axe, page) == []


def form_data(**fields):
    data = {
        "size": "letter",
        "language": "en",
        "copies": "5",
        "city": "Halifax",
        "province": "NS",
        "sector": "food",
    }
    data.update(fields)
    return data


def test_download_form_records_and_gives_a_personal_copy(client, flyer):
    from campaigns.models import FlyerDownload

    response = client.post(
        flyer.url + "download/",
        form_data(business_name="Café <b>Olé</b>", local_contact="Ask for Sam"),
    )
    download = FlyerDownload.objects.get()
    assert (download.city, download.sector, download.copies) == ("Halifax", "food", 5)
    assert response["Location"] == f"{flyer.url}copy-{download.token()}.pdf"
    assert client.get(response["Location"]).status_code == 202  # being rendered
    flyers.render_and_store(
        flyer.pk, "letter", "en", download.business_name, "Ask for Sam"
    )
    copy = client.get(response["Location"])
    assert copy["Cache-Control"].startswith("private, no-store")
    pdf = b"".join(copy.streaming_content)
    text = text_of(pdf)
    assert "Displayed by Café <b>Olé</b>" in text  # printed as text, not markup
    assert "Local contact: Ask for Sam" in text


def test_download_form_without_a_business_goes_to_the_common_file(client, flyer):
    response = client.post(flyer.url + "download/", form_data(size="a4", language="fr"))
    assert response["Location"] == f"{flyer.url}a4-fr.pdf"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"business_name": "x" * 500},
            "Keep the business name to 120 characters or fewer.",
        ),
        ({"copies": "0"}, "Enter at least 1 copy."),
        ({"copies": "5000"}, "Enter 1000 copies or fewer."),
        ({"copies": "five"}, "Enter the number of copies in figures, for example 5."),
        ({"copies": ""}, "Enter how many copies you will post, for example 5."),
        ({"size": "huge"}, "Choose Letter, Legal, Tabloid or A4."),
        ({"language": "de"}, "Choose English or French."),
        ({"sector": "piracy"}, "Choose a sector from the list."),
        ({"province": "XX"}, "Choose a province or territory from the list."),
        ({"email": "nope"}, "Enter an email address like name@example.org."),
        (
            {"local_contact": "x" * 500},
            "Keep the local contact to 120 characters or fewer.",
        ),
        ({"city": "x" * 500}, "Keep the city or town to 100 characters or fewer."),
        ({"consent_updates": "on"}, "Give an email address to hear from us."),
    ],
)
def test_download_form_bad_input(client, flyer, fields, message):
    from campaigns.models import FlyerDownload

    response = client.post(flyer.url + "download/", form_data(**fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FlyerDownload.objects.count() == 0


def test_forged_copy_token_is_a_404(client, flyer):
    response = client.get(flyer.url + "copy-forged.pdf")
    assert response.status_code == 404
    assert "This link to a flyer copy does not work" in response.content.decode()


def files_under(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_personal_copy_is_private_and_handed_to_the_proxy_with_its_token(
    client, flyer, media_roots, nginx_sendfile
):
    """Issue 10: the copy with a business's name printed on it is not under
    /media/; only its link's token gets it, and nginx sends the bytes."""
    public, private = media_roots
    response = client.post(flyer.url + "download/", form_data(business_name="Café Olé"))
    download = FlyerDownload.objects.get()
    name = flyers.render_and_store(flyer.pk, "letter", "en", "Café Olé")
    assert name.startswith("flyer-copies/")
    assert files_under(private) == [name]
    assert not any(
        "Olé" in text_of((public / f).read_bytes()) for f in files_under(public)
    )

    copy = client.get(response["Location"])
    assert copy.status_code == 200
    assert copy["X-Accel-Redirect"] == f"/private-media/{name}"
    assert copy.content == b""
    assert copy["Content-Type"] == "application/pdf"
    assert copy["Content-Disposition"] == 'inline; filename="flyer-letter-en.pdf"'
    assert copy["Cache-Control"].startswith("private, no-store")
    for wrong in (download.token()[:-2] + "xx", "forged"):
        refused = client.get(f"{flyer.url}copy-{wrong}.pdf")
        assert refused.status_code == 404 and "X-Accel-Redirect" not in refused
        assert "This link to a flyer copy does not work" in refused.content.decode()


def test_moving_private_media_drops_the_old_flat_flyer_files(
    client, flyer, media_roots
):
    """Before issue 10 a business's copy lay beside the common flyers in
    flyers/, under a name that did not tell them apart: every flat file
    goes, and the live flyers are rendered again in the new layout."""
    public, _private = media_roots
    current = flyers.render_and_store(flyer.pk, "letter", "en")
    old_copy = public / "flyers" / ("e" * 32 + ".pdf")
    old_copy.write_bytes(b"%PDF Displayed by Cafe Ole")
    published = []

    def record(sender=None, headers=None, **kwargs):
        published.append((sender, headers["argsrepr"]))

    before_task_publish.connect(record)
    try:
        out = StringIO()
        call_command("move_private_media", stdout=out)
    finally:
        before_task_publish.disconnect(record)
    assert "Deleted 1 flyer file(s) of the old layout" in out.getvalue()
    assert not old_copy.exists() and (public / current).exists()
    assert ("campaigns.tasks.prerender_flyer", f"({flyer.pk},)") in published


def test_a_common_flyer_is_a_redirect_to_its_public_file_in_production(
    client, flyer, media_roots, nginx_sendfile
):
    public, _private = media_roots
    name = flyers.render_and_store(flyer.pk, "letter", "en")
    response = client.get(flyer.url + "letter-en.pdf")
    assert response.status_code == 302 and "X-Accel-Redirect" not in response
    assert response["Location"] == f"/media/{name}"
    assert (public / name).read_bytes().startswith(b"%PDF")


def test_form_downloads_count_toward_the_campaign(client, flyer):
    campaign = flyer.get_parent().specific
    campaign.progress_measure = "flyers"
    assert campaign.count() == 0
    client.post(flyer.url + "download/", form_data())
    client.post(flyer.url + "download/", form_data(city="Truro"))
    assert campaign.count() == 2


def test_form_is_rate_limited(client, flyer):
    """Thirty forms an hour per connection: the next one from the same
    address is refused, while another address is not limited."""
    from campaigns.models import FlyerDownload

    url = flyer.url + "download/"
    for _ in range(30):
        client.post(url, form_data(), REMOTE_ADDR="192.0.2.1")
    response = client.post(url, form_data(city="Truro"), REMOTE_ADDR="192.0.2.1")
    assert response.status_code == 429
    assert "Too many requests from your connection" in response.content.decode()
    assert not FlyerDownload.objects.filter(city="Truro").exists()
    response = client.post(url, form_data(city="Sydney"), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert FlyerDownload.objects.filter(city="Sydney").exists()


def test_thumbnail_of_page_one_is_listed_on_the_campaign(client, flyer):
    from PIL import Image

    name = flyers.make_thumbnail(flyer.pk)
    assert name.endswith(".png")
    with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
        assert image.format == "PNG"
        assert max(image.size) == 400
        assert image.size[1] > image.size[0]  # portrait Letter
    assert flyers.make_thumbnail(flyer.pk) == name  # made once
    html = client.get(flyer.get_parent().url).content.decode()
    assert f'src="/media/{name}"' in html
    assert "Business flyer" in html


def fonts_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def alt_texts(pdf):
    """Every /Alt of the PDF's structure tree (what a screen reader says)."""
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get"):
            return
        if "/Alt" in node:
            found.append(str(node["/Alt"]))
        if "/K" in node:
            walk(node["/K"])

    walk(PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("language", ["en", "fr"])
def test_flyer_is_set_in_the_fonts_shipped_with_the_project(flyer, language):
    flyer.body = [
        ("headline", "Ça se passe ici : sûreté, dignité, « ensemble »"),
        ("paragraph", "Œuvrer à côté de l’hôtel, où l’on s’entraide."),
        ("crisis_line", None),
    ]
    flyer.save_revision().publish()
    pdf = flyers.render_flyer(flyer, "letter", language)
    # Regular and bold faces of the font in static/fonts, nothing from the
    # machine: the layout is the same wherever it is rendered.
    assert fonts_of(pdf) == {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}
    assert "Œuvrer à côté de l’hôtel, où l’on s’entraide." in text_of(pdf)


def test_images_and_qr_code_have_alt_text(flyer):
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (80, 40), "#336699").save(buffer, "PNG")
    image = Image.objects.create(
        title="Counter", file=ImageFile(buffer, name="counter.png")
    )
    flyer.body = [
        ("headline", "Know the signs"),
        (
            "image",
            {
                "image": image,
                "alt_text": "A shop counter with this flyer",
                "decorative": False,
            },
        ),
        ("qr_code", {"url": "https://example.org/help", "caption": ""}),
    ]
    flyer.save_revision().publish()
    alts = alt_texts(flyers.render_flyer(flyer, "letter", "en"))
    assert "A shop counter with this flyer" in alts
    assert "QR code: https://example.org/help" in alts


def test_a_new_print_design_gets_new_files(flyer):
    from cms.pdf import design_fingerprint

    name = flyers.pdf_name(flyer, "letter", "en")
    assert name == flyers.pdf_name(flyer, "letter", "en")
    # The stored name covers the template and stylesheets it is made from.
    assert design_fingerprint(flyers.TEMPLATES, flyers.STYLESHEETS) != (
        design_fingerprint(flyers.TEMPLATES, ("css/pdf.css",))
    )


def test_a_publish_points_the_flyer_url_at_the_new_file(client, flyer):
    """The URL below the page leads to the file of the live revision; the
    old file keeps its own URL (and content) for whoever has it cached."""
    url = flyer.url + "a4-en.pdf"
    old = flyers.render_and_store(flyer.pk, "a4", "en")
    assert client.get(url)["Location"] == f"/media/{old}"
    flyer.body = [("headline", "A new headline")]
    flyer.save_revision().publish()
    assert client.get(url).status_code == 202  # being rendered, never the old one
    new = flyers.render_and_store(flyer.pk, "a4", "en")
    assert new != old and client.get(url)["Location"] == f"/media/{new}"
    assert "A new headline" in text_of(public_pdf(client, url))


@pytest.mark.parametrize("size", ["letter", "tabloid"])
def test_an_organizer_can_print_the_flyer_sideways(client, flyer, size):
    flyer.orientations = "landscape"
    flyer.save_revision().publish()
    flyer = FlyerPage.objects.get(pk=flyer.pk)
    reader = PdfReader(io.BytesIO(flyers.render_flyer(flyer, size, "en")))
    box = reader.pages[0].mediabox
    width, height = POINTS[size]
    assert (round(float(box.width)), round(float(box.height))) == (height, width)
    assert "Human trafficking happens here" in reader.pages[0].extract_text()
    # Only landscape is offered: the short URL is it, "portrait" is refused.
    page = client.get(flyer.url).content.decode()
    assert f'href="{flyer.url}{size}-en.pdf"' in page
    assert "portrait" not in page
    missing = client.get(flyer.url + f"{size}-portrait-en.pdf")
    assert missing.status_code == 404
    assert "Orientations: landscape." in missing.content.decode()


def test_people_choose_the_orientation_when_the_organizer_allows_both(client, flyer):
    flyer.orientations = "both"
    flyer.save_revision().publish()
    flyer = FlyerPage.objects.get(pk=flyer.pk)
    assert (
        flyer.pdf_urls["letter-landscape-fr"] == flyer.url + "letter-landscape-fr.pdf"
    )
    assert len(flyer.pdf_urls) == 4 * 2 * 2
    page = client.get(flyer.url).content.decode()
    assert f'href="{flyer.url}a4-portrait-en.pdf"' in page
    assert f'href="{flyer.url}a4-landscape-fr.pdf"' in page
    assert 'name="orientation"' in page  # the business form asks too

    for orientation, expected in (("portrait", (612, 792)), ("landscape", (792, 612))):
        url = flyer.url + f"letter-{orientation}-en.pdf"
        assert client.get(url).status_code == 202  # queued, not rendered here
        flyers.render_and_store(flyer.pk, "letter", "en", orientation=orientation)
        pdf = public_pdf(client, url)
        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == expected
    # The short URL is the first orientation allowed: portrait.
    pdf = public_pdf(client, flyer.url + "letter-en.pdf")
    assert round(float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)) == 612
    assert client.get(flyer.url + "letter-sideways-en.pdf").status_code == 404

    response = client.post(
        flyer.url + "download/",
        form_data(size="a4", orientation="landscape", business_name=""),
    )
    assert response["Location"] == flyer.url + "a4-landscape-en.pdf"
    assert FlyerDownload.objects.get().orientation == "landscape"
    refused = client.post(
        flyer.url + "download/", form_data(orientation="sideways", business_name="")
    )
    assert refused.status_code == 200
    assert "Choose portrait or landscape." in refused.content.decode()
    assert FlyerDownload.objects.count() == 1


def test_api_lists_campaigns_and_flyers_with_their_pdf_urls(client, flyer):
    flyers_api = client.get(
        "/api/v2/pages/", {"type": "campaigns.FlyerPage", "fields": "pdf_urls"}
    ).json()
    [item] = flyers_api["items"]
    assert item["title"] == "Business flyer"
    assert item["pdf_urls"]["tabloid-fr"] == flyer.url + "tabloid-fr.pdf"
    assert len(item["pdf_urls"]) == 8
    detail = client.get(f"/api/v2/pages/{flyer.pk}/").json()
    assert detail["body"][0] == {
        "type": "headline",
        "value": "Human trafficking happens here",
        "id": detail["body"][0]["id"],
    }
    campaigns_api = client.get(
        "/api/v2/pages/",
        {"type": "campaigns.CampaignPage", "fields": "issue_area,summary,progress"},
    ).json()
    [campaign] = campaigns_api["items"]
    assert campaign["title"] == "Know the signs"
    assert campaign["issue_area"] == "awareness" and campaign["summary"] == "Signs."
    assert "progress" in campaign
    # Personal data never reaches the API.
    assert (
        client.get("/api/v2/pages/", {"type": "campaigns.FlyerDownload"}).status_code
        == 400
    )
