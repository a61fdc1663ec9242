"""Production: every secret and address comes from the environment.

The process refuses to start, with one line naming what is missing, rather
than run with a guessed database, an open host list or a known secret key.
"""

import sys

from .base import *  # noqa: F403
from .base import env

REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL")
_missing = [name for name in REQUIRED if not env.str(name, default="").strip()]
if _missing:
    sys.stderr.write(
        "Refusing to start: missing required environment variable(s): "
        + ", ".join(_missing)
        + " (see .env.example)\n"
    )
    raise SystemExit(2)

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL")

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

if env("AWS_STORAGE_BUCKET_NAME", default=""):
    # S3-compatible storage for uploads and rendered PDFs (django-storages).
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "custom_domain": env("AWS_S3_CUSTOM_DOMAIN", default=None),
            "default_acl": None,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "file_overwrite": False,
        },
    }
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
