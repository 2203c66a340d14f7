"""Hostile strings in every string field of registration, workplaces and contracts: stored
verbatim or refused with a 400 problem, never a 500. Oversized and deeply nested bodies too."""

from __future__ import annotations

import pytest

HOSTILE = {
    "sql": "' OR 1=1-- ; DROP TABLE users; --",
    "nul": "카페\x00노무사",
    "rtl": "\u202egnp.exe\u202c 사업장",
    "zero_width": "a\u200bb\ufeffc",
    "emoji": "☕️👩🏽‍🍳🇰🇷",
    "surrogate_like": "\\ud800 and \\u0000 as text",
    "long": "가" * 5000,
    "html": "<script>alert(1)</script>",
}


def _clean(resp, sent, stored=None):
    """A clean refusal, or the value stored as sent."""
    assert resp.status_code < 500, resp.data[:300]
    if resp.status_code >= 400:
        assert resp.status_code in (400, 409, 422) and resp.mimetype == "application/problem+json"
        assert sent not in resp.get_data(as_text=True) or len(sent) < 1000  # long inputs are not echoed
        return False
    if stored is not None:
        assert stored == sent
    return True


def _strings(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return {value} if isinstance(value, str) else set()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("field", ["name", "phone", "email"])
def test_registration(api, client, kind, field):
    value = HOSTILE[kind]
    body = {"role": "worker", "email": f"{kind}-{field}@example.kr", "password": "correct horse battery",
            "name": "근로자", "birth_date": "1999-04-01", field: value}
    resp = client.post("/api/v1/auth/register", json=body)
    if _clean(resp, value) and field != "phone":
        login = api.login(body["email"]).get_json()
        me = client.get("/api/v1/me", headers={"Authorization": "Bearer " + login["access_token"]}).get_json()
        assert me[field] == value


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("field", ["name", "business_number", "address", "district"])
def test_workplace(api, client, kind, field):
    employer = api.account("employer")
    value = HOSTILE[kind]
    body = {"name": "카페", "business_number": "220-81-62517", "address": "서울 마포구", "district": "마포구",
            "employee_count": 3, "employee_count_since": "2026-01-01", field: value}
    resp = client.post("/api/v1/workplaces", json=body, headers=employer.headers)
    if _clean(resp, value):
        wp = client.get(f"/api/v1/workplaces/{resp.get_json()['id']}", headers=employer.headers).get_json()
        assert wp[field] == value
    patch = client.patch(f"/api/v1/workplaces/{api.workplace(employer)['id']}", json={field: value},
                         headers=employer.headers)
    _clean(patch, value)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("field", ["job_description", "place_of_work", "pay_day", "annual_leave", "worker_email"])
def test_contract(api, client, kind, field):
    employer, worker = api.account("employer"), api.account("worker")
    wp = api.workplace(employer)
    value = HOSTILE[kind]
    terms = {"start_date": "2026-10-01", "job_description": "홀 서빙", "pay_day": "10",
             "schedule": [{"day": "MON", "start": "09:00", "end": "18:00", "break_minutes": 60}],
             "wage": {"type": "hourly", "amount": 10320}}
    invite = {"email": worker.email}
    if field == "worker_email":
        invite = {"email": value}
    else:
        terms[field] = value
    resp = client.post("/api/v1/contracts", json={"workplace_id": wp["id"], "worker": invite, "terms": terms},
                       headers=employer.headers)
    if _clean(resp, value) and field != "worker_email":
        contract = client.get(f"/api/v1/contracts/{resp.get_json()['id']}", headers=employer.headers).get_json()
        assert value in _strings(contract)


@pytest.mark.parametrize("path", ["/api/v1/alerts?kind=%00", "/api/v1/devices/push-token?device_key_id=a%00b",
                                  "/api/v1/contracts/%00", "/api/v1/webhooks/x%00y"])
def test_nul_in_query_and_path(api, client, path):
    who = api.account("center" if "alerts" in path or "webhooks" in path else "worker")
    method = "DELETE" if "push-token" in path else "GET"
    resp = client.open(path, method=method, headers=who.headers)
    assert resp.status_code in (400, 404) and resp.mimetype == "application/problem+json"


def test_password_is_never_echoed(client):
    password = "hunter2-사실은-비밀번호"  # noqa: S105
    resp = client.post("/api/v1/auth/register", json={"role": "worker", "email": "not an email",
                                                      "password": password, "name": ""})
    assert resp.status_code == 400 and password not in resp.get_data(as_text=True)
    short = client.post("/api/v1/auth/register", json={"role": "worker", "email": "a@example.kr",
                                                       "password": "short", "name": "x"})
    assert short.status_code == 400 and '"short"' not in short.get_data(as_text=True)
    login = client.post("/api/v1/auth/login", json={"email": "nobody@example.kr", "password": password})
    assert login.status_code == 401 and password not in login.get_data(as_text=True)


def test_oversized_body_on_an_authenticated_route(api, client):
    employer = api.account("employer")
    big = '{"name": "' + "가" * (1024 * 1024) + '"}'
    resp = client.post("/api/v1/workplaces", data=big.encode(), content_type="application/json",
                       headers=employer.headers)
    assert resp.status_code == 413 and resp.mimetype == "application/problem+json"


@pytest.mark.parametrize("shape", ["list", "dict"])
def test_deep_nesting_inside_a_field(api, client, shape):
    employer = api.account("employer")
    inner = "[" * 5000 + "]" * 5000 if shape == "list" else '{"a":' * 5000 + "1" + "}" * 5000
    body = '{"workplace_id": "x", "worker": {"email": "a@example.kr"}, "terms": ' + inner + "}"
    resp = client.post("/api/v1/contracts", data=body, content_type="application/json", headers=employer.headers)
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json"


@pytest.mark.parametrize("error", ["OperationalError", "InterfaceError", "DisconnectionError", "TimeoutError"])
def test_database_errors_that_mean_away_are_503_with_retry_after(app, client, monkeypatch, error):
    import sqlalchemy.exc as sa_exc

    from app.services import workplaces

    exc = getattr(sa_exc, error)
    raised = exc("SELECT 1", {}, ConnectionError("gone")) if issubclass(exc, sa_exc.DBAPIError) else exc("gone")

    def away(*_args, **_kwargs):
        raise raised

    from tests.support.factories import ApiDriver

    employer = ApiDriver(client).account("employer")
    monkeypatch.setattr(workplaces, "list_owned", away)
    resp = client.get("/api/v1/workplaces", headers=employer.headers)
    assert resp.status_code == 503 and resp.mimetype == "application/problem+json"
    assert int(resp.headers["Retry-After"]) >= 1
