"""Log: checkpoints, witness cosignatures, bundles, the CLI and the purity boundary."""

from __future__ import annotations

import ast
import json
from datetime import timedelta
from pathlib import Path

import pytest

from ledger import checkpoint as cp
from ledger import note
from ledger.__main__ import main
from ledger.bundle import verify_bundle
from ledger.log import CosignatureRejected
from tests.ledger.conftest import LOG_VKEY, NOW, ORIGIN

W_SKEY, W_VKEY = cp.generate_witness("witness.test/w1")
TS = int(NOW.timestamp())


def _body(signed: str) -> str:
    return note.parse(signed).text


@pytest.fixture
def published(engine, log):
    with engine.begin() as conn:
        log.append(conn, [("contract.signed", f"contract {i}".encode()) for i in range(9)], NOW)
        log.register_witness(conn, W_VKEY, NOW)
        signed = log.publish_checkpoint(conn, NOW)
    return signed


def test_checkpoint_is_signed_and_only_republished_when_the_tree_grew(engine, log, published):
    head = cp.open_checkpoint(published, LOG_VKEY, ORIGIN)
    assert head.size == 9
    with engine.begin() as conn:
        assert log.publish_checkpoint(conn, NOW + timedelta(minutes=1)) == published
        log.append(conn, [("a", b"1")], NOW)
        assert cp.open_checkpoint(log.publish_checkpoint(conn, NOW), LOG_VKEY).size == 10


def test_cosignatures_are_checked_before_they_are_kept(engine, log, published):
    body = _body(published)
    with engine.begin() as conn:
        with pytest.raises(CosignatureRejected):
            log.add_cosignature(conn, cp.cosign(body, cp.generate_witness("witness.test/w1")[0], TS), NOW)
        forged = body.replace("\n9\n", "\n8\n")
        with pytest.raises(CosignatureRejected):
            log.add_cosignature(conn, cp.cosign(forged, W_SKEY, TS), NOW)
        with pytest.raises(CosignatureRejected):
            log.add_cosignature(conn, cp.cosign(body, W_SKEY, TS + 86400), NOW)
        assert cp.signature_lines(log.latest_checkpoint(conn)) == cp.signature_lines(published)
        line = cp.cosign(body, W_SKEY, TS)
        assert log.add_cosignature(conn, published + line, NOW) == ("witness.test/w1", 9)
        assert log.latest_checkpoint(conn) == published + line


def test_bundle_verifies_offline_and_any_change_is_refused(engine, log, published):
    with engine.begin() as conn:
        log.add_cosignature(conn, cp.cosign(_body(published), W_SKEY, TS), NOW)
        bundle = json.loads(json.dumps(log.bundle_for(conn, 4, {"terms": "x"})))
        with pytest.raises(LookupError):
            log.bundle_for(conn, 9)
    ok, reason = verify_bundle(bundle, LOG_VKEY, [W_VKEY])
    assert ok and reason.startswith("OK entry 4 (contract.signed)"), reason
    other_witness = cp.generate_witness("witness.test/w2")[1]
    assert not verify_bundle(bundle, LOG_VKEY, [W_VKEY, other_witness])[0]
    assert verify_bundle(bundle, LOG_VKEY, [W_VKEY, other_witness], quorum=1)[0]
    assert not verify_bundle(bundle, note.generate(ORIGIN)[1])[0]
    assert not verify_bundle(bundle, LOG_VKEY, origin="other")[0]
    for path, value in [(("leaf", "data"), "Y29udHJhY3QgNQ=="), (("leaf", "index"), 5),
                        (("leaf", "kind"), "contract.void"), (("format",), "v0"), (("proof",), 3)]:
        changed = json.loads(json.dumps(bundle))
        target = changed
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert not verify_bundle(changed, LOG_VKEY)[0], path
    assert verify_bundle("garbage", LOG_VKEY) == (False, "bundle must be a JSON object")


def test_application_hook_decides_on_application_fields(engine, log, published):
    with engine.begin() as conn:
        bundle = log.bundle_for(conn, 2, {"worker": "kim"})
    hook = {"contract.signed": lambda app, data: None if app.get("worker") == "kim" else "wrong worker"}
    assert verify_bundle(bundle, LOG_VKEY, application_verifiers=hook)[1].endswith("application fields verified")
    bundle["application"]["worker"] = "lee"
    assert verify_bundle(bundle, LOG_VKEY, application_verifiers=hook) == (
        False, "application check failed: wrong worker")


def test_cli_verify_audit_and_keygen(engine, log, published, db_url, tmp_path, capsys):
    with engine.begin() as conn:
        bundle = log.bundle_for(conn, 0)
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    assert main(["verify", str(path), "--key", LOG_VKEY]) == 0
    assert capsys.readouterr().out.startswith("OK entry 0")
    assert main(["verify", str(path), "--key", note.generate(ORIGIN)[1]]) == 1
    assert "not signed" in capsys.readouterr().err
    assert main(["audit", "--database-url", db_url, "--vkey", LOG_VKEY]) == 0
    assert main(["keygen", "w.example", "--witness"]) == 0
    skey, vkey = capsys.readouterr().out.split("\n")[-3:-1]
    assert cp.verify_cosignature("a\n1\n" + "A" * 43 + "=\n", cp.cosign("a\n1\n" + "A" * 43 + "=\n", skey, 1), vkey)


def test_ledger_imports_no_flask_app_or_clock():
    forbidden = {"flask", "app", "os.environ", "time.time", "datetime.now"}
    for path in Path("ledger").glob("*.py"):
        if path.name == "__main__.py":
            continue  # the CLI is the edge: it reads argv, files and the clock
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n.split(".")[0] in {"flask", "app"} for n in names), path
            if isinstance(node, ast.Attribute):
                assert ast.unparse(node) not in forbidden, (path, ast.unparse(node))
