"""A campaign, its flyer and the flyer's download form in a real browser:
axe-core on each, every request the pages make kept to this site, and the
PDFs (rendered by a real Celery worker) read back with pypdf."""

import gc
import io
import re
import time as clock
import warnings
from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader
from wagtail_factories import ImageFactory

from advocacy.models import LetterCampaignPage
from campaigns.models import CampaignIndexPage, CampaignPage, FlyerDownload, FlyerPage
from campaigns.services import flyers
from tests.conftest import serious_violations

pytestmark = pytest.mark.browser

PDF_TIMEOUT = 60_000  # ms: the worker pre-renders every size first


def wait_for(condition, timeout=60):
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if result := condition():
            return result
        clock.sleep(0.2)
    return None


class Requests:
    """Every request a page makes, and the answers that were errors."""

    def __init__(self, page):
        self.urls, self.errors = [], []
        page.on("request", lambda request: self.urls.append(request.url))
        page.on(
            "requestfailed",
            lambda request: self.errors.append(f"{request.url}: {request.failure}"),
        )
        page.on(
            "response",
            lambda response: (
                response.status >= 400
                and self.errors.append(f"{response.url}: {response.status}")
            ),
        )

    def elsewhere(self, live_server):
        """Requests to any host but the live server (``data:`` URLs stay in
        the page and go nowhere)."""
        here = urlsplit(live_server.url).netloc
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme != "data" and urlsplit(url).netloc != here
        ]


