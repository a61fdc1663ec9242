"""Development: the embedded defaults that `make run` uses on a fresh machine.

SQLite under var/, a Celery broker that needs no server (kombu's filesystem
transport under var/broker/), mail written as one .eml file each under
var/mail/. Any of them can be switched to the real service with the same
environment variables as production.
"""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-not-secret-" + "x" * 40)

_BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    for _sub in ("queue", "processed", "control"):
        (_BROKER_DIR / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }

# Development serves files with a plain storage: no manifest to build first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The demo loader creates an admin user only where this is true.
DEMO_CREATE_ADMIN = True
DEMO_ADMIN_USERNAME = env("DEMO_ADMIN_USERNAME", default="admin")
DEMO_ADMIN_PASSWORD = env("DEMO_ADMIN_PASSWORD", default="changeme-demo")
