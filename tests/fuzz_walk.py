"""A walk of the public site with hostile input, for tests/cms/test_fuzz.py.

Everything here needs only Django's test client and the site's own pages
(no fixture, no database backend in particular), so the same walk runs
under any settings module: PostgreSQL under ``cms.settings.test``, and the
embedded SQLite default by running the test file under that module.

- :func:`crawl` finds the public URLs (sitemap, read API, links on pages)
  and the forms on them.
- :func:`hostile_requests` is the requests with hostile query strings and
  paths for what was found.
- :func:`check_response` is what every answer must be: no server error,
  and no payload printed where a browser would run it.
- :func:`plausible_values`, :func:`form_examples` and :func:`submit` fill
  and send the forms (hostile values from hypothesis strategies).

The budget: each URL is asked once with a hostile query string; each kind
of page (its template) that reads parameters is asked with every payload
(the sharpest only in its second language); the read API gets each
parameter on its own too; a page of each kind gets hostile path segments,
and each emailed link hostile tokens.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from bs4 import BeautifulSoup
from django.db import transaction
from hypothesis import strategies as st

#: A word no page contains: payloads carry it, so a reflection is found.
MARK = "fuzzmark"

#: Markup that runs if a page prints it raw -> what must then never appear
#: literally in an HTML answer.
REFLECTED = {
    f"<script>{MARK}</script>": f"<script>{MARK}",
    f'"><img src=x onerror={MARK}>': f"<img src=x onerror={MARK}",
    f'" autofocus onfocus="{MARK}': f'" autofocus onfocus="{MARK}',
    f"' autofocus onfocus='{MARK}": f"' autofocus onfocus='{MARK}",
    f"zz{{{{7*7}}}}zz{MARK}": f"zz49zz{MARK}",  # a template evaluated it
    f"zz${{7*7}}zz{MARK}": f"zz49zz{MARK}",
}

#: Values that have broken parsers, databases and search backends.
PAYLOADS = [
    "",
    "\x00",
    "abc\x00def",
    "\x01\x1b\x7f\r\n\t",
    '"',
    'a"b',
    "'",
    '"unclosed phrase',
    "a AND NOT b OR NEAR(a b) title:x x* -x +x ^x (",
    "\\",
    "%_",
    "x" * 10240,
    "{% debug %}",
    *REFLECTED,
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999",
    "1e309",
    "NaN",
    "٣",  # a digit to int(), not to the database
    "2024-02-30",
    "../../../etc/passwd",
    "\u202e\ufeff😀",
    "=2*3",
    "Ann;=2*3;",
]

#: The sharpest payloads, for each parameter of the read API on its own.
SHARP = ["\x00", 'a"b', "x" * 10240, "99999999999999999999", "1e309", "٣"]

#: Query strings sent as they are (not through urlencode): bytes that are
#: not UTF-8, broken escapes, odd separators. ``{name}`` is a parameter.
RAW_QUERIES = [
    "{name}=%ff%fe",
    "{name}=%ed%a0%80",  # an encoded surrogate
    "{name}=%",
    "{name}=%zz",
    "{name}=%00",
    "%00={name}",
    "{name}=1&{name}=-1&{name}=99999999999999999999",
    "{name}[]=1",
    "=&&==",
]

#: Parameters every URL gets, whatever it reads.
COMMON_PARAMETERS = ["page", "query", "search", "format", "type", "language"]

#: The read API's parameters, by endpoint (listing filters included).
API_PARAMETERS = {
    "/api/v2/pages/": [
        "limit",
        "offset",
        "fields",
        "order",
        "search",
        "search_operator",
        "type",
        "locale",
        "child_of",
        "descendant_of",
        "ancestor_of",
        "translation_of",
        "title",
        "slug",
        "id",
        "show_in_menus",
        "site",
        "format",
    ],
    "/api/v2/images/": [
        "limit",
        "offset",
        "fields",
        "order",
        "search",
        "search_operator",
        "title",
        "id",
        "tags",
        "format",
    ],
    "/api/v2/pages/find/": ["html_path", "id", "site", "format"],
}
API_PARAMETERS["/api/v2/documents/"] = API_PARAMETERS["/api/v2/images/"]

#: Path segments put in place of emailed tokens; the first four are also
#: appended to a page of each kind.
HOSTILE_SEGMENTS = [
    "%00",
    "%ff%fe",
    quote(f"<script>{MARK}</script>"),
    "x" * 3000,
    "a%22b",
    "..%2f..%2fetc%2fpasswd",
]

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/")


def combined_query(names):
    """One query string with a different payload in each parameter, each
    parameter repeated, and bytes that are not UTF-8."""
    pairs = []
    for number, name in enumerate(names):
        pairs += [(name, PAYLOADS[(number * 7 + 1) % len(PAYLOADS)]), (name, "-1")]
    return urlencode(pairs) + "&page=%ff%fe&query=%ed%a0%80&q=99999999999999999999"


# --- what every answer must be ---------------------------------------------------
def isolated(call, *args, **kwargs):
    """``call`` in a savepoint then rolled back: what one request stores, or
    a database error it runs into, does not reach the next."""
    with transaction.atomic():
        result = call(*args, **kwargs)
        transaction.set_rollback(True)
    return result


def check_response(response, what):
    """A failure message naming ``what`` was asked, or None when the answer
    is fine: below 500, and no payload where a browser would run it (in an
    HTML answer; another answer may quote it, a JSON error message say, if
    browsers are told not to guess it is HTML)."""
    if response.status_code >= 500:
        return f"{what}: status {response.status_code}"
    if response.streaming:
        return None
    text = response.content.decode("utf-8", "replace")
    for raw in REFLECTED.values():
        if raw not in text:
            continue
        if "html" in response.get("Content-Type", ""):
            return f"{what}: prints {raw!r} unescaped"
        if response.get("X-Content-Type-Options") != "nosniff":
            return f"{what}: quotes {raw!r} without X-Content-Type-Options"
    return None


def html_of(response):
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return None
    return BeautifulSoup(response.content.decode("utf-8", "replace"), "html.parser")


def is_refusal(response):
    """A form answered with its errors (or refused outright)."""
    if 400 <= response.status_code < 500:
        return True
    page = html_of(response)
    return bool(
        page
        and page.select(
            "[role=alert], .error-summary, .field__error, .error-message, "
            "[aria-invalid=true]"
        )
    )


# --- the site's URLs and forms ------------------------------------------------------
@dataclass
class Form:
    method: str
    action: str
    #: (name, kind, values the page offers): kind is the input's type,
    #: "select", "textarea", "radio" or "button".
    fields: list = field(default_factory=list)
    found_on: str = ""

    @property
    def key(self):
        """Forms that differ only by the page they are on (each event's RSVP
        form, each RSVP's manage form) count once per language."""
        words = [
            part
            for part in self.action.split("/")
            if part and not re.fullmatch(r"\d+-[\w-]{16,}", part)  # tokens
        ]
        return (
            self.method,
            words[0],
            words[-1],
            tuple(sorted({(name, kind) for name, kind, _ in self.fields})),
        )


@dataclass
class Site:
    """What a walk found: each URL with the kind of answer it gives, the
    parameters each path is known to read, the forms, and the links that
    only an email gives (path, token)."""

    urls: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    forms: dict = field(default_factory=dict)
    emailed_links: list = field(default_factory=list)

    def visit(self, client, url):
        """GET ``url`` and note what it is; the same-site links it holds."""
        response = isolated(client.get, url)
        self.urls[url] = kind_of(response)
        path, _, query = url.partition("?")
        names = self.parameters.setdefault(path, set())
        names.update(name for name, _ in parse_qsl(query, keep_blank_values=True))
        return response, self.note(response, path)

    def note(self, response, path):
        """Note the forms of an answer to ``path``; its same-site links."""
        page = html_of(response)
        if page is None:
            return []
        for form in forms_in(page, path):
            self.forms.setdefault(form.key, form)
            if form.method == "get":
                self.parameters.setdefault(form.action, set()).update(
                    name for name, *_ in form.fields
                )
        links = []
        for link in page.find_all(["a", "link"], href=True):
            target = same_site_path(link["href"], path)
            if target and "stylesheet" not in (link.get("rel") or []):
                links.append(target.split("#")[0])
        return links


def same_site_path(href, base):
    """The path (and query) of a link to this site, or None."""
    if not href or href.startswith(("mailto:", "tel:", "#", "javascript:", "data:")):
        return None
    parts = urlsplit(href)
    if parts.netloc and parts.netloc not in ("testserver", "localhost", "127.0.0.1"):
        return None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    path = parts.path or base
    if not path.startswith("/"):
        path = base.rsplit("/", 1)[0] + "/" + path
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def kind_of(response):
    """What kind of answer a URL gives: its status, content type and main
    template."""
    templates = [t.name for t in getattr(response, "templates", []) if t.name]
    main = templates[0] if templates else ""
    return f"{response.status_code} {response.get('Content-Type', '')} {main}"


def forms_in(page, found_on):
    forms = []
    for element in page.find_all("form"):
        method = (element.get("method") or "get").lower()
        action = same_site_path(element.get("action") or found_on, found_on)
        if action is None:
            continue
        form = Form(method, action.split("#")[0], [], found_on)
        radios = {}
        for tag in element.find_all(["input", "select", "textarea", "button"]):
            name = tag.get("name")
            kind = (tag.get("type") or "text").lower()
            if not name or kind in ("image", "reset", "file"):
                continue
            if tag.name == "select":
                values = [o.get("value", o.get_text()) for o in tag.find_all("option")]
                form.fields.append((name, "select", values))
            elif tag.name == "textarea":
                form.fields.append((name, "textarea", [tag.get_text()]))
            elif tag.name == "button" or kind == "submit":
                form.fields.append((name, "button", [tag.get("value", "")]))
            elif kind == "radio":
                radios.setdefault(name, []).append(tag.get("value", "on"))
            else:
                form.fields.append((name, kind, [tag.get("value", "")]))
        form.fields.extend((name, "radio", values) for name, values in radios.items())
        forms.append(form)
    return forms


def crawl(client, limit=400):
    """Every public URL reachable from the sitemap, the read API and the
    links of the pages themselves (the admin and static files aside), with
    the forms on them. /healthz is left out: a 503 while a service is down
    is what it is for."""
    site = Site()
    queue = ["/", "/en/", "/fr/", "/sitemap.xml", "/robots.txt"]
    sitemap = client.get("/sitemap.xml")
    for loc in ET.fromstring(sitemap.content).iter(f"{SITEMAP_NS}loc"):
        queue.append(urlsplit(loc.text).path)
    for endpoint in ("pages", "images", "documents"):
        listing = f"/api/v2/{endpoint}/"
        queue.append(listing)
        answer = client.get(listing, {"limit": 100, "fields": "*"})
        for item in answer.json().get("items", []):
            queue.append(urlsplit(item["meta"]["detail_url"]).path)
            for key in ("html_url", "download_url"):
                if item["meta"].get(key):
                    queue.append(urlsplit(item["meta"][key]).path)
    queue.append("/api/v2/pages/find/?html_path=/")
    walk(client, site, queue, limit)
    return site


def walk(client, site, queue, limit=400):
    """Visit the URLs of ``queue`` and every same-site link they lead to."""
    queue = list(queue)
    while queue and len(site.urls) < limit:
        url = queue.pop(0)
        if url not in site.urls:
            _response, links = site.visit(client, url)
            queue.extend(link for link in links if link not in site.urls)


def hostile_requests(site):
    """(path, query string) pairs, see the module's docstring for which."""
    first_of_kind, per_language = {}, {}
    for url, kind in site.urls.items():
        path = url.split("?")[0]
        first_of_kind.setdefault(kind, path)
        per_language.setdefault((kind, path.split("/")[1]), path)
    for url in site.urls:
        path = url.split("?")[0]
        names = sorted(set(COMMON_PARAMETERS) | site.parameters.get(path, set()))
        yield path, combined_query(names)
    for (kind, _language), path in per_language.items():
        read = site.parameters.get(path, set()) - {""}
        if not read:
            continue
        names = sorted(read | set(COMMON_PARAMETERS))
        # Every payload in the first language; in the other, the sharpest
        # (its own messages, the same code).
        first = first_of_kind[kind] == path
        for payload in PAYLOADS if first else [*SHARP, *REFLECTED]:
            yield path, urlencode([(name, payload) for name in names])
        for raw in RAW_QUERIES:
            yield path, raw.format(name=sorted(read)[0])
    for path, names in API_PARAMETERS.items():
        for payload in PAYLOADS:
            yield path, urlencode([(name, payload) for name in names])
        for name in names:
            for payload in SHARP:
                yield path, urlencode({name: payload})
    for path in first_of_kind.values():
        if path.endswith("/"):
            for segment in HOSTILE_SEGMENTS[:4]:
                yield path + segment + "/", ""
    routes = {}
    for path, token in site.emailed_links:
        routes.setdefault(re.sub(r"/[^/]*$", "", path.replace(token, "")), path)
    for path, token in site.emailed_links:
        if path in routes.values():
            for segment in HOSTILE_SEGMENTS:
                yield path.replace(token, segment), ""


# --- filling forms -----------------------------------------------------------------
def plausible_values(form, serial):
    """What a person might send: each field its value on the page, the
    first choice, every box ticked, a unique email address, a postal code
    the demo knows, and the honeypot left empty."""
    values = {}
    for name, kind, offered in form.fields:
        if kind == "button":
            values.setdefault(name, [next((v for v in offered if v), "")])
        elif name == "website":  # the honeypot
            values[name] = [""]
        elif kind == "hidden":
            values.setdefault(name, []).extend(offered)
        elif kind in ("select", "radio"):
            values[name] = [next((v for v in offered if v), "")]
        elif kind == "checkbox":
            values.setdefault(name, []).append(offered[0] or "on")
        elif kind == "email" or name == "email":
            values[name] = [f"fuzz{serial}@example.org"]
        elif kind == "number":
            values[name] = ["1"]
        elif "postal" in name:
            values[name] = ["K1P 5G4"]
        elif kind == "search" or name == "query":
            values[name] = ["survivors"]
        elif offered and offered[0].strip():
            values[name] = [offered[0]]
        else:
            values[name] = ["Sam Fuzz"]
    return values


#: Text for a field: the payloads, and any Unicode text (no lone
#: surrogates: a browser cannot send them).
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.text(st.characters(codec="ascii"), max_size=40),
)


@st.composite
def form_examples(draw, form, serial):
    """A plausible fill with some fields hostile, some missing, some
    repeated."""
    values = plausible_values(form, serial)
    names = sorted(values)
    chosen = draw(st.lists(st.sampled_from(names), unique=True)) if names else []
    for name in chosen:
        how = draw(st.sampled_from(["hostile", "hostile", "missing", "repeated"]))
        if how == "missing":
            values.pop(name)
        elif how == "repeated":
            values[name] = [draw(hostile_text), *values[name]]
        else:
            values[name] = [draw(hostile_text)]
    return values


def submit(client, form, values, serial):
    """Send a form as a browser would, each time from another address (the
    rate limits are not what is tested here)."""
    address = f"10.{serial // 65536 % 256}.{serial // 256 % 256}.{serial % 256}"
    if form.method == "post":
        return client.post(form.action, values, REMOTE_ADDR=address)
    return client.get(form.action, values, REMOTE_ADDR=address)
