"""The production stack of deploy/, started by a test or a benchmark through
``bin/prod-like`` (the same command as ``make prod-like``), and what a
visitor does with it: HTTPS requests from an address of their own.

Every address of 127.0.0.0/8 reaches this machine on Linux, so visitors are
told apart by the source address of their connections (``visitor("127.0.0.7")``):
nginx sees each as its own client and tells the app so in X-Forwarded-For.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
from bs4 import BeautifulSoup
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 400  # a first run migrates and collects static files


class ProdLike:
    """``bin/prod-like`` on free ports, with a database ``<name>`` (on the
    server of DATABASE_URL) and Redis numbers ``redis_numbers`` (on the
    server of REDIS_URL) of its own; stopped by its PID on exit."""

    def __init__(self, name, redis_numbers, web_workers=None):
        self.name = name
        self.run_dir = ROOT / "var" / name
        self.ready_file = self.run_dir / "ready.json"
        database = urlsplit(
            os.environ.get("DATABASE_URL")
            or "postgres://postgres@127.0.0.1:5432/networks_of_care"
        )
        self.database_url = urlunsplit(
            database._replace(path=f"/{database.path.strip('/')}_{name}")
        )
        redis = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1")
        self.redis_urls = [
            urlunsplit(redis._replace(path=f"/{number}")) for number in redis_numbers
        ]
        self.web_workers = web_workers
        self.process = None
        self.info = None

    # --- start and stop -------------------------------------------------------
    def __enter__(self):
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.ready_file.unlink(missing_ok=True)
        command = [
            str(ROOT / "bin" / "prod-like"),
            *("--https-port", "0", "--http-port", "0"),
            *("--purge-port", "0", "--web-port", "0"),
            *("--run-dir", str(self.run_dir)),
            *("--database-url", self.database_url),
            *("--broker-url", self.redis_urls[0], "--redis-url", self.redis_urls[1]),
            *("--ready-file", str(self.ready_file)),
        ]
        if self.web_workers:
            command += ["--web-workers", str(self.web_workers)]
        self.output = open(self.run_dir / "prod-like.out", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=self.output, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not self.ready_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"bin/prod-like did not start:\n{self.log_tail()}")
            time.sleep(0.2)
        self.info = json.loads(self.ready_file.read_text())
        self.url = self.info["url"]
        return self

    def __exit__(self, *exc):
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(90)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        self.output.close()

    def log_tail(self, lines=30):
        path = self.run_dir / "prod-like.out"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop_web(self):
        """Stop gunicorn (nginx, the worker and beat go on)."""
        self.process.send_signal(signal.SIGUSR1)
        self._wait_for_health(503)

    def start_web(self):
        self.process.send_signal(signal.SIGUSR2)
        self._wait_for_health(200)

    def _wait_for_health(self, status, timeout=60):
        deadline = time.monotonic() + timeout
        with self.visitor() as client:
            while time.monotonic() < deadline:
                if client.get(self.url + "/healthz").status_code == status:
                    return
                time.sleep(0.2)
        raise RuntimeError(f"/healthz never answered {status}")

    # --- what a visitor does ------------------------------------------------------
    def visitor(self, address="127.0.0.2"):
        """A browser of its own (cookies), connecting from ``address``."""
        session = requests.Session()
        # Not the environment's CA bundle or proxies (REQUESTS_CA_BUNDLE
        # would replace the stack's own certificate).
        session.trust_env = False
        session.verify = self.info["certificate"]
        session.mount("https://", FromAddress(address))
        session.headers["User-Agent"] = "Mozilla/5.0 (prod-like test visitor)"
        return session

    # --- looking inside -------------------------------------------------------------
    def django(self, code):
        """Run ``code`` in the stack's own Django (its settings, database and
        broker); answer the JSON-able value it leaves in ``result``."""
        program = (
            "import json, django\ndjango.setup()\nresult = None\n"
            + code
            + "\nprint('\\n' + json.dumps(result, default=str))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", program],
            cwd=ROOT,
            env=self.info["env"],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"code in the stack failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def seconds_until_served(self, publish, watched, timeout=10):
        """Run ``publish`` (code that publishes, then sets ``result`` to
        ``time.time()``) in the stack while a visitor polls each of
        ``watched``, ``{text: [path, ...]}``; answer, for each ``(text,
        path)``, the seconds from the publish until the edge served ``text``
        there (None: not within ``timeout``). Polling starts before the
        publish, so the code's own start and exit are not counted."""
        done = []
        worker = threading.Thread(target=lambda: done.append(self.django(publish)))
        seen = {(text, path): None for text, paths in watched.items() for path in paths}
        with self.visitor() as visitor:
            worker.start()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (worker.is_alive() or (
                None in seen.values() and time.time() < done[0] + timeout
            )):  # fmt: skip
                for text, path in [key for key, when in seen.items() if when is None]:
                    if text in visitor.get(self.url + path).text:
                        seen[(text, path)] = time.time()
                time.sleep(0.02)  # leave the cores to the stack
            worker.join()
        published_at = done[0]
        return {
            key: None if when is None else round(max(when - published_at, 0.0), 3)
            for key, when in seen.items()
        }

    def sql(self, query, *params):
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()

    def mails(self):
        """Every email the stack sent (its .eml files), parsed."""
        folder = Path(self.info["mail_dir"])
        return [
            message_from_bytes(path.read_bytes(), policy=policy.default)
            for path in sorted(folder.glob("*.eml"))
        ]

    def recipients(self, containing=""):
        """The address of each email sent (once per email), those containing
        ``containing``."""
        addresses = (
            address.addr_spec
            for mail in self.mails()
            for address in mail["To"].addresses
        )
        return [address for address in addresses if containing in address]


class FromAddress(HTTPAdapter):
    """Connections from one local source address."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def visitor_address(number):
    """The ``number``-th visitor's own address (never 127.0.0.1: nginx's)."""
    return f"127.0.{number // 250}.{number % 250 + 2}"


def form_fields(html, action_ends_with, **values):
    """The action and fields of the page's form whose action ends so, as a
    browser would send them (first radio button, unticked boxes left out),
    with ``values`` filled in."""
    page = BeautifulSoup(html, "html.parser")
    form = next(
        form
        for form in page.find_all("form")
        if (form.get("action") or "").endswith(action_ends_with)
    )
    fields = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        kind = field.get("type", "text")
        if not name or kind in ("submit", "checkbox"):
            continue
        if kind == "radio":
            fields.setdefault(name, field.get("value"))
        elif field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            fields[name] = chosen.get("value", "") if chosen else ""
        elif field.name == "textarea":
            fields[name] = field.text
        else:
            fields[name] = field.get("value", "")
    fields.update(values)
    return form["action"], fields
