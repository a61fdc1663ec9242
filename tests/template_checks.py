"""Our own templates fail the tests when they use a variable missing from
the context (a missing ``delete_url`` once rendered an email's deletion
line as nothing at all).

Django renders a missing variable as ``string_if_invalid``. The test
settings make that an empty string that remembers where it was printed:
it still behaves as "" everywhere (filters, ``default``, ``if``), so pages
render exactly as in production, but printing it records the template and
the tag. Only templates under our ``templates/`` folder count: Wagtail's and
Django's own templates are not ours to fix. A fixture in tests/conftest.py
fails the test that rendered it, whichever thread rendered it (the live
server, the Celery worker).
"""

import sys
import threading
from pathlib import Path

OUR_TEMPLATES = str(Path(__file__).resolve().parent.parent / "templates")

_found = []
_lock = threading.Lock()


def _origin_of_caller():
    """The template and tag being rendered, from the nearest template node
    on the stack, or None when that template is not ours."""
    frame = sys._getframe(2)
    while frame is not None:
        node = frame.f_locals.get("self")
        origin = getattr(node, "origin", None)
        name = getattr(origin, "name", None)
        if isinstance(name, str) and hasattr(node, "token"):
            if not name.startswith(OUR_TEMPLATES):
                return None
            token = getattr(node, "token", None)
            where = name[len(OUR_TEMPLATES) + 1 :]
            if token is not None and token.lineno:
                where += f":{token.lineno}"
            return f"{where}: {token.contents if token else '?'}"
        frame = frame.f_back
    return None


class MissingVariable(str):
    """An empty string that reports being printed (see the module's doc)."""

    def __str__(self):
        where = _origin_of_caller()
        if where:
            with _lock:
                _found.append(where)
        return ""


def take_found():
    """The missing variables printed since the last call (and forget them)."""
    with _lock:
        found = list(dict.fromkeys(_found))
        _found.clear()
    return found
