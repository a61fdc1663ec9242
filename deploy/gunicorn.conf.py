"""gunicorn's settings for Networks of Care (see docs/deployment.md).

    gunicorn --config deploy/gunicorn.conf.py

Behind nginx (deploy/nginx/networks-of-care.conf), which answers most
anonymous requests from its cache, terminates TLS and logs each request
(without client addresses): gunicorn keeps no access log of its own.

Environment: ``GUNICORN_BIND`` (default ``127.0.0.1:8000``; only nginx may
reach it) and ``GUNICORN_WORKERS`` (default 2 × cores + 1).
"""

import multiprocessing
import os

wsgi_app = "cms.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
proc_name = "noc-web"

# A request that takes longer is a bug (PDFs render in Celery); nginx's own
# timeout (proxy_read_timeout) is the same, and it then serves what it holds.
timeout = 30
graceful_timeout = 30
# Workers are not replaced after N requests: each replacement imports Django
# again (seconds of CPU on a small machine), and under load that came every
# few seconds, exactly when the CPU was needed (bench/stack.py saw p99 above
# 1 s). Memory stays flat (see docs/performance.md); `systemctl reload
# noc-web` replaces them all gracefully.
max_requests = 0

accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# gunicorn's control socket (gunicornc) is left off: systemd's signals
# manage the processes, and two sites on one host would share its path.
control_socket_disable = True
