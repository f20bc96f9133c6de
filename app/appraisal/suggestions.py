"""Suggestions across years: 2 consecutive years 优秀 → 嘉奖 and 推荐任职, 3 consecutive → 提前一年晋级.

A year 优秀 is a living honor 年度考核优秀 of that year (a finalized annual appraisal's, or one entered from the
paper records of earlier years), so reopening a period takes its year away by itself. The suggestions are
computed from these years, never stored; what the staff decide is stored, once per person, kind and year, and
a decided suggestion is never offered again. Each run of consecutive years offers each kind once: in the year
the run first reaches the length the kind asks for (a run 2022–2025 offers 嘉奖 and 推荐任职 for 2023 and
提前一年晋级 for 2024; a new run after a break offers them again).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from app import audit
from app.appraisal.honors import issue_honor, office_issuer
from app.appraisal.schemes import APPRAISAL_CHANGED
from app.changes import OperationRefused, OpResult
from app.clock import today as clock_today
from app.clock import utc_now

COMMENDATION = "嘉奖"
EARLY_PROMOTION = "提前一年晋级"
RECOMMENDATION = "推荐任职"
# (kind, consecutive years of 优秀 it asks for), in the order the list shows them.
RULES: tuple[tuple[str, int], ...] = ((COMMENDATION, 2), (RECOMMENDATION, 2), (EARLY_PROMOTION, 3))
EXCELLENT_KIND = "年度考核优秀"
MAX_NOTE = 200


@dataclass(frozen=True)
class Reached:
    kind: str
    first_year: int
    year: int  # the year the run reached the length the kind asks for

    @property
    def run(self) -> int:
        return self.year - self.first_year + 1


def reached(years: Iterable[int]) -> list[Reached]:
    """Every suggestion a set of 优秀 years gives: one per run and kind, in the year the run reaches the kind's
    length. Pure."""
    found: list[Reached] = []
    length, previous = 0, None
    for year in sorted(set(years)):
        length = length + 1 if previous == year - 1 else 1
        previous = year
        found += [Reached(kind, year - need + 1, year) for kind, need in RULES if length == need]
    return found


@dataclass(frozen=True)
class Suggestion:
    person_id: int
    name: str
    id_number: str
    unit: str
    kind: str
    first_year: int
    year: int
    since: dt.date  # when the last 优秀 of the run was granted: the suggestion exists from then

    @property
    def about(self) -> str:
        """2024—2025 年连续 2 年考核优秀，建议嘉奖."""
        return (
            f"{self.first_year}—{self.year}年连续{self.year - self.first_year + 1}年考核优秀，建议{self.kind}"
        )

    @property
    def key(self) -> tuple[int, str, int]:
        return (self.person_id, self.kind, self.year)


def _excellent_years(db: Database, day: dt.date | None) -> dict[int, dict[int, dt.date]]:
    """person → 优秀 year → the day it was granted (the earliest, if two schemes gave it)."""
    sql = (
        "SELECT h.person_id, h.year, min(h.issued_on) FROM honors h JOIN people p ON p.id = h.person_id"
        " WHERE h.kind = ? AND h.withdrawn_at IS NULL AND p.deleted_at IS NULL"
    )
    params: list = [EXCELLENT_KIND]
    if day is not None:
        sql += " AND h.issued_on <= ?"
        params.append(day.isoformat())
    years: dict[int, dict[int, dt.date]] = {}
    for person_id, year, issued in db.execute(sql + " GROUP BY h.person_id, h.year", params):
        years.setdefault(person_id, {})[year] = dt.date.fromisoformat(issued)
    return years


def _decided(db: Database, day: dt.date | None) -> set[tuple[int, str, int]]:
    sql, params = "SELECT person_id, kind, year FROM appraisal_suggestions", []
    if day is not None:
        sql += " WHERE decided_on <= ?"
        params.append(day.isoformat())
    return {tuple(row) for row in db.execute(sql, params)}  # type: ignore[misc]


def open_suggestions(db: Database, day: dt.date | None = None) -> list[Suggestion]:
    """What waits for a decision (as of `day`: counting only honors granted and decisions made by then),
    newest first."""
    years, decided = _excellent_years(db, day), _decided(db, day)
    if not years:
        return []
    people = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT p.id, p.name, p.id_number, coalesce(u.name, '') FROM people p"
            " LEFT JOIN org_units u ON u.id = p.unit_id WHERE p.deleted_at IS NULL"
            f" AND p.id IN ({', '.join(str(int(i)) for i in years)})"
        )
    }
    found = []
    for person_id, granted in years.items():
        name, id_number, unit = people[person_id]
        for item in reached(granted):
            if (person_id, item.kind, item.year) not in decided:
                found.append(Suggestion(person_id, name, id_number, unit, item.kind, item.first_year, item.year,
                                        granted[item.year]))  # fmt: skip
    order = {kind: i for i, (kind, _need) in enumerate(RULES)}
    found.sort(key=lambda s: (-s.year, order[s.kind], s.name))
    return found


def _find_open(db: Database, key: tuple[int, str, int]) -> Suggestion:
    found = next((s for s in open_suggestions(db) if s.key == key), None)
    if found is None:
        raise OperationRefused("该建议已经处理过，或已不再成立（相关年度的考核优秀已撤销）")
    return found


def _note(note: str) -> str | None:
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise OperationRefused(f"说明过长（{len(note)}个字），请控制在{MAX_NOTE}个字以内")
    return note or None


def commendation_title(item: Suggestion) -> str:
    """2025年度嘉奖（2024—2025年连续2年考核优秀）."""
    return f"{item.year}年度嘉奖（{item.first_year}—{item.year}年连续{item.year - item.first_year + 1}年考核优秀）"


def confirm_suggestion(
    db: Database, key: tuple[int, str, int], actor: str, *, note: str = "", on: dt.date | None = None
) -> OpResult:
    """The staff accept a suggestion. A commendation becomes an honor (荣誉 嘉奖) numbered in the sequence of
    the suggestion's year, as an appraisal's honors are; `made` is the honor's id (None for the others)."""
    item = _find_open(db, key)
    note_text, day, now = _note(note), on or clock_today(), utc_now()
    honor_id, serial = None, ""
    with db.atomic():
        if item.kind == COMMENDATION:
            honor_id, serial = issue_honor(
                db, person_id=item.person_id, name=item.name, kind=COMMENDATION, title=commendation_title(item),
                year=item.year, issued_on=day, issuer=office_issuer(db), actor=actor, now=now,
            )  # fmt: skip
        _decide(db, item, "confirmed", day, note_text, honor_id, actor, now)
    said = f"，已记入荣誉（{serial}）" if serial else ""
    return OpResult(APPRAISAL_CHANGED, honor_id, f"已确认：{item.name} {item.kind}{said}", made=honor_id)


