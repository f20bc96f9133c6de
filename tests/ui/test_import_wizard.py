"""导入花名册 wizard: a messy real .xlsx driven page by page, then the database checked; cancel, missing columns,
defaults, unreadable files, the problem report, drag-and-drop and the template from the roster page; the steps'
background jobs (off the UI thread, one at a time, failures said on the page); looks from the style sheet."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import QComboBox, QLabel, QWidget, QWizard

from app.exchange.plan import Action
from tests.ui.conftest import add_person, add_unit, empty_roster, make_id, record_wizards, wait_for_jobs
from ui import dialogs
from ui.exchange import confirm_step, file_step, mapping_step
from ui.exchange.common import column_letter
from ui.exchange.mapping_model import MapCol, MappingModel
from ui.exchange.preview_model import PreviewCol, PreviewModel
from ui.exchange.wizard import ImportWizard, dropped_file
from ui.worker import running_jobs

HEADER = ["姓 名", "身份证号", "所在社区", "类别", "手机号码", "籍贯"]


def wrong_check_digit(serial: int) -> str:
    good = make_id(serial)
    return good[:-1] + ("1" if good[-1] != "1" else "2")


def build_roster(
    path: Path, header: list[str], rows: list[list], *, title: str = "2024年城关街道社区工作者花名册"
):
    """An .xlsx as streets send them: a merged title row above the header, the people, a 合计 row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", f"{len(rows)}人"])
    book.save(path)
    return path


def messy_rows() -> list[list]:
    return [
        ["张三", make_id(1), "东门社区", "社区工作者", "13900000001", "浙江杭州"],  # new
        ["李四", make_id(2), "东门社区", "社区工作者", "13900000002", "浙江宁波"],  # exists: phone changed
        ["王五", wrong_check_digit(3), "东门社区", "社区工作者", "13900000003", ""],  # rejected
        # 张三 again, alike: skipped (two rows that disagree would refuse both)
        ["张三", make_id(1), "东门社区", "社区工作者", "13900000001", "浙江杭州"],
        ["钱七", make_id(4), "西门社区", "党建指导员", "13900000005", ""],  # new, in a new unit
    ]


@pytest.fixture
def units(ctx):
    db = ctx.db
    district = add_unit(db, "城关区", "区/县")
    street = add_unit(db, "城关街道", "街道/镇", district)
    east = add_unit(db, "东门社区", "社区/村", street)
    li = add_person(db, "李四", make_id(2), east, phone="13800000002")
    return {"district": district, "street": street, "east": east, "li": li}


@pytest.fixture
def messy(tmp_path) -> Path:
    return build_roster(tmp_path / "城关街道花名册.xlsx", HEADER, messy_rows())


