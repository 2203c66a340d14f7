"""Labor contracts (근로계약): drafting, invitations, amendments, terminations, and the terms in force.

Other areas call :func:`version_in_force` and :func:`pay_terms`. Signing, the ledger commitment,
receipts and shredding live in ``app.services.contract_signing``.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.extensions import db
from app.labor import Contract as LaborContract
from app.models.accounts import User
from app.models.contracts import Contract, ContractStatus, ContractVersion, VersionStatus
from app.models.workplaces import Workplace
from app.services import access, contract_terms, workplaces
from app.services.accounts import normalize_email, normalize_phone

SIGNED = (VersionStatus.SIGNED, VersionStatus.SUPERSEDED)
TERM_DEFAULTS = {
    "end_date": None,
    "weekly_holiday": "SUN",
    "bonus": {"paid": False, "amount": None},
    "other_allowances": [],
    "overtime_premium_rate": 50,
    "pay_period": "monthly",
    "payment_method": "bank_transfer",
    "annual_leave": "통상근로자의 근로시간에 비례하여 연차유급휴가를 부여함 (근로기준법 제18조③)",
    "social_insurance": {"employment": True, "industrial_accident": True, "pension": True, "health": True},
    "copy_delivery": "electronic",
    "probation": False,
    "simple_labor": False,
    "minor_extension_agreement": False,
    "night_holiday_authorization": False,
    "worker_birth_date": None,
}


# --- what other areas call -------------------------------------------------------------------


def version_in_force(contract: Contract, day: date) -> ContractVersion | None:
    """The latest version signed by both parties (or a notified termination) effective on ``day``."""
    signed = [v for v in contract.versions if v.signed_at is not None and v.effective_from <= day]
    return max(signed, key=lambda v: v.number, default=None)


def pay_terms(contract: Contract, day: date) -> LaborContract | None:
    """The pure rules' Contract for ``day`` (None before the first signed version or once shredded)."""
    version = version_in_force(contract, day)
    if version is None or version.terms is None:
        return None
    return contract_terms.to_labor_contract(version.terms, day)


# --- reading ---------------------------------------------------------------------------------


def attach_invitations(user: User) -> None:
    """Give a worker the contracts that invited their email or phone before they had an account."""
    if user.role != "worker":
        return
    match = []
    if user.email:
        match.append(Contract.invite_email == normalize_email(user.email))
    if user.phone:
        match.append(Contract.invite_phone == user.phone)
    if not match:
        return
    pending = db.session.scalars(
        sa.select(Contract).where(Contract.worker_id.is_(None), sa.or_(*match))
    ).all()
    for contract in pending:
        contract.worker_id = user.id
        for version in contract.versions:
            if version.status == VersionStatus.DRAFT and user.birth_date and version.terms is not None:
                version.terms = {**version.terms, "worker_birth_date": user.birth_date.isoformat()}
    if pending:
        db.session.commit()


def list_for(user: User) -> list[Contract]:
    """A worker's contracts (invitations attached first) or every contract of an employer's workplaces."""
    attach_invitations(user)
    column = Contract.employer_id if user.role == "employer" else Contract.worker_id
    q = sa.select(Contract).where(column == user.id).order_by(Contract.created_at.desc())
    return list(db.session.scalars(q))


def get(user: User, contract_id: str) -> Contract:
    attach_invitations(user)
    return access.contract_for(user, contract_id)


def version(contract: Contract, number: int) -> ContractVersion:
    found = next((v for v in contract.versions if v.number == number), None)
    if found is None:
        raise NotFound()
    return found


def latest_signed(contract: Contract) -> ContractVersion | None:
    return max(
        (v for v in contract.versions if v.signed_at is not None), key=lambda v: v.number, default=None
    )


# --- drafting --------------------------------------------------------------------------------


def _invitee(worker: dict) -> tuple[User | None, str | None, str | None]:
    email = normalize_email(worker["email"]) if worker.get("email") else None
    phone = normalize_phone(worker["phone"]) if worker.get("phone") else None
    if not email and not phone:
        raise ValidationFailed(errors={"worker": ["Give the worker's email or phone."]})
    column, key = (User.email, email) if email else (User.phone, phone)
    user = db.session.scalar(sa.select(User).where(column == key))
    if user is not None and user.role != "worker":
        raise ValidationFailed(errors={"worker": ["This account is not a worker's."]})
    return user, email, phone


def _iso(data: dict) -> dict:
    """JSON-safe terms: dates as ISO strings."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items()}


def denormalize(contract: Contract, terms: dict) -> None:
    contract.start_date = date.fromisoformat(terms["start_date"])
    contract.end_date = date.fromisoformat(terms["end_date"]) if terms.get("end_date") else None
    contract.pay_period = terms.get("pay_period", "monthly")


def review_for(contract: Contract, terms: dict, day: date) -> list[dict]:
    """Review terms as of ``day`` with the workplace's declared headcount on that day."""
    wp = db.session.get(Workplace, contract.workplace_id)
    return contract_terms.review(terms, day, workplaces.employee_count_on(wp, day))


