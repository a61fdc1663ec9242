"""Page benchmark: public pages against a minimal Django view, same server.

    .venv/bin/python bench/pages.py        (or: make bench)

Starts gunicorn (2 workers) with production settings on PostgreSQL and a
Redis cache, loads the demo site, and applies a bounded load with wrk
(8 s per URL, 8 connections) to a minimal view and to the public pages,
first with the anonymous page cache on, then off. Prints requests/s,
p50/p99 latency and each page's throughput as a ratio of the minimal view's
in the same run. Target: cached pages reach at least 70% of it.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, Server, bench_env, prepare_site, wrk  # noqa: E402

PAGES = {
    "home (en)": "/en/",
    "content page (fr)": "/fr/a-propos/",
    "search": "/en/search/?query=privacy",
    "event index, 500 events": "/en/events/",
    "event page (RSVP form)": "/en/events/town-hall-survivor-services/",
}
CACHED_TARGETS = ("home (en)", "content page (fr)", "event index, 500 events")
EXTRA_EVENTS = 500
BASELINE = "/bench/minimal/"
TARGET = 0.70


def measure(page_cache, port):
    env = bench_env(PAGE_CACHE_ENABLED="true" if page_cache else "false")
    with Server(env, port) as server:
        results = {"minimal view": wrk(server.url(BASELINE))}
        for name, path in PAGES.items():
            results[name] = wrk(server.url(path))
    return results


def add_events(env):
    """500 upcoming events on the English index (made once)."""
    import os

    os.environ.update(env)
    import django

    django.setup()
    from datetime import time, timedelta

    from django.utils import timezone

    from events.models import EventIndexPage, EventPage

    index = EventIndexPage.objects.get(locale__language_code="en")
    existing = EventPage.objects.filter(slug__startswith="listing-").count()
    today = timezone.now().date()
    for number in range(existing, EXTRA_EVENTS):
        index.add_child(
            instance=EventPage(
                title=f"Listing event {number}",
                slug=f"listing-{number}",
                summary="An event to fill the index.",
                start_date=today + timedelta(days=1 + number % 60),
                start_time=time(18, 0),
                end_time=time(20, 0),
                city="Ottawa",
                province="ON",
                locale=index.locale,
            )
        )


def main():
    env = bench_env()
    prepare_site(env)
    add_events(env)
    report = {
        "page cache on": measure(True, 8811),
        "page cache off": measure(False, 8812),
    }
    failed = False
    for mode, results in report.items():
        baseline = results["minimal view"]["rps"]
        print(f"\n{mode}")
        print(f"{'':24} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7}")
        for name, row in results.items():
            row["ratio"] = row["rps"] / baseline
            print(
                f"{name:24} {row['rps']:9.0f} {row['p50_ms']:8.2f} "
                f"{row['p99_ms']:8.2f} {row['ratio']:7.2f}"
            )
            if mode == "page cache on" and name in CACHED_TARGETS:
                failed |= row["ratio"] < TARGET
    out = ROOT / "var" / "bench" / "pages.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"\nTarget: cached pages >= {TARGET:.0%} of the minimal view. Saved {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
