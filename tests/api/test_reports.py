"""A worker's own report: consent required, what is included becomes the alert's evidence, and
only then can a center inspector read that contract."""

from __future__ import annotations

import pytest

from tests.support.hours_factories import active_contract


def _setup(api, app):
    employer, worker = api.account("employer"), api.account("worker")
    wp = api.workplace(employer)
    return employer, worker, active_contract(app, employer.id, worker.id, wp["id"])


@pytest.mark.parametrize("consent", [False, None, "yes"])
def test_consent_required(app, api, consent):
    _, worker, contract_id = _setup(api, app)
    body = {"contract_id": contract_id, "statement": "임금을 못 받았습니다."}
    if consent is not None:
        body["consent"] = consent
    resp = api.client.post("/api/v1/reports", json=body, headers=worker.headers)
    assert resp.status_code in (400, 422) and "consent" in resp.get_json()["errors"]
    center = api.account("center")
    assert api.client.get("/api/v1/alerts", headers=center.headers).get_json()["items"] == []
    assert api.client.get(f"/api/v1/cases/contracts/{contract_id}", headers=center.headers).status_code == 404


def test_report_opens_an_alert_the_center_can_work(app, api):
    employer, worker, contract_id = _setup(api, app)
    center = api.account("center")
    assert api.client.get(f"/api/v1/cases/contracts/{contract_id}", headers=center.headers).status_code == 404
    resp = api.client.post("/api/v1/reports", json={
        "contract_id": contract_id, "consent": True, "statement": "10월 임금 일부 미지급",
        "include": ["contract", "payments"]}, headers=worker.headers)
    assert resp.status_code == 201, resp.get_json()
    report = resp.get_json()
    assert report["include"] == ["contract", "payments"] and report["alert_id"]
    alert = api.client.get(f"/api/v1/alerts/{report['alert_id']}", headers=center.headers).get_json()
    assert alert["kind"] == "worker_report" and alert["facts"]["statement"] == "10월 임금 일부 미지급"
    case = api.client.get(f"/api/v1/cases/contracts/{contract_id}", headers=center.headers).get_json()
    assert case["sections"] == ["contract", "payments"] and "versions" in case
    # the employer does not see the worker's report; the worker sees their own
    assert api.client.get(f"/api/v1/alerts/{report['alert_id']}", headers=employer.headers).status_code == 404
    assert api.client.get(f"/api/v1/alerts/{report['alert_id']}", headers=worker.headers).status_code == 200
    assert [r["id"] for r in api.client.get("/api/v1/reports", headers=worker.headers).get_json()] == [report["id"]]
    log = api.client.get("/api/v1/me/access-log", headers=worker.headers).get_json()
    assert {r["resource"] for r in log} == {"alert", "contract"}


def test_only_the_contracts_worker_can_report(app, api):
    employer, _, contract_id = _setup(api, app)
    stranger = api.account("worker")
    body = {"contract_id": contract_id, "consent": True, "statement": "x"}
    assert api.client.post("/api/v1/reports", json=body, headers=stranger.headers).status_code == 404
    assert api.client.post("/api/v1/reports", json=body, headers=employer.headers).status_code == 403
