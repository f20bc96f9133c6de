"""The training lists a clerk prints and sends on — a course's 参训名单, the 导师组 of a confirmed selection
round (or of every current pair), the open 补课 — as rows loaded once, and their export to .xlsx. The printed
versions (app/printing/training_service.py) load the same rows, so paper and spreadsheet always agree.

Names are in 姓氏笔画 order, as on paper. Text cells are string cells (a unit or note that starts with '=' stays
text, never a formula); hours, totals and days are numbers, so that Excel can add them up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlite_utils import Database

from app.changes import OperationRefused
from app.clock import today as clock_today
from app.exchange.xlsx_out import (
    ExportError,
    check_xlsx_target,
)
from app.printing.order import sort_by_name
from app.training.listing import EnrolmentRow, course_enrolments
from app.training.rules import REMEDIAL, hours_text

FIRST, SECOND, BY_HAND = "第一志愿", "第二志愿", "人工调配"

# --- 参训名单 --------------------------------------------------------------------------------------------


def attendance_rows(db: Database, course_id: int) -> list[EnrolmentRow]:
    """Everyone enrolled in the course, in 姓氏笔画 order. `note` says why hours are 0 (缺勤, 请假 from an
    attendance list), so a list that prints the hours prints the note beside them."""
    return sort_by_name(course_enrolments(db, course_id), lambda r: r.name, "strokes")


# --- 导师组 ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MenteeLine:
    name: str
    id_number: str
    unit: str
    how: str  # 第一志愿 / 第二志愿 / 人工调配 for a round; the pair's kind (一对一, 2+1 …) otherwise
    note: str = ""  # a round's placement on a pair that was already running: 沿用已有的帮带对子（…起）


@dataclass(frozen=True)
class MentorGroup:
    mentor: str
    unit: str
    post: str
    line: str
    min_mentees: int
    max_mentees: int
    mentees: list[MenteeLine]

    @property
    def flag(self) -> str:
        """Why the office should look at this mentor again ('' when nothing)."""
        if len(self.mentees) < self.min_mentees:
            return f"少于最少带教人数（{self.min_mentees} 人）"
        return ""


@dataclass(frozen=True)
class Unplaced:
    name: str
    id_number: str
    unit: str
    first: str
    second: str


@dataclass(frozen=True)
class MentorGroups:
    title: str  # the round's name, or 帮带对子
    year: int | None
    how_label: str  # 志愿 (a round) or 形式 (the pairs)
    groups: list[MentorGroup]
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def mentee_count(self) -> int:
        return sum(len(g.mentees) for g in self.groups)


_PAIRS_SQL = (
    "SELECT m.id, m.name, coalesce(m.unit, ''), coalesce(m.post, ''), coalesce(m.line, ''), m.min_mentees,"
    " m.max_mentees, pe.id, pe.name, pe.id_number, coalesce(u.name, ''), pr.kind, pr.start_date"
    " FROM mentor_pairs pr JOIN mentors m ON m.id = pr.mentor_id JOIN people pe ON pe.id = pr.mentee_id"
    " LEFT JOIN org_units u ON u.id = pe.unit_id WHERE pr.deleted_at IS NULL AND pe.deleted_at IS NULL"
)


def mentor_groups(db: Database, round_id: int | None) -> MentorGroups:
    """The 导师组 of a confirmed round: each mentor with the mentees placed with them and by which choice,
    mentors of the round (or, for a round confirmed before m010, chosen) left without anyone, and the applicants
    still unplaced. Without a round: every current
    pair (not ended by today) grouped by mentor, with the pair's kind."""
    if round_id is None:
        rows = db.execute(
            _PAIRS_SQL + " AND (pr.end_date IS NULL OR pr.end_date >= ?)", [clock_today().isoformat()]
        ).fetchall()
        return MentorGroups("导师帮带对子", None, "形式", _grouped(db, rows, None, set()))
    found = db.execute(
        "SELECT name, year, confirmed_at FROM selection_rounds WHERE id = ? AND deleted_at IS NULL",
        [round_id],
    ).fetchone()
    if found is None:
        raise OperationRefused("这次双向选择不存在或已移入回收站")
    if not found[2]:
        raise OperationRefused(f"双向选择“{found[0]}”还没有确认分配，确认后才有导师组名单")
    rows = db.execute(_PAIRS_SQL + " AND pr.round_id = ?", [round_id]).fetchall()
    kept = _kept(db, round_id, {row[7] for row in rows})
    choices = {
        person: (first, second)
        for person, first, second in db.execute(
            "SELECT c.person_id, c.first_mentor, c.second_mentor FROM selection_choices c JOIN people p"
            " ON p.id = c.person_id WHERE c.round_id = ? AND c.deleted_at IS NULL AND p.deleted_at IS NULL",
            [round_id],
        )
    }
    capacities = _capacities(
        db, round_id
    )  # every mentor of the round, chosen or not, as the dry run shows them
    chosen = {m for pair in choices.values() for m in pair if m is not None} | capacities.keys()
    placed = {row[7] for row in [*rows, *kept]}
    groups = _grouped(db, [*rows, *kept], choices, chosen, capacities, {r[7] for r in kept})
    return MentorGroups(found[0], found[1], "志愿", groups, _unplaced(db, choices, placed))