def dismiss_suggestion(
    db: Database, key: tuple[int, str, int], actor: str, *, note: str, on: dt.date | None = None
) -> OpResult:
    """The staff decide against a suggestion, saying why: it is kept as dismissed and never offered again."""
    item = _find_open(db, key)
    note_text, day, now = _note(note), on or clock_today(), utc_now()
    if note_text is None:
        raise OperationRefused(f"不予采纳“{item.name}”的{item.kind}建议，请说明理由")
    with db.atomic():
        _decide(db, item, "dismissed", day, note_text, None, actor, now)
    return OpResult(APPRAISAL_CHANGED, None, f"已不予采纳：{item.name} {item.kind}")


def _decide(
    db: Database,
    item: Suggestion,
    decision: str,
    day: dt.date,
    note: str | None,
    honor_id: int | None,
    actor: str,
    now: str,
) -> None:
    values = {
        "person_id": item.person_id, "kind": item.kind, "first_year": item.first_year, "year": item.year,
        "decision": decision, "decided_on": day.isoformat(), "note": note, "honor_id": honor_id,
    }  # fmt: skip
    uid = str(uuid.uuid4())
    cursor = db.execute(
        f"INSERT INTO appraisal_suggestions ({', '.join(values)}, uid, created_at, updated_at)"
        f" VALUES ({', '.join('?' * len(values))}, ?, ?, ?)",
        [*values.values(), uid, now, now],
    )
    audit.record(
        db, actor=actor, action="confirm" if decision == "confirmed" else "dismiss", entity="suggestion",
        label=f"{item.name} {item.year}年 {item.kind}", record_id=cursor.lastrowid, record_uid=uid, after=values,
    )  # fmt: skip


@dataclass(frozen=True)
class Decision:
    person_id: int
    name: str
    kind: str
    first_year: int
    year: int
    decision: str  # confirmed / dismissed
    decided_on: str
    note: str | None


def decisions(db: Database, person_id: int | None = None) -> list[Decision]:
    """What the staff decided, newest first."""
    where = "WHERE s.person_id = ?" if person_id is not None else ""
    rows = db.execute(
        "SELECT s.person_id, p.name, s.kind, s.first_year, s.year, s.decision, s.decided_on, s.note"
        f" FROM appraisal_suggestions s JOIN people p ON p.id = s.person_id {where}"
        " ORDER BY s.decided_on DESC, s.id DESC",
        [person_id] if person_id is not None else [],
    ).fetchall()
    return [Decision(*row) for row in rows]
