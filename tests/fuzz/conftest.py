import os

import pytest

from tests.support import db as dbsupport


@pytest.fixture(params=dbsupport.backends() if os.environ.get("NOMUSA_FUZZ_ALL_BACKENDS") else ["sqlite"])
def backend(request) -> str:
    """The fuzzer drives the HTTP layer, the same on both backends: SQLite unless asked for both
    (``make fuzz`` asks)."""
    return request.param
