"""`make test` runs the suite in several processes (pytest-xdist): each has
services of its own (tests/worker_services.py), and each runs its tests in
the order pytest-django gives (tests/xdist_scheduling.py)."""

import json
import os
import subprocess
import sys
import textwrap

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


def services(tmp_path, worker, **service_env):
    """Cache, broker, results and media folder of a test process of
    ``worker``, then of a process it starts (with its environment)."""
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
        [sys.executable, script, "and-a-child"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return [line.split() for line in result.stdout.splitlines()]


def test_each_worker_has_its_own_redis_databases_and_media_folder(tmp_path):
    first, second, third = (
        services(tmp_path, worker, **BASE) for worker in ("gw0", "gw1", "gw2")
    )
    assert (
        first
        == [[*(f"redis://127.0.0.1:6400/{n}" for n in (1, 2, 3)), "/srv/media/gw0"]] * 2
    )
    assert (
        second
        == [[*(f"redis://127.0.0.1:6400/{n}" for n in (4, 5, 6)), "/srv/media/gw1"]] * 2
    )
    assert (
        third
        == [[*(f"redis://127.0.0.1:6400/{n}" for n in (7, 8, 9)), "/srv/media/gw2"]] * 2
    )


def test_the_defaults_move_too_and_nothing_moves_outside_xdist(tmp_path):
    defaults = [
        "redis://127.0.0.1:6379/1",
        "redis://127.0.0.1:6379/2",
        "redis://127.0.0.1:6379/3",
        "/tmp/networks-of-care-test-media",
    ]
    assert services(tmp_path, None) == [defaults] * 2
    assert services(tmp_path, None, **BASE) == [list(BASE.values())] * 2
    assert (
        services(tmp_path, "gw1")
        == [
            [
                "redis://127.0.0.1:6379/4",
                "redis://127.0.0.1:6379/5",
                "redis://127.0.0.1:6379/6",
                "/tmp/networks-of-care-test-media/gw1",
            ]
        ]
        * 2
    )


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
# A suite of files whose tests fall in the three phases of pytest-django
# (database, transactional, none: sorted by a marker here, as pytest-django
# sorts them), each test noting where and after what it ran.
INNER_CONFTEST = textwrap.dedent(
    """
    import json, os
    import pytest
    from tests.xdist_scheduling import FileAndPhaseScheduling

    def pytest_configure(config):
        config.addinivalue_line("markers", "phase(n): pytest-django's phase")

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_make_scheduler(config, log):
        return FileAndPhaseScheduling(config, log)

    def pytest_collection_modifyitems(items):
        items.sort(key=lambda item: item.get_closest_marker("phase").args[0])

    def note(**what):
        with open(os.environ["RAN"], "a") as ran:
            ran.write(json.dumps(what) + "\\n")

    @pytest.fixture(scope="module")
    def once_per_module(request):
        note(setup=request.module.__name__, worker=os.environ["PYTEST_XDIST_WORKER"])

    @pytest.fixture(autouse=True)
    def _note(request, once_per_module):
        phase = request.node.get_closest_marker("phase").args[0]
        note(test=request.node.nodeid, module=request.module.__name__,
             phase=phase, worker=os.environ["PYTEST_XDIST_WORKER"])
    """
)
INNER_TESTS = textwrap.dedent(
    """
    import time
    import pytest

    @pytest.mark.parametrize("n", range({count}))
    @pytest.mark.phase({phase})
    def test_phase_{phase}(n):
        time.sleep(0.01 * n)
    """
)


def test_no_worker_runs_a_test_of_an_earlier_phase_after_a_later_one(
    pytester, monkeypatch
):
    for number in range(8):
        pytester.makepyfile(
            **{
                f"test_file_{number}": "\n".join(
                    INNER_TESTS.format(phase=phase, count=1 + (number * phase) % 4)
                    for phase in (2, 0, 1)  # written out of order on purpose
                    if (number + phase) % 3  # not every file has every phase
                )
            }
        )
    pytester.makeconftest(INNER_CONFTEST)
    ran = pytester.path / "ran.jsonl"
    monkeypatch.setenv("RAN", str(ran))
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    result = pytester.runpytest_subprocess(
        "-n", "2", "--dist", "loadfile", "-p", "no:django", "-p", "no:cacheprovider"
    )
    assert result.ret == 0, result.stdout.str()[-3000:]
    notes = [json.loads(line) for line in ran.read_text().splitlines()]
    tests = [note for note in notes if "test" in note]
    assert len({note["test"] for note in tests}) == len(tests) > 20  # each once
    assert {note["worker"] for note in tests} == {"gw0", "gw1"}
    for worker in ("gw0", "gw1"):
        phases = [note["phase"] for note in tests if note["worker"] == worker]
        assert phases == sorted(phases), worker
    # One worker runs all of a file's tests of one phase, and sets up its
    # module fixture once for them (or once for two phases in a row).
    workers = {}
    for note in tests:
        workers.setdefault((note["module"], note["phase"]), set()).add(note["worker"])
    assert all(len(ran_on) == 1 for ran_on in workers.values()), workers
    setups = [note for note in notes if "setup" in note]
    assert len({note["setup"] for note in setups}) <= len(setups) <= len(workers)
