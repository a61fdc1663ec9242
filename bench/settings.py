"""Production settings, plus a minimal view to measure against (benchmarks only)."""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
