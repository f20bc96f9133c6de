"""培训 page: the 补课 tab (open requirements, the closed ones with the course that closed them, 打印待补课名单
and 导出… read back), and the course's paper on the 培训班 tab (签到表, 参训名单, 结业证书 after numbering,
导出名单… read back)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import openpyxl
import pytest

from app.appraisal import remedial, service
from app.appraisal.service import ScoreInput
from app.training import enrolments
from app.training.courses import create_course
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id, pdf_text, wait_for_jobs
from ui.training.page import TrainingPage

YEAR = 2026


@pytest.fixture(autouse=True)
def december(pin_today):
    """The year seen from 1 December: last year's appraisal finalized in January, the spring 补课 over, the
    winter one still ahead — on whatever day the suite runs."""
    pin_today(dt.date(YEAR, 12, 1))


def page_of(qtbot, ctx) -> TrainingPage:
    page = TrainingPage(ctx)
    ctx.changed.connect(page.refresh)
    qtbot.addWidget(page)
    return page


def cells(model, row: int = 0) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def saving_to(monkeypatch, out):
    from ui import dialogs

    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: out)


@pytest.fixture
def owed(ctx):
    """安安 (桂溪社区) and 博博 (玉林社区) below the line last year; 安安's 补课 closed by a 补课 course."""
    db = ctx.db
    ann = add_person(db, "安安", make_id(1), add_unit(db, "桂溪社区"))
    bo = add_person(db, "博博", make_id(2), add_unit(db, "玉林社区"))
    period = service.open_period(db, "weighted-top20", YEAR - 1, None, ACTOR).made
    keys = [c.key for c in period.scheme.components]
    scores = [ScoreInput(ann, {k: D("70") for k in keys}), ScoreInput(bo, {k: D("65.5") for k in keys})]
    service.set_many_scores(db, period.id, scores, ACTOR)
    service.finalize_period(db, period.id, ACTOR, issued_on=dt.date(YEAR, 1, 10))
    values = {"name": "春季补课班", "category": "补课", "start_date": f"{YEAR}-03-02",
              "end_date": f"{YEAR}-03-06", "hours": "40"}  # fmt: skip
    course_id = create_course(db, values, ACTOR).record_id
    req = remedial.list_requirements(db, person_id=ann)[0]
    remedial.close_requirement(db, req.id, course="春季补课班", days=5, on=f"{YEAR}-03-06", actor=ACTOR,
                               course_id=course_id)  # fmt: skip
    return ann, bo


def test_the_tab_lists_open_remedial_and_on_request_the_closed_ones(qtbot, ctx, owed):
    page = page_of(qtbot, ctx)
    assert page.tabs.tabText(2) == "补课"
    tab = page.remedial
    period = f"{YEAR - 1}年度考核（加权评价·双达标）"
    assert [cells(tab.model, r) for r in range(tab.model.rowCount())] == [
        ["博博", "玉林社区", period, "65.50", "5 个工作日", "未完成", ""]
    ]
    assert tab.count_label.text() == "未完成 1 人次，已完成 1 人次"
    tab.closed_box.setChecked(True)
    assert cells(tab.model, 0) == [
        "安安",
        "桂溪社区",
        period,
        "70.00",
        "5 个工作日",
        f"{YEAR}-03-06 完成",
        "春季补课班",
    ]
    assert tab.model.index(0, 6).data(0x03) == "春季补课班（5 个工作日）"  # the tooltip says how long it was


def test_a_remedial_course_shows_whom_it_closed_the_requirement_for(qtbot, ctx, owed):
    course_id = ctx.db.execute("SELECT id FROM courses").fetchone()[0]
    enrolments.enrol(ctx.db, course_id, list(owed), ACTOR)
    panel = page_of(qtbot, ctx).courses.people
    assert panel.course.id == course_id and not panel.table.isColumnHidden(8)
    assert {r.name: panel.model.index(i, 8).data() for i, r in enumerate(panel.model.rows)} == {
        "安安": "已完成补课", "博博": "补课未完成",
    }  # fmt: skip