def _kept(db: Database, round_id: int, paired: set[int]) -> list[tuple]:
    """The placements this round recorded on a pair that was already running (no pair of its own was made),
    each as the latest living pair of that mentor and mentee, in the rows' shape of _PAIRS_SQL."""
    rows = db.execute(
        _PAIRS_SQL + " AND pr.round_id IS NOT ? AND EXISTS (SELECT 1 FROM selection_choices c WHERE"
        " c.round_id = ? AND c.deleted_at IS NULL AND c.placed_mentor = pr.mentor_id AND c.person_id = pr.mentee_id)"
        " ORDER BY pr.start_date DESC, pr.id DESC",
        [round_id, round_id],
    ).fetchall()
    found: dict[int, tuple] = {}
    for row in rows:
        if row[7] not in paired:
            found.setdefault(row[7], row)
    return list(found.values())


def _capacities(db: Database, round_id: int) -> dict[int, tuple[int, int]]:
    """mentor id → (最少, 最多) as the round set them; empty for a round confirmed before they were kept."""
    return {
        mentor: (least, most)
        for mentor, least, most in db.execute(
            "SELECT mentor_id, min_mentees, max_mentees FROM selection_mentors WHERE round_id = ?"
            " AND deleted_at IS NULL",
            [round_id],
        )
    }


def _grouped(
    db: Database,
    rows: list[tuple],
    choices: dict | None,
    chosen: set[int],
    capacities: dict[int, tuple[int, int]] | None = None,
    kept: Collection[int] = (),
) -> list[MentorGroup]:
    """`choices` (person → first and second mentor) for a round; None for the pairs, which say their kind.
    `capacities` (mentor → the round's 最少, 最多) override the pool's; `kept` are the people placed on a pair
    that was already running."""
    mentors: dict[int, tuple] = {row[0]: row[1:7] for row in rows}
    if chosen - mentors.keys():
        marks = ", ".join("?" * len(chosen - mentors.keys()))
        for row in db.execute(
            "SELECT id, name, coalesce(unit, ''), coalesce(post, ''), coalesce(line, ''), min_mentees, max_mentees"
            f" FROM mentors WHERE id IN ({marks}) AND deleted_at IS NULL",
            list(chosen - mentors.keys()),
        ):
            mentors[row[0]] = row[1:]
    for mentor, counts in (capacities or {}).items():
        if mentor in mentors:
            mentors[mentor] = (*mentors[mentor][:4], *counts)
    lines: dict[int, list[MenteeLine]] = {m: [] for m in mentors}
    for row in rows:
        how = row[11] if choices is None else _how(row[0], choices.get(row[7], (None, None)))
        note = f"沿用已有的帮带对子（{row[12]}起）" if row[7] in kept else ""
        lines[row[0]].append(MenteeLine(row[8], row[9], row[10], how, note))
    groups = [MentorGroup(*mentors[m], sort_by_name(lines[m], lambda x: x.name, "strokes")) for m in mentors]
    return sort_by_name(groups, lambda g: g.mentor, "strokes")


def _how(mentor_id: int, choice: tuple[int | None, int | None]) -> str:
    return FIRST if mentor_id == choice[0] else SECOND if mentor_id == choice[1] else BY_HAND


def _unplaced(db: Database, choices: dict, placed: set[int]) -> list[Unplaced]:
    names = dict(db.execute("SELECT id, name FROM mentors").fetchall())
    found = []
    for person in (p for p in choices if p not in placed):
        name, number, unit = db.execute(
            "SELECT p.name, p.id_number, coalesce(u.name, '') FROM people p LEFT JOIN org_units u"
            " ON u.id = p.unit_id WHERE p.id = ?",
            [person],
        ).fetchone()
        first, second = (names.get(m, "") if m else "" for m in choices[person])
        found.append(Unplaced(name, number, unit, first, second))
    return sort_by_name(found, lambda u: u.name, "strokes")


# --- 待补课名单 ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemedialLine:
    person_id: int
    name: str
    id_number: str
    unit: str
    period: str  # 2025年度考核（加权评价·双达标）
    total: str
    min_days: int
    required_on: dt.date
    attended: str  # the 补课 courses so far ('' when none)


def open_remedial_rows(db: Database) -> list[RemedialLine]:
    """Everyone with an open 补课 requirement, in 姓氏笔画 order (a person with two open requirements, one line
    each), with the 补课 courses they have been in or are enrolled in."""
    from app.appraisal.remedial import list_requirements

    requirements = list_requirements(db, open_only=True)
    units = dict(
        db.execute(
            "SELECT p.id, coalesce(u.name, '') FROM people p LEFT JOIN org_units u ON u.id = p.unit_id"
        ).fetchall()
    )
    courses = _remedial_courses(db)
    lines = [
        RemedialLine(r.person_id, r.name, r.id_number, units.get(r.person_id, ""), r.period_label, r.total,
                     r.min_days, r.required_on, "；".join(courses.get(r.person_id, [])))
        for r in requirements
    ]  # fmt: skip
    return sort_by_name(lines, lambda x: x.name, "strokes")


