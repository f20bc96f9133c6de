"""组织单位 page: create, edit, move, delete, validation, selection and expansion kept."""

from __future__ import annotations

import pytest

from app.changes import OpChanges
from app.units.service import get_unit, list_units
from tests.ui.conftest import add_person, add_unit, make_id
from ui.units import page as units_module
from ui.units.page import MoveUnitDialog, ParentChoice, UnitsPage


@pytest.fixture
def tree(ctx):
    db = ctx.db
    district = add_unit(db, "武侯区", "区/县")
    street = add_unit(db, "玉林街道", "街道/镇", district)
    other_street = add_unit(db, "望江路街道", "街道/镇", district)
    community = add_unit(db, "黉门社区", "社区/村", street)
    add_person(db, "张三", make_id(1), community)
    add_person(db, "李四", make_id(2), community)
    return {"district": district, "street": street, "other": other_street, "community": community}


@pytest.fixture
def page(qtbot, ctx, tree, answers):
    widget = UnitsPage(ctx)
    ctx.changed.connect(widget.refresh)  # what the main window does
    qtbot.addWidget(widget)
    return widget


def test_tree_shows_units_with_kinds_and_people(page, tree):
    assert page.tree.topLevelItemCount() == 1
    district = page.items[tree["district"]]
    assert district.text(0) == "武侯区"
    assert district.text(1) == "区/县"
    community = page.items[tree["community"]]
    assert community.text(2) == "2"
    assert district.text(3) == "2"  # people including sub-units
    assert page.items[tree["street"]].isExpanded()  # district and streets open at first


def test_edit_and_save_renames_in_the_database(page, ctx, tree):
    page.select_unit(tree["community"])
    assert page.form.name_edit.text() == "黉门社区"
    page.form.name_edit.setText("黉门街社区")
    page.form.note_edit.setPlainText("新建小区较多")
    page.form.save_button.click()
    stored = get_unit(ctx.db, tree["community"])
    assert stored["name"] == "黉门街社区"
    assert stored["note"] == "新建小区较多"
    assert page.items[tree["community"]].text(0) == "黉门街社区"
    assert page.selected_unit_id() == tree["community"]


def test_validation_error_is_shown_and_the_typing_kept(page, ctx, tree, answers):
    page.select_unit(tree["community"])
    page.form.code_edit.setText("123")
    page.form.name_edit.setText("改过的名字")
    page.save()
    assert answers["warned"] and "信用代码" in answers["warned"][0]
    assert page.form.code_edit.text() == "123"
    assert page.form.name_edit.text() == "改过的名字"
    assert get_unit(ctx.db, tree["community"])["name"] == "黉门社区"


def test_duplicate_sibling_name_is_refused(page, tree, answers):
    page.select_unit(tree["other"])
    page.form.name_edit.setText("玉林街道")
    page.save()
    assert "已有名为“玉林街道”" in answers["warned"][0]


def test_add_child_creates_under_the_selected_unit(page, ctx, tree):
    page.select_unit(tree["street"])
    page.add_child_action.trigger()
    assert page.form.kind_combo.currentText() == "社区/村"  # the likely kind under a street
    assert "玉林街道" in page.form.parent_label.text()
    page.form.name_edit.setText("芳草社区")
    page.form.save_button.click()
    created = [u for u in list_units(ctx.db) if u.name == "芳草社区"]
    assert len(created) == 1 and created[0].parent_id == tree["street"]
    assert page.selected_unit_id() == created[0].id
    assert not page.form.cancel_button.isVisible()


def test_add_top_level_and_cancel(page, ctx):
    before = len(list_units(ctx.db))
    page.add_top_action.trigger()
    page.form.name_edit.setText("不要了")
    page.cancel_new()
    assert len(list_units(ctx.db)) == before
    page.add_top_action.trigger()
    page.form.name_edit.setText("高新区")
    page.form.kind_combo.setCurrentText("产业功能区")
    page.save()
    made = [u for u in list_units(ctx.db) if u.name == "高新区"]
    assert made and made[0].parent_id is None and made[0].kind == "产业功能区"


def test_new_unit_with_empty_name_keeps_the_new_form(page, ctx, tree, answers):
    page.select_unit(tree["street"])
    page.add_child_action.trigger()
    page.form.code_edit.setText("")
    page.save()
    assert "单位名称不能为空" in answers["warned"][0]
    page.form.name_edit.setText("补上名字社区")
    page.save()
    made = [u for u in list_units(ctx.db) if u.name == "补上名字社区"]
    assert made and made[0].parent_id == tree["street"]


def test_move_through_the_dialog_function(page, ctx, tree, monkeypatch):
    seen = {}

    def choose(parent, units, unit_id):
        seen["unit"] = unit_id
        return ParentChoice(tree["other"])

    monkeypatch.setattr(units_module, "choose_new_parent", choose)
    page.select_unit(tree["community"])
    page.move_action.trigger()
    assert seen["unit"] == tree["community"]
    assert get_unit(ctx.db, tree["community"])["parent_id"] == tree["other"]
    assert page.items[tree["community"]].parent() is page.items[tree["other"]]
    assert page.selected_unit_id() == tree["community"]