@pytest.fixture
def wizard(qtbot, ctx, units):
    widget = ImportWizard(ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def next_enabled(wizard: ImportWizard) -> bool:
    button = wizard.button(QWizard.WizardButton.NextButton)
    if wizard.currentPage().isCommitPage():
        button = wizard.button(QWizard.WizardButton.CommitButton)
    return button.isVisible() and button.isEnabled()


def load(wizard: ImportWizard, qtbot, path: Path) -> bool:
    """Read `path` on the file page as a drop or the chooser does; True if it could be read."""
    assert wizard.file_page.load(path) is not None
    wait_for_jobs(qtbot)
    return wizard.sheets is not None


def advance(wizard: ImportWizard, qtbot) -> None:
    """下一步 (or 开始导入), and the step's background job, if it started one, run to its end."""
    wizard.next()
    wait_for_jobs(qtbot)


def to_preview(wizard: ImportWizard, qtbot, path: Path) -> None:
    assert load(wizard, qtbot, path)
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.MAPPING
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.PREVIEW, wizard.mapping_page.problem_label.text()


def mapping_rows(model: MappingModel) -> dict[str, tuple[str, str]]:
    """header text -> (field, note)."""
    return {
        model.data(model.index(r, MapCol.HEADER)): (
            model.data(model.index(r, MapCol.FIELD), Qt.ItemDataRole.EditRole),
            model.data(model.index(r, MapCol.NOTE)),
        )
        for r in range(model.rowCount())
    }


def preview_rows(model: PreviewModel) -> list[tuple[str, ...]]:
    return [tuple(model.data(model.index(r, c)) for c in PreviewCol) for r in range(model.rowCount())]


def person(db, id_number: str) -> dict | None:
    cursor = db.execute("SELECT * FROM people WHERE id_number = ? AND deleted_at IS NULL", [id_number])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def unit_named(db, name: str) -> dict | None:
    cursor = db.execute("SELECT * FROM org_units WHERE name = ? AND deleted_at IS NULL", [name])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def counts(db) -> tuple[int, int, int]:
    return tuple(
        db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("people", "org_units", "import_batches")
    )


# --- the whole way through -----------------------------------------------------------------------------------


def test_a_messy_roster_goes_through_every_page_into_the_database(
    qtbot, wizard, ctx, units, messy, qtmodeltester
):
    announced, messages = [], []
    ctx.changed.connect(announced.append)
    ctx.status_message.connect(messages.append)

    # 1. 选择文件
    assert not next_enabled(wizard)
    assert load(wizard, qtbot, messy)
    assert "城关街道花名册.xlsx" in wizard.file_page.status_label.text()
    assert next_enabled(wizard)
    advance(wizard, qtbot)

    # 2. 表头与列: found below the title, each column pre-set from its label, 籍贯 not guessed
    page = wizard.mapping_page
    assert page.sheet_box.currentText().startswith("花名册")
    assert page.header_spin.value() == 2
    rows = mapping_rows(page.model)
    assert rows["姓 名"][0] == "name"
    assert rows["身份证号"][0] == "id_number"
    assert rows["所在社区"][0] == "unit"
    assert rows["类别"][0] == "role"
    assert rows["手机号码"][0] == "phone"
    assert rows["籍贯"] == ("", "未识别，将忽略")
    assert page.model.data(page.model.index(5, MapCol.FIELD)) == "不导入"
    assert page.model.data(page.model.index(0, MapCol.SAMPLE)) == "张三"
    combo = page.view.indexWidget(page.model.index(1, MapCol.FIELD))
    assert isinstance(combo, QComboBox) and combo.currentData() == "id_number"
    assert page.defaults_box.isHidden()  # the file has 类别 and 所在社区
    assert not page.problem_label.isVisible()
    qtmodeltester.check(page.model)
    advance(wizard, qtbot)

    # 3. 预览
    preview = wizard.preview_page
    assert wizard.currentId() == ImportWizard.PREVIEW
    assert "新增 2 人，更新 1 人，无变化 0 人，拒绝 1 人，非人员行 2 行" in preview.summary_label.text()
    assert "合计行 1 行" in preview.info_label.text()
    assert "籍贯" in preview.info_label.text()
    shown = preview_rows(preview.model)
    assert [r[PreviewCol.ROW] for r in shown] == ["3", "4", "5", "7"]  # 6: row 3 again, skipped
    assert [r[PreviewCol.RESULT] for r in shown] == ["新增", "不更新", "拒绝", "新增"]
    assert shown[0][PreviewCol.UNIT] == "城关街道 / 东门社区"
    assert shown[1][PreviewCol.NOTE] == "联系电话：13800000002 → 13900000002"
    assert "校验" in shown[2][PreviewCol.NOTE] and "“身份证号”" in shown[2][PreviewCol.NOTE]
    assert wrong_check_digit(3) not in shown[2][PreviewCol.NOTE]  # shown in its own column already
    preview.view.setCurrentIndex(preview.model.index(2, PreviewCol.NAME))
    assert preview.detail_label.text().startswith("第5行 王五（拒绝）：“身份证号”")
    assert shown[2][PreviewCol.ID_NUMBER] == wrong_check_digit(3)
    assert "与前面某行完全相同的行 1 行" in preview.info_label.text()
    assert shown[3][PreviewCol.UNIT] == "西门社区（新建）"
    assert (
        preview.model.data(preview.model.index(2, PreviewCol.RESULT), Qt.ItemDataRole.ForegroundRole)
        .color()
        .name()
        == "#b91c1c"
    )
    qtmodeltester.check(preview.model)

    preview.filter_box.setCurrentIndex(preview.filter_box.findData(Action.REJECT))
    assert [r[PreviewCol.NAME] for r in preview_rows(preview.model)] == ["王五"]
    assert preview.filter_box.currentText() == "拒绝（1）"
    qtmodeltester.check(preview.model)
    preview.filter_box.setCurrentIndex(0)

    assert not preview.units_box.isHidden()
    assert "西门社区（1 人）" in preview.new_units_label.text()
    assert preview.parent_box.currentData() == units["district"]  # the top of the tree by default
    preview.parent_box.setCurrentIndex(preview.parent_box.findData(units["street"]))
    assert not preview.existing_box.isHidden() and preview.skip_radio.isChecked()
    preview.update_radio.setChecked(True)
    assert preview.model.data(preview.model.index(1, PreviewCol.RESULT)) == "更新"
    assert next_enabled(wizard)
    assert counts(ctx.db) == (1, 3, 0)  # the dry run wrote nothing

    # 4. 导入 → 5. 完成
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.DONE, preview.error_label.text()
    done = wizard.done_page
    assert "新增 2 人，更新 1 人，无变化 0 人，拒绝 1 行，新建单位 1 个" in done.result_label.text()
    assert wizard.result.backup.exists()
    assert str(wizard.result.backup) in done.backup_label.text()
    assert not done.problem_frame.isHidden()

    db = ctx.db
    zhang = person(db, make_id(1))
    assert zhang["name"] == "张三" and zhang["unit_id"] == units["east"] and zhang["phone"] == "13900000001"
    assert person(db, make_id(2))["phone"] == "13900000002"
    assert person(db, wrong_check_digit(3)) is None
    assert db.execute("SELECT count(*) FROM people WHERE name = '王五'").fetchone()[0] == 0
    west = unit_named(db, "西门社区")
    assert west is not None and west["parent_id"] == units["street"]
    qian = person(db, make_id(4))
    assert qian["unit_id"] == west["id"] and qian["role"] == "instructor"
    batches = db.execute("SELECT file_name, added, updated, rejected, actor FROM import_batches").fetchall()
    assert batches == [("城关街道花名册.xlsx", 2, 1, 1, ctx.actor)]
    assert announced and announced[-1].people and announced[-1].units
    assert any("城关街道花名册.xlsx" in m for m in messages)


def test_the_problem_rows_are_saved_and_read_back(qtbot, wizard, ctx, messy, tmp_path, monkeypatch):
    to_preview(wizard, qtbot, messy)
    advance(wizard, qtbot)
    asked = []

    def save_file(parent, title, filters, suggested=""):
        asked.append(suggested)
        return tmp_path / "退回"  # no extension typed: .xlsx is added

    monkeypatch.setattr(dialogs, "save_file", save_file)
    wizard.done_page.report_button.click()
    out = tmp_path / "退回.xlsx"
    assert out.exists()
    assert asked == [str(messy.with_name("城关街道花名册_问题行.xlsx"))]
    assert str(out) in wizard.done_page.saved_label.text()
    sheet = load_workbook(out).worksheets[0]
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    header = values[0]
    assert "问题说明" in header and "姓 名" in header
    names = [row[header.index("姓 名")] for row in values[1:]]
    assert names == ["王五"]
    problems = [row[header.index("问题说明")] for row in values[1:]]
    assert "校验" in problems[0] and len(problems) == 1


def test_problem_rows_can_be_saved_from_the_preview_before_importing(
    qtbot, wizard, messy, tmp_path, monkeypatch
):
    to_preview(wizard, qtbot, messy)
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: tmp_path / "问题.xlsx")
    assert wizard.preview_page.report_button.isEnabled()
    wizard.preview_page.report_button.click()
    assert (tmp_path / "问题.xlsx").exists()


