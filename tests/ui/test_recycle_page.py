"""回收站 page: listing, restoring and purging, single and several, and the empty state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from app.people.service import get_person, retire_people
from app.units.service import delete_unit, get_unit
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id
from ui.records.recycle_page import BinModel, Col, RecyclePage


@pytest.fixture
def data(ctx):
    db = ctx.db
    street = add_unit(db, "玉林街道", "街道/镇")
    community = add_unit(db, "黉门社区", "社区/村", street)
    empty_unit = add_unit(db, "撤并社区", "社区/村", street)
    zhang = add_person(db, "张三", make_id(1), community)
    li = add_person(db, "李四", make_id(2), community)
    retire_people(db, [zhang], ACTOR)
    retire_people(db, [li], ACTOR)
    delete_unit(db, empty_unit, ACTOR)
    return {"zhang": zhang, "li": li, "empty_unit": empty_unit, "community": community, "street": street}


@pytest.fixture
def page(qtbot, ctx, data, answers):
    widget = RecyclePage(ctx)
    ctx.changed.connect(widget.refresh)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def select(page, *labels):
    selection = page.view.selectionModel()
    selection.clearSelection()
    for row, item in enumerate(page.model.items):
        if item.label in labels:
            selection.select(
                page.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


def column(page, col):
    return [page.model.data(page.model.index(r, col)) for r in range(page.model.rowCount())]


def test_model_passes_the_model_tester(qtmodeltester, page):
    assert page.model.rowCount() == 3
    qtmodeltester.check(page.model)
    qtmodeltester.check(BinModel())


def test_lists_people_and_units_with_details(page):
    assert sorted(column(page, Col.NAME)) == ["张三", "撤并社区", "李四"]
    row = column(page, Col.NAME).index("张三")
    assert column(page, Col.TYPE)[row] == "人员"
    assert column(page, Col.DETAIL)[row] == f"公民身份号码：{make_id(1)}"
    assert column(page, Col.DELETED_BY)[row] == ACTOR
    unit_row = column(page, Col.NAME).index("撤并社区")
    assert column(page, Col.TYPE)[unit_row] == "组织单位"
    assert column(page, Col.DETAIL)[unit_row] == "单位类别：社区/村"
    assert len(column(page, Col.DELETED_AT)[0]) == len("2026-11-21 16:20")


def test_the_detail_column_says_what_each_kind_shows(page, ctx):
    """A mentor's 条线 under a header that said 身份证号/单位类别 read as an ID number: the header is 详情 and
    each record's detail carries its own label, from the record registry."""
    from app.recycle import to_bin
    from app.training.pairs import TRAINING, save_mentor

    assert page.model.headerData(Col.DETAIL, Qt.Orientation.Horizontal) == "详情"
    mentor = save_mentor(ctx.db, None, {"name": "刘建国", "line": "党建", "unit": "区委党校"}, ACTOR)
    ctx.perform(page, lambda: to_bin(ctx.db, "mentor", mentor.record_id, ACTOR, TRAINING))
    row = column(page, Col.NAME).index("刘建国")
    assert column(page, Col.TYPE)[row] == "导师" and column(page, Col.DETAIL)[row] == "条线：党建"


def test_buttons_follow_the_selection(page):
    assert not page.restore_button.isEnabled()
    select(page, "张三")
    assert page.restore_button.isEnabled() and page.purge_button.isEnabled()


def test_restore_one_person(page, ctx, data):
    select(page, "张三")
    page.restore_button.click()
    assert get_person(ctx.db, data["zhang"])["name"] == "张三"
    assert "张三" not in column(page, Col.NAME)


def test_restore_several(page, ctx, data):
    select(page, "张三", "撤并社区")
    page.restore_selected()
    assert get_person(ctx.db, data["zhang"]) is not None
    assert get_unit(ctx.db, data["empty_unit"]) is not None
    assert column(page, Col.NAME) == ["李四"]


