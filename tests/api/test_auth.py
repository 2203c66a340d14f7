"""Registration, login, rotation, revocation and the login rate limit."""

from __future__ import annotations

from app.models.accounts import Role


def test_worker_registers_logs_in_and_sees_itself(api, client):
    user_id, email = api.register("worker", phone="010-1234-5678")
    resp = api.login(email)
    assert resp.status_code == 200
    tokens = resp.get_json()
    me = client.get("/api/v1/me", headers={"Authorization": "Bearer " + tokens["access_token"]})
    assert me.status_code == 200
    body = me.get_json()
    assert body["id"] == user_id and body["role"] == "worker"
    assert body["phone"] == "01012345678" and body["birth_date"] == "1999-04-01"
    assert "password" not in body and "password_hash" not in body


def test_login_by_phone_in_any_format(api):
    _, _ = api.register("employer", email="boss@example.kr", phone="+82 10 2222 3333")
    resp = api.client.post("/api/v1/auth/login", json={"phone": "010-2222-3333", "password": "correct horse battery"})
    assert resp.status_code == 200


def test_worker_needs_birth_date(client):
    body = {"role": "worker", "email": "w@example.kr", "password": "long enough pw", "name": "W"}
    resp = client.post("/api/v1/auth/register", json=body)
    assert resp.status_code == 400
    assert resp.mimetype == "application/problem+json"
    assert "birth_date" in resp.get_json()["errors"]


def test_employer_registers_without_birth_date(client):
    body = {"role": "employer", "email": "e@example.kr", "password": "long enough pw", "name": "E"}
    assert client.post("/api/v1/auth/register", json=body).status_code == 201


def test_privileged_roles_cannot_self_register(client):
    for role in ("center", "insurer", "admin"):
        body = {"role": role, "email": f"{role}@x.kr", "password": "long enough pw", "name": "X"}
        resp = client.post("/api/v1/auth/register", json=body)
        assert resp.status_code == 400, role
        assert "role" in resp.get_json()["errors"]


def test_operator_command_creates_each_privileged_role(app):
    runner = app.test_cli_runner()
    for role in (Role.CENTER, Role.INSURER, Role.ADMIN):
        result = runner.invoke(
            args=["users", "create", "--role", role.value, "--name", "Kim", "--email", f"{role}@seoul.go.kr",
                  "--password", "operator pw 1"],
        )
        assert result.exit_code == 0, result.output
    client = app.test_client()
    resp = client.post("/api/v1/auth/login", json={"email": "center@seoul.go.kr", "password": "operator pw 1"})
    me = client.get("/api/v1/me", headers={"Authorization": "Bearer " + resp.get_json()["access_token"]})
    assert me.get_json()["role"] == "center"


def test_duplicate_email_is_a_conflict(api, client):
    api.register("worker", email="same@example.kr")
    body = {"role": "employer", "email": "SAME@example.kr", "password": "long enough pw", "name": "E"}
    resp = client.post("/api/v1/auth/register", json=body)
    assert resp.status_code == 409


def test_wrong_password_is_401_problem(api):
    _, email = api.register("worker")
    resp = api.login(email, "not the password")
    assert resp.status_code == 401
    assert resp.get_json()["type"].endswith("/invalid-credentials")


def test_refresh_rotates_and_spent_token_revokes_session(api, client):
    acct = api.account("worker")
    first = client.post("/api/v1/auth/refresh", headers={"Authorization": "Bearer " + acct.refresh})
    assert first.status_code == 200
    new = first.get_json()
    assert new["refresh_token"] != acct.refresh
    reuse = client.post("/api/v1/auth/refresh", headers={"Authorization": "Bearer " + acct.refresh})
    assert reuse.status_code == 401
    # reuse of a spent token is theft: the whole session ends, including the new tokens
    again = client.post("/api/v1/auth/refresh", headers={"Authorization": "Bearer " + new["refresh_token"]})
    assert again.status_code == 401
    me = client.get("/api/v1/me", headers={"Authorization": "Bearer " + new["access_token"]})
    assert me.status_code == 401


def test_access_token_is_not_a_refresh_token(api, client):
    acct = api.account("worker")
    resp = client.post("/api/v1/auth/refresh", headers=acct.headers)
    assert resp.status_code == 401 and resp.mimetype == "application/problem+json"


def test_logout_revocation_holds_after_restart(api, app):
    acct = api.account("employer")
    assert app.test_client().post("/api/v1/auth/logout", headers={"Authorization": "Bearer " + acct.refresh}).status_code == 204
    from app import create_app
    from app.extensions import db

    second = create_app(app.config["SETTINGS"])
    restarted = second.test_client()
    refused = restarted.post("/api/v1/auth/refresh", headers={"Authorization": "Bearer " + acct.refresh})
    assert refused.status_code == 401
    assert refused.get_json()["type"].endswith("/token-revoked")
    assert restarted.get("/api/v1/me", headers=acct.headers).status_code == 401
    with second.app_context():
        db.engine.dispose()


def test_login_is_rate_limited_per_account(api, app):
    _, email = api.register("worker")
    limit = app.config["SETTINGS"].login_failures_per_account
    for _ in range(limit):
        assert api.login(email, "wrong password").status_code == 401
    locked = api.login(email)  # even the right password waits out the lock
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert locked.mimetype == "application/problem+json"


def test_login_is_rate_limited_per_address(api, app):
    limit = app.config["SETTINGS"].login_attempts_per_address
    for i in range(limit):
        api.login(f"nobody{i}@example.kr", "whatever pw")
    resp = api.login("someone-else@example.kr", "whatever pw")
    assert resp.status_code == 429 and "Retry-After" in resp.headers


def test_tampered_and_unsigned_tokens_are_refused(api, client):
    import base64
    import json

    acct = api.account("worker")
    head, payload, sig = acct.access.split(".")
    bad_sig = client.get("/api/v1/me", headers={"Authorization": f"Bearer {head}.{payload}.{sig[::-1]}"})
    assert bad_sig.status_code == 401
    none_head = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=").decode()
    unsigned = client.get("/api/v1/me", headers={"Authorization": f"Bearer {none_head}.{payload}."})
    assert unsigned.status_code == 401
    assert client.get("/api/v1/me").status_code == 401
