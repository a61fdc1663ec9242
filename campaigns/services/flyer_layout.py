"""Where a flyer's blocks go on the printed page, and how big everything is.

The print stylesheet (static/css/flyer-pdf.css) sets every length in
``rem``; this module sets the root font size per page, so type, the QR code
and the tabs all grow with the sheet: a Tabloid poster's type is √2 times a
Letter flyer's (the ratio of their areas' square roots), readable from
two metres. It also measures the printable area, so the flyer fills it
down to the tear-off tabs at the bottom edge, and splits the blocks into
two columns when the page is printed sideways.
"""

import math
from dataclasses import dataclass, field

#: The sheet in inches (portrait), by the size names organizers see.
SHEETS = {
    "letter": (8.5, 11.0),
    "legal": (8.5, 14.0),
    "tabloid": (11.0, 17.0),
    "a4": (210 / 25.4, 297 / 25.4),
}
#: White space around the printed area: most office printers print to within
#: a quarter inch of the edge (0.25 in = 6.35 mm).
MARGIN_IN = 0.25
#: Root font size on Letter (everything else is in rem).
BASE_PT = 13.5
#: Tear-off tabs on Letter: how tall (the hotline is printed sideways in
#: them, so it reads along the tab), and the type size in them.
TAB_HEIGHT_IN = 1.8
TAB_PT = 8.0
#: The dashed line to cut along, above the tabs (rem; flyer-pdf.css draws it).
CUT_LINE_REM = 1.0
#: Blocks of the "call now" group: side by side in portrait, the second
#: column in landscape.
CONTACT_BLOCKS = ("crisis_line", "qr_code")
#: Images print at 150 dots per inch or more (office printers print 300 to
#: 600; below 150 a photo looks soft), in a box as wide as the body (a column
#: in landscape) and at most IMAGE_HEIGHT_REM tall (flyer-pdf.css).
PRINT_DPI = 150
IMAGE_HEIGHT_REM = 14
#: Scales tried, largest first, until the flyer fits on one page (long text,
#: many signs); the demo flyers fit at the first in every size.
FITS = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)


@dataclass
class Layout:
    """What the template needs to place the blocks and size the page."""

    size: str
    orientation: str
    fit: float = 1.0
    top: list = field(default_factory=list)  # the headline band
    flow: list = field(default_factory=list)  # portrait: in order
    columns: list = field(default_factory=list)  # landscape: two lists
    tabs: dict | None = None

    @property
    def sheet_in(self):
        width, height = SHEETS[self.size]
        return (height, width) if self.orientation == "landscape" else (width, height)

    @property
    def content_in(self):
        width, height = self.sheet_in
        return width - 2 * MARGIN_IN, height - 2 * MARGIN_IN

    @property
    def page_scale(self):
        """√(area ÷ Letter's area): the same in both orientations."""
        width, height = SHEETS[self.size]
        return math.sqrt(width * height / (8.5 * 11.0))

    @property
    def scale(self):
        return self.page_scale * self.fit

    @property
    def tab_height_pt(self):
        """Tabs grow less than the type (√ of the scale): a poster's tabs
        need not be taller than a hand, and the body needs the room."""
        return TAB_HEIGHT_IN * 72 * math.sqrt(self.scale)

    @property
    def tear_off_pt(self):
        """The line to cut along and the tabs below it: set, so that the
        body above gets exactly the rest of the page."""
        if not self.tabs:
            return 0.0
        return self.tab_height_pt + CUT_LINE_REM * BASE_PT * self.scale

    @property
    def body_bottom_pt(self):
        """Where the body must end, from the top of the sheet: above the
        tabs, a point short of the printable area (a box that ends a hair
        below the page's last line is dropped: the tabs were)."""
        _width, height = self.content_in
        return (MARGIN_IN + height) * 72 - 1 - self.tear_off_pt

    def fits(self, document):
        """Whether the laid-out WeasyPrint ``document`` is one sheet with
        everything above the tabs: its ``#flyer-end`` mark (the end of the
        body) is on the first page, no lower than :attr:`body_bottom_pt`.
        (A body too tall pushes the flyer past the sheet without always
        making a second page.)"""
        if len(document.pages) != 1:
            return False
        end = document.pages[0].anchors.get("flyer-end")
        return end is not None and end[1] * 0.75 <= self.body_bottom_pt + 0.5

    def image_box_in(self):
        """The most an image may take: ``(width, height)`` in inches."""
        width, _height = self.content_in
        width -= 0.6 * BASE_PT * self.scale / 72  # the body's side padding
        if self.columns:
            width *= 0.48
        return width, IMAGE_HEIGHT_REM * BASE_PT * self.scale / 72

    def css(self):
        """The page's own lengths, for the template's ``<style>`` (inches
        and points, written out: no arithmetic left to the renderer)."""
        width, height = self.content_in
        root_pt = BASE_PT * self.scale
        values = {
            "margin": f"{MARGIN_IN}in",
            "root": f"{root_pt:.2f}pt",
            "height": f"{height * 72 - 1:.2f}pt",
        }
        if self.tabs:
            count = self.tabs["count"]
            tab_width = width * 72 / count
            # Three lines of the hotline's name and its number must fit
            # across a narrow tab (twelve on a Letter page).
            tab_pt = min(TAB_PT * math.sqrt(self.scale), (tab_width - 6) / 5.4)
            values.update(
                tab_width=f"{tab_width:.2f}pt",
                tab_height=f"{self.tab_height_pt:.2f}pt",
                tab_font=f"{tab_pt:.2f}pt",
                tear_off_height=f"{self.tear_off_pt:.2f}pt",
            )
        return values


