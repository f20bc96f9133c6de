"""The training documents from the office database: what to print is loaded here, laid out by doc_training
(签到表, 参训名单), doc_training_certificates (结业证书), doc_training_record (培训档案), doc_mentoring (导师组名单)
and doc_training_remedial (待补课名单). Used by the command line and, in a worker thread with its own
connection, by the window. Reads only; nothing to print is a PrintError that says why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from app.changes import OperationRefused, Progress
from app.clock import today as clock_today
from app.printing import (
    doc_mentoring,
    doc_training,
    doc_training_certificates,
    doc_training_record,
    doc_training_remedial,
)
from app.printing.doc_training_certificates import CourseCertificate
from app.printing.doc_training_record import CourseLine, MentoringLine, TrainingRecord, YearLine
from app.printing.layout import chinese_date
from app.printing.order import order_notes
from app.printing.people import load_people
from app.printing.printed import Printed
from app.printing.problems import PrintError
from app.printing.service import office_name
from app.printing.settings import fonts_for
from app.settings import get as get_setting
from app.training import list_export
from app.training import person_summary as summary
from app.training.attendance_cells import ABSENT
from app.training.courses import Course, get_course
from app.training.listing import EnrolmentRow, course_enrolments
from app.training.person_summary import person_training
from app.training.rules import PersonHours, hours_text, passed


def _course(db: Database, course_id: int) -> Course:
    try:
        return get_course(db, course_id)
    except OperationRefused as exc:
        raise PrintError(str(exc)) from exc


def _stroke_notes(names: Sequence[str]) -> list[str]:
    return order_notes(list(names), "strokes")


# --- a course ------------------------------------------------------------------------------------------


def course_certificates(
    db: Database, course_id: int, out: Path, *, enrolment_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> Printed:  # fmt: skip
    """结业证书 of those in the course who passed and have a number (颁发结业证书 gives them), in number order;
    of the chosen enrolments when given. The notes name the others by why they got none."""
    course = _course(db, course_id)
    rows = course_enrolments(db, course_id)
    if enrolment_ids is not None:
        wanted = set(enrolment_ids)
        rows = [r for r in rows if r.id in wanted]
    numbered = [r for r in rows if r.certificate_no and passed(r.result)]
    if not numbered:
        raise PrintError(_nothing_to_print(course, rows, chosen=enrolment_ids is not None))
    order = _number_order(db, course_id)
    numbered.sort(key=lambda r: order.get(r.id, (0, 0)))
    issuer = course.organiser or get_setting(db, "issuer") or office_name(db)
    certificates = [
        CourseCertificate(r.id, r.certificate_no or "", r.name, r.id_number, r.unit, course.name, course.category,
                          doc_training.span_text(course), r.hours or "", r.result or "", issuer,
                          course.end_date.isoformat())
        for r in numbered
    ]  # fmt: skip
    notes = not_printed(rows)
    return doc_training_certificates.print_course_certificates(
        certificates, out, fonts_for(db), office=office_name(db), notes=notes, progress=progress
    )


def _nothing_to_print(course: Course, rows: Sequence[EnrolmentRow], *, chosen: bool) -> str:
    """Why no certificate prints: the course has not ended; nobody (chosen) passed — who did not and why; or
    those who passed have no number yet."""
    whose = "所选人员" if chosen else ""
    if not any(passed(r.result) for r in rows):
        if course.end_date > clock_today() and not any(r.result for r in rows):
            return (
                f"“{course.name}”{chinese_date(course.end_date)}才结束，还没有考核结果，没有可打印的结业证书"
            )
        why = "；".join(f"{names}{why}" for names, why in _left_out(rows))
        return f"“{course.name}”{whose}没有考核合格的人员，没有可打印的结业证书" + (
            f"（{why}）" if why else ""
        )
    return (
        f"“{course.name}”{whose}还没有结业证书编号，没有可打印的结业证书。"
        "请先在“培训”页选中合格人员，点“颁发结业证书”编号后再打印"
    )


def not_printed(rows: Sequence[EnrolmentRow]) -> list[str]:
    """Who of the course gets no certificate, a sentence per why: 考核不合格; absent (缺勤, 请假 … as the
    attendance list said); no result yet; passed but no number yet (颁发结业证书 gives them one)."""
    return [f"{names}{why}，未打印" for names, why in _left_out(rows)]


def _left_out(rows: Sequence[EnrolmentRow]) -> list[tuple[str, str]]:
    """(王一、李二 2 人, why) for each reason someone has no certificate, in the order not_printed says them."""
    groups: dict[tuple[int, str], list[str]] = {}
    for r in rows:
        if not (r.certificate_no and passed(r.result)):
            groups.setdefault(_why_not(r), []).append(r.name)
    return [(_names(names), why) for (_rank, why), names in sorted(groups.items())]


def _why_not(row: EnrolmentRow) -> tuple[int, str]:
    """(where it is said among the others, why) for one enrolment left without a certificate."""
    if passed(row.result):
        return 3, "已合格，但还没有结业证书编号"
    if row.result:
        return 0, "考核不合格"
    if row.note in ABSENT:
        return 1, str(row.note)
    return 2, "还没有记录考核结果"


def _names(names: Sequence[str]) -> str:
    """王一、李二 2 人; the first ten of a longer list and 等."""
    return f"{'、'.join(names[:10])}{' 等' if len(names) > 10 else ''} {len(names)} 人"


def _number_order(db: Database, course_id: int) -> dict[int, tuple[int, int]]:
    """enrolment id → (year, serial) of its certificate: the order the numbers were given in."""
    rows = db.execute(
        "SELECT id, coalesce(certificate_year, 0), coalesce(certificate_serial, 0) FROM enrolments"
        " WHERE course_id = ?",
        [course_id],
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


def signin_sheet(db: Database, course_id: int, out: Path, *, progress: Progress | None = None) -> Printed:
    course = _course(db, course_id)
    rows = list_export.attendance_rows(db, course_id)
    if not rows:
        raise PrintError(f"“{course.name}”还没有报名人员，没有可打印的签到表。请先在“培训”页添加人员")
    people = load_people(db, [r.person_id for r in rows])
    return doc_training.print_signin(course, people, out, fonts_for(db), office=office_name(db),
                                     notes=_stroke_notes([p.name for p in people]), progress=progress)  # fmt: skip


def attendance_list(db: Database, course_id: int, out: Path, *, progress: Progress | None = None) -> Printed:
    course = _course(db, course_id)
    rows = list_export.attendance_rows(db, course_id)
    if not rows:
        raise PrintError(f"“{course.name}”还没有报名人员，没有可打印的参训名单")
    return doc_training.print_attendance(
        course, rows, out, fonts_for(db), office=office_name(db), today=clock_today(),
        notes=_stroke_notes([r.name for r in rows]), progress=progress,
    )  # fmt: skip


# --- a person ------------------------------------------------------------------------------------------


def training_record(db: Database, person_id: int, out: Path, *, progress: Progress | None = None) -> Printed:
    """The person's 培训档案, from what the person form's 培训 tab reads (the paper and the tab cannot drift
    apart), oldest first as a record on paper reads."""
    people = load_people(db, [person_id])
    if not people:
        raise PrintError("这个人不在花名册中（可能已移入回收站），没有可打印的培训档案")
    found = person_training(db, person_id, clock_today().year)
    absences = _absences(db, person_id)
    record = TrainingRecord(people[0], [_course_line(c, absences.get(c.course_id)) for c in reversed(found.courses)],
                            [_year_line(year, h) for year, h in found.years],
                            [_remedial_line(r) for r in found.remedial], _mentoring_lines(found))  # fmt: skip
    return doc_training_record.print_record(
        record, out, fonts_for(db), office=office_name(db), today=clock_today(), progress=progress
    )


def _dates(start: str, end: str | None) -> str:
    """2026.03.10–03.16; a pair still running: 2026.03.10 起."""
    first = start.replace("-", ".")
    if not end:
        return f"{first} 起"
    if end == start:
        return first
    return f"{first}–{end[5:].replace('-', '.') if end[:4] == start[:4] else end.replace('-', '.')}"


def _absences(db: Database, person_id: int) -> dict[int, str]:
    """course id → the absence (缺勤, 请假 …) an attendance list recorded for the person: their 0 学时 and
    empty result read as what they are on paper."""
    rows = db.execute(
        "SELECT course_id, note FROM enrolments WHERE person_id = ? AND deleted_at IS NULL", [person_id]
    ).fetchall()
    return {course: note for course, note in rows if note in ABSENT}


def _course_line(c: summary.CourseLine, absence: str | None) -> CourseLine:
    result = c.result or absence or ""
    return CourseLine(_dates(c.start_date, c.end_date), c.name, c.category, c.hours, result, c.certificate_no)


def _year_line(year: int, h: PersonHours) -> YearLine:
    return YearLine(year, hours_text(h.hours), hours_text(h.required), hours_text(h.short))


def _remedial_line(r: summary.RemedialLine) -> doc_training_record.RemedialLine:
    state = f"已完成：{r.course}（{r.course_days} 个工作日，{r.closed_on}）" if r.closed_on else "未完成"
    return doc_training_record.RemedialLine(r.period, r.total, f"不少于 {r.min_days} 个工作日", state)


def _mentoring_lines(found: summary.PersonTraining) -> list[MentoringLine]:
    """The person's mentors (as mentee), then their mentees (as a mentor of the pool who is on the roster)."""
    return [
        MentoringLine(
            "带教学员" if p.as_mentor else "导师", p.other, p.unit, p.kind, _dates(p.start_date, p.end_date)
        )
        for p in [*reversed(found.mentors), *reversed(found.mentees)]
    ]


# --- mentoring and 补课 --------------------------------------------------------------------------------


def mentor_groups(
    db: Database, round_id: int | None, out: Path, *, progress: Progress | None = None
) -> Printed:
    """The 导师组 of a confirmed selection round; without a round, every current pair grouped by mentor."""
    try:
        found = list_export.mentor_groups(db, round_id)
    except OperationRefused as exc:
        raise PrintError(str(exc)) from exc
    names = [g.mentor for g in found.groups] + [m.name for g in found.groups for m in g.mentees]
    return doc_mentoring.print_groups(found, out, fonts_for(db), office=office_name(db), today=clock_today(),
                                      notes=_stroke_notes(names), progress=progress)  # fmt: skip


def open_remedial(db: Database, out: Path, *, progress: Progress | None = None) -> Printed:
    rows = list_export.open_remedial_rows(db)
    printed = doc_training_remedial.print_remedial(rows, out, fonts_for(db), office=office_name(db),
                                                   today=clock_today(), progress=progress)  # fmt: skip
    return replace(printed, notes=[*printed.notes, *_stroke_notes([r.name for r in rows])])
