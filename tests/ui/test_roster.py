"""The roster page: model checks, search (name, pinyin initials, ID, phone), filters, sorting, actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.people.roster import Col
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id
from ui import dialogs
from ui.people.roster_model import RosterFilter, RosterModel
from ui.people.roster_page import RosterPage


@pytest.fixture(autouse=True)
def fresh_roster_settings(qapp):
    """Column choices are remembered per PC (QSettings): every test starts from the defaults."""
    from PySide6.QtCore import QSettings

    QSettings().remove("roster")
    yield
    QSettings().remove("roster")


@pytest.fixture
def roster(ctx, qtbot):
    street = add_unit(ctx.db, "城关街道", "街道/镇")
    east = add_unit(ctx.db, "东门社区", parent_id=street)
    west = add_unit(ctx.db, "西门社区", parent_id=street)
    other = add_unit(ctx.db, "产业园党委", "两新组织")
    people = {
        "张三": add_person(
            ctx.db, "张三", make_id(1), east, phone="13800001111", political_status="中共党员"
        ),
        "曾小明": add_person(ctx.db, "曾小明", make_id(3), west, education="研究生"),
        "单田芳": add_person(ctx.db, "单田芳", make_id(5), other, role="instructor"),
        "解放": add_person(ctx.db, "解放", make_id(7), east, status="试用期"),
        "李四": add_person(ctx.db, "李四", make_id(8), west, phone="13912345678"),
    }
    page = RosterPage(ctx)
    ctx.changed.connect(page.refresh)  # as the main window wires every page
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page, people, {"street": street, "east": east, "west": west, "other": other}


def shown_names(page: RosterPage) -> list[str]:
    model = page.model
    return [model.data(model.index(row, Col.NAME)) for row in range(model.rowCount())]


def test_model_passes_qt_model_tester(roster, qtmodeltester):
    page, _people, _units = roster
    qtmodeltester.check(page.model)
    page.model.sort(Col.AGE, Qt.SortOrder.DescendingOrder)
    page.model.set_filter(RosterFilter(text="z"))
    qtmodeltester.check(page.model)


def test_empty_model_passes_qt_model_tester(qtmodeltester, qapp):
    qtmodeltester.check(RosterModel())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("zs", ["张三"]),
        ("zhangsan", ["张三"]),
        ("zxm", ["曾小明"]),  # 曾 as a surname reads zeng
        ("stf", ["单田芳"]),  # 单 as a surname reads shan
        ("xf", ["解放"]),  # 解 as a surname reads xie
        ("小明", ["曾小明"]),
        ("1391234", ["李四"]),
        (make_id(5)[-6:], ["单田芳"]),
        ("ZS", ["张三"]),
    ],
)
def test_search_box_finds_by_name_pinyin_id_and_phone(roster, qtbot, typed, expected):
    page, _people, _units = roster
    if typed.isascii():
        qtbot.keyClicks(page.search, typed)
    else:  # QTest cannot synthesise key presses for Chinese characters; an input method inserts text like this
        page.search.insert(typed)
    assert shown_names(page) == expected
    assert page.count_label.text() == f"共 {len(expected)} 人（全部在册 5 人）"


def test_cxm_does_not_find_zeng(roster, qtbot):
    page, _people, _units = roster
    qtbot.keyClicks(page.search, "cxm")
    assert shown_names(page) == []


def test_clearing_the_search_shows_everybody_again(roster, qtbot):
    page, _people, _units = roster
    qtbot.keyClicks(page.search, "zs")
    page.search.clear()
    assert len(shown_names(page)) == 5
    assert page.count_label.text() == "共 5 人"


def test_unit_filter_includes_sub_units(roster):
    page, _people, units = roster
    page.unit_box.setCurrentIndex(page.unit_box.findData(units["street"]))
    assert sorted(shown_names(page)) == sorted(["张三", "曾小明", "解放", "李四"])
    page.unit_box.setCurrentIndex(page.unit_box.findData(units["east"]))
    assert sorted(shown_names(page)) == sorted(["张三", "解放"])


def test_role_status_political_and_education_filters(roster):
    page, _people, _units = roster
    page.role_box.setCurrentIndex(page.role_box.findData("党建指导员"))
    assert shown_names(page) == ["单田芳"]
    page.role_box.setCurrentIndex(0)
    page.status_box.setCurrentIndex(page.status_box.findData("试用期"))
    assert shown_names(page) == ["解放"]
    page.status_box.setCurrentIndex(0)
    page.political_box.setCurrentIndex(page.political_box.findData("中共党员"))
    assert shown_names(page) == ["张三"]
    page.political_box.setCurrentIndex(0)
    page.education_box.setCurrentIndex(page.education_box.findData("研究生"))
    assert shown_names(page) == ["曾小明"]


def _id_born(birth: str, serial: int) -> str:
    from app.people.idnumber import check_digit

    first17 = f"110101{birth.replace('-', '')}{serial:03d}"
    return first17 + check_digit(first17)


def test_sorting_by_name_is_pinyin_order(roster):
    page, _people, _units = roster
    page.table.sortByColumn(Col.NAME, Qt.SortOrder.AscendingOrder)
    assert shown_names(page) == ["李四", "单田芳", "解放", "曾小明", "张三"]
    page.table.sortByColumn(Col.NAME, Qt.SortOrder.DescendingOrder)
    assert shown_names(page) == ["张三", "曾小明", "解放", "单田芳", "李四"]


def test_sorting_by_age_is_numeric_and_keeps_the_filter(roster, ctx):
    page, _people, units = roster
    add_person(ctx.db, "王老", _id_born("1960-05-01", 11), units["east"])
    add_person(ctx.db, "王小", _id_born("2001-05-01", 13), units["east"])
    page.reload()
    page.search.setText("王")
    page.table.sortByColumn(Col.AGE, Qt.SortOrder.DescendingOrder)
    assert shown_names(page) == ["王老", "王小"]
    page.table.sortByColumn(Col.AGE, Qt.SortOrder.AscendingOrder)
    assert shown_names(page) == ["王小", "王老"]


def test_retire_moves_selected_people_to_the_bin(roster, ctx, monkeypatch):
    page, people, _units = roster
    questions = []
    monkeypatch.setattr(dialogs, "ask", lambda *args, **kw: questions.append(args[2]) or True)
    page.search.setText("zs")
    page.table.selectRow(0)
    page.retire_action.trigger()
    assert "张三" in questions[0]
    row = ctx.db.execute(
        "SELECT deleted_at, deleted_by FROM people WHERE id = ?", [people["张三"]]
    ).fetchone()
    assert row[0] is not None and row[1] == ctx.actor
    page.search.clear()
    assert "张三" not in shown_names(page)
    assert page.count_label.text() == "共 4 人"


def test_retire_asks_first_and_does_nothing_when_declined(roster, ctx, monkeypatch):
    page, _people, _units = roster
    monkeypatch.setattr(dialogs, "ask", lambda *args, **kw: False)
    page.table.selectRow(0)
    page.retire_action.trigger()
    assert ctx.db.execute("SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()[0] == 5


def test_export_visible_list_writes_only_what_is_shown(roster, tmp_path, monkeypatch, qtbot):
    from openpyxl import load_workbook

    page, _people, units = roster
    out = tmp_path / "东门.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *args, **kw: out)
    told = []
    monkeypatch.setattr(dialogs, "inform", lambda *args: told.append(args[2]))
    page.unit_box.setCurrentIndex(page.unit_box.findData(units["east"]))
    page.export_action.trigger()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)  # the export runs off the UI thread
    sheet = load_workbook(out).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(["张三", "解放"])
    assert "已导出 2 名人员" in told[0]


def test_history_action_asks_for_the_selected_persons_trail(roster, qtbot):
    page, people, _units = roster
    page.search.setText("李四")
    page.table.selectRow(0)
    with qtbot.waitSignal(page.history_requested) as signal:
        page.history_action.trigger()
    assert signal.args == [people["李四"]]


# --- pinyin search: initials match initials, full pinyin matches whole syllables -----------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("zhangs", ["张三"]),  # whole syllables, then the start of the next
        ("zhang san", ["张三"]),  # a space between syllables, as some clerks type
        ("xiaoming", ["曾小明"]),  # a run of syllables from the given name
        ("xm", ["曾小明"]),  # a run of initials from the given name
        ("tianf", ["单田芳"]),
    ],
)
def test_full_pinyin_matches_whole_syllables(roster, qtbot, typed, expected):
    page, _people, _units = roster
    qtbot.keyClicks(page.search, typed)
    assert shown_names(page) == expected


def test_initials_do_not_match_inside_a_syllable(roster, ctx, qtbot):
    page, _people, units = roster
    add_person(ctx.db, "江浩雨", make_id(21), units["east"])
    page.reload()
    qtbot.keyClicks(page.search, "gh")  # jian-gh-aoyu: the letters meet only inside the spelling
    assert shown_names(page) == []
    page.search.clear()
    qtbot.keyClicks(page.search, "jhy")
    assert shown_names(page) == ["江浩雨"]


def test_ng_finds_only_names_with_those_initials_on_the_demo(ctx, qtbot):
    from app.demo import build_demo

    build_demo(ctx.db, 302)
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    page.search.setText("ng")
    names = shown_names(page)
    assert len(names) < 10  # was 175 of 302: every name with "ng" anywhere in its spelling
    from app.people.pinyin import initials

    assert all("ng" in initials(name) or name_has_syllable_ng(name) for name in names)


def name_has_syllable_ng(name: str) -> bool:
    from app.people.pinyin import name_pinyin

    return any(s.startswith("ng") for s in name_pinyin(name))


# --- columns: the unit column takes the spare width, the clerk chooses the columns, remembered per PC ---------


def visible_columns(page: RosterPage) -> list[Col]:
    header = page.table.horizontalHeader()
    return [col for col in Col if not header.isSectionHidden(col)]


def test_unit_column_takes_the_spare_width_not_the_last_one(roster):
    page, _people, _units = roster
    page.resize(1600, 900)
    header = page.table.horizontalHeader()
    assert not header.stretchLastSection()
    assert header.sectionResizeMode(Col.UNIT) == header.ResizeMode.Stretch
    assert header.sectionSize(Col.UNIT) > 2 * header.sectionSize(Col.STATUS)


def test_optional_columns_are_hidden_until_chosen_and_the_choice_is_remembered(roster, ctx, qtbot):
    page, _people, _units = roster
    optional = [Col.ID_NUMBER, Col.ETHNICITY, Col.BIRTH_DATE, Col.POST_START, Col.SOURCE]
    assert not set(optional) & set(visible_columns(page))
    menu = page.column_menu()
    labels = [a.text() for a in menu.actions() if a.isCheckable()]
    assert {"公民身份号码", "民族", "出生日期", "到岗时间", "来源渠道", "工作单位", "状态"} <= set(labels)
    assert "姓名" not in labels  # a roster without names makes no sense
    page.column_actions[Col.ID_NUMBER].trigger()
    page.column_actions[Col.STATUS].trigger()
    assert Col.ID_NUMBER in visible_columns(page) and Col.STATUS not in visible_columns(page)
    page.search.setText("zs")
    assert page.model.data(page.model.index(0, Col.ID_NUMBER)) == make_id(1)
    again = RosterPage(ctx)  # as on the next start of the program on this PC
    qtbot.addWidget(again)
    assert Col.ID_NUMBER in visible_columns(again) and Col.STATUS not in visible_columns(again)
    again.reset_columns()
    assert Col.ID_NUMBER not in visible_columns(again) and Col.STATUS in visible_columns(again)


def test_header_right_click_offers_the_column_chooser(roster):
    page, _people, _units = roster
    header = page.table.horizontalHeader()
    assert header.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu
    assert page.columns_action.menu() is not None  # and the toolbar has it too


def test_new_columns_show_the_stored_values(roster, ctx):
    page, people, units = roster
    add_person(
        ctx.db, "王五", _id_born("1992-03-04", 15), units["east"], ethnicity="回族",
        post_start_date="2020-05-06", source="公开招聘",
    )  # fmt: skip
    page.reload()
    page.search.setText("王五")
    row = {col: page.model.data(page.model.index(0, col)) for col in Col}
    assert row[Col.ETHNICITY] == "回族" and row[Col.BIRTH_DATE] == "1992-03-04"
    assert row[Col.POST_START] == "2020-05-06" and row[Col.SOURCE] == "公开招聘"


def test_at_960_by_600_nothing_is_clipped(ctx, qtbot):
    from app.demo import build_demo
    from ui.main_window import MainWindow
    from ui.pages import page_index

    build_demo(ctx.db, 60)  # more people than rows on screen: the vertical scroll bar takes its width too
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(960, 600)
    window.show()
    page = window.page("roster")
    window.show_page(page_index("roster"))  # 今日待办 is the first page now
    page.reload()
    qtbot.waitExposed(window)
    table = page.table
    qtbot.waitUntil(table.verticalScrollBar().isVisible)
    assert table.horizontalScrollBar().maximum() == 0  # every default column fits
    assert table.horizontalHeader().sectionSize(Col.UNIT) >= 140
    for action in page.toolbar.actions():  # none pushed into the toolbar's overflow (») menu
        assert action.isSeparator() or page.toolbar.widgetForAction(action).isVisible(), action.text()
    for widget in page.filters.filter_widgets():
        assert widget.isVisible()
        assert widget.width() >= widget.minimumSizeHint().width(), widget
        right = widget.mapTo(page, widget.rect().topRight()).x()
        assert right <= page.width(), widget


def test_with_many_columns_the_unit_column_keeps_a_readable_width_and_the_table_scrolls(roster, qtbot):
    from ui.people.roster_columns import UNIT_MIN

    page, _people, _units = roster
    page.resize(800, 600)
    for col in (Col.ID_NUMBER, Col.BIRTH_DATE, Col.POST_START, Col.SOURCE):
        page.column_actions[col].trigger()
    qtbot.waitUntil(lambda: page.table.horizontalScrollBar().maximum() > 0)
    assert page.table.horizontalHeader().sectionSize(Col.UNIT) == UNIT_MIN
    page.resize(1800, 600)
    qtbot.waitUntil(lambda: page.table.horizontalScrollBar().maximum() == 0)
    assert page.table.horizontalHeader().sectionSize(Col.UNIT) > UNIT_MIN


def test_main_window_leaves_the_roster_header_to_the_page(ctx, qtbot):
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.page("roster").column_actions[Col.SOURCE].trigger()
    window.close()
    assert QSettings().value("roster/header") is None
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert Col.SOURCE in visible_columns(again.page("roster"))


# --- filters: age or birth year, 到岗时间 -------------------------------------------------------------------


@pytest.fixture
def ages_roster(roster, ctx):
    page, people, units = roster
    add_person(ctx.db, "青年甲", _id_born("1995-06-01", 21), units["east"], post_start_date="2019-07-01")
    add_person(ctx.db, "青年乙", _id_born("1990-06-01", 23), units["east"], post_start_date="2021-03-15")
    add_person(ctx.db, "老同志", _id_born("1965-06-01", 25), units["east"], post_start_date="2010-01-01")
    page.reload()
    page.search.setText("同志")
    page.search.clear()
    return page


def test_age_range_filter(ages_roster, monkeypatch):
    import datetime as dt

    from ui.people import roster_page

    page = ages_roster
    monkeypatch.setattr(roster_page, "today", lambda: dt.date(2026, 1, 1))
    page.reload()
    page.filters.age_kind.setCurrentIndex(page.filters.age_kind.findData("age"))
    page.filters.age_from.setValue(18)
    page.filters.age_to.setValue(35)  # 青年干部: 35 and under
    assert sorted(shown_names(page)) == ["青年乙", "青年甲"]
    page.filters.age_from.setValue(page.filters.age_from.minimum())  # 不限
    page.filters.age_to.setValue(30)
    assert shown_names(page) == ["青年甲"]


def test_birth_year_range_filter(ages_roster):
    page = ages_roster  # the fixture's other people were born in 1990
    page.filters.age_kind.setCurrentIndex(page.filters.age_kind.findData("birth_year"))
    page.filters.age_from.setValue(1991)
    assert shown_names(page) == ["青年甲"]
    page.filters.age_from.setValue(page.filters.age_from.minimum())
    page.filters.age_to.setValue(1970)
    assert shown_names(page) == ["老同志"]


def test_post_start_range_filter_takes_years_and_months(ages_roster):
    page = ages_roster
    page.filters.post_from.setText("2019")
    assert sorted(shown_names(page)) == ["青年乙", "青年甲"]
    page.filters.post_to.setText("2020.12")
    assert shown_names(page) == ["青年甲"]
    page.filters.post_to.setText("2021年3月")
    assert sorted(shown_names(page)) == ["青年乙", "青年甲"]
    page.filters.post_to.setText("2021年13月")  # not a date: marked, and not applied
    assert page.filters.post_to.property("error") is True
    assert sorted(shown_names(page)) == ["青年乙", "青年甲"]
    page.filters.clear_filters()
    assert len(shown_names(page)) == 8


@pytest.mark.parametrize(
    ("typed", "bounds"),
    [
        ("", None),
        ("2019", ("2019-01-01", "2019-12-31")),
        ("2019.7", ("2019-07-01", "2019-07-31")),
        ("2020-02", ("2020-02-01", "2020-02-29")),
        ("2019年7月", ("2019-07-01", "2019-07-31")),
        ("2019/7/15", ("2019-07-15", "2019-07-15")),
        ("2019年7月15日", ("2019-07-15", "2019-07-15")),
        ("20190715", ("2019-07-15", "2019-07-15")),
        ("２０１９", ("2019-01-01", "2019-12-31")),
    ],
)
def test_period_bounds(typed, bounds):
    from app.people.roster import period_bounds

    assert period_bounds(typed) == bounds


@pytest.mark.parametrize("typed", ["19", "2019.13", "2019-02-30", "abc", "2019年7月32日"])
def test_period_bounds_refuses_what_is_not_a_date(typed):
    from app.people.roster import period_bounds

    with pytest.raises(ValueError):
        period_bounds(typed)


# --- batch change from the roster ------------------------------------------------------------------------


def test_batch_change_sets_the_status_of_the_selected_people(roster, ctx, monkeypatch):
    from app import audit
    from ui.people import batch_dialog

    page, people, _units = roster
    asked = []

    def choose(parent, units, count):
        asked.append(count)
        return batch_dialog.BatchChoice("status", "离岗")

    monkeypatch.setattr(batch_dialog, "choose_batch_change", choose)
    page.unit_box.setCurrentIndex(page.unit_box.findData(_units["west"]))
    page.table.selectAll()
    page.batch_action.trigger()
    assert asked == [2]
    statuses = ctx.db.execute("SELECT name, status FROM people ORDER BY id").fetchall()
    assert dict(statuses) == {
        "张三": "在岗",
        "曾小明": "离岗",
        "单田芳": "在岗",
        "解放": "试用期",
        "李四": "离岗",
    }
    assert page.model.data(page.model.index(0, Col.STATUS)) == "离岗"  # the page shows it at once
    assert audit.query(ctx.db, entity="person", record_id=people["李四"])[0].after == {"status": "离岗"}


def test_batch_change_needs_a_selection(roster, monkeypatch):
    from ui.people import batch_dialog

    page, _people, _units = roster
    monkeypatch.setattr(
        batch_dialog, "choose_batch_change", lambda *a: pytest.fail("asked without a selection")
    )
    page.table.clearSelection()
    page.batch_action.trigger()


def test_batch_dialog_offers_unit_status_and_role(ctx, roster, qtbot):
    from app.units.service import list_units
    from ui.people.batch_dialog import BatchChangeDialog, BatchChoice

    _page, _people, units = roster
    dialog = BatchChangeDialog(list_units(ctx.db), 3)
    qtbot.addWidget(dialog)
    assert "3 人" in dialog.question.text()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.field_box.setCurrentIndex(dialog.field_box.findData("unit_id"))
    dialog.value_boxes["unit_id"].setCurrentIndex(dialog.value_boxes["unit_id"].findData(units["west"]))
    assert ok.isEnabled() and dialog.choice() == BatchChoice("unit_id", units["west"])
    dialog.field_box.setCurrentIndex(dialog.field_box.findData("role"))
    assert not ok.isEnabled()
    dialog.value_boxes["role"].setCurrentIndex(dialog.value_boxes["role"].findData("reserve_cadre"))
    assert dialog.choice() == BatchChoice("role", "reserve_cadre")


def test_an_empty_office_says_how_people_get_in(ctx, qtbot):
    page = RosterPage(ctx)
    qtbot.addWidget(page)
    assert page.table_stack.currentWidget() is page.empty_label
    assert "导入花名册" in page.empty_label.text() and "新增人员" in page.empty_label.text()
    add_person(ctx.db, "张三", make_id(1), add_unit(ctx.db, "东门社区"))
    page.reload()
    assert page.table_stack.currentWidget() is page.table


def test_a_cadre_short_of_60_points_is_flagged_and_the_column_says_until_when(roster, ctx):
    from app.appraisal import points
    from app.clock import today

    page, _people, units = roster
    cadre = add_person(
        ctx.db, "王五", make_id(20), units["east"], role="reserve_cadre", post_start_date="2015-01-01"
    )
    fine = add_person(
        ctx.db, "赵六", make_id(21), units["east"], role="reserve_cadre", post_start_date="2015-01-01"
    )
    last = today().year - 1
    for n in range(12):  # 王五 45 points last year, 赵六 60
        who = [fine] if n >= 9 else [cadre, fine]
        points.add_points(
            ctx.db, points.PointsInput(who, f"{last}-04-{n + 1:02d}", "study", f"学习会{n}"), ACTOR
        )
    page.reload()  # written past the page, as another window would
    model = page.model
    assert Col.PROMOTION not in visible_columns(page)  # optional: the flag on the name shows it meanwhile
    row, other = model.row_of(cadre), model.row_of(fine)
    text = f"{last}年积分 45 分，不足 60 分，三年内不考虑提拔（{last + 1}—{last + 3}年）"
    assert model.data(model.index(row, Col.NAME), Qt.ItemDataRole.ToolTipRole) == text
    assert model.data(model.index(row, Col.NAME), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(row, Col.PROMOTION)) == f"至{last + 3}年"
    assert model.data(model.index(other, Col.PROMOTION)) == ""
    assert model.data(model.index(other, Col.NAME), Qt.ItemDataRole.ForegroundRole) is None
    page.column_actions[Col.PROMOTION].trigger()
    assert Col.PROMOTION in visible_columns(page)
    page.table.sortByColumn(Col.PROMOTION, Qt.SortOrder.DescendingOrder)
    assert shown_names(page)[0] == "王五"
