"""The alert feed: visibility per role, filters, evidence verified offline, case work, notes kept
to the center, the access log, and reading a contract only as far as an alert covers it."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.api.alerts_world import make_case, raise_alert


def _feed(api, who, query=""):
    resp = api.client.get(f"/api/v1/alerts{query}", headers=who.headers)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def test_visibility_per_role(app, api):
    case = make_case(app, api)
    other = make_case(app, api, district="강남구")
    insurance = raise_alert(app, "missing_insurance", "missing_insurance:x:employment",
                            workplace_id=case.workplace["id"], contract_id=case.contract_id,
                            worker_id=case.worker.id, district="마포구")
    center, insurer = api.account("center"), api.account("insurer")

    assert {a["id"] for a in _feed(api, center)["items"]} == {case.alert_id, other.alert_id, insurance}
    assert [a["id"] for a in _feed(api, insurer)["items"]] == [insurance]
    assert {a["id"] for a in _feed(api, case.employer)["items"]} == {case.alert_id, insurance}
    assert {a["id"] for a in _feed(api, case.worker)["items"]} == {case.alert_id, insurance}
    admin = api.account("admin")
    assert api.client.get("/api/v1/alerts", headers=admin.headers).status_code == 403
    assert api.client.get(f"/api/v1/alerts/{other.alert_id}", headers=case.employer.headers).status_code == 404
    assert api.client.get(f"/api/v1/alerts/{case.alert_id}", headers=insurer.headers).status_code == 404

    item = next(a for a in _feed(api, center)["items"] if a["id"] == case.alert_id)
    assert item["kind"] == "wage_arrears" and item["facts"]["amount_owed"] == 1_500_000
    assert item["facts"]["days_late"] == 10 and item["facts"]["delay_interest"] > 0 and item["facts"]["article"]
    assert item["workplace"]["business_number"] and item["workplace"]["district"] == "마포구"
    assert item["worker"]["name"] and item["worker"]["contact"]
    assert {e["section"] for e in item["evidence"]} == {"contract", "statements"}
    assert "contact" not in next(a for a in _feed(api, case.employer)["items"] if a["id"] == case.alert_id)["worker"]


def test_filters_and_newest_first(app, api):
    a = make_case(app, api, district="마포구")
    b = make_case(app, api, district="강남구")
    center = api.account("center")
    assert [x["id"] for x in _feed(api, center)["items"]] == [b.alert_id, a.alert_id]
    assert [x["id"] for x in _feed(api, center, "?district=강남구")["items"]] == [b.alert_id]
    assert [x["id"] for x in _feed(api, center, f"?workplace_id={a.workplace['id']}")["items"]] == [a.alert_id]
    assert _feed(api, center, "?kind=missing_contract")["items"] == []
    assert len(_feed(api, center, "?status=open&severity=medium&from=2026-11-01&to=2026-11-30")["items"]) == 2
    assert _feed(api, center, "?from=2026-11-21")["items"] == []
    bad = api.client.get("/api/v1/alerts?after=nonsense", headers=center.headers)
    assert bad.status_code == 400 and "after" in bad.get_json()["errors"]
    assert api.client.get("/api/v1/alerts?severity=huge", headers=center.headers).status_code in (400, 422)


def test_case_work_history_and_notes_for_center_only(app, api):
    case = make_case(app, api)
    center, colleague = api.account("center"), api.account("center")
    url = f"/api/v1/alerts/{case.alert_id}/actions"
    post = lambda body, who=center: api.client.post(url, json=body, headers=who.headers)  # noqa: E731
    assert post({"action": "acknowledge"}).status_code == 200
    assert post({"action": "acknowledge"}).status_code == 409
    assert post({"action": "assign", "assignee": colleague.id, "note": "마포 담당"}).status_code == 200
    assert post({"action": "assign", "assignee": case.worker.id}).status_code == 400
    assert post({"action": "note", "note": "사업주 통화: 다음주 지급 약속"}).status_code == 200
    missing = post({"action": "dismiss"})
    assert missing.status_code == 400 and "reason" in missing.get_json()["errors"]
    assert post({"action": "note"}, who=case.employer).status_code == 403
    done = post({"action": "resolve", "reason": "지급 확인"})
    assert done.status_code == 200
    body = done.get_json()
    assert body["status"] == "resolved" and body["assignee"] == colleague.id
    actions = [e["action"] for e in body["history"]]
    assert actions == ["opened", "acknowledged", "assigned", "noted", "resolved"]
    seqs = [e["seq"] for e in body["history"]]
    assert seqs == sorted(seqs) and body["seq"] == seqs[-1]

    for who in (case.employer, case.worker):
        seen = api.client.get(f"/api/v1/alerts/{case.alert_id}", headers=who.headers).get_json()
        assert [e["action"] for e in seen["history"]] == ["opened", "acknowledged", "resolved"]
        assert "assignee" not in seen and "통화" not in json.dumps(seen, ensure_ascii=False)
        assert all(e["actor"] in ("system", "center") for e in seen["history"])


def test_evidence_bundles_verify_offline(app, api, tmp_path):
    case = make_case(app, api)
    center = api.account("center")
    resp = api.client.get(f"/api/v1/alerts/{case.alert_id}/evidence", headers=center.headers)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    vkey = api.client.get("/api/v1/ledger/key").get_data(as_text=True).strip()
    assert body["log_vkey"] == vkey and {b["section"] for b in body["bundles"]} == {"contract", "statements"}
    for n, item in enumerate(body["bundles"]):
        path = tmp_path / f"bundle{n}.json"
        path.write_text(json.dumps(item["bundle"]))
        out = subprocess.run([sys.executable, "-m", "ledger", "verify", str(path), "--key", vkey],
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and out.stdout.startswith("OK"), out.stderr
        tampered = dict(item["bundle"], leaf={**item["bundle"]["leaf"], "index": item["bundle"]["leaf"]["index"] + 1})
        path.write_text(json.dumps(tampered))
        bad = subprocess.run([sys.executable, "-m", "ledger", "verify", str(path), "--key", vkey],
                             capture_output=True, text=True, timeout=60)
        assert bad.returncode == 1
    other = make_case(app, api)
    assert api.client.get(f"/api/v1/alerts/{other.alert_id}/evidence", headers=case.worker.headers).status_code == 404


def test_access_log_records_center_reads_for_the_worker(app, api):
    case = make_case(app, api)
    center = api.account("center")
    assert api.client.get("/api/v1/me/access-log", headers=case.worker.headers).get_json() == []
    _feed(api, center)
    api.client.get(f"/api/v1/alerts/{case.alert_id}", headers=center.headers)
    api.client.get(f"/api/v1/alerts/{case.alert_id}/evidence", headers=center.headers)
    api.client.get(f"/api/v1/cases/contracts/{case.contract_id}", headers=center.headers)
    _feed(api, case.employer)  # the employer's own reads are not audited
    log = api.client.get("/api/v1/me/access-log", headers=case.worker.headers).get_json()
    assert sorted(r["resource"] for r in log) == ["alert", "alert.evidence", "contract", "feed"]
    assert all(r["actor_role"] == "center" and r["alert_id"] == case.alert_id for r in log)
    assert all(r["alert_kind"] == "wage_arrears" and r["actor_name"] for r in log)
    assert api.client.get("/api/v1/me/access-log", headers=case.employer.headers).status_code == 403


def test_center_reads_a_contract_only_when_an_alert_covers_it(app, api):
    from tests.support.hours_factories import active_contract

    case = make_case(app, api)
    center, insurer = api.account("center"), api.account("insurer")
    uncovered = active_contract(app, case.employer.id, api.account("worker").id, case.workplace["id"])
    assert api.client.get(f"/api/v1/cases/contracts/{uncovered}", headers=center.headers).status_code == 404
    assert api.client.get(f"/api/v1/contracts/{uncovered}", headers=center.headers).status_code in (403, 404)
    resp = api.client.get(f"/api/v1/cases/contracts/{case.contract_id}", headers=center.headers)
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["alert_ids"] == [case.alert_id] and body["versions"][0]["terms"]["wage"]["amount"] == 10320
    assert api.client.get(f"/api/v1/cases/contracts/{case.contract_id}", headers=insurer.headers).status_code == 404
