"""Valid ID numbers for tests: one helper instead of a copy in every file."""

from __future__ import annotations

from app.people.idnumber import check_digit


def make_id(serial: int) -> str:
    """A valid 18-digit ID number (born 1990-01-01 in 北京东城), different for each serial 0..999."""
    first17 = f"11010119900101{serial:03d}"
    return first17 + check_digit(first17)
