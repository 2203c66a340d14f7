"""Validators for Korean identifiers used across the API."""

from __future__ import annotations

import re

_BIZ = re.compile(r"^(\d{3})-?(\d{2})-?(\d{5})$")
_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def business_number(raw: str) -> str | None:
    """Return the canonical 'XXX-XX-XXXXX' form of a valid 사업자등록번호, or None.

    Check digit (국세청 rule): sum d_i × (1,3,7,1,3,7,1,3,5) over the first nine digits, add
    ⌊d_9 × 5 / 10⌋ (d_9 = ninth digit), and the tenth digit is (10 − sum mod 10) mod 10.
    """
    m = _BIZ.match(raw.strip()) if isinstance(raw, str) else None
    if not m:
        return None
    digits = [int(c) for c in "".join(m.groups())]
    total = sum(d * w for d, w in zip(digits[:9], _WEIGHTS, strict=True)) + (digits[8] * 5) // 10
    if (10 - total % 10) % 10 != digits[9]:
        return None
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
