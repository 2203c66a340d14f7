"""Legal review of contract terms at drafting and again at signing: each refusal names field and article."""

from __future__ import annotations

import base64

import pytest

from tests.api.test_contracts import Phone, active_contract, draft, make_parties, terms


def days(*names, start="09:00", end="13:30", brk=30):
    return [{"day": d, "start": start, "end": end, "break_minutes": brk} for d in names]


WEEK = ("MON", "TUE", "WED", "THU", "FRI")
ADULT, MINOR, CHILD = "1999-04-01", "2010-01-01", "2012-06-01"


@pytest.fixture
def parties(api, client):
    return make_parties(api, client)


@pytest.mark.parametrize(
    "birth, changes, field, article",
    [
        (ADULT, {"wage": {"type": "hourly", "amount": 10000}}, "wage.amount", "최저임금법 제6조"),
        (ADULT, {"wage": {"type": "daily", "amount": 40000}}, "wage.amount", "최저임금법 제6조"),
        (ADULT, {"wage": {"type": "monthly", "amount": 1000000}}, "wage.amount", "최저임금법 제6조"),
        (ADULT, {"schedule": days(*WEEK, brk=0)}, "schedule.0.break_minutes", "근로기준법 제54조①"),
        (
            ADULT,
            {"schedule": days("MON", end="18:00", brk=30)},
            "schedule.0.break_minutes",
            "근로기준법 제54조①",
        ),
        (
            ADULT,
            {"schedule": days(*WEEK, "SAT", "SUN", end="18:00", brk=60), "weekly_holiday": "SUN"},
            "schedule",
            "근로기준법 제50조·제53조①",
        ),
        (ADULT, {"schedule": days("MON", "SUN")}, "weekly_holiday", "근로기준법 제55조①"),
        (ADULT, {"overtime_premium_rate": 40}, "overtime_premium_rate", "기간제법 제6조③"),
        (CHILD, {}, "worker_birth_date", "근로기준법 제64조①"),
        (
            MINOR,
            {"schedule": days("MON", "TUE", "WED", "THU", end="18:00", brk=60)},
            "schedule",
            "근로기준법 제69조",
        ),
        (
            MINOR,
            {
                "schedule": days(*WEEK, end="17:30", brk=60),
                "minor_extension_agreement": False,
                "wage": {"type": "hourly", "amount": 10320},
            },
            "schedule",
            "근로기준법 제69조",
        ),
        (
            MINOR,
            {"schedule": days("FRI", start="18:00", end="22:30")},
            "schedule.0.start",
            "근로기준법 제70조②",
        ),
    ],
)
def test_unlawful_terms_are_refused_with_field_and_article(api, client, birth, changes, field, article):
    boss, worker = api.account("employer"), api.account("worker", birth_date=birth)
    wp = api.workplace(boss, employee_count=10)  # 5+: every provision above applies
    resp = client.post(
        "/api/v1/contracts",
        headers=boss.headers,
        json={"workplace_id": wp["id"], "worker": {"email": worker.email}, "terms": terms(**changes)},
    )
    body = resp.get_json()
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json", body
    assert body["type"].endswith("legal-violation")
    assert any(article in m for m in body["errors"][field]), body["errors"]


def test_minor_extension_agreement_allows_one_more_hour(api, client):
    boss, worker = api.account("employer"), api.account("worker", birth_date=MINOR)
    wp = api.workplace(boss)
    body = terms(
        schedule=days("MON", "TUE", "WED", "THU", end="18:00", brk=60), minor_extension_agreement=True
    )
    draft(client, boss, wp, worker.email, body)


