"""打印花名册 on the roster page: the people the filters show (or those selected), the columns shown, sorted by
姓氏笔画 by default or kept in the table's order."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings

from app.people.roster import Col
from tests.ui.conftest import add_person, add_unit, make_id, wait_for_jobs
from ui.people.roster_page import RosterPage
from ui.printing import actions

NAMES = ("欧阳明", "王一", "丁二", "马三")  # strokes: 丁 马 王 欧


@pytest.fixture
def page(qtbot, ctx, answers, monkeypatch, tmp_path):
    QSettings().remove("roster")
    east = add_unit(ctx.db, "东门社区")
    west = add_unit(ctx.db, "西门社区")
    ctx.units = {"east": east}
    for i, name in enumerate(NAMES):
        add_person(ctx.db, name, make_id(i), east if i % 2 else west, phone=f"1380000000{i}")
    widget = RosterPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(960, 600)
    widget.show()
    qtbot.waitExposed(widget)
    answers["ask"] = False
    widget.opened = []
    monkeypatch.setattr(actions, "open_in_viewer", lambda path: widget.opened.append(path) or True)
    monkeypatch.setattr(actions.tempfile, "gettempdir", lambda: str(tmp_path))
    yield widget
    QSettings().remove("roster")


def _text(page) -> str:
    return PdfReader(str(page.opened[-1])).pages[0].extract_text()


def test_everyone_shown_in_stroke_order_with_the_shown_columns(page, qtbot):
    page.table.horizontalHeader().hideSection(Col.PHONE)
    page.print_action.trigger()
    wait_for_jobs(qtbot)
    text = _text(page)
    at = [text.index(name) for name in ("丁二", "马三", "王一", "欧阳明")]
    assert at == sorted(at)
    assert "工作单位" in text and "联系电话" not in text and "13800000001" not in text


def test_the_filtered_people_in_the_tables_order(page, qtbot, ctx):
    page.unit_box.setCurrentIndex(page.unit_box.findData(ctx.units["east"]))
    page.print_roster("shown")
    wait_for_jobs(qtbot)
    text = _text(page)
    assert "王一" in text and "马三" in text and "丁二" not in text and "欧阳明" not in text
    shown = [page.model.index(r, Col.NAME).data() for r in range(page.model.rowCount())]
    assert [n for n in shown if n in text] == sorted(shown, key=text.index)


def test_a_selection_of_several_prints_only_them(page, qtbot):
    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(2, 0), page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows,
    )  # fmt: skip
    chosen = {page.model.index(r, Col.NAME).data() for r in (0, 2)}
    page.print_roster("strokes")
    wait_for_jobs(qtbot)
    text = _text(page)
    assert all(n in text for n in chosen) and not any(n in text for n in set(NAMES) - chosen)


def test_the_print_button_is_on_screen_at_960(page):
    from PySide6.QtWidgets import QToolButton

    button = page.findChild(QToolButton, "printButton")
    assert button.isVisible() and button.geometry().right() <= page.width()
    assert button.mapTo(page, button.rect().bottomRight()).y() <= page.height()
