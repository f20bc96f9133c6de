"""Finalizing a period (定稿) and reopening it; the honors (荣誉) a final 优秀 becomes, with their serial numbers.

Serial numbers come from `honor_serials`, one counter per year that only goes up: a withdrawn honor keeps its
number, and the next honor of that year gets a new one, so a number printed on a certificate names one honor
for ever. An appraisal's honors are numbered in the sequence of the appraisal's year (a 2024 annual 优秀
finalized in January 2025 is 〔2024〕第N号).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass

from sqlite_utils import Database

from app import audit
from app.appraisal import remedial
from app.appraisal.periods import Period, get_period
from app.appraisal.ranking import Member, RankedRow, rank_period
from app.appraisal.schemes import APPRAISAL_CHANGED
from app.changes import OperationRefused, OpResult
from app.clock import today as clock_today
from app.clock import utc_now
from app.settings import get as get_setting

EXCELLENT = "优秀"
SERIAL_FORMAT_SETTING = "honor_serial_format"  # the office may set its own, e.g. 武组〔{year}〕{number}号
DEFAULT_SERIAL_FORMAT = "〔{year}〕第{number:03d}号"
NAMES_SHOWN = 10


@dataclass(frozen=True)
class Honor:
    id: int
    person_id: int
    name: str
    kind: str
    title: str
    period_id: int | None
    year: int
    serial: int
    serial_text: str
    issued_on: str
    issuer: str
    withdrawn_at: str | None


def _who(member: Member, repeated: Collection[str]) -> str:
    """A person as the refusal names them: the name, and where it repeats (in the list or on the roster) the
    unit and the last 4 digits of the ID number, so the clerk knows which 田娟 to fix: 田娟（玉林社区，…5176）."""
    if member.name not in repeated:
        return member.name
    where = f"{member.unit_name}，" if member.unit_name else ""
    return f"{member.name}（{where}…{member.id_number[-4:]}）"


def _names(rows: list[RankedRow], repeated: Collection[str]) -> str:
    names = [_who(r.member, repeated) for r in rows[:NAMES_SHOWN]]
    return "、".join(names) + (f" 等 {len(rows)} 人" if len(rows) > NAMES_SHOWN else "")


def repeated_names(db: Database, rows: list[RankedRow]) -> set[str]:
    """Names among `rows` that another living person on the roster bears too — two of the list sharing a name
    are two such people, so the roster answers both (a name is asked once; a refusal names at most 20)."""
    names = sorted({r.member.name for r in rows})
    marks = ", ".join("?" * len(names))
    found = db.execute(
        f"SELECT name FROM people WHERE deleted_at IS NULL AND name IN ({marks}) GROUP BY name HAVING count(*) > 1",
        names,
    )
    return {name for (name,) in found}


def finalize_refusal(
    rows_pending: list[RankedRow], rows_missing: list[RankedRow], repeated: Collection[str] = ()
) -> str | None:
    """Why the period cannot be finalized yet, naming whom; `repeated`: names to tell apart (repeated_names)."""
    parts, fixes = [], []
    if rows_pending:
        parts.append(f"等次待定（同分跨越名额界线，需要人工决定）：{_names(rows_pending, repeated)}")
        fixes.append("为待定的人员调整等次（需说明原因）")
    if rows_missing:
        parts.append(f"缺少成绩（待补录）：{_names(rows_missing, repeated)}")
        fixes.append("为待补录的人员补录成绩，或标为“不参加考核”（需说明原因）")
    if not parts:
        return None
    return f"还不能定稿。{'；'.join(parts)}。请{'，'.join(fixes)}"


def honor_kind(period: Period) -> str:
    return "年度考核优秀" if period.quarter is None else "季度考核优秀"


def serial_pattern(db: Database) -> str:
    """The office's pattern for honor numbers, read once for all the honors made together."""
    return get_setting(db, SERIAL_FORMAT_SETTING) or DEFAULT_SERIAL_FORMAT


def format_serial(pattern: str, year: int, number: int) -> str:
    try:
        return pattern.format(year=year, number=number)
    except (KeyError, IndexError, ValueError):  # an office's pattern with a typo: the number is still right
        return DEFAULT_SERIAL_FORMAT.format(year=year, number=number)


def next_serials(db: Database, year: int, count: int) -> range:
    """`count` new numbers of the year's sequence (inside the caller's transaction)."""
    row = db.execute("SELECT last_number FROM honor_serials WHERE year = ?", [year]).fetchone()
    last = row[0] if row else 0
    db.execute(
        "INSERT INTO honor_serials (year, last_number) VALUES (?, ?)"
        " ON CONFLICT(year) DO UPDATE SET last_number = excluded.last_number",
        [year, last + count],
    )
    return range(last + 1, last + count + 1)


