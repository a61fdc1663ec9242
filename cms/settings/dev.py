"""Development: the embedded defaults that `make run` uses on a fresh machine.

SQLite under var/, a Celery broker that needs no server (a SQLite file,
var/broker.sqlite3, through kombu's SQLAlchemy transport: see cms/broker.py),
mail written as one .eml file each under var/mail/. VAR_DIR moves the whole
folder. Any of them can be switched to the real service with the same
environment variables as production.
"""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)

VAR_DIR.mkdir(parents=True, exist_ok=True)
CELERY_BROKER_URL = env(
    "CELERY_BROKER_URL", default=f"sqlite:///{VAR_DIR / 'broker.sqlite3'}"
)
if CELERY_BROKER_URL.startswith("sqlite:"):
    CELERY_BROKER_TRANSPORT = "cms.broker:Transport"
    # The transport hands these to SQLAlchemy's create_engine: none of the
    # Redis options of base.py apply (a message is deleted when delivered).
    CELERY_BROKER_TRANSPORT_OPTIONS = {}

# Development serves files with a plain storage: no manifest to build first.
STORAGES = {
    "default": {"BACKEND": "cms.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The demo loader creates an admin user only where this is true.
DEMO_CREATE_ADMIN = True
DEMO_ADMIN_USERNAME = env("DEMO_ADMIN_USERNAME", default="admin")
DEMO_ADMIN_PASSWORD = env("DEMO_ADMIN_PASSWORD", default="changeme-demo")

# Links in the admin and in emails point at the address `make run` serves
# (honcho passes NOC_HOST and NOC_PORT), not a fixed port 8000.
_NOC_HOST = env("NOC_HOST", default="localhost")
WAGTAILADMIN_BASE_URL = env(
    "WAGTAILADMIN_BASE_URL",
    default="http://{}:{}".format(
        "localhost" if _NOC_HOST in ("0.0.0.0", "::", "") else _NOC_HOST,
        env("NOC_PORT", default="8000"),
    ),
)
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
