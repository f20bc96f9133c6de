"""培训: the course form saves and refuses field by field; enrolment asks about a stage not completed; attendance,
certificates and points from the people panel; the attendance import; 学时统计 against the requirement."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app.training import enrolments
from app.training.courses import create_course, list_courses
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id, wait_for_jobs
from ui.training import attendance_import, enrolment_panel
from ui.training.attendance_form import AttendanceForm
from ui.training.course_form import CourseForm
from ui.training.page import TrainingPage

YEAR = 2026


@pytest.fixture(autouse=True)
def december(pin_today):
    """This year's courses and next year's, seen from 1 December of YEAR whatever day the suite runs
    (past midnight on New Year's Eve too)."""
    pin_today(dt.date(YEAR, 12, 1))


def page_of(qtbot, ctx) -> TrainingPage:
    page = TrainingPage(ctx)
    ctx.changed.connect(page.refresh)
    qtbot.addWidget(page)
    return page


def course(db, name: str, category: str = "入门", hours: str = "8", **extra) -> int:
    values = {"name": name, "category": category, "start_date": f"{YEAR}-01-10", "end_date": f"{YEAR}-01-11",
              "hours": hours, **extra}  # fmt: skip
    return create_course(db, values, ACTOR).record_id


def cells(model, row: int = 0) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_course_form_saves_every_field(qtbot, ctx, answers):
    page = page_of(qtbot, ctx)
    form = CourseForm(ctx, page)
    qtbot.addWidget(form)
    typed = {"name": "社区工作者进阶培训班", "start_date": f"{YEAR}.3.2", "end_date": f"{YEAR}0303",
             "hours": "12.5", "place": "区委党校", "organiser": "县委组织部", "capacity": "40"}  # fmt: skip
    for key, text in typed.items():
        form.fields[key].setText(text)
    form.fields["category"].setCurrentText("进阶")
    form.fields["note"].setPlainText("带笔记本")
    form.save()
    assert form.result is not None
    saved = list_courses(ctx.db, YEAR)[0]
    assert (saved.name, saved.category, saved.start_date.isoformat(), str(saved.hours)) == (
        "社区工作者进阶培训班", "进阶", f"{YEAR}-03-02", "12.5",
    )  # fmt: skip
    assert (saved.place, saved.organiser, saved.capacity, saved.note) == (
        "区委党校",
        "县委组织部",
        40,
        "带笔记本",
    )
    assert cells(page.courses.model)[:6] == ["社区工作者进阶培训班", "进阶", f"{YEAR}-03-02", f"{YEAR}-03-03",
                                             "12.5", "0 / 40"]  # fmt: skip


def test_course_form_refuses_beside_each_field_and_keeps_the_text(qtbot, ctx, answers):
    form = CourseForm(ctx)
    qtbot.addWidget(form)
    form.fields["name"].setText("入门班")
    form.fields["start_date"].setText(f"{YEAR}-02-30")
    form.fields["end_date"].setText(f"{YEAR}-01-01")
    form.fields["hours"].setText("7.3")
    form.fields["capacity"].setText("许多")
    form.save()
    assert form.result is None
    assert list_courses(ctx.db) == []
    assert "2月没有30日" in form.errors["start_date"].text()
    assert "0.5" in form.errors["hours"].text()
    assert "1–10000" in form.errors["capacity"].text()
    assert form.errors["name"].text() == ""
    assert form.fields["hours"].text() == "7.3" and form.fields["capacity"].text() == "许多"


def test_enrol_asks_about_the_missing_stage_then_enrols(qtbot, ctx, answers, monkeypatch):
    unit = add_unit(ctx.db, "桂溪社区")
    ann = add_person(ctx.db, "安安", make_id(1), unit)
    bo = add_person(ctx.db, "博博", make_id(2), unit)
    course(ctx.db, "进阶班", "进阶")
    page = page_of(qtbot, ctx)
    monkeypatch.setattr(enrolment_panel, "choose_attendees", lambda parent, ctx, exclude: [ann, bo])
    answers["ask"] = False
    page.courses.people.add_people()
    assert "安安" in answers["asked"][0] and "入门" in answers["asked"][0]
    assert page.courses.people.model.rowCount() == 0  # declined: nobody enrolled
    answers["ask"] = True
    page.courses.people.add_people()
    assert [r.name for r in page.courses.people.model.rows] == ["安安", "博博"]
    assert cells(page.courses.model)[5] == "2"


def test_attendance_certificate_and_hours_tab(qtbot, ctx, answers):
    unit = add_unit(ctx.db, "桂溪社区")
    ann = add_person(ctx.db, "安安", make_id(1), unit)
    bo = add_person(ctx.db, "博博", make_id(2), unit)
    course_id = course(ctx.db, "入门班", "入门", hours="40")
    enrolments.enrol(ctx.db, course_id, [ann, bo], ACTOR)
    page = page_of(qtbot, ctx)
    panel = page.courses.people
    first = panel.model.rows[0]
    form = AttendanceForm(ctx, panel, page.courses.current(), first)
    qtbot.addWidget(form)
    form.fields["hours"].setText("41")
    form.save()
    assert form.result is None and "40" in form.errors["hours"].text()
    form.fields["hours"].setText("39.5")
    form.fields["result"].setText("合格")
    form.save()
    assert form.result is not None
    assert cells(panel.model)[4:6] == ["39.5", "合格"]
    answers["ask"] = False  # not now: printing them is tested with the printed documents
    panel.certificates()
    assert answers["asked"][-1] == "已为 1 人编号结业证书。\n\n现在打印结业证书吗？"
    assert cells(panel.model)[6] == f"培训〔{YEAR}〕第001号"
    assert cells(panel.model, 1)[6] == ""  # 博博 has no result yet
    hours = {r.name: r for r in page.hours.model.rows}
    assert cells(page.hours.model)[3:] == ["39.5", "48", "8.5"]
    assert hours["博博"].below and cells(page.hours.model, 1)[3:] == ["0", "48", "48"]
    assert page.hours.count_label.text() == f"{YEAR}年 共 2 人，未达到要求学时 2 人"


def test_hours_export_reads_back(qtbot, ctx, answers, monkeypatch, tmp_path):
    from ui import dialogs

    unit = add_unit(ctx.db, "桂溪社区")
    ann = add_person(ctx.db, "安安", make_id(1), unit)
    course_id = course(ctx.db, "入门班", "入门", hours="50")
    enrolments.enrol(ctx.db, course_id, [ann], ACTOR)
    eid = ctx.db.execute("SELECT id FROM enrolments").fetchone()[0]
    enrolments.record_attendance(ctx.db, eid, "50", "合格", ACTOR)
    page = page_of(qtbot, ctx)
    out = tmp_path / "学时.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: out)
    assert page.hours.export_shown() == out
    sheet = openpyxl.load_workbook(out).active
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True) if any(row)]
    header = rows.index(next(r for r in rows if "姓名" in r))
    assert rows[header][:6] == ["姓名", "公民身份号码", "人员类别", "学时", "要求学时", "差额"]
    assert rows[header + 1][:2] == ["安安", make_id(1)] and rows[header + 1][3] == 50