@pytest.mark.parametrize("how", ["cancel button", "progress says stop"])
def test_cancel_during_the_import_leaves_the_database_as_it_was(qtbot, wizard, ctx, messy, monkeypatch, how):
    from ui import worker

    real_progress = worker.JobHandle._progress

    def stop(handle, done, total):
        if how == "cancel button":
            handle._cancel.set()  # as the progress dialog's 取消 does (JobHandle.cancel)
            return real_progress(handle, done, total)
        return False

    monkeypatch.setattr(worker.JobHandle, "_progress", stop)
    to_preview(wizard, qtbot, messy)
    wizard.preview_page.update_radio.setChecked(True)
    before = counts(ctx.db)
    phone_before = person(ctx.db, make_id(2))["phone"]
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.PREVIEW
    assert wizard.preview_page.error_label.text() == "已取消导入，数据库没有任何改动。"
    assert counts(ctx.db) == before
    assert person(ctx.db, make_id(2))["phone"] == phone_before
    assert unit_named(ctx.db, "西门社区") is None
    assert wizard.result is None


# --- the mapping page ----------------------------------------------------------------------------------------


def test_without_an_id_column_next_stays_disabled_with_the_reason(qtbot, wizard, tmp_path):
    path = build_roster(
        tmp_path / "无身份证.xlsx",
        ["姓名", "性别", "所在社区", "类别", "号码"],
        [["张三", "男", "东门社区", "社区工作者", make_id(1)]],
    )
    assert load(wizard, qtbot, path)
    advance(wizard, qtbot)
    page = wizard.mapping_page
    assert not next_enabled(wizard)
    assert page.problem_label.isVisible()
    assert "缺少“公民身份号码”列" in page.problem_label.text()
    assert mapping_rows(page.model)["号码"] == ("", "未识别，将忽略")
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.MAPPING

    # The clerk knows better: the 号码 column is the ID number (chosen in its combo box).
    combo = page.view.indexWidget(page.model.index(4, MapCol.FIELD))
    combo.setCurrentIndex(combo.findData("id_number"))
    assert mapping_rows(page.model)["号码"] == ("id_number", "已手动指定")
    assert next_enabled(wizard)
    assert not page.problem_label.isVisible()
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.PREVIEW
    assert wizard.plan.count(Action.NEW) == 1


