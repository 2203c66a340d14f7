"""Working hours (근로시간) from the phone: signed clock events, shifts, co-signatures, corrections,
disputes, period closes, exports and daily ledger anchors.

Other areas call :func:`shifts_for_pay` (the wage-statement job, with :func:`load_for_pay` for a batch) and :func:`open_disputes` (the
alert feed); the HTTP layer calls the submodules.
"""

from app.services.hours.pay import PayRecords, PayShifts, load_for_pay, open_disputes, shifts_for_pay

__all__ = ["PayRecords", "PayShifts", "load_for_pay", "open_disputes", "shifts_for_pay"]
