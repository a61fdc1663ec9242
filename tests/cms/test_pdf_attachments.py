"""No PDF we render carries a file: neither a document attachment
(``<link rel="attachment">``) nor an attachment annotation, which a link
with ``rel="attachment"`` creates."""

import io

import pytest
from pypdf import PdfReader

from cms.pdf import render_pdf

DATA = "data:text/plain;base64,c2VjcmV0"  # "secret"


@pytest.fixture
def template(settings, tmp_path):
    folder = tmp_path / "templates"
    (folder / "attach").mkdir(parents=True)
    (folder / "attach" / "doc.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Attachments</title>"
        f'<link rel="attachment" href="{DATA}" title="document attachment">'
        "</head><body><h1>Attachments</h1>"
        f'<p><a rel="attachment" href="{DATA}" download="secret.txt">A file</a></p>'
        '<p><a href="https://example.org/">A plain link</a></p>'
        "</body></html>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return "attach/doc.html"


def annotations(reader):
    return [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots") or []
    ]


def test_no_attachment_of_any_kind(template):
    reader = PdfReader(io.BytesIO(render_pdf(template, {}, language="en")))
    subtypes = [annotation["/Subtype"] for annotation in annotations(reader)]
    assert "/FileAttachment" not in subtypes
    assert "/Link" in subtypes  # the plain link is still a link
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    assert "A file" in reader.pages[0].extract_text()
