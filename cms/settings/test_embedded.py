"""Tests on the embedded default: what `make run` gives a newcomer.

The database (SQLite, whose FTS5 the search uses), the Celery broker (a
SQLite file through cms/broker.py), the cache (per process) and the page
cache (off) are set as cms.settings.dev sets them when no service variable
is given, which tests/cms/test_settings.py checks; the rest (fast hashing,
mail kept in memory, missing template variables failing the test) is
cms.settings.test. `make test` runs the fuzz walk and the HTML checks under
this module as well as on PostgreSQL (issue 11).

DATABASE_URL, REDIS_URL and CELERY_BROKER_URL are ignored on purpose: a run
under this module must never land on PostgreSQL or Redis by accident. Its
files go to VAR_DIR (a new temporary folder unless set; worker processes
started by a test inherit it).
"""

import os
import tempfile
from pathlib import Path

from .base import SQLITE_OPTIONS
from .test import *  # noqa: F403

# Celery reads these itself, before its configuration: gone, so that the
# broker below is the one it uses (here and in worker processes).
for _name in (
    "CELERY_BROKER_URL",
    "CELERY_BROKER_READ_URL",
    "CELERY_BROKER_WRITE_URL",
    "CELERY_RESULT_BACKEND",
):
    os.environ.pop(_name, None)

_VAR_DIR = Path(
    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="noc-embedded-"))
)
_VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(_VAR_DIR / "db.sqlite3"),
        "OPTIONS": SQLITE_OPTIONS,
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PAGE_CACHE_ENABLED = False
CELERY_BROKER_URL = f"sqlite:///{_VAR_DIR / 'broker.sqlite3'}"
CELERY_BROKER_TRANSPORT = "cms.broker:Transport"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
MEDIA_ROOT = str(_VAR_DIR / "media")
