"""The HTTP side: statements (JSON and document), payments with Idempotency-Key, answers,
notifications, push tokens, insurance reports and the admin job-runs list."""

from __future__ import annotations

from datetime import date

from tests.jobs.conftest import run_job


def _login_as(api, app, user_id):
    """Give a row-built user a password and log in through the API."""
    from app.extensions import db
    from app.models.accounts import User
    from app.security import hash_password
    from tests.support.factories import PASSWORD

    with app.app_context():
        user = db.session.get(User, user_id)
        user.email, user.password_hash = f"{user_id}@example.kr", hash_password(PASSWORD)
        db.session.commit()
        email = user.email
    token = api.login(email).get_json()["access_token"]
    return {"Authorization": "Bearer " + token}


def test_statement_payment_flow_over_http(app, client, api, world):
    (cid,) = world.setup()
    run_job(app, "close-pay-periods", date(2026, 4, 1))
    worker, employer = _login_as(api, app, world.worker_ids[0]), _login_as(api, app, world.employer_id)
    stranger = api.account("worker").headers

    listed = client.get(f"/api/v1/contracts/{cid}/statements", headers=worker)
    assert listed.status_code == 200 and len(listed.get_json()) == 1
    sid = listed.get_json()[0]["id"]
    assert client.get(f"/api/v1/contracts/{cid}/statements", headers=stranger).status_code == 404
    assert client.get(f"/api/v1/contracts/{cid}/statements/{sid}", headers=stranger).status_code == 404
    item = client.get(f"/api/v1/contracts/{cid}/statements/{sid}", headers=employer).get_json()
    assert item["document"]["title"] == "임금명세서" and len(item["commitment"]) == 64
    doc = client.get(f"/api/v1/contracts/{cid}/statements/{sid}/document", headers=worker)
    assert doc.status_code == 200 and doc.mimetype == "text/html" and "임금명세서" in doc.get_data(as_text=True)

    body = {"amount": 1000, "paid_on": "2026-04-10", "method": "bank_transfer", "reference": "우리 1002"}
    url = f"/api/v1/contracts/{cid}/statements/{sid}/payments"
    first = client.post(url, json=body, headers={**employer, "Idempotency-Key": "abc"})
    again = client.post(url, json=body, headers={**employer, "Idempotency-Key": "abc"})
    other = client.post(url, json={**body, "amount": 2}, headers={**employer, "Idempotency-Key": "abc"})
    assert client.post(url, json=body, headers=worker).status_code == 403
    assert first.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    assert other.status_code == 409
    pid = first.get_json()["id"]
    answer = f"{url}/{pid}/answer"
    assert client.post(answer, json={"status": "disputed"}, headers=worker).status_code == 400
    resp = client.post(answer, json={"status": "disputed", "reason": "입금 없음"}, headers=worker)
    assert resp.status_code == 200 and resp.get_json()["confirmation"]["status"] == "disputed"
    assert client.get(f"/api/v1/contracts/{cid}/statements/{sid}", headers=worker).get_json()["paid"] == 0

    notes = client.get("/api/v1/notifications", headers=worker).get_json()
    assert {n["kind"] for n in notes} >= {"statement_issued", "payment_recorded"}
    read = client.post(f"/api/v1/notifications/{notes[0]['id']}/read", headers=worker)
    assert read.status_code == 200 and read.get_json()["read_at"]
    assert client.post(f"/api/v1/notifications/{notes[0]['id']}/read", headers=employer).status_code == 404
    assert len(client.get("/api/v1/notifications?unread=true", headers=worker).get_json()) == len(notes) - 1

    report = client.post(f"/api/v1/contracts/{cid}/insurance-reports",
                         json={"insurance": "employment", "reported_on": "2026-03-20"}, headers=employer)
    assert report.status_code == 201
    assert client.post(f"/api/v1/contracts/{cid}/insurance-reports",
                       json={"insurance": "employment", "reported_on": "2026-03-20"}, headers=worker).status_code == 403


def test_push_token_and_job_runs(app, client, api, world):
    world.setup()
    run_job(app, "close-pay-periods", date(2026, 4, 1))
    worker = api.account("worker")
    assert client.post("/api/v1/devices/push-token", json={"token": "t"}, headers=worker.headers).get_json() == {
        "device_key_ids": []}
    assert client.delete("/api/v1/devices/push-token", headers=worker.headers).status_code == 200
    assert client.get("/api/v1/admin/job-runs", headers=worker.headers).status_code == 403
    admin = api.account("admin")
    runs = client.get("/api/v1/admin/job-runs?job=close-pay-periods", headers=admin.headers).get_json()
    assert runs[0]["status"] == "ok" and runs[0]["counts"]["statements"] == 1
