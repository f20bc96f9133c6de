"""Whether a date cell names a day or only a month. 2010.07, 2012年8月 and 201007 name a month, which the import
stores as its 1st: such a value agrees with any day of that month (a stored 2010-07-30, a 出生日期 column's
1988-01-15), and must never overwrite a day the office already knows."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_DIGIT_RUNS = re.compile(r"[0-9]+", re.ASCII)


def month_only(raw: object) -> bool:
    """Whether `raw` (a cell as read) writes a year and a month and no day: two runs of digits, the first of four
    (2010.07, 2010-7, 2012年8月, the number 2010.07), or one run of six (201007). A date cell, a serial number and
    every form with a day (2010.7.30, 20100730, 2010-07-30 00:00:00) name a day."""
    if raw is None or isinstance(raw, dt.date | bool):
        return False
    text = repr(raw) if isinstance(raw, float) else unicodedata.normalize("NFKC", str(raw))
    runs = _DIGIT_RUNS.findall(text)
    return (len(runs) == 2 and len(runs[0]) == 4) or (len(runs) == 1 and len(runs[0]) == 6)


def same_month(day: str, month: str) -> bool:
    """Whether the ISO date `day` falls in the month that the ISO date `month` (its 1st) stands for."""
    return day[:7] == month[:7]


def coarser(new: str, old: str | None, raw: object) -> bool:
    """Whether `new`, read from the cell `raw`, is a month (2010.07, as its 1st) that the day `old` on record
    (2010-07-30) falls in: less precise than what is known, not different from it."""
    return old is not None and same_month(old, new) and month_only(raw)
