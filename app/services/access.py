"""Object-level authorization shared by every area: someone else's object is a 404."""

from __future__ import annotations

from app.errors import NotFound
from app.extensions import db
from app.models.accounts import User
from app.models.contracts import Contract


def contract_for(user: User, contract_id: str, *, party: str | None = None) -> Contract:
    """The contract if ``user`` is its worker or its employer (or exactly ``party``), else 404."""
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        raise NotFound()
    is_worker = contract.worker_id is not None and contract.worker_id == user.id
    is_employer = contract.employer_id == user.id
    allowed = {"worker": is_worker, "employer": is_employer, None: is_worker or is_employer}[party]
    if not allowed:
        raise NotFound()
    return contract


def party_of(user: User, contract: Contract) -> str:
    """'worker' or 'employer': the side ``user`` is on (call after contract_for)."""
    return "employer" if contract.employer_id == user.id else "worker"
