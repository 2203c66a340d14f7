"""Bearer tokens that must not get in: forged, unsigned, expired, revoked, or of the wrong kind.
(Wrong roles and other users' ids on every route: tests/api/test_authz_matrix.py.)"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import time_machine


def _problem(resp, type_):
    assert resp.status_code == 401, resp.data
    assert resp.mimetype == "application/problem+json"
    assert resp.get_json()["type"].endswith("/" + type_)
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def _claims(token):
    return jwt.decode(token, options={"verify_signature": False})


def test_token_signed_with_another_key(api, client):
    acct = api.account("worker")
    forged = jwt.encode(_claims(acct.access), "another-secret-of-at-least-32-bytes!!", algorithm="HS256")
    _problem(client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"}), "invalid-token")


def test_unsigned_alg_none_token_with_an_admin_role_claim(api, client):
    acct = api.account("worker")
    claims = {**_claims(acct.access), "role": "admin"}
    head = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=").decode()
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    resp = client.get("/api/v1/admin/job-runs", headers={"Authorization": f"Bearer {head}.{body}."})
    _problem(resp, "invalid-token")


def test_expired_access_token(api, client):
    acct = api.account("worker")
    assert client.get("/api/v1/me", headers=acct.headers).status_code == 200
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16), tick=False):
        _problem(client.get("/api/v1/me", headers=acct.headers), "token-expired")


def test_tokens_of_a_logged_out_session(api, client):
    acct = api.account("employer")
    assert client.post("/api/v1/auth/logout", headers=acct.headers).status_code == 204
    _problem(client.get("/api/v1/workplaces", headers=acct.headers), "token-revoked")
    refresh = {"Authorization": "Bearer " + acct.refresh}
    _problem(client.post("/api/v1/auth/refresh", headers=refresh), "token-revoked")


def test_refresh_token_is_not_an_access_token_and_back(api, client):
    acct = api.account("worker")
    resp = client.get("/api/v1/me", headers={"Authorization": "Bearer " + acct.refresh})
    assert resp.status_code == 401 and resp.mimetype == "application/problem+json"
    resp = client.post("/api/v1/auth/refresh", headers=acct.headers)
    assert resp.status_code == 401 and resp.mimetype == "application/problem+json"


def test_worker_token_on_employer_routes(api, client):
    worker = api.account("worker")
    for method, path in (("GET", "/api/v1/workplaces"), ("POST", "/api/v1/contracts")):
        resp = client.open(path, method=method, json={} if method == "POST" else None, headers=worker.headers)
        assert resp.status_code == 403 and resp.mimetype == "application/problem+json"
