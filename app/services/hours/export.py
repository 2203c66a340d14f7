"""A worker's own hours for a period, as CSV and as a printable Korean page (진정·체당금 신청용)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from flask import render_template

from app.clock import SEOUL
from app.extensions import db
from app.models.accounts import User
from app.models.workplaces import Workplace
from app.services.access import contract_for
from app.services.hours import reading

WEEKDAYS_KO = "월화수목금토일"
STATUS_KO = {"open": "진행 중(퇴근 미기록)", "logged": "근로자 기록", "confirmed": "사업주 확인",
             "corrected": "정정 합의", "disputed": "이의 제기 중", "employer_entered": "사업주 입력"}
HEADER = ["날짜", "요일", "소정 시작", "소정 종료", "출근", "퇴근", "휴게(분)", "근로(분)", "근로시간", "상태", "표시", "근무 ID"]


def _hm(moment: datetime | None) -> str:
    return "" if moment is None else moment.astimezone(SEOUL).strftime("%H:%M")


def rows(user: User, contract_id: str, start: date, end: date, now: datetime) -> tuple[list[list[str]], int]:
    contract_for(user, contract_id, party="worker")
    out, total = [], 0
    for s in reading.shift_list(user, contract_id, start, end, now):
        sched = s["scheduled"] or {}
        worked = s["worked_minutes"]
        total += worked or 0
        out.append([s["day"].isoformat(), WEEKDAYS_KO[s["day"].weekday()], _hm(sched.get("start")), _hm(sched.get("end")),
                    _hm(s["start"]), _hm(s["end"]), str(s["break_minutes"]), "" if worked is None else str(worked),
                    "" if worked is None else f"{worked // 60}:{worked % 60:02d}", STATUS_KO.get(s["status"], s["status"]),
                    " ".join(s["flags"]), s["id"]])
    return out, total


def csv_text(user: User, contract_id: str, start: date, end: date, now: datetime) -> str:
    table, total = rows(user, contract_id, start, end, now)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(table)
    writer.writerow(["합계", "", "", "", "", "", "", str(total), f"{total // 60}:{total % 60:02d}", "", "", ""])
    return "\ufeff" + buf.getvalue()  # BOM: Excel opens UTF-8 Korean correctly


def html_page(user: User, contract_id: str, start: date, end: date, now: datetime) -> str:
    contract = contract_for(user, contract_id, party="worker")
    table, total = rows(user, contract_id, start, end, now)
    workplace = db.session.get(Workplace, contract.workplace_id)
    return render_template("hours.html", header=HEADER[:-1], rows=[r[:-1] for r in table], total=total,
                           worker=user, workplace=workplace, contract=contract, start=start, end=end,
                           generated=now.astimezone(SEOUL))