def test_a_field_given_to_a_second_column_leaves_the_first(qtbot, wizard, messy):
    assert load(wizard, qtbot, messy)
    advance(wizard, qtbot)
    model = wizard.mapping_page.model
    model.set_field(5, "phone")  # 籍贯 as 联系电话: 手机号码 gives it up
    rows = mapping_rows(model)
    assert rows["籍贯"][0] == "phone"
    assert rows["手机号码"] == ("", "已设为不导入")
    assert list(model.mapping().values()).count("phone") == 1


def test_changing_the_header_row_reads_the_labels_of_that_row(qtbot, wizard, messy):
    assert load(wizard, qtbot, messy)
    advance(wizard, qtbot)
    page = wizard.mapping_page
    page.header_spin.setValue(1)  # the title row: nothing there is a field
    assert page.model.mapping() == {}
    assert "缺少“姓名”“公民身份号码”列" in page.problem_label.text()
    assert not next_enabled(wizard)
    page.header_spin.setValue(2)
    assert set(page.model.mapping().values()) == {"name", "id_number", "unit", "role", "phone"}
    assert next_enabled(wizard)


def test_missing_role_and_unit_columns_are_asked_for_on_the_mapping_page(qtbot, wizard, ctx, units, tmp_path):
    path = build_roster(tmp_path / "指导员.xlsx", ["姓名", "身份证号码"], [["孙八", make_id(8)]])
    assert load(wizard, qtbot, path)
    advance(wizard, qtbot)
    page = wizard.mapping_page
    assert not page.defaults_box.isHidden()
    assert not next_enabled(wizard)
    text = page.problem_label.text()
    assert "人员类别" in text and "工作单位" in text
    page.role_box.setCurrentIndex(page.role_box.findData("instructor"))
    assert not next_enabled(wizard)
    page.unit_box.setCurrentIndex(page.unit_box.findData(units["east"]))
    assert next_enabled(wizard)
    assert page.options().defaults == {"role": "instructor", "unit_id": units["east"]}
    advance(wizard, qtbot)
    preview = wizard.preview_page
    assert preview.units_box.isHidden() and preview.existing_box.isHidden()
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.DONE
    sun = person(ctx.db, make_id(8))
    assert sun["role"] == "instructor" and sun["unit_id"] == units["east"]
    assert wizard.done_page.problem_frame.isHidden()


def test_a_file_that_cannot_be_read_says_why_in_the_page(qtbot, wizard, tmp_path):
    bad = tmp_path / "花名册.xlsx"
    bad.write_bytes(b"PK\x03\x04 this is not really a workbook")
    assert not load(wizard, qtbot, bad)
    assert wizard.file_page.error_label.isVisible()
    assert "花名册.xlsx" in wizard.file_page.error_label.text()
    assert not next_enabled(wizard)


