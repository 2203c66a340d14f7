"""Co-signing contract versions (전자서명), the ledger commitment, receipts and crypto-shredding.

Both parties sign ``app.signing.message("contract", body)`` (docs/SIGNING.md). When the last
required signature is in, the same transaction appends ONE ledger entry of kind "contract"
whose data is SHA-256(salt ‖ message) with a fresh 32-byte salt: nothing personal in clear.
"""

from __future__ import annotations

import base64
import os
from datetime import datetime

from app.contract_verify import FORMAT, KIND, commitment, required_parties
from app.errors import Conflict, NotFound, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.contracts import Contract, ContractSignature, ContractStatus, ContractVersion, VersionStatus
from app.models.devices import DeviceKey
from app.models.workplaces import Workplace
from app.services import access, contracts, devices
from app.services import ledger as ledger_service
from app.signing import SignatureInvalid, message, verify

PURPOSE = "contract"


def parties(contract: Contract, version: ContractVersion) -> dict:
    """The parties block: frozen on the version at its first signature, live before."""
    if version.parties is not None:
        return version.parties
    wp = db.session.get(Workplace, contract.workplace_id)
    return {
        "employer": {"id": contract.employer_id},
        "worker": {"id": contract.worker_id},
        "workplace": {"id": wp.id, "business_number": wp.business_number},
    }


def body(contract: Contract, version: ContractVersion) -> dict:
    """The object both parties sign (RFC 8785 JCS inside the message)."""
    if version.terms is None:
        raise Conflict("This version was shredded.")
    supersedes = next((v.number for v in contract.versions if v.id == version.supersedes_id), None)
    return {
        "contract_id": contract.id,
        "version": version.number,
        "kind": version.kind,
        "supersedes": supersedes,
        "effective_from": version.effective_from.isoformat(),
        "parties": parties(contract, version),
        "terms": version.terms,
    }


def signing_payload(user: User, contract_id: str, number: int) -> dict:
    contract = contracts.get(user, contract_id)
    version = contracts.version(contract, number)
    if contract.worker_id is None:
        raise Conflict("The invited worker has not joined yet.")
    signed_body = body(contract, version)
    raw = message(PURPOSE, signed_body)
    return {
        "purpose": PURPOSE,
        "body": signed_body,
        "message": base64.b64encode(raw).decode(),
        "message_hex": raw.hex(),
        "required_parties": sorted(required_parties(signed_body)),
        "signed_by": [s.party for s in version.signatures],
    }


def _check_signable(contract: Contract, version: ContractVersion, party: str) -> None:
    if contract.worker_id is None:
        raise Conflict("The invited worker has not joined yet.")
    if version.status != VersionStatus.DRAFT:
        raise Conflict("This version is not waiting for signatures.")
    expected = ContractStatus.DRAFT if version.kind == "original" else ContractStatus.ACTIVE
    if contract.status != expected:
        raise Conflict("The contract is not in a state where this version can be signed.")
    if any(s.party == party for s in version.signatures):
        raise Conflict("You already signed this version.")


def sign(
    user: User, contract_id: str, number: int, data: dict, now: datetime
) -> tuple[ContractVersion, list]:
    """Record ``user``'s device signature; the version is signed once every required party signed."""
    contract = contracts.get(user, contract_id)
    version = contracts.version(contract, number)
    party = access.party_of(user, contract)
    _check_signable(contract, version, party)
    key = devices.active_key(user, data["device_key_id"], now)
    signed_body = body(contract, version)
    try:
        verify(key.public_key, PURPOSE, signed_body, data["signature"])
    except SignatureInvalid as exc:
        raise ValidationFailed(
            errors={"signature": ["Does not verify over this version's signing message."]}
        ) from exc
    warnings = (
        [] if version.kind == "termination" else contracts.review_for(contract, version.terms, version.effective_from)
    )
    version.parties = signed_body["parties"]
    version.signatures.append(
        ContractSignature(
            party=party, user_id=user.id, device_key_id=key.id, signature=data["signature"], signed_at=now
        )
    )
    if required_parties(signed_body) <= {s.party for s in version.signatures}:
        _complete(contract, version, signed_body, now)
    contract.updated_at = now
    db.session.commit()
    return version, warnings


def _complete(contract: Contract, version: ContractVersion, signed_body: dict, now: datetime) -> None:
    """Signed by all required parties: commit to it in the ledger and put it in force."""
    version.salt = os.urandom(32)
    version.commitment = commitment(version.salt, message(PURPOSE, signed_body))
    version.ledger_index = ledger_service.append([(KIND, version.commitment)], now)[0]
    version.status, version.signed_at = VersionStatus.SIGNED, now
    if not any(s.party == "worker" for s in version.signatures):
        version.notified_at = now  # unilateral termination: the worker is told and may dispute
    for older in contract.versions:
        if older.id == version.supersedes_id:
            older.status = VersionStatus.SUPERSEDED
    terminated = version.kind == "termination"
    contract.status = ContractStatus.TERMINATED if terminated else ContractStatus.ACTIVE
    contract.activated_at = contract.activated_at or now
    contracts.denormalize(contract, version.terms)


def signature_view(signature: ContractSignature) -> dict:
    key = db.session.get(DeviceKey, signature.device_key_id)
    return {
        "party": signature.party,
        "device_key_id": key.id,
        "public_key": key.public_key,
        "fingerprint": key.fingerprint,
        "signature": signature.signature,
        "signed_at": signature.signed_at.isoformat(),
    }


def receipt(user: User, contract_id: str, number: int | None, now: datetime) -> dict:
    """A self-contained ledger bundle whose ``application`` carries terms, salt, signatures, message."""
    contract = contracts.get(user, contract_id)
    version = contracts.version(contract, number) if number else contracts.latest_signed(contract)
    if version is None or version.ledger_index is None:
        raise NotFound("No signed version yet.")
    if version.salt is None or version.terms is None:
        raise Conflict("This contract was shredded; its ledger entry can no longer be linked to it.")
    signed_body = body(contract, version)
    application = {
        "format": FORMAT,
        "purpose": PURPOSE,
        "body": signed_body,
        "message": base64.b64encode(message(PURPOSE, signed_body)).decode(),
        "salt": base64.b64encode(version.salt).decode(),
        "signatures": [signature_view(s) for s in version.signatures],
    }
    log = ledger_service.log()
    try:
        return log.bundle_for(ledger_service.connection(), version.ledger_index, application)
    except LookupError:
        ledger_service.publish_checkpoint(now)
        return log.bundle_for(ledger_service.connection(), version.ledger_index, application)


def shred(contract_id: str, reason: str, now: datetime) -> Contract:
    """Crypto-shredding: delete salts, terms and parties; the ledger stays verifiable but unlinkable."""
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        raise NotFound()
    for version in contract.versions:
        version.terms = version.salt = version.parties = version.dispute_reason = None
        version.reason = f"shredded: {reason}"
        version.shredded_at = now
    contract.invite_email = contract.invite_phone = None
    contract.updated_at = now
    db.session.commit()
    return contract
