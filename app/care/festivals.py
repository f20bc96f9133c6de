"""The festivals greetings are made for (春节, 端午, 中秋) and their dates, which follow the lunar calendar.

A table, not a calendar library: three dates a year are all the app needs, and the Windows bundle stays
small. It was made with the `lunardate` package (1 January, 5 May and 15 August of the lunar year) and covers
2015–2040; for another year the clerk types the date.
"""

from __future__ import annotations

import datetime as dt

FESTIVALS = ("春节", "端午", "中秋")
# year -> (春节, 端午, 中秋) as MM-DD
_DATES: dict[int, tuple[str, str, str]] = {
    2015: ("02-19", "06-20", "09-27"),
    2016: ("02-08", "06-09", "09-15"),
    2017: ("01-28", "05-30", "10-04"),
    2018: ("02-16", "06-18", "09-24"),
    2019: ("02-05", "06-07", "09-13"),
    2020: ("01-25", "06-25", "10-01"),
    2021: ("02-12", "06-14", "09-21"),
    2022: ("02-01", "06-03", "09-10"),
    2023: ("01-22", "06-22", "09-29"),
    2024: ("02-10", "06-10", "09-17"),
    2025: ("01-29", "05-31", "10-06"),
    2026: ("02-17", "06-19", "09-25"),
    2027: ("02-06", "06-09", "09-15"),
    2028: ("01-26", "05-28", "10-03"),
    2029: ("02-13", "06-16", "09-22"),
    2030: ("02-03", "06-05", "09-12"),
    2031: ("01-23", "06-24", "10-01"),
    2032: ("02-11", "06-12", "09-19"),
    2033: ("01-31", "06-01", "09-08"),
    2034: ("02-19", "06-20", "09-27"),
    2035: ("02-08", "06-10", "09-16"),
    2036: ("01-28", "05-30", "10-04"),
    2037: ("02-15", "06-18", "09-24"),
    2038: ("02-04", "06-07", "09-13"),
    2039: ("01-24", "05-27", "10-02"),
    2040: ("02-12", "06-14", "09-20"),
}


class FestivalError(ValueError):
    """A festival or a year the table does not know; message in Chinese."""


def festival_date(festival: str, year: int) -> dt.date:
    """The day of `festival` in `year`: festival_date('中秋', 2026) == 2026-09-25."""
    if festival not in FESTIVALS:
        raise FestivalError(f"“{festival}”不是可选的节日，可选：{'、'.join(FESTIVALS)}")
    dates = _DATES.get(year)
    if dates is None:
        first, last = min(_DATES), max(_DATES)
        raise FestivalError(f"本程序只知道{first}—{last}年的{festival}日期，请直接填写慰问日期")
    return dt.date.fromisoformat(f"{year}-{dates[FESTIVALS.index(festival)]}")
