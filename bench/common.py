"""Helpers shared by the benchmarks: a bench database, servers, wrk."""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BENCH_DB = "networks_of_care_bench"


def bench_env(**overrides):
    """Production-like settings on the local PostgreSQL and Redis."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/4",
        REDIS_URL="redis://127.0.0.1:6379/5",
        CACHE_KEY_PREFIX="noc-bench",
        DEFAULT_FROM_EMAIL="Networks of Care <noreply@networksofcare.example.org>",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        MEDIA_ROOT=str(ROOT / "var" / "bench-media"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def ensure_database(name=BENCH_DB):
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_site(env):
    ensure_database(env["DATABASE_URL"].rsplit("/", 1)[1])
    manage("migrate", "--verbosity=0", env=env)
    manage("load_demo", env=env)
    manage("collectstatic", "--noinput", "--verbosity=0", env=env)


class Server:
    """gunicorn on 127.0.0.1, stopped by its own pid."""

    def __init__(self, env, port, workers=2, app="cms.wsgi:application"):
        self.env, self.port, self.workers, self.app = env, port, workers, app
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                self.app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/bench/minimal/"), timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, seconds=8, connections=8, threads=2, ssl_context=None):
    """Run wrk against url; answer requests/s and p50/p99 latency in ms.
    ``ssl_context``: how the warm-up trusts an HTTPS server (wrk itself does
    not check certificates)."""
    for _ in range(20):  # warm the caches and the workers
        urllib.request.urlopen(url, timeout=10, context=ssl_context).read()
    output = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        sys.exit(f"wrk saw error responses from {url}:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for pct in ("50", "99"):
        value, unit = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)\b", output).groups()
        latency[pct] = float(value) * _UNITS[unit]
    return {"rps": rps, "p50_ms": latency["50"], "p99_ms": latency["99"]}


class Sink:
    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
        return "250 OK"


def free_port():

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_processes(parent):
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(parent)], capture_output=True, text=True
    ).stdout
    return [int(pid) for pid in out.split()] + [parent]


def peak_rss_mb(pids):
    peaks = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(("VmHWM", "VmRSS")):
                    key, value = line.split(":")
                    peaks.setdefault(pid, {})[key] = int(value.split()[0]) / 1024
        except FileNotFoundError:
            continue  # the process has exited
    return peaks


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def start_worker(env, concurrency=2):
    """A Celery worker with ``concurrency`` prefork processes (and the
    benchmarks' baseline tasks), stopped by the caller through its pid."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cms",
            "worker",
            f"--concurrency={concurrency}",
            "--include=bench.tasks",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    time.sleep(4)  # the processes are up and have imported the project
    return process


def time_tasks(send, finished, count, timeout=600):
    """Seconds from queueing ``count`` tasks (``send()`` queues them) until
    ``finished()`` reaches ``count``."""
    started = time.monotonic()
    send()
    if not wait_until(lambda: finished() >= count, timeout):
        sys.exit(f"tasks stalled at {finished()} of {count}")
    return time.monotonic() - started


def render_baselines(html, stylesheets, count):
    """The two WeasyPrint baselines of the PDF benchmarks, ``count`` renders
    of ``html`` each, one render per task in the running worker, after a
    warm-up of both processes: plain WeasyPrint, and WeasyPrint as the
    pipeline calls it. Answers their seconds."""
    from django.core.cache import cache

    from bench.tasks import render_raw, render_tuned

    def counted(task, counter):
        cache.set(counter, 0, None)
        return time_tasks(
            lambda: [task.delay(html, 1, stylesheets, counter) for _ in range(count)],
            lambda: cache.get(counter, 0),
            count,
        )

    counted(render_raw, "bench:warm-raw")  # imports, fonts, caches
    counted(render_tuned, "bench:warm-tuned")
    return {
        "raw_weasyprint_seconds": round(counted(render_raw, "bench:raw"), 2),
        "tuned_weasyprint_seconds": round(counted(render_tuned, "bench:tuned"), 2),
    }


def overheads(pipeline_seconds, baselines):
    """The pipeline against each baseline, as fractions (0.15 is 15% slower)."""
    raw = baselines["raw_weasyprint_seconds"]
    tuned = baselines["tuned_weasyprint_seconds"]
    return {
        "overhead": round(pipeline_seconds / raw - 1, 3),
        "overhead_vs_tuned": round(pipeline_seconds / tuned - 1, 3),
    }
