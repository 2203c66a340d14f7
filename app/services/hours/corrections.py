"""Co-signing hours (근로시간 확인): confirmations, corrections, employer entries and disputes.

Nothing is overwritten: a correction is a new ShiftVersion superseding the one in force once the
other side signs it; a dispute keeps the shift disputed until the party that opened it withdraws
it or a correction both sides signed replaces the disputed record.
"""

from __future__ import annotations

from datetime import datetime

from app.errors import Conflict, NotFound, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.contracts import Contract
from app.models.hours import HoursDispute, Shift, ShiftStatus, ShiftVersion
from app.services.access import contract_for, party_of
from app.services.hours import common, shifts
from app.services.hours.common import PeriodLocked, iso, seoul_day


def _shift(contract: Contract, shift_id: str) -> Shift:
    shift = db.session.get(Shift, shift_id)
    if shift is None or shift.contract_id != contract.id:
        raise NotFound()
    return shift


def _unlocked(contract: Contract, shift: Shift) -> None:
    if shifts.locked_day(contract, shift.day):
        raise PeriodLocked("The period of this shift is closed (마감): it cannot change any more.")


def confirm_body(contract: Contract, chosen: list[Shift]) -> dict:
    """Purpose "shift-confirm": the shifts with their record hash and their events' hashes."""
    events = shifts.events_of([s.id for s in chosen])
    return {"contract_id": contract.id, "shifts": [
        {"shift_id": s.id, "version_hash": shifts.version_hash(shifts.current(s)),
         "event_hashes": [e.message_hash for e in events[s.id]]} for s in chosen]}


def confirm(employer: User, contract_id: str, data: dict, now: datetime) -> list[Shift]:
    """The employer signs the worker's logged shifts (one, or a whole week) as they are."""
    contract = contract_for(employer, contract_id, party="employer")
    chosen = [_shift(contract, sid) for sid in data["shift_ids"]]
    bad = [s.id for s in chosen if s.status != ShiftStatus.LOGGED]
    if bad:
        raise Conflict("Only logged (closed, unconfirmed, undisputed) shifts can be confirmed.", shift_ids=bad)
    sig = common.signed(contract, employer, "employer", "shift-confirm", confirm_body(contract, chosen), data, now)
    db.session.flush()
    for s in chosen:
        s.confirmation_id, s.status, s.updated_at = sig.id, ShiftStatus.CONFIRMED, now
    db.session.commit()
    return chosen


def record_body(contract: Contract, shift_id: str | None, data: dict, supersedes: str | None) -> dict:
    """Purpose "correction" (a proposal) or "shift-entry" (an employer-entered shift)."""
    body = {"contract_id": contract.id, "start": iso(data["start"]), "end": iso(data["end"]),
            "break_minutes": data.get("break_minutes", 0), "reason": data["reason"]}
    if shift_id is None:
        body["entry_id"] = data["entry_id"]
    else:
        body.update(shift_id=shift_id, supersedes=supersedes)
    return body


def _check_times(data: dict) -> None:
    if data["end"] <= data["start"] or (data["end"] - data["start"]).total_seconds() > 24 * 3600:
        raise ValidationFailed(errors={"end": ["A shift ends after it starts and lasts at most 24 hours."]})
    if data.get("break_minutes", 0) * 60 >= (data["end"] - data["start"]).total_seconds():
        raise ValidationFailed(errors={"break_minutes": ["Breaks must be shorter than the shift."]})


def propose(user: User, contract_id: str, shift_id: str, data: dict, now: datetime) -> ShiftVersion:
    """A signed correction with a reason; in force once the other side accepts it."""
    contract = contract_for(user, contract_id)
    shift = _shift(contract, shift_id)
    _unlocked(contract, shift)
    _check_times(data)
    party = party_of(user, contract)
    in_force = shifts.current(shift)
    body = record_body(contract, shift.id, data, shifts.version_hash(in_force))
    sig = common.signed(contract, user, party, "correction", body, data, now)
    db.session.flush()
    for old in shift.versions:
        if old.state == "proposed":
            old.state, old.decided_at = "superseded", now
    version = ShiftVersion(number=len(shift.versions) + 1, kind="correction", state="proposed", start=data["start"],
                           end=data["end"], break_minutes=data.get("break_minutes", 0), breaks=[],
                           reason=data["reason"], author_id=user.id, author_party=party, supersedes_id=in_force.id,
                           proposal_signature_id=sig.id, created_at=now)
    shift.versions.append(version)
    shift.updated_at = now
    db.session.commit()
    return version


def accept_body(contract: Contract, version: ShiftVersion) -> dict:
    return {"contract_id": contract.id, "shift_id": version.shift_id, "version_hash": shifts.version_hash(version),
            "decision": "accept"}


