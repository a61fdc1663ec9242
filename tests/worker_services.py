"""Services of their own for each process of a parallel run (pytest-xdist).

`make test` runs the suite in several worker processes ("gw0", "gw1", …;
see tests/xdist_scheduling.py). pytest-django gives each its own test
database (``test_<name>_gw1``); cms.settings.test calls
``use_worker_services()`` to give each its own Redis databases (cache, broker,
results: the next three after the previous worker's) and its own media
folder, so that one worker's Celery worker never takes another's tasks and
one worker's ``cache.clear()`` empties no other's cache. Ports are not shared
either: every server a test starts listens on a port the system picks.
"""

import os
from urllib.parse import urlsplit, urlunsplit

#: Set to the worker's name once this environment holds that worker's
#: services: the processes a test starts inherit it, and then keep the values
#: they inherit instead of moving them a second time.
MARKER = "NOC_TEST_WORKER_SERVICES"
REDIS_DATABASES = 16  # Redis's default number of databases


def _moved(url, by):
    """The Redis ``url`` with its database number moved up by ``by``."""
    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + by
    if number >= REDIS_DATABASES:
        raise RuntimeError(
            f"{os.environ['PYTEST_XDIST_WORKER']} would use Redis database "
            f"{number} ({url}), and Redis has {REDIS_DATABASES}: run fewer "
            "workers (pytest -n)."
        )
    return urlunsplit(parts._replace(path=f"/{number}"))


def use_worker_services(redis_defaults, media_root_default):
    """Point this process's environment at its xdist worker's own services.

    ``redis_defaults`` maps each Redis variable to the URL used when it is
    not set. Outside xdist, nothing changes. The environment itself is
    changed, not only the settings: Celery prefers CELERY_BROKER_URL and
    CELERY_RESULT_BACKEND from the environment to its configuration, and the
    worker processes that tests start must use the same services."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or os.environ.get(MARKER) == worker:
        return
    index = int(worker.removeprefix("gw"))
    for name, default in redis_defaults.items():
        os.environ[name] = _moved(
            os.environ.get(name, default), by=len(redis_defaults) * index
        )
    # VAR_DIR: the embedded default's files (cms.settings.test_embedded).
    for name, default in (("MEDIA_ROOT", media_root_default), ("VAR_DIR", None)):
        if folder := os.environ.get(name, default):
            os.environ[name] = os.path.join(folder, worker)
    os.environ[MARKER] = worker
