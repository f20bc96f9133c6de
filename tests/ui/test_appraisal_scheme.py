"""考核方案 editor: a new scheme typed in and saved, every problem said in the dialog with nothing saved, a
scheme with scores locked and copied, and the 考核 page opening the editor and showing what was saved."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

from app.appraisal import schemes
from app.appraisal.rules import Ratio, ThresholdTop
from app.audit import query
from tests.ui.appraisal_fixtures import scored_period, shown_page
from ui.appraisal import scheme_menu
from ui.appraisal.scheme_editor import SchemeEditor
from ui.appraisal.scheme_parts import MAX_COL, NAME_COL, WEIGHT_COL


def editor(qtbot, ctx, key=None) -> SchemeEditor:
    dialog = SchemeEditor(ctx, key)
    qtbot.addWidget(dialog)
    return dialog


def set_cell(dialog: SchemeEditor, row: int, column: int, text: str) -> None:
    dialog.components.table.item(row, column).setText(text)


def stored_count(ctx) -> int:
    return ctx.db.execute("SELECT count(*) FROM appraisal_schemes").fetchone()[0]


def test_a_new_scheme_is_typed_in_and_saved_with_its_audit_row(qtbot, ctx, answers):
    dialog = editor(qtbot, ctx)
    assert dialog.key_edit.text() == "scheme-2" and not dialog.key_edit.isReadOnly()
    dialog.name_edit.setText("社区工作者季度考核")
    dialog.role_boxes["community_worker"].setChecked(True)
    dialog.period_box.setCurrentIndex(dialog.period_box.findData("季度"))
    dialog.components.add_row("创新工作")
    set_cell(dialog, 0, WEIGHT_COL, "40")
    set_cell(dialog, 3, WEIGHT_COL, "１０%")  # full-width digits and a % sign, as an IME types them
    set_cell(dialog, 3, MAX_COL, "50")
    assert dialog.components.sum_label.text() == "权重合计：100%"
    ties = dialog.ties.list
    ties.item(ties.count() - 1).setCheckState(Qt.CheckState.Checked)  # 创新工作 as the third comparison
    dialog.ratio_radio.setChecked(True)
    dialog.share_spins[0].setValue(2)
    assert dialog.poor_box.isEnabled() and not dialog.poor_edit.isEnabled()
    dialog.poor_box.setChecked(True)
    dialog.poor_edit.setText("60")
    dialog.remedial_box.setChecked(False)
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.saved_key == "scheme-2"
    scheme = schemes.find_scheme(ctx.db, "scheme-2")
    assert scheme.name == "社区工作者季度考核" and scheme.period_type == "季度"
    assert scheme.roles == ("community_worker",)
    assert [(c.key, c.name, c.weight, c.max_score) for c in scheme.components] == [
        ("work", "工作考核", D("0.4"), D(100)),
        ("test", "业务测试", D("0.2"), D(100)),
        ("satisfaction", "满意度测评", D("0.3"), D(100)),
        ("c1", "创新工作", D("0.1"), D(50)),
    ]
    assert scheme.tie_breakers == ("work", "test", "c1")
    assert (
        scheme.rule == Ratio((2, 5, 4), D(60)) and scheme.remedial_below is None and scheme.bonus_cap is None
    )
    assert [(a.action, a.label) for a in query(ctx.db)][0] == ("create", "社区工作者季度考核")


@pytest.mark.parametrize(
    ("fill", "message"),
    [
        (lambda d: set_cell(d, 0, WEIGHT_COL, "60"), "各项权重之和应为 100%，现在是 110%"),
        (lambda d: set_cell(d, 1, WEIGHT_COL, "二十"), "第 2 项“业务测试”的权重应为数字，输入的是“二十”"),
        (lambda d: set_cell(d, 2, MAX_COL, "120"), "“满意度测评”的满分应大于 0 且不超过 100，现在是 120"),
        (lambda d: set_cell(d, 1, NAME_COL, "工作考核"), "考核项目名称不能重复：“工作考核”出现了两次"),
        (lambda d: d.name_edit.clear(), "方案名称不能为空"),
        (lambda d: d.key_edit.setText("weighted-top20"), "方案代码“weighted-top20”已被使用"),
        (lambda d: d.share_edit.setText("abc"), "优秀名额比例应为数字，输入的是“abc”"),
        (lambda d: d.competent_edit.setText("90"), "称职分数线（90）应不小于 0，且不高于优秀分数线（80）"),
        (
            lambda d: (
                d.ratio_radio.setChecked(True),
                d.poor_box.setChecked(True),
                d.poor_edit.setText("六十"),
            ),
            "不称职线应为数字，输入的是“六十”",
        ),
    ],
)
def test_a_problem_is_said_in_the_dialog_and_nothing_is_saved(qtbot, ctx, answers, fill, message):
    dialog = editor(qtbot, ctx)
    dialog.name_edit.setText("街道考核")
    fill(dialog)
    dialog.save()
    assert message in dialog.error_label.text()
    assert not dialog.error_label.isHidden()
    assert dialog.saved_key is None and dialog.result() != dialog.DialogCode.Accepted
    assert stored_count(ctx) == 0
    assert dialog.name_edit.text() == (
        "" if "名称不能为空" in message else "街道考核"
    )  # nothing typed is lost


def test_a_scheme_with_scores_is_locked_says_why_and_is_copied(qtbot, ctx, answers):
    scored_period(ctx.db)
    dialog = editor(qtbot, ctx, "weighted-top20")
    assert dialog.locked and dialog.key_edit.isReadOnly()
    assert "已经录入了成绩" in dialog.lock_label.text() and not dialog.lock_label.isHidden()
    table = dialog.components.table
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not dialog.components.add_button.isEnabled() and not dialog.bonus_box.isEnabled()
    dialog.make_copy()
    assert dialog.key_edit.text() == "weighted-top20-2" and not dialog.key_edit.isReadOnly()
    assert dialog.name_edit.text() == "加权评价·双达标（副本）"
    assert dialog.components.add_button.isEnabled() and dialog.lock_label.isHidden()
    set_cell(dialog, 0, WEIGHT_COL, "60")
    set_cell(dialog, 1, WEIGHT_COL, "10")
    dialog.save()
    assert dialog.saved_key == "weighted-top20-2"
    copy = schemes.find_scheme(ctx.db, "weighted-top20-2")
    original = schemes.find_scheme(ctx.db, "weighted-top20")
    assert [c.weight for c in copy.components] == [D("0.6"), D("0.1"), D("0.3")]
    assert [c.weight for c in original.components] == [D("0.5"), D("0.2"), D("0.3")]
    assert [c.key for c in copy.components] == [
        c.key for c in original.components
    ]  # one sheet imports to both


def test_a_locked_scheme_still_takes_its_name_roles_and_rule(qtbot, ctx, answers):
    scored_period(ctx.db)
    dialog = editor(qtbot, ctx, "weighted-top20")
    dialog.name_edit.setText("加权评价（街道）")
    dialog.role_boxes["community_worker"].setChecked(True)
    dialog.excellent_edit.setText("85")
    dialog.save()
    assert dialog.saved_key == "weighted-top20"
    scheme = schemes.find_scheme(ctx.db, "weighted-top20")
    assert scheme.name == "加权评价（街道）" and scheme.roles == ("community_worker",)
    assert scheme.rule == ThresholdTop(D(85), D("0.2"), D(60))


def test_the_page_opens_the_editor_and_shows_the_scheme_saved(qtbot, ctx, answers, monkeypatch):
    page = shown_page(qtbot, ctx)
    seen = []

    def fake_editor(ctx_, parent, key):
        seen.append(key)
        dialog = SchemeEditor(ctx_, key, parent)
        dialog.name_edit.setText("新方案")
        dialog.save()
        return dialog.saved_key

    monkeypatch.setattr(scheme_menu, "open_scheme_editor", fake_editor)
    page.scheme_button.new_action.trigger()
    assert seen == [None]
    assert page.scheme_box.currentData() == "scheme-2"
    assert page.scheme_box.currentText() == "新方案（年度）"
    page.scheme_button.edit_action.trigger()
    assert seen == [None, "scheme-2"]
    assert page.scheme_box.currentData() == "scheme-2"


def test_the_save_button_checks_before_it_closes(qtbot, ctx, answers):
    from PySide6.QtWidgets import QDialogButtonBox

    dialog = editor(qtbot, ctx)
    dialog.show()
    dialog.name_edit.setText("街道考核")
    set_cell(dialog, 0, WEIGHT_COL, "70")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert save.text() == "保存"
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "权重之和应为 100%，现在是 120%" in dialog.error_label.text()
    set_cell(dialog, 0, WEIGHT_COL, "50")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.saved_key == "scheme-2"
    assert schemes.find_scheme(ctx.db, "scheme-2").name == "街道考核"