def test_restore_refusal_is_shown(page, ctx, data, answers):
    add_person(ctx.db, "张三丰", make_id(1), data["community"])  # took 张三's ID number meanwhile
    page.reload()
    select(page, "张三")
    page.restore_selected()
    assert "现已属于在册人员“张三丰”" in answers["warned"][0]
    assert get_person(ctx.db, data["zhang"]) is None


def test_restore_person_with_unit_in_passes(page, ctx, data, answers):
    retire_people(ctx.db, [add_person(ctx.db, "王五", make_id(3), data["community"])], ACTOR)
    delete_unit(ctx.db, data["community"], ACTOR)  # empty now: everybody is in the bin
    page.reload()
    select(page, "王五", "黉门社区")
    page.restore_selected()
    assert answers["warned"] == []
    assert get_unit(ctx.db, data["community"]) is not None
    assert "王五" not in column(page, Col.NAME)


def test_purge_asks_with_danger_and_names_the_record(page, ctx, data, answers):
    select(page, "李四")
    answers["ask"] = False
    page.purge_button.click()
    assert answers["danger"] == [True]
    assert "李四" in answers["asked"][0] and "无法恢复" in answers["asked"][0]
    assert get_person(ctx.db, data["li"], include_deleted=True) is not None
    answers["ask"] = True
    page.purge_selected()
    assert get_person(ctx.db, data["li"], include_deleted=True) is None
    assert "李四" not in column(page, Col.NAME)


def test_purge_several_lists_them(page, ctx, data, answers):
    select(page, "张三", "李四", "撤并社区")
    page.purge_selected()
    assert "3 条记录" in answers["asked"][0]
    assert all(name in answers["asked"][0] for name in ("张三", "李四", "撤并社区"))
    assert page.is_empty()
    assert page.stack.currentWidget() is page.empty_label


def test_purge_unit_still_referenced_is_refused(page, ctx, data, answers):
    delete_unit(ctx.db, data["community"], ACTOR)  # its two people are in the bin, still pointing at it
    page.reload()
    select(page, "黉门社区")
    page.purge_selected()
    assert "无法彻底删除“黉门社区”" in answers["warned"][0]


def test_empty_bin_shows_explanation(qtbot, ctx, answers):
    widget = RecyclePage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.is_empty()
    assert widget.stack.currentWidget() is widget.empty_label
    assert "回收站是空的" in widget.empty_label.text()


def test_a_record_binned_with_its_own_is_one_line_that_brings_them_back(page, ctx, data, answers):
    """A visit's people went to the bin with it: the clerk sees one line that says so, not a line per person
    that could be restored without its visit."""
    from app.care.service import VisitInput, record_visit, remove_record

    retired = [data["zhang"], data["li"]]
    ctx.perform(page, lambda: recycle_people_back(ctx, retired))
    visit = record_visit(ctx.db, VisitInput(retired, "2026-03-02", "生日慰问"), ACTOR).record_id
    ctx.perform(page, lambda: remove_record(ctx.db, "care_visit", visit, ACTOR))
    types = column(page, Col.TYPE)
    assert types.count("走访慰问") == 1 and "慰问对象" not in types
    assert column(page, Col.DETAIL)[types.index("走访慰问")].endswith("连同 2 名慰问对象")
    select(page, column(page, Col.NAME)[types.index("走访慰问")])
    answers["ask"] = False
    page.purge_selected()
    assert "连同 2 名慰问对象" in answers["asked"][-1]  # purging it takes them too: the question says so
    page.restore_selected()
    living = ctx.db.execute(
        "SELECT count(*) FROM care_visit_people WHERE visit_id = ? AND deleted_at IS NULL", [visit]
    ).fetchone()
    assert living == (2,) and "走访慰问" not in column(page, Col.TYPE)


def recycle_people_back(ctx, person_ids):
    from app.recycle import restore

    for person_id in person_ids:
        result = restore(ctx.db, "person", person_id, ACTOR)
    return result
