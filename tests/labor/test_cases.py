"""Golden cases as data (tests/labor/cases/*.yaml, OpenFisca style): the legal arithmetic is beside
each expected number in the YAML comments."""

from pathlib import Path

import pytest
import yaml

from app.labor import PayRequest, compute_pay

CASES = [
    (path.stem, case)
    for path in sorted((Path(__file__).parent / "cases").glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


@pytest.mark.parametrize(("topic", "case"), CASES, ids=[f"{t}:{c['name']}" for t, c in CASES])
def test_golden_case(topic, case):
    result = compute_pay(PayRequest.from_dict(case["input"])).to_dict()
    for key, expected in case["output"].items():
        if key in ("violations", "flags"):
            assert set(result[key]) == set(expected), key
        else:
            assert result[key] == expected, key
    if "arrears_if_paid_at_contract_rate" not in case["output"]:
        assert "arrears_if_paid_at_contract_rate" not in result
    components = ("base_pay", "overtime_premium", "night_premium", "holiday_premium",
                  "weekly_holiday_allowance", "public_holiday_pay")
    assert result["gross"] == sum(result[c] for c in components)