def accept(user: User, contract_id: str, shift_id: str, version_id: str, data: dict, now: datetime) -> Shift:
    """The other side signs a proposed correction (or the worker an employer entry)."""
    contract = contract_for(user, contract_id)
    shift = _shift(contract, shift_id)
    version = next((v for v in shift.versions if v.id == version_id), None)
    if version is None:
        raise NotFound()
    party = party_of(user, contract)
    acceptable = version.state == "proposed" or (version.kind == "employer_entered" and version.state == "current")
    if not acceptable or version.acceptance_signature_id or version.author_party == party:
        raise Conflict("Only the other side can accept a pending correction or an employer entry.")
    _unlocked(contract, shift)
    sig = common.signed(contract, user, party, "correction", accept_body(contract, version), data, now)
    db.session.flush()
    version.acceptance_signature_id, version.decided_at = sig.id, now
    if version.state == "proposed":
        for old in shift.versions:
            if old.state == "current":
                old.state = "superseded"
        version.state = "current"
    _resolve_settled(contract, shift, now)
    db.session.commit()
    return shift


def _resolve_settled(contract: Contract, shift: Shift, now: datetime) -> None:
    """Disputes whose shifts all have a co-signed record made after them are resolved."""
    for dispute in shifts.open_disputes_naming(contract).get(shift.id, []):
        named = [_shift(contract, c["shift_id"]) for c in dispute.claims]
        if all((v := shifts.current(s)).acceptance_signature_id and v.decided_at and v.decided_at >= dispute.created_at
               for s in named):
            dispute.status, dispute.resolved_at = "resolved", now
            dispute.resolution = "settled by a correction both sides signed"
    db.session.flush()
    shifts.refresh_status(contract, [shift])


def enter(employer: User, contract_id: str, data: dict, now: datetime) -> Shift:
    """A shift the worker did not log, recorded and signed by the employer (purpose "shift-entry")."""
    contract = contract_for(employer, contract_id, party="employer")
    _check_times(data)
    day = seoul_day(data["start"])
    common.require_active(contract, day)
    if shifts.locked_day(contract, day):
        raise PeriodLocked("The period of this day is closed (마감).")
    sig = common.signed(contract, employer, "employer", "shift-entry", record_body(contract, None, data, None), data, now)
    db.session.flush()
    shift = Shift(contract_id=contract.id, day=day, origin="employer_entered", status=ShiftStatus.EMPLOYER_ENTERED,
                  created_at=now, updated_at=now)
    shift.versions.append(ShiftVersion(number=1, kind="employer_entered", state="current", start=data["start"],
                                       end=data["end"], break_minutes=data.get("break_minutes", 0), breaks=[],
                                       reason=data["reason"], author_id=employer.id, author_party="employer",
                                       proposal_signature_id=sig.id, created_at=now))
    db.session.add(shift)
    db.session.commit()
    return shift


def dispute_body(contract: Contract, data: dict) -> dict:
    body = {"contract_id": contract.id, "claims": [{"shift_id": c["shift_id"], "claimed_minutes": c["claimed_minutes"]}
                                                   for c in data["claims"]], "reason": data["reason"]}
    if data.get("period"):
        body["period"] = {"start": data["period"]["start"].isoformat(), "end": data["period"]["end"].isoformat()}
    return body


def open_dispute(user: User, contract_id: str, data: dict, now: datetime) -> HoursDispute:
    """A signed dispute naming shifts and the minutes claimed for each (purpose "dispute")."""
    contract = contract_for(user, contract_id)
    party = party_of(user, contract)
    named = [_shift(contract, c["shift_id"]) for c in data["claims"]]
    sig = common.signed(contract, user, party, "dispute", dispute_body(contract, data), data, now)
    db.session.flush()
    dispute = HoursDispute(contract_id=contract.id, party=party, opened_by=user.id, claims=sig.body["claims"],
                           reason=data["reason"], signature_id=sig.id, created_at=now)
    db.session.add(dispute)
    for s in named:
        proposal = shifts.pending(s)
        if proposal is not None and proposal.author_party != party:
            proposal.state, proposal.decided_at = "rejected", now
        s.status, s.updated_at = ShiftStatus.DISPUTED, now
    db.session.commit()
    return dispute


def withdraw_body(contract: Contract, dispute: HoursDispute) -> dict:
    return {"contract_id": contract.id, "dispute_id": dispute.id, "decision": "withdraw"}


def withdraw_dispute(user: User, contract_id: str, dispute_id: str, data: dict, now: datetime) -> HoursDispute:
    """Only the party that opened a dispute can withdraw it (signed)."""
    contract = contract_for(user, contract_id)
    dispute = db.session.get(HoursDispute, dispute_id)
    if dispute is None or dispute.contract_id != contract.id:
        raise NotFound()
    if dispute.status != "open" or dispute.opened_by != user.id:
        raise Conflict("Only the party that opened an open dispute can withdraw it.")
    common.signed(contract, user, dispute.party, "dispute", withdraw_body(contract, dispute), data, now)
    dispute.status, dispute.resolved_at, dispute.resolution = "resolved", now, "withdrawn"
    db.session.flush()
    shifts.refresh_status(contract, [_shift(contract, c["shift_id"]) for c in dispute.claims])
    db.session.commit()
    return dispute
