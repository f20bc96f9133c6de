"""积分与表彰: built directly (the lead registers it in ui/pages.py), each tab driven as a clerk would — points
entered for several cadres and never twice, a refused entry keeping what was typed, a suggestion confirmed into
an honor and one not taken up, honors by year, a 补课 closed through its dialog (a refusal reopens it filled)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.appraisal import remedial, service
from app.appraisal.service import ScoreInput
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id
from ui.appraisal import merits_points, merits_remedial, questions
from ui.appraisal.merits_page import MeritsPage
from ui.appraisal.merits_remedial import Training

CADRES = ("李明", "王芳", "张伟")


@pytest.fixture
def cadres(ctx):
    unit = add_unit(ctx.db, "团区委")
    return [
        add_person(ctx.db, name, make_id(50 + i), unit, role="reserve_cadre", post_start_date="2020-01-01")
        for i, name in enumerate(CADRES)
    ]


def page_of(qtbot, ctx) -> MeritsPage:
    page = MeritsPage(ctx)
    ctx.changed.connect(page.refresh)  # what the main window does
    qtbot.addWidget(page)
    page.resize(1280, 780)
    page.show()
    qtbot.waitExposed(page)
    return page


def texts(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_a_hidden_page_reloads_when_shown_and_only_the_tab_on_screen(qtbot, ctx, cadres):
    from app.appraisal import points

    page = page_of(qtbot, ctx)
    page.hide()
    points.add_points(ctx.db, points.PointsInput(cadres[:1], dt.date.today(), "study", "学习会"), ACTOR)
    ctx.announce(points.APPRAISAL_CHANGED)
    assert page.points.entries.rowCount() == 0  # not while hidden: the 考核 grid announces every score
    page.show()
    assert page.points.entries.rowCount() == 1
    points.add_points(ctx.db, points.PointsInput(cadres[1:2], dt.date.today(), "study", "学习会"), ACTOR)
    ctx.announce(points.APPRAISAL_CHANGED)
    assert page.points.entries.rowCount() == 2 and page._stale == {
        page.suggestions,
        page.honors,
        page.remedial,
    }
    page.tabs.setCurrentWidget(page.honors)
    assert page.honors not in page._stale


def test_the_page_has_four_tabs(qtbot, ctx):
    page = page_of(qtbot, ctx)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "积分台账",
        "表彰建议",
        "荣誉",
        "补课",
    ]
    assert page.points.summary.text() == "花名册中还没有青年干部。"
    assert page.suggestions.stack.currentIndex() == 1 and page.honors.stack.currentIndex() == 1


def test_points_for_an_activitys_attendees_never_twice(qtbot, ctx, cadres, answers, monkeypatch):
    page = page_of(qtbot, ctx)
    tab = page.points
    monkeypatch.setattr(merits_points, "choose_cadres", lambda parent, db: cadres[:2])
    tab.pick_people()
    assert tab.people_label.text() == "李明、王芳（共 2 人）"
    tab.date_edit.setText("2025.5.4")
    tab.rule_box.setCurrentIndex(tab.rule_box.findData("practice_group"))
    assert tab.points_spin.value() == 20  # the rule's default
    tab.activity_edit.setText("基层治理实践小组")
    tab.save()
    assert tab.year_box.value() == 2025  # shows the year just entered
    assert tab.activity_edit.text() == "" and tab.people_label.text() == "未选择"
    assert tab.date_edit.text() == "2025.5.4"  # kept for the next activity
    totals = {texts(tab.totals, r)[0]: texts(tab.totals, r)[2:] for r in range(tab.totals.rowCount())}
    short = "不合格" if dt.date.today().year > 2025 else "进行中"  # 2025 is judged once it is over
    assert totals == {"李明": ["20", short], "王芳": ["20", short], "张伟": ["0", short]}
    assert tab.entries.rowCount() == 2
    assert texts(tab.entries, 0)[:5] == [
        "2025-05-04",
        "李明",
        "参加重点工作实践小组并完成",
        "基层治理实践小组",
        "20",
    ]
    # The same activity again for all three: only 张伟 is new.
    monkeypatch.setattr(merits_points, "choose_cadres", lambda parent, db: cadres)
    tab.pick_people()
    tab.activity_edit.setText("基层治理实践小组")
    tab.save()
    assert tab.entries.rowCount() == 3
    tab.pick_people()
    tab.activity_edit.setText("基层治理实践小组")
    tab.save()
    assert answers["informed"] == ["李明、王芳、张伟 已记过“基层治理实践小组”的积分，没有重复记分"]


def test_a_refused_entry_keeps_everything_typed(qtbot, ctx, cadres, answers, monkeypatch):
    page = page_of(qtbot, ctx)
    tab = page.points
    monkeypatch.setattr(merits_points, "choose_cadres", lambda parent, db: cadres[:1])
    tab.pick_people()
    tab.date_edit.setText("2025-02-30")
    tab.activity_edit.setText("学习会")
    tab.note_edit.setText("迟到")
    tab.save()
    assert "2025-02-30" in answers["warned"][0]
    assert (tab.date_edit.text(), tab.activity_edit.text(), tab.note_edit.text()) == (
        "2025-02-30",
        "学习会",
        "迟到",
    )
    assert tab.people_label.text() == "李明（共 1 人）"
    assert ctx.db.execute("SELECT count(*) FROM points_entries").fetchone() == (0,)


def test_selecting_a_person_shows_their_entries_and_deleting_moves_to_the_bin(qtbot, ctx, cadres, answers):
    from app.appraisal import points

    for person, what in ((cadres[0], "学习会一"), (cadres[0], "学习会二"), (cadres[1], "学习会一")):
        points.add_points(ctx.db, points.PointsInput([person], "2025-03-01", "study", what), ACTOR)
    page = page_of(qtbot, ctx)
    tab = page.points
    tab.year_box.setValue(2025)
    row = next(r for r in range(tab.totals.rowCount()) if tab.totals.rows[r].person_id == cadres[0])
    tab.totals_table.selectRow(row)
    assert tab.entries.rowCount() == 2 and tab.entries_label.text() == "李明 2025年的积分：2 条，共 10 分"
    tab.entries_table.selectRow(0)
    tab.delete_selected()
    assert answers["danger"] == [True]
    assert tab.entries.rowCount() == 1  # reloaded from the change, the person still chosen
    assert ctx.db.execute("SELECT count(*) FROM points_entries WHERE deleted_at IS NOT NULL").fetchone() == (
        1,
    )


def _two_excellent_years(ctx) -> list[int]:
    unit = add_unit(ctx.db, "东门社区")
    ids = [add_person(ctx.db, f"社工{n}", make_id(80 + i), unit) for i, n in enumerate("甲乙丙丁戊")]
    for year in (2023, 2024):
        period = service.open_period(ctx.db, "weighted-top20", year, None, ACTOR).made
        items = [ScoreInput(p, dict.fromkeys(("work", "test", "satisfaction"), Decimal(95 - 5 * i)))
                 for i, p in enumerate(ids)]  # fmt: skip
        service.set_many_scores(ctx.db, period.id, items, ACTOR)
        service.finalize_period(ctx.db, period.id, ACTOR, issued_on=dt.date(year + 1, 1, 15))
    return ids


def test_suggestions_are_confirmed_into_an_honor_or_not_taken_up(qtbot, ctx, answers, monkeypatch):
    _two_excellent_years(ctx)
    page = page_of(qtbot, ctx)
    tab = page.suggestions
    page.tabs.setCurrentWidget(tab)
    assert [texts(tab.model, r)[:5] for r in range(tab.model.rowCount())] == [
        ["2024", "社工甲", "东门社区", "嘉奖", "2023—2024年连续2年考核优秀"],
        ["2024", "社工甲", "东门社区", "推荐任职", "2023—2024年连续2年考核优秀"],
    ]
    tab.table.selectRow(0)
    tab.confirm_selected()
    assert "记入荣誉（嘉奖）" in answers["asked"][0]
    assert tab.model.rowCount() == 1
    honors = page.honors
    page.tabs.setCurrentWidget(honors)  # a tab not on screen reloads when it is shown
    assert any(texts(honors.model, r)[:3] == ["〔2024〕第002号", "社工甲", "2024年度嘉奖（2023—2024年连续2年考核优秀）"]
               for r in range(honors.model.rowCount()))  # fmt: skip
    page.tabs.setCurrentWidget(tab)
    monkeypatch.setattr(questions, "ask_reason", lambda parent, title, text: "")
    tab.table.selectRow(0)
    tab.dismiss_selected()
    assert "请说明理由" in answers["warned"][0] and tab.model.rowCount() == 1  # nothing changed
    monkeypatch.setattr(questions, "ask_reason", lambda parent, title, text: "暂无合适岗位")
    tab.dismiss_selected()
    assert tab.model.rowCount() == 0 and tab.stack.currentIndex() == 1
    assert [texts(tab.decided, r)[2:] for r in range(tab.decided.rowCount())] == [
        ["推荐任职", "2023—2024", "不予采纳", "暂无合适岗位"], ["嘉奖", "2023—2024", "确认", ""],
    ]  # fmt: skip


def test_honors_by_year_and_withdrawn_on_request(qtbot, ctx):
    _two_excellent_years(ctx)
    period = service.find_period(ctx.db, "weighted-top20", 2023, None)
    service.reopen_period(ctx.db, period.id, "成绩有误", ACTOR)
    page = page_of(qtbot, ctx)
    honors = page.honors
    assert [texts(honors.model, r)[0] for r in range(honors.model.rowCount())] == ["〔2024〕第001号"]
    honors.withdrawn_box.setChecked(True)
    assert [texts(honors.model, r)[6] for r in range(honors.model.rowCount())] == ["有效", "已撤销"]
    honors.year_box.setCurrentIndex(honors.year_box.findData(2023))
    assert [texts(honors.model, r)[0] for r in range(honors.model.rowCount())] == ["〔2023〕第001号"]


def test_certificates_print_for_the_selection_or_every_valid_honor_listed(qtbot, ctx, answers, monkeypatch):
    import ui.printing.actions as actions

    _two_excellent_years(ctx)
    service.reopen_period(
        ctx.db, service.find_period(ctx.db, "weighted-top20", 2023, None).id, "成绩有误", ACTOR
    )
    page = page_of(qtbot, ctx)
    honors = page.honors
    honors.withdrawn_box.setChecked(True)  # the withdrawn 2023 honor is listed, never printed
    printed: list[list[int]] = []
    monkeypatch.setattr(actions, "print_certificates", lambda parent, c, ids: printed.append(list(ids)))
    honors.print_certificates()
    valid = [h.id for h in honors.model.rows if not h.withdrawn_at]
    assert printed == [valid] and len(valid) == 1
    honors.table.selectRow(1)  # the withdrawn one only
    honors.print_certificates()
    assert len(printed) == 1 and "已撤销的荣誉不再打印证书" in answers["informed"][0]


def test_a_remedial_requirement_is_closed_through_its_dialog(qtbot, ctx, answers, monkeypatch):
    _two_excellent_years(ctx)  # 社工丁 (80) and 社工戊 (75)... only 75 is below 80
    page = page_of(qtbot, ctx)
    tab = page.remedial
    page.tabs.setCurrentWidget(tab)
    assert tab.model.rowCount() == 2  # 社工戊 in 2023 and in 2024
    assert texts(tab.model, 0)[0] == "社工戊" and texts(tab.model, 0)[3] == "75.00"
    asked: list = []
    replies = iter([Training("轮训班", 3, "2025-03-01"), Training("轮训班", 5, "2025-03-01"), None])

    def ask(parent, req, typed):
        asked.append(typed)
        return next(replies)

    monkeypatch.setattr(merits_remedial, "ask_training", ask)
    tab.table.selectRow(0)
    tab.close_selected()
    assert "少于补课要求的 5 个工作日" in answers["warned"][0]
    assert asked == [None, Training("轮训班", 3, "2025-03-01")]  # the refused entry comes back as typed
    assert tab.model.rowCount() == 1 and tab.count_label.text() == "未完成 1 项，已完成 1 项"
    tab.done_box.setChecked(True)
    assert any("完成：轮训班（5 个工作日）" in texts(tab.model, r)[6] for r in range(tab.model.rowCount()))
    assert len(remedial.list_requirements(ctx.db, open_only=True)) == 1


def test_the_models_pass_the_model_tester(qtmodeltester, qtbot, ctx, cadres):
    _two_excellent_years(ctx)
    page = page_of(qtbot, ctx)
    for model in (page.points.totals, page.points.entries, page.suggestions.model, page.suggestions.decided,
                  page.honors.model, page.remedial.model):  # fmt: skip
        qtmodeltester.check(model)
