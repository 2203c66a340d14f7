"""Security headers on every kind of answer, no secret in the logs, webhook SSRF refused."""

from __future__ import annotations

import io
import logging
import socket
from datetime import UTC, datetime

import pytest

from app.http import JSONLogFormatter


def test_security_headers_on_successes_and_errors(api, client):
    worker = api.account("worker")
    answers = [
        client.get("/healthz"), client.get("/api/v1/openapi.json"), client.get("/api/v1/nope"),
        client.delete("/api/v1/auth/login"), client.get("/api/v1/me"), client.post("/api/v1/auth/login", json={}),
        client.post("/api/v1/auth/login", data="x", content_type="text/plain"),
        client.post("/api/v1/auth/login", data=b"{" * (2 * 1024 * 1024), content_type="application/json"),
        client.get("/api/v1/me", headers=worker.headers), client.get("/api/v1/workplaces", headers=worker.headers),
    ]
    assert {r.status_code for r in answers} >= {200, 400, 401, 403, 404, 405, 413, 415}
    for resp in answers:
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["X-Frame-Options"] == "DENY"
        assert resp.headers["Referrer-Policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
        assert resp.headers["X-Request-ID"]
    for resp in answers[-2:]:
        assert resp.headers["Cache-Control"] == "no-store"  # answers to a bearer are never cached


@pytest.fixture
def log_lines():
    """Every JSON log line the service writes (nomusa and the libraries under the root logger)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONLogFormatter())
    loggers = [logging.getLogger("nomusa"), logging.getLogger()]
    for lg in loggers:
        lg.addHandler(handler)
    yield stream
    for lg in loggers:
        lg.removeHandler(handler)


def test_no_secret_in_the_logs(app, api, client, log_lines):
    password, secret = "correct horse battery", "whsec-" + "k" * 40  # noqa: S105
    worker = api.account("worker")
    refreshed = client.post("/api/v1/auth/refresh", headers={"Authorization": "Bearer " + worker.refresh}).get_json()
    client.post("/api/v1/auth/login", json={"email": worker.email, "password": "wrong " + password})
    client.post("/api/v1/auth/register", json={"role": "worker", "email": "bad", "password": password, "name": ""})
    center = api.account("center")
    app.config["WEBHOOK_ALLOW_LOOPBACK"] = True
    hook = client.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "secret": secret},
                       headers=center.headers)
    assert hook.status_code == 201
    client.post("/api/v1/auth/logout", headers={"Authorization": "Bearer " + refreshed["access_token"]})
    logs = log_lines.getvalue()
    assert '"path": "/api/v1/auth/login"' in logs and '"path": "/api/v1/webhooks"' in logs  # the capture works
    for value in (password, secret, worker.access, worker.refresh, refreshed["access_token"],
                  refreshed["refresh_token"], center.access):
        assert value not in logs
        for part in value.split(".")[1:]:  # no JWT payload or signature either
            assert len(part) < 16 or part not in logs


@pytest.fixture
def resolver(monkeypatch):
    """DNS answers chosen by the test (the webhook code resolves with socket.getaddrinfo)."""
    answers = {}
    real = socket.getaddrinfo

    def fake(host, port, *args, **kwargs):
        if host in answers:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                    for a in answers[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return answers


@pytest.mark.parametrize("addresses", [["10.0.0.5"], ["127.0.0.1"], ["169.254.169.254"], ["::1"],
                                       ["::ffff:127.0.0.1"], ["fd00::1"], ["100.64.0.1"],
                                       ["93.184.215.14", "192.168.1.1"]])
def test_names_resolving_to_private_addresses_are_refused(api, client, resolver, addresses):
    resolver["hooks.example.org"] = addresses
    center = api.account("center")
    resp = client.post("/api/v1/webhooks", json={"url": "https://hooks.example.org/x"}, headers=center.headers)
    assert resp.status_code == 400 and "url" in resp.get_json()["errors"]


@pytest.mark.parametrize("url", ["http://2130706433/", "http://0x7f.1/", "http://127.1/", "http://[::ffff:7f00:1]/",
                                 "http://user:pw@example.org/", "file:///etc/passwd", "gopher://example.org/"])
def test_address_spellings_and_schemes_are_refused(api, client, url):
    center = api.account("center")
    resp = client.post("/api/v1/webhooks", json={"url": url}, headers=center.headers)
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json"


def test_a_name_that_turns_private_after_registration_is_not_called(app, api, client, resolver):
    from app.services import webhooks

    resolver["hooks.example.org"] = ["93.184.215.14"]
    center = api.account("center")
    assert client.post("/api/v1/webhooks", json={"url": "https://hooks.example.org/x"},
                       headers=center.headers).status_code == 201
    resolver["hooks.example.org"] = ["10.0.0.7"]  # DNS rebinding
    with app.app_context():
        status, error = webhooks.send("https://hooks.example.org/x", "s" * 32, 1, b"{}", datetime.now(UTC))
    assert status is None and "non-public" in error
