"""What the reminders and the reports read: the care records loaded as plain rules records, what is due on a
day, the year's spending. Reads only; living records only (the bin's are not counted)."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from app.care.money import BY_CHOICES, Spend, SpendRow, spending
from app.care.rules import CareBook, CareSettings, DueItem, Event, HealthCheck, Person, Talk, Visit, due_items
from app.people.living import LIVING_PEOPLE
from app.units.service import living_unit_labels

# Office settings (the settings table): how many days a duty is due in, and how early birthdays, follow-ups and
# probation ends are listed (set in 系统设置 through app/care/settings.py).
SETTING_KEYS = {
    "due_days": "care_due_days",
    "birthday_lead": "care_birthday_lead",
    "follow_up_lead": "care_follow_up_lead",
    "probation_notice": "care_probation_notice",
}


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def care_settings(db: Database) -> CareSettings:
    """The office's own numbers where it set them (a value that is not a small whole number is ignored)."""
    stored = dict(db.execute("SELECT key, value FROM settings WHERE key LIKE 'care_%'").fetchall())
    values = {}
    for name, key in SETTING_KEYS.items():
        text = stored.get(key, "")
        if text.isdigit() and 0 < int(text) <= 366:
            values[name] = int(text)
    return CareSettings(**values)


def load_book(db: Database) -> CareBook:
    people = [
        Person(r[0], r[1], r[2], dt.date.fromisoformat(r[3]), r[4], _date(r[5]))
        for r in db.execute(
            f"SELECT id, name, id_number, birth_date, status, post_start_date {LIVING_PEOPLE}"
        )
    ]
    events = [
        Event(r[0], r[1], r[2], dt.date.fromisoformat(r[3]))
        for r in db.execute("SELECT id, person_id, kind, date FROM care_events WHERE deleted_at IS NULL")
    ]
    members: dict[int, list[int]] = {}
    for visit_id, person_id in db.execute(
        "SELECT visit_id, person_id FROM care_visit_people WHERE deleted_at IS NULL ORDER BY id"
    ):
        members.setdefault(visit_id, []).append(person_id)
    visits = [
        Visit(r[0], tuple(members.get(r[0], ())), dt.date.fromisoformat(r[1]), r[2], r[3], _date(r[4]))
        for r in db.execute(
            "SELECT id, date, kind, event_id, follow_up_date FROM care_visits WHERE deleted_at IS NULL"
        )
    ]
    talks = [
        Talk(r[0], r[1], dt.date.fromisoformat(r[2]), r[3], r[4], _date(r[5]))
        for r in db.execute(
            "SELECT id, person_id, date, reason, event_id, follow_up_date FROM care_talks WHERE deleted_at IS NULL"
        )
    ]
    checks = [
        HealthCheck(r[0], dt.date.fromisoformat(r[1]))
        for r in db.execute("SELECT person_id, date FROM care_health_checks WHERE deleted_at IS NULL")
    ]
    return CareBook(people, events, visits, talks, checks)


def due_on(db: Database, day: dt.date) -> list[DueItem]:
    """今日待办 as of `day`, counting only records dated on or before it."""
    return due_items(load_book(db), day, care_settings(db))


def year_spends(db: Database, year: int) -> list[Spend]:
    """Every living visit of the year with its amount and the unit of each person visited (in the order
    they were added to the visit)."""
    labels = living_unit_labels(db)  # 桂溪社区 under four streets: four units, each by its path
    units: dict[int, list[str]] = {}
    for visit_id, unit_id, unit in db.execute(
        "SELECT v.visit_id, p.unit_id, coalesce(u.name, '（无单位）') FROM care_visit_people v"
        " JOIN people p ON p.id = v.person_id LEFT JOIN org_units u ON u.id = p.unit_id"
        " WHERE v.deleted_at IS NULL ORDER BY v.id"
    ):
        units.setdefault(visit_id, []).append(labels.get(unit_id, unit))
    rows = db.execute(
        "SELECT id, date, kind, amount_fen FROM care_visits WHERE deleted_at IS NULL AND substr(date, 1, 4) = ?"
        " ORDER BY date, id",
        [f"{year:04d}"],
    ).fetchall()
    return [Spend(date, kind, fen, tuple(units.get(vid, ()))) for vid, date, kind, fen in rows]


def spending_views(db: Database, year: int) -> dict[str, list[SpendRow]]:
    """The year's spending by kind, by unit and by month, each with its 合计 row."""
    spends = year_spends(db, year)
    return {by: spending(spends, by, year) for by in BY_CHOICES}


def without_health_check(db: Database, year: int, day: dt.date | None = None) -> list[tuple[int, str, str]]:
    """People at work (在岗, 试用期) with no health check in `year` (dated on or before `day` when given):
    (id, name, ID number), by name's pinyin order."""
    end = (day or dt.date(year, 12, 31)).isoformat()
    return db.execute(
        "SELECT id, name, id_number FROM people p WHERE deleted_at IS NULL AND status IN ('在岗', '试用期')"
        " AND NOT EXISTS (SELECT 1 FROM care_health_checks c WHERE c.person_id = p.id AND c.deleted_at IS NULL"
        " AND c.date BETWEEN ? AND ?) ORDER BY name_order, id",
        [f"{year:04d}-01-01", end],
    ).fetchall()
