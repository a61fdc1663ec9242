"""The end-to-end tests' stack: bin/prod-like, started once per module."""

import pytest

from tests.prod_like import ProdLike


@pytest.fixture(scope="module")
def stack():
    """deploy/'s stack on free ports, with a database (``…_e2e``) and Redis
    numbers (10, 11) of its own; 3 gunicorn workers start faster than the
    production default on 2 cores."""
    with ProdLike("e2e", redis_numbers=(10, 11), web_workers=3) as running:
        yield running
