"""Settings shared by every environment.

Values come from environment variables (documented in `.env.example`); the
defaults here are the embedded ones that `make run` uses on a fresh machine.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# The embedded defaults' files (SQLite database, broker, mail, media): var/ in
# the checkout unless VAR_DIR says otherwise (a second copy of the site, a test).
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var"))).resolve()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "cms",
    "events",
    "advocacy",
    "campaigns",
    "directory",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.frontend_cache",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_celery_beat",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous page views are answered from Redis before sessions, locale
    # resolution or any database work happen (see cms/page_cache.py).
    "cms.page_cache.PageCacheMiddleware",
    # Says what a shared cache may keep, once every inner middleware has set
    # its cookies and Vary (see cms/edge_cache.py).
    "cms.edge_cache.EdgeCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
# The web server, the worker and beat write to the same SQLite file: wait for
# locks instead of failing, and use WAL so readers never block writers.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (page cache, rate limits) --------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="noc"),
            "TIMEOUT": 300,
            "OPTIONS": {
                # A cache that cannot be reached must neither hang nor break a
                # page: short timeouts, and errors read as cache misses.
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache needs a cache that every web process shares (Redis): with the
# per-process local-memory cache a publish could not purge the other processes.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=bool(REDIS_URL))
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)

# --- The edge: the visitor's address, what a caching proxy may keep ---------
# Proxies whose X-Forwarded-For is believed (comma-separated IPs or networks,
# for example 127.0.0.1,::1 for nginx on the same host): see
# cms/client_address.py. Empty: the header is ignored.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Every per-address rate limit (django-ratelimit's key="ip") uses it.
RATELIMIT_IP_META_KEY = "cms.client_address.client_address"
# Cache-Control of anonymous public pages (cms/edge_cache.py): how long a
# shared cache (the proxy) keeps a page, how long a browser does, and how
# long the proxy may still serve it while fetching a fresh copy or while the
# app is down.
PAGE_EDGE_SECONDS = env.int("PAGE_EDGE_SECONDS", default=300)
PAGE_BROWSER_SECONDS = env.int("PAGE_BROWSER_SECONDS", default=60)
PAGE_STALE_WHILE_REVALIDATE_SECONDS = env.int(
    "PAGE_STALE_WHILE_REVALIDATE_SECONDS", default=30
)
PAGE_STALE_IF_ERROR_SECONDS = env.int("PAGE_STALE_IF_ERROR_SECONDS", default=86400)
# Pages that show a count of places left (events with a capacity) are kept
# this long by the proxy and not at all by browsers (docs/events.md).
LIVE_COUNT_EDGE_SECONDS = env.int("LIVE_COUNT_EDGE_SECONDS", default=5)

# --- Passwords, auth ------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "wagtailadmin_login"

# --- Languages ------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "America/Toronto"
USE_TZ = True
# Keep the French and English page trees the same shape when editors add pages.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Files nobody may fetch by name (documents, printable letters, businesses'
# own flyer copies): outside MEDIA_ROOT, which the proxy serves to anyone.
# The default storage puts only cms.storage.PUBLIC_FOLDERS under MEDIA_ROOT.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "cms.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# A private file, once a view has checked who asks (cms/stored_files.py), and
# Wagtail's documents, once Wagtail has checked their collection's privacy,
# go out through Wagtail's sendfile: streamed by the app here; production
# hands them to nginx with X-Accel-Redirect (cms/sendfile_nginx.py), from the
# internal location SENDFILE_URL that serves SENDFILE_ROOT.
SENDFILE_BACKEND = env(
    "SENDFILE_BACKEND", default="wagtail.utils.sendfile_streaming_backend"
)
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT
SENDFILE_URL = env("SENDFILE_URL", default="/private-media/")
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Email ----------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="cms.mail.EmlFileBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ANYMAIL = env.json("ANYMAIL", default={})

# --- Celery ---------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than any task's hard time limit, so a slow task is not handed to
    # a second worker while the first still runs it.
    "visibility_timeout": 3600,
}
CELERY_BEAT_SCHEDULE = {
    "record-worker-heartbeat": {
        "task": "cms.tasks.record_heartbeat",
        "schedule": 60.0,
    },
    # Due reminders are selected from the database, never queued ahead.
    "events-send-due-reminders": {
        "task": "events.tasks.send_due_reminders",
        "schedule": 60.0,
    },
    "advocacy-sweep-letters": {
        "task": "advocacy.tasks.sweep_letters",
        "schedule": 60.0,
    },
    # Every app's personal data past the retention setting (the registry of
    # cms/personal_data.py); migration cms/0006 removed the per-app entries.
    "cms-anonymise-personal-data": {
        "task": "cms.tasks.anonymise_personal_data",
        "schedule": 6 * 3600.0,
    },
}
HEARTBEAT_MAX_AGE_SECONDS = env.int("HEARTBEAT_MAX_AGE_SECONDS", default=300)

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", default="Networks of Care")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin must not call out to wagtail.io
# Pages and documents shared with a password ask for it on the site's own page,
# with the quick exit, not on Wagtail's bare one.
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "cms/password_required.html"
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "cms/password_required.html"

# --- Edge cache (deploy/nginx, cms/edge_purge.py) ---------------------------
# nginx's purge listener, for example http://127.0.0.1:8081 (only reachable
# from this host). Empty: no edge cache in front, nothing is purged.
FRONTEND_CACHE_PURGE_URL = env("FRONTEND_CACHE_PURGE_URL", default="")
WAGTAILFRONTENDCACHE = (
    {
        "edge": {
            "BACKEND": "cms.edge_purge.PurgeBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        }
    }
    if FRONTEND_CACHE_PURGE_URL
    else {}
)
# Wagtail can purge /fr/<path> along with /en/<path>, for sites whose
# languages share their paths. Here a translation is a page of its own with a
# slug of its own: cms/edge_purge.py purges every translation by its own URL,
# so that rewriting would only add PURGE requests for URLs that do not exist.
WAGTAILFRONTENDCACHE_LANGUAGES = []
# Seconds a PURGE may take before the worker tries it again later.
FRONTEND_CACHE_PURGE_TIMEOUT = env.float("FRONTEND_CACHE_PURGE_TIMEOUT", default=2.0)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# --- Content-Security-Policy ------------------------------------------------
# Public pages load only our own files: no inline scripts, no third parties.
# The Wagtail admin (staff only) ships inline scripts of its own and is left
# out; it is reached only by signed-in staff.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A refused form post (a missing CSRF token, a cross-site post to a public
# form: cms/cross_origin.py) gets the site's own page, in its language.
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Requests that end in 404 are logged at WARNING; that is noise here.
        "django.request": {"level": "ERROR"},
        # Wagtail logs every page action and background task at INFO.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "modelsearch": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Events ---------------------------------------------------------------
# The domain part of calendar UIDs: set once, never change it (calendars use
# the UID to recognise an event they already have).
EVENT_UID_DOMAIN = env("EVENT_UID_DOMAIN", default="events.networks-of-care.ca")

# --- Advocacy ---------------------------------------------------------------
# Open North's Represent API: postal code -> representatives.
REPRESENT_API_URL = env("REPRESENT_API_URL", default="https://represent.opennorth.ca")
REPRESENT_TIMEOUT = env.float("REPRESENT_TIMEOUT", default=5.0)
REPRESENT_RATE_PER_MINUTE = env.int("REPRESENT_RATE_PER_MINUTE", default=60)
REPRESENT_CACHE_SECONDS = env.int("REPRESENT_CACHE_SECONDS", default=24 * 3600)
# Rate limits of the letter journey (django-ratelimit syntax: count/period).
ADVOCACY_LOOKUP_RATE = env("ADVOCACY_LOOKUP_RATE", default="30/h")
ADVOCACY_LETTER_RATE_IP = env("ADVOCACY_LETTER_RATE_IP", default="10/h")
ADVOCACY_LETTER_RATE_EMAIL = env("ADVOCACY_LETTER_RATE_EMAIL", default="5/h")
# Addresses that outbound fetches of URLs from data (representatives' photos)
# may reach although they are not public. For tests only (their servers are on
# 127.0.0.1): never read from the environment, empty in production.
OUTBOUND_ALLOWED_TEST_ADDRESSES = []
# The most people one letter may go to (representatives and fixed targets).
ADVOCACY_MAX_RECIPIENTS = env.int("ADVOCACY_MAX_RECIPIENTS", default=10)
# Letters held for a Moderator: words (comma-separated) and daily volume.
ADVOCACY_HOLD_WORDS = env.list("ADVOCACY_HOLD_WORDS", default=[])
ADVOCACY_HOLD_AFTER_PER_DAY = env.int("ADVOCACY_HOLD_AFTER_PER_DAY", default=10)

# --- Personal data (cms/personal_data.py) ------------------------------------
# Rate limits of the public "Your data" form: per IP, and links sent per
# address (past it the form answers the same and sends nothing more).
PERSONAL_DATA_RATE_IP = env("PERSONAL_DATA_RATE_IP", default="10/h")
PERSONAL_DATA_RATE_EMAIL = env("PERSONAL_DATA_RATE_EMAIL", default="3/h")
