"""A case for the alert tests: a workplace, an active contract committed to the ledger, a wage
statement unpaid after its pay day and the wage_arrears alert scan-arrears raised for it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime

import rfc8785

from tests.support.hours_factories import active_contract

NOW = datetime(2026, 11, 20, 3, tzinfo=UTC)


@dataclass
class Case:
    employer: object
    worker: object
    workplace: dict
    contract_id: str
    statement_id: str
    alert_id: str


def make_case(app, api, *, district: str = "마포구", net: int = 1_500_000) -> Case:
    from app.contract_verify import commitment
    from app.extensions import db
    from app.models.contracts import Contract
    from app.models.pay import WageStatement
    from app.services import alerts, arrears, contract_signing, ledger
    from app.signing import message

    employer, worker = api.account("employer"), api.account("worker")
    wp = api.workplace(employer, district=district, employee_count=6)
    contract_id = active_contract(app, employer.id, worker.id, wp["id"], start=date(2026, 9, 1))
    with app.app_context():
        contract = db.session.get(Contract, contract_id)
        version = contract.versions[0]
        version.salt = os.urandom(32)
        version.commitment = commitment(version.salt, message("contract", contract_signing.body(contract, version)))
        (version.ledger_index,) = ledger.append([("contract", version.commitment)], NOW)
        document = {"period": "2026-09", "total_due": net, "worker": {"name": "근로자"}}
        salt = os.urandom(32)
        digest = hashlib.sha256(salt + rfc8785.dumps(document)).digest()
        (index,) = ledger.append([("statement", digest)], NOW)
        statement = WageStatement(
            contract_id=contract_id, workplace_id=wp["id"], worker_id=worker.id, employer_id=employer.id,
            period_start=date(2026, 9, 1), period_end=date(2026, 9, 30), pay_date=date(2026, 10, 10),
            gross=net, deductions_total=0, net=net, basis="co-signed", document=document, salt=salt,
            commitment=digest, ledger_index=index, created_at=NOW)
        db.session.add(statement)
        db.session.flush()
        arrears.refresh(statement, date(2026, 10, 20), NOW)
        db.session.commit()
        alert = alerts.get(arrears.dedup_key(statement.id))
        return Case(employer, worker, wp, contract_id, statement.id, alert.id)


def raise_alert(app, kind: str, key: str, **fields) -> str:
    from app.extensions import db
    from app.services import alerts

    with app.app_context():
        alert = alerts.raise_or_update(kind, key, severity=fields.pop("severity", "medium"), now=NOW,
                                       facts=fields.pop("facts", {"n": 1}), **fields)
        db.session.commit()
        return alert.id