def test_warnings_under_15_hours_and_minimum_wage_rise(api, client):
    boss, worker = api.account("employer"), api.account("worker")
    wp = api.workplace(boss)
    c = draft(client, boss, wp, worker.email, terms(schedule=days("SAT"), end_date="2028-02-29"))
    codes = [w["code"] for w in c["warnings"]]
    assert codes == ["under_15_hours", "minimum_wage_rise"]  # 2027 rises; 2028 keeps the last known rate
    assert "2027-01-01" in c["warnings"][1]["message"] and "최저임금법 제6조" in c["warnings"][1]["message"]
    c = draft(client, boss, wp, worker.email, terms(wage={"type": "hourly", "amount": 11000}))
    assert c["warnings"] == []


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"schedule": days("XYZ")}, "terms"),
        ({"schedule": days("MON", start="25:00")}, "terms"),
        ({"schedule": days("MON", "MON")}, "schedule.1.day"),
        ({"schedule": days("MON", start="09:00", end="09:30", brk=30)}, "schedule.0.break_minutes"),
        ({"wage": {"type": "yearly", "amount": 1}}, "terms"),
        ({"pay_day": "32"}, "terms"),
        ({"end_date": "2026-01-01"}, "end_date"),
    ],
)
def test_malformed_terms_are_400_with_the_field(api, client, changes, field):
    boss, worker = api.account("employer"), api.account("worker")
    wp = api.workplace(boss)
    resp = client.post(
        "/api/v1/contracts",
        headers=boss.headers,
        json={"workplace_id": wp["id"], "worker": {"email": worker.email}, "terms": terms(**changes)},
    )
    assert resp.status_code == 400 and field in resp.get_json()["errors"], resp.get_json()


def test_terms_are_reviewed_again_at_signing(api, client):
    """The invited worker turns out to be 16: the 8-hour days the draft allowed are refused at signing."""
    boss = api.account("employer")
    wp = api.workplace(boss)
    c = draft(client, boss, wp, "teen@example.kr", terms(schedule=days("MON", "TUE", end="18:00", brk=60)))
    worker = api.account("worker", email="teen@example.kr", birth_date=MINOR)
    client.get("/api/v1/contracts", headers=worker.headers)
    phone = Phone(client, worker)
    resp = phone.post(c["id"], 1, phone.signature(base64.b64decode(phone.payload(c["id"])["message"])))
    assert resp.status_code == 422 and any("제69조" in m for m in resp.get_json()["errors"]["schedule"])


def test_amendment_below_the_new_minimum_is_refused(client, parties):
    boss, worker, wp, _, _ = parties
    c = active_contract(client, parties)
    resp = client.post(
        f"/api/v1/contracts/{c['id']}/amendments",
        headers=boss.headers,
        json={"effective_from": "2027-01-01", "terms": {"schedule": days("MON", "TUE")}},
    )
    assert resp.status_code == 422 and "최저임금법 제6조" in resp.get_json()["errors"]["wage.amount"][0]


def test_hour_limits_and_part_timer_premium_bind_only_five_plus_workplaces(api, client):
    """제50조·제53조 and 기간제법 (제6조③) are not listed for 4 or fewer employees (제11조②, 시행령 별표1)."""
    boss, worker = api.account("employer"), api.account("worker", birth_date=ADULT)
    small = api.workplace(boss, employee_count=3)
    long_week = terms(
        schedule=days(*WEEK, "SAT", end="19:00", brk=60), weekly_holiday="SUN", overtime_premium_rate=0  # 54 h
    )
    resp = client.post(
        "/api/v1/contracts",
        headers=boss.headers,
        json={"workplace_id": small["id"], "worker": {"email": worker.email}, "terms": long_week},
    )
    assert resp.status_code == 201, resp.get_json()
    assert "over_40_hours" in {w["code"] for w in resp.get_json()["warnings"]}
    big = api.workplace(boss, employee_count=5)
    refused = client.post(
        "/api/v1/contracts",
        headers=boss.headers,
        json={"workplace_id": big["id"], "worker": {"email": worker.email}, "terms": long_week},
    )
    assert refused.status_code == 422
    assert {"schedule", "overtime_premium_rate"} <= set(refused.get_json()["errors"])


def test_forty_to_fifty_two_hours_is_a_warning_at_five_plus(api, client):
    boss, worker = api.account("employer"), api.account("worker", birth_date=ADULT)
    wp = api.workplace(boss, employee_count=10)
    week = terms(schedule=days(*WEEK, end="19:00", brk=60))  # 9 h a day → 45 h
    resp = client.post(
        "/api/v1/contracts",
        headers=boss.headers,
        json={"workplace_id": wp["id"], "worker": {"email": worker.email}, "terms": week},
    )
    assert resp.status_code == 201, resp.get_json()
    assert "over_40_hours" in {w["code"] for w in resp.get_json()["warnings"]}
