"""The points ledger (积分台账) of the young cadres: the rules with their default points, entries for one person
or for everyone at one activity, yearly totals, and the mark 三年内不考虑提拔.

An entry is one person, one rule, one day and one activity (事项): the same activity is never counted twice for
the same person, so entering an activity's attendees again adds only those not yet entered. A wrong entry goes
to the recycle bin (restored there); every write is audited and returns OpChanges(appraisal=True).

A year with at least 60 points is 合格; below 60 the person is marked 三年内不考虑提拔 for the three years after
it. A year is judged only once it is over (a total in June says nothing yet), only if the office kept the
ledger that year (some entry, anyone's: a year before the office used the ledger marks nobody), and only for
someone in post on its first day (到岗时间 on or before 1 January; a blank 到岗时间 counts as in post) — a cadre
who arrived in the middle of a year had no fair chance at 60 points — and who is at the post now (在岗, 试用期:
the roster keeps no history of statuses, and a mark on someone who has left helps nobody). The rules are pure functions at the top.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from app import audit
from app.appraisal.schemes import APPRAISAL_CHANGED
from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.clock import utc_now
from app.dates import DateError, parse_date
from app.people.fields import Role, role_label

PASS_MARK = 60
AT_POST = ("在岗", "试用期")  # the statuses of someone at the post: only they are judged (see above)
HOLD_YEARS = 3
MAX_POINTS = 100  # one entry; the largest rule gives 20


@dataclass(frozen=True)
class PointRule:
    key: str
    label: str
    points: int  # the default: the clerk may type another for one entry


RULES: tuple[PointRule, ...] = (
    PointRule("study", "参加学习、培训或活动", 5),
    PointRule("homework", "完成作业或调研", 5),
    PointRule("organise", "组织10人以上活动并参加", 5),
    PointRule("contribution", "其他突出贡献", 5),
    PointRule("practice_group", "参加重点工作实践小组并完成", 20),
)
RULES_BY_KEY = {rule.key: rule for rule in RULES}


def rule_label(key: str) -> str:
    rule = RULES_BY_KEY.get(key)
    return rule.label if rule else key


def year_judged(year: int, today: dt.date, ledger_years: Collection[int], in_post_since: str | None) -> bool:
    """Whether a person's total of `year` decides 合格 / 不合格 (see the module's note). `in_post_since` is the
    到岗时间 ('' when blank), None for someone no longer at the post (left, retired…): the ledger no longer
    concerns them."""
    if in_post_since is None:
        return False
    return year < today.year and year in ledger_years and in_post_since <= f"{year}-01-01"


def passed(total: int) -> bool:
    return total >= PASS_MARK


@dataclass(frozen=True)
class Hold:
    """三年内不考虑提拔: the year that fell short, its total, and the last year the mark lasts."""

    failed_year: int
    total: int

    @property
    def until(self) -> int:
        return self.failed_year + HOLD_YEARS

    @property
    def text(self) -> str:
        return (
            f"{self.failed_year}年积分 {self.total} 分，不足 {PASS_MARK} 分，"
            f"三年内不考虑提拔（{self.failed_year + 1}—{self.until}年）"
        )


def hold_in(failed: dict[int, int], year: int) -> Hold | None:
    """The mark in force in `year`, from the judged years that fell short (year → total): the latest of them
    among the three years before `year`, so a second short year extends the mark."""
    inside = [y for y in failed if y < year <= y + HOLD_YEARS]
    if not inside:
        return None
    latest = max(inside)
    return Hold(latest, failed[latest])


def year_status(total: int, judged: bool, year: int, today: dt.date, *, at_post: bool = True) -> str:
    """How a year reads in the ledger: 合格, 不合格, 进行中 (this year, short of 60 so far) or 不评定."""
    if judged:
        return "合格" if passed(total) else "不合格"
    if year >= today.year and at_post:
        return "进行中" if total < PASS_MARK else "合格"
    return "不评定"


MAX_ACTIVITY = 100
MAX_NOTE = 200
CADRE = Role.RESERVE_CADRE.value


@dataclass(frozen=True)
class PointsInput:
    """Points for every person in `person_ids` for one activity (one person is a list of one)."""

    person_ids: Sequence[int]
    date: str | dt.date
    rule: str
    activity: str
    points: int | None = None  # None: the rule's default
    note: str = ""


@dataclass(frozen=True)
class PointsEntry:
    id: int
    person_id: int
    name: str
    date: str
    rule: str
    activity: str
    points: int
    note: str | None

    @property
    def rule_text(self) -> str:
        return rule_label(self.rule)


def _checked(item: PointsInput) -> tuple[str, str, int, str | None]:
    """(date, activity, points, note) or ValidationError naming every problem at once."""
    errors: dict[str, str] = {}
    day = None
    try:
        day = parse_date(item.date, field="日期")
        if day is None:
            errors["date"] = "请填写日期"
    except DateError as exc:
        errors["date"] = str(exc)
    rule = RULES_BY_KEY.get(item.rule)
    if rule is None:
        errors["rule"] = f"积分项目“{item.rule}”不存在"
    activity = " ".join((item.activity or "").split())
    if not activity:
        errors["activity"] = "请填写事项（哪一次学习、活动或哪项工作）"
    elif len(activity) > MAX_ACTIVITY:
        errors["activity"] = f"事项过长（{len(activity)}个字），请控制在{MAX_ACTIVITY}个字以内"
    points = item.points if item.points is not None else (rule.points if rule else 1)
    if not 1 <= points <= MAX_POINTS:
        errors["points"] = f"分值应在 1 到 {MAX_POINTS} 之间，输入的是 {points}"
    note = " ".join((item.note or "").split())
    if len(note) > MAX_NOTE:
        errors["note"] = f"备注过长（{len(note)}个字），请控制在{MAX_NOTE}个字以内"
    if not item.person_ids:
        errors["people"] = "请至少选择一名人员"
    if errors:
        raise ValidationError(errors)
    assert day is not None
    return day.isoformat(), activity, points, note or None


def _cadres(db: Database, person_ids: Sequence[int]) -> dict[int, str]:
    wanted = list(dict.fromkeys(person_ids))
    rows = db.execute(
        f"SELECT id, name, role FROM people WHERE deleted_at IS NULL AND id IN ({', '.join('?' * len(wanted))})",
        wanted,
    ).fetchall()
    if len(rows) != len(wanted):
        raise OperationRefused("所选人员中有人不在花名册中（可能已移入回收站），积分没有保存")
    others = [f"{name}（{role_label(role)}）" for _id, name, role in rows if role != CADRE]
    if others:
        raise OperationRefused(f"积分制只适用于青年干部，以下人员不是：{'、'.join(others)}。积分没有保存")
    return {row[0]: row[1] for row in rows}


def add_points(db: Database, item: PointsInput, actor: str) -> OpResult:
    """One entry per person; those who already have this activity (same rule, day and 事项) are skipped and
    named in the message. `made` is the list of new entries' ids."""
    day, activity, points, note = _checked(item)
    names = _cadres(db, item.person_ids)
    marks = ", ".join("?" * len(names))
    having = {
        pid
        for (pid,) in db.execute(
            f"SELECT person_id FROM points_entries WHERE deleted_at IS NULL AND rule = ? AND date = ?"
            f" AND activity = ? AND person_id IN ({marks})",
            [item.rule, day, activity, *names],
        )
    }
    fresh = [pid for pid in names if pid not in having]
    skipped = "、".join(names[pid] for pid in names if pid in having)
    if not fresh:
        return OpResult(OpChanges(audit=False), None, f"{skipped} 已记过“{activity}”的积分，没有重复记分")
    now, made, entries = utc_now(), [], []
    with db.atomic():
        for person_id in fresh:
            values = {
                "person_id": person_id, "date": day, "year": int(day[:4]), "rule": item.rule,
                "points": points, "activity": activity, "note": note,
            }  # fmt: skip
            uid = str(uuid.uuid4())
            cursor = db.execute(
                f"INSERT INTO points_entries ({', '.join(values)}, uid, created_at, updated_at)"
                f" VALUES ({', '.join('?' * len(values))}, ?, ?, ?)",
                [*values.values(), uid, now, now],
            )
            made.append(cursor.lastrowid)
            shown = {k: v for k, v in values.items() if k != "year"}
            entries.append((now, actor, "create", "points_entry", cursor.lastrowid, uid,
                            f"{names[person_id]} {day} {activity}", None, shown))  # fmt: skip
        audit.record_many(db, entries)
    said = f"已为 {len(fresh)} 人记积分 {points} 分（{activity}）"
    if skipped:
        said += f"；{skipped} 已记过，没有重复记分"
    return OpResult(APPRAISAL_CHANGED, made[0], said, made=made)


