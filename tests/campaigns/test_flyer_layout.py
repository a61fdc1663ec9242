"""Issue 14: flyers that fill their page at every size, with the tear-off
tabs at the bottom edge, measured as a shop owner would print them (the
demo flyer for businesses, in English and in French, whose texts are the
longest of the demo), rendered for real and read back with poppler."""

import pytest

from campaigns.demo import FLYER
from campaigns.models import FlyerPage
from campaigns.services import flyers
from campaigns.services.flyer_layout import MARGIN_IN, build_layout

from .flyer_measures import font_sizes, ink_rows, printed

pytestmark = pytest.mark.django_db

SIZES = ("letter", "a4", "legal", "tabloid")
ORIENTATIONS = ("portrait", "landscape")
POINTS = {
    "letter": (612, 792),
    "a4": (595, 842),
    "tabloid": (792, 1224),
    "legal": (612, 1008),
}
NUMBER = "1-833-900-1010"
TAKE_A_TAB = {"en": "Take a tab", "fr": "Détachez une languette"}
#: Renders are the same for every test of this module (same blocks, same
#: settings): each is made once.
_RENDERED = {}


@pytest.fixture
def demo_flyers(awareness_campaigns, media_roots):
    """The demo flyer for businesses in English and in French, printable
    both ways up."""
    pages = {}
    for language, campaign in awareness_campaigns.items():
        page = FlyerPage(locale=campaign.locale, orientations="both", **FLYER[language])
        campaign.add_child(instance=page)
        page.save_revision().publish()
        pages[language] = page
    return pages


@pytest.fixture
def render(demo_flyers):
    def render(language, size, orientation):
        key = (language, size, orientation)
        if key not in _RENDERED:
            _RENDERED[key] = flyers.render_flyer(
                demo_flyers[language], size, language, orientation=orientation
            )
        return _RENDERED[key]

    return render


def every_text(language):
    """Every word the organizer wrote, and the hotline (which the flyer
    adds), as they must all be printed."""
    texts = []
    for kind, value in FLYER[language]["body"]:
        if kind in ("headline", "paragraph"):
            texts.append(value)
        elif kind == "signs":
            texts += [value["heading"], *value["signs"]]
        elif kind == "qr_code":
            texts.append(value["caption"])
    return texts


def sheet(size, orientation):
    width, height = POINTS[size]
    return (height, width) if orientation == "landscape" else (width, height)


