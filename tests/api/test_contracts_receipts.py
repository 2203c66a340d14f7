"""Receipts verify offline (`python -m ledger verify`, `python -m app.contract_verify`); tampering fails;
crypto-shredding keeps the ledger audit green."""

from __future__ import annotations

import base64
import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.contract_verify import verify_contract_bundle
from tests.api.test_contracts import active_contract, draft, make_parties

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def parties(api, client):
    return make_parties(api, client)


def vkey(app):
    from app.services import ledger

    with app.app_context():
        return ledger.log().vkey


def run(*args):
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def receipt(client, account, cid, version=None):
    query = f"?version={version}" if version else ""
    resp = client.get(f"/api/v1/contracts/{cid}/receipt{query}", headers=account.headers)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def test_receipt_verifies_offline_with_both_clis(app, client, parties, tmp_path):
    boss, worker, *_ = parties
    c = active_contract(client, parties)
    bundle = receipt(client, worker, c["id"])
    assert bundle == receipt(client, boss, c["id"], 1)
    assert bundle["leaf"]["kind"] == "contract" and {
        s["party"] for s in bundle["application"]["signatures"]
    } == {"worker", "employer"}
    assert "10320" not in base64.b64decode(bundle["leaf"]["data"]).hex()  # only a 32-byte commitment
    assert len(base64.b64decode(bundle["leaf"]["data"])) == 32
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle, ensure_ascii=False), encoding="utf-8")
    key = vkey(app)
    plain = run("ledger", "verify", str(path), "--key", key)
    assert plain.returncode == 0 and plain.stdout.startswith("OK"), plain.stderr
    full = run("app.contract_verify", str(path), "--key", key)
    assert full.returncode == 0 and "application fields verified" in full.stdout, full.stderr
    bundle["application"]["body"]["terms"]["wage"]["amount"] = 20000
    path.write_text(json.dumps(bundle), encoding="utf-8")
    bad = run("app.contract_verify", str(path), "--key", key)
    assert bad.returncode == 1 and "FAIL" in bad.stderr


def _tamper_terms(b):
    b["application"]["body"]["terms"]["wage"]["amount"] += 1
    b["application"]["message"] = base64.b64encode(
        __import__("app.signing", fromlist=["message"]).message("contract", b["application"]["body"])
    ).decode()


def _tamper_salt(b):
    salt = bytearray(base64.b64decode(b["application"]["salt"]))
    salt[0] ^= 1
    b["application"]["salt"] = base64.b64encode(bytes(salt)).decode()


def _tamper_signature(b):
    sig = bytearray(base64.b64decode(b["application"]["signatures"][0]["signature"]))
    sig[5] ^= 1
    b["application"]["signatures"][0]["signature"] = base64.b64encode(bytes(sig)).decode()


def _drop_signature(b):
    b["application"]["signatures"] = b["application"]["signatures"][:1]


def _tamper_message(b):
    b["application"]["message"] = base64.b64encode(
        base64.b64decode(b["application"]["message"]) + b" "
    ).decode()


def _tamper_proof(b):
    lines = b["proof"].split("\n")
    i = next(i for i, line in enumerate(lines) if line.startswith("hash ") or line.startswith("index "))
    lines[i] = (
        lines[i][:-2] + ("AA" if not lines[i].endswith("AA") else "BB")
        if lines[i].startswith("hash")
        else "index 999"
    )
    b["proof"] = "\n".join(lines)


def _tamper_leaf(b):
    data = bytearray(base64.b64decode(b["leaf"]["data"]))
    data[0] ^= 1
    b["leaf"]["data"] = base64.b64encode(bytes(data)).decode()


@pytest.mark.parametrize(
    "tamper, reason",
    [
        (_tamper_terms, "salt"),
        (_tamper_salt, "salt"),
        (_tamper_signature, "signature does not verify"),
        (_drop_signature, "missing signature"),
        (_tamper_message, "canonical"),
        (_tamper_proof, ""),
        (_tamper_leaf, ""),
    ],
)
def test_tampering_fails_with_a_reason(app, client, parties, tamper, reason):
    boss, worker, *_ = parties
    c = active_contract(client, parties)
    bundle = receipt(client, worker, c["id"])
    key = vkey(app)
    assert verify_contract_bundle(bundle, key)[0]
    bad = copy.deepcopy(bundle)
    tamper(bad)
    ok, why = verify_contract_bundle(bad, key)
    assert not ok and reason in why, why


def test_revoked_key_signature_still_verifies_in_the_receipt(app, client, parties):
    boss, worker, wp, boss_phone, worker_phone = parties
    c = draft(client, boss, wp, worker.email)
    worker_phone.sign(c["id"])
    client.post(f"/api/v1/devices/{worker_phone.id}/revoke", headers=worker.headers)
    boss_phone.sign(c["id"])
    assert verify_contract_bundle(receipt(client, worker, c["id"]), vkey(app))[0]


def test_unilateral_termination_receipt_needs_only_the_employer(app, client, parties):
    boss, worker, wp, boss_phone, _ = parties
    c = active_contract(client, parties)
    client.post(
        f"/api/v1/contracts/{c['id']}/terminations",
        headers=boss.headers,
        json={"date": "2026-09-30", "reason": "폐업", "unilateral": True},
    )
    boss_phone.sign(c["id"], 2)
    bundle = receipt(client, worker, c["id"])
    assert bundle["application"]["body"]["kind"] == "termination"
    assert verify_contract_bundle(bundle, vkey(app))[0]
    ok1 = receipt(client, worker, c["id"], 1)
    assert verify_contract_bundle(ok1, vkey(app))[0]


def test_no_receipt_before_signing_and_for_strangers(api, client, parties):
    boss, worker, wp, *_ = parties
    c = draft(client, boss, wp, worker.email)
    assert client.get(f"/api/v1/contracts/{c['id']}/receipt", headers=worker.headers).status_code == 404


def test_shredding_keeps_the_ledger_audit_green(app, client, parties):
    from app.extensions import db
    from app.models.contracts import Contract
    from app.services import ledger

    boss, worker, *_ = parties
    c = active_contract(client, parties)
    before = receipt(client, worker, c["id"])
    result = app.test_cli_runner().invoke(
        args=["contracts", "shred", c["id"], "--reason", "정보주체 삭제요청 2026-11-01"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        contract = db.session.get(Contract, c["id"])
        version = contract.versions[0]
        assert version.terms is None and version.salt is None and version.shredded_at is not None
        assert version.commitment is not None and version.ledger_index is not None
        assert ledger.log().audit(ledger.connection()).ok
    got = client.get(f"/api/v1/contracts/{c['id']}", headers=worker.headers).get_json()
    assert got["versions"][0]["terms"] is None
    assert client.get(f"/api/v1/contracts/{c['id']}/receipt", headers=worker.headers).status_code == 409
    stripped = copy.deepcopy(before)
    del stripped["application"]
    assert verify_contract_bundle(before, vkey(app))[0]  # a copy kept by a party still proves itself
    missing = app.test_cli_runner().invoke(args=["contracts", "shred", "no-such-id", "--reason", "x"])
    assert missing.exit_code != 0