def delete_points(db: Database, entry_ids: Sequence[int], actor: str) -> OpResult:
    """Entries typed by mistake go to the recycle bin."""
    marks = ", ".join("?" * len(entry_ids))
    rows = db.execute(
        "SELECT e.id, e.uid, p.name, e.date, e.activity FROM points_entries e JOIN people p ON p.id = e.person_id"
        f" WHERE e.deleted_at IS NULL AND e.id IN ({marks})",
        list(entry_ids),
    ).fetchall()
    if not rows:
        return OpResult(OpChanges(audit=False), None, "没有需要删除的积分")
    now = utc_now()
    with db.atomic():
        db.conn.executemany(
            "UPDATE points_entries SET deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ?",
            [(now, actor, now, r[0]) for r in rows],
        )
        audit.record_many(
            db,
            [
                (now, actor, "delete", "points_entry", r[0], r[1], f"{r[2]} {r[3]} {r[4]}", None, None)
                for r in rows
            ],
        )
    return OpResult(OpChanges(appraisal=True, recycle_bin=True), None, f"已将 {len(rows)} 条积分移入回收站")


def list_entries(db: Database, *, year: int | None = None, person_id: int | None = None) -> list[PointsEntry]:
    """Living entries of living people, newest first."""
    where, params = ["e.deleted_at IS NULL", "p.deleted_at IS NULL"], []
    for clause, value in (("e.year = ?", year), ("e.person_id = ?", person_id)):
        if value is not None:
            where.append(clause)
            params.append(value)
    rows = db.execute(
        "SELECT e.id, e.person_id, p.name, e.date, e.rule, e.activity, e.points, e.note FROM points_entries e"
        f" JOIN people p ON p.id = e.person_id WHERE {' AND '.join(where)} ORDER BY e.date DESC, p.name_order, e.id",
        params,
    ).fetchall()
    return [PointsEntry(*row) for row in rows]


