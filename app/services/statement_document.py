"""The 임금명세서 document (근로기준법 제48조②, 시행령 제27조의2): every required item as JSON.

1 worker identity (name, birth date, employee number) · 2 pay date · 3 total · 4 each component ·
5 how each hour-based component was calculated, with overtime/night/holiday hours · 6 each
deduction and their total. Plus the basis of the hours (co-signed / worker-record / mixed).
"""

from __future__ import annotations

from datetime import date

from app.labor import PayResult

LAW = "근로기준법 제48조②, 시행령 제27조의2"
LABELS = {
    "base_pay": "기본급", "overtime_premium": "연장근로 가산수당", "night_premium": "야간근로 가산수당",
    "holiday_premium": "휴일근로 가산수당", "weekly_holiday_allowance": "주휴수당",
    "public_holiday_pay": "유급휴일 수당", "severance_pay": "퇴직급여",
}
DEDUCTION_LABELS = {
    "national_pension": "국민연금", "health": "건강보험", "long_term_care": "장기요양보험",
    "employment": "고용보험", "income_tax": "소득세", "local_income_tax": "지방소득세",
}
BASIS_LABELS = {"co-signed": "양측 서명 근무기록", "worker-record": "근로자 기록", "mixed": "혼합(서명·근로자 기록)"}


def _method(line: dict) -> str:
    rate, mult, hours = line["rate"], line["multiplier"], line["hours"]
    mult_text = "" if mult == 1 else f" × {mult}"
    return f"{hours}시간 × {rate:,}원{mult_text} = {line['amount']:,}원 ({line['basis']})"


def build_document(contract, workplace, worker, result: PayResult, due: date, worked,
                   owed_severance: dict | None, final: bool) -> dict:
    body = result.to_dict()
    components = [
        {"item": line["item"], "label": LABELS.get(line["item"], line["item"]), "amount": line["amount"],
         "hours": line["hours"], "rate": line["rate"], "multiplier": line["multiplier"],
         "method": _method(line)}
        for line in body["lines"]
    ]
    deductions = [{"item": k, "label": DEDUCTION_LABELS.get(k, k), "amount": v}
                  for k, v in body["deductions"].items() if k != "total"]
    total_due = body["net"]
    if owed_severance:
        components.append({"item": "severance_pay", "label": LABELS["severance_pay"],
                           "amount": owed_severance["amount"], "hours": None, "rate": None,
                           "multiplier": None, "method": owed_severance["method"]})
        total_due += owed_severance["amount"]
    return {
        "title": "임금명세서", "law": LAW,
        "worker": {"name": worker.name if worker else None,
                   "birth_date": worker.birth_date.isoformat() if worker and worker.birth_date else None,
                   "employee_number": contract.id},
        "employer": {"workplace": workplace.name, "business_number": workplace.business_number,
                     "address": workplace.address},
        "period": body["period"], "pay_date": due.isoformat(), "final_settlement": final,
        "components": components,
        "hours": body["hours"],
        "gross": body["gross"],
        "deductions": deductions, "deductions_total": body["deductions"].get("total", 0),
        "net_wages": body["net"],
        "severance": owed_severance,
        "total_due": total_due,
        "basis": worked.basis, "basis_label": BASIS_LABELS.get(worked.basis, worked.basis),
        "shift_ids": [str(s) for s in getattr(worked, "shift_ids", ())],
        "violations": body["violations"], "flags": body["flags"],
    }
