"""Attendance written in everyday words (trial of issue 11, findings 1 and 2): a column headed 出勤情况,
是否参加, 到课情况 … says who came, as 考勤 does; a 备注 saying 缺勤 or 请假 beside a 学时 column is an absence,
or a contradiction when hours are given. Read back from the plan and the database: no absent person is
credited the course's hours or has a 补课 closed."""

from __future__ import annotations

import openpyxl
import pytest

from app.appraisal import remedial
from app.exchange.plan import Action
from app.training.attendance import commit_attendance, plan_attendance
from app.training.attendance_notices import sign_in_columns
from tests.app.conftest import ACTOR
from tests.app.test_training_remedial_cover import owe_a_week
from tests.ids import make_id

NAMES = ["张三", "李四", "王五", "赵六", "孙七", "周八"]
REMEDIAL = {"category": "补课", "start_date": "2026-03-02", "end_date": "2026-03-06", "hours": "40"}


@pytest.fixture
def owing(db, pin_today):
    """Six community workers, each owing a 补课 of 5 working days since 2026-01-10; seen from 1 December."""
    owe_a_week(db, pin_today, NAMES)
    return db


def sheet(tmp_path, header: list, *rows: tuple):
    book = openpyxl.Workbook()
    book.active.append(header)
    for name, *cells in rows:
        book.active.append([name, make_id(NAMES.index(name) + 1), *cells])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    return path


def closed(db) -> set[str]:
    return {r.name for r in remedial.list_requirements(db) if r.closed_on}


def stored(db) -> dict[str, tuple]:
    query = "SELECT p.name, e.hours, e.note FROM enrolments e JOIN people p ON p.id = e.person_id"
    return {name: (hours, note) for name, hours, note in db.execute(query)}


@pytest.mark.parametrize(
    "label", ["出勤情况", "是否参加", "参训情况", "出勤", "是否到课", "到课情况", "参加情况", "签到情况"]
)
def test_an_everyday_attendance_column_is_read_and_the_absent_close_no_remedial(owing, tmp_path, label):
    path = sheet(
        tmp_path,
        ["姓名", "身份证号码", label],
        ("张三", "缺勤"),
        ("李四", "请假"),
        ("王五", "×"),
        ("赵六", "否"),
        ("孙七", "未到"),
        ("周八", "出勤"),
    )
    plan = plan_attendance(owing, path, "2026年补课班", REMEDIAL)
    assert label not in plan.ignored
    assert [(r.name, r.action, r.hours, r.absence) for r in plan.rows] == [
        ("张三", Action.NEW, "0", "缺勤"),
        ("李四", Action.NEW, "0", "请假"),
        ("王五", Action.NEW, "0", "缺勤"),
        ("赵六", Action.NEW, "0", "缺勤"),
        ("孙七", Action.NEW, "0", "未到"),
        ("周八", Action.NEW, "40", None),
    ]
    commit_attendance(owing, plan, ACTOR)
    assert closed(owing) == {"周八"}


@pytest.mark.parametrize("came", ["是", "√", "到", "✓", "出勤"])
def test_a_yes_in_a_yes_or_no_column_is_the_course_hours_and_a_blank_is_refused(owing, tmp_path, came):
    path = sheet(tmp_path, ["姓名", "公民身份号码", "是否参加"], ("张三", came), ("李四", None))
    plan = plan_attendance(owing, path, "2026年补课班", REMEDIAL)
    assert [(r.name, r.action, r.hours) for r in plan.rows] == [
        ("张三", Action.NEW, "40"),
        ("李四", Action.REJECT, None),
    ]
    (problem,) = plan.rows[1].problems
    assert (
        problem.column == "是否参加" and "没有参加的请在签到栏或备注中写明“缺勤”或“请假”" in problem.message
    )


def test_a_column_only_containing_such_a_word_is_not_read_as_attendance():
    headers = ["姓名", "公民身份号码", "参加工作时间", "是否参加（是/否）", "备注"]
    assert sign_in_columns(headers, [0, 1]) == ([3], [4])


HOURS_AND_NOTE = ["姓名", "身份证号码", "学时", "备注"]


def test_an_absence_in_the_note_beside_hours_refuses_the_row_and_beside_blank_hours_is_an_absence(
    owing, tmp_path
):
    path = sheet(
        tmp_path,
        HOURS_AND_NOTE,
        ("张三", 40, "缺勤"),
        ("李四", None, "请假"),
        ("王五", 0, "因病请假"),
        ("赵六", 36, "下午请假"),  # a part of the day: the hours say what was attended
        ("孙七", 40, "组长"),
    )
    plan = plan_attendance(owing, path, "2026年补课班", REMEDIAL)
    assert [(r.name, r.action, r.hours, r.absence) for r in plan.rows] == [
        ("张三", Action.REJECT, "40", None),
        ("李四", Action.NEW, "0", "请假"),
        ("王五", Action.NEW, "0", "请假"),
        ("赵六", Action.NEW, "36", None),
        ("孙七", Action.NEW, "40", None),
    ]
    (problem,) = plan.rows[0].problems
    assert problem.column == "备注"
    assert problem.message == (
        "学时填的是 40，备注却写着“缺勤”：请核对是缺勤（学时填 0 或留空）还是参训了（删去备注中的“缺勤”）"
    )
    assert "备注" not in plan.ignored
    commit_attendance(owing, plan, ACTOR)
    assert stored(owing) == {
        "李四": ("0", "请假"),
        "王五": ("0", "请假"),
        "赵六": ("36", None),
        "孙七": ("40", None),
    }
    assert closed(owing) == {"孙七"}


def test_a_passing_result_beside_blank_hours_and_a_noted_absence_is_a_contradiction(owing, tmp_path):
    path = sheet(tmp_path, [*HOURS_AND_NOTE, "结果"], ("张三", None, "请假", "合格"))
    (row,) = plan_attendance(owing, path, "2026年补课班", REMEDIAL).rows
    assert row.action == Action.REJECT
    assert row.problems[0].column == "结果" and "备注写的是“请假”，结果却是“合格”" in row.problems[0].message


def test_an_attendance_column_beside_hours_is_read_for_absences_too(owing, tmp_path):
    path = sheet(
        tmp_path, ["姓名", "公民身份号码", "学时", "出勤情况"], ("张三", 40, "否"), ("李四", 40, "是")
    )
    plan = plan_attendance(owing, path, "2026年补课班", REMEDIAL)
    assert [(r.action, r.hours) for r in plan.rows] == [(Action.REJECT, "40"), (Action.NEW, "40")]
    assert plan.rows[0].problems[0].column == "出勤情况"