# --- the preview ---------------------------------------------------------------------------------------------


def test_nothing_to_write_disables_the_import_and_says_so(qtbot, wizard, ctx, units, tmp_path):
    path = build_roster(
        tmp_path / "无变化.xlsx", HEADER, [["李四", make_id(2), "东门社区", "社区工作者", "13800000002", ""]]
    )
    to_preview(wizard, qtbot, path)
    preview = wizard.preview_page
    assert preview.model.data(preview.model.index(0, PreviewCol.RESULT)) == "无变化"
    assert not next_enabled(wizard)
    assert "不需要导入" in preview.nothing_label.text()


def test_known_people_with_changes_need_update_chosen_to_import(qtbot, wizard, units, tmp_path):
    path = build_roster(
        tmp_path / "更新.xlsx", HEADER, [["李四", make_id(2), "东门社区", "社区工作者", "13700000000", ""]]
    )
    to_preview(wizard, qtbot, path)
    preview = wizard.preview_page
    assert not next_enabled(wizard)
    assert "跳过" in preview.nothing_label.text()
    preview.update_radio.setChecked(True)
    assert next_enabled(wizard)
    assert not preview.nothing_label.isVisible()


def test_a_fifteen_digit_number_is_upgraded_and_said_so(qtbot, wizard, units, tmp_path):
    old = make_id(7)[:6] + make_id(7)[8:17]  # 110101 900101 007
    path = build_roster(tmp_path / "老号码.xlsx", HEADER, [["周九", old, "东门社区", "社区工作者", "", ""]])
    to_preview(wizard, qtbot, path)
    note = wizard.preview_page.model.data(wizard.preview_page.model.index(0, PreviewCol.NOTE))
    assert "15位" in note and make_id(7) in note


def test_the_preview_model_stays_quick_and_correct_for_ten_thousand_rows(qtmodeltester):
    from app.exchange.plan import ImportPlan, Problem, RowPlan

    rows = [
        RowPlan(row=i + 3, action=Action.REJECT if i % 10 == 0 else Action.NEW, cells=[f"人{i}", str(i)],
                name=f"人{i}", problems=[Problem(i + 3, "身份证号", str(i), "号码位数不对"),
                                        Problem(i + 3, "手机", "12345", "手机号码应为11位")] if i % 10 == 0 else [])
        for i in range(10_000)
    ]  # fmt: skip
    plan = ImportPlan(
        "大表.xlsx", "花名册", 2, ["姓名", "身份证号"], {0: "name", 1: "id_number"}, [], rows, {}, []
    )
    model = PreviewModel()
    model.set_plan(plan, {})
    assert model.rowCount() == 10_000
    model.set_filter(Action.REJECT)
    assert model.rowCount() == 1_000
    # The ID number is in its own column: not repeated in the reason; other values are.
    assert (
        model.data(model.index(0, PreviewCol.NOTE))
        == "“身份证号”：号码位数不对；“手机”（12345）：手机号码应为11位"
    )
    assert model.detail(1).startswith("第13行 人10（拒绝）：“身份证号”：号码位数不对")
    qtmodeltester.check(model)


def test_empty_models_pass_the_model_tester(qtmodeltester):
    qtmodeltester.check(MappingModel())
    qtmodeltester.check(PreviewModel())


# --- opening the wizard --------------------------------------------------------------------------------------


def test_a_path_given_at_the_start_is_read_when_the_wizard_shows(qtbot, ctx, units, messy):
    widget = ImportWizard(ctx, messy)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.sheets is not None, timeout=5000)
    assert widget.file_page.path_edit.text() == str(messy)
    assert next_enabled(widget)


def test_the_file_chooser_loads_the_chosen_file(qtbot, wizard, messy, monkeypatch):
    seen = []

    def open_file(parent, title, filters, start=""):
        seen.append(filters)
        return messy

    monkeypatch.setattr(dialogs, "open_file", open_file)
    wizard.file_page.choose_button.click()
    wait_for_jobs(qtbot)
    assert seen == ["Excel/CSV (*.xlsx *.xls *.csv)"]
    assert wizard.sheets is not None and wizard.path == messy


def file_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


_KEEP: list[QMimeData] = []  # an event does not own its QMimeData: keep it alive while the event is used


