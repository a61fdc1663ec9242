"""The end-to-end tests' stack: bin/prod-like, started once per module."""

import os

import pytest

from tests.prod_like import ProdLike


@pytest.fixture(scope="module")
def stack():
    """deploy/'s stack on free ports, with a database (``…_e2e``) and Redis
    numbers (10, 11) of its own; 3 gunicorn workers start faster than the
    production default on 2 cores. Under pytest-xdist each worker process
    has its own (``…_e2e_gw1`` and 12, 13 for the second, and so on)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    index = int(worker[2:] or 0) if worker.startswith("gw") else 0
    name = f"e2e_{worker}" if worker else "e2e"
    numbers = (10 + 2 * index, 11 + 2 * index)
    with ProdLike(name, redis_numbers=numbers, web_workers=3) as running:
        yield running
