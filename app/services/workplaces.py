"""Workplaces of an employer and their dated headcount history (the 5-employee threshold)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from app.errors import NotFound, ValidationFailed
from app.extensions import db
from app.models.accounts import User
from app.models.workplaces import EmployeeCount, Workplace
from app.validators import business_number

EDITABLE = ("name", "address", "district", "latitude", "longitude")


def _canonical_business_number(raw: str) -> str:
    value = business_number(raw)
    if value is None:
        raise ValidationFailed(errors={"business_number": ["Not a valid business registration number."]})
    return value


def create(employer: User, data: dict, now: datetime) -> Workplace:
    wp = Workplace(
        employer_id=employer.id,
        name=data["name"],
        business_number=_canonical_business_number(data["business_number"]),
        address=data["address"],
        district=data["district"],
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        created_at=now,
        updated_at=now,
    )
    wp.employee_counts.append(
        EmployeeCount(count=data["employee_count"], since=data["employee_count_since"], declared_at=now)
    )
    db.session.add(wp)
    db.session.commit()
    return wp


def get_owned(employer: User, workplace_id: str) -> Workplace:
    """The employer's own workplace; someone else's answers 404 so ids cannot be probed."""
    wp = db.session.get(Workplace, workplace_id)
    if wp is None or wp.employer_id != employer.id:
        raise NotFound()
    return wp


def list_owned(employer: User) -> list[Workplace]:
    q = sa.select(Workplace).where(Workplace.employer_id == employer.id).order_by(Workplace.created_at)
    return list(db.session.scalars(q))


def update(employer: User, workplace_id: str, data: dict, now: datetime) -> Workplace:
    wp = get_owned(employer, workplace_id)
    if "business_number" in data:
        wp.business_number = _canonical_business_number(data["business_number"])
    for key in EDITABLE:
        if key in data:
            setattr(wp, key, data[key])
    if "employee_count" in data:
        since = data.get("employee_count_since")
        if since is None:
            raise ValidationFailed(errors={"employee_count_since": ["Missing data for required field."]})
        wp.employee_counts.append(EmployeeCount(count=data["employee_count"], since=since, declared_at=now))
    wp.updated_at = now
    db.session.commit()
    return wp


def declaration_on(wp: Workplace, day: date) -> EmployeeCount | None:
    """The declaration holding on ``day``: the latest declared for the latest ``since`` ≤ day."""
    current = [row for row in wp.employee_counts if row.since <= day]
    return max(current, key=lambda row: (row.since, row.declared_at), default=None)


def employee_count_on(wp: Workplace, day: date) -> int | None:
    """The declared 상시근로자수 on ``day`` (None before the first declaration)."""
    row = declaration_on(wp, day)
    return row.count if row else None