@pytest.mark.parametrize("orientation", ORIENTATIONS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_flyer_fills_its_page(render, language, size, orientation):
    pdf = render(language, size, orientation)
    page = printed(pdf)
    assert page.pages == 1
    assert (round(page.width), round(page.height)) == sheet(size, orientation)
    _image, ink_top, ink_bottom = ink_rows(pdf)
    # The printed content starts near the top and reaches the bottom.
    assert page.top / page.height <= 0.08
    assert ink_top <= 0.08
    assert ink_bottom >= 0.92
    # Inside the printable area, a quarter inch from every edge.
    margin = MARGIN_IN * 72
    assert all(
        word.x0 >= margin - 1 and word.x1 <= page.width - margin + 1
        for word in page.words
    )
    assert ink_top * page.height >= margin - 1.5
    assert ink_bottom * page.height <= page.height - margin + 1.5


@pytest.mark.parametrize("orientation", ORIENTATIONS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_nothing_is_cut(render, language, size, orientation):
    """The longest demo texts (French) fit whole on one page."""
    page = printed(render(language, size, orientation))
    for text in every_text(language):
        assert page.find(text), f"{text!r} is not printed whole"


@pytest.mark.parametrize("orientation", ORIENTATIONS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_tabs_are_at_the_bottom_edge(render, site_pages, language, size, orientation):
    pdf = render(language, size, orientation)
    page = printed(pdf)
    hint = page.find(TAKE_A_TAB[language])
    assert hint, "no line to cut along"
    cut = max(word.y1 for word in hint)
    tabs = [word for word in page.words if word.y0 > cut]
    # Below the line to cut along: only the tabs, each with the hotline's
    # name and number; they are the lowest thing printed.
    count = FLYER[language]["body"][-1][1]["count"]
    assert [word.text for word in tabs].count(NUMBER) == count
    settings = site_pages["settings"]
    name = {"en": settings.crisis_line_name, "fr": settings.crisis_line_name_fr}
    name = name[language]
    assert {word.text for word in tabs} == {*name.split(), NUMBER}
    assert page.bottom == max(word.y1 for word in tabs)
    # The tabs reach down to the bottom margin: the dashed lines between
    # them are the lowest ink on the sheet...
    image, _top, bottom = ink_rows(pdf, dpi=144)  # 2 pixels a point
    bottom_margin = page.height - MARGIN_IN * 72
    assert bottom * page.height == pytest.approx(bottom_margin, abs=2)
    # ... and a dashed line runs down between each two tabs, the full
    # width shared out between them.
    pixels = image.load()
    margin = MARGIN_IN * 72
    rows = range(2 * int(cut) + 8, 2 * int(bottom_margin) - 2)
    for n in range(1, count):
        x = round(2 * (margin + n * (page.width - 2 * margin) / count))
        inked = [y for y in rows if any(pixels[x + d, y] < 200 for d in range(-3, 2))]
        assert 0.3 < len(inked) / len(rows) < 0.9, f"no dashed line at {x / 2} pt"


@pytest.mark.parametrize("orientation", ORIENTATIONS)
@pytest.mark.parametrize("language", ["en", "fr"])
def test_type_grows_with_the_page(render, language, orientation):
    """Readable from two metres on a Tabloid poster: the headline and the
    hotline number are √2 times their size on Letter (at least 1.4), the
    headline 48 pt or more."""
    headline = FLYER[language]["body"][0][1].split()[0]
    letter = render(language, "letter", orientation)
    tabloid = render(language, "tabloid", orientation)
    letter_size = max(font_sizes(letter, headline))
    tabloid_size = max(font_sizes(tabloid, headline))
    assert tabloid_size >= 48
    assert tabloid_size / letter_size >= 1.4
    assert max(font_sizes(tabloid, NUMBER)) / max(font_sizes(letter, NUMBER)) >= 1.4


def test_landscape_sets_the_body_in_two_columns(render):
    page = printed(render("fr", "letter", "landscape"))
    signs = page.find(FLYER["fr"]["body"][1][1]["heading"])
    hotline = page.find(NUMBER)
    # The hotline is beside the signs, not below them.
    assert hotline[0].x0 > page.width / 2 > signs[-1].x1
    assert hotline[0].y0 < page.find(FLYER["fr"]["body"][2][1])[0].y0


def test_a_long_text_is_set_smaller_to_stay_on_one_page(site_pages, demo_flyers):
    """An organizer who writes a lot gets a flyer set a little smaller, on
    one page, with every word: nothing runs off the sheet or under the
    tabs."""
    page = demo_flyers["fr"]
    signs = FLYER["fr"]["body"][1][1]["signs"] * 3
    paragraph = " ".join([FLYER["fr"]["body"][2][1]] * 4)
    page.body = [
        FLYER["fr"]["body"][0],
        ("signs", {"heading": "Signes à surveiller", "signs": signs}),
        ("paragraph", paragraph),
        *FLYER["fr"]["body"][3:],
    ]
    page.save_revision().publish()
    for orientation in ORIENTATIONS:
        pdf = flyers.render_flyer(page, "letter", "fr", orientation=orientation)
        printed_page = printed(pdf)
        assert printed_page.pages == 1
        assert printed_page.find(paragraph)
        assert max(font_sizes(pdf, "traite")) < 37  # smaller than it would be
        cut = max(w.y1 for w in printed_page.find("Détachez une languette"))
        last_sign = printed_page.find(signs[-1])
        assert last_sign and last_sign[-1].y1 < cut


def test_tabs_go_to_the_bottom_wherever_they_are_in_the_list():
    blocks = [
        {"type": "headline", "value": "Title"},
        {"type": "tear_off_tabs", "value": {"count": 6}},
        {"type": "paragraph", "value": "Text"},
        {"type": "crisis_line", "value": None},
        {"type": "qr_code", "value": {}},
    ]
    portrait = build_layout(blocks, "letter", "portrait")
    assert [b["type"] for b in portrait.top] == ["headline"]
    assert portrait.tabs == {"count": 6}
    assert [b["type"] for b in portrait.flow] == ["paragraph", "contact"]
    landscape = build_layout(blocks, "letter", "landscape")
    assert [[b["type"] for b in column] for column in landscape.columns] == [
        ["paragraph"],
        ["crisis_line", "qr_code"],
    ]
