"""导入参训名单 in the window: a new course made from the list's title (nothing written until confirmed, then the
course and the attendance together), the new-course form's checks, the sheet chooser, switching to the course the
title names, and 保存问题行… read back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.training.courses import create_course, list_courses
from tests.data.training.make_lists import ROSTER
from tests.ui.conftest import ACTOR, add_person, add_unit, wait_for_jobs
from ui import dialogs
from ui.training import attendance_import
from ui.training.attendance_course import NewCourseForm
from ui.training.attendance_plan import NEW_COURSE, Choice, PlanDialog

DATA = Path(__file__).resolve().parents[1] / "data" / "training"
VALUES = {"name": "2026年社区工作者入门培训班", "category": "入门", "start_date": "2026-03-02",
          "end_date": "2026-03-03", "hours": "8"}  # fmt: skip


@pytest.fixture
def roster(ctx):
    unit = add_unit(ctx.db, "东门社区")
    for name, number in ROSTER.items():
        add_person(ctx.db, name, number, unit)
    return ctx


def enrolled(db) -> list[tuple]:
    return db.execute(
        "SELECT c.name, p.name, e.hours, e.result, e.note FROM enrolments e JOIN people p ON p.id = e.person_id"
        " JOIN courses c ON c.id = e.course_id ORDER BY e.id"
    ).fetchall()


def answer(monkeypatch, *answers) -> list:
    """confirm_plan answers in turn; the plans it was shown are returned."""
    shown, queue = [], list(answers)
    monkeypatch.setattr(
        attendance_import, "confirm_plan", lambda parent, plan: shown.append(plan) or queue.pop(0)
    )
    return shown


def test_without_a_course_the_title_starts_a_new_one_written_only_with_the_attendance(
    qtbot, roster, answers, parent, monkeypatch
):
    asked = []
    monkeypatch.setattr(
        attendance_import, "ask_new_course", lambda p, ctx, start, why: asked.append((start, why)) or VALUES
    )
    shown = answer(monkeypatch, False)
    attendance_import.import_attendance(parent, roster, None, DATA / "01_merged_title.xlsx")
    wait_for_jobs(qtbot)
    wait_for_jobs(qtbot)
    assert asked == [({"name": "2026年社区工作者入门培训班"},
                      "名单标题中的“2026年社区工作者入门培训班”还不是已有的培训班：请补全它的类别、日期和学时。")]  # fmt: skip
    (plan,) = shown
    assert plan.new_course["name"] == VALUES["name"] and len(plan.to_write()) == 4
    assert (
        "将新建培训班“2026年社区工作者入门培训班”（入门，2026-03-02—2026-03-03，8 学时）" in plan.notices[0]
    )
    assert list_courses(roster.db) == [] and enrolled(roster.db) == []  # cancelled: nothing written

    shown = answer(monkeypatch, True)
    attendance_import.import_attendance(parent, roster, None, DATA / "01_merged_title.xlsx")
    wait_for_jobs(qtbot)
    wait_for_jobs(qtbot)
    wait_for_jobs(qtbot)
    (course,) = list_courses(roster.db)
    assert (course.name, course.category, str(course.hours)) == (VALUES["name"], "入门", "8")
    assert enrolled(roster.db) == [
        (VALUES["name"], "张三", "8", "合格", None), (VALUES["name"], "李四", "3", "合格", None),
        (VALUES["name"], "王小明", "1.5", "85", None), (VALUES["name"], "欧阳娜娜", "0", None, "缺勤"),
    ]  # fmt: skip
    audited = roster.db.execute("SELECT entity, COUNT(*) FROM audit_log GROUP BY entity").fetchall()
    assert ("course", 1) in audited and ("enrolment", 4) in audited
    assert "备份" in answers["informed"][-1]


def test_the_new_course_form_checks_like_the_course_form_and_writes_nothing(qtbot, roster):
    create_course(roster.db, {**VALUES, "name": "已有的班"}, ACTOR)
    form = NewCourseForm(roster, start={"name": "2026年党史专题培训班"})
    qtbot.addWidget(form)
    assert form.fields["category"].currentText() == "专题培训"  # from the name
    form.fields["name"].setText("已有的班")
    form.fields["start_date"].setText("2026-02-30")
    form.fields["end_date"].setText("2026-03-01")
    form.fields["hours"].setText("0")
    form.save()
    assert form.checked is None
    assert "已有名为“已有的班”的培训班" in form.errors["name"].text()
    assert "2026-02-30" in form.errors["start_date"].text() or "日期" in form.errors["start_date"].text()
    assert "学时不能为空或为 0" in form.errors["hours"].text()
    assert form.fields["hours"].text() == "0"  # what was typed stays
    form.fields["name"].setText("党史专题")
    form.fields["start_date"].setText("2026.3.1")
    form.fields["hours"].setText("4.5学时")
    form.save()
    assert form.checked == {**form.checked, "name": "党史专题", "category": "专题培训",
                            "start_date": "2026-03-01", "end_date": "2026-03-01", "hours": "4.5"}  # fmt: skip
    assert [c.name for c in list_courses(roster.db)] == ["已有的班"]


def test_another_sheet_is_chosen_and_read(qtbot, roster, answers, parent, monkeypatch):
    course_id = create_course(roster.db, {**VALUES, "name": "入门班"}, ACTOR).record_id
    course = next(c for c in list_courses(roster.db) if c.id == course_id)
    shown = answer(monkeypatch, Choice(sheet="第二期"), True)
    attendance_import.import_attendance(parent, roster, course, DATA / "05_several_sheets.xlsx")
    for _ in range(4):
        wait_for_jobs(qtbot)
    assert [(p.sheet, p.other_sheets) for p in shown] == [("第一期", ["第二期"]), ("第二期", ["第一期"])]
    assert enrolled(roster.db) == [("入门班", "王小明", "4", "合格", None)]


def test_the_course_the_title_names_is_offered_and_switched_to(qtbot, roster, answers, parent, monkeypatch):
    chosen_id = create_course(roster.db, {**VALUES, "name": "进阶班", "category": "进阶"}, ACTOR).record_id
    create_course(roster.db, {**VALUES, "name": "社区工作者入门培训班"}, ACTOR)
    chosen = next(c for c in list_courses(roster.db) if c.id == chosen_id)
    shown = answer(monkeypatch, Choice(course="社区工作者入门培训班"), True)
    attendance_import.import_attendance(parent, roster, chosen, DATA / "01_merged_title.xlsx")
    for _ in range(4):
        wait_for_jobs(qtbot)
    first, second = shown
    assert first.course.name == "进阶班" and first.titled_course.name == "社区工作者入门培训班"
    assert any("名单标题写的是“2026年社区工作者入门培训班”" in line for line in first.notices)
    assert second.course.name == "社区工作者入门培训班" and second.titled_course is None
    assert {row[0] for row in enrolled(roster.db)} == {"社区工作者入门培训班"}


def test_plan_dialog_offers_the_choices_and_saves_the_refused_rows(qtbot, roster, monkeypatch, tmp_path):
    from app.training.attendance import plan_attendance

    create_course(roster.db, {**VALUES, "name": "社区工作者入门培训班"}, ACTOR)
    plan = plan_attendance(roster.db, DATA / "01_merged_title.xlsx", None, {**VALUES, "name": "新班"})
    dialog = PlanDialog(plan)
    qtbot.addWidget(dialog)
    items = [dialog.course_box.itemText(i) for i in range(dialog.course_box.count())]
    assert items == [
        "新建：新班（入门，8 学时）",
        "改为导入到名单标题中的“社区工作者入门培训班”",
        "修改新建的培训班…",
    ]
    assert not dialog.sheet_box.isEnabled()
    hint = dialog._title_hint().text()
    assert "名单标题写的是“2026年社区工作者入门培训班”" in hint and "改选它" in hint
    dialog._choose_course(2)
    assert dialog.choice == Choice(course=NEW_COURSE)
    out = tmp_path / "问题行.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: out)
    monkeypatch.setattr(dialogs, "inform", lambda *a: None)
    assert dialog.save_report() == out
    rows = list(openpyxl.load_workbook(out)["问题行"].values)
    assert rows[0] == ("原行号", "序号", "姓  名", "性别", "身份证号码", "所在社区", "学时", "考核结果", "备注",
                       "问题说明")  # fmt: skip
    assert [(r[0], r[2], r[6]) for r in rows[1:]] == [(8, "赵六", "半天")]
    assert "不能换算成学时数" in rows[1][-1]


def test_without_a_course_or_a_title_cancelling_the_new_course_changes_nothing(
    qtbot, roster, answers, parent, monkeypatch
):
    asked = []
    monkeypatch.setattr(
        attendance_import, "ask_new_course", lambda p, ctx, start, why: asked.append((start, why)) or None
    )
    shown = answer(monkeypatch)
    attendance_import.import_attendance(parent, roster, None, DATA / "02_id_numbers.xlsx")
    wait_for_jobs(qtbot)
    assert asked == [({"name": ""}, "没有选择培训班，名单中也没有写明：请新建名单所属的培训班。")]
    assert shown == [] and list_courses(roster.db) == [] and answers["warned"] == []


def test_a_read_only_office_refuses_before_reading(qtbot, roster, answers, parent, monkeypatch):
    monkeypatch.setattr(roster.office, "read_only_reason", "数据库正在被另一个窗口使用")
    assert attendance_import.import_attendance(parent, roster, None, DATA / "01_merged_title.xlsx") is None
    assert answers["warned"] == ["数据库正在被另一个窗口使用"]


def test_people_new_to_a_stage_without_the_one_before_are_written_only_when_the_clerk_agrees(
    qtbot, roster, answers, parent, monkeypatch, tmp_path
):
    advanced = {**VALUES, "name": "2026年社区工作者进阶培训班", "category": "进阶"}
    create_course(roster.db, advanced, ACTOR)
    course = next(c for c in list_courses(roster.db) if c.category == "进阶")
    path = tmp_path / "进阶.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "学时"])
    book.active.append(["张三", ROSTER["张三"], 8])
    book.save(path)
    answers["ask"] = False
    shown = answer(monkeypatch, True)
    attendance_import.import_attendance(parent, roster, course, path)
    wait_for_jobs(qtbot)
    (plan,) = shown
    assert [r.name for r in plan.out_of_stage] == ["张三"]
    assert any("以下 1 人尚未完成“入门”阶段培训" in n for n in plan.notices)
    assert answers["asked"] == [
        "“2026年社区工作者进阶培训班”是进阶培训班，张三（第2行）尚未完成“入门”阶段培训。\n\n"
        "仍按名单照常记录他们参加了培训吗？"
    ]
    assert enrolled(roster.db) == []  # declined: nothing written

    answers["ask"] = True
    answer(monkeypatch, True)
    attendance_import.import_attendance(parent, roster, course, path)
    wait_for_jobs(qtbot)
    wait_for_jobs(qtbot)
    assert enrolled(roster.db) == [("2026年社区工作者进阶培训班", "张三", "8", None, None)]
