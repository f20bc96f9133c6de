"""考核 page, 成绩录入: the score grid typed into from the keyboard, totals, places and grades as you type, a score
out of range refused on the spot, people added to a period, a period created."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.appraisal import service
from tests.ui.appraisal_fixtures import NAMES, scored_period, shown_page, stored_scores
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id
from ui.appraisal import page as page_module
from ui.appraisal.page import AppraisalPage
from ui.appraisal.score_model import FLAGS, GRADE, PLACE, TOTAL, ScoreModel


@pytest.fixture
def scored(ctx):
    return scored_period(ctx.db)


@pytest.fixture
def page(qtbot, ctx, scored, answers):
    return shown_page(qtbot, ctx)


def cell(page, person_id: int, key: str):
    model = page.model
    return model.index(model.row_of(person_id), model.column_of(key))


def text(page, person_id: int, key: str) -> str:
    return cell(page, person_id, key).data()


def open_editor(grid) -> QLineEdit:
    # A closed editor lingers (hidden) until its deferred delete: the open one is the visible one.
    editors = [e for e in grid.findChildren(QLineEdit, "scoreEditor") if e.isVisible()]
    assert len(editors) == 1
    return editors[0]


def type_score(qtbot, page, typed: str, key=Qt.Key.Key_Return) -> None:
    """Type into the current cell as a clerk does: the first key opens the editor, the rest go into it."""
    grid = page.grid
    qtbot.keyClicks(grid, typed[0])
    editor = open_editor(grid)
    qtbot.keyClicks(editor, typed[1:])
    qtbot.keyClick(editor, key)


def test_the_models_pass_the_model_tester(qtmodeltester, page):
    qtmodeltester.check(page.model)
    qtmodeltester.check(ScoreModel())
    qtmodeltester.check(page.ranking.model)


def test_the_newest_open_period_is_shown_with_its_people(page, scored):
    assert page.scheme_box.currentData() == "weighted-top20"
    assert page.year_box.value() == 2025
    assert not page.quarter_box.isVisible()  # a yearly scheme
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers == [
        "姓名",
        "工作单位",
        "工作考核",
        "业务测试",
        "满意度测评",
        "总分",
        "名次",
        "等次",
        "标记",
    ]
    assert page.model.rowCount() == len(NAMES)
    first, last = scored.ids[0], scored.ids[-1]
    assert (text(page, first, TOTAL), text(page, first, PLACE), text(page, first, GRADE)) == (
        "95.00",
        "1",
        "优秀",
    )
    assert text(page, scored.ids[1], GRADE) == "称职"  # floor(20% × 9) = 1 优秀 seat
    assert text(page, last, TOTAL) == "" and text(page, last, FLAGS) == "待补录"
    assert "待补录 1 人" in page.count_label.text()


def test_typing_a_score_updates_totals_places_and_grades_and_saves_it(qtbot, page, ctx, scored):
    last, second = scored.ids[-1], scored.ids[1]
    page.grid.setCurrentIndex(cell(page, last, "satisfaction"))
    page.grid.setFocus()
    qtbot.keyClicks(page.grid, "1")
    editor = open_editor(page.grid)
    qtbot.keyClicks(editor, "00")
    # While typing: the preview ranks ten people (two 优秀 seats) and nothing is saved yet.
    assert text(page, last, TOTAL) == "65.00"
    assert text(page, second, GRADE) == "优秀"
    assert "satisfaction" not in stored_scores(ctx.db, scored.period.id, last)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert stored_scores(ctx.db, scored.period.id, last)["satisfaction"] == Decimal(100)
    # 50×0.5 + 50×0.2 + 100×0.3 = 65, tied with 庚七 on the total and behind on 工作考核: 8th.
    assert (text(page, last, TOTAL), text(page, last, PLACE), text(page, last, FLAGS)) == (
        "65.00",
        "8",
        "补课",
    )
    assert text(page, second, GRADE) == "优秀"
    assert "待补录" not in page.count_label.text()


def test_escape_takes_the_preview_back(qtbot, page, ctx, scored):
    last, second = scored.ids[-1], scored.ids[1]
    page.grid.setCurrentIndex(cell(page, last, "satisfaction"))
    type_score(qtbot, page, "100", Qt.Key.Key_Escape)
    assert text(page, last, TOTAL) == ""
    assert text(page, second, GRADE) == "称职"
    assert "satisfaction" not in stored_scores(ctx.db, scored.period.id, last)


def test_enter_moves_down_and_tab_moves_right(qtbot, page, scored):
    model, grid = page.model, page.grid
    work, test, satisfaction = (model.column_of(k) for k in ("work", "test", "satisfaction"))
    grid.setCurrentIndex(model.index(0, work))
    grid.setFocus()
    type_score(qtbot, page, "88", Qt.Key.Key_Tab)
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (0, test)
    type_score(qtbot, page, "87", Qt.Key.Key_Tab)
    type_score(qtbot, page, "86", Qt.Key.Key_Tab)  # after the last score: the next row's first
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (1, work)
    type_score(qtbot, page, "70")
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (2, work)
    assert [model.index(0, c).data() for c in (work, test, satisfaction)] == ["88", "87", "86"]
    assert model.index(1, work).data() == "70"
    # Without an editor open: Enter moves down, Tab right, Shift+Tab back.
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert grid.currentIndex().row() == 3
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert grid.currentIndex().column() == test
    qtbot.keyClick(grid, Qt.Key.Key_Backtab)
    assert grid.currentIndex().column() == work


def test_typing_replaces_what_the_cell_held(qtbot, page, ctx, scored):
    first = scored.ids[0]
    page.grid.setCurrentIndex(cell(page, first, "work"))
    page.grid.setFocus()
    type_score(qtbot, page, "9")
    assert stored_scores(ctx.db, scored.period.id, first)["work"] == Decimal(9)


def test_a_score_out_of_range_is_refused_with_the_limit_and_kept_in_red(qtbot, page, ctx, scored):
    first = scored.ids[0]
    index = cell(page, first, "work")
    page.grid.setCurrentIndex(index)
    page.grid.setFocus()
    type_score(qtbot, page, "120")
    assert page.problem_label.text() == "工作考核的分数应在 0 到 100 之间，输入的是 120"
    assert index.data() == "120"  # as typed, not lost
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "0 到 100" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert page.grid.currentIndex() == index  # the cursor stays to type it again
    assert stored_scores(ctx.db, scored.period.id, first)["work"] == Decimal(95)
    assert text(page, first, TOTAL) == "95.00"
    # Elsewhere, and after a reload: the refused value is still there, in red, and named under the grid.
    page.grid.setCurrentIndex(cell(page, scored.ids[1], "work"))
    type_score(qtbot, page, "91")
    ctx.announce(service.APPRAISAL_CHANGED)
    assert index.data() == "120"
    assert "甲一·工作考核 120" in page.problem_label.text()
    page.grid.setCurrentIndex(index)
    # Not a number at all: refused the same way.
    type_score(qtbot, page, "8o")  # a letter o for a zero
    assert "不是数字" in page.problem_label.text() and index.data() == "8o"
    type_score(qtbot, page, "99")
    assert page.problem_label.text() == ""
    assert index.data() == "99" and index.data(Qt.ItemDataRole.ForegroundRole) is None
    assert stored_scores(ctx.db, scored.period.id, first)["work"] == Decimal(99)


def test_a_finalized_period_cannot_be_typed_into(qtbot, ctx, answers):
    scored = scored_period(ctx.db)
    service.set_many_scores(
        ctx.db, scored.period.id, [service.ScoreInput(scored.ids[-1], {"satisfaction": Decimal(50)})], ACTOR
    )
    service.finalize_period(ctx.db, scored.period.id, ACTOR)
    page = AppraisalPage(ctx)
    qtbot.addWidget(page)
    page.show_period("weighted-top20", 2025)
    index = page.model.index(0, page.model.column_of("work"))
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not page.add_button.isEnabled()
    assert "已定稿" in page.status_label.text()


def test_people_picked_from_the_roster_join_the_period(page, ctx, scored, monkeypatch):
    newcomer = add_person(ctx.db, "新来", make_id(50), scored.units["北街社区"])
    offered = {}

    def choose(parent, db, roles, exclude):
        offered["exclude"] = set(exclude)
        return [newcomer]

    monkeypatch.setattr(page_module, "choose_people", choose)
    page.add_button.click()
    assert offered["exclude"] == set(scored.ids)  # those already in are not offered
    row = page.model.row_of(newcomer)
    assert row is not None
    assert text(page, newcomer, FLAGS) == "待补录"
    assert service.rank_period(ctx.db, scored.period).row_of(newcomer) is not None


def test_everyone_of_the_schemes_roles_joins_but_not_those_who_left(page, ctx, scored, answers):
    unit = scored.units["南街社区"]
    working = add_person(ctx.db, "在岗人", make_id(60), unit, status="在岗")
    left = add_person(ctx.db, "离岗人", make_id(61), unit, status="离岗")
    page.add_all_button.click()
    assert "1 名在岗人员" in answers["asked"][-1]
    assert page.model.row_of(working) is not None
    assert page.model.row_of(left) is None


def test_the_picker_filters_by_role_unit_and_name(qtbot, ctx, scored):
    from ui.appraisal.people_picker import PeoplePicker

    other = add_unit(ctx.db, "东街社区")
    add_person(ctx.db, "东一", make_id(70), other)
    add_person(ctx.db, "东二", make_id(71), other, role="instructor")
    picker = PeoplePicker(None, ctx.db, (), set(scored.ids))
    qtbot.addWidget(picker)
    assert picker.model.rowCount() == 2
    picker.role_box.setCurrentIndex(picker.role_box.findText("党建指导员"))
    assert [r.name for r in picker.model.rows] == ["东二"]
    picker.role_box.setCurrentIndex(0)
    picker.search.setText("dy")
    assert [r.name for r in picker.model.rows] == ["东一"]
    picker.search.clear()
    picker.unit_box.setCurrentIndex(picker.unit_box.findData(scored.units["北街社区"]))
    assert picker.model.rowCount() == 0
    picker.unit_box.setCurrentIndex(0)
    picker.add_all_shown()
    assert len(picker.chosen) == 2


def test_a_period_not_yet_made_is_one_button_away(qtbot, page, ctx):
    page.year_box.setValue(2026)
    assert page.stack.currentIndex() == 1
    assert "2026年度考核" in page.no_period_label.text()
    page.create_button.click()
    assert page.period is not None and page.period.year == 2026
    assert page.stack.currentIndex() == 0
    assert service.find_period(ctx.db, "weighted-top20", 2026, None) is not None


def test_a_quarterly_scheme_asks_for_the_quarter(qtbot, page, ctx):
    from dataclasses import replace

    from app.appraisal.rules import BUILTIN_SCHEMES

    quarterly = replace(
        BUILTIN_SCHEMES["weighted-top20"], key="street-q", name="街道季度考核", period_type="季度"
    )
    service.create_scheme(ctx.db, quarterly, ACTOR)
    ctx.announce(service.APPRAISAL_CHANGED)
    page.scheme_box.setCurrentIndex(page.scheme_box.findData("street-q"))
    assert page.quarter_box.isVisible()
    page.quarter_box.setCurrentIndex(1)
    assert "2025年第2季度考核（街道季度考核）" in page.no_period_label.text()
    page.create_button.click()
    assert (page.period.year, page.period.quarter) == (2025, 2)
    assert page.grid_empty.isVisible() and "添加人员" in page.grid_empty.text()
    page.scheme_box.setCurrentIndex(page.scheme_box.findData("weighted-top20"))
    assert not page.quarter_box.isVisible() and page.model.rowCount() == len(NAMES)


def test_the_grid_is_ready_on_the_first_score(page):
    current = page.grid.currentIndex()
    assert (current.row(), current.column()) == (0, page.model.column_of("work"))


def test_someone_added_by_mistake_is_taken_out_after_a_question(page, ctx, scored, answers):
    page.grid.setCurrentIndex(cell(page, scored.ids[2], "test"))
    page.remove_button.click()
    assert answers["danger"][-1] and "丙三" in answers["asked"][-1]
    assert page.model.row_of(scored.ids[2]) is None
    assert service.rank_period(ctx.db, scored.period).row_of(scored.ids[2]) is None


def test_a_read_only_office_shows_scores_but_takes_none(qtbot, ctx, scored, answers):
    ctx.office.read_only_reason = "数据库文件位于只读位置（写保护的U盘或光盘），只能查看和导出，不能修改"
    page = AppraisalPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == len(NAMES)
    assert (
        not page.model.flags(page.model.index(0, page.model.column_of("work"))) & Qt.ItemFlag.ItemIsEditable
    )
    assert not page.add_button.isEnabled() and not page.add_all_button.isEnabled()
    assert page.status_label.text() == "数据库只读，只能查看和导出"
    ranking = page.ranking
    ranking.reload()
    ranking.table.selectRow(0)
    assert not ranking.override_button.isEnabled() and not ranking.finalize_button.isEnabled()
    assert not ranking.split_box.isEnabled() and ranking.export_button.isEnabled()
