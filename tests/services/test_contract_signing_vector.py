"""The docs/SIGNING.md test vector, recomputed: message bytes, public keys, signatures, commitment."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import nacl.signing

from app.contract_verify import commitment, verify_application
from app.services.contracts import TERM_DEFAULTS
from app.signing import message, verify

DOC = (Path(__file__).resolve().parents[2] / "docs" / "SIGNING.md").read_text(encoding="utf-8")
WORKER_SEED, EMPLOYER_SEED, SALT = (
    bytes.fromhex("11" * 32),
    bytes.fromhex("22" * 32),
    bytes.fromhex("33" * 32),
)
BODY = {
    "contract_id": "00000000-0000-4000-8000-000000000001",
    "version": 1,
    "kind": "original",
    "supersedes": None,
    "effective_from": "2026-03-02",
    "parties": {
        "employer": {"id": "00000000-0000-4000-8000-000000000002"},
        "worker": {"id": "00000000-0000-4000-8000-000000000003"},
        "workplace": {"id": "00000000-0000-4000-8000-000000000004", "business_number": "220-81-62517"},
    },
    "terms": {
        "end_date": "2027-02-28",
        "weekly_holiday": "SUN",
        "bonus": {"paid": False, "amount": None},
        "other_allowances": [],
        "overtime_premium_rate": 50,
        "pay_period": "monthly",
        "payment_method": "bank_transfer",
        "annual_leave": "통상근로자의 근로시간에 비례하여 연차유급휴가를 부여함 (근로기준법 제18조③)",
        "social_insurance": {
            "employment": True,
            "industrial_accident": True,
            "pension": True,
            "health": True,
        },
        "copy_delivery": "electronic",
        "probation": False,
        "simple_labor": False,
        "minor_extension_agreement": False,
        "night_holiday_authorization": False,
        "worker_birth_date": None,
        "place_of_work": "서울특별시 마포구 월드컵로 1",
        "start_date": "2026-03-02",
        "job_description": "카페 홀 서빙 및 음료 제조",
        "schedule": [
            {"day": "MON", "start": "09:00", "end": "13:30", "break_minutes": 30},
            {"day": "WED", "start": "09:00", "end": "13:30", "break_minutes": 30},
            {"day": "FRI", "start": "09:00", "end": "13:30", "break_minutes": 30},
        ],
        "wage": {"type": "hourly", "amount": 10320},
        "pay_day": "10",
    },
}
MESSAGE_SHA256 = "b4ddc8f3e819af3050bcd07ffbb0b1b05c503463da14a210756d5eb665f977c1"
WORKER_PUBLIC = "0EqyMnQrtKs6E2i9RhXk5tAiSrcaAWuvhSCjMsl3hzc="
EMPLOYER_PUBLIC = "oJql9HpnWYAv+VX43C0qFKXJnSO+l/hkEn/5ODRVpPA="
WORKER_SIGNATURE = "UuATq4qSXBmjg+fm0DLiDd+Fj5IEHJPiBdSs9+lOrsl5Ko6SJM655Ll5w2ZGKlrEeW5imSvtKMtpk6nICZJwDw=="
EMPLOYER_SIGNATURE = (
    "x5GsRtdLcq4A9DNQKaui30V/LWfQyYCEMxYEN4QSqqB91hZOXufXNyFVBPOoYpBnGkvp7W/rq3SGIjIWN2fiCg=="
)
COMMITMENT = "03c0e08a23128af05f00eb7c19f217fb2c6039fdc55a569c10bef35281985ffc"


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def test_vector_message_keys_and_signatures():
    raw = message("contract", BODY)
    assert raw.startswith(b"nomusa/v1/contract\n{") and not raw.endswith(b"\n")
    assert hashlib.sha256(raw).hexdigest() == MESSAGE_SHA256
    for seed, public, signature in (
        (WORKER_SEED, WORKER_PUBLIC, WORKER_SIGNATURE),
        (EMPLOYER_SEED, EMPLOYER_PUBLIC, EMPLOYER_SIGNATURE),
    ):
        key = nacl.signing.SigningKey(seed)
        assert b64(bytes(key.verify_key)) == public
        assert b64(key.sign(raw).signature) == signature
        verify(public, "contract", BODY, signature)
    assert commitment(SALT, raw).hex() == COMMITMENT


def test_vector_is_the_one_documented():
    raw = message("contract", BODY)
    flat = "".join(DOC.split())
    assert b64(raw) in flat and raw.hex() in flat
    assert raw.decode("utf-8") in DOC
    for value in (
        MESSAGE_SHA256,
        WORKER_PUBLIC,
        EMPLOYER_PUBLIC,
        WORKER_SIGNATURE,
        EMPLOYER_SIGNATURE,
        COMMITMENT,
    ):
        assert value in DOC


def test_vector_terms_are_the_servers_defaults():
    assert {k: BODY["terms"][k] for k in TERM_DEFAULTS if k != "end_date"} == {
        k: v for k, v in TERM_DEFAULTS.items() if k != "end_date"
    }


def test_vector_signatures_do_not_replay():
    for purpose in ("time-event", "shift-confirm"):
        try:
            verify(WORKER_PUBLIC, purpose, BODY, WORKER_SIGNATURE)
        except ValueError:
            continue
        raise AssertionError("a contract signature verified for " + purpose)
    for change in (
        {"version": 2},
        {"contract_id": "00000000-0000-4000-8000-000000000009"},
        {"kind": "amendment"},
    ):
        try:
            verify(WORKER_PUBLIC, "contract", {**BODY, **change}, WORKER_SIGNATURE)
        except ValueError:
            continue
        raise AssertionError(f"signature verified for {change}")


def test_vector_application_part_verifies():
    raw = message("contract", BODY)
    application = {
        "format": "nomusa-contract/v1",
        "body": BODY,
        "message": b64(raw),
        "salt": b64(SALT),
        "signatures": [
            {"party": "worker", "public_key": WORKER_PUBLIC, "signature": WORKER_SIGNATURE},
            {"party": "employer", "public_key": EMPLOYER_PUBLIC, "signature": EMPLOYER_SIGNATURE},
        ],
    }
    assert verify_application(application, bytes.fromhex(COMMITMENT)) is None
    assert "missing" in verify_application(
        {**application, "signatures": application["signatures"][:1]}, bytes.fromhex(COMMITMENT)
    )
