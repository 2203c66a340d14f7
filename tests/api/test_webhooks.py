"""Webhooks against a real receiver on 127.0.0.1 that fails twice then succeeds: the signature
verifies, retries back off (time driven with time-machine), order holds per alert and a failing
alert never blocks another; insurer endpoints get insurance kinds only; SSRF targets refused."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import time_machine

from tests.api.alerts_world import raise_alert

T0 = datetime(2026, 11, 21, 1, 0, tzinfo=UTC)


class Receiver:
    """Records every request; answers 500 to the first ``fail`` requests for event ids in ``flaky``."""

    def __init__(self, flaky=(), fail=2):
        self.requests, self.flaky, self.fail = [], set(flaky), fail
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                event = json.loads(body)
                failing = event["alert"]["id"] in receiver.flaky and receiver.fail > 0
                receiver.fail -= failing
                receiver.requests.append((dict(self.headers), body, event, 500 if failing else 200))
                self.send_response(500 if failing else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(5)
        self.server.server_close()


def _deliver(app, at):
    from app import clock
    from app.services import webhooks

    with time_machine.travel(at, tick=False), app.app_context():
        return webhooks.deliver(clock.now)


def _register(api, who, url, **extra):
    return api.client.post("/api/v1/webhooks", json={"url": url, **extra}, headers=who.headers)


def test_signed_retried_with_backoff_in_order_per_alert(app, api):
    from app.services.webhooks import verify_signature

    app.config["WEBHOOK_ALLOW_LOOPBACK"] = True
    center = api.account("center")
    a = raise_alert(app, "wage_arrears", "wage_arrears:a", facts={"owed": 100})
    with Receiver(flaky={a}) as rx:
        created = _register(api, center, rx.url)
        assert created.status_code == 201, created.get_json()
        secret, endpoint_id = created.get_json()["secret"], created.get_json()["id"]
        assert "secret" not in api.client.get("/api/v1/webhooks", headers=center.headers).get_json()[0]
        raise_alert(app, "wage_arrears", "wage_arrears:a", facts={"owed": 50})  # a second change of A
        b = raise_alert(app, "missing_contract", "missing_contract:b")

        assert _deliver(app, T0)["delivered"] == 1  # B; A's first change failed, its second waits
        assert [(e["alert"]["id"], code) for _, _, e, code in rx.requests] == [(a, 500), (b, 200)]
        assert _deliver(app, T0 + timedelta(seconds=1))["retry"] == 0  # backing off (2 s)
        assert _deliver(app, T0 + timedelta(seconds=2))["retry"] == 1  # second failure → 4 s
        assert _deliver(app, T0 + timedelta(seconds=5))["delivered"] == 0
        assert _deliver(app, T0 + timedelta(seconds=6))["delivered"] == 2  # A1 then A2
        assert _deliver(app, T0 + timedelta(minutes=5)) == {"fanned_out": 0, "delivered": 0, "retry": 0, "failed": 0}

    seen = [(e["alert"]["id"], e["seq"], code) for _, _, e, code in rx.requests]
    a_seqs = [s for aid, s, code in seen if aid == a]
    assert [c for aid, _, c in seen if aid == a] == [500, 500, 200, 200]
    assert a_seqs[:3] == [a_seqs[0]] * 3 and a_seqs[3] > a_seqs[0]
    for headers, body, event, _ in rx.requests:
        t = int(headers["Nomusa-Signature"].split(",")[0][2:])
        assert verify_signature(secret, headers["Nomusa-Signature"], body, t)
        assert not verify_signature(secret, headers["Nomusa-Signature"], body + b" ", t)
        assert not verify_signature(secret, headers["Nomusa-Signature"], body, t + 301)  # a replay
        assert headers["Nomusa-Event-Id"] == str(event["seq"]) and event["type"].startswith("alert.")
    assert [int(h["Nomusa-Signature"].split(",")[0][2:]) - int(T0.timestamp()) for h, *_ in rx.requests] == \
        [0, 0, 2, 6, 6]

    rows = api.client.get(f"/api/v1/webhooks/{endpoint_id}/deliveries", headers=center.headers).get_json()
    assert [(r["status"], r["attempts"], r["last_status"]) for r in rows] == \
        [("delivered", 1, 200), ("delivered", 1, 200), ("delivered", 3, 200)]


def test_insurer_endpoints_get_insurance_kinds_only_and_delete_stops(app, api):
    app.config["WEBHOOK_ALLOW_LOOPBACK"] = True
    insurer, center = api.account("insurer"), api.account("center")
    with Receiver() as rx, Receiver() as rx_center:
        hook = _register(api, insurer, rx.url, secret="s" * 32).get_json()
        assert hook["secret"] == "s" * 32
        _register(api, center, rx_center.url)
        raise_alert(app, "wage_arrears", "wage_arrears:x")
        ins = raise_alert(app, "missing_insurance", "missing_insurance:c:employment")
        _deliver(app, T0)
        assert [e["alert"]["id"] for *_, e, _c in rx.requests] == [ins]
        assert len(rx_center.requests) == 2
        other = api.account("insurer")
        assert api.client.delete(f"/api/v1/webhooks/{hook['id']}", headers=other.headers).status_code == 404
        assert api.client.delete(f"/api/v1/webhooks/{hook['id']}", headers=insurer.headers).status_code == 204
        raise_alert(app, "missing_insurance", "missing_insurance:c:health")
        _deliver(app, T0 + timedelta(seconds=1))
        assert len(rx.requests) == 1 and len(rx_center.requests) == 3
        assert api.client.get("/api/v1/webhooks", headers=insurer.headers).get_json() == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://localhost/x", "http://10.1.2.3/x",
                                 "http://169.254.169.254/latest/meta-data", "http://[::1]/x",
                                 "http://192.168.0.10/x", "ftp://example.com/x", "http://0.0.0.0/"])
def test_private_addresses_refused(app, api, url):
    center = api.account("center")
    resp = _register(api, center, url)
    assert resp.status_code in (400, 422) and "url" in resp.get_json()["errors"]


def test_loopback_allowed_only_by_the_test_setting(app, api):
    center = api.account("center")
    assert _register(api, center, "http://127.0.0.1:9/x").status_code == 400
    app.config["WEBHOOK_ALLOW_LOOPBACK"] = True
    assert _register(api, center, "http://127.0.0.1:9/x").status_code == 201
    assert _register(api, center, "http://10.0.0.1/x").status_code == 400
