"""导入花名册 wizard, the preview's new units: one a character away from an existing unit asks to be checked."""

from __future__ import annotations

from tests.ui.conftest import add_unit, make_id
from tests.ui.test_import_wizard import HEADER, build_roster, to_preview
from ui.exchange.wizard import ImportWizard


def test_a_new_unit_one_character_from_an_existing_one_is_said_in_the_preview(qtbot, ctx, tmp_path):
    district = add_unit(ctx.db, "城关区", "区/县")
    street = add_unit(ctx.db, "城关街道", "街道/镇", district)
    add_unit(ctx.db, "东门社区", "社区/村", street)
    rows = [
        ["张三", make_id(1), "东们社区", "社区工作者", "13900000001", ""],  # a slip for 东门社区
        ["钱七", make_id(4), "西门社区", "党建指导员", "13900000005", ""],  # 东门's sister: no question
    ]
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    to_preview(wizard, qtbot, build_roster(tmp_path / "城关街道花名册.xlsx", HEADER, rows))
    text = wizard.preview_page.new_units_label.text()
    assert "东们社区（1 人，与已有的“城关街道 / 东门社区”只差一个字，请核对）" in text
    assert "西门社区（1 人）" in text
