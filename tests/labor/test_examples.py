"""The shared golden cases (/work/shared/pay-examples.json) through the pure module."""

import json
from pathlib import Path

import pytest

from app.labor import PayRequest, compute_pay

EXAMPLES = Path(__file__).parents[2].parent / "shared" / "pay-examples.json"
CASES = json.loads(EXAMPLES.read_text(encoding="utf-8"))["cases"] if EXAMPLES.exists() else []


@pytest.mark.skipif(not EXAMPLES.exists(), reason=f"shared golden cases not found at {EXAMPLES}")
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_shared_example(case):
    result = compute_pay(PayRequest.from_dict(case)).to_dict()
    expected = case["expected"]
    for key, value in expected.items():
        if key == "violations":
            assert set(result["violations"]) == set(value)
        else:
            assert result.get(key) == value, key
    if "arrears_if_paid_at_contract_rate" not in expected:
        assert "arrears_if_paid_at_contract_rate" not in result
