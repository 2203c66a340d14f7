"""An alert's evidence (증빙): the ledger entries it rests on, as offline-verifiable bundles.

Each entry is a salted commitment in the public ledger (contract version, a day of clock events,
a wage statement). The bundle's ``application`` carries the salt and the committed document, so
``python -m ledger verify bundle.json --key <vkey>`` checks the inclusion proof against the
signed checkpoint and (for kinds with a registered verifier) that the document reproduces the
leaf, without talking to nomusa.

``references(alert)`` lists what the alert rests on; ``bundles(alert, now)`` builds the bundles.
"""

from __future__ import annotations

import base64
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models.alerts import Alert
from app.models.contracts import Contract, ContractVersion
from app.models.hours import HoursAnchor, TimeEvent
from app.models.pay import WageStatement
from app.services import ledger

SECTIONS = ("contract", "hours", "statements")
STATEMENT_FORMAT = "nomusa-wage-statement/v1"
DERIVED_KINDS_SKIP = ("worker_report",)  # a report carries exactly what the worker consented to


def for_contract(contract: Contract, include, statements: list[WageStatement] | None = None) -> dict:
    """Ledger indices per section for ``contract`` (the sections in ``include``)."""
    out: dict[str, list[int]] = {}
    if "contract" in include:
        out["contract"] = sorted(v.ledger_index for v in contract.versions if v.ledger_index is not None)
    if statements is None:
        statements = list(db.session.scalars(sa.select(WageStatement).where(
            WageStatement.contract_id == contract.id).order_by(WageStatement.period_start)))
    if "statements" in include:
        out["statements"] = [s.ledger_index for s in statements if s.ledger_index is not None]
    if "hours" in include:
        q = sa.select(HoursAnchor.ledger_index).where(HoursAnchor.contract_id == contract.id)
        out["hours"] = sorted(db.session.scalars(q.order_by(HoursAnchor.day)))
    return {k: v for k, v in out.items() if v}


def references(alert: Alert) -> dict[str, list[int]]:
    """What ``alert`` rests on, per section: its own evidence plus (for system alerts) the contract
    in force and, for arrears, the days of hours of the statement's period."""
    refs: dict[str, set[int]] = {s: set() for s in SECTIONS}
    for key, value in (alert.evidence or {}).items():
        section = {"statement": "statements"}.get(key, key)
        values = value if isinstance(value, list) else [value]
        refs.setdefault(section, set()).update(v for v in values if isinstance(v, int))
    if alert.kind not in DERIVED_KINDS_SKIP and alert.contract_id:
        contract = db.session.get(Contract, alert.contract_id)
        if contract is not None:
            refs["contract"].update(v.ledger_index for v in contract.versions if v.ledger_index is not None)
        statement_id = (alert.facts or {}).get("statement_id")
        statement = db.session.get(WageStatement, statement_id) if statement_id else None
        if statement is not None:
            q = sa.select(HoursAnchor.ledger_index).where(
                HoursAnchor.contract_id == statement.contract_id, HoursAnchor.day >= statement.period_start,
                HoursAnchor.day <= statement.pay_date)
            refs["hours"].update(db.session.scalars(q))
    return {k: sorted(v) for k, v in refs.items() if v}


def _application(section: str, index: int) -> tuple[dict | None, str | None]:
    """The committed document for the entry at ``index`` (None when shredded or unknown)."""
    if section == "contract":
        from app.services import contract_signing

        version = db.session.scalars(sa.select(ContractVersion).where(ContractVersion.ledger_index == index)).first()
        if version is None or version.salt is None or version.terms is None:
            return None, None
        signed = contract_signing.body(version.contract, version)
        return {"format": contract_signing.FORMAT, "purpose": contract_signing.PURPOSE, "body": signed,
                "message": base64.b64encode(contract_signing.message(contract_signing.PURPOSE, signed)).decode(),
                "salt": base64.b64encode(version.salt).decode(),
                "signatures": [contract_signing.signature_view(s) for s in version.signatures]}, version.contract_id
    if section == "hours":
        from app.services.hours.anchors import FORMAT, event_doc

        anchor = db.session.scalars(sa.select(HoursAnchor).where(HoursAnchor.ledger_index == index)).first()
        if anchor is None:
            return None, None
        docs = [event_doc(db.session.get(TimeEvent, i)) for i in anchor.event_ids]
        return {"format": FORMAT, "contract_id": anchor.contract_id, "day": anchor.day.isoformat(),
                "salt": base64.b64encode(anchor.salt).decode(), "events": docs}, anchor.contract_id
    statement = db.session.scalars(sa.select(WageStatement).where(WageStatement.ledger_index == index)).first()
    if statement is None or statement.salt is None or statement.document is None:
        return None, None
    return {"format": STATEMENT_FORMAT, "statement_id": statement.id, "salt": base64.b64encode(statement.salt).decode(),
            "document": statement.document}, statement.contract_id


def bundles(alert: Alert, now: datetime) -> list[dict]:
    """One bundle per referenced entry, each against the latest signed checkpoint (signing one
    first if the newest entries are not covered yet)."""
    log = ledger.log()
    out = []
    for section, indices in references(alert).items():
        for index in indices:
            application, contract_id = _application(section, index)
            try:
                bundle = log.bundle_for(ledger.connection(), index, application)
            except LookupError:
                ledger.publish_checkpoint(now)
                bundle = log.bundle_for(ledger.connection(), index, application)
            out.append({"section": section, "ledger_index": index, "contract_id": contract_id,
                        "shredded": application is None, "bundle": bundle})
    return out
