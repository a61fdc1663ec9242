"""WeasyPrint for real: text, accents, tagging, and the safe URL fetcher."""

import io

import pytest
from pypdf import PdfReader

from cms.pdf import (
    ASSET_ORIGIN,
    RefusedURL,
    fast_font_subsetting_available,
    make_url_fetcher,
    render_pdf,
)

FRENCH = "Traite des personnes : sécurité, dignité, à Montréal — « ensemble »"


def render(**context):
    context.setdefault("title", "Test document")
    context.setdefault("paragraphs", ["Hello"])
    return render_pdf(
        "cms/pdf/document.html", context, language=context.get("language", "en")
    )


def text_of(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_fast_font_subsetting_is_available():
    assert fast_font_subsetting_available(), "install Debian's libharfbuzz-subset0"


def test_pdf_text_keeps_french_accents():
    pdf = render(title="Lettre", paragraphs=[FRENCH], language="fr")
    assert pdf.startswith(b"%PDF-")
    assert FRENCH in text_of(pdf)


def test_pdf_is_tagged_with_language_and_title():
    pdf = render(title="Lettre à la députée", paragraphs=[FRENCH], language="fr")
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "fr"
    assert reader.metadata.title == "Lettre à la députée"
    assert "/Names" not in root or "/EmbeddedFiles" not in root["/Names"]


def test_template_values_are_escaped_not_run():
    pdf = render(paragraphs=["<b>{{ settings.SECRET_KEY }}</b> {% debug %}"])
    assert "<b>{{ settings.SECRET_KEY }}</b> {% debug %}" in text_of(pdf)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        f"{ASSET_ORIGIN}/static/../../../etc/passwd",
        f"{ASSET_ORIGIN}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{ASSET_ORIGIN}/etc/passwd",
        "ftp://example.com/file",
    ],
)
def test_fetcher_refuses_anything_but_our_files(url):
    with pytest.raises(RefusedURL):
        make_url_fetcher().fetch(url)


def test_fetcher_serves_our_static_files_and_data_urls():
    fetcher = make_url_fetcher()
    response = fetcher.fetch(f"{ASSET_ORIGIN}/static/img/favicon.svg")
    assert b"<svg" in response.read()
    data = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert data.read() == b"hello"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "http://169.254.169.254/latest/meta-data/"]
)
def test_pdf_still_renders_without_a_refused_image(url):
    pdf = render(paragraphs=["Still here"], image_url=url, image_alt="A picture")
    assert "Still here" in text_of(pdf)
    assert b"root:x:0:0" not in pdf
