"""Production installs what the site needs, and nothing for the tests.

Production installs requirements.lock alone (docs/deployment.md); `make test`
installs requirements-dev.lock. A library the site imports but that is
declared for the tests only (icalendar was) works in every test run and fails
in production; a lock frozen from the test extras (it was) ships pytest and
Playwright to production. Both locks come from pyproject.toml (`make lock`).
"""

import ast
import os
import subprocess
import sys
import textwrap
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.media import empty_media_roots

ROOT = Path(__file__).resolve().parents[2]
APPS = ("cms", "events", "advocacy", "campaigns", "directory")
# What only the tests use: none of it may reach production.
TEST_TOOLS = (
    "pytest",
    "pytest_django",
    "playwright",
    "factory",
    "hypothesis",
    "pypdf",
    "jsonschema",
)
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "a-long-random-production-key-" + "k" * 40,
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "DEFAULT_FROM_EMAIL": "Networks of Care <noreply@example.org>",
}


def pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def locked(name):
    """{distribution: version} of a lock file."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            requirement = Requirement(line)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", line
            pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


def closure(requirements):
    """Every distribution the requirements bring in, through the installed
    distributions' own metadata (markers and extras applied)."""
    found, todo = set(), [Requirement(text) for text in requirements]
    seen = set()
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        found.add(name)
        for text in metadata.distribution(requirement.name).requires or []:
            child = Requirement(text)
            if child.marker is None or any(
                child.marker.evaluate({"extra": extra})
                for extra in {"", *requirement.extras}
            ):
                todo.append(child)
    return found


def third_party_imports():
    """{top-level module: [files]} imported by the site's own code."""
    first_party = set(APPS) | {"tests", "bench"}
    imports = {}
    files = [ROOT / "manage.py"]
    for app in APPS:
        files += (ROOT / app).rglob("*.py")
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top not in sys.stdlib_module_names and top not in first_party:
                    imports.setdefault(top, []).append(str(path.relative_to(ROOT)))
    return imports


def test_every_library_the_site_imports_is_a_runtime_dependency():
    runtime = closure(pyproject()["dependencies"])
    providers = metadata.packages_distributions()
    run_lock = locked("requirements.lock")
    missing = {}
    for module, files in sorted(third_party_imports().items()):
        names = {canonicalize_name(d) for d in providers.get(module, [])}
        if not names & runtime or not names & set(run_lock):
            missing[module] = sorted(set(files))[:3]
    assert missing == {}, (
        "imported by the site but not installed in production "
        "(add to [project] dependencies, then `make lock`)"
    )


def test_the_locks_hold_exactly_what_pyproject_declares():
    project = pyproject()
    run_lock, dev_lock = locked("requirements.lock"), locked("requirements-dev.lock")
    assert set(run_lock) == closure(project["dependencies"]), "run `make lock`"
    assert set(dev_lock) == closure(
        project["dependencies"] + project["optional-dependencies"]["dev"]
    ), "run `make lock`"
    # The development lock is the runtime lock plus the tools, same versions.
    assert {name: dev_lock[name] for name in run_lock} == run_lock
    assert not {
        canonicalize_name(tool) for tool in ("pytest", "playwright", "ruff")
    } & set(run_lock)


IMPORT_EVERYTHING = textwrap.dedent(
    """
    import importlib, importlib.util, pkgutil
    import django
    django.setup()
    modules = 0
    for app in {apps!r}:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, app + "."):
            importlib.import_module(info.name)
            modules += 1
    print("imported", modules, "modules")
    print("importable test tools:", [
        name for name in {tools!r} if importlib.util.find_spec(name) is not None
    ])
    """
).format(apps=APPS, tools=TEST_TOOLS)


@pytest.fixture(scope="module")
def runtime_venv(tmp_path_factory):
    """A virtualenv with requirements.lock and nothing else: --no-deps, so a
    distribution missing from the lock is missing here too. pip is the one
    of this run's virtualenv (--python), with its cache."""
    venv = tmp_path_factory.mktemp("runtime") / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", venv], check=True, timeout=120
    )
    install = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "--python", venv / "bin" / "python"),
            *("install", "--quiet", "--disable-pip-version-check"),
            *("--no-deps", "--no-compile", "-r", ROOT / "requirements.lock"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    return venv / "bin" / "python"


def run_in(python, *args):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "EMAIL_", "PYTHON", "VIRTUAL_ENV"))
        and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(PRODUCTION_ENV)
    env.update(empty_media_roots())
    return subprocess.run(
        [python, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_runtime_lock_alone_imports_every_module_of_every_app(runtime_venv):
    result = run_in(runtime_venv, "-c", IMPORT_EVERYTHING)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("imported ") and int(lines[0].split()[1]) > 100
    assert lines[1] == "importable test tools: []"


def test_the_runtime_lock_alone_passes_the_deploy_check(runtime_venv):
    result = run_in(
        runtime_venv, "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "no issues" in result.stdout
