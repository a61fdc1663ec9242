"""Tests: the real services of this machine (PostgreSQL, Redis), fast hashing.

`DATABASE_URL`, `REDIS_URL` and `CELERY_BROKER_URL` may point elsewhere;
by default they are the local servers that `make test` starts.
"""

from tests.worker_services import use_worker_services

from .base import *  # noqa: F403
from .base import env

_REDIS = {
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/2",
    "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6379/3",
}
_MEDIA_ROOT = "/tmp/networks-of-care-test-media"
# Run in parallel (pytest-xdist), each worker process moves these to its own
# Redis databases and media folder (tests/worker_services.py).
use_worker_services(_REDIS, _MEDIA_ROOT)

DEBUG = False
SECRET_KEY = "test-only-not-secret-" + "t" * 40
ALLOWED_HOSTS = ["*"]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/networks_of_care"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = 0

REDIS_URL = env("REDIS_URL", default=_REDIS["REDIS_URL"])
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "noc-test",
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            "IGNORE_EXCEPTIONS": True,
        },
    }
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=_REDIS["CELERY_BROKER_URL"])
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND", default=_REDIS["CELERY_RESULT_BACKEND"]
)
CELERY_TASK_IGNORE_RESULT = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's outbox by default; a test that needs real SMTP starts a server and
# points EMAIL_BACKEND/EMAIL_HOST/EMAIL_PORT at it (also for worker processes).
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)

STORAGES = {
    "default": {"BACKEND": "cms.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env("MEDIA_ROOT", default=_MEDIA_ROOT)
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=f"{MEDIA_ROOT}-private")
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT
WAGTAILADMIN_BASE_URL = "http://testserver"
DEMO_CREATE_ADMIN = False
PAGE_CACHE_ENABLED = True
# Static files straight from the source folders: no collectstatic in tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Our own templates fail the tests when they print a variable missing from
# their context (tests/template_checks.py); pages render as in production.
from tests.template_checks import MissingVariable  # noqa: E402

TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = MissingVariable()  # noqa: F405
