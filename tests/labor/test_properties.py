"""Properties of the pay rules (hypothesis): splitting, ordering, minimum wage, small workplaces."""

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.labor import Contract, PayRequest, Shift, compute_pay, minimum_wage
from app.labor.model import SEOUL

MONDAY = datetime(2026, 11, 2, tzinfo=SEOUL)
PERIOD = (date(2026, 11, 2), date(2026, 11, 15))


def contract(rate: int = 10320, weekly: int = 20) -> Contract:
    return Contract(hourly_wage=rate, weekly_scheduled_hours=weekly,
                    scheduled_days=frozenset({"MON", "TUE", "WED", "THU", "FRI"}),
                    start_date=date(2026, 1, 5), worker_birth_date=date(1990, 1, 1))


@st.composite
def shift_lists(draw, max_shifts=8):
    """Non-overlapping shifts in a two-week period, no breaks, at least a minute apart."""
    starts = draw(st.lists(st.integers(0, 13 * 24 * 60), min_size=1, max_size=max_shifts, unique=True))
    shifts, cursor = [], -1
    for start in sorted(starts):
        start = max(start, cursor + 1)
        length = draw(st.integers(1, 14 * 60))
        end = min(start + length, 14 * 24 * 60 - 1)
        if end <= start:
            break
        shifts.append(Shift(MONDAY + timedelta(minutes=start), MONDAY + timedelta(minutes=end)))
        cursor = end
    return shifts


def pay(shifts, size=10, rate=10320, weekly=20):
    request = PayRequest(size, contract(rate, weekly), *PERIOD, tuple(shifts))
    return compute_pay(request)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(shift_lists(), st.data(), st.sampled_from([3, 10]))
def test_splitting_a_shift_never_changes_pay(shifts, data, size):
    index = data.draw(st.integers(0, len(shifts) - 1))
    target = shifts[index]
    minutes = int((target.end - target.start).total_seconds() // 60)
    if minutes < 2:
        return
    cut = target.start + timedelta(minutes=data.draw(st.integers(1, minutes - 1)))
    split = shifts[:index] + [Shift(target.start, cut), Shift(cut, target.end)] + shifts[index + 1:]
    whole, parts = pay(shifts, size).to_dict(), pay(split, size).to_dict()
    assert parts["gross"] == whole["gross"]
    assert parts["hours"] == whole["hours"]


@FAST
@given(shift_lists(), st.randoms(use_true_random=False))
def test_result_independent_of_shift_order(shifts, rnd):
    shuffled = list(shifts)
    rnd.shuffle(shuffled)
    assert pay(shuffled).to_dict() == pay(shifts).to_dict()


@FAST
@given(shift_lists(), st.integers(5000, 20000), st.sampled_from([3, 10]))
def test_gross_at_least_minimum_wage_times_hours(shifts, rate, size):
    result = pay(shifts, size, rate)
    worked_minutes = result.hours["worked"]
    assert result.gross >= int(worked_minutes * minimum_wage(PERIOD[0]) / 60)
    assert ("minimum_wage" in result.violations) == (rate < minimum_wage(PERIOD[0]) and result.gross > 0)


@FAST
@given(shift_lists(), st.integers(1, 4), st.sampled_from([12, 20, 40]))
def test_under_five_employees_never_get_a_premium(shifts, size, weekly):
    result = pay(shifts, size, weekly=weekly)
    assert result.overtime_premium == result.night_premium == result.holiday_premium == 0
    assert "weekly_52h" not in result.violations
