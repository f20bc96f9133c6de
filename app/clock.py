"""Time in one place, so tests can pin 'now' and every timestamp has the same shape."""

from __future__ import annotations

import datetime as dt


def utc_now() -> str:
    """A UTC timestamp as ISO text with seconds, e.g. '2026-11-21T08:20:00+00:00'."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


# A day the tests pin (tests/conftest.py: pin_today): every module that imported `today` by name asks this
# one function, so setting the day here reaches them all, where patching the function would reach only this one.
_pinned: dt.date | None = None


def today() -> dt.date:
    return _pinned or dt.date.today()


def local_text(utc_iso: str | None) -> str:
    """A stored UTC timestamp shown in the PC's local time: '2026-11-21 16:20'."""
    if not utc_iso:
        return ""
    moment = dt.datetime.fromisoformat(utc_iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def local_day(utc_iso: str | None) -> str:
    """The PC's local day of a stored UTC timestamp: '2026-12-31T23:30:00+00:00' is '2027-01-01' in Beijing.
    Cutting the stored text to 10 characters gives the UTC day, a day early before 08:00 there."""
    return local_text(utc_iso)[:10]


def current_actor() -> str:
    """Who is working: the Windows (or POSIX) user name and the computer, e.g. '张敏@ZZB-PC01' — the same
    words the database lock shows to a second copy of the app."""
    from db.lock import user_at_host

    return user_at_host()
