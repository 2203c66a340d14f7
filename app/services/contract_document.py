"""The printable copy of a contract version (근로계약서 교부, 근로기준법 제17조②)."""

from __future__ import annotations

from app.errors import Conflict
from app.extensions import db
from app.models.accounts import User
from app.models.workplaces import Workplace
from app.services import contract_signing, contract_terms, contracts

WEEKDAY_KO = {"MON": "월", "TUE": "화", "WED": "수", "THU": "목", "FRI": "금", "SAT": "토", "SUN": "일"}
WAGE_KO = {"hourly": "시간급", "daily": "일급", "monthly": "월급"}
PAY_METHOD_KO = {"bank_transfer": "근로자 명의 예금통장에 입금", "cash": "근로자에게 직접 지급"}
INSURANCE_KO = {
    "employment": "고용보험",
    "industrial_accident": "산재보험",
    "pension": "국민연금",
    "health": "건강보험",
}


def context(user: User, contract_id: str, number: int) -> dict:
    """Everything the template needs: terms, parties, the schedule table, signatures, ledger index."""
    contract = contracts.get(user, contract_id)
    version = contracts.version(contract, number)
    if version.terms is None:
        raise Conflict("This contract was shredded.")
    terms = version.terms
    schedule = [
        {**entry, "day_ko": WEEKDAY_KO[entry["day"]], "hours": f"{contract_terms.work_minutes(entry) / 60:g}"}
        for entry in terms["schedule"]
    ]
    return {
        "contract": contract,
        "version": version,
        "terms": terms,
        "schedule": schedule,
        "workplace": db.session.get(Workplace, contract.workplace_id),
        "employer": db.session.get(User, contract.employer_id),
        "worker": db.session.get(User, contract.worker_id) if contract.worker_id else None,
        "weekly_hours": f"{float(contract_terms.weekly_hours(terms)):g}",
        "weekly_holiday_ko": WEEKDAY_KO.get(terms.get("weekly_holiday", "SUN")),
        "wage_ko": WAGE_KO[terms["wage"]["type"]],
        "pay_method_ko": PAY_METHOD_KO.get(terms.get("payment_method"), ""),
        "insurance": [(INSURANCE_KO[k], bool(v)) for k, v in (terms.get("social_insurance") or {}).items()],
        "signatures": [contract_signing.signature_view(s) for s in version.signatures],
    }