def drop_event(mime: QMimeData) -> QDropEvent:
    _KEEP.append(mime)
    return QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def drag_enter_event(mime: QMimeData) -> QDragEnterEvent:
    _KEEP.append(mime)
    return QDragEnterEvent(
        QPoint(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )


def test_only_one_spreadsheet_file_counts_as_a_drop(tmp_path):
    assert dropped_file(file_mime(tmp_path / "a.xlsx")) == tmp_path / "a.xlsx"
    assert dropped_file(file_mime(tmp_path / "a.CSV")) == tmp_path / "a.CSV"
    assert dropped_file(file_mime(tmp_path / "a.docx")) is None
    assert dropped_file(file_mime(tmp_path / "a.xlsx", tmp_path / "b.xlsx")) is None
    assert dropped_file(QMimeData()) is None


def test_a_file_dropped_on_the_wizard_is_read(qtbot, wizard, messy):
    enter = drag_enter_event(file_mime(messy))
    wizard.file_page.dragEnterEvent(enter)
    assert enter.isAccepted()
    wizard.file_page.dropEvent(drop_event(file_mime(messy)))
    qtbot.waitUntil(lambda: wizard.sheets is not None, timeout=5000)
    assert wizard.path == messy


@pytest.fixture
def opened(monkeypatch):
    """ImportWizard.exec records the wizard instead of blocking."""
    return record_wizards(monkeypatch)


@pytest.fixture
def roster(qtbot, ctx):
    return empty_roster(qtbot, ctx)


def test_a_file_dropped_on_the_roster_opens_the_wizard_with_it(qtbot, roster, messy, opened):
    assert roster.acceptDrops()
    enter = drag_enter_event(file_mime(messy))
    roster.dragEnterEvent(enter)
    assert enter.isAccepted()
    refused = drag_enter_event(file_mime(messy.with_suffix(".docx")))
    roster.dragEnterEvent(refused)
    assert not refused.isAccepted()

    roster.dropEvent(drop_event(file_mime(messy)))
    qtbot.waitUntil(lambda: bool(opened), timeout=3000)
    assert opened[0].path == messy


def test_the_roster_toolbar_opens_the_wizard(roster, opened):
    roster.import_action.trigger()
    assert len(opened) == 1 and opened[0].path is None
    assert opened[0].parent() is roster


def test_the_template_is_downloaded_from_the_roster(roster, tmp_path, monkeypatch):
    informed = []
    monkeypatch.setattr(dialogs, "save_file", lambda parent, title, filters, suggested="": tmp_path / "模板")
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: informed.append(text))
    roster.template_action.trigger()
    out = tmp_path / "模板.xlsx"
    assert out.exists()
    assert informed and str(out) in informed[0]
    header = [c.value for c in load_workbook(out)["花名册"][1]]
    assert header[:4] == ["姓名", "性别", "民族", "公民身份号码"]


def test_a_template_that_cannot_be_written_is_a_warning(roster, tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: tmp_path / "没有这个文件夹" / "模板.xlsx")
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: warned.append(text))
    roster.template_action.trigger()
    assert warned and "不存在" in warned[0]


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_the_problem_report_never_overwrites_the_file_being_imported(qtbot, wizard, messy, monkeypatch):
    to_preview(wizard, qtbot, messy)
    warned = []
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: messy)
    monkeypatch.setattr(dialogs, "warn", lambda *args: warned.append(args[2]))
    before = messy.read_bytes()
    wizard.preview_page.report_button.click()
    assert "原件" in warned[0] and messy.read_bytes() == before


def test_a_file_from_one_street_is_matched_within_it(qtbot, wizard, ctx, units, messy):
    other_street = add_unit(ctx.db, "西关街道", "街道/镇", units["district"])
    west_east = add_unit(ctx.db, "东门社区", "社区/村", other_street)  # a second 东门社区
    assert load(wizard, qtbot, messy)
    advance(wizard, qtbot)
    page = wizard.mapping_page
    assert page.scope_row.isVisibleTo(wizard) and page.scope_box.currentData() is None
    page.scope_box.setCurrentIndex(page.scope_box.findData(other_street))
    assert page.options().unit_scope == other_street
    advance(wizard, qtbot)
    placed = {r.values.get("unit_id") for r in wizard.plan.rows if r.values}
    assert west_east in placed and units["east"] not in placed


