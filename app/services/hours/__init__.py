"""Working hours (근로시간) from the phone: signed clock events, shifts, co-signatures, corrections,
disputes, period closes, exports and daily ledger anchors.

Other areas call :func:`shifts_for_pay` (the wage-statement job) and :func:`open_disputes` (the
alert feed); the HTTP layer calls the submodules.
"""

from app.services.hours.pay import PayShifts, open_disputes, shifts_for_pay

__all__ = ["PayShifts", "open_disputes", "shifts_for_pay"]