# --- totals and the mark ------------------------------------------------------------------------------


def _totals(
    db: Database, person_id: int | None = None, years: range | None = None
) -> dict[int, dict[int, int]]:
    """person → year → points (living entries); grouped in the order of the index that covers it."""
    sql = "SELECT person_id, year, sum(points) FROM points_entries WHERE deleted_at IS NULL"
    params: list = []
    if person_id is not None:
        sql += " AND person_id = ?"
        params.append(person_id)
    if years is not None:
        sql += " AND year BETWEEN ? AND ?"
        params += [years.start, years.stop - 1]
    totals: dict[int, dict[int, int]] = {}
    for pid, year, total in db.execute(sql + " GROUP BY year, person_id", params):
        totals.setdefault(pid, {})[year] = total
    return totals


def ledger_years(db: Database) -> list[int]:
    """The years the office kept the ledger (any living entry), oldest first."""
    return [
        y
        for (y,) in db.execute(
            "SELECT DISTINCT year FROM points_entries WHERE deleted_at IS NULL ORDER BY year"
        )
    ]


@dataclass(frozen=True)
class YearTotal:
    person_id: int
    name: str
    unit: str
    year: int
    total: int
    status: str  # 合格 / 不合格 / 进行中 / 不评定


def _cadre_rows(db: Database, person_id: int | None = None) -> list[tuple[int, str, str, str | None]]:
    sql = (
        "SELECT p.id, p.name, coalesce(u.name, ''),"
        f" CASE WHEN p.status IN {AT_POST} THEN coalesce(p.post_start_date, '') END FROM people p"
        " LEFT JOIN org_units u ON u.id = p.unit_id WHERE p.deleted_at IS NULL AND p.role = ?"
    )
    params: list = [CADRE]
    if person_id is not None:
        sql += " AND p.id = ?"
        params.append(person_id)
    return db.execute(sql + " ORDER BY p.name_order, p.id", params).fetchall()