# --- the background steps ------------------------------------------------------------------------------------


def held(monkeypatch, module, name: str) -> tuple[list[threading.Thread], threading.Event]:
    """Replace `module.name` by a version that records the thread it runs on and waits for the returned event."""
    real = getattr(module, name)
    threads: list[threading.Thread] = []
    release = threading.Event()

    def waiting(*args, **kwargs):
        threads.append(threading.current_thread())
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)
    return threads, release


def test_the_import_runs_off_the_ui_thread_once_however_often_it_is_pressed(
    qtbot, wizard, ctx, messy, monkeypatch
):
    threads, release = held(monkeypatch, confirm_step, "commit_import")
    to_preview(wizard, qtbot, messy)
    wizard.next()  # 开始导入 answers at once: the import runs in the background
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert wizard.currentId() == ImportWizard.PREVIEW and wizard.result is None
    wizard.next()  # pressed again while it runs
    assert len(running_jobs()) == 1
    release.set()
    wait_for_jobs(qtbot)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    assert wizard.currentId() == ImportWizard.DONE
    assert counts(ctx.db)[2] == 1  # one import batch, not two
    assert "新增 2 人" in wizard.done_page.result_label.text()


def test_the_dry_run_runs_off_the_ui_thread_once_however_often_it_is_pressed(
    qtbot, wizard, messy, monkeypatch
):
    threads, release = held(monkeypatch, mapping_step, "plan_import")
    assert load(wizard, qtbot, messy)
    advance(wizard, qtbot)
    wizard.next()
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert wizard.currentId() == ImportWizard.MAPPING and wizard.plan is None
    wizard.next()
    assert len(running_jobs()) == 1
    release.set()
    wait_for_jobs(qtbot)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    assert wizard.currentId() == ImportWizard.PREVIEW and wizard.plan.count(Action.NEW) == 2


def test_coming_back_to_the_mapping_plans_again(qtbot, wizard, messy, monkeypatch):
    to_preview(wizard, qtbot, messy)
    first = wizard.plan
    wizard.back()
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.PREVIEW
    assert wizard.plan is not first  # a fresh dry run, not the one made before going back


def test_a_failed_read_is_said_in_chinese_on_the_page(qtbot, wizard, messy, monkeypatch):
    def broken(path):
        raise ValueError("unexpected end of sheet1.xml")

    monkeypatch.setattr(file_step, "read_workbook", broken)
    assert not load(wizard, qtbot, messy)
    label = wizard.file_page.error_label
    assert label.isVisible()
    assert (
        label.text()
        == "无法读取“城关街道花名册.xlsx”：发生意外错误（ValueError）：unexpected end of sheet1.xml"
    )
    assert wizard.file_page.status_label.text() == ""
    assert wizard.currentId() == ImportWizard.FILE and not next_enabled(wizard)


def test_a_dry_run_that_fails_stays_on_the_mapping_page_and_says_why(qtbot, wizard, messy, monkeypatch):
    from app.exchange.roster_import import PlanError

    def refused(db, path, options):
        raise PlanError("文件中没有名为“花名册”的工作表。")

    assert load(wizard, qtbot, messy)
    advance(wizard, qtbot)
    monkeypatch.setattr(mapping_step, "plan_import", refused)
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.MAPPING and wizard.plan is None
    assert wizard.mapping_page.problem_label.text() == "文件中没有名为“花名册”的工作表。"


def test_an_import_that_fails_says_so_and_can_be_tried_again(qtbot, wizard, ctx, messy, monkeypatch):
    def locked(*args, **kwargs):
        raise sqlite3.OperationalError("database is locked")

    to_preview(wizard, qtbot, messy)
    before = counts(ctx.db)
    with monkeypatch.context() as patched:
        patched.setattr(confirm_step, "commit_import", locked)
        advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.PREVIEW and wizard.result is None
    assert (
        wizard.preview_page.error_label.text()
        == "导入失败，数据库没有任何改动：数据库正被其他操作占用，请稍后再试"
    )
    assert counts(ctx.db) == before
    advance(wizard, qtbot)  # the other PC has finished: 开始导入 again
    assert wizard.currentId() == ImportWizard.DONE
    assert not wizard.preview_page.error_label.isVisible()


