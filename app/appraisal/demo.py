"""The demo office's appraisals: two years under each built-in scheme, the earlier one finalized with its honors,
the later one still open with what a clerk meets in March: a group tied across the 优秀 line (待定) and a few
people without one of their scores (待补录).

Each scheme is given to the role it suits: 加权评价·双达标 to the community workers, 1:5:4 to the instructors, 3+X
to the young cadres; only people at their post (在岗, 试用期) are scored. Written with plain SQL inside the demo's
transaction, covered by its one audit row, like the people themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import replace
from decimal import Decimal

from sqlite_utils import Database

from app.appraisal.finalize import EXCELLENT, format_serial, honor_kind, next_serials, serial_pattern
from app.appraisal.periods import Period, get_period
from app.appraisal.rules import (
    BUILTIN_SCHEMES,
    EXEMPT,
    GRADES,
    MISSING,
    PENDING,
    Entry,
    Override,
    Scheme,
    override_problem,
    rank_group,
)
from app.appraisal.schemes import scheme_values
from app.appraisal.service import decimal_text

DEMO_SCHEMES = {"weighted-top20": "community_worker", "ratio-154": "instructor", "3x": "reserve_cadre"}
MISSING_SHARE = 0.015  # people lacking one score in a period
EXEMPT_REASONS = ("产假", "长期病假", "新到岗未满半年", "借调市级部门")
PENDING_REASON = "同分并列，经考核工作领导小组研究，按年度述职情况确定"


def build_appraisals(db: Database, rng: random.Random, today: dt.date, actor: str) -> None:
    """Call inside the demo's transaction, after the people are written. Ranks in memory with the engine (the
    entries written are the entries ranked), so 10,000 people cost no reloading."""
    years = (today.year - 2, today.year - 1)
    people = db.execute(
        "SELECT id, role FROM people WHERE status IN ('在岗', '试用期') ORDER BY id"
    ).fetchall()
    ability = {person_id: _ability(rng) for person_id, _role in people}
    for key, role in DEMO_SCHEMES.items():
        scheme = BUILTIN_SCHEMES[key]
        scheme_id = _insert("appraisal_schemes", db, scheme_values(scheme, builtin=True))
        members = [person_id for person_id, person_role in people if person_role == role]
        for year in years:
            period_id = _insert("appraisal_periods", db, {"scheme_id": scheme_id, "year": year})
            entries = _score(rng, scheme, members, ability)
            _tie_on_the_line(scheme, entries)
            if year == years[0]:
                _settle(rng, scheme, entries)
            _write(db, period_id, entries)
            if year == years[0]:
                _finalize(db, get_period(db, period_id), entries, actor)


def _ability(rng: random.Random) -> float:
    """How well a person works, the same from year to year: most between 75 and 90, a few struggling."""
    return rng.gauss(56, 5) if rng.random() < 0.03 else rng.gauss(82, 5.5)


def _insert(table: str, db: Database, values: dict) -> int:
    now = "2026-01-01T00:00:00+00:00"
    record = {**values, "uid": str(uuid.uuid4()), "created_at": now, "updated_at": now}
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
        list(record.values()),
    )
    return cursor.lastrowid


def _score(rng: random.Random, scheme: Scheme, members: list[int], ability: dict) -> dict[int, Entry]:
    entries = {}
    last = len(scheme.components) - 1
    for person_id in members:
        base = ability[person_id] + rng.gauss(0, 2.5)  # a better or worse year
        scores: dict[str, Decimal | None] = {}
        for index, component in enumerate(scheme.components):
            value = min(100.0, max(35.0, base + rng.gauss(0, 4 if index else 3)))
            # The last component is a ballot (满意度): one decimal, as 满意 / 基本满意 counts give.
            scores[component.key] = Decimal(f"{value:.1f}") if index == last else Decimal(round(value))
        if rng.random() < MISSING_SHARE:
            del scores[rng.choice(list(scores))]
        bonus = None
        if scheme.bonus_cap is not None and rng.random() < 0.35:
            bonus = Decimal(rng.randint(2, 16)) / 2  # 1 to 8 points, in halves
        entries[person_id] = Entry(person_id, scores, bonus)
    return entries


def _tie_on_the_line(scheme: Scheme, entries: dict[int, Entry]) -> None:
    """Give the first person below the last 优秀 seat the same scores as the one holding it: a tie that
    straddles the line, which the rules mark 待定 for a person to decide."""
    results = rank_group(scheme, list(entries.values()))
    if any(PENDING in r.flags for r in results):  # a tie of their own on the line already (many people)
        return
    ranked = [r for r in results if r.place is not None]
    last = max((i for i, r in enumerate(ranked) if r.grade == EXCELLENT), default=None)
    if last is None or last + 1 >= len(ranked):
        return
    holder, next_one = entries[ranked[last].person_id], ranked[last + 1].person_id
    entries[next_one] = replace(holder, person_id=next_one)


def _settle(rng: random.Random, scheme: Scheme, entries: dict[int, Entry]) -> None:
    """What the clerk did before 定稿: each 待定 group resolved within its seats, each 待补录 excused."""
    for result in rank_group(scheme, list(entries.values())):
        person_id = result.person_id
        if PENDING in result.flags:
            for grade in GRADES:  # the best grade the group's seats still allow
                override = Override(grade, PENDING_REASON)
                if override_problem(scheme, list(entries.values()), person_id, override) is None:
                    entries[person_id] = replace(entries[person_id], override=override)
                    break
        elif MISSING in result.flags:
            entries[person_id] = replace(
                entries[person_id], override=Override(EXEMPT, rng.choice(EXEMPT_REASONS))
            )


def _write(db: Database, period_id: int, entries: dict[int, Entry]) -> None:
    now = "2026-01-01T00:00:00+00:00"
    rows = [
        (str(uuid.uuid4()), period_id, e.person_id,
         json.dumps({k: decimal_text(v) for k, v in e.scores.items() if v is not None}, sort_keys=True),
         None if e.bonus is None else decimal_text(e.bonus), e.override.grade if e.override else None,
         e.override.reason if e.override else None, now, now)
        for e in entries.values()
    ]  # fmt: skip
    db.conn.executemany(
        "INSERT INTO appraisal_scores (uid, period_id, person_id, scores, bonus, override_grade, override_reason,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _finalize(db: Database, period: Period, entries: dict[int, Entry], actor: str) -> None:
    """定稿 in the January after the year, with an honor for each 优秀 (the year's serial numbers in turn)."""
    results = rank_group(period.scheme, list(entries.values()))
    if any(PENDING in r.flags or (MISSING in r.flags and r.grade != EXEMPT) for r in results):
        return  # left open: the demo shows an open period rather than a wrong final one
    day = dt.date(period.year + 1, 1, 15)
    moment = f"{day.isoformat()}T02:00:00+00:00"
    db.execute(
        "UPDATE appraisal_periods SET finalized_at = ?, finalized_by = ? WHERE id = ?",
        [moment, actor, period.id],
    )
    excellent = [r.person_id for r in results if r.grade == EXCELLENT]
    issuer = (db.execute("SELECT value FROM settings WHERE key = 'issuer'").fetchone() or [""])[0]
    pattern = serial_pattern(db)
    honors = [
        (str(uuid.uuid4()), person_id, honor_kind(period), period.title + EXCELLENT, period.id,
         period.year, number, format_serial(pattern, period.year, number), day.isoformat(), issuer, moment, moment)
        for person_id, number in zip(excellent, next_serials(db, period.year, len(excellent)), strict=True)
    ]  # fmt: skip
    db.conn.executemany(
        "INSERT INTO honors (uid, person_id, kind, title, period_id, year, serial, serial_text, issued_on, issuer,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        honors,
    )