def test_a_later_remedial_course_says_whose_requirement_another_course_closed(qtbot, ctx, owed):
    """安安 is still enrolled in the winter 补课 course though the spring one closed her requirement: the clerk
    sees it there and can take her out."""
    winter = {"name": "冬季补课班", "category": "补课", "start_date": f"{YEAR}-12-07",
              "end_date": f"{YEAR}-12-11", "hours": "40"}  # fmt: skip
    course_id = create_course(ctx.db, winter, ACTOR).record_id
    enrolments.enrol(ctx.db, course_id, list(owed), ACTOR)
    page = page_of(qtbot, ctx)
    page.courses.choose(course_id)
    panel = page.courses.people
    assert panel.course.id == course_id
    assert {r.name: panel.model.index(i, 8).data() for i, r in enumerate(panel.model.rows)} == {
        "安安": "已在“春季补课班”完成补课", "博博": "补课未完成",
    }  # fmt: skip


def test_the_attendance_form_says_what_saving_closes_and_shows_an_absence(qtbot, ctx, owed):
    """博博 still owes 补课: recording his attendance at a 补课 course will close it, and the form says so
    before 保存; an absence from an imported list is shown with what recording hours does to it."""
    from ui.training.attendance_form import AttendanceForm

    ann, bo = owed
    course_id = ctx.db.execute("SELECT id FROM courses").fetchone()[0]
    enrolments.enrol(ctx.db, course_id, [bo], ACTOR)
    ctx.db.execute("UPDATE enrolments SET hours = '0', note = '缺勤'")
    page = page_of(qtbot, ctx)
    row = page.courses.people.model.rows[0]
    form = AttendanceForm(ctx, page, page.courses.current(), row)
    qtbot.addWidget(form)
    said = form.hint.text()
    assert f"将完成补课：{YEAR - 1}年度考核" in said and "缺勤" in said


def test_the_remedial_column_is_hidden_for_other_courses(qtbot, ctx, course_of_two):
    panel = page_of(qtbot, ctx).courses.people
    assert panel.course.id == course_of_two and panel.table.isColumnHidden(8)
    assert panel.model.index(0, 8).data() == ""


def test_the_tab_follows_a_new_requirement_and_says_when_there_is_none(qtbot, ctx):
    page = page_of(qtbot, ctx)
    tab = page.remedial
    assert tab.stack.currentIndex() == 1 and tab.empty.text() == "没有补课要求。"
    assert not tab.print_button.isEnabled() and not tab.export_button.isEnabled()
    ann = add_person(ctx.db, "安安", make_id(1), add_unit(ctx.db, "桂溪社区"))
    period = service.open_period(ctx.db, "weighted-top20", YEAR - 1, None, ACTOR).made
    keys = [c.key for c in period.scheme.components]
    service.set_many_scores(ctx.db, period.id, [ScoreInput(ann, {k: D("60") for k in keys})], ACTOR)
    finalized = service.finalize_period(ctx.db, period.id, ACTOR, issued_on=dt.date(YEAR, 1, 10))
    ctx.announce(finalized.changes)  # as the 考核 page does: the training page hears of it
    assert [r.name for r in tab.model.rows] == ["安安"] and tab.export_button.isEnabled()


def test_print_and_export_the_open_remedial_list(qtbot, ctx, owed, answers, viewer, monkeypatch, tmp_path):
    answers["ask"] = False  # no 另存为
    page = page_of(qtbot, ctx)
    page.remedial.print_button.click()
    wait_for_jobs(qtbot)
    assert answers["warned"] == []
    text = pdf_text(viewer[0])
    assert "待补课人员名单" in text and "共1人1项补课要求尚未完成" in text and "安安" not in text
    assert f"1博博玉林社区{YEAR - 1}年度考核（加权评价·双达标）65.50" in text
    out = tmp_path / "待补课"  # typed without the extension
    saving_to(monkeypatch, out)
    page.remedial.export_button.click()
    wait_for_jobs(qtbot)
    saved = tmp_path / "待补课.xlsx"
    rows = list(openpyxl.load_workbook(saved).active.iter_rows(values_only=True))
    assert rows[1][1:6] == ("博博", make_id(2), "玉林社区", f"{YEAR - 1}年度考核（加权评价·双达标）", 65.5)
    assert len(rows) == 2
    assert answers["informed"][-1] == f"已把 1 行待补课名单导出到：\n{saved}"


def test_an_export_that_fails_says_why_and_writes_nothing(qtbot, ctx, owed, answers, monkeypatch, tmp_path):
    page = page_of(qtbot, ctx)
    saving_to(monkeypatch, tmp_path / "没有这个文件夹" / "待补课.xlsx")
    page.remedial.export_open()
    wait_for_jobs(qtbot)
    assert len(answers["warned"]) == 1 and "没有这个文件夹" in answers["warned"][0]
    assert not (tmp_path / "没有这个文件夹").exists()


