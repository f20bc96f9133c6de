"""Selection rounds in the database: the office's fallback order, and confirming a round (双向选择确认).

Confirming writes, in one transaction: the round, each mentor's 最少/最多 in it, each applicant's choices and
placement, the mentors not yet in the pool (found by name and line, or through the roster person a pool mentor
is), and one pair (一对一) per placement (none where that mentor and mentee already have a pair running: the
placement recorded on the choice keeps the mentee in that mentor's group).
A round is named by its name and year; once confirmed it is not confirmed again (see `confirm_round`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OperationRefused, OpResult
from app.clock import local_day, utc_now
from app.people.pinyin import name_order
from app.training.round_file import RoundFile
from app.training.round_pairs import POOL_SQL, pool_mentor
from app.training.round_totals import latest_totals
from app.training.selection import Assignment, Mentor, mentor_key

TRAINING_CHANGED = OpChanges(training=True)
PAIR_KIND = "一对一"


@dataclass(frozen=True)
class StoredRound:
    id: int
    name: str
    year: int
    confirmed_at: str | None
    pairs: int


def fallback_order(db: Database, person_ids: dict[str, int]) -> list[str]:
    """The office's order for applicants a mentor did not rank (ID numbers, best first): the latest appraisal
    total, highest first (no total: after those with one), then the roster's name order, then the number."""
    totals = latest_totals(db, list(person_ids.values()))
    names = dict(
        db.execute(
            f"SELECT id, name FROM people WHERE id IN ({', '.join('?' for _ in person_ids)})",
            list(person_ids.values()),
        ).fetchall()
    )

    def key(number: str) -> tuple[int, Decimal, str, str]:
        person = person_ids[number]
        total = totals.get(person)
        return (total is None, -(total or Decimal(0)), name_order(names.get(person, "")), number)

    return sorted(person_ids, key=key)


def stored_round(db: Database, name: str, year: int) -> StoredRound | None:
    row = db.execute(
        "SELECT id, name, year, confirmed_at,"
        " (SELECT count(*) FROM mentor_pairs WHERE round_id = r.id AND deleted_at IS NULL)"
        " FROM selection_rounds r WHERE name = ? AND year = ? AND deleted_at IS NULL",
        [name, year],
    ).fetchone()
    return StoredRound(*row) if row else None


def repeated_round(db: Database, name: str, year: int, person_ids: Iterable[int]) -> str:
    """Why confirming would repeat a living round ('' when it would not): one of the same name and year, or one
    of the same year with exactly these applicants (the same workbook confirmed again under another name)."""
    if (existing := stored_round(db, name, year)) is not None:
        return _exists(existing)
    people = set(person_ids)
    rounds = db.execute(
        "SELECT id, name FROM selection_rounds WHERE year = ? AND deleted_at IS NULL ORDER BY id", [year]
    ).fetchall()
    for round_id, other in rounds:
        chosen = db.execute(
            "SELECT DISTINCT person_id FROM selection_choices WHERE round_id = ? AND deleted_at IS NULL",
            [round_id],
        ).fetchall()
        if people and {row[0] for row in chosen} == people:
            return _exists(stored_round(db, other, year), same_people=True)  # type: ignore[arg-type]
    return ""


