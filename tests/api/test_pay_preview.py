"""POST /api/v1/pay/preview: the shared golden cases through HTTP, and validation errors by field."""

import copy
import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2].parent / "shared" / "pay-examples.json"
CASES = json.loads(EXAMPLES.read_text(encoding="utf-8"))["cases"] if EXAMPLES.exists() else []
URL = "/api/v1/pay/preview"
REQUEST_KEYS = ("workplace_size", "contract", "period", "shifts")


def request_of(case):
    return copy.deepcopy({key: case[key] for key in REQUEST_KEYS})


@pytest.mark.skipif(not EXAMPLES.exists(), reason=f"shared golden cases not found at {EXAMPLES}")
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_shared_example_over_http(client, case):
    response = client.post(URL, json=request_of(case))
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    for key, value in case["expected"].items():
        if key == "violations":
            assert set(body["violations"]) == set(value)
        else:
            assert body[key] == value, key
    assert all({"item", "hours", "rate", "multiplier", "amount", "basis"} <= set(line) for line in body["lines"])
    assert body["net"] == body["gross"] - body["deductions"]["total"]


def valid_request():
    return {
        "workplace_size": 10,
        "contract": {"hourly_wage": 10320, "weekly_scheduled_hours": 20, "scheduled_days": ["MON", "TUE"],
                     "start_date": "2026-09-01", "worker_birth_date": "2000-01-01"},
        "period": {"start": "2026-11-02", "end": "2026-11-08"},
        "shifts": [{"start": "2026-11-02T09:00", "end": "2026-11-02T19:00", "break_minutes": 60},
                   {"start": "2026-11-03T09:00", "end": "2026-11-03T19:00", "break_minutes": 60}],
    }


def test_valid_request_is_computed(client):
    response = client.post(URL, json=valid_request())
    assert response.status_code == 200
    assert response.get_json()["hours"]["worked"] == 18


def _break_end_before_start(r):
    r["shifts"][0]["end"] = "2026-11-02T08:00"


def _overlap(r):
    r["shifts"][1] = {"start": "2026-11-02T18:00", "end": "2026-11-02T20:00"}


def _long_period(r):
    r["period"]["end"] = "2027-03-01"


def _too_many_shifts(r):
    r["shifts"] = [{"start": f"2026-11-0{2 + i % 5}T0{i % 10}:00", "end": f"2026-11-0{2 + i % 5}T0{i % 10}:30"}
                   for i in range(501)]


def _unknown_weekday(r):
    r["contract"]["scheduled_days"] = ["MON", "FUNDAY"]


@pytest.mark.parametrize(("mutate", "field"), [
    (_break_end_before_start, "end"), (_overlap, "start"), (_long_period, "end"),
    (_too_many_shifts, "shifts"), (_unknown_weekday, "scheduled_days"),
])
def test_malformed_input_names_the_field(client, mutate, field):
    request = valid_request()
    mutate(request)
    response = client.post(URL, json=request)
    assert response.status_code in (400, 422)
    assert f'"{field}"' in json.dumps(response.get_json()["errors"], ensure_ascii=False)


def test_preview_is_rate_limited_per_address(app, client):
    limit = app.config["SETTINGS"].preview_requests_per_minute
    for _ in range(limit):
        assert client.post("/api/v1/pay/preview", json={}).status_code == 400
    resp = client.post("/api/v1/pay/preview", json={})
    assert resp.status_code == 429
    assert resp.mimetype == "application/problem+json" and int(resp.headers["Retry-After"]) >= 1