@pytest.fixture
def campaign(live_server, site_pages, settings, tmp_path, celery_worker):
    """An awareness campaign with a hero image, a share kit, a letter
    campaign and a flyer (with an image); the worker pre-renders the flyer
    and its thumbnail when it is published."""
    settings.MEDIA_ROOT = str(tmp_path)
    home = site_pages["home_en"]
    index = CampaignIndexPage(title="Campaigns", slug="campaigns", locale=home.locale)
    home.add_child(instance=index)
    index.save_revision().publish()
    page = CampaignPage(
        title="Know the signs",
        slug="know-the-signs",
        summary="Learn the signs of trafficking and post them where you work.",
        issue_area="awareness",
        hero_image=ImageFactory(title="A shop window"),
        hero_image_alt="A flyer in a shop window",
        goal=50,
        progress_measure="flyers",
        hashtags="#KnowTheSigns",
        suggested_posts=[("post", {"text": "Print the flyer for your business."})],
        locale=home.locale,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    letters = LetterCampaignPage(
        title="Ask your MP to act",
        slug="ask-your-mp",
        topic="law_reform",
        target_levels="federal",
        subject_template="Act now",
        body_template="Please act.",
        related_campaign=page,
        locale=home.locale,
    )
    home.add_child(instance=letters)
    letters.save_revision().publish()
    hands = ImageFactory(title="Two hands")
    make_renditions(
        (page.hero_image, "fill-1200x630"),
        (page.hero_image, "width-1000"),
        (hands, "width-600"),  # the flyer's web preview
        (hands, flyers.print_rendition_spec(hands)),  # the flyer's PDF
    )
    flyer = FlyerPage(
        title="Flyer for businesses",
        slug="flyer",
        body=[
            ("headline", "Human trafficking happens here"),
            (
                "signs",
                {
                    "heading": "Signs to look for",
                    "signs": ["Someone is not free to leave"],
                },
            ),
            ("image", hands),
            ("crisis_line", None),
            ("qr_code", {"url": "", "caption": "Learn more"}),
            ("tear_off_tabs", {"count": 6}),
        ],
        locale=home.locale,
    )
    page.add_child(instance=flyer)
    flyer.save_revision().publish()
    return page, FlyerPage.objects.get(pk=flyer.pk)


def pdf_text(pdf):
    """The PDF's text, white space as single spaces (a flyer's headline
    wraps where the page size decides)."""
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    return " ".join(text.split())


class PdfResponses:
    """The bodies of the PDFs the page is served. Chromium shows a PDF
    inline, where Playwright cannot read the body of the response: each one
    is fetched through a route, kept, and handed to the page unchanged."""

    def __init__(self, page):
        self.page, self.bodies = page, {}
        page.route(re.compile(r".*\.pdf$"), self._keep)

    def _keep(self, route):
        # The browser follows redirects itself (a flyer's URL leads to its file).
        response = route.fetch(max_redirects=0)
        if response.headers.get("content-type") == "application/pdf":
            self.bodies[route.request.url] = response.body()
        route.fulfill(response=response)

    def expect(self, path):
        """Wait (``with``) for the PDF at ``path`` (or at a path the pattern
        ``path`` matches): the navigation may pass through the page that
        refreshes while the worker renders it."""
        matches = path.fullmatch if isinstance(path, re.Pattern) else path.__eq__
        return self.page.expect_response(
            lambda response: (
                matches(urlsplit(response.url).path)
                and response.status == 200
                and response.headers["content-type"] == "application/pdf"
            ),
            timeout=PDF_TIMEOUT,
        )


def make_renditions(*wanted):
    """Wagtail leaves a new rendition's temporary file to the garbage
    collector (a ResourceWarning, an error under ``filterwarnings = error``):
    make the renditions the templates ask for before the pages are served."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        for image, spec in wanted:
            image.get_rendition(spec)
        gc.collect()


def test_campaign_page_is_accessible_and_loads_nothing_from_elsewhere(
    page, live_server, campaign, axe
):
    campaign, flyer = campaign
    # The worker makes the thumbnail listed on the campaign page.
    thumbnail = wait_for(lambda: flyers.thumbnail_url(flyer))
    assert thumbnail
    requests = Requests(page)
    page.goto(f"{live_server.url}{campaign.url}")
    page.wait_for_load_state("networkidle")

    assert page.locator("h1").inner_text() == "Know the signs"
    assert page.get_by_role("link", name="Ask your MP to act").is_visible()
    assert page.locator(f'.flyer-list img[src="{thumbnail}"]').count() == 1
    page.get_by_role("link", name="Flyer for businesses").is_visible()
    assert page.get_by_role("button", name="Copy this post").is_visible()
    share = page.locator(".share-kit")
    assert "#KnowTheSigns" in share.inner_text()
    assert serious_violations(axe, page) == []

    assert any(url.endswith(".css") for url in requests.urls)
    assert any(url.endswith("copy-button.js") for url in requests.urls)
    assert any(thumbnail in url for url in requests.urls)
    assert any("/media/images/" in url for url in requests.urls)  # the hero
    assert requests.elsewhere(live_server) == []
    assert requests.errors == []


def test_flyer_page_previews_links_every_pdf_and_loads_nothing_from_elsewhere(
    page, live_server, campaign, axe
):
    _, flyer = campaign
    requests = Requests(page)
    page.goto(f"{live_server.url}{flyer.url}")
    page.wait_for_load_state("networkidle")

    assert page.locator("h1").inner_text() == "Flyer for businesses"
    preview = page.locator(".flyer-preview")
    assert "Human trafficking happens here" in preview.inner_text()
    assert "Someone is not free to leave" in preview.inner_text()
    assert preview.locator("img").count() == 1
    downloads = page.locator(".downloads")
    for size, label in [
        ("letter", "Letter"),
        ("legal", "Legal"),
        ("tabloid", "Tabloid"),
        ("a4", "A4"),
    ]:
        item = downloads.locator("li", has_text=label)
        for language, name in [("en", "English"), ("fr", "Français")]:
            link = item.get_by_role("link", name=f"{name} (PDF)")
            assert link.get_attribute("href") == f"{flyer.url}{size}-{language}.pdf"
            assert link.get_attribute("hreflang") == language
    assert serious_violations(axe, page) == []
    assert any("/media/images/" in url for url in requests.urls)  # the preview
    assert requests.elsewhere(live_server) == []
    assert requests.errors == []

    # The plain download, without the form.
    link = downloads.locator("li", has_text="A4").get_by_role(
        "link", name="English (PDF)"
    )
    pdfs = PdfResponses(page)
    # The link leads to the flyer's public file, saved under a plain name.
    public_file = re.compile(r"/media/flyers/[0-9a-f]{32}/flyer-a4-en\.pdf")
    with pdfs.expect(public_file) as response_info:
        link.click()
    response = response_info.value
    assert (
        response.request.redirected_from.url == f"{live_server.url}{flyer.url}a4-en.pdf"
    )
    # (A route sees only the first URL of a redirect: the file, from storage.)
    with default_storage.open(urlsplit(response.url).path.removeprefix("/media/")) as f:
        pdf = io.BytesIO(f.read())
    box = PdfReader(pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = pdf_text(pdf)
    assert "Human trafficking happens here" in text
    assert "1-833-900-1010" in text
    assert "Displayed by" not in text
    assert FlyerDownload.objects.count() == 0  # nobody had to say who they are


def test_download_form_errors_then_a_copy_with_the_business_name(
    page, live_server, campaign, axe
):
    _, flyer = campaign
    page.goto(f"{live_server.url}{flyer.url}")
    form = page.locator("form", has=page.get_by_role("button", name="Get my flyer"))
    assert serious_violations(axe, page) == []

    # Nothing filled in (the copies field emptied): the errors are shown.
    form.get_by_label("Copies you will post").fill("")
    form.get_by_role("button", name="Get my flyer").click()
    page.wait_for_url(f"{live_server.url}{flyer.url}download/")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert "There is a problem" in summary.inner_text()
    assert (
        "Copies you will post: Enter how many copies you will post, for example 5."
        in summary.inner_text()
    )
    assert "Enter how many copies you will post" in (
        form.locator(".field--error").inner_text()
    )
    assert serious_violations(axe, page) == []

    # Consent without an email, and no copies: both messages, by their fields.
    form.get_by_label("Copies you will post").fill("0")
    form.get_by_label(re.compile("email me about this campaign")).check()
    with page.expect_navigation():
        form.get_by_role("button", name="Get my flyer").click()
    errors = summary.inner_text()
    assert "Give an email address to hear from us." in errors
    assert "Copies you will post: Enter at least 1 copy." in errors
    assert form.locator(".field--error").count() == 2
    assert serious_violations(axe, page) == []
    summary.get_by_role("link", name="Give an email address to hear from us.").click()
    assert page.evaluate("document.activeElement.name") == "email"
    assert FlyerDownload.objects.count() == 0

    # Valid: the business's own copy, rendered by the worker while a page
    # that refreshes itself waits for it.
    form.get_by_label(re.compile("email me about this campaign")).uncheck()
    form.get_by_label("Paper size").select_option("letter")
    form.get_by_label("Language").select_option("en")
    form.get_by_label(re.compile("Business name")).fill("Café Olé & Fils")
    form.get_by_label(re.compile("A local contact")).fill("Ask for Sam")
    form.get_by_label("Sector").select_option("food")
    form.get_by_label("City or town").fill("Halifax")
    form.get_by_label("Province or territory").select_option("NS")
    form.get_by_label("Copies you will post").fill("3")
    pdfs = PdfResponses(page)
    statuses = []
    page.on(
        "response",
        lambda response: "/copy-" in response.url and statuses.append(response.status),
    )
    with page.expect_response(
        lambda response: (
            "/copy-" in response.url
            and response.headers["content-type"] == "application/pdf"
        ),
        timeout=PDF_TIMEOUT,
    ) as response_info:
        form.get_by_role("button", name="Get my flyer").click()
    response = response_info.value
    # The copy is rendered on request: first the page that waits for it.
    assert statuses[0] == 202 and statuses[-1] == 200
    text = pdf_text(io.BytesIO(pdfs.bodies[response.url]))
    assert "Displayed by Café Olé & Fils" in text
    assert "Local contact: Ask for Sam" in text
    assert "Human trafficking happens here" in text
    business = FlyerDownload.objects.get()
    assert (business.city, business.province, business.sector, business.copies) == (
        "Halifax",
        "NS",
        "food",
        3,
    )
    assert business.consent_requested_at is None
    assert response.url == f"{live_server.url}{flyer.url}copy-{business.token()}.pdf"