def _remedial_courses(db: Database) -> dict[int, list[str]]:
    """person id → each living 补课 course they are in: attended (hours, result) or still to come."""
    today = clock_today().isoformat()
    found: dict[int, list[str]] = {}
    for person, name, start, end, hours, result in db.execute(
        "SELECT e.person_id, c.name, c.start_date, c.end_date, e.hours, e.result FROM enrolments e"
        " JOIN courses c ON c.id = e.course_id WHERE c.category = ? AND e.deleted_at IS NULL"
        " AND c.deleted_at IS NULL ORDER BY c.start_date, c.id",
        [REMEDIAL],
    ):
        if end > today or not hours:
            said = f"已报名{name}（{_month_day(start)}开班）" if start > today else f"{name}（未记录学时）"
        else:
            said = f"{name}（{hours_text(Decimal(hours))} 学时" + (f"，{result}）" if result else "）")
        found.setdefault(person, []).append(said)
    return found


def _month_day(iso: str) -> str:
    return f"{int(iso[5:7])}月{int(iso[8:10])}日"


# --- export -------------------------------------------------------------------------------------------

ATTENDANCE_HEADERS = (
    "序号",
    "姓名",
    "公民身份号码",
    "人员类别",
    "工作单位",
    "学时",
    "结果",
    "证书编号",
    "备注",
)
GROUP_HEADERS = ("导师", "导师单位", "条线", "学员", "公民身份号码", "学员单位", "志愿", "说明")
REMEDIAL_HEADERS = (
    "序号",
    "姓名",
    "公民身份号码",
    "工作单位",
    "考核",
    "总分",
    "要求（工作日）",
    "已参加补课",
)


def export_attendance(db: Database, course_id: int, out: Path) -> int:
    """The course's 参训名单 as .xlsx; returns the rows written."""
    from app.training.courses import get_course

    out = check_xlsx_target(Path(out), "参训名单")
    course = _refused_as_export(lambda: get_course(db, course_id))
    rows = attendance_rows(db, course_id)
    if not rows:
        raise ExportError(f"“{course.name}”还没有报名人员，没有可导出的参训名单")
    body = [
        [
            n,
            r.name,
            r.id_number,
            r.role,
            r.unit,
            _hours(r.hours),
            r.result or "",
            r.certificate_no or "",
            r.note or "",
        ]
        for n, r in enumerate(rows, 1)
    ]
    return _write(out, "参训名单", ATTENDANCE_HEADERS, body)


def export_mentor_groups(db: Database, round_id: int | None, out: Path) -> int:
    """The 导师组 as .xlsx, one row per mentee (a mentor without any: one row saying so; the unplaced at the
    end without a mentor); returns the rows written."""
    out = check_xlsx_target(Path(out), "导师组名单")
    found = _refused_as_export(lambda: mentor_groups(db, round_id))
    if not found.groups and not found.unplaced:
        raise ExportError(f"“{found.title}”没有导师组，没有可导出的名单")
    body: list[list] = []
    for g in found.groups:
        head = [g.mentor, g.unit, g.line]
        body += [[*head, m.name, m.id_number, m.unit, m.how, m.note] for m in g.mentees]
        if not g.mentees:
            body.append([*head, "", "", "", "", "没有学员；" + g.flag if g.flag else "没有学员"])
        elif g.flag:
            body[-1][-1] = "；".join(filter(None, (body[-1][-1], g.flag)))
    for u in found.unplaced:
        choices = "；".join(filter(None, (f"第一志愿 {u.first}" if u.first else "",
                                          f"第二志愿 {u.second}" if u.second else "")))  # fmt: skip
        body.append(
            ["", "", "", u.name, u.id_number, u.unit, "—", f"未分配，待人工决定（{choices or '无志愿'}）"]
        )
    return _write(out, "导师组名单", GROUP_HEADERS, body)


def export_open_remedial(db: Database, out: Path) -> int:
    """Everyone with an open 补课 requirement as .xlsx; returns the rows written."""
    out = check_xlsx_target(Path(out), "待补课名单")
    rows = open_remedial_rows(db)
    if not rows:
        raise ExportError("目前没有待补课的人员，没有可导出的名单")
    body = [
        [n, r.name, r.id_number, r.unit, r.period, _decimal(r.total), r.min_days, r.attended or "未参加"]
        for n, r in enumerate(rows, 1)
    ]
    return _write(out, "待补课名单", REMEDIAL_HEADERS, body)


def _refused_as_export(load):
    try:
        return load()
    except OperationRefused as exc:
        raise ExportError(str(exc)) from exc


def _hours(text: str | None) -> int | float | str:
    return "" if not text else _decimal(text)


def _decimal(text: str) -> int | float | str:
    try:
        value = Decimal(text)
    except ArithmeticError:
        return text
    return int(value) if value == value.to_integral_value() else float(value)


def _write(out: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    from app.exchange.list_report import write_list

    return write_list(out, title, headers, rows)
