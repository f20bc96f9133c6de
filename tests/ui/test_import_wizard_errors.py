"""The import wizard and Excel error values: a street's roster with a broken VLOOKUP column (#N/A) shows, in the
dry run, which person's row is refused, which column holds the error and what it means; the others import."""

from __future__ import annotations

from tests.ui.conftest import make_id
from tests.ui.test_import_wizard import (  # noqa: F401 (fixtures)
    HEADER,
    advance,
    build_roster,
    person,
    preview_rows,
    to_preview,
    units,
    wizard,
)
from ui.exchange.preview_model import PreviewCol
from ui.exchange.wizard import ImportWizard


def test_the_dry_run_names_the_error_value_and_the_rest_imports(qtbot, wizard, ctx, tmp_path):  # noqa: F811
    rows = [
        ["张三", make_id(1), "东门社区", "社区工作者", "#N/A", "浙江杭州"],
        ["钱七", make_id(4), "东门社区", "党建指导员", "13900000005", ""],
    ]
    to_preview(wizard, qtbot, build_roster(tmp_path / "花名册.xlsx", HEADER, rows))
    shown = {row[PreviewCol.NAME]: row for row in preview_rows(wizard.preview_page.model)}
    assert shown["张三"][PreviewCol.RESULT] == "拒绝" and shown["钱七"][PreviewCol.RESULT] == "新增"
    note = shown["张三"][PreviewCol.NOTE]
    assert note.startswith("“手机号码”：是 Excel 错误值 #N/A（公式出错：查找的值不存在，如 VLOOKUP")
    advance(wizard, qtbot)
    assert wizard.currentId() == ImportWizard.DONE
    assert person(ctx.db, make_id(4))["phone"] == "13900000005"
    assert person(ctx.db, make_id(1)) is None  # refused: never stored with a blank phone