def build_layout(blocks, size, orientation, fit=1.0):
    """Sort ``blocks`` (dicts with ``type``, as flyer_context makes them)
    into the band at the top, the body and the tabs at the bottom edge.

    The first block, if it is a headline, is the band across the top. The
    tear-off tabs go along the bottom edge wherever the organizer put them
    in the list (the last tab block wins: a sheet has one bottom edge). In
    portrait, the rest flows in order, with the crisis line and QR code
    side by side when they follow each other; in landscape, the crisis line
    and QR code make the right-hand column and the rest the left one.
    """
    layout = Layout(size=size, orientation=orientation, fit=fit)
    rest = []
    for position, block in enumerate(blocks):
        if block["type"] == "tear_off_tabs":
            layout.tabs = block["value"]
        elif position == 0 and block["type"] == "headline":
            layout.top.append(block)
        else:
            rest.append(block)
    contact = [block for block in rest if block["type"] in CONTACT_BLOCKS]
    other = [block for block in rest if block["type"] not in CONTACT_BLOCKS]
    if orientation == "landscape" and contact and other:
        layout.columns = [other, contact]
    else:
        layout.flow = _group_contacts(rest)
    return layout


def _group_contacts(blocks):
    """Consecutive crisis line and QR code blocks become one ``contact``
    row; everything else stays as it is."""
    flow = []
    for block in blocks:
        if block["type"] in CONTACT_BLOCKS:
            if flow and flow[-1]["type"] == "contact":
                flow[-1]["blocks"].append(block)
                continue
            flow.append({"type": "contact", "blocks": [block]})
        else:
            flow.append(block)
    return flow


def print_size(image_width, image_height, box):
    """The printed size in inches of an image of ``image_width`` ×
    ``image_height`` pixels fitted into ``box`` (inches), and the pixels a
    sharp print needs: ``((width, height), (pixels wide, pixels high))``."""
    box_width, box_height = box
    ratio = min(box_width / image_width, box_height / image_height)
    width, height = image_width * ratio, image_height * ratio
    return (width, height), (
        math.ceil(width * PRINT_DPI),
        math.ceil(height * PRINT_DPI),
    )


def largest_print(image_width, image_height):
    """The biggest an image is printed on any flyer (Tabloid, portrait):
    ``((width, height) inches, pixels needed)``."""
    layout = Layout(size="tabloid", orientation="portrait")
    return print_size(image_width, image_height, layout.image_box_in())