def confirm_round(
    db: Database, name: str, year: int, found: RoundFile, result: Assignment, actor: str, start: dt.date
) -> OpResult:
    """Write the round as assigned. Refused when the file had refused rows (the placements depend on who is in
    the round, so a partial round would be wrong) or when a living round of that name and year exists:
    confirming again would double the pairs, and the pairs may have tasks and activities by now. A placement
    whose mentor and mentee already have a running pair (another round, or one made by hand) keeps that pair;
    a mentee placed with another mentor than the one of their running 一对一 pair has that pair ended the day
    before: one mentor each, and the old mentor's place is free, as the round's capacities counted it."""
    if found.problems or result.refused():
        raise OperationRefused("志愿表中有被拒绝的行，请改正后重新运行；有误的行没有改正前不能确认分配结果")
    if why := repeated_round(db, name, year, found.person_ids.values()):
        raise OperationRefused(why)
    now = utc_now()
    made, kept, moved = 0, [], []  # pairs made; mentees already paired with that mentor; pairs ended
    with db.atomic():
        writer = _Writer(db, actor, now)
        round_id = writer.insert(
            "selection_rounds",
            "selection_round",
            {"name": name, "year": year, "confirmed_at": now, "confirmed_by": actor},
        )
        mentor_ids = {mentor_key(m.name): writer.mentor(m) for m in found.mentors}
        for m in found.mentors:  # the round's own 最少/最多: its groups are judged by them, not the pool's
            writer.insert(
                "selection_mentors", "selection_mentor",
                {"round_id": round_id, "mentor_id": mentor_ids[mentor_key(m.name)],
                 "min_mentees": m.min_mentees, "max_mentees": m.max_mentees},
            )  # fmt: skip
        for outcome in result.outcomes:
            applicant = outcome.applicant
            person_id = found.person_ids[applicant.key]
            choices = [mentor_ids.get(mentor_key(text)) for text in (applicant.first, applicant.second)]
            mentor_id = mentor_ids[mentor_key(outcome.mentor)] if outcome.mentor is not None else None
            writer.insert(
                "selection_choices", "selection_choice",
                {"round_id": round_id, "person_id": person_id, "line": applicant.line or None,
                 "first_mentor": choices[0], "second_mentor": choices[1], "placed_mentor": mentor_id},
            )  # fmt: skip
            if mentor_id is None:
                continue
            moved += writer.end_other_pairs(person_id, mentor_id, start, applicant.name)
            if _running(db, mentor_id, person_id, start):
                kept.append(applicant.name)  # the choice's placed_mentor puts them in the group
            else:
                made += 1
                writer.insert(
                    "mentor_pairs", "mentor_pair",
                    {"mentor_id": mentor_id, "mentee_id": person_id, "kind": PAIR_KIND,
                     "start_date": start.isoformat(), "round_id": round_id,
                     "note": f"双向选择“{name}”" + (f"第{outcome.choice}志愿" if outcome.choice else "人工调配")},
                )  # fmt: skip
    message = f"已确认双向选择“{name}”（{year}年）：结成帮带对子 {made} 对"
    if kept:
        shown = "、".join(kept[:5]) + ("等" if len(kept) > 5 else "")
        message += f"，{len(kept)} 人已与该导师结对（帮带对子仍在进行），没有重复建立（{shown}）"
    if moved:
        shown = "、".join(moved[:5]) + ("等" if len(moved) > 5 else "")
        message += f"，{len(moved)} 人原有的一对一帮带已于 {start - dt.timedelta(days=1)} 结束，改由本次分配的导师帮带（{shown}）"
    if writer.new_mentors:
        message += f"，导师库新增 {len(writer.new_mentors)} 人（{'、'.join(writer.new_mentors)}）"
    if unplaced := result.unplaced():
        message += f"；{len(unplaced)} 人未分配，志愿已记录，待人工决定后另建对子"
    return OpResult(TRAINING_CHANGED, round_id, message)


def pairs_to_end(db: Database, found: RoundFile, result: Assignment, start: dt.date) -> list[str]:
    """What confirming would end (Writer.end_other_pairs), said before it: each placed mentee's running 一对一
    pair with another mentor than the one placed, as 赵一（原导师张伟）."""
    said = []
    for outcome in result.outcomes:
        person_id = found.person_ids.get(outcome.applicant.key)
        if outcome.mentor is None or person_id is None:
            continue
        for pair in _running_pairs(db, person_id, start):
            if mentor_key(pair.mentor) != mentor_key(outcome.mentor):
                said.append(f"{outcome.applicant.name}（原导师{pair.mentor}）")
    return said


class _Pair(NamedTuple):
    id: int
    uid: str
    mentor_id: int
    mentor: str
    end_date: str | None


def _running_pairs(db: Database, person_id: int, start: dt.date) -> list[_Pair]:
    """The person's 一对一 pairs running on `start` (not binned, not ended before it)."""
    rows = db.execute(
        "SELECT p.id, p.uid, p.mentor_id, m.name, p.end_date FROM mentor_pairs p JOIN mentors m"
        " ON m.id = p.mentor_id WHERE p.mentee_id = ? AND p.kind = ? AND p.deleted_at IS NULL"
        " AND (p.end_date IS NULL OR p.end_date >= ?)",
        [person_id, PAIR_KIND, start.isoformat()],
    )
    return [_Pair(*row) for row in rows]