@pytest.fixture
def course_of_two(ctx):
    db = ctx.db
    unit = add_unit(db, "桂溪社区")
    ann = add_person(db, "安安", make_id(1), unit)
    bo = add_person(db, "博博", make_id(2), unit)
    values = {"name": "入门培训班", "category": "入门", "start_date": f"{YEAR}-01-10",
              "end_date": f"{YEAR}-01-11", "hours": "16", "place": "区委党校"}  # fmt: skip
    course_id = create_course(db, values, ACTOR).record_id
    enrolments.enrol(db, course_id, [ann, bo], ACTOR)
    eid = db.execute("SELECT id FROM enrolments WHERE person_id = ?", [ann]).fetchone()[0]
    enrolments.record_attendance(db, eid, "16", "合格", ACTOR)
    return course_id


def test_the_courses_paper_prints(qtbot, ctx, course_of_two, answers, viewer):
    answers["ask"] = False
    panel = page_of(qtbot, ctx).courses.people
    assert not panel.print_certificates_button.isEnabled()  # no number given yet
    panel.signin_button.click()
    wait_for_jobs(qtbot)
    signin = pdf_text(viewer[-1])
    assert "签到表" in signin and "入门培训班" in signin and "安安" in signin and "博博" in signin
    panel.list_button.click()
    wait_for_jobs(qtbot)
    listed = pdf_text(viewer[-1])
    assert "参训名单" in listed and "安安" in listed and "合格" in listed
    assert answers["warned"] == []


def test_numbering_certificates_offers_to_print_them(qtbot, ctx, course_of_two, answers, viewer, monkeypatch):
    from ui import dialogs

    panel = page_of(qtbot, ctx).courses.people
    asked = []

    def ask(_parent, _title, text, *, danger=False):
        asked.append(text)
        return len(asked) == 1  # print now; then no 另存为

    monkeypatch.setattr(dialogs, "ask", ask)
    panel.certificate_button.click()
    wait_for_jobs(qtbot)
    assert asked[0] == "已为 1 人编号结业证书。\n\n现在打印结业证书吗？"
    assert panel.print_certificates_button.isEnabled()
    text = pdf_text(viewer[-1])
    assert "结业证书" in text and "安安" in text and f"培训〔{YEAR}〕第001号" in text and "博博" not in text


