"""The spec fuzzer against a live server, as every role and anonymously (see harness.py)."""

from __future__ import annotations

import logging

import pytest

from tests.fuzz import harness
from tests.support.authz_world import ROLES, build_world
from tests.support.live import serve

pytestmark = [pytest.mark.slow, pytest.mark.fuzz]


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_response_is_documented(app, api, role, tmp_path):
    accounts, own, _foreign = build_world(app, api)
    token = accounts[role].access if role in accounts else None
    ids = {**own.get(role, own["worker"]), "number": 1}
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with serve(app) as base:
        out = harness.run(base, token, ids, tmp_path)
    (tmp_path / "schemathesis.out").write_text(out.stdout + out.stderr)
    assert out.returncode == 0, f"full output in {tmp_path / 'schemathesis.out'}\n" + out.stdout[-12000:] + out.stderr[-2000:]
