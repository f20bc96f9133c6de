"""关怀记录: each tab lists the year's records; add, correct and move to the recycle bin through the services;
the year filter; the person form's 关怀 tab."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from app.care.service import TalkInput, VisitInput, record_health_check, record_talk, record_visit
from tests.ui import care_fixtures
from tests.ui.care_fixtures import care_office
from tests.ui.conftest import ACTOR
from ui.care.records_page import CarePage

pinned, forms = care_fixtures.pinned, care_fixtures.forms  # fixtures


def page_of(qtbot, ctx) -> CarePage:
    page = CarePage(ctx)
    ctx.changed.connect(page.refresh)
    qtbot.addWidget(page)
    return page


def texts(tab, row: int = 0) -> list[str]:
    return [tab.model.index(row, c).data() for c in range(tab.model.columnCount())]


def test_tabs_list_the_years_records(qtbot, ctx, pinned, answers):
    office = care_office(ctx.db)
    record_visit(ctx.db, VisitInput([office.sick], "2025-06-09", "生病住院", gift="水果", amount_fen=30050,
                                    event_id=office.sick_event), ACTOR)  # fmt: skip
    record_talk(ctx.db, TalkInput(office.upset, "2024-12-30", "工作失误", talker="王主任"), ACTOR)
    record_health_check(ctx.db, office.birthday, "2025-04-01", ACTOR, place="区医院")
    page = page_of(qtbot, ctx)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "事件", "走访慰问", "谈心谈话", "健康体检", "预算与支出",
    ]  # fmt: skip
    assert page.year == 2025
    events = page.record_tabs["care_event"]
    assert texts(events, 0)[:4] == ["2025-06-08", "王五", "思想波动", "待谈话，2025-06-15 前"]
    assert texts(events, 1)[:4] == ["2025-06-01", "李四", "生病住院", "已走访（2025-06-09）"]
    visits = page.record_tabs["care_visit"]
    assert texts(visits)[:8] == [
        "2025-06-09",
        "李四",
        "生病住院",
        "上门",
        "",
        "水果",
        "300.50",
        "2025-06-01 生病住院",
    ]
    assert page.record_tabs["care_talk"].model.rowCount() == 0  # dated 2024
    assert page.checks_label.text() == "2025年尚未体检：2 人…"
    page.year_box.setCurrentIndex(page.year_box.findData(2024))
    assert texts(page.record_tabs["care_talk"])[:4] == ["2024-12-30", "王五", "工作失误", "王主任"]
    page.year_box.setCurrentIndex(page.year_box.findData(None))  # 全部年份
    assert page.record_tabs["care_event"].model.rowCount() == 2


def test_add_correct_and_remove_a_visit(qtbot, ctx, pinned, forms, answers):
    office = care_office(ctx.db)
    page = page_of(qtbot, ctx)
    visits = page.record_tabs["care_visit"]

    def add(form):
        form.people.set_people([office.sick, office.upset])
        form.fields["kind"].setCurrentText("重大变故")
        form.fields["amount_fen"].setText("1,000")
        form.save()

    forms.answer = add
    visits.add()
    assert texts(visits)[1:3] == ["李四、王五", "重大变故"]
    assert texts(visits)[6] == "1000.00"

    def correct(form):
        assert form.people.person_ids == [office.sick, office.upset]
        assert form.text("amount_fen") == "1000.00"
        form.people.set_people([office.upset])
        form.fields["amount_fen"].setText("999.99")
        form.save()

    forms.answer = correct
    visits.edit_current()
    assert texts(visits)[1] == "王五" and texts(visits)[6] == "999.99"
    audit = ctx.db.execute(
        "SELECT before, after FROM audit_log WHERE entity = 'care_visit' AND action = 'update'"
    ).fetchall()
    assert len(audit) == 1 and "李四、王五" in audit[0][0] and "99999" in audit[0][1]
    visits.remove_current()
    assert "移入回收站" in answers["asked"][0]
    assert visits.model.rowCount() == 0
    assert ctx.db.execute("SELECT count(*) FROM care_visits WHERE deleted_at IS NOT NULL").fetchone()[0] == 1


def test_an_answered_event_cannot_be_changed_out_from_under_its_answer(qtbot, ctx, pinned, forms, answers):
    office = care_office(ctx.db)
    record_visit(
        ctx.db, VisitInput([office.sick], "2025-06-09", "生病住院", event_id=office.sick_event), ACTOR
    )
    page = page_of(qtbot, ctx)
    events = page.record_tabs["care_event"]
    events.table.selectRow(1)  # 李四 生病住院, answered

    def change(form):
        form.fields["kind"].setCurrentText("结婚")
        form.save()
        assert form.result is None and "请先修改或移除回应它的记录" in form.banner.text()

    forms.answer = change
    events.edit_current()
    events.remove_current()
    assert "已有走访或谈话回应" in answers["warned"][0]
    assert ctx.db.execute(
        "SELECT kind, deleted_at FROM care_events WHERE id = ?", [office.sick_event]
    ).fetchone() == (
        "生病住院",
        None,
    )


def test_the_person_form_has_a_care_tab(qtbot, ctx, pinned):
    from ui.people.person_form import PersonDialog

    office = care_office(ctx.db)
    record_visit(ctx.db, VisitInput([office.sick], "2025-06-09", "生病住院", amount_fen=30000,
                                    event_id=office.sick_event), ACTOR)  # fmt: skip
    record_visit(ctx.db, VisitInput([office.sick], "2024-09-17", "节日慰问", amount_fen=20050), ACTOR)
    record_health_check(ctx.db, office.sick, "2025-03-02", ACTOR, place="区医院")
    dialog = PersonDialog(ctx, office.sick)
    qtbot.addWidget(dialog)
    tabs = dialog.findChild(QTabWidget, "personTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["基本信息", "考核", "关怀", "培训"]
    tab = tabs.widget(2)
    lines = [texts(tab, r) for r in range(tab.model.rowCount())]
    assert lines == [
        ["2025-06-09", "走访慰问", "生病住院，上门", "300.00"],
        ["2025-06-01", "事件", "生病住院，已走访（2025-06-09）", ""],
        ["2025-03-02", "健康体检", "区医院", ""],
        ["2024-09-17", "走访慰问", "节日慰问，上门", "200.50"],
    ]
    assert tab.gifts_label.text() == "慰问金额：2025年 1 次 300.00 元；2024年 1 次 200.50 元"


def test_those_without_a_check_are_listed_and_checked_together(qtbot, ctx, pinned, answers):
    from ui.care.missing_checks import MissingChecksDialog

    office = care_office(ctx.db)
    record_health_check(ctx.db, office.birthday, "2025-04-01", ACTOR)
    dialog = MissingChecksDialog(ctx, 2025, "2025-06-10")
    qtbot.addWidget(dialog)
    assert [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())] == ["李四", "王五"]
    dialog.date_edit.setText("2025-06-31")
    dialog.table.selectAll()
    dialog.record_selected()
    assert "2025-06-31" in dialog.message.text() and dialog.model.rowCount() == 2
    dialog.date_edit.setText("2025.6.9")
    dialog.place_edit.setText("区医院")
    dialog.record_selected()
    assert dialog.message.text() == "已登记 2 人的健康体检（2025-06-09）"
    assert dialog.model.rowCount() == 0
    rows = ctx.db.execute("SELECT person_id, date, place FROM care_health_checks ORDER BY id").fetchall()
    assert rows[1:] == [(office.sick, "2025-06-09", "区医院"), (office.upset, "2025-06-09", "区医院")]


def test_an_open_duty_past_its_date_is_red(qtbot, ctx, pinned):
    from PySide6.QtCore import Qt

    care_office(ctx.db)
    events = page_of(qtbot, ctx).record_tabs["care_event"]
    colours = [events.model.index(r, 0).data(Qt.ItemDataRole.ForegroundRole) for r in range(2)]
    assert colours[0] is None  # 王五's talk is due 06-15
    assert colours[1].color().name() == "#b91c1c"  # 李四's visit was due 06-08


def test_the_ledger_and_the_years_summary_print(qtbot, ctx, pinned, answers, monkeypatch):
    from pathlib import Path

    from pypdf import PdfReader

    from tests.ui.conftest import wait_for_jobs
    from ui.care.person_tab import PersonCareTab
    from ui.printing import actions

    opened: list[Path] = []
    monkeypatch.setattr(actions, "open_in_viewer", lambda path: opened.append(Path(path)) or True)
    answers["ask"] = False  # no 另存为
    office = care_office(ctx.db)
    record_visit(ctx.db, VisitInput([office.sick], "2025-06-09", "生病住院", amount_fen=30000,
                                    event_id=office.sick_event), ACTOR)  # fmt: skip
    tab = PersonCareTab(ctx, office.sick)
    qtbot.addWidget(tab)
    tab.print_ledger()
    wait_for_jobs(qtbot)
    text = "".join(PdfReader(opened[0]).pages[0].extract_text().split())
    assert "姓名：李四" in text and "300.00" in text
    page = page_of(qtbot, ctx)
    page.budget.print_summary()
    wait_for_jobs(qtbot)
    text = "".join(PdfReader(opened[1]).pages[0].extract_text().split())
    assert "2025年度关怀工作汇总" in text and "合计300.00" in text
    assert answers["asked"][-1].startswith("已生成关怀工作汇总：2 页。")


def test_correcting_a_festival_greeting_keeps_its_festival(qtbot, ctx, pinned, forms):
    office = care_office(ctx.db)
    record_visit(
        ctx.db, VisitInput([office.sick], "2024-09-17", "节日慰问", amount_fen=20000, occasion="中秋"), ACTOR
    )
    page = page_of(qtbot, ctx)
    page.year_box.setCurrentIndex(page.year_box.findData(2024))
    visits = page.record_tabs["care_visit"]
    assert texts(visits)[2] == "节日慰问（中秋）"

    def correct(form):
        assert form.text("occasion") == "中秋" and form.fields["occasion"].isEnabled()
        form.fields["amount_fen"].setText("250")
        form.save()

    forms.answer = correct
    visits.edit_current()
    assert ctx.db.execute("SELECT occasion, amount_fen FROM care_visits").fetchone() == ("中秋", 25000)


def test_the_care_models_pass_the_model_tester(qtbot, qtmodeltester, ctx, pinned):
    from ui.care.person_tab import PersonCareTab
    from ui.care.today_page import TodayPage

    office = care_office(ctx.db)
    record_visit(ctx.db, VisitInput([office.sick], "2025-06-09", "生病住院", amount_fen=100), ACTOR)
    page = page_of(qtbot, ctx)
    for tab in page.record_tabs.values():
        qtmodeltester.check(tab.model)
    for model in page.budget.models.values():
        qtmodeltester.check(model)
    today_page = TodayPage(ctx)
    qtbot.addWidget(today_page)
    qtmodeltester.check(today_page.model)
    person = PersonCareTab(ctx, office.sick)
    qtbot.addWidget(person)
    qtmodeltester.check(person.model)


def test_a_tabs_list_exports_as_shown_amounts_as_numbers_text_never_a_formula(
    qtbot, ctx, pinned, answers, monkeypatch, tmp_path
):
    from openpyxl import load_workbook

    from ui import dialogs

    office = care_office(ctx.db)
    record_visit(ctx.db, VisitInput([office.sick], "2025-06-09", "生病住院", gift="=1+1", amount_fen=120050,
                                    event_id=office.sick_event), ACTOR)  # fmt: skip
    record_visit(ctx.db, VisitInput([office.upset], "2025-06-10", "重大变故", gift="米油"), ACTOR)
    page = page_of(qtbot, ctx)
    visits = page.record_tabs["care_visit"]
    visits.search.setText("李四")  # what 查找 leaves is what is exported
    out = tmp_path / "走访.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *args, **kwargs: out)
    assert visits.export_shown() == out
    sheet = load_workbook(out).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "2025年走访慰问" and rows[0] == tuple(visits.spec.headers)
    assert len(rows) == 2 and rows[1][:7] == ("2025-06-09", "李四", "生病住院", "上门", None, "=1+1", 1200.5)
    assert sheet.cell(2, 6).data_type == "s" and sheet.cell(2, 7).number_format == "0.00"
    assert "已把 1 条走访慰问记录导出到" in answers["informed"][0]


def test_a_visit_to_many_says_how_many_first_and_names_two_dozen(qtbot, ctx, pinned):
    """A festival visit to 40 people: the count comes first and a few lines of names, not 40 names pushing the
    form's fields off the screen; every name is in the tooltip."""
    from tests.ui.care_fixtures import born
    from tests.ui.conftest import add_person, add_unit
    from ui.care.visit_form import VisitForm

    unit = add_unit(ctx.db, "东门社区")
    names = [surname + given for surname in "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许" for given in "一二"]
    adults = pinned.replace(year=1985)  # born on the day, 40 years ago: a baby is no worker the form accepts
    people = [add_person(ctx.db, name, born(adults, n), unit) for n, name in enumerate(names)]
    form = VisitForm(ctx)
    qtbot.addWidget(form)
    form.people.set_people(people)
    shown = form.people.names.text()
    assert shown.startswith("共 40 人：赵一、赵二、钱一") and shown.endswith(f"{names[23]} 等")
    assert names[24] not in shown and form.people.names.toolTip().endswith("许二")
    form.people.set_people(people[:2])
    assert form.people.names.text() == "共 2 人：赵一、赵二" and form.people.names.toolTip() == ""
