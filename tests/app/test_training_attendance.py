"""The attendance import on files it was not shaped for: a GB18030 CSV with full-width digits, spaced names
and a 15-digit ID number; a sheet without a 学时 column; a 补课 course whose import closes the requirement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from app.appraisal import remedial, service
from app.appraisal.service import ScoreInput
from app.exchange.plan import Action
from app.training import courses
from app.training.attendance import commit_attendance, plan_attendance
from app.training.attendance_text import describe_plan
from tests.app.conftest import add_person
from tests.ids import make_id

ACTOR = "测试员"
OLD_ID = "110101900101001"  # 15 digits: 1990-01-01, sequence 001 → make_id(1) once upgraded


@pytest.fixture
def db(db):
    """The shared office (tests/app/conftest.py) with three community workers, make_id(1) to make_id(3)."""
    for i, name in enumerate(["张三", "欧阳小明", "李四"], 1):
        add_person(db, name, i)
    return db


def test_a_gb18030_csv_with_full_width_digits_and_an_old_id(db, tmp_path):
    path = tmp_path / "名单.csv"
    text = (
        "2026年专题培训签到汇总\n"
        "序号,姓　名,公民身份号码,参训学时,结果\n"
        f"1,张 三,{OLD_ID},４.５,通过\n"
        f"2,欧阳小明,{make_id(2)}, 3 学时 ,不合格\n"
        f"3,李四,{make_id(3)},,\n"
        "注：学时以签到为准,,,,\n"
    )
    path.write_bytes(text.encode("gb18030"))
    values = {
        "category": "专题培训",
        "start_date": "2026.4.1",
        "end_date": "2026年4月1日",
        "hours": "4.5学时",
    }
    plan = plan_attendance(db, path, "党史专题", values)
    assert [(r.row, r.action, r.name, r.hours, r.result) for r in plan.rows] == [
        (3, Action.NEW, "张三", "4.5", "合格"),
        (4, Action.NEW, "欧阳小明", "3", "不合格"),
        (5, Action.NEW, "李四", None, None),
    ]
    assert plan.skipped == {"说明行": 1}
    result = commit_attendance(db, plan, ACTOR)
    assert "新增 3 人" in result.message
    course = courses.find_course(db, "党史专题")
    assert (course.start_date, course.hours) == (dt.date(2026, 4, 1), D("4.5"))


def test_without_an_hours_column_everyone_gets_the_courses_hours(db, tmp_path):
    import openpyxl

    path = tmp_path / "签到.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号码"])
    book.active.append(["张三", make_id(1)])
    book.save(path)
    plan = plan_attendance(db, path, "观摩", {"category": "现场观摩", "start_date": "2026-05-06",
                                             "end_date": "2026-05-06", "hours": "4"})  # fmt: skip
    assert plan.rows[0].hours == "4"
    assert "表中没有“学时”列：名单上的每人按培训班学时 4 计" in describe_plan(plan)


def test_importing_a_remedial_courses_attendance_closes_the_requirement(db, tmp_path):
    import openpyxl

    ids = [r[0] for r in db.execute("SELECT id FROM people ORDER BY id")]
    period = service.open_period(db, "weighted-top20", 2025, None, ACTOR).made
    keys = [c.key for c in period.scheme.components]
    service.set_many_scores(db, period.id, [ScoreInput(p, {k: D(70) for k in keys}) for p in ids], ACTOR)
    service.finalize_period(db, period.id, ACTOR, issued_on=dt.date(2026, 1, 10))
    path = tmp_path / "补课.xlsx"
    book = openpyxl.Workbook()
    for row in (["姓名", "公民身份号码", "学时", "结果"], ["张三", make_id(1), 40, "合格"],
                ["欧阳小明", make_id(2), 40, "不合格"], ["李四", make_id(3), 0, None]):  # fmt: skip
        book.active.append(row)
    book.save(path)
    values = {"category": "补课", "start_date": "2026-03-02", "end_date": "2026-03-06", "hours": "40"}
    plan = plan_attendance(db, path, "2026年补课班", values)
    assert (
        "  第2行 张三：新增（40 学时，合格），将完成补课：2025年度考核（加权评价·双达标）"
        in describe_plan(plan)
    )
    result = commit_attendance(db, plan, ACTOR)
    assert result.changes.appraisal and "完成补课 1 项" in result.message
    closed = {r.name: r.closed_on for r in remedial.list_requirements(db)}
    assert closed == {"张三": dt.date(2026, 3, 6), "欧阳小明": None, "李四": None}


def test_a_two_row_header_reads_hours_and_result_from_its_second_row(db, tmp_path):
    import openpyxl

    path = tmp_path / "两行表头.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "身份证号", "参训情况", None])
    sheet.append([None, None, None, "学时", "考核结果"])
    sheet.merge_cells("D1:E1")
    sheet.append([1, "张三", make_id(1), "4.5个学时", "合格"])
    book.save(path)
    values = {"category": "轮训", "start_date": "2026-06-01", "end_date": "2026-06-01", "hours": "8"}
    plan = plan_attendance(db, path, "轮训一期", values)
    assert [(r.row, r.action, r.hours, r.result) for r in plan.rows] == [(3, Action.NEW, "4.5", "合格")]
    assert plan.has_hours and plan.ignored == ["序号"]


def test_the_same_person_twice_with_different_hours_imports_neither(db, tmp_path):
    import openpyxl

    path = tmp_path / "重复.xlsx"
    book = openpyxl.Workbook()
    for row in (["学员姓名", "公民身份证号码", "完成学时"], ["张三", make_id(1), 8], ["李四", make_id(3), 8],
                ["张三", make_id(1), "7.5"]):  # fmt: skip
        book.active.append(row)
    book.save(path)
    values = {"category": "轮训", "start_date": "2026-06-01", "end_date": "2026-06-01", "hours": "8"}
    plan = plan_attendance(db, path, "轮训一期", values)
    assert [(r.row, r.action) for r in plan.rows] == [(2, Action.REJECT), (3, Action.NEW), (4, Action.REJECT)]
    lines = describe_plan(plan)
    assert any("第2行 张三" in line and "与本表第4行是同一人，但学时或结果不同（8 学时，未填结果 / 7.5 学时" in line
               for line in lines)  # fmt: skip
