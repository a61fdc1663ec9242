"""The embedded default of `make run` (cms.settings.dev) holds up under a burst.

A burst of about 30 letters in 12 seconds once killed the worker of `make run`
(the filesystem broker handed it a message file that was still empty), and
honcho then stopped the web server too. These tests run the real thing: the
development settings with nothing but a folder (SQLite database and broker,
mail as files), a real worker process, and tasks queued from several processes
and threads at once.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PUBLISHERS = 3  # processes
THREADS = 4  # threads in each
TASKS = 4  # tasks queued by each thread, as fast as it can
BURST = PUBLISHERS * THREADS * TASKS

PUBLISH = textwrap.dedent(
    """
    import sys, threading
    import django
    django.setup()
    from cms.tasks import record_heartbeat

    ids, lock = [], threading.Lock()

    def publish(thread):
        for task in range({tasks}):
            name = f"burst-{{sys.argv[1]}}-{{thread}}-{{task}}"
            result = record_heartbeat.delay(name)
            with lock:
                ids.append(result.id)

    threads = [threading.Thread(target=publish, args=(n,)) for n in range({threads})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print("\\n".join(ids))
    """
).format(tasks=TASKS, threads=THREADS)


# The broker alone, without Celery's pacing: producers in several processes
# write as fast as they can while a consumer reads as fast as it can.
BROKER_PUBLISHERS = 4
BROKER_MESSAGES = 100  # per publisher
BROKER_PUBLISH = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from cms.celery import app

    publisher, count = sys.argv[1], int(sys.argv[2])
    with app.connection_for_write() as connection:
        queue = connection.SimpleQueue("embedded-burst")
        for number in range(count):
            queue.put({"id": f"{publisher}-{number}", "padding": "x" * 20000})
    """
)
BROKER_CONSUME = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from cms.celery import app

    expected, deadline = int(sys.argv[1]), time.monotonic() + float(sys.argv[2])
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue("embedded-burst")
        print("consuming", flush=True)
        received = 0
        while received < expected and time.monotonic() < deadline:
            try:
                message = queue.get(block=True, timeout=0.05)
            except queue.Empty:
                continue
            assert message.payload["padding"] == "x" * 20000, message.payload
            print(message.payload["id"], flush=True)
            message.ack()
            received += 1
        time.sleep(1)  # a message delivered twice would arrive now
        try:
            extra = queue.get(block=False)
            print("extra", extra.payload["id"], flush=True)
        except queue.Empty:
            pass
    """
)


def embedded_env(var_dir):
    """The environment of `make run` on a fresh machine: dev settings and a
    var folder, none of the services this test run otherwise uses."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "EMAIL_", "PAGE_CACHE_"))
        and key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "MEDIA_ROOT",
            "PRIVATE_MEDIA_ROOT",
            "STATIC_ROOT",
        }
    }
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", VAR_DIR=str(var_dir))
    return env


@pytest.fixture(scope="module")
def embedded_site(tmp_path_factory):
    var_dir = tmp_path_factory.mktemp("embedded") / "var"
    env = embedded_env(var_dir)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity=0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return var_dir, env