def test_attendance_import_dry_run_then_commit(qtbot, ctx, answers, monkeypatch, tmp_path):
    unit = add_unit(ctx.db, "桂溪社区")
    add_person(ctx.db, "安安", make_id(1), unit)
    course(ctx.db, "入门班", "入门", hours="8")
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "学时", "结果"])
    book.active.append(["安安", make_id(1), 8, "合格"])
    book.active.append(["无名", "110101199001011234", 8, "合格"])
    path = tmp_path / "名单.xlsx"
    book.save(path)
    seen = []
    monkeypatch.setattr(attendance_import, "confirm_plan", lambda parent, plan: seen.append(plan) or True)
    page = page_of(qtbot, ctx)
    page.import_attendance(path)
    wait_for_jobs(qtbot)
    wait_for_jobs(qtbot)
    assert len(seen) == 1 and len(seen[0].to_write()) == 1 and len(seen[0].rejected()) == 1
    qtbot.waitUntil(lambda: page.courses.people.model.rowCount() == 1)
    assert cells(page.courses.people.model)[4:6] == ["8", "合格"]
    assert "备份" in answers["informed"][-1]


def test_points_removal_and_binning_refresh_the_page(qtbot, ctx, answers):
    unit = add_unit(ctx.db, "桂溪社区")
    cadre = add_person(ctx.db, "青青", make_id(3), unit, role="reserve_cadre")
    worker = add_person(ctx.db, "安安", make_id(1), unit)
    last = YEAR - 1
    values = {"name": "青干班", "category": "青干班", "start_date": f"{last}-05-01", "end_date": f"{last}-05-02",
              "hours": "16"}  # fmt: skip
    course_id = create_course(ctx.db, values, ACTOR).record_id
    course(ctx.db, "入门班", "入门")
    enrolments.enrol(ctx.db, course_id, [cadre, worker], ACTOR)
    for (eid,) in ctx.db.execute("SELECT id FROM enrolments").fetchall():
        enrolments.record_attendance(ctx.db, eid, "16", "合格", ACTOR)
    page = page_of(qtbot, ctx)
    assert page.courses.current().name == "入门班"
    page.year_box.setCurrentIndex(page.year_box.findData(last))
    panel = page.courses.people
    assert page.courses.current().name == "青干班" and panel.model.rowCount() == 2
    panel.credit()
    assert [cells(panel.model, r)[7] for r in range(2)] == ["", "已计入"]  # 安安, 青青: only the cadre
    panel.credit()
    assert answers["informed"][-1].startswith("青青已计入过积分，不再重复记")
    assert ctx.db.execute("SELECT count(*) FROM points_entries WHERE deleted_at IS NULL").fetchone()[0] == 1
    panel.table.selectRow(0)
    panel.remove_current()
    assert [r.name for r in panel.model.rows] == ["青青"]
    assert cells(page.courses.model)[5] == "1"
    page.courses.remove_current()
    assert "连同 1 人" in answers["asked"][-1]
    assert page.courses.model.rowCount() == 0 and panel.course is None
    assert not page.courses.edit_button.isEnabled()


