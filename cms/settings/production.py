"""Production: every secret and address comes from the environment.

The process refuses to start, with one line naming what is missing, rather
than run with a guessed database, an open host list, a known secret key, a
cache of its own per process or mail from "noreply@localhost".
"""

import sys
from email.utils import parseaddr

from .base import *  # noqa: F403
from .base import env

# REDIS_URL: without a cache that every process shares, the page cache would
# be off and each process would keep its own rate-limit counters (a limit of
# 10/h becomes 10/h per process). DEFAULT_FROM_EMAIL: without it, letters and
# confirmations would go out from "noreply@localhost".
REQUIRED = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "DEFAULT_FROM_EMAIL",
)


def _refuse(reason):
    sys.stderr.write(f"Refusing to start: {reason} (see .env.example)\n")
    raise SystemExit(2)


_missing = [name for name in REQUIRED if not env.str(name, default="").strip()]
if _missing:
    _refuse("missing required environment variable(s): " + ", ".join(_missing))

_sender = env("DEFAULT_FROM_EMAIL").strip()
_local, _at, _domain = parseaddr(_sender)[1].rpartition("@")
if (
    not (_local and _at)
    or "." not in _domain.strip(".")
    or _domain.lower().endswith((".localhost", ".local"))
):
    _refuse(
        f"DEFAULT_FROM_EMAIL={_sender!r} is not an address at a real domain, "
        "such as 'Networks of Care <noreply@networksofcare.example.org>'"
    )

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL")
DEFAULT_FROM_EMAIL = _sender
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# HTTPS everywhere; the reverse proxy sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# /healthz is probed over plain HTTP by load balancers inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True

# Links in emails and the API: the first allowed host over HTTPS, unless set.
WAGTAILADMIN_BASE_URL = env(
    "WAGTAILADMIN_BASE_URL", default=f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
)
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL

# Private files (cms/storage.py) are handed to nginx once a view has checked
# who asks: X-Accel-Redirect to its internal location (deploy/nginx/media.conf).
SENDFILE_BACKEND = env("SENDFILE_BACKEND", default="cms.sendfile_nginx")

if env("AWS_STORAGE_BUCKET_NAME", default=""):
    # S3-compatible storage for uploads and rendered PDFs (django-storages).
    _bucket = {
        "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
        "region_name": env("AWS_S3_REGION_NAME", default=None),
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
        "default_acl": None,
        "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
        "file_overwrite": False,
    }
    # Private files under "private/" in the same bucket, always behind a
    # signed URL that expires in 5 minutes, given only after the app's check
    # (never the custom domain, whose URLs are not signed).
    _private = {
        **_bucket,
        "location": "private",
        "custom_domain": None,
        "querystring_auth": True,
        "querystring_expire": 300,
    }
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "cms.storage.MediaStorage",
        "OPTIONS": {
            "public": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _bucket},
            "private": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": _private,
            },
        },
    }
    # A document has no local path then: after Wagtail's checks, a redirect
    # to its signed URL rather than its bytes streamed through the app.
    WAGTAILDOCS_SERVE_METHOD = "redirect"
    # Images uploaded by editors are then served from the bucket's host.
    _media_host = env("AWS_S3_CUSTOM_DOMAIN", default="") or env(
        "AWS_S3_ENDPOINT_URL", default=""
    )
    if _media_host:
        _origin = _media_host if "://" in _media_host else f"https://{_media_host}"
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_origin)  # noqa: F405

# Email through any provider django-anymail supports, or plain SMTP.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
