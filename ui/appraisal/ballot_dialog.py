"""满意度计票: the counts of 满意 / 基本满意 / 不满意 ballots typed in, the score shown as they are typed, and 填入
puts it into the grid's cell (saved like a typed score). The points of a ballot (100 / 60 / 0) can be changed
and are kept for the next person while the window is open: a clerk counts a whole stack in one sitting."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.appraisal.ballot import DEFAULT_WEIGHTS, LABELS, BallotWeights, ballot_problem, ballot_score
from app.appraisal.service import decimal_text
from ui import dialogs
from ui.appraisal.scheme_parts import typed_number
from ui.appraisal.score_grid import ScoreGrid
from ui.widgets import hint_label, ok_cancel_buttons, set_tone

MAX_BALLOTS = 100_000
_last_weights: list[BallotWeights] = [DEFAULT_WEIGHTS]  # the points last used, for the next person


def _tr(text: str) -> str:
    return QCoreApplication.translate("BallotDialog", text)


class BallotDialog(QDialog):
    def __init__(self, parent: QWidget | None, who: str, column: str, top: Decimal):
        super().__init__(parent)
        self.top = top
        self.setWindowTitle(self.tr("满意度计票"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("为“{0}”计算“{1}”得分：").format(who, column)))
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("票数")), 0, 1)
        grid.addWidget(QLabel(self.tr("每票分值")), 0, 2)
        self.count_spins: list[QSpinBox] = []
        self.weight_edits: list[QLineEdit] = []
        for row, (label, weight) in enumerate(zip(LABELS, _last_weights[0].values(), strict=True), start=1):
            spin = QSpinBox()
            spin.setRange(0, MAX_BALLOTS)
            spin.setSuffix(self.tr(" 票"))
            edit = QLineEdit(decimal_text(weight))
            edit.setFixedWidth(70)
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(edit, row, 2)
            spin.valueChanged.connect(self._update)
            edit.textChanged.connect(self._update)
            self.count_spins.append(spin)
            self.weight_edits.append(edit)
        layout.addLayout(grid)
        self.result_label = QLabel()
        self.result_label.setObjectName("formBanner")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        layout.addWidget(
            hint_label(self.tr("得分 =（各类票数 × 每票分值）之和 ÷ 总票数，四舍五入保留两位小数。"))
        )
        self.buttons = ok_cancel_buttons(self, self.tr("填入"), self.tr("取消"))
        layout.addWidget(self.buttons)
        self.count_spins[0].setFocus()
        self.count_spins[0].selectAll()
        self._update()

    def weights(self) -> BallotWeights | str:
        """The points typed, or what is wrong with them."""
        try:
            values = [
                typed_number(e.text(), f"每张{label}票的分值")
                for label, e in zip(LABELS, self.weight_edits, strict=True)
            ]
        except ValueError as exc:
            return str(exc)
        return BallotWeights(*values)

    def counts(self) -> tuple[int, int, int]:
        return tuple(spin.value() for spin in self.count_spins)  # type: ignore[return-value]

    def score(self) -> Decimal | None:
        weights = self.weights()
        if isinstance(weights, str) or ballot_problem(self.counts(), weights, self.top):
            return None
        return ballot_score(self.counts(), weights, self.top)

    def _update(self, *_args) -> None:
        weights = self.weights()
        problem = weights if isinstance(weights, str) else ballot_problem(self.counts(), weights, self.top)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(problem is None)
        if problem is not None and not any(self.counts()) and not isinstance(weights, str):
            # Nothing typed yet: say what to do, not what is wrong.
            self.result_label.setText(self.tr("请填写收回的满意、基本满意、不满意票数。"))
            set_tone(self.result_label, "")
            return
        if problem is not None:
            self.result_label.setText(problem)
            set_tone(self.result_label, "error")
            return
        score = ballot_score(self.counts(), weights, self.top)
        self.result_label.setText(self.tr("得分：{0}（共 {1} 票）").format(score, sum(self.counts())))
        set_tone(self.result_label, "ok")

    def accept(self) -> None:
        weights = self.weights()
        if self.score() is None or isinstance(weights, str):
            return
        _last_weights[0] = weights
        super().accept()


def ask_ballot(parent: QWidget | None, who: str, column: str, top: Decimal) -> Decimal | None:
    """The score from the ballots the clerk types, or None when cancelled (tests replace this function)."""
    dialog = BallotDialog(parent, who, column, top)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.score()


def ballot_column(grid: ScoreGrid) -> int | None:
    """The score column to fill: the current one if it is a score, else the first whose name says 满意."""
    model = grid.score_model
    current = grid.currentIndex()
    if current.isValid() and model.columns[current.column()].editable:
        return current.column()
    return next((i for i, c in enumerate(model.columns) if c.editable and "满意" in c.title), None)


def fill_from_ballots(parent: QWidget, grid: ScoreGrid) -> bool:
    """满意度计票…: ask for the ballots of the current person and put the score into the cell (saved as if
    typed: a score beyond the column's maximum is refused there). True when a score was saved."""
    model = grid.score_model
    row, column = grid.currentIndex().row(), ballot_column(grid)
    if model.read_only or row < 0 or column is None:
        dialogs.inform(parent, _tr("满意度计票"), _tr("请先在表格中选中要填分的人员和满意度测评一栏。"))
        return False
    col = model.columns[column]
    score = ask_ballot(parent, model.members[row].name, col.title, col.max_score)
    if score is None:
        return False
    index = model.index(row, column)
    grid.setCurrentIndex(index)
    return model.setData(index, decimal_text(score)) and model.refused_text(row, column) is None