# --- looks ---------------------------------------------------------------------------------------------------


def test_the_looks_come_from_the_style_sheet(qtbot, wizard, messy, tmp_path):
    from ui.gui import _style_sheet

    assert [w.objectName() for w in [wizard, *wizard.findChildren(QWidget)] if w.styleSheet()] == []

    def colour(label: QLabel) -> str:
        label.ensurePolished()
        return label.palette().color(QPalette.ColorRole.WindowText).name()

    wizard.setStyleSheet(_style_sheet())  # the application's sheet, here on the wizard alone
    assert colour(wizard.file_page.error_label) == "#b91c1c"
    assert colour(wizard.file_page.status_label) == "#15803d"
    headless = tmp_path / "无表头.csv"
    headless.write_text("张三,110101199001010011\n", encoding="utf-8")
    assert load(wizard, qtbot, headless)
    advance(wizard, qtbot)
    found = wizard.mapping_page.found_label
    assert "没有自动找到表头" in found.text() and colour(found) == "#b91c1c"
    wizard.back()
    assert load(wizard, qtbot, messy)
    advance(wizard, qtbot)
    assert "自动找到的表头" in found.text() and colour(found) == "#6b7785"  # the hint grey again


def test_the_example_column_shows_one_real_row_not_values_from_several(qtbot, wizard, tmp_path):
    rows = [
        ["", "", "东门社区", "", "", ""],  # a half-filled line above the people
        ["张三", make_id(1), "东门社区", "社区工作者", "", ""],
        ["李四", make_id(2), "西门社区", "社区工作者", "13900000002", "浙江宁波"],
    ]
    path = build_roster(tmp_path / "示例.xlsx", HEADER, rows)
    assert load(wizard, qtbot, path)
    advance(wizard, qtbot)
    model = wizard.mapping_page.model
    shown = {
        model.data(model.index(r, MapCol.HEADER)): model.data(model.index(r, MapCol.SAMPLE))
        for r in range(model.rowCount())
    }
    # Every example is 李四's: before, 姓名 came from 张三 and 手机号码 from 李四.
    assert shown == {
        "姓 名": "李四",
        "身份证号": make_id(2),
        "所在社区": "西门社区",
        "类别": "社区工作者",
        "手机号码": "13900000002",
        "籍贯": "浙江宁波",
    }


def test_a_read_only_database_is_not_imported_into(qtbot, wizard, ctx, units, messy):
    to_preview(wizard, qtbot, messy)
    ctx.office.read_only_reason = "数据库是较新版本的程序写入的，本版本只能查看"
    before = counts(ctx.db)
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.PREVIEW
    assert wizard.preview_page.error_label.text() == "不能导入：数据库是较新版本的程序写入的，本版本只能查看"
    assert counts(ctx.db) == before


def test_the_first_import_into_an_empty_office_needs_no_backup(qtbot, ctx, tmp_path):
    from db.backup import backup_dir_for, list_backups

    widget = ImportWizard(ctx)
    qtbot.addWidget(widget)
    widget.show()
    row = ["张三", make_id(1), "东门社区", "社区工作者", "13900000001", ""]
    path = build_roster(tmp_path / "首次.xlsx", HEADER, [row])
    to_preview(widget, qtbot, path)
    advance(widget, qtbot)
    assert widget.currentId() == ImportWizard.DONE, widget.preview_page.error_label.text()
    assert widget.result.backup is None
    assert "原来是空的" in widget.done_page.backup_label.text()
    assert counts(ctx.db) == (1, 1, 1)
    backups = backup_dir_for(ctx.office.path)
    assert not backups.exists() or not any("-bulk" in b.name for _when, b in list_backups(backups))


def test_the_preview_names_the_other_roster_sheets(qtbot, wizard, units, tmp_path):
    path = build_roster(
        tmp_path / "两个社区.xlsx", HEADER, [["周九", make_id(7), "东门社区", "社区工作者", "", ""]]
    )
    book = load_workbook(path)
    book.copy_worksheet(book["花名册"]).title = "西门社区"
    book.save(path)
    to_preview(wizard, qtbot, path)
    info = wizard.preview_page.info_label.text()
    assert "工作表“西门社区”也是花名册，本次没有导入" in info and "选择其他工作表" in info
