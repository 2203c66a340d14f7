"""The public ledger over HTTP: checkpoint, key, entries, proofs, cosignatures and a real witness."""

from __future__ import annotations

import base64
import time

from app import clock
from app.extensions import db
from app.services import ledger
from ledger import checkpoint as cp
from ledger import merkle, note
from ledger import witness as witness_client
from tests.support.live import serve


def _append(app, n: int, kind: str = "test") -> None:
    with app.app_context():
        ledger.append([(kind, f"commitment {i}".encode()) for i in range(n)], clock.now())
        db.session.commit()
        ledger.publish_checkpoint(clock.now())


def test_checkpoint_and_key_verify(app, client):
    _append(app, 3)
    key = client.get("/api/v1/ledger/key")
    assert key.mimetype == "text/plain"
    text = client.get("/api/v1/ledger/checkpoint").get_data(as_text=True)
    assert note.verify(text, key.get_data(as_text=True).strip())
    origin, size = text.splitlines()[:2]
    assert origin == app.config["SETTINGS"].ledger_origin and size == "3"


def test_entries_and_inclusion_proofs_verify_against_the_checkpoint(app, client):
    _append(app, 7)
    text = client.get("/api/v1/ledger/checkpoint").get_data(as_text=True)
    root = base64.b64decode(text.splitlines()[2])
    entries = client.get("/api/v1/ledger/entries?start=0&end=7").get_json()["entries"]
    assert [e["index"] for e in entries] == list(range(7))
    for e in entries:
        leaf_hash = bytes.fromhex(e["leaf_hash"])
        assert leaf_hash == merkle.leaf_hash(base64.b64decode(e["data"]))
        proof = client.get(f"/api/v1/ledger/proof/inclusion?index={e['index']}&size=7").get_json()
        assert merkle.verify_inclusion(leaf_hash, e["index"], 7, [bytes.fromhex(h) for h in proof["proof"]], root)


def test_consistency_proof_verifies(app, client):
    _append(app, 3)
    old = client.get("/api/v1/ledger/checkpoint").get_data(as_text=True)
    _append(app, 5)
    new = client.get("/api/v1/ledger/checkpoint").get_data(as_text=True)
    r1, r2 = (base64.b64decode(t.splitlines()[2]) for t in (old, new))
    body = client.get("/api/v1/ledger/proof/consistency?from=3&to=8").get_json()
    assert body["from"] == 3 and body["to"] == 8
    assert merkle.verify_consistency(3, 8, [bytes.fromhex(h) for h in body["proof"]], r1, r2)


def test_out_of_range_arguments_are_400_problems(app, client):
    _append(app, 2)
    for url in (
        "/api/v1/ledger/proof/inclusion?index=5&size=2",
        "/api/v1/ledger/proof/inclusion?index=0&size=99",
        "/api/v1/ledger/proof/inclusion?index=-1&size=2",
        "/api/v1/ledger/proof/inclusion?index=x&size=2",
        "/api/v1/ledger/proof/consistency?from=3&to=2",
        "/api/v1/ledger/proof/consistency?from=0&to=50",
        "/api/v1/ledger/entries?start=5",
        "/api/v1/ledger/entries?start=0&end=5000",
    ):
        resp = client.get(url)
        assert resp.status_code == 400, url
        assert resp.mimetype == "application/problem+json"


def test_cosignature_from_unregistered_or_forged_witness_is_refused(app, client):
    _append(app, 2)
    text = client.get("/api/v1/ledger/checkpoint").get_data(as_text=True)
    body = text[: text.index("\n\n") + 1]
    skey, vkey = cp.generate_witness("center.seoul.go.kr")
    line = cp.cosign(body, skey, int(time.time()))
    refused = client.post("/api/v1/ledger/cosignatures", data=line, content_type="text/plain")
    assert refused.status_code == 400  # not registered yet
    runner = app.test_cli_runner()
    assert runner.invoke(args=["ledger", "add-witness", vkey]).exit_code == 0
    forged = line[:-8] + ("A" * 8 if not line.endswith("A" * 8) else "B" * 8)
    assert client.post("/api/v1/ledger/cosignatures", data=forged + "\n", content_type="text/plain").status_code == 400
    other_body = body.replace("\n2\n", "\n1\n")
    wrong = cp.cosign(other_body, skey, int(time.time()))
    assert client.post("/api/v1/ledger/cosignatures", data=wrong, content_type="text/plain").status_code == 400
    ok = client.post("/api/v1/ledger/cosignatures", data=line, content_type="text/plain")
    assert ok.status_code == 201 and ok.get_json() == {"witness": "center.seoul.go.kr", "size": 2}
    served = client.get("/api/v1/ledger/checkpoint").get_data(as_text=True)
    assert served.endswith(line if line.endswith("\n") else line + "\n")
    assert cp.verify_cosignature(body, served.splitlines()[-1] + "\n", vkey) is not None


def test_witness_command_cosigns_over_http_and_refuses_a_fork(app, tmp_path):
    _append(app, 4)
    skey, vkey = cp.generate_witness("mapo.seoul.go.kr")
    assert app.test_cli_runner().invoke(args=["ledger", "add-witness", vkey]).exit_code == 0
    with app.app_context():
        log_vkey = ledger.log().vkey
    state = tmp_path / "witness.json"
    with serve(app) as base:
        assert "size 4" in witness_client.run_once(base, skey, state, log_vkey, int(time.time()))
        _append(app, 3)
        assert "size 7" in witness_client.run_once(base, skey, state, None, int(time.time()))
        with app.test_client() as c:
            served = c.get("/api/v1/ledger/checkpoint").get_data(as_text=True)
        assert "— mapo.seoul.go.kr " in served
        # A witness that remembers another history refuses to cosign this one.
        forked = witness_client.load_state(state)
        forked["root"] = base64.b64encode(b"\x01" * 32).decode()
        witness_client.save_state(state, forked)
        _append(app, 1)
        try:
            witness_client.run_once(base, skey, state, None, int(time.time()))
        except witness_client.WitnessRefused as exc:
            assert "consistent" in str(exc)
        else:
            raise AssertionError("a forked history was cosigned")


def test_audit_command(app):
    _append(app, 5)
    result = app.test_cli_runner().invoke(args=["ledger", "audit"])
    assert result.exit_code == 0 and result.output.startswith("OK")
