"""deploy/nginx/media.conf, run by Debian's nginx in front of a stand-in
backend: what it serves from /media/, what it refuses, and that it hands
over the files the app names in X-Accel-Redirect. (The whole stack, with
the app itself behind nginx, is tested end to end by the stack's test.)"""

import getpass
import http.client
import re
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cms.storage import PUBLIC_FOLDERS

from ..conftest import ROOT, free_port

CONF = ROOT / "deploy" / "nginx" / "media.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def test_the_public_locations_are_exactly_the_public_folders():
    text = CONF.read_text()
    served = re.findall(r"location \^~ /media/([a-z_]+)/ \{", text)
    assert sorted(served) == sorted(PUBLIC_FOLDERS)
    for folder in served:
        assert f"alias @MEDIA_ROOT@/{folder}/;" in text
    assert "alias @PRIVATE_MEDIA_ROOT@/;" in text


class Backend(BaseHTTPRequestHandler):
    """Answers /check/<path> as a checking view does in production."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("X-Accel-Redirect", "/private-media/" + self.path[7:])
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Disposition", 'inline; filename="copy.pdf"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    """nginx with media.conf in its server block, on a free port; stopped
    by the id of the process this fixture started."""
    if not Path(NGINX).exists():
        pytest.fail(
            "nginx is missing: bin/ensure-debian-packages 'proxy tests' nginx",
            pytrace=False,
        )
    base = tmp_path_factory.mktemp("nginx")
    public, private, prefix = base / "media", base / "private-media", base / "prefix"
    files = {
        public / "flyers/0a1b/know-letter-en.pdf": b"%PDF public flyer",
        public / "images/photo.width-400.jpg": b"jpeg",
        public / "documents/shelter-staff-list.pdf": b"%PDF left public by mistake",
        private / "documents/liste du personnel é.pdf": b"%PDF staff",
        private / "flyer-copies/0c0d.pdf": b"%PDF cafe ole",
    }
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    (prefix / "logs").mkdir(parents=True)
    snippet = base / "media.conf"
    snippet.write_text(
        CONF.read_text()
        .replace("@MEDIA_ROOT@", str(public))
        .replace("@PRIVATE_MEDIA_ROOT@", str(private))
    )
    backend = ThreadingHTTPServer(("127.0.0.1", 0), Backend)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    port = free_port()
    temp = f"{prefix}/tmp"
    conf = base / "nginx.conf"
    conf.write_text(
        # Workers as this user: the test's folders are private to it.
        f"""daemon off;
user {getpass.getuser()};
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {temp}; proxy_temp_path {temp};
    fastcgi_temp_path {temp}; uwsgi_temp_path {temp}; scgi_temp_path {temp};
    server {{
        listen 127.0.0.1:{port};
        include {snippet};
        location /check/ {{ proxy_pass http://127.0.0.1:{backend.server_port}; }}
    }}
}}
"""
    )
    check = subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-c", str(conf)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf)])
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        backend.shutdown()
        backend.server_close()


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def test_public_files_are_served_and_kept_for_ever(nginx):
    response, body = get(nginx, "/media/flyers/0a1b/know-letter-en.pdf")
    assert (response.status, body) == (200, b"%PDF public flyer")
    assert response.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    assert response.getheader("Content-Type") == "application/pdf"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    image, _body = get(nginx, "/media/images/photo.width-400.jpg")
    assert image.status == 200
    assert "sandbox" in image.getheader("Content-Security-Policy")


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/shelter-staff-list.pdf",  # not a public folder
        "/media/flyers/../documents/shelter-staff-list.pdf",
        "/media/flyers/..%2fdocuments/shelter-staff-list.pdf",
        "/media/",
        "/private-media/flyer-copies/0c0d.pdf",  # internal only
        "/private-media/documents/liste%20du%20personnel%20%C3%A9.pdf",
    ],
)
def test_everything_else_is_refused(nginx, path):
    response, body = get(nginx, path)
    assert response.status == 404
    assert b"%PDF" not in body


def test_a_checking_view_hands_a_private_file_to_nginx(nginx):
    response, body = get(nginx, "/check/flyer-copies/0c0d.pdf")
    assert (response.status, body) == (200, b"%PDF cafe ole")
    assert response.getheader("Content-Disposition") == 'inline; filename="copy.pdf"'
    assert response.getheader("Cache-Control") == "private, no-store"
    assert response.getheader("Content-Security-Policy") == "default-src 'none'"
    quoted, body = get(nginx, "/check/documents/liste%20du%20personnel%20%C3%A9.pdf")
    assert (quoted.status, body) == (200, b"%PDF staff")