def finalize_period(
    db: Database, period_id: int, actor: str, *, issued_on: dt.date | None = None
) -> OpResult:
    """定稿: refused, naming them, while anyone is 待定 or 待补录. Each 优秀 becomes an honor with the next
    serial number of the year; `made` is the list of new honors' ids."""
    period = get_period(db, period_id)
    if period.finalized:
        raise OperationRefused(f"“{period.label}”已经定稿")
    ranking = rank_period(db, period)
    if not ranking.rows:
        raise OperationRefused(f"“{period.label}”还没有任何成绩，不能定稿")
    pending, missing = ranking.blockers()
    shown = pending[:NAMES_SHOWN] + missing[:NAMES_SHOWN]
    refusal = finalize_refusal(pending, missing, repeated_names(db, shown) if shown else ())
    if refusal:
        raise OperationRefused(refusal)
    excellent = [r for r in ranking.rows if r.result.grade == EXCELLENT]
    now = utc_now()
    with db.atomic():
        db.execute(
            "UPDATE appraisal_periods SET finalized_at = ?, finalized_by = ?, updated_at = ? WHERE id = ?",
            [now, actor, now, period_id],
        )
        audit.record(
            db, actor=actor, action="finalize", entity="appraisal_period", label=period.label,
            record_id=period_id, record_uid=period.uid, before={"finalized_at": None},
            after={"finalized_at": now, "finalized_by": actor},
        )  # fmt: skip
        day = issued_on or clock_today()
        made = _issue_honors(db, period, excellent, actor, now, day)
        required = remedial.require_for_period(db, period, ranking.rows, actor, now, day)
    said = f"，{required} 人需补课" if required else ""
    return OpResult(
        APPRAISAL_CHANGED,
        period_id,
        f"“{period.label}”已定稿，优秀 {len(made)} 人已记入荣誉{said}",
        made=made,
    )


def _issue_honors(
    db: Database, period: Period, rows: list[RankedRow], actor: str, now: str, day: dt.date
) -> list[int]:
    kind = honor_kind(period)
    title = period.title + EXCELLENT  # 2024年度考核优秀, 2024年第1季度考核优秀
    issuer = get_setting(db, "issuer") or get_setting(db, "office_name")
    pattern = serial_pattern(db)
    made, entries = [], []
    for row, number in zip(rows, next_serials(db, period.year, len(rows)), strict=True):
        uid, text = str(uuid.uuid4()), format_serial(pattern, period.year, number)
        values = {
            "person_id": row.member.person_id, "kind": kind, "title": title, "period_id": period.id,
            "year": period.year, "serial": number, "serial_text": text, "issued_on": day.isoformat(),
            "issuer": issuer,
        }  # fmt: skip
        cursor = db.execute(
            f"INSERT INTO honors ({', '.join(values)}, uid, created_at, updated_at)"
            f" VALUES ({', '.join('?' * len(values))}, ?, ?, ?)",
            [*values.values(), uid, now, now],
        )
        made.append(cursor.lastrowid)
        shown = {k: v for k, v in values.items() if k != "serial"}  # 编号 (serial_text) says it
        entries.append((now, actor, "create", "honor", cursor.lastrowid, uid, f"{row.member.name} {title}",
                        None, shown))  # fmt: skip
    audit.record_many(db, entries)
    return made


def reopen_period(db: Database, period_id: int, reason: str, actor: str) -> OpResult:
    """Undo 定稿 with a reason (logged): scores and grades can be changed again, the period's honors are
    withdrawn (their serial numbers stay used)."""
    period = get_period(db, period_id)
    reason = " ".join((reason or "").split())
    if not reason:
        raise OperationRefused("重新打开已定稿的考核必须说明原因")
    if not period.finalized:
        raise OperationRefused(f"“{period.label}”还没有定稿，不需要重新打开")
    now = utc_now()
    honors = db.execute(
        "SELECT h.id, h.uid, p.name, h.title, h.serial_text FROM honors h JOIN people p ON p.id = h.person_id"
        " WHERE h.period_id = ? AND h.withdrawn_at IS NULL",
        [period_id],
    ).fetchall()
    with db.atomic():
        db.execute(
            "UPDATE appraisal_periods SET finalized_at = NULL, finalized_by = NULL, updated_at = ? WHERE id = ?",
            [now, period_id],
        )
        audit.record(
            db, actor=actor, action="reopen", entity="appraisal_period", label=period.label, record_id=period_id,
            record_uid=period.uid, before={"finalized_at": period.finalized_at, "finalized_by": period.finalized_by},
            after={"finalized_at": None, "finalized_by": None, "reason": reason},
        )  # fmt: skip
        db.conn.executemany(
            "UPDATE honors SET withdrawn_at = ?, withdrawn_by = ?, withdrawn_reason = ?, updated_at = ? WHERE id = ?",
            [(now, actor, reason, now, h[0]) for h in honors],
        )
        audit.record_many(
            db,
            [(now, actor, "withdraw", "honor", h[0], h[1], f"{h[2]} {h[3]}（{h[4]}）", {"withdrawn_at": None},
              {"withdrawn_at": now, "withdrawn_reason": reason}) for h in honors],
        )  # fmt: skip
        lifted = remedial.withdraw_for_period(db, period, reason, actor, now)
    withdrawn = f"，已撤销荣誉 {len(honors)} 项（编号不再使用）" if honors else ""
    withdrawn += f"，撤销补课要求 {lifted} 项" if lifted else ""
    return OpResult(APPRAISAL_CHANGED, period_id, f"“{period.label}”已重新打开{withdrawn}")


def list_honors(
    db: Database, *, person_id: int | None = None, period_id: int | None = None, withdrawn: bool = False
) -> list[Honor]:
    """Honors in serial order (by year, then number); withdrawn ones only when asked."""
    where, params = ["1=1"], []
    for clause, value in (("h.person_id = ?", person_id), ("h.period_id = ?", period_id)):
        if value is not None:
            where.append(clause)
            params.append(value)
    if not withdrawn:
        where.append("h.withdrawn_at IS NULL")
    rows = db.execute(
        "SELECT h.id, h.person_id, p.name, h.kind, h.title, h.period_id, h.year, h.serial, h.serial_text,"
        " h.issued_on, h.issuer, h.withdrawn_at FROM honors h JOIN people p ON p.id = h.person_id"
        f" WHERE {' AND '.join(where)} ORDER BY h.year, h.serial",
        params,
    ).fetchall()
    return [Honor(*row) for row in rows]