def test_choosing_a_course_shows_its_people(qtbot, ctx, answers):
    unit = add_unit(ctx.db, "桂溪社区")
    ann = add_person(ctx.db, "安安", make_id(1), unit)
    first = course(ctx.db, "入门班", "入门")
    course(ctx.db, "专题班", "专题培训")
    enrolments.enrol(ctx.db, first, [ann], ACTOR)
    page = page_of(qtbot, ctx)
    names = [c.name for c in page.courses.model.rows]
    page.courses.table.selectRow(names.index("入门班"))
    assert [r.name for r in page.courses.people.model.rows] == ["安安"]
    page.courses.table.selectRow(names.index("专题班"))
    assert page.courses.people.model.rowCount() == 0
    assert page.courses.people.stack.currentIndex() == 1  # the empty note, not an empty table


def test_required_hours_form_changes_the_hours_tab(qtbot, ctx, answers):
    from ui.training.required_form import RequiredHoursForm

    unit = add_unit(ctx.db, "桂溪社区")
    add_person(ctx.db, "安安", make_id(1), unit)
    page = page_of(qtbot, ctx)
    assert cells(page.hours.model)[3:] == ["0", "48", "48"]
    form = RequiredHoursForm(ctx, page)
    qtbot.addWidget(form)
    form.fields["community_worker"].setText("30.3")
    form.fields["reserve_cadre"].setText("")
    form.save()
    assert form.result is None
    assert (
        "0.5" in form.errors["community_worker"].text() and "不能为空" in form.errors["reserve_cadre"].text()
    )
    assert cells(page.hours.model)[4] == "48"  # nothing stored
    form.fields["community_worker"].setText("30")
    form.fields["reserve_cadre"].setText("40")
    form.save()
    assert form.result is not None
    assert cells(page.hours.model)[3:] == ["0", "30", "30"]


def test_an_absence_shows_as_the_note_and_attending_later_clears_it(qtbot, ctx, answers):
    """An import stores 缺勤 as 0 学时 with the word as the note: the panel shows it; hours recorded later by
    hand mean the person did attend, so the word goes (as the import does)."""
    unit = add_unit(ctx.db, "桂溪社区")
    ann = add_person(ctx.db, "安安", make_id(1), unit)
    course_id = course(ctx.db, "入门班", "入门", hours="8")
    enrolments.enrol(ctx.db, course_id, [ann], ACTOR)
    ctx.db.execute("UPDATE enrolments SET hours = '0', note = '缺勤'")
    page = page_of(qtbot, ctx)
    model = page.courses.people.model
    assert model.headers[-1] == "备注" and cells(model)[4] == "0" and cells(model)[-1] == "缺勤"
    form = AttendanceForm(ctx, page.courses.people, page.courses.current(), model.rows[0])
    qtbot.addWidget(form)
    form.fields["hours"].setText("8")
    form.fields["result"].setText("合格")
    form.save()
    assert form.result is not None and cells(model)[4:6] == ["8", "合格"] and cells(model)[-1] == ""
    assert ctx.db.execute("SELECT note FROM enrolments").fetchone() == (None,)


def test_a_new_course_is_shown_chosen_in_its_own_year(qtbot, ctx, answers, monkeypatch):
    """The clerk adds people to the course just made next: it is the chosen one, in the year it ends."""
    from ui.care import form_parts

    course(ctx.db, "入门班", "入门")

    def fill(form):
        values = {"name": "明年专题班", "start_date": f"{YEAR + 1}-03-02", "end_date": f"{YEAR + 1}-03-02",
                  "hours": "6"}  # fmt: skip
        for key, text in values.items():
            form.fields[key].setText(text)
        form.save()
        return form.result

    monkeypatch.setattr(form_parts, "run_form", fill)
    page = page_of(qtbot, ctx)
    assert page.year == YEAR and page.courses.current().name == "入门班"
    page.courses.add()
    assert page.year == YEAR + 1 and page.courses.current().name == "明年专题班"
    assert page.courses.people.title.text().startswith("参训人员：明年专题班")


def test_the_hours_list_keeps_its_figures_beside_the_names(qtbot, ctx, answers):
    """A wide window widens no column: 人员类别 stretched over the spare width put 学时 far from the name."""
    unit = add_unit(ctx.db, "桂溪社区")
    add_person(ctx.db, "安安", make_id(1), unit)
    page = page_of(qtbot, ctx)
    page.resize(1400, 700)
    page.show()
    page.tabs.setCurrentIndex(1)
    qtbot.waitExposed(page)
    header = page.hours.table.horizontalHeader()
    assert header.sectionSize(2) <= 120 and header.sectionPosition(5) < 600
