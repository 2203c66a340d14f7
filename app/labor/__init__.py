"""Pure Korean labor-law pay rules for nomusa (no I/O, no clock, no Flask: days and data are arguments)."""

from app.labor.calendar import holiday_name, is_labor_day, is_paid_public_holiday, public_holidays
from app.labor.classify import is_minor
from app.labor.deductions import insurance_deductions
from app.labor.model import Break, Contract, Line, PayRequest, PayResult, Shift
from app.labor.parameters import ParameterError, ParameterNotDefined, parameter, value
from app.labor.pay import compute_pay
from app.labor.validation import ContractIssue, validate_contract
from app.labor.violations import required_break_minutes
from app.labor.wages import minimum_rate, minimum_wage, rate_owed
from app.labor.weekly_holiday import public_holiday_hours, weekly_holiday_hours

__all__ = [
    "Break", "Contract", "ContractIssue", "Line", "ParameterError", "ParameterNotDefined", "PayRequest",
    "PayResult", "Shift", "compute_pay", "holiday_name", "insurance_deductions", "is_labor_day", "is_minor",
    "is_paid_public_holiday", "minimum_rate", "minimum_wage", "parameter", "public_holiday_hours",
    "public_holidays", "rate_owed", "required_break_minutes", "validate_contract", "value",
    "weekly_holiday_hours",
]
