"""导入记录 page: the imports listed with their counts, the newest one undone, older ones refused; the nav entry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.exchange.import_commit import commit_import
from app.exchange.roster_import import plan_import
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id
from tests.ui.test_import_wizard import (
    HEADER,
    advance,
    build_roster,
    counts,
    messy_rows,
    person,
    to_preview,
    unit_named,
)
from ui.exchange.wizard import ImportWizard
from ui.records.import_history import Col, ImportHistoryPage, ImportsModel


@pytest.fixture
def units(ctx):
    db = ctx.db
    district = add_unit(db, "城关区", "区/县")
    street = add_unit(db, "城关街道", "街道/镇", district)
    east = add_unit(db, "东门社区", "社区/村", street)
    add_person(db, "李四", make_id(2), east, phone="13800000002")
    return {"district": district, "street": street, "east": east}


def import_file(ctx, path, *, parent):
    plan = plan_import(ctx.db, path)
    return commit_import(
        ctx.db, ctx.office.path, plan, update_existing=True, actor=ACTOR, new_unit_parent=parent
    )


@pytest.fixture
def imported(ctx, units, tmp_path):
    path = build_roster(tmp_path / "城关街道花名册.xlsx", HEADER, messy_rows())
    return import_file(ctx, path, parent=units["street"])


@pytest.fixture
def page(qtbot, ctx, answers):
    widget = ImportHistoryPage(ctx)
    ctx.changed.connect(widget.refresh)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def cells(page, row: int) -> list[str]:
    return [page.model.data(page.model.index(row, c)) for c in Col]


def test_an_import_is_listed_with_its_counts(imported, page, qtmodeltester):
    assert page.model.rowCount() == 1
    row = cells(page, 0)
    assert row[Col.FILE] == "城关街道花名册.xlsx"
    assert row[Col.SHEET] == "花名册"
    assert row[Col.ACTOR] == ACTOR
    assert row[Col.ADDED : Col.STATUS] == ["2", "1", "0", "1", "1"]
    assert row[Col.STATUS] == "已导入（可撤销）"
    assert len(row[Col.TIME]) == 16  # local 'YYYY-MM-DD HH:MM'
    assert page.stack.currentWidget() is page.view
    qtmodeltester.check(page.model)


def test_the_newest_import_is_undone_after_a_warning(imported, page, ctx, answers):
    assert page.selected_batch().id == imported.batch_id
    assert page.undo_button.isEnabled()
    before_units = unit_named(ctx.db, "西门社区")
    assert before_units is not None and person(ctx.db, make_id(2))["phone"] == "13900000002"

    page.undo_button.click()
    assert answers["danger"] == [True]
    question = answers["asked"][0]
    assert "城关街道花名册.xlsx" in question
    assert "删除这次新增的 2 人" in question and "恢复为导入前的信息" in question and "1 个单位" in question

    db = ctx.db
    assert person(db, make_id(1)) is None and person(db, make_id(4)) is None
    assert person(db, make_id(2))["phone"] == "13800000002"
    assert unit_named(db, "西门社区") is None
    status = cells(page, 0)[Col.STATUS]
    assert (
        status.startswith("已撤销 20") and "测试员" not in status
    )  # the importer undid it: no name repeated
    tip = page.model.data(page.model.index(0, Col.STATUS), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("测试员 于 20")
    assert not page.undo_button.isEnabled()
    assert not answers["warned"]


def test_saying_no_undoes_nothing(imported, page, ctx, answers):
    answers["ask"] = False
    before = counts(ctx.db)
    page.undo_selected()
    assert answers["asked"]
    assert counts(ctx.db) == before
    assert person(ctx.db, make_id(1)) is not None


def test_only_the_newest_import_can_be_undone(ctx, units, tmp_path, answers, qtbot):
    first = build_roster(
        tmp_path / "一.xlsx", HEADER, [["张三", make_id(1), "东门社区", "社区工作者", "", ""]]
    )
    second = build_roster(
        tmp_path / "二.xlsx", HEADER, [["钱七", make_id(4), "东门社区", "社区工作者", "", ""]]
    )
    import_file(ctx, first, parent=units["street"])
    import_file(ctx, second, parent=units["street"])
    widget = ImportHistoryPage(ctx)
    qtbot.addWidget(widget)
    assert [cells(widget, r)[Col.FILE] for r in range(2)] == ["二.xlsx", "一.xlsx"]
    assert [cells(widget, r)[Col.STATUS] for r in range(2)] == ["已导入（可撤销）", "已导入"]
    widget.view.selectRow(1)
    assert not widget.undo_button.isEnabled()
    assert "最近一次" in widget.undo_button.toolTip()
    widget.undo_selected()
    assert not answers["asked"]
    assert person(ctx.db, make_id(1)) is not None


def test_an_import_edited_since_is_refused_with_the_reason(imported, page, ctx, answers):
    from app.people.service import update_person

    zhang = person(ctx.db, make_id(1))
    update_person(ctx.db, zhang["id"], {**zhang, "phone": "13511112222"}, ACTOR)
    page.undo_selected()
    assert answers["warned"] and "张三" in answers["warned"][0]
    assert person(ctx.db, make_id(1)) is not None


def test_the_empty_page_says_what_to_do(page, qtmodeltester):
    assert page.stack.currentWidget() is page.empty_label
    assert "还没有导入过花名册" in page.empty_label.text()
    assert not page.undo_button.isEnabled()
    qtmodeltester.check(ImportsModel())


def test_the_import_button_opens_the_wizard(page, monkeypatch):
    opened = []
    monkeypatch.setattr(ImportWizard, "exec", lambda self: opened.append(self) or 0)
    page.import_button.click()
    assert len(opened) == 1 and opened[0].parent() is page


def test_the_main_window_has_the_page_between_the_bin_and_backups(ctx, qtbot):
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles.index("导入记录") == titles.index("回收站") + 1 == titles.index("备份与恢复") - 1
    assert "imports" not in window.pages  # built the first time it is shown
    window.show_page(titles.index("导入记录"))
    assert isinstance(window.pages["imports"], ImportHistoryPage)


def test_an_import_undone_by_someone_else_names_them(imported, ctx, qtbot):
    from app.exchange.import_commit import undo_import

    undo_import(ctx.db, ctx.office.path, imported.batch_id, "李华@PC02")
    widget = ImportHistoryPage(ctx)
    qtbot.addWidget(widget)
    assert cells(widget, 0)[Col.STATUS].endswith("（李华@PC02）")


def test_an_import_through_the_wizard_is_listed_as_soon_as_it_is_written(page, ctx, units, tmp_path, qtbot):
    path = build_roster(tmp_path / "城关街道花名册.xlsx", HEADER, messy_rows())
    wizard = ImportWizard(ctx, parent=page)
    qtbot.addWidget(wizard)
    wizard.show()
    to_preview(wizard, qtbot, path)
    assert page.stack.currentWidget() is page.empty_label
    advance(wizard, qtbot)  # the import job ends; its change set reaches the page
    assert wizard.currentId() == ImportWizard.DONE
    assert page.model.rowCount() == 1
    row = cells(page, 0)
    assert row[Col.FILE] == "城关街道花名册.xlsx" and row[Col.STATUS] == "已导入（可撤销）"
