"""Workplaces: ownership, business-number check digit, the employee-count history."""

from datetime import date

import pytest

from app.validators import business_number


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("220-81-62517", "220-81-62517"),  # a real registration number (check digit 7)
        ("2208162517", "220-81-62517"),
        ("220-81-62518", None),  # wrong check digit
        ("220-81-6251", None),
        ("abc-de-fghij", None),
        ("", None),
    ],
)
def test_business_number_check_digit(raw, expected):
    assert business_number(raw) == expected


def test_employer_creates_and_reads_workplace(api, client):
    boss = api.account("employer")
    wp = api.workplace(boss)
    assert wp["business_number"] == "220-81-62517" and wp["employee_count"] == 3
    got = client.get(f"/api/v1/workplaces/{wp['id']}", headers=boss.headers)
    assert got.status_code == 200 and got.get_json()["district"] == "마포구"
    listed = client.get("/api/v1/workplaces", headers=boss.headers).get_json()
    assert [w["id"] for w in listed] == [wp["id"]]


def test_invalid_business_number_names_the_field(api, client):
    boss = api.account("employer")
    body = {"name": "X", "business_number": "123-45-67890", "address": "a", "district": "중구",
            "employee_count": 2, "employee_count_since": "2026-01-01"}
    resp = client.post("/api/v1/workplaces", json=body, headers=boss.headers)
    assert resp.status_code == 400 and "business_number" in resp.get_json()["errors"]


def test_another_employers_workplace_is_404(api, client):
    owner, other = api.account("employer"), api.account("employer")
    wp = api.workplace(owner)
    assert client.get(f"/api/v1/workplaces/{wp['id']}", headers=other.headers).status_code == 404
    patch = client.patch(f"/api/v1/workplaces/{wp['id']}", json={"name": "mine now"}, headers=other.headers)
    assert patch.status_code == 404
    assert client.get("/api/v1/workplaces", headers=other.headers).get_json() == []


def test_worker_cannot_create_workplaces(api, client):
    worker = api.account("worker")
    resp = client.post("/api/v1/workplaces", json={}, headers=worker.headers)
    assert resp.status_code == 403


def test_employee_count_history_is_kept(api, client, app):
    boss = api.account("employer")
    wp = api.workplace(boss, employee_count=3, employee_count_since="2025-01-01")
    resp = client.patch(
        f"/api/v1/workplaces/{wp['id']}",
        json={"employee_count": 6, "employee_count_since": "2026-03-01"},
        headers=boss.headers,
    )
    assert resp.status_code == 200
    history = resp.get_json()["employee_counts"]
    assert [(h["count"], h["since"]) for h in history] == [(3, "2025-01-01"), (6, "2026-03-01")]
    from app.extensions import db
    from app.models.workplaces import Workplace
    from app.services.workplaces import employee_count_on

    with app.app_context():
        row = db.session.get(Workplace, wp["id"])
        assert employee_count_on(row, date(2024, 12, 31)) is None
        assert employee_count_on(row, date(2026, 2, 28)) == 3
        assert employee_count_on(row, date(2026, 3, 1)) == 6


def test_count_change_needs_its_date(api, client):
    boss = api.account("employer")
    wp = api.workplace(boss)
    resp = client.patch(f"/api/v1/workplaces/{wp['id']}", json={"employee_count": 7}, headers=boss.headers)
    assert resp.status_code == 400 and "employee_count_since" in resp.get_json()["errors"]