def _running(db: Database, mentor_id: int, person_id: int, start: dt.date) -> bool:
    """Whether this mentor and mentee have a pair that is not binned and not ended before `start`: confirming
    another round (or a round after a pair made by hand) must not make the same pair twice."""
    return (
        db.execute(
            "SELECT 1 FROM mentor_pairs WHERE mentor_id = ? AND mentee_id = ? AND deleted_at IS NULL"
            " AND (end_date IS NULL OR end_date >= ?)",
            [mentor_id, person_id, start.isoformat()],
        ).fetchone()
        is not None
    )


def _exists(existing: StoredRound, *, same_people: bool = False) -> str:
    when = f"已于 {local_day(existing.confirmed_at)} 确认" if existing.confirmed_at else "已经存在"
    said = f"双向选择“{existing.name}”（{existing.year}年）"
    if same_people:
        return (
            f"这份志愿表的学员与{said}完全相同，那次双向选择{when}，有帮带对子 {existing.pairs} 对，不再重复写入。"
            "要重新分配，请先在窗口中把那次双向选择移入回收站"
        )
    return (
        f"{said}{when}，有帮带对子 {existing.pairs} 对，不再重复写入。"
        "要重新分配，请先在窗口中把这次双向选择移入回收站，或另起名称"
    )


def backup_and_confirm(
    db: Database,
    db_path: Path,
    name: str,
    year: int,
    found: RoundFile,
    result: Assignment,
    actor: str,
    start: dt.date,
) -> tuple[OpResult, Path]:
    """A 批量操作前 backup, then the one transaction; the change names the backup, so 备份与恢复 refreshes."""
    from app.backups import commit_after_backup

    if why := repeated_round(db, name, year, found.person_ids.values()):  # refuse before a backup for nothing
        raise OperationRefused(why)
    outcome, backup = commit_after_backup(
        db, db_path, lambda: confirm_round(db, name, year, found, result, actor, start)
    )
    return replace(outcome, made=backup), backup


class _Writer:
    """Inserts with their audit rows, inside the caller's transaction; finds or adds pool mentors."""

    def __init__(self, db: Database, actor: str, now: str):
        self.db, self.actor, self.now = db, actor, now
        self.new_mentors: list[str] = []
        self.pool = db.execute(POOL_SQL).fetchall()

    def insert(self, table: str, entity: str, values: dict[str, Any]) -> int:
        from app.records import kind

        uid = str(uuid.uuid4())
        row = {"uid": uid, **values, "created_at": self.now, "updated_at": self.now}
        cursor = self.db.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
        record_id = cursor.lastrowid
        label = self.db.execute(
            f"SELECT {kind(entity).name_sql} FROM {table} WHERE id = ?", [record_id]
        ).fetchone()[0]
        audit.record(
            self.db, actor=self.actor, action="create", entity=entity, label=label, record_id=record_id,
            record_uid=uid, after={k: v for k, v in values.items() if v not in (None, "")},
        )  # fmt: skip
        return record_id  # type: ignore[return-value]

    def end_other_pairs(self, person_id: int, mentor_id: int, start: dt.date, name: str) -> list[str]:
        """End the person's running 一对一 pairs with other mentors the day before `start`, audited; the
        person's name with each old mentor's, for the message."""
        ended = (start - dt.timedelta(days=1)).isoformat()
        said = []
        for pair in _running_pairs(self.db, person_id, start):
            if pair.mentor_id == mentor_id:
                continue
            self.db.execute(
                "UPDATE mentor_pairs SET end_date = ?, updated_at = ? WHERE id = ?",
                [ended, self.now, pair.id],
            )
            audit.record(
                self.db, actor=self.actor, action="update", entity="mentor_pair", label=f"{pair.mentor}—{name}",
                record_id=pair.id, record_uid=pair.uid, before={"end_date": pair.end_date}, after={"end_date": ended},
            )  # fmt: skip
            said.append(f"{name}（原导师{pair.mentor}）")
        return said

    def mentor(self, mentor: Mentor) -> int:
        """The pool mentor this is (same name and line, or the roster person of that name), else a new one."""
        if (chosen := pool_mentor(self.pool, mentor)) is not None:
            return chosen
        self.new_mentors.append(mentor.name)
        return self.insert(
            "mentors", "mentor",
            {"name": mentor.name, "unit": mentor.unit or None, "post": mentor.post or None,
             "line": mentor.line or None, "min_mentees": mentor.min_mentees, "max_mentees": mentor.max_mentees},
        )  # fmt: skip
