"""A local HTTP server speaking Represent's format, and sample data."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from advocacy.models import LetterCampaignPage


def mp(name, district_id, district, party="Independent", email=None, office="MP"):
    """One representative as Represent returns it."""
    sets = {
        "MP": ("House of Commons", "federal-electoral-districts"),
        "MPP": ("Legislative Assembly of Ontario", "ontario-electoral-districts"),
        "Councillor": ("Ottawa City Council", "ottawa-wards"),
    }
    set_name, boundary_set = sets[office]
    first, _, last = name.partition(" ")
    return {
        "name": name,
        "first_name": first,
        "last_name": last,
        "elected_office": office,
        "district_name": district,
        "party_name": party,
        "email": email or f"{first.lower()}.{last.lower()}@example.org",
        "url": f"https://example.org/{first.lower()}",
        "photo_url": "",
        "representative_set_name": set_name,
        "source_url": "https://example.org/source",
        "offices": [
            {
                "type": "constituency",
                "postal": f"1 Main Street\n{district}",
                "tel": "1 613 555-0100",
            },
            {"type": "legislature", "postal": "House of Commons\nOttawa ON  K1A 0A6"},
        ],
        "related": {"boundary_url": f"/boundaries/{boundary_set}/{district_id}/"},
    }


class RepresentServer:
    """Answers each path from ``routes``: (status, body or None, delay)."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append(self.path)
                status, body, delay = server.routes.get(
                    self.path, (404, {"error": "nope"}, 0)
                )
                if delay:
                    time.sleep(delay)
                data = (
                    json.dumps(body).encode() if not isinstance(body, bytes) else body
                )
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up (a timeout test)

            def log_message(self, *args):
                """Quiet: the tests read the requests from ``server.requests``."""

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def represent(settings):
    server = RepresentServer()
    settings.REPRESENT_API_URL = server.url
    settings.REPRESENT_TIMEOUT = 1.0
    yield server
    server.stop()


@pytest.fixture
def campaign(site_pages):
    """A factory of published letter campaigns (English, MPs by default)."""

    def make(**fields):
        values = {
            "title": "Protect survivors",
            "slug": f"letter-{LetterCampaignPage.objects.count() + 1}",
            "topic": "law_reform",
            "target_levels": "federal",
            "subject_template": (
                "Protect survivors, {representative_title} {representative_last_name}"
            ),
            "body_template": (
                "Dear {representative_name},\n\nPlease act for survivors in "
                "{district}.\n\nSincerely,\n{supporter_name}"
            ),
            "locale": site_pages["home_en"].locale,
            "goal": 10,
        }
        values.update(fields)
        page = LetterCampaignPage(**values)
        site_pages["home_en"].add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


def answer(represent, postal_code, *people):
    """Represent answers ``postal_code`` with ``people`` (as :func:`mp`
    builds them): letters go only to those a postal code matches."""
    represent.routes[f"/postcodes/{postal_code}/"] = (
        200,
        {"representatives_concordance": list(people)},
        0,
    )


def submit(page, recipients, postal_code="K1A0B1", **fields):
    """A letter through the service, with plain valid details."""
    from advocacy.services.letters import submit_letter

    values = {
        "name": "Sam",
        "email": "sam@example.org",
        "city": "Ottawa",
        "province": "ON",
        "subject": "Hi",
        "body": "Please act now for survivors.",
        **fields,
    }
    return submit_letter(page, recipients=recipients, postal_code=postal_code, **values)


def letter_fields(**fields):
    """What the letter step posts, with plain valid details."""
    return {
        "postal_code": "K1A0B1",
        "subject": "Hello {representative_name}",
        "body": "Dear {representative_name}, please act for survivors now.",
        "name": "Sam Rivera",
        "email": "sam@example.org",
        "city": "Ottawa",
        "province": "ON",
        **fields,
    }
