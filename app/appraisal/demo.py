"""The demo office's appraisals: two years under each built-in scheme, the earlier one finalized with its honors,
the later one still open with what a clerk meets in March: a group tied across the 优秀 line (待定) and a few
people without one of their scores (待补录).

What follows from them (app/appraisal/demo_followups is not a module of its own: it is the end of this one): the
补课 of the finalized year (some already covered by a training), honors 年度考核优秀 of the two years before,
entered from the paper records, so that suggestions across years wait in the list (a few already decided, one
commendation confirmed as an honor), and three years of the young cadres' points ledger, a few of them short of
60 points last year (三年内不考虑提拔).

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

from app import clock
from app.appraisal.finalize import EXCELLENT, format_serial, honor_kind, next_serials, serial_pattern
from app.appraisal.periods import Period, get_period
from app.appraisal.points import RULES_BY_KEY
from app.appraisal.rules import (
    BUILTIN_SCHEMES,
    EXEMPT,
    GRADES,
    MISSING,
    PENDING,
    REMEDIAL,
    Entry,
    Override,
    Scheme,
    override_problem,
    rank_group,
)
from app.appraisal.schemes import scheme_values
from app.appraisal.service import decimal_text
from app.appraisal.suggestions import COMMENDATION, RECOMMENDATION, commendation_title, open_suggestions

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
    _paper_honors(db, rng, years[0])
    _decide_some(db, rng, today)
    _points(db, rng, today)


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
    _insert_honors(db, honors)
    below = [r for r in results if REMEDIAL in r.flags and r.grade != EXEMPT and r.total is not None]
    _remedial(db, period, below, day, moment)


def _insert_honors(db: Database, honors: list[tuple]) -> None:
    db.conn.executemany(
        "INSERT INTO honors (uid, person_id, kind, title, period_id, year, serial, serial_text, issued_on, issuer,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        honors,
    )


def _remedial(db: Database, period: Period, below: list, day: dt.date, moment: str) -> None:
    """补课 for those below the line; about half covered by the spring training when it is past."""
    threshold = period.scheme.remedial_below
    course_end = dt.date(day.year, 4, 30)
    covered = course_end <= clock.today()
    rows = []
    for index, result in enumerate(below):
        done = covered and index % 2 == 0
        rows.append(
            (str(uuid.uuid4()), result.person_id, period.id, f"{result.total:.2f}", decimal_text(threshold), 5,
             day.isoformat(), f"{day.year}年春季社区工作者补课培训班" if done else None, 5 if done else None,
             course_end.isoformat() if done else None, moment, moment)
        )  # fmt: skip
    db.conn.executemany(
        "INSERT INTO remedial_requirements (uid, person_id, period_id, total, threshold, min_days, required_on,"
        " course, course_days, closed_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _paper_honors(db: Database, rng: random.Random, first_year: int) -> None:
    """年度考核优秀 of the two years before the app, from the paper records, for some of the first year's 优秀:
    runs of two and three years, so that the suggestions list has work in it."""
    excellent = [
        pid for (pid,) in db.execute("SELECT person_id FROM honors WHERE year = ? ORDER BY id", [first_year])
    ]
    issuer = (db.execute("SELECT value FROM settings WHERE key = 'issuer'").fetchone() or [""])[0]
    pattern = serial_pattern(db)
    for back in (1, 2):
        year = first_year - back
        excellent = [pid for pid in excellent if rng.random() < (0.35 if back == 1 else 0.4)]
        moment = f"{year + 1}-01-15T02:00:00+00:00"
        _insert_honors(db, [
            (str(uuid.uuid4()), pid, "年度考核优秀", f"{year}年度考核优秀", None, year, number,
             format_serial(pattern, year, number), f"{year + 1}-01-15", issuer, moment, moment)
            for pid, number in zip(excellent, next_serials(db, year, len(excellent)), strict=True)
        ])  # fmt: skip


def _decide_some(db: Database, rng: random.Random, today: dt.date) -> None:
    """The older suggestions already decided: each older 嘉奖 confirmed (an honor of its year), some 推荐任职 not
    taken up; the newest year's wait in the list."""
    found = open_suggestions(db)
    newest = max((s.year for s in found), default=None)
    issuer = (db.execute("SELECT value FROM settings WHERE key = 'issuer'").fetchone() or [""])[0]
    pattern = serial_pattern(db)
    for item in found:
        if item.year == newest or item.kind not in (COMMENDATION, RECOMMENDATION):
            continue
        day = dt.date(item.year + 1, 3, 10)
        honor_id, decision, note = None, "confirmed", "部务会研究同意"
        if item.kind == COMMENDATION:
            (number,) = next_serials(db, item.year, 1)
            honor_id = _insert("honors", db, {
                "person_id": item.person_id, "kind": COMMENDATION, "title": commendation_title(item),
                "year": item.year, "serial": number, "serial_text": format_serial(pattern, item.year, number),
                "issued_on": day.isoformat(), "issuer": issuer,
            })  # fmt: skip
        elif rng.random() < 0.5:
            decision, note = "dismissed", "暂无合适岗位，明年再议"
        _insert("appraisal_suggestions", db, {
            "person_id": item.person_id, "kind": item.kind, "first_year": item.first_year, "year": item.year,
            "decision": decision, "decided_on": day.isoformat(), "note": note, "honor_id": honor_id,
        })  # fmt: skip


# The office's young-cadre activities of a year: (rule, what, how many in the year).
_ACTIVITIES = (
    ("study", "青年干部理论学习会（第{n}期）", 12),
    ("homework", "专题调研报告（第{n}季度）", 4),
    ("organise", "社区青年志愿服务活动（第{n}次）", 3),
    ("contribution", "防汛救灾值守（第{n}次）", 1),
    ("practice_group", "基层治理重点工作实践小组（第{n}组）", 1),
)


def _points(db: Database, rng: random.Random, today: dt.date) -> None:
    """Three years of the ledger: each cadre at post takes part as diligently as they usually do; the current
    year only up to today. Most pass 60 points, a few fall short."""
    cadres = db.execute(
        "SELECT id, post_start_date FROM people WHERE role = 'reserve_cadre' AND status IN ('在岗', '试用期')"
        " ORDER BY id"
    ).fetchall()
    diligence = {pid: min(0.98, max(0.2, rng.gauss(0.72, 0.16))) for pid, _start in cadres}
    rows = []
    for year in range(today.year - 2, today.year + 1):
        for rule, what, count in _ACTIVITIES:
            for n in range(1, count + 1):
                day = dt.date(year, 1, 10) + dt.timedelta(days=(n - 1) * 365 // count + rng.randint(0, 20))
                if day > today:
                    continue
                for pid, start in cadres:
                    share = diligence[pid] if rule in ("study", "homework") else diligence[pid] / 2
                    if (start or "") <= day.isoformat() and rng.random() < share:
                        rows.append((str(uuid.uuid4()), pid, day.isoformat(), year, rule,
                                     RULES_BY_KEY[rule].points, what.format(n=n)))  # fmt: skip
    now = "2026-01-01T00:00:00+00:00"
    db.conn.executemany(
        "INSERT INTO points_entries (uid, person_id, date, year, rule, points, activity, created_at, updated_at)"
        f" VALUES (?, ?, ?, ?, ?, ?, ?, '{now}', '{now}')",
        rows,
    )
