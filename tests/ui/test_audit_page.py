"""操作记录 page: the model, the readable summary, the filters and one person's history."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from app.changes import OpChanges
from app.people.service import retire_people, update_person
from app.settings import save as save_settings
from app.units.service import update_unit
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id
from ui.records import audit_page as audit_module
from ui.records.audit_page import AuditModel, AuditPage, Col, local_day_start_utc


@pytest.fixture
def data(ctx):
    db = ctx.db
    street = add_unit(db, "玉林街道", "街道/镇")
    community = add_unit(db, "黉门社区", "社区/村", street)
    other = add_unit(db, "芳草社区", "社区/村", street)
    zhang = add_person(db, "张三", make_id(1), community, phone="13800000000", position="网格员")
    li = add_person(db, "李四", make_id(2), community)
    update_person(db, zhang, {"phone": "13900000000", "position": "综合服务岗"}, "王科长")
    update_person(db, zhang, {"unit_id": other}, ACTOR)
    update_unit(db, community, {"note": "老旧小区"}, ACTOR)
    save_settings(db, {"office_name": "中共武侯区委组织部"}, ACTOR)
    return {"zhang": zhang, "li": li, "community": community, "other": other}


@pytest.fixture
def page(qtbot, ctx, data):
    widget = AuditPage(ctx)
    ctx.changed.connect(widget.refresh)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def cells(page, col):
    return [page.model.rows[i].cells[col] for i in range(len(page.model.rows))]


def test_model_passes_the_model_tester(qtmodeltester, page):
    assert page.model.rowCount() > 0
    qtmodeltester.check(page.model)


def test_empty_model_passes_the_model_tester(qtmodeltester):
    qtmodeltester.check(AuditModel())


def test_rows_are_newest_first_with_chinese_labels(page):
    assert cells(page, Col.ENTITY)[0] == "系统设置"
    assert cells(page, Col.ACTION)[0] == "修改设置"
    assert "新增" in cells(page, Col.ACTION)
    assert cells(page, Col.ACTOR).count("王科长") == 1
    assert len(cells(page, Col.AT)[0]) == len("2026-11-21 16:20")


def test_update_summary_reads_like_a_sentence(page, data):
    row = cells(page, Col.ACTOR).index("王科长")
    assert cells(page, Col.CHANGES)[row] == "岗位：网格员 → 综合服务岗；联系电话：13800000000 → 13900000000"


def test_unit_ids_show_as_unit_names(page):
    moved = [c for c in cells(page, Col.CHANGES) if c.startswith("工作单位")]
    assert moved == ["工作单位：黉门社区 → 芳草社区"]
    assert "备注：（空） → 老旧小区" in cells(page, Col.CHANGES)
    assert "单位名称：（空） → 中共武侯区委组织部" in cells(page, Col.CHANGES)
    assert "单位名称：黉门社区；单位类别：社区/村；上级单位：玉林街道" in cells(page, Col.CHANGES)


def test_text_filter_matches_names_and_operators(page):
    page.text_edit.setText("王科长")
    page.reload()
    assert cells(page, Col.ACTOR) == ["王科长"]
    page.text_edit.setText("李四")
    page.reload()
    assert cells(page, Col.LABEL) == ["李四"]


def test_entity_filter(page):
    page.entity_combo.setCurrentIndex(page.entity_combo.findData("unit"))
    assert set(cells(page, Col.ENTITY)) == {"组织单位"}
    page.entity_combo.setCurrentIndex(page.entity_combo.findData("settings"))
    assert cells(page, Col.ENTITY) == ["系统设置"]


def test_date_range_filter(page):
    page.all_dates.setChecked(False)
    today = QDate.currentDate()
    page.from_date.setDate(today)
    page.to_date.setDate(today)
    assert len(page.model.rows) == 9  # everything happened today
    page.from_date.setDate(today.addDays(-10))
    page.to_date.setDate(today.addDays(-5))
    assert page.model.rows == []
    assert "没有符合条件" in page.status_label.text()
    page.all_dates.setChecked(True)
    assert len(page.model.rows) == 9


def test_local_day_bounds_are_utc_iso():
    start = local_day_start_utc(dt.date(2026, 3, 1))
    assert start.endswith("+00:00")
    parsed = dt.datetime.fromisoformat(start).astimezone()
    assert (parsed.year, parsed.month, parsed.day, parsed.hour) == (2026, 3, 1, 0)


def test_show_person_filters_to_that_persons_history(page, data):
    page.text_edit.setText("芳草")
    page.show_person(data["zhang"])
    assert set(cells(page, Col.LABEL)) == {"张三"}
    assert len(page.model.rows) == 3  # created, phone and post changed, moved
    assert "张三" in page.record_label.text() and page.record_bar.isVisible()
    assert page.text_edit.text() == ""
    page.clear_record_filter()
    assert len(page.model.rows) == 9
    assert not page.record_bar.isVisible()


def test_show_person_in_the_recycle_bin_still_names_them(page, ctx, data):
    retire_people(ctx.db, [data["li"]], ACTOR)
    page.show_person(data["li"])
    assert "李四" in page.record_label.text()
    assert cells(page, Col.ACTION)[0] == "删除（移入回收站）"


def test_detail_pane_shows_before_and_after(page):
    row = cells(page, Col.ACTOR).index("王科长")
    page.view.selectRow(row)
    text = page.detail.toPlainText()
    assert "修改前" in text and "修改后" in text
    assert "13800000000" in text and "13900000000" in text and "综合服务岗" in text


def test_new_records_move_the_selection_and_detail_to_the_newest(page, ctx, data):
    row = cells(page, Col.ACTOR).index("王科长")
    page.view.selectRow(row)
    update_unit(ctx.db, data["other"], {"note": "新"}, ACTOR)
    page.refresh(OpChanges(units=True))
    assert len(page.model.rows) == 10
    # Not the old pick: the detail would describe an older record while the clerk looks for what they just did.
    assert page.view.currentIndex().row() == 0
    assert [i.row() for i in page.view.selectionModel().selectedRows()] == [0]
    assert "备注" in page.detail.toPlainText() and "新" in page.detail.toPlainText()


def test_a_filter_change_keeps_the_selection(page, ctx, data):
    row = cells(page, Col.ACTOR).index("王科长")
    page.view.selectRow(row)
    page.text_edit.setText("张三")
    page.reload()
    assert page.model.entry(page.view.currentIndex().row()).actor == "王科长"
    assert "综合服务岗" in page.detail.toPlainText()


def test_history_of_a_unit_through_the_registry(page, data):
    page.show_record("unit", data["community"])
    assert set(cells(page, Col.LABEL)) == {"黉门社区"}
    assert "黉门社区" in page.record_label.text()


def test_hidden_page_reloads_when_shown(page, ctx, data):
    page.hide()
    update_unit(ctx.db, data["other"], {"note": "新"}, ACTOR)
    page.refresh(OpChanges(units=True))
    assert len(page.model.rows) == 9
    page.show()
    assert len(page.model.rows) == 10


def test_truncation_is_announced(page, monkeypatch):
    monkeypatch.setattr(audit_module, "MAX_ROWS", 4)
    page.reload()
    assert len(page.model.rows) == 4
    assert page.truncated
    assert "只显示最近的 4 条" in page.status_label.text()