@pytest.fixture
def worker(embedded_site, tmp_path):
    """The worker of Procfile.dev, on its own (not under bin/keep-running,
    which would hide its death by restarting it)."""
    var_dir, env = embedded_site
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "cms", "worker"),
                *("--loglevel=INFO", "--concurrency=2"),
                *("--without-gossip", "--without-mingle"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(lambda: " ready." in log_path.read_text(), 60, "worker ready")
        yield process, log_path
    finally:
        stop(process)


def stop(process, timeout=30):
    """SIGTERM to the process, then SIGKILL to its whole group if it lingers
    (every process the test started runs in a group of its own)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def heartbeat_names(var_dir, prefix):
    with sqlite3.connect(var_dir / "db.sqlite3", timeout=20) as db:
        rows = db.execute(
            "SELECT name FROM cms_workerheartbeat WHERE name LIKE ?", (prefix + "%",)
        ).fetchall()
    return sorted(name for (name,) in rows)


def runs(log_text, task_id):
    return len(re.findall(rf"\[{task_id}\] succeeded", log_text))


def test_a_burst_from_several_processes_is_processed_once_and_the_worker_lives(
    embedded_site, worker
):
    var_dir, env = embedded_site
    process, log_path = worker

    publishers = [
        subprocess.Popen(
            [sys.executable, "-c", PUBLISH, str(number)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(PUBLISHERS)
    ]
    task_ids = []
    for publisher in publishers:
        out, err = publisher.communicate(timeout=120)
        assert publisher.returncode == 0, err
        task_ids += out.split()
    assert len(set(task_ids)) == BURST

    expected = sorted(
        f"burst-{p}-{t}-{n}"
        for p in range(PUBLISHERS)
        for t in range(THREADS)
        for n in range(TASKS)
    )
    wait_for(
        lambda: (
            heartbeat_names(var_dir, "burst-") == expected
            and all(runs(log_path.read_text(), i) for i in task_ids)
        ),
        120,
        "every queued task to run",
    )

    # The worker still serves: a task queued after the burst runs too.
    after = subprocess.run(
        [
            *(sys.executable, "manage.py", "shell", "--verbosity=0", "-c"),
            "from cms.tasks import record_heartbeat; "
            "print(record_heartbeat.delay('after-burst').id)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert after.returncode == 0, after.stderr
    after_id = after.stdout.split()[-1]
    wait_for(lambda: runs(log_path.read_text(), after_id), 60, "the task after")
    assert heartbeat_names(var_dir, "after-burst") == ["after-burst"]

    log_text = log_path.read_text()
    assert process.poll() is None, log_text[-3000:]
    assert [runs(log_text, i) for i in task_ids] == [1] * BURST
    assert "Traceback" not in log_text, log_text[-3000:]
    assert "ERROR" not in log_text, log_text[-3000:]


def test_the_embedded_broker_never_hands_out_a_half_written_message(tmp_path):
    """The worker died reading a message file its sender had not written yet
    (kombu's filesystem transport). Every message arrives whole, once."""
    env = embedded_env(tmp_path / "var")
    total = BROKER_PUBLISHERS * BROKER_MESSAGES
    consumer = subprocess.Popen(
        [sys.executable, "-c", BROKER_CONSUME, str(total), "120"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert consumer.stdout.readline().strip() == "consuming"
    publishers = [
        subprocess.Popen(
            [sys.executable, "-c", BROKER_PUBLISH, str(number), str(BROKER_MESSAGES)],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(BROKER_PUBLISHERS)
    ]
    for publisher in publishers:
        _, err = publisher.communicate(timeout=180)
        assert publisher.returncode == 0, err
    out, err = consumer.communicate(timeout=180)
    assert consumer.returncode == 0, err[-3000:]
    received = [line for line in out.splitlines() if line]
    assert sorted(received) == sorted(
        f"{p}-{n}" for p in range(BROKER_PUBLISHERS) for n in range(BROKER_MESSAGES)
    )


# --- bin/keep-running and Procfile.dev ------------------------------------

DIES_TWICE = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    runs = Path(sys.argv[1])
    with runs.open("a") as f:
        f.write(f"{os.getpid()}\\n")
    if len(runs.read_text().split()) <= 2:
        sys.exit(3)
    time.sleep(300)
    """
)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that has exited but not been reaped yet is a zombie: dead.
    return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"


def started(runs):
    return [int(pid) for pid in runs.read_text().split()] if runs.exists() else []


def test_keep_running_starts_a_process_that_dies_again_and_stops_with_it(tmp_path):
    runs = tmp_path / "runs"
    script = tmp_path / "dies_twice.py"
    script.write_text(DIES_TWICE)
    command = [sys.executable, str(script), str(runs)]
    with subprocess.Popen(
        [ROOT / "bin" / "keep-running", *command],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as wrapper:
        try:
            # Dies twice (status 3), then stays up: started three times, after
            # a pause of 1 s, then of 2 s.
            wait_for(lambda: len(started(runs)) == 3, 20, "a third start")
            third = started(runs)[2]
            assert alive(third)

            # Killed from outside: started once more.
            os.kill(third, signal.SIGKILL)
            wait_for(lambda: len(started(runs)) == 4, 20, "a start after SIGKILL")
            fourth = started(runs)[3]
            wait_for(lambda: alive(fourth), 5, "the fourth run")
            assert wrapper.poll() is None

            # Told to stop: the command stops with it, and is not started again.
            wrapper.terminate()
            assert wrapper.wait(timeout=10) == 128 + signal.SIGTERM
            wait_for(lambda: not alive(fourth), 5, "the command to stop")
            time.sleep(1.5)
            assert len(started(runs)) == 4
        finally:
            stop(wrapper)
        messages = wrapper.stderr.read().replace(" ".join(command), "COMMAND")
    assert re.fullmatch(
        "keep-running: `COMMAND` exited with status 3 after 0 s; "
        "starting it again in 1 s\n"
        "keep-running: `COMMAND` exited with status 3 after 0 s; "
        "starting it again in 2 s\n"
        "keep-running: `COMMAND` was killed by SIGKILL after [0-9]+ s; "
        "starting it again in 4 s\n",
        messages,
    ), messages


def test_a_command_does_not_outlive_keep_running(tmp_path):
    """Killed outright (SIGKILL cannot be passed on), the wrapper takes its
    command down with it: no worker is left running alone."""
    runs = tmp_path / "runs"
    script = tmp_path / "stays.py"
    script.write_text(DIES_TWICE.replace("<= 2", "<= 0"))  # never dies
    wrapper = subprocess.Popen(
        [ROOT / "bin" / "keep-running", sys.executable, str(script), str(runs)],
        start_new_session=True,
    )
    try:
        wait_for(lambda: started(runs), 20, "the command")
        (command,) = started(runs)
        os.kill(wrapper.pid, signal.SIGKILL)
        wrapper.wait(timeout=10)
        wait_for(lambda: not alive(command), 10, "the command to stop")
    finally:
        stop(wrapper)


def parent(pid):
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[1])
    except (OSError, IndexError):
        return 0


def children(pid):
    """Every process below ``pid`` (from /proc)."""
    below = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            below.setdefault(parent(entry.name), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in below.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def command_line(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def celery_main(root_pid, role):
    """The main process of the worker or beat that Procfile.dev started: a
    celery process whose parent is not one (the worker's pool processes
    have the same command line)."""

    def celery(pid, role=""):
        line = command_line(pid)
        return f"celery -A cms {role}" in line and "keep-running" not in line

    return [
        pid
        for pid in children(root_pid)
        if celery(pid, role) and not celery(parent(pid))
    ]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_site_keeps_serving_when_the_worker_dies(embedded_site, tmp_path):
    """`make run`'s processes (Procfile.dev under honcho): a worker killed
    mid-run is started again, and the web server never stops."""
    var_dir, env = embedded_site
    port = free_port()
    log_path = tmp_path / "honcho.log"
    with open(log_path, "wb") as log:
        honcho = subprocess.Popen(
            [sys.executable, "-m", "honcho", "-f", "Procfile.dev", "start"],
            cwd=ROOT,
            env={**env, "NOC_HOST": "127.0.0.1", "NOC_PORT": str(port)},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}/healthz"

    def answers():
        try:
            return requests.get(url, timeout=5).status_code in (200, 503)
        except requests.ConnectionError:
            return False

    try:
        wait_for(answers, 60, "the web server")
        wait_for(lambda: " ready." in log_path.read_text(), 60, "the worker")
        wait_for(lambda: celery_main(honcho.pid, "beat"), 30, "beat")
        (worker,) = celery_main(honcho.pid, "worker")
        (beat,) = celery_main(honcho.pid, "beat")

        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: not alive(worker), 10, "the worker to die")
        wait_for(
            lambda: [pid for pid in celery_main(honcho.pid, "worker") if pid != worker],
            30,
            "a new worker",
        )
        assert answers()
        assert honcho.poll() is None, log_path.read_text()[-3000:]
        assert alive(beat)

        # The new worker takes work: a task queued now runs.
        queued = subprocess.run(
            [
                *(sys.executable, "manage.py", "shell", "--verbosity=0", "-c"),
                "from cms.tasks import record_heartbeat; "
                "record_heartbeat.delay('after-the-worker-died')",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert queued.returncode == 0, queued.stderr
        wait_for(
            lambda: heartbeat_names(var_dir, "after-the-worker-died"),
            60,
            "the task queued after the worker died",
        )
        assert answers()
    finally:
        stop(honcho)
    assert "was killed by SIGKILL" in log_path.read_text()
