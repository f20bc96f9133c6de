"""满意度计票: ballots typed in give the score as they are typed, zero ballots or a bad point value leave 填入 off
with the reason, and the score lands in the grid's cell, saved and ranked like a typed one."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.appraisal_fixtures import scored_period, shown_page, stored_scores
from ui.appraisal import ballot_dialog
from ui.appraisal.ballot_dialog import BallotDialog, fill_from_ballots
from ui.appraisal.score_model import TOTAL


@pytest.fixture
def dialog(qtbot):
    ballot_dialog._last_weights[0] = ballot_dialog.DEFAULT_WEIGHTS
    widget = BallotDialog(None, "甲一", "满意度测评", D(100))
    qtbot.addWidget(widget)
    return widget


def ok_button(dialog: BallotDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_score_follows_the_counts_as_they_are_typed(qtbot, dialog):
    assert not ok_button(dialog).isEnabled()
    assert dialog.result_label.text() == "请填写收回的满意、基本满意、不满意票数。"  # asked, not yet an error
    dialog.count_spins[0].setValue(20)
    dialog.count_spins[1].setValue(8)
    dialog.count_spins[2].setValue(2)
    assert dialog.result_label.text() == "得分：82.67（共 30 票）"
    assert ok_button(dialog).isEnabled() and dialog.score() == D("82.67")


def test_points_per_ballot_can_be_changed_and_are_kept_for_the_next_person(qtbot, dialog):
    dialog.count_spins[0].setValue(5)
    dialog.count_spins[1].setValue(5)
    dialog.weight_edits[1].setText("８０")  # full-width, as an IME types it
    assert dialog.score() == D(90)
    dialog.weight_edits[2].setText("十")
    assert not ok_button(dialog).isEnabled()
    assert dialog.result_label.text() == "每张不满意票的分值应为数字，输入的是“十”"
    dialog.weight_edits[2].setText("0")
    dialog.accept()
    nxt = BallotDialog(None, "乙二", "满意度测评", D(100))
    qtbot.addWidget(nxt)
    assert [e.text() for e in nxt.weight_edits] == ["100", "80", "0"]


def test_a_point_value_above_the_columns_maximum_is_refused(qtbot):
    ballot_dialog._last_weights[0] = ballot_dialog.DEFAULT_WEIGHTS
    dialog = BallotDialog(None, "甲一", "群众评议", D(50))
    qtbot.addWidget(dialog)
    dialog.count_spins[0].setValue(3)
    assert dialog.result_label.text() == "每张满意票的分值应在 0 到 50 之间，现在是 100"
    assert not ok_button(dialog).isEnabled()


def test_the_score_fills_the_grid_cell_and_is_saved(qtbot, ctx, answers, monkeypatch):
    scored = scored_period(ctx.db)
    page = shown_page(qtbot, ctx)
    last = scored.ids[-1]  # no 满意度测评 yet: 待补录
    model = page.model
    page.grid.setCurrentIndex(model.index(model.row_of(last), model.column_of("work")))
    asked = []

    def ask(parent, who, column, top):
        asked.append((who, column, top))
        return D("82.67")

    monkeypatch.setattr(ballot_dialog, "ask_ballot", ask)
    qtbot.mouseClick(page.ballot_button, Qt.MouseButton.LeftButton)
    # The current cell is a score: the clerk chose 工作考核, so that is what is filled.
    assert asked == [("癸十", "工作考核", D(100))]
    assert stored_scores(ctx.db, scored.period.id, last)["work"] == D("82.67")
    page.grid.setCurrentIndex(model.index(model.row_of(last), model.column_of(TOTAL)))
    assert fill_from_ballots(page, page.grid)
    assert asked[-1] == ("癸十", "满意度测评", D(100))  # not a score cell: the 满意 column
    assert stored_scores(ctx.db, scored.period.id, last)["satisfaction"] == D("82.67")
    assert model.index(model.row_of(last), model.column_of(TOTAL)).data() != ""  # ranked now


def test_without_a_chosen_person_it_says_what_to_do(qtbot, ctx, answers, monkeypatch):
    scored_period(ctx.db)
    page = shown_page(qtbot, ctx)
    page.grid.setCurrentIndex(page.model.index(-1, -1))
    monkeypatch.setattr(ballot_dialog, "ask_ballot", lambda *a: pytest.fail("asked without a person"))
    assert not fill_from_ballots(page, page.grid)
    assert answers["informed"] == ["请先在表格中选中要填分的人员和满意度测评一栏。"]