def year_totals(db: Database, year: int, today: dt.date) -> list[YearTotal]:
    """Every young cadre's total for `year` (0 for those with no entry), lowest first, so who falls short is
    at the top; those whose year is not judged (arrived during it) last."""
    totals, kept = _totals(db), ledger_years(db)
    found = []
    for pid, name, unit, post_start in _cadre_rows(db):
        total = totals.get(pid, {}).get(year, 0)
        judged = year_judged(year, today, kept, post_start)
        status = year_status(total, judged, year, today, at_post=post_start is not None)
        found.append(YearTotal(pid, name, unit, year, total, status))
    found.sort(key=lambda t: (t.status == "不评定", t.total))
    return found


def person_years(db: Database, person_id: int, today: dt.date) -> list[YearTotal]:
    """One person's totals by year, newest first: the years they have points in and, for a young cadre at the
    post, every year the ledger was kept since they arrived (a year without points is a year of 0)."""
    rows = _cadre_rows(db, person_id)
    own = _totals(db, person_id).get(person_id, {})
    in_post = rows[0][3] if rows else None
    kept = ledger_years(db)
    years = set(own)
    if in_post is not None:
        arrived = int(in_post[:4]) if in_post[:4].isdigit() else 0
        years |= {y for y in kept if y >= arrived}
    name, unit = (rows[0][1], rows[0][2]) if rows else ("", "")
    return [
        YearTotal(person_id, name, unit, y, own.get(y, 0),
                  year_status(own.get(y, 0), year_judged(y, today, kept, in_post), y, today,
                              at_post=in_post is not None))
        for y in sorted(years, reverse=True)
    ]  # fmt: skip


def promotion_holds(
    db: Database, today: dt.date, cadres: Iterable[tuple[int, str | None]] | None = None
) -> dict[int, Hold]:
    """person → the mark 三年内不考虑提拔 in force this year, for every young cadre who has one. Only the three
    years before this one can hold a mark in force, so only they are read (the roster asks on every load, and
    passes the young cadres it has read: (id, 到岗时间 or '' for someone at the post, None for someone not))."""
    window = range(today.year - HOLD_YEARS, today.year)
    kept = [y for y in ledger_years(db) if y in window]
    if not kept:
        return {}
    totals = _totals(db, years=window)
    if cadres is None:
        cadres = db.execute(
            f"SELECT id, CASE WHEN status IN {AT_POST} THEN coalesce(post_start_date, '') END FROM people"
            " WHERE deleted_at IS NULL AND role = ?",
            [CADRE],
        ).fetchall()
    holds: dict[int, Hold] = {}
    for pid, in_post in cadres:
        if in_post is None:
            continue
        own = totals.get(pid, {})
        failed = {
            y: own.get(y, 0)
            for y in kept
            if year_judged(y, today, kept, in_post) and not passed(own.get(y, 0))
        }
        hold = hold_in(failed, today.year)
        if hold is not None:
            holds[pid] = hold
    return holds


def person_hold(db: Database, person_id: int, today: dt.date) -> Hold | None:
    return promotion_holds(db, today).get(person_id)
