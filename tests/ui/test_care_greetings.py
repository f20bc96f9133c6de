"""批量慰问: a month's birthdays or a festival's people, the gift and the amount set once, all in one step."""

from __future__ import annotations

import datetime as dt

from tests.ui import care_fixtures
from tests.ui.care_fixtures import born, care_office
from tests.ui.conftest import add_person
from ui.care.greetings_dialog import FESTIVAL, GreetingsDialog

pinned = care_fixtures.pinned  # fixture


def dialog(qtbot, ctx) -> GreetingsDialog:
    form = GreetingsDialog(ctx)
    qtbot.addWidget(form)
    return form


def test_a_months_birthdays_are_greeted_in_one_step(qtbot, ctx, pinned):
    office = care_office(ctx.db)
    add_person(ctx.db, "钱七", born(dt.date(1992, 6, 29), 7), office.unit)
    add_person(ctx.db, "孙八", born(dt.date(1992, 6, 2), 8), office.unit, status="离岗")  # not at work
    form = dialog(qtbot, ctx)
    assert form.year_box.value() == 2025 and form.month_box.value() == 6
    assert form.birthday_list.text() == "张三（6月14日）、钱七（6月29日）共 2 人"
    form.fields["gift"].setText("生日蛋糕券")
    form.fields["amount_fen"].setText("100.5")
    assert form.total_label.text() == "将登记 2 人，合计 201.00 元"
    form.save()
    assert form.result is not None and form.result.message == "已记录2025年6月生日慰问 2 人，共 201.00 元"
    rows = ctx.db.execute(
        "SELECT p.name, v.date, v.kind, v.gift, v.amount_fen FROM care_visits v"
        " JOIN care_visit_people vp ON vp.visit_id = v.id JOIN people p ON p.id = vp.person_id ORDER BY v.date"
    ).fetchall()
    assert rows == [
        ("张三", "2025-06-14", "生日慰问", "生日蛋糕券", 10050),
        ("钱七", "2025-06-29", "生日慰问", "生日蛋糕券", 10050),
    ]
    audit = ctx.db.execute("SELECT count(*) FROM audit_log WHERE entity = 'care_visit'").fetchone()[0]
    assert audit == 2


def test_a_festival_for_the_chosen_people_on_that_years_day(qtbot, ctx, pinned):
    office = care_office(ctx.db)
    form = dialog(qtbot, ctx)
    form.fields["mode"].setCurrentText(FESTIVAL)
    form.festival_box.setCurrentText("端午")
    assert form.text("date") == "2025-05-31"
    form.year_box.setValue(2026)
    assert form.text("date") == "2026-06-19"  # the day follows the year
    form.year_box.setValue(2025)
    form.people.set_people([office.sick, office.upset])
    form.fields["amount_fen"].setText("200")
    assert form.total_label.text() == "将登记 2 人，合计 400.00 元"
    form.save()
    rows = ctx.db.execute("SELECT date, kind, occasion, amount_fen FROM care_visits ORDER BY id").fetchall()
    assert rows == [("2025-05-31", "节日慰问", "端午", 20000)] * 2


def test_nothing_is_written_when_something_is_wrong(qtbot, ctx, pinned):
    office = care_office(ctx.db)
    form = dialog(qtbot, ctx)
    form.fields["mode"].setCurrentText(FESTIVAL)
    form.save()  # nobody chosen
    assert form.result is None and "请选择慰问对象" in form.errors["people"].text()
    form.people.set_people([office.sick])
    form.fields["amount_fen"].setText("12元5角")
    form.save()
    assert form.result is None and "无法识别" in form.errors["amount_fen"].text()
    form.fields["mode"].setCurrentIndex(0)
    form.month_box.setValue(3)  # nobody at work was born in March
    form.fields["amount_fen"].setText("")
    form.save()
    assert form.result is None and form.banner.text() == "2025年3月没有在岗人员过生日"
    assert ctx.db.execute("SELECT count(*) FROM care_visits").fetchone()[0] == 0
