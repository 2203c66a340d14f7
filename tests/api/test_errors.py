"""Every error is problem+json; nothing hostile produces a 500."""

import pytest


def _is_problem(resp, status):
    assert resp.status_code == status, resp.data[:300]
    assert resp.mimetype == "application/problem+json"
    body = resp.get_json()
    assert body["status"] == status and body["type"].startswith("https://nomusa.kr/problems/")
    return body


def test_unknown_route_and_wrong_method(client):
    _is_problem(client.get("/api/v1/nope"), 404)
    resp = client.delete("/api/v1/auth/login")
    _is_problem(resp, 405)
    assert "POST" in resp.headers["Allow"]


def test_malformed_json(client):
    body = _is_problem(
        client.post("/api/v1/auth/register", data="{not json", content_type="application/json"), 400
    )
    assert body["type"].endswith("/invalid-json")


def test_wrong_content_type(client):
    _is_problem(client.post("/api/v1/auth/register", data="role=worker", content_type="text/plain"), 415)


def test_wrong_types_name_each_field(client):
    resp = client.post("/api/v1/auth/register", json={"role": 5, "email": [], "password": 1, "name": None})
    errors = _is_problem(resp, 400)["errors"]
    assert {"role", "email", "password", "name"} <= set(errors)


def test_json_that_is_not_an_object(client):
    _is_problem(client.post("/api/v1/auth/login", json=[1, 2, 3]), 400)


def test_oversized_body(client):
    big = '{"name": "' + "x" * (2 * 1024 * 1024) + '"}'
    _is_problem(client.post("/api/v1/auth/register", data=big, content_type="application/json"), 413)


def test_deeply_nested_json(client):
    deep = "[" * 100_000 + "]" * 100_000
    _is_problem(client.post("/api/v1/auth/login", data=deep, content_type="application/json"), 400)


@pytest.mark.parametrize("lang, title", [("en", "The request has invalid fields."), ("ko", "입력값이 올바르지 않습니다.")])
def test_messages_follow_accept_language(client, lang, title):
    resp = client.post("/api/v1/auth/login", json={}, headers={"Accept-Language": lang})
    body = _is_problem(resp, 400)
    assert body["title"] == title
    if lang == "ko":
        assert body["errors"]["password"] == ["필수 항목입니다."]


def test_request_id_and_security_headers(client):
    resp = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert resp.headers["X-Request-ID"] == "abc-123"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    generated = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert generated.headers["X-Request-ID"] != "bad id with spaces" and len(generated.headers["X-Request-ID"]) == 32


def test_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/auth/register" in spec["paths"] and "/api/v1/workplaces/{workplace_id}" in spec["paths"]
    assert client.get("/api/v1/docs").status_code == 200
