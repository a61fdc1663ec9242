"""Flyer benchmarks (issue #5), each against a baseline in the same run.

    .venv/bin/python bench/flyers.py        (also run by `make bench`)

1. Pre-render: every size x language of the demo flyer (what publishing
   queues), rendered by one Celery worker with 2 processes: total time.
2. First renders: 40 personalised copies of the flyer (each a new file)
   rendered through the pipeline (task, page and settings, template, QR code,
   WeasyPrint, storage) against WeasyPrint rendering the same HTML 40 times
   in the same processes: plain, and as the pipeline calls it (the process's
   font configuration and parsed stylesheets). Target: at most 15% over
   plain WeasyPrint.
3. Serving: gunicorn (2 workers), wrk (8 connections, 8 s) on the cached
   flyer PDF where the flyer's URL redirects (its stored file, checked to
   be the stored bytes) against a static file of the same bytes served by
   the same server (WhiteNoise); the redirect is measured too. Target: at
   least 80% of the static file's requests/s.

Run from a worktree with its env file sourced, it uses that Redis server
and a database of its own (``<database>_bench``).
"""

import json
import os
import shutil
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    Server,
    bench_env,
    free_port,
    overheads,
    prepare_site,
    render_baselines,
    start_worker,
    time_tasks,
    wrk,
)

FIRST_RENDERS = 40
RENDER_TARGET = 0.15
SERVE_TARGET = 0.80
STATIC_COPY = "bench/flyer-static-copy.pdf"


def demo_flyer():
    from campaigns.models import FlyerPage

    return FlyerPage.objects.filter(locale__language_code="en").first().specific


def bench_prerender():
    from django.core.files.storage import default_storage

    from campaigns.models import LANGUAGES, SIZES
    from campaigns.services import flyers

    page = demo_flyer()
    targets = [
        (flyers.translation_in(page, language), size, language)
        for language in LANGUAGES
        for size in SIZES
    ]
    names = [flyers.pdf_name(*target) for target in targets]
    for name in names + [flyers.thumbnail_name(page)]:
        default_storage.delete(name)
    seconds = time_tasks(
        lambda: flyers.prerender(page),
        lambda: sum(default_storage.exists(name) for name in names),
        len(names),
    )
    return {"files": len(names), "seconds": round(seconds, 2)}


def bench_first_renders():
    from django.core.files.storage import default_storage
    from django.template.loader import render_to_string
    from django.utils import translation

    from campaigns.services import flyers
    from campaigns.tasks import render_flyer_pdf

    page = demo_flyer()
    with translation.override("en"):
        html = render_to_string(
            flyers.TEMPLATES[0],
            flyers.flyer_context(page, "letter", "en", "Shop 0", "Ask for Sam"),
        )
    baselines = render_baselines(html, flyers.STYLESHEETS, FIRST_RENDERS)

    def copies(run):
        return [f"Shop {run}-{n}" for n in range(FIRST_RENDERS)]

    def rendered(businesses):
        names = [
            flyers.pdf_name(page, "letter", "en", business, "Ask for Sam")
            for business in businesses
        ]
        for name in names:
            default_storage.delete(name)  # each one a first render
        return lambda: sum(default_storage.exists(name) for name in names)

    def render(businesses):
        for business in businesses:
            render_flyer_pdf.delay(page.pk, "letter", "en", business, "Ask for Sam")

    warm = copies("warm")[:2]
    time_tasks(lambda: render(warm), rendered(warm), len(warm))
    businesses = copies("measured")
    pipeline_seconds = time_tasks(
        lambda: render(businesses), rendered(businesses), FIRST_RENDERS
    )
    return {
        "renders": FIRST_RENDERS,
        "pipeline_seconds": round(pipeline_seconds, 2),
        **baselines,
        **overheads(pipeline_seconds, baselines),
    }


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def served_file(url):
    """Where the flyer's URL sends a visitor: ``(status, Location)``."""
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        response = opener.open(url, timeout=10)
    except urllib.error.HTTPError as redirect:
        return redirect.code, redirect.headers["Location"]
    return response.status, None


def bench_serving(env):
    """The letter-size English PDF as a visitor gets it, and the same bytes
    as a static file, through the same gunicorn.

    Since issue 10 the flyer's URL answers with a redirect (cacheable, kept
    at the edge) to the stored file under ``/media/``, which nginx serves in
    production. So the PDF is measured where the redirect leads (served
    here by WhiteNoise from ``MEDIA_ROOT``, bench/media_wsgi.py, as the
    static file is), after checking it holds the stored bytes; the redirect
    itself, the app's only work per download, is measured on its own."""
    from django.core.files.storage import default_storage

    from campaigns.services import flyers

    page = demo_flyer()
    name = flyers.stored_pdf(page, "letter", "en")
    assert name, "the pre-render did not store the letter-size English PDF"
    static_copy = Path(env["STATIC_ROOT"]) / STATIC_COPY
    static_copy.parent.mkdir(parents=True, exist_ok=True)
    with default_storage.open(name, "rb") as handle:
        stored = handle.read()
    static_copy.write_bytes(stored)
    try:
        # WhiteNoise indexes the static and media files at start.
        with Server(env, free_port(), app="bench.media_wsgi:application") as server:
            status, location = served_file(server.url(page.url + "letter-en.pdf"))
            assert status == 302 and location, (status, location)
            pdf_url = server.url(location)
            with urllib.request.urlopen(pdf_url, timeout=10) as response:
                assert response.read() == stored, "the served PDF is not the file"
            app = wrk(pdf_url)
            redirect = wrk(server.url(page.url + "letter-en.pdf"))
            static = wrk(server.url("/static/" + STATIC_COPY))
    finally:
        shutil.rmtree(static_copy.parent, ignore_errors=True)
    return {
        "bytes": len(stored),
        "pdf_served": app,
        "redirect": redirect,
        "static_file": static,
        "ratio": round(app["rps"] / static["rps"], 3),
        "redirect_ratio": round(redirect["rps"] / static["rps"], 3),
    }


def own_services():
    """This run's database and Redis: those of the environment when it
    names its own (a worktree's env file), so two benchmarks or a test run
    beside it do not share them; otherwise bench_env's."""
    redis = os.environ.get("REDIS_URL", "")
    if not redis or redis.startswith("redis://127.0.0.1:6379"):
        return {}
    server = redis.rsplit("/", 1)[0]
    database = os.environ["DATABASE_URL"].rsplit("/", 1)[1] + "_bench"
    return {
        "CELERY_BROKER_URL": f"{server}/4",
        "REDIS_URL": f"{server}/5",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "STATIC_ROOT": f"{ROOT}/var/bench-static-{database}",
        "MEDIA_ROOT": f"{ROOT}/var/bench-media-{database}",
    }


def main():
    env = bench_env(PAGE_CACHE_ENABLED="true", **own_services())
    prepare_site(env)
    os.environ.update(env)
    import django

    django.setup()
    from cms.celery import app

    app.control.purge()
    worker = start_worker(env)
    try:
        prerender = bench_prerender()
        first = bench_first_renders()
    finally:
        worker.terminate()
        worker.wait(30)
    serving = bench_serving(env)
    report = {"prerender": prerender, "first_renders": first, "serving": serving}
    print(json.dumps(report, indent=2))
    out = ROOT / "var" / "bench" / "flyers.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    ok = first["overhead"] <= RENDER_TARGET and serving["ratio"] >= SERVE_TARGET
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