def test_move_cancelled_changes_nothing(page, ctx, tree, monkeypatch):
    monkeypatch.setattr(units_module, "choose_new_parent", lambda *a: None)
    page.select_unit(tree["community"])
    page.move_selected()
    assert get_unit(ctx.db, tree["community"])["parent_id"] == tree["street"]


def test_move_dialog_excludes_the_unit_and_its_descendants(qtbot, ctx, tree):
    units = list_units(ctx.db)
    dialog = MoveUnitDialog(units, tree["street"])
    qtbot.addWidget(dialog)
    assert tree["street"] not in dialog.items
    assert tree["community"] not in dialog.items
    assert set(dialog.items) == {tree["district"], tree["other"]}
    assert dialog.choice() is None  # the current parent is preselected: nothing to do
    dialog.select(None)
    assert dialog.choice() == ParentChoice(None)
    dialog.select(tree["other"])
    assert dialog.choice() == ParentChoice(tree["other"])
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_delete_with_people_offers_to_move_them_and_does_it_in_one_step(
    page, ctx, tree, answers, monkeypatch
):
    target = add_unit(ctx.db, "芳草社区", "社区/村", tree["street"])
    page.reload()
    offered = []

    def choose(parent, units, unit_id, people):
        offered.append((unit_id, people))
        return target

    monkeypatch.setattr(units_module, "choose_move_target", choose)
    page.select_unit(tree["community"])
    page.delete_action.trigger()
    assert offered == [(tree["community"], 2)]
    assert answers["asked"] == [] and answers["warned"] == []  # the move dialog is the question
    assert get_unit(ctx.db, tree["community"]) is None
    moved = ctx.db.execute("SELECT DISTINCT unit_id FROM people").fetchall()
    assert moved == [(target,)]
    assert page.items[target].text(2) == "2"


def test_delete_with_people_cancelled_changes_nothing(page, ctx, tree, answers, monkeypatch):
    monkeypatch.setattr(units_module, "choose_move_target", lambda *args: None)
    page.select_unit(tree["community"])
    page.delete_action.trigger()
    assert get_unit(ctx.db, tree["community"]) is not None
    assert answers["asked"] == [] and answers["warned"] == []


def test_delete_with_sub_units_is_refused_before_asking(page, ctx, tree, answers):
    page.select_unit(tree["street"])
    page.delete_action.trigger()
    assert answers["asked"] == []  # never "确定…吗" and then "无法删除"
    assert "下级单位" in answers["warned"][0]
    assert get_unit(ctx.db, tree["street"]) is not None


def test_move_people_dialog_offers_every_other_unit(qtbot, ctx, tree):
    from ui.units.page import MovePeopleDialog

    dialog = MovePeopleDialog(list_units(ctx.db), tree["community"], 2)
    qtbot.addWidget(dialog)
    assert tree["community"] not in dialog.items
    assert "2 名人员" in dialog.question.text()
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.target() is None
    dialog.tree.setCurrentItem(dialog.items[tree["other"]])
    assert ok.isEnabled() and dialog.target() == tree["other"]


def test_delete_asks_then_moves_to_the_bin(page, ctx, tree, answers):
    page.select_unit(tree["other"])
    answers["ask"] = False
    page.delete_selected()
    assert get_unit(ctx.db, tree["other"]) is not None
    answers["ask"] = True
    page.delete_selected()
    assert "望江路街道" in answers["asked"][-1]
    assert get_unit(ctx.db, tree["other"]) is None
    assert tree["other"] not in page.items
    assert page.selected_unit_id() == tree["district"]


def test_selection_and_expansion_survive_refresh(page, tree):
    page.select_unit(tree["other"])
    page.items[tree["street"]].setExpanded(False)
    page.refresh(OpChanges(units=True))
    assert page.selected_unit_id() == tree["other"]
    assert not page.items[tree["street"]].isExpanded()
    assert page.items[tree["district"]].isExpanded()


def test_refresh_for_people_updates_counts(page, ctx, tree):
    add_person(ctx.db, "王五", make_id(3), tree["other"])
    page.refresh(OpChanges(people=True))
    assert page.items[tree["other"]].text(2) == "1"
    assert page.items[tree["district"]].text(3) == "3"


def test_empty_office_explains_what_to_do(qtbot, tmp_path, answers):
    from app.office import open_office
    from ui.context import AppContext

    office = open_office(tmp_path / "empty.db")
    try:
        widget = UnitsPage(AppContext(office, "测试员"))
        qtbot.addWidget(widget)
        assert "新增顶级单位" in widget.form.hint.text()
        assert not widget.add_child_action.isEnabled()
        assert not widget.form.save_button.isEnabled()
    finally:
        office.close(backup_if_changed=False)
