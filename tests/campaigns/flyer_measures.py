"""Measuring printed flyers as a shop owner would see them: with poppler
(pdftotext -bbox for where the words are, pdftoppm for the pixels) and
pypdf for the type sizes written in the PDF."""

import io
import re
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
    r"(.*?)</word>"
)
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@dataclass
class Word:
    x0: float
    y0: float  # from the top of the page, in points
    x1: float
    y1: float
    text: str


@dataclass
class Printed:
    pages: int
    width: float
    height: float
    words: list

    def find(self, text):
        """Words of ``text`` (a phrase) in reading order, or []."""
        parts = text.split()
        for start in range(len(self.words)):
            run = self.words[start : start + len(parts)]
            if [w.text for w in run] == parts:
                return run
        return []

    @property
    def top(self):
        return min(w.y0 for w in self.words)

    @property
    def bottom(self):
        return max(w.y1 for w in self.words)


def printed(pdf):
    """Where poppler finds each word of the PDF (all pages)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "flyer.pdf"
        source.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(source), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    pages = _PAGE.findall(html)
    first = html.split("</page>")[0]
    words = [
        Word(float(a), float(b), float(c), float(d), unescape(text))
        for a, b, c, d, text in _WORD.findall(first)
    ]
    return Printed(len(pages), float(pages[0][0]), float(pages[0][1]), words)


def ink_rows(pdf, dpi=36, gray=False):
    """The page rendered by poppler: ``(image, first and last rows with
    anything printed, as fractions of the height)``."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "flyer.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-gray" if gray else "-png", "-r", str(dpi), "-f", "1"]
            + ["-l", "1", "-singlefile", str(source), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
        )
        [path] = Path(folder).glob("page.*")
        image = Image.open(path)
        image.load()
    gray_image = image.convert("L")
    width, height = gray_image.size
    pixels = gray_image.load()
    rows = [y for y in range(height) if any(pixels[x, y] < 200 for x in range(width))]
    return gray_image, rows[0] / height, (rows[-1] + 1) / height


def font_sizes(pdf, text):
    """The type sizes (points, as printed) of the runs of text that contain
    ``text`` on page 1: the font size times the text matrix's scale."""
    sizes = []

    def visit(content, cm, tm, font_dict, font_size):
        if text in content:
            scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (cm[2] ** 2 + cm[3] ** 2) ** 0.5
            sizes.append(round(font_size * scale, 2))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return sizes
