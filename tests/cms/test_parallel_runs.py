"""`make test` runs the suite in several processes (pytest-xdist): each has
services of its own (tests/worker_services.py), and each runs its tests in
the order pytest-django gives (tests/xdist_scheduling.py)."""

import os
import subprocess
import sys
import textwrap
from types import SimpleNamespace

from tests.conftest import ROOT
from tests.worker_services import MARKER

SERVICES = textwrap.dedent(
    """
    import subprocess, sys
    from django.conf import settings
    from cms.celery import app
    print(settings.CACHES["default"]["LOCATION"], app.conf.broker_url,
          app.conf.result_backend, settings.MEDIA_ROOT, flush=True)
    if sys.argv[1:] == ["and-a-child"]:  # as a test starts a worker process
        subprocess.run([sys.executable, __file__], check=True)
    """
)
BASE = {
    "REDIS_URL": "redis://127.0.0.1:6400/1",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6400/2",
    "CELERY_RESULT_BACKEND": "redis://127.0.0.1:6400/3",
    "MEDIA_ROOT": "/srv/media",
}


def services(tmp_path, worker, *, and_a_child=False, **service_env):
    """Cache, broker, results and media folder of a test process of
    ``worker`` (and then of a process it starts, with its environment)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in (MARKER, "PYTEST_XDIST_WORKER", "VAR_DIR", *BASE)
    }
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.test", PYTHONPATH=str(ROOT))
    env.update(service_env)
    if worker:
        env["PYTEST_XDIST_WORKER"] = worker
    script = tmp_path / "services.py"
    script.write_text(SERVICES)
    result = subprocess.run(
        [sys.executable, script, *(["and-a-child"] if and_a_child else [])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [line.split() for line in result.stdout.splitlines()]


def test_each_worker_has_its_own_redis_databases_and_media_folder(tmp_path):
    assert services(tmp_path, "gw0", **BASE) == [
        [*(f"redis://127.0.0.1:6400/{n}" for n in (1, 2, 3)), "/srv/media/gw0"]
    ]
    # A worker process that a test of gw2 starts uses gw2's, too.
    assert (
        services(tmp_path, "gw2", and_a_child=True, **BASE)
        == [[*(f"redis://127.0.0.1:6400/{n}" for n in (7, 8, 9)), "/srv/media/gw2"]] * 2
    )


def test_the_defaults_move_too_and_nothing_moves_outside_xdist(tmp_path):
    assert services(tmp_path, None, **BASE) == [list(BASE.values())]
    assert services(tmp_path, "gw1") == [
        [
            "redis://127.0.0.1:6379/4",
            "redis://127.0.0.1:6379/5",
            "redis://127.0.0.1:6379/6",
            "/tmp/networks-of-care-test-media/gw1",
        ]
    ]


def test_too_many_workers_for_redis_are_refused_with_a_reason(tmp_path):
    script = tmp_path / "settings.py"
    script.write_text("from django.conf import settings\nsettings.CACHES\n")
    env = {key: value for key, value in os.environ.items() if key != MARKER}
    env.update(BASE, DJANGO_SETTINGS_MODULE="cms.settings.test")
    env.update(PYTEST_XDIST_WORKER="gw5", PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert (
        "gw5 would use Redis database 16 (redis://127.0.0.1:6400/1), and Redis "
        "has 16: run fewer workers (pytest -n)."
    ) in result.stderr


# --- the order of the tests on each worker ----------------------------------
class Worker:
    """Runs the tests it is sent, in the order sent, one per step."""

    def __init__(self, name, speed):
        self.gateway = SimpleNamespace(id=name)
        self.speed, self.queue, self.ran, self.shutting_down = speed, [], [], False

    def send_runtest_some(self, indices):
        self.queue += indices

    def shutdown(self):
        self.shutting_down = True


def run_in_parallel(collection, speeds):
    """What each worker runs, in order, when xdist hands ``collection`` out
    with FileAndPhaseScheduling to workers running ``speeds`` tests a step."""
    from tests.xdist_scheduling import FileAndPhaseScheduling

    config = SimpleNamespace(
        getvalue=lambda name: {"tx": ["popen"] * len(speeds)}.get(name),
        option=SimpleNamespace(loadscopereorder=True),  # xdist's default
    )
    scheduling = FileAndPhaseScheduling(config)
    workers = [Worker(f"gw{n}", speed) for n, speed in enumerate(speeds)]
    for worker in workers:
        scheduling.add_node(worker)
    for worker in workers:
        scheduling.add_node_collection(worker, collection)
    scheduling.schedule()
    while any(worker.queue for worker in workers):
        for worker in workers:
            for _ in range(worker.speed):
                if worker.queue:
                    index = worker.queue.pop(0)
                    worker.ran.append(collection[index])
                    scheduling.mark_test_complete(worker, index)
    assert scheduling.tests_finished
    return [worker.ran for worker in workers]


def test_no_worker_runs_a_test_of_an_earlier_phase_after_a_later_one():
    """pytest-django's phases (in a transaction, transactional, without a
    database), files with some or all of them, sorted as pytest-django
    sorts them; then handed out to a fast and a slow worker."""
    tests = [
        (phase, f"tests/test_{file}.py::test_in_phase_{phase}[{number}]")
        for file in range(10)
        for phase in (2, 0, 1)
        if (file + phase) % 3
        for number in range(1 + (file * (phase + 1)) % 4)
    ]
    collection = [nodeid for _phase, nodeid in sorted(tests, key=lambda t: t[0])]

    ran = run_in_parallel(collection, speeds=[3, 1])

    assert sorted(ran[0] + ran[1]) == sorted(collection)  # each test once
    assert ran[0] and ran[1]
    phase = lambda nodeid: int(nodeid.split("_phase_")[1][0])  # noqa: E731
    for tests_of_a_worker in ran:
        phases = [phase(nodeid) for nodeid in tests_of_a_worker]
        assert phases == sorted(phases)
    # A file's tests of one phase run on one worker (a module-scoped fixture
    # is set up once for them, as without xdist).
    for tests_of_a_worker, tests_of_the_other in (ran, ran[::-1]):
        units = {(nodeid.split("::")[0], phase(nodeid)) for nodeid in tests_of_a_worker}
        assert not units & {
            (nodeid.split("::")[0], phase(nodeid)) for nodeid in tests_of_the_other
        }