def test_export_the_attendance_list_reads_back(qtbot, ctx, course_of_two, answers, monkeypatch, tmp_path):
    out = tmp_path / "名单.xlsx"
    saving_to(monkeypatch, out)
    panel = page_of(qtbot, ctx).courses.people
    panel.export_button.click()
    wait_for_jobs(qtbot)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == (
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
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["安安"][2:8] == (make_id(1), "社区工作者", "桂溪社区", 16, "合格", None)
    assert by_name["博博"][5:7] == (None, None)
    assert answers["informed"][-1] == f"已把 2 行参训名单导出到：\n{out}"


def test_the_form_says_the_hours_that_close_a_remedial_and_a_few_hours_do_not(qtbot, ctx, owed):
    """Trial finding 1 in the window: 4 of 40 学时 at a week's 补课 course close nothing; 40 do."""
    from ui.training.attendance_form import AttendanceForm

    _ann, bo = owed
    course_id = ctx.db.execute("SELECT id FROM courses").fetchone()[0]
    enrolments.enrol(ctx.db, course_id, [bo], ACTOR)
    page = page_of(qtbot, ctx)
    panel = page.courses.people
    form = AttendanceForm(ctx, panel, page.courses.current(), panel.model.rows[0])
    qtbot.addWidget(form)
    assert (
        f"参训学时不少于 40 学时、结果不是不合格（也不低于 60 分）时，保存后将完成补课：{YEAR - 1}年度考核"
        in form.hint.text()
    )
    form.fields["hours"].setText("4")
    form.fields["result"].setText("合格")
    form.save()
    assert form.result is not None and not form.result.changes.appraisal
    assert remedial.list_requirements(ctx.db, person_id=bo)[0].closed_on is None
    assert panel.model.index(0, 8).data() == "补课未完成"


def test_correcting_the_attendance_that_closed_a_remedial_reopens_it(qtbot, ctx, owed):
    """Trial finding 2 in the window: 安安's 补课, closed by the spring course, opens again once her attendance
    there is corrected to 8 学时; the form said so before 保存, and the course's 补课 column follows."""
    from ui.training.attendance_form import AttendanceForm

    ann, _bo = owed
    course_id = ctx.db.execute("SELECT id FROM courses").fetchone()[0]
    enrolments.enrol(ctx.db, course_id, [ann], ACTOR)
    (eid,) = ctx.db.execute("SELECT id FROM enrolments").fetchone()
    ctx.db.execute("UPDATE enrolments SET hours = '40', result = '合格' WHERE id = ?", [eid])
    page = page_of(qtbot, ctx)
    panel = page.courses.people
    assert panel.model.index(0, 8).data() == "已完成补课"
    form = AttendanceForm(ctx, panel, page.courses.current(), panel.model.rows[0])
    qtbot.addWidget(form)
    assert (
        f"这次参训已完成补课：{YEAR - 1}年度考核（加权评价·双达标）；改为缺勤、少于 40 学时或不合格时，补课将重新打开"
        in form.hint.text()
    )
    form.fields["hours"].setText("8")
    form.save()
    assert form.result is not None and form.result.changes.appraisal
    assert "“安安”的补课已重新打开" in form.result.message
    (req,) = remedial.list_requirements(ctx.db, person_id=ann)
    assert (req.closed_on, req.course) == (None, None)
    assert panel.model.index(0, 8).data() == "补课未完成"
    assert [cells(page.remedial.model, r)[0] for r in range(page.remedial.model.rowCount())] == [
        "安安",
        "博博",
    ]


def test_a_remedial_course_still_running_says_it_closes_nothing_yet(qtbot, ctx, owed):
    from ui.training.attendance_form import AttendanceForm

    _ann, bo = owed
    winter = {"name": "冬季补课班", "category": "补课", "start_date": f"{YEAR}-12-01",
              "end_date": f"{YEAR}-12-07", "hours": "40"}  # fmt: skip
    course_id = create_course(ctx.db, winter, ACTOR).record_id
    enrolments.enrol(ctx.db, course_id, [bo], ACTOR)
    page = page_of(qtbot, ctx)
    page.courses.choose(course_id)
    panel = page.courses.people
    form = AttendanceForm(ctx, panel, page.courses.current(), panel.model.rows[0])
    qtbot.addWidget(form)
    assert form.hint.text() == f"培训班 {YEAR}-12-07 结束后，记录的参训才能完成补课"


def test_a_list_imported_before_the_course_ended_closes_the_remedial_when_imported_again(
    qtbot, ctx, owed, answers, parent, monkeypatch, pin_today, tmp_path
):
    """Trial finding 3 through the window: the dry run says the course has not ended; imported again, unchanged,
    after it has, the rows are offered for import (not "没有需要导入的人员") and 博博's 补课 closes."""
    from PySide6.QtWidgets import QDialogButtonBox

    from app.training.courses import get_course
    from ui.training import attendance_import
    from ui.training.attendance_plan import PlanDialog

    _ann, bo = owed
    winter = {"name": "冬季补课班", "category": "补课", "start_date": f"{YEAR}-11-30",
              "end_date": f"{YEAR}-12-04", "hours": "40"}  # fmt: skip
    course = get_course(ctx.db, create_course(ctx.db, winter, ACTOR).record_id)
    path = tmp_path / "冬季补课班.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "学时", "结果"])
    book.active.append(["博博", make_id(2), 40, "合格"])
    book.save(path)
    shown = []

    def confirm(dialog_parent, plan):
        dialog = PlanDialog(plan, dialog_parent)
        qtbot.addWidget(dialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        shown.append((dialog.report.toPlainText(), ok.text()))
        return True

    monkeypatch.setattr(attendance_import, "confirm_plan", confirm)
    attendance_import.import_attendance(parent, ctx, course, path)
    for _ in range(3):
        wait_for_jobs(qtbot)
    said = f"培训班尚未结束（结束于 {YEAR}-12-04）：补课要在培训班结束后才算完成，届时再导入一次名单或在窗口中记录即可"
    assert said in shown[0][0]
    assert remedial.list_requirements(ctx.db, person_id=bo)[0].closed_on is None
    pin_today(dt.date(YEAR, 12, 7))
    attendance_import.import_attendance(parent, ctx, course, path)
    for _ in range(3):
        wait_for_jobs(qtbot)
    assert len(shown) == 2 and "只更新补课 1 人" in shown[1][0] and "将完成补课：" in shown[1][0]
    assert shown[1][1] == "导入 1 人"
    (req,) = remedial.list_requirements(ctx.db, person_id=bo)
    assert (req.closed_on, req.course) == (dt.date(YEAR, 12, 4), "冬季补课班")
