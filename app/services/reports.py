"""A worker's own report (근로자 신고, 근로기준법 제104조) to the center, with explicit consent.

The worker chooses what to send (``include``: contract, hours, statements, payments); with
consent given, the report opens a ``worker_report`` alert whose evidence is exactly those ledger
entries, and which is what lets a center inspector read that contract (see ``cases_contract``).
Without consent nothing is stored and nothing is shared.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.errors import NotFound, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.alerts import Alert
from app.models.contracts import Contract, ContractStatus
from app.models.pay import WageStatement
from app.models.reports import WorkerReport
from app.models.workplaces import Workplace
from app.services import access_audit, alerts, evidence, feed
from app.services.access import contract_for
from app.services.hours import open_disputes

KIND = "worker_report"
INCLUDE = ("contract", "hours", "statements", "payments")
ARTICLE = "근로기준법 제104조 (감독 기관에 대한 신고)"
SYSTEM_SECTIONS = ("contract", "statements", "payments")  # what a system alert on a contract covers


def create(user: User, data: dict, now: datetime) -> WorkerReport:
    if data.get("consent") is not True:
        raise ValidationFailed(errors={"consent": ["Explicit consent (true) is required to send your records."]})
    contract = contract_for(user, data["contract_id"], party="worker")
    include = [s for s in INCLUDE if s in (data.get("include") or INCLUDE)]
    statements = _statements(contract)
    facts = {"statement": data["statement"], "include": include, "consented_at": now.isoformat(),
             "article": ARTICLE, "summary": "근로자가 직접 신고한 사건입니다."}
    if "payments" in include:
        facts["payments"] = [{"statement_id": s.id, "pay_date": s.pay_date.isoformat(), "amount_due": s.net,
                              "paid": s.paid, "payments": [{"amount": p.amount, "paid_on": p.paid_on.isoformat()}
                                                           for p in s.payments]} for s in statements]
    if "hours" in include:
        facts["open_hours_disputes"] = len(open_disputes(contract))
    report = WorkerReport(worker_id=user.id, contract_id=contract.id, statement=data["statement"], include=include,
                          consented_at=now, created_at=now)
    db.session.add(report)
    db.session.flush()
    facts["report_id"] = report.id
    workplace = db.session.get(Workplace, contract.workplace_id)
    alert = alerts.raise_or_update(KIND, f"{KIND}:{report.id}", severity="medium", now=now, facts=facts,
                                   evidence=evidence.for_contract(contract, include, statements),
                                   workplace_id=contract.workplace_id, contract_id=contract.id,
                                   worker_id=user.id, district=workplace.district, actor=user.id)
    report.alert_id = alert.id
    db.session.commit()
    return report


def list_for(user: User) -> list[WorkerReport]:
    q = sa.select(WorkerReport).where(WorkerReport.worker_id == user.id).order_by(WorkerReport.created_at.desc())
    return list(db.session.scalars(q))


def _statements(contract: Contract) -> list[WageStatement]:
    return list(db.session.scalars(sa.select(WageStatement).where(WageStatement.contract_id == contract.id)
                                   .order_by(WageStatement.period_start)))


def _sections(alert: Alert) -> set[str]:
    if alert.kind == KIND:
        return set(alert.facts.get("include") or ())
    return set(SYSTEM_SECTIONS)


def cases_contract(user: User, contract_id: str, now: datetime) -> dict:
    """A contract's content for a center or insurer user, only as far as an alert (or the worker's
    report) covers it; 404 otherwise. The read is logged for the worker to see."""
    covering = feed.covering(user, contract_id)
    contract = db.session.get(Contract, contract_id)
    if not covering or contract is None:
        raise NotFound()
    sections = set().union(*(_sections(a) for a in covering))
    worker = db.session.get(User, contract.worker_id) if contract.worker_id else None
    workplace = db.session.get(Workplace, contract.workplace_id)
    out: dict = {"id": contract.id, "status": contract.status, "start_date": contract.start_date,
                 "end_date": contract.end_date, "alert_ids": [a.id for a in covering], "sections": sorted(sections),
                 "worker": {"id": worker.id, "name": worker.name} if worker else None,
                 "workplace": {"id": workplace.id, "name": workplace.name,
                               "business_number": workplace.business_number, "district": workplace.district}}
    if "contract" in sections and contract.status != ContractStatus.DRAFT:
        out["versions"] = [{"number": v.number, "kind": v.kind, "status": v.status,
                            "effective_from": v.effective_from, "terms": v.terms, "ledger_index": v.ledger_index}
                           for v in contract.versions if v.signed_at is not None]
    if "statements" in sections or "payments" in sections:
        out["statements"] = [{"id": s.id, "period_start": s.period_start, "period_end": s.period_end,
                              "pay_date": s.pay_date, "net": s.net, "paid": s.paid, "ledger_index": s.ledger_index}
                             for s in _statements(contract)]
    access_audit.record(user, "contract", covering[-1:], now, contract_id=contract.id)
    db.session.commit()
    return out
