"""Letter benchmarks (issue #4), each against a baseline in the same run.

    .venv/bin/python bench/letters.py        (also run by `make bench`)

1. Delivery: 1,000 confirmed letters sent by one Celery worker with 2
   processes to a local SMTP sink (aiosmtpd): letters/s and total time.
2. PDFs: 200 letters rendered by the same 2 processes through the pipeline
   (task, database, template, WeasyPrint, storage), against WeasyPrint
   rendering the same HTML the same number of times in the same processes,
   one render per task on all sides: plain WeasyPrint (target: the
   pipeline at most 15% slower), and WeasyPrint as the pipeline calls it
   (what the pipeline adds around the render).
3. The postal-code step under load, cache warm: gunicorn (2 workers),
   wrk posting the form, against the minimal view: p95 and throughput.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiosmtpd.controller import Controller  # noqa: E402

from bench.common import (  # noqa: E402
    Server,
    Sink,
    bench_env,
    ensure_database,
    free_port,
    manage,
    overheads,
    render_baselines,
    start_worker,
    time_tasks,
    wait_until,
)

LETTERS = 1000
PDFS = 200


def make_letters(count, delivery):
    from advocacy.models import (
        Letter,
        LetterCampaignPage,
        LetterRecipient,
        Representative,
    )

    campaign = LetterCampaignPage.objects.filter(locale__language_code="en").first()
    LetterCampaignPage.objects.filter(pk=campaign.pk).update(delivery=delivery)
    campaign.refresh_from_db()
    representative = Representative.objects.filter(level="federal").first()
    letters = Letter.objects.bulk_create(
        Letter(
            campaign=campaign,
            supporter_name=f"Supporter {n}",
            email=f"s{n}@example.org",
            city="Ottawa",
            province="ON",
            postal_code="K1P5G4",
            street_address=f"{n} Example Street",
            subject="Protect survivors, {representative_last_name}",
            body=campaign.body_template.replace("{supporter_name}", f"Supporter {n}"),
            status="confirmed",
        )
        for n in range(count)
    )
    LetterRecipient.objects.bulk_create(
        LetterRecipient(
            letter=letter,
            representative=representative,
            name=representative.name,
            title=representative.elected_office,
            district=representative.district.name,
            email=representative.email,
            mailing_address="100 Example Street\nOttawa ON  K1P 5G4",
            is_federal_mp=True,
            status="pending" if delivery != "pdf" else "print",
        )
        for letter in letters
    )
    return letters


def bench_delivery(sink):
    from advocacy.models import Letter, LetterRecipient
    from advocacy.tasks import deliver_letters

    Letter.objects.all().delete()
    make_letters(LETTERS, "email")
    ids = list(LetterRecipient.objects.values_list("pk", flat=True))
    sink.count = 0
    started = time.monotonic()
    for start in range(0, len(ids), 100):
        deliver_letters.delay(ids[start : start + 100])
    assert wait_until(lambda: sink.count >= LETTERS, 300), "delivery stalled"
    seconds = time.monotonic() - started
    sent = LetterRecipient.objects.filter(status="sent").count()
    return {
        "letters": LETTERS,
        "seconds": round(seconds, 2),
        "letters_per_second": round(LETTERS / seconds, 1),
        "recorded_sent": sent,
    }


def bench_pdfs():
    from django.template.loader import render_to_string
    from django.utils import timezone

    from advocacy.models import Letter
    from advocacy.services.printing import STYLESHEETS, pages_for
    from advocacy.tasks import render_letter_pdf

    Letter.objects.all().delete()
    letters = make_letters(PDFS + 2, "pdf")
    sample = Letter.objects.get(pk=letters[0].pk)
    html = render_to_string(
        "advocacy/pdf/letter.html",
        {
            "letter": sample,
            "pages": pages_for(sample),
            "date": timezone.localdate(),
            "title": sample.subject,
            "language": "en",
        },
    )
    # Both sides render the same HTML the same number of times in the same
    # 2 processes, one render per task, after a warm-up (baselines first;
    # two letters warm the pipeline's own template and queries).
    baselines = render_baselines(html, STYLESHEETS, PDFS)
    done = Letter.objects.exclude(pdf="")
    warm = letters[:2]
    time_tasks(lambda: [render_letter_pdf.delay(x.pk) for x in warm], done.count, 2)
    pipeline_seconds = time_tasks(
        lambda: [render_letter_pdf.delay(x.pk) for x in letters[2:]],
        lambda: done.count() - 2,
        PDFS,
    )
    return {
        "pdfs": PDFS,
        "pipeline_seconds": round(pipeline_seconds, 2),
        **baselines,
        **overheads(pipeline_seconds, baselines),
    }


def warm_represent_cache():
    """Represent's answer for the benchmark's postal code, as if fetched
    earlier (the step is measured with a warm cache)."""
    from django.core.cache import cache

    sample = json.loads(
        (ROOT / "advocacy" / "demo" / "representatives.json").read_text()
    )
    ottawa = [r for r in sample["objects"] if "Ottawa" in r["name"]]
    cache.set(
        "represent:postcode:K1P5G4",
        {"representatives_centroid": ottawa, "representatives_concordance": ottawa},
        3600,
    )


def bench_postal_code_step(env):
    """wrk posting the postal-code form, as a browser on the page does (a
    public form: no token, Fetch Metadata says same-origin)."""
    import re

    warm_represent_cache()
    lua = ROOT / "var" / "bench" / "postal.lua"
    with Server(env, 8813) as server:
        page = "/en/letter-law-reform/"
        lua.parent.mkdir(parents=True, exist_ok=True)
        report_p95 = (
            "done = function(summary, latency, requests)\n"
            '  io.write(string.format("p95_us %d\\n", latency:percentile(95)))\n'
            "end\n"
        )
        plain = lua.with_name("p95.lua")
        plain.write_text(report_p95)
        lua.write_text(
            report_p95 + 'wrk.method = "POST"\n'
            'wrk.body = "postal_code=K1P+5G4"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
            'wrk.headers["Sec-Fetch-Site"] = "same-origin"\n'
            f'wrk.headers["Origin"] = "http://127.0.0.1:8813"\n'
            f'wrk.headers["Referer"] = "http://127.0.0.1:8813{page}"\n'
        )
        results = {}
        for name, path, script in (
            ("minimal view", "/bench/minimal/", plain),
            ("postal-code step", page, lua),
        ):
            command = ["wrk", "-t2", "-c8", "-d8s", "--latency", "-s", str(script)]
            command.append(server.url(path))
            output = subprocess.run(
                command, capture_output=True, text=True, check=True
            ).stdout
            if "Non-2xx or 3xx responses" in output:
                sys.exit(f"errors from {path}:\n{output}")
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
            p90 = re.search(r"\s90%\s+([\d.]+)(us|ms|s)", output)
            p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", output)
            unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
            results[name] = {
                "rps": rps,
                "p95_ms": int(re.search(r"p95_us (\d+)", output)[1]) / 1000,
                "p90_ms": float(p90[1]) * unit[p90[2]],
                "p99_ms": float(p99[1]) * unit[p99[2]],
            }
        results["ratio"] = round(
            results["postal-code step"]["rps"] / results["minimal view"]["rps"], 3
        )
        return results


def main():
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = bench_env(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        ADVOCACY_LOOKUP_RATE="100000000/h",
        REPRESENT_API_URL="http://127.0.0.1:1",  # never reached: the cache is warm
    )
    ensure_database()
    manage("migrate", "--verbosity=0", env=env)
    manage("load_demo", env=env)
    manage("collectstatic", "--noinput", "--verbosity=0", env=env)
    os.environ.update(env)
    import django

    django.setup()
    from cms.celery import app

    app.control.purge()
    worker = start_worker(env)
    try:
        delivery = bench_delivery(sink)
        pdfs = bench_pdfs()
    finally:
        worker.terminate()
        worker.wait(30)
        controller.stop()
    postal = bench_postal_code_step(env)
    report = {"delivery": delivery, "pdfs": pdfs, "postal_code_step": postal}
    print(json.dumps(report, indent=2))
    out = ROOT / "var" / "bench" / "letters.json"
    out.write_text(json.dumps(report, indent=2))
    ok = pdfs["overhead"] <= 0.15 and delivery["recorded_sent"] == LETTERS
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
