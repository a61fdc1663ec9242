"""Tests on the embedded default: what `make run` gives a newcomer.

The database (SQLite, with FTS5 for search), the Celery broker (a SQLite
file, cms/broker.py), the cache (per process) and the page cache (off) are
taken from cms.settings.dev, exactly as `make run` configures them; the
rest (fast hashing, mail kept in memory, missing template variables failing
the test) is cms.settings.test. `make test` runs the fuzz walk and the HTML
checks under this module as well as on PostgreSQL (issue 11).

It ignores DATABASE_URL, REDIS_URL, CELERY_BROKER_URL and the other service
variables of the environment on purpose: a run under this module must never
land on PostgreSQL or Redis by accident. Its files go to VAR_DIR (a new
temporary folder unless set).
"""

import os
import tempfile

for _name in (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "PAGE_CACHE_ENABLED",
):
    os.environ.pop(_name, None)
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="noc-embedded-"))

from . import dev as _dev  # noqa: E402
from .test import *  # noqa: E402, F403

DATABASES = _dev.DATABASES
CACHES = _dev.CACHES
PAGE_CACHE_ENABLED = _dev.PAGE_CACHE_ENABLED
CELERY_BROKER_URL = _dev.CELERY_BROKER_URL
CELERY_BROKER_TRANSPORT = _dev.CELERY_BROKER_TRANSPORT
CELERY_BROKER_TRANSPORT_OPTIONS = _dev.CELERY_BROKER_TRANSPORT_OPTIONS
CELERY_RESULT_BACKEND = _dev.CELERY_RESULT_BACKEND
CELERY_TASK_IGNORE_RESULT = _dev.CELERY_TASK_IGNORE_RESULT
MEDIA_ROOT = _dev.MEDIA_ROOT
