"""Text from a URL's query string, made safe to show, to search and to query.

Anyone can put anything in a URL, and a search box is where people paste
odd text: a NUL byte (PostgreSQL refuses one in any text parameter, so the
query fails), other control characters, ten kilobytes, and quotes or
operators that a full-text backend parses as syntax (SQLite's FTS5, the
embedded default, answers a stray double quote with a syntax error). The
public search page and the read API both go through here, so a search is
the same plain search of words on every database.
"""

import re
import unicodedata

#: C0 and C1 control characters, DEL included (tab and newlines too: no
#: query parameter of ours is multi-line).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")

#: A word: letters and digits of any script (no underscore, no punctuation).
WORD = re.compile(r"[^\W_]+")


def has_control_characters(value):
    return bool(CONTROL_CHARACTERS.search(value))


def plain_text(value):
    """``value`` on one line: control characters become spaces, runs of
    whitespace one space, and composed characters are composed (NFC)."""
    value = CONTROL_CHARACTERS.sub(" ", value)
    return " ".join(unicodedata.normalize("NFC", value).split())


def search_words(value):
    """The words of a search, space-separated: what every search backend
    takes as plain words. Quotes, operators (``AND``, ``-``, ``*``,
    ``NEAR(...)``, ``title:``) and punctuation are dropped, so nothing is
    parsed as search syntax. Empty when ``value`` holds no word at all."""
    return " ".join(WORD.findall(plain_text(value)))
