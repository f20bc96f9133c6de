"""今日待办: the counts at the top, newest duty first, each line's button opens the record it asks for filled in,
and the line goes once the record is made."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui import care_fixtures
from tests.ui.care_fixtures import DAY, care_office
from ui.care.today_model import Col
from ui.care.today_page import TodayPage

pinned, forms = care_fixtures.pinned, care_fixtures.forms  # fixtures


def shown(qtbot, ctx) -> TodayPage:
    page = TodayPage(ctx)
    ctx.changed.connect(page.refresh)  # as the main window passes every change on
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def rows(page: TodayPage) -> list[tuple[str, ...]]:
    model = page.model
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())
    ]


def test_counts_and_lines_newest_duty_first(qtbot, ctx, pinned):
    care_office(ctx.db)
    page = shown(qtbot, ctx)
    assert page.summary.text() == "2025-06-10：共 3 项待办，其中 1 项已逾期"
    assert page.kind_text("待走访") == "待走访 1"
    assert page.kind_text("生日") == "生日 1"
    assert page.kind_text("已逾期") == "已逾期 1"  # any kind past its date
    assert [page.kind_bar.tabText(i) for i in range(3)] == ["全部 3", "已逾期 1", "待走访 1"]
    assert page.kind_text("体检") == "体检 0" and not page.kind_bar.isTabEnabled(page.kinds.index("体检"))
    assert rows(page) == [
        ("待谈话", "王五", "思想波动（2025-06-08 发生）", "2025-06-15", "还有 5 天", "记录谈话"),
        ("生日", "张三", "35岁生日", "2025-06-14", "还有 4 天", "生日慰问"),  # listed from 06-07
        ("待走访", "李四", "生病住院（2025-06-01 发生）", "2025-06-08", "逾期 2 天", "记录走访"),
    ]
    page.kind_bar.setCurrentIndex(page.kinds.index("待走访"))
    assert [r[1] for r in rows(page)] == ["李四"]
    page.kind_bar.setCurrentIndex(page.kinds.index("已逾期"))
    assert [r[1] for r in rows(page)] == ["李四"]


def test_the_visit_button_opens_a_filled_form_and_the_line_goes(qtbot, ctx, pinned, forms):
    office = care_office(ctx.db)
    page = shown(qtbot, ctx)

    def answer(form):
        assert form.people.person_ids == [office.sick]
        assert form.event_box.currentData() == office.sick_event
        assert form.text("kind") == "生病住院"  # the kind that answers the event
        assert form.text("date") == "2025-06-10"
        form.fields["amount_fen"].setText("￥300.5")
        form.fields["gift"].setText("水果、牛奶")
        form.save()

    forms.answer = answer
    row = next(r for r in range(page.model.rowCount()) if page.model.row_at(r).kind == "待走访")
    button = page.table.visualRect(page.model.index(row, Col.ACTION)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=button)
    assert len(forms) == 1 and forms[0].result is not None
    assert "逾期2天回应" in forms[0].result.message
    visit = ctx.db.execute("SELECT kind, amount_fen, gift, event_id, date FROM care_visits").fetchall()
    assert visit == [("生病住院", 30050, "水果、牛奶", office.sick_event, "2025-06-10")]
    assert [r[0] for r in rows(page)] == ["待谈话", "生日"]  # the visit's line is gone
    assert page.kind_text("待走访") == "待走访 0"


def test_a_birthday_greeting_and_a_talk_from_their_buttons(qtbot, ctx, pinned, forms):
    office = care_office(ctx.db)
    page = shown(qtbot, ctx)
    forms.answer = lambda form: form.save()
    page.act(1)  # 生日 张三
    assert ctx.db.execute("SELECT kind, date FROM care_visits").fetchall() == [("生日慰问", "2025-06-10")]
    assert [r[1] for r in rows(page)] == ["王五", "李四"]
    page.act(0)  # 待谈话 王五
    talk = ctx.db.execute("SELECT person_id, reason, event_id FROM care_talks").fetchall()
    assert talk == [(office.upset, "思想波动", office.upset_event)]
    assert [r[1] for r in rows(page)] == ["李四"]


def test_a_refused_form_keeps_what_was_typed_and_marks_each_field(qtbot, ctx, pinned, forms):
    care_office(ctx.db)
    page = shown(qtbot, ctx)

    def answer(form):
        form.fields["date"].setText("2025-02-30")
        form.fields["amount_fen"].setText("-20")
        form.fields["visitors"].setText("王主任")
        form.save()
        assert form.result is None
        assert "2025-02-30" in form.errors["date"].text() and form.fields["date"].property("error")
        assert "负数" in form.errors["amount_fen"].text()
        assert form.text("visitors") == "王主任" and form.text("amount_fen") == "-20"

    forms.answer = answer
    page.show_kind("待走访")
    page.act(0)
    assert ctx.db.execute("SELECT count(*) FROM care_visits").fetchone()[0] == 0
    assert len(rows(page)) == 1


def test_probation_end_sets_the_status_after_asking(qtbot, ctx, pinned, answers):
    from tests.ui.care_fixtures import born
    from tests.ui.conftest import add_person, add_unit

    unit = add_unit(ctx.db, "西门社区")
    person = add_person(ctx.db, "赵六", born(DAY.replace(year=1995), 9), unit, status="试用期",
                        post_start_date="2024-12-20")  # fmt: skip
    page = shown(qtbot, ctx)
    line = next(r for r in rows(page) if r[0] == "试用期满")
    assert line[1:4] == ("赵六", "试用期满（到岗时间 2024-12-20），请办理转正", "2025-06-19")
    page.show_kind("试用期满")
    page.act(0)
    assert "赵六的试用期于 2025-06-19 期满" in answers["asked"][0]
    assert ctx.db.execute("SELECT status FROM people WHERE id = ?", [person]).fetchone()[0] == "在岗"
    assert page.kind_text("试用期满") == "试用期满 0"


def test_cancelling_a_form_with_typing_asks_first(qtbot, ctx, pinned, answers):
    from ui.care.talk_form import TalkForm

    office = care_office(ctx.db)
    form = TalkForm(ctx, None, person_id=office.upset)
    qtbot.addWidget(form)
    form.reject()  # nothing typed: closes without a question
    assert answers["asked"] == []
    form.fields["talker"].setText("王主任")
    answers["ask"] = False
    form.reject()
    assert "还没有保存" in answers["asked"][0] and form.text("talker") == "王主任"


def test_a_double_click_or_enter_opens_one_form(qtbot, ctx, pinned, forms):
    care_office(ctx.db)
    page = shown(qtbot, ctx)
    cell = page.table.visualRect(page.model.index(1, Col.NAME)).center()
    qtbot.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell
    )  # a real double click: press …
    assert forms == []  # (one click on the line only selects it)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert len(forms) == 1 and forms[0].people.person_ids == [page.model.row_at(1).person_id]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert len(forms) == 2


def test_another_areas_reminders_join_the_list(qtbot, ctx, pinned, monkeypatch):
    import datetime as dt

    from app.care import reminders
    from app.care.rules import DueItem

    office = care_office(ctx.db)
    remedial = DueItem("补课", office.birthday, "张三", "", "2025年度考核待补课", dt.date(2025, 6, 30), -20,
                       since=DAY)  # fmt: skip
    monkeypatch.setattr(reminders, "SOURCES", [*reminders.SOURCES, lambda db, day: [remedial]])
    opened = []
    monkeypatch.setattr("ui.people.person_form.PersonDialog.exec", lambda self: opened.append(self.person_id))
    page = shown(qtbot, ctx)
    assert page.kind_text("补课") == "补课 1"
    assert rows(page)[0] == ("补课", "张三", "2025年度考核待补课", "2025-06-30", "还有 20 天", "查看档案")
    page.act(0)
    assert opened == [office.birthday]
    monkeypatch.setattr(reminders, "SOURCES", reminders.SOURCES[:1])  # 补课 done
    page.reload()
    assert page.kind_text("补课") == "补课 0"


def test_in_the_last_quarter_health_checks_are_listed_and_recorded_in_a_batch(qtbot, ctx, monkeypatch):
    import datetime as dt
    import importlib

    from ui.care import missing_checks

    october = dt.date(2025, 10, 8)
    for name in care_fixtures.PINNED:
        monkeypatch.setattr(importlib.import_module(name), "today", lambda: october)
    care_office(ctx.db)
    page = shown(qtbot, ctx)
    assert page.kind_text("体检") == "体检 3" and page.checks_button.isVisible()
    seen = []

    def exec_(dialog):
        seen.append(dialog)
        assert dialog.model.rowCount() == 3 and dialog.date_edit.text() == "2025-10-08"
        dialog.table.selectRow(0)
        dialog.record_selected()
        return 0

    monkeypatch.setattr(missing_checks.MissingChecksDialog, "exec", exec_)
    page.batch_checks()
    assert len(seen) == 1 and page.kind_text("体检") == "体检 2"
    assert ctx.db.execute("SELECT count(*) FROM care_health_checks").fetchone()[0] == 1


def test_an_appraisal_follow_up_waits_without_a_deadline_and_is_never_overdue(
    qtbot, ctx, pinned, monkeypatch
):
    import datetime as dt

    from app.appraisal import followups
    from app.care import reminders

    office = care_office(ctx.db)
    arose = DAY - dt.timedelta(days=12)
    waiting = followups.FollowUp(
        "补课", office.birthday, "张三", "", "2024年度考核低于 80 分，需补课", None, arose
    )
    monkeypatch.setattr(followups, "due_followups", lambda db, day: [waiting])
    page = shown(qtbot, ctx)
    line = next(r for r in rows(page) if r[0] == "补课")
    assert line[3:5] == (arose.isoformat(), "已等待 12 天")
    assert page.kind_text("已逾期") == "已逾期 1"  # the care duty only, not the 补课 waiting 12 days
    assert page.summary.text() == "2025-06-10：共 4 项待办，其中 1 项已逾期"
    (item,) = [i for i in reminders.all_due(ctx.db, DAY) if i.kind == "补课"]
    assert (item.due, item.days_late, item.overdue) == (
        arose,
        12,
        False,
    )  # `care due`: 逾期天数 = day − 到期日
