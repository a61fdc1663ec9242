"""Build the demo site: idempotent, so a second run changes nothing.

Pages are found again by their locale and slug; settings are filled only
where still empty; the admin user is created only where settings allow it
(development). Apps add their own demo content through the
``load_demo_content`` hook.

The default site's address is where the site is served locally (`make run`
passes it as ``NOC_HOST`` and ``NOC_PORT``; 8000 by default), so that the
API's ``html_url`` and other absolute links work; it follows a new port on a
later run, and a site an operator pointed at a real domain is left alone.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail import hooks
from wagtail.models import Locale, Page, Site

from ..models import ContentPage, HomePage, SiteSettings
from . import content

#: What `make run` serves when told nothing else (the Makefile's PORT).
DEFAULT_PORT = 8000
#: Site host names that mean "this machine": only these follow the port.
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
#: Bind-everywhere addresses: no browser goes there, so links use localhost.
ANY_ADDRESS = {"", "0.0.0.0", "::", "[::]"}


def local_address(host=None, port=None):
    """The (hostname, port) of the site as served on this machine: ``host``
    and ``port`` as given (`make run`'s NOC_HOST and NOC_PORT), localhost
    and 8000 when not."""
    host = (host or "").strip()
    hostname = "localhost" if host in ANY_ADDRESS else host
    return hostname, int(port) if port else DEFAULT_PORT


class DemoLoader:
    def __init__(self, stdout=None, host=None, port=None):
        self.stdout = stdout
        self.changes = 0
        self.address = local_address(host, port)

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    def run(self):
        steps = [
            ("Locales", self.locales),
            ("Home pages", self.home_pages),
            ("Content pages", self.content_pages),
            ("Site settings", self.site_settings),
            ("Admin user", self.admin_user),
            ("Apps' demo content", self.app_content),
        ]
        for number, (label, step) in enumerate(steps, start=1):
            self.log(f"[{number}/{len(steps)}] {label}…")
            with transaction.atomic():
                step()
        self.log(
            f"Demo content ready ({self.changes} change(s))."
            if self.changes
            else "Demo content already up to date: nothing changed."
        )
        return self.changes

    # --- steps -----------------------------------------------------------
    def locales(self):
        self.locale = {}
        for code in ("en", "fr"):
            self.locale[code], created = Locale.objects.get_or_create(
                language_code=code
            )
            self.changes += created

    def home_pages(self):
        root = Page.get_first_root_node()
        if root is None:  # an emptied database: Wagtail's migration made one
            root = Page.add_root(
                instance=Page(title="Root", slug="root", locale=self.locale["en"])
            )
            self.changes += 1
        site = Site.objects.filter(is_default_site=True).first()
        english = HomePage.objects.filter(locale=self.locale["en"]).first()
        if english is None:
            english = self._publish(
                root,
                HomePage(
                    locale=self.locale["en"],
                    slug="home-en",
                    **_fields(content.HOME["en"]),
                ),
            )
            old_root = site.root_page if site else None
            if site is None:
                site = Site.objects.create(
                    hostname=self.address[0],
                    port=self.address[1],
                    root_page=english,
                    is_default_site=True,
                )
            else:
                site.root_page = english
                site.save()
            if old_root and not isinstance(old_root.specific, HomePage):
                old_root.delete()  # Wagtail's "Welcome" placeholder
            self.log("  created the English home page")
        french = english.get_translation_or_none(self.locale["fr"])
        if french is None:
            self._publish(
                root,
                HomePage(
                    locale=self.locale["fr"],
                    translation_key=english.translation_key,
                    slug="home-fr",
                    **_fields(content.HOME["fr"]),
                ),
            )
            self.log("  created the French home page")
        if site is not None:
            self._site_address(site)
        self.homes = {
            code: HomePage.objects.get(
                locale=self.locale[code], translation_key=english.translation_key
            )
            for code in ("en", "fr")
        }

    def content_pages(self):
        self.pages = {}
        for spec in content.PAGES:
            english = self._content_page(spec, "en", translation_key=None)
            self._content_page(spec, "fr", translation_key=english.translation_key)
            self.pages[spec["key"]] = english

    def site_settings(self):
        site = Site.objects.get(is_default_site=True)
        site_settings = SiteSettings.for_site(site)
        wanted = dict(content.SITE_SETTINGS)
        wanted["privacy_page_id"] = self.pages["privacy"].pk
        wanted["safety_page_id"] = self.pages["safety"].pk
        changed = False
        defaults = SiteSettings()
        for field, value in wanted.items():
            current = getattr(site_settings, field)
            # Fill what is empty or still the default; never undo an edit.
            if current in (None, "") or current == getattr(defaults, field, None):
                if current != value:
                    setattr(site_settings, field, value)
                    changed = True
        if changed:
            site_settings.save()
            self.changes += 1
            self.log("  filled in site settings")

    def admin_user(self):
        if not getattr(settings, "DEMO_CREATE_ADMIN", False):
            self.log("  skipped: only created in development")
            return
        User = get_user_model()
        username = settings.DEMO_ADMIN_USERNAME
        if not User.objects.filter(username=username).exists():
            User.objects.create_superuser(
                username=username,
                email="admin@example.org",
                password=settings.DEMO_ADMIN_PASSWORD,
            )
            self.changes += 1
            self.log(f"  created superuser {username!r}")

    def app_content(self):
        for load in hooks.get_hooks("load_demo_content"):
            self.changes += load(self) or 0

    # --- helpers ---------------------------------------------------------
    def _site_address(self, site):
        """Point the default site at the local address, unless an operator
        pointed it at a real domain."""
        if site.hostname not in LOCAL_HOSTS:
            return
        if (site.hostname, site.port) != self.address:
            site.hostname, site.port = self.address
            site.save()  # Wagtail's signal clears its cached site root paths
            self.changes += 1
            self.log(f"  site address: {site.root_url}")

    def _content_page(self, spec, code, translation_key):
        data = spec[code]
        parent = self.homes[code]
        existing = (
            ContentPage.objects.child_of(parent).filter(slug=data["slug"]).first()
        )
        if existing:
            return existing
        page = ContentPage(
            locale=self.locale[code],
            slug=data["slug"],
            show_in_menus=spec["show_in_menus"],
            **_fields(data),
        )
        if translation_key:
            page.translation_key = translation_key
        self.log(f"  created {code} page {data['title']!r}")
        return self._publish(parent, page)

    def _publish(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.changes += 1
        return page


def _fields(data):
    return {key: data[key] for key in ("title", "intro", "body")}