def draft(employer: User, data: dict, now: datetime) -> tuple[Contract, list[dict]]:
    """A first draft for one of the employer's workplaces, inviting the worker (404 if not its own)."""
    wp = workplaces.get_owned(employer, data["workplace_id"])
    worker, email, phone = _invitee(data["worker"])
    terms = {**TERM_DEFAULTS, "place_of_work": wp.address, **_iso(data["terms"])}
    if worker is not None and worker.birth_date:
        terms["worker_birth_date"] = worker.birth_date.isoformat()
    start = date.fromisoformat(terms["start_date"])
    warnings = contract_terms.review(terms, start, workplaces.employee_count_on(wp, start))
    contract = Contract(
        workplace_id=wp.id,
        employer_id=employer.id,
        worker_id=worker.id if worker else None,
        invite_email=email,
        invite_phone=phone,
        status=ContractStatus.DRAFT,
        created_at=now,
        updated_at=now,
    )
    denormalize(contract, terms)
    contract.versions.append(
        ContractVersion(
            number=1,
            kind="original",
            effective_from=contract.start_date,
            terms=terms,
            created_by=employer.id,
            created_at=now,
        )
    )
    db.session.add(contract)
    db.session.commit()
    return contract, warnings


def _open_draft(contract: Contract) -> ContractVersion | None:
    return next((v for v in contract.versions if v.status == VersionStatus.DRAFT), None)


def _next_version(
    user: User,
    contract: Contract,
    kind: str,
    effective_from: date,
    terms: dict,
    reason: str | None,
    now: datetime,
) -> ContractVersion:
    _amendable(contract)
    current = latest_signed(contract)
    version = ContractVersion(
        number=max(v.number for v in contract.versions) + 1,
        kind=kind,
        supersedes_id=current.id,
        effective_from=effective_from,
        terms=terms,
        reason=reason,
        created_by=user.id,
        created_at=now,
    )
    contract.versions.append(version)
    contract.updated_at = now
    return version


def _amendable(contract: Contract) -> dict:
    """The signed terms a new version starts from (409 unless the contract is active with no open draft)."""
    if contract.status != ContractStatus.ACTIVE:
        raise Conflict("Only an active contract can be amended or terminated.")
    if _open_draft(contract) is not None:
        raise Conflict("Another version is waiting for signatures; sign, decline or withdraw it first.")
    current = latest_signed(contract)
    if current is None or current.terms is None:
        raise Conflict("The contract has no signed terms to amend.")
    return current.terms


def amend(user: User, contract_id: str, data: dict, now: datetime) -> tuple[ContractVersion, list[dict]]:
    """Propose new terms (new wage, new hours…) from ``effective_from``; both parties sign."""
    contract = get(user, contract_id)
    base = _amendable(contract)
    terms = {**base, **_iso(data["terms"])}
    if data["effective_from"] < contract.start_date:
        raise ValidationFailed(errors={"effective_from": ["Before the contract starts."]})
    warnings = review_for(contract, terms, data["effective_from"])
    version = _next_version(
        user, contract, "amendment", data["effective_from"], terms, data.get("reason"), now
    )
    db.session.commit()
    return version, warnings


def terminate(user: User, contract_id: str, data: dict, now: datetime) -> ContractVersion:
    """A termination version (last day + reason). ``unilateral`` (employer only): the employer's
    signature alone makes it effective and the worker is notified and may dispute."""
    contract = get(user, contract_id)
    unilateral = bool(data.get("unilateral"))
    if unilateral and access.party_of(user, contract) != "employer":
        raise Forbidden("Only the employer may terminate unilaterally.")
    base = _amendable(contract)
    if data["date"] < date.fromisoformat(base["start_date"]):
        raise ValidationFailed(errors={"date": ["Before the contract starts."]})
    termination = {"date": data["date"].isoformat(), "reason": data["reason"], "unilateral": unilateral}
    terms = {**base, "end_date": data["date"].isoformat(), "termination": termination}
    version = _next_version(user, contract, "termination", data["date"], terms, data["reason"], now)
    db.session.commit()
    return version


def decline(user: User, contract_id: str, number: int, reason: str, now: datetime) -> ContractVersion:
    """Either party declines a draft with a reason; a declined first draft ends the contract."""
    contract = get(user, contract_id)
    target = _draft(contract, number)
    target.status, target.reason = VersionStatus.DECLINED, reason
    if target.number == 1:
        contract.status = ContractStatus.DECLINED
    contract.updated_at = now
    db.session.commit()
    return target


def withdraw(user: User, contract_id: str, number: int, now: datetime) -> ContractVersion:
    """The employer withdraws an unsigned draft (its author may withdraw an amendment too)."""
    contract = get(user, contract_id)
    target = _draft(contract, number)
    if access.party_of(user, contract) != "employer" and target.created_by != user.id:
        raise Forbidden("Only the employer or the author may withdraw a draft.")
    target.status = VersionStatus.WITHDRAWN
    if target.number == 1:
        contract.status = ContractStatus.WITHDRAWN
    contract.updated_at = now
    db.session.commit()
    return target


def dispute(user: User, contract_id: str, number: int, reason: str, now: datetime) -> ContractVersion:
    """The worker disputes a termination the employer signed alone."""
    contract = access.contract_for(user, contract_id, party="worker")
    target = version(contract, number)
    if target.kind != "termination" or target.notified_at is None:
        raise Conflict("Only a termination signed by the employer alone can be disputed.")
    target.disputed_at, target.dispute_reason = now, reason
    db.session.commit()
    return target


def _draft(contract: Contract, number: int) -> ContractVersion:
    target = version(contract, number)
    if target.status != VersionStatus.DRAFT or target.signed_at is not None:
        raise Conflict("This version is no longer a draft.")
    return target
