"""季度汇总年度: each person's four quarterly totals under a quarterly scheme, their exact average, and that average
written into one component of an annual scheme's period (e.g. 季度考核 of 周汇报·季考核·年述职 1:5:4), where the
engine mixes it with the 年述职 and the rest by the annual scheme's weights — the mix the office sets in the
scheme editor. A person missing a quarter is listed with the quarters missing and nothing is written for them.

Writes go through the score services (one transaction, audited); this dialog only reads and asks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.appraisal import service
from app.appraisal.annual import QUARTERS, quarter_average
from app.appraisal.periods import FIRST_YEAR, LAST_YEAR
from app.appraisal.rules import Scheme
from app.people.fields import role_label
from ui.appraisal.scheme_parts import percent_text
from ui.context import AppContext
from ui.widgets import SPIN_WIDTH, ReadOnlyTableModel, fit_to_screen, hint_label, read_only_table, set_tone

_MISSING = QBrush(QColor("#b45309"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("AnnualDialog", text)


@dataclass
class Quarters:
    """One person's quarterly totals in a year (a quarter absent from the dict: not in that quarter's period)."""

    person_id: int
    name: str
    role: str
    totals: dict[int, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class AnnualLine:
    person: Quarters
    average: Decimal | None
    note: str
    writes: bool  # the average goes into the annual period


def gather_quarters(db, scheme_key: str, year: int) -> list[Quarters]:
    """Everyone ranked in any quarter of the year under the scheme, with each quarter's total (None: 待补录 or
    不参加考核), in the order the first quarter lists them."""
    people: dict[int, Quarters] = {}
    for quarter in QUARTERS:
        period = service.find_period(db, scheme_key, year, quarter)
        if period is None:
            continue
        for row in service.rank_period(db, period).rows:
            member = row.member
            found = people.setdefault(member.person_id, Quarters(member.person_id, member.name, member.role))
            found.totals[quarter] = row.result.total
    return list(people.values())


def annual_lines(
    people: list[Quarters], target: Scheme, stored: dict[int, Decimal | None]
) -> list[AnnualLine]:
    """What writing would do for each person: `stored` is what the target component holds now."""
    lines = []
    for person in people:
        average = quarter_average(person.totals)
        if average.average is None:
            lines.append(AnnualLine(person, None, _tr("{0}，不写入").format(average.missing_text), False))
        elif target.roles and person.role not in target.roles:
            note = _tr("方案“{0}”不适用于{1}，不写入").format(target.name, role_label(person.role))
            lines.append(AnnualLine(person, average.average, note, False))
        elif stored.get(person.person_id) == average.average:
            lines.append(AnnualLine(person, average.average, _tr("与已写入的一致"), False))
        else:
            lines.append(AnnualLine(person, average.average, _tr("将写入"), True))
    return lines


def number_text(value: Decimal | None) -> str:
    return "" if value is None else service.decimal_text(value)


def _total_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


class AnnualModel(ReadOnlyTableModel[AnnualLine]):
    headers = ("姓名", "第1季度", "第2季度", "第3季度", "第4季度", "季度平均", "说明")

    def cells(self, record: AnnualLine) -> list[str]:
        totals = record.person.totals
        # A quarter's total as its ranking prints it (85.90); "—": not in that quarter's appraisal at all.
        quarters = [_total_text(totals.get(q)) if q in totals else "—" for q in QUARTERS]
        return [record.person.name, *quarters, number_text(record.average), record.note]

    def role_data(self, record: AnnualLine, column: int, role: int):
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < column < 6:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and record.average is None:
            return _MISSING
        return None


class AnnualDialog(QDialog):
    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.lines: list[AnnualLine] = []
        self.written: tuple[str, int] | None = None  # the annual scheme's key and the year, once written
        self.setWindowTitle(self.tr("由季度考核汇总年度考核"))
        schemes = service.list_schemes(ctx.db)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.source_box, self.target_box = QComboBox(), QComboBox()
        for scheme in schemes:
            box = self.source_box if scheme.period_type == "季度" else self.target_box
            box.addItem(scheme.name, scheme.key)
        # The annual scheme that takes quarters (a component named 季度…); the office's own come after the
        # built-ins, so its newest such scheme is offered first.
        takers = [
            s.key for s in schemes if s.period_type == "年度" and any("季度" in c.name for c in s.components)
        ]
        if takers:
            self.target_box.setCurrentIndex(self.target_box.findData(takers[-1]))
        self.year_box = QSpinBox()
        self.year_box.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_box.setValue(year)
        self.year_box.setSuffix(self.tr(" 年"))
        self.year_box.setMaximumWidth(SPIN_WIDTH)
        self.component_box = QComboBox()
        form.addRow(self.tr("季度考核方案"), self.source_box)
        form.addRow(self.tr("年度"), self.year_box)
        form.addRow(self.tr("写入年度方案"), self.target_box)
        form.addRow(self.tr("季度平均写入"), self.component_box)
        layout.addLayout(form)
        self.formula_label = hint_label()
        layout.addWidget(self.formula_label)
        self.model = AnnualModel(self)
        self.view = read_only_table(self.model)
        layout.addWidget(self.view, 1)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("formBanner")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.write_button = self.buttons.addButton(
            self.tr("写入年度考核"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.write_button.clicked.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 860, 560)
        self.source_box.currentIndexChanged.connect(self.refresh)
        self.year_box.valueChanged.connect(self.refresh)
        self.target_box.currentIndexChanged.connect(self._target_changed)
        self.component_box.currentIndexChanged.connect(self.refresh)
        self._target_changed()

    # --- choosing ------------------------------------------------------------------------------------------
    def target(self) -> Scheme | None:
        key = self.target_box.currentData()
        return service.find_scheme(self.ctx.db, key) if key else None

    def _target_changed(self, *_args) -> None:
        target = self.target()
        self.component_box.blockSignals(True)
        self.component_box.clear()
        for component in target.components if target else ():
            self.component_box.addItem(
                f"{component.name}（{percent_text(component.weight)}%）", component.key
            )
        if target is not None:  # the component that holds quarters, by its name: 季度考核
            named = next((i for i, c in enumerate(target.components) if "季度" in c.name), 0)
            self.component_box.setCurrentIndex(named)
        self.component_box.blockSignals(False)
        self.refresh()

    def _formula(self, target: Scheme, key: str) -> str:
        parts = [
            (self.tr("季度平均") if c.key == key else c.name) + f" × {percent_text(c.weight)}%"
            for c in target.components
        ]
        return self.tr("年度总分 = {0}（按方案“{1}”的权重，可在“编辑方案…”中修改）").format(
            " + ".join(parts), target.name
        )

    # --- the preview ---------------------------------------------------------------------------------------
    def refresh(self, *_args) -> None:
        source, target, key = self.source_box.currentData(), self.target(), self.component_box.currentData()
        if source is None or target is None or key is None:
            self.model.set_rows([])
            self._say(
                self.tr("需要一个按季度考核的方案和一个按年度考核的方案：可在“新建方案…”中建立。"), "error"
            )
            self.write_button.setEnabled(False)
            return
        self.formula_label.setText(self._formula(target, key))
        year = self.year_box.value()
        period = service.find_period(self.ctx.db, target.key, year, None)
        stored = self._stored(period, key)
        self.lines = annual_lines(gather_quarters(self.ctx.db, source, year), target, stored)
        self.model.set_rows(self.lines)
        writes = sum(line.writes for line in self.lines)
        missing = sum(line.average is None for line in self.lines)
        if period is not None and period.finalized:
            self._say(self.tr("“{0}”已定稿，不能写入；如需修改请先重新打开。").format(period.label), "error")
            self.write_button.setEnabled(False)
            return
        if not self.lines:
            text = self.tr("{0}年“{1}”还没有任何季度的成绩。").format(year, self.source_box.currentText())
        else:
            text = self.tr("共 {0} 人：将写入 {1} 人").format(len(self.lines), writes)
            if missing:
                text += self.tr("，{0} 人缺少季度成绩（不写入，补齐后再汇总）").format(missing)
        self._say(text, "error" if missing or not self.lines else "ok")
        self.write_button.setEnabled(writes > 0 and not self.ctx.office.read_only)

    def _stored(self, period, key: str) -> dict[int, Decimal | None]:
        if period is None:
            return {}
        return {
            r.member.person_id: r.member.entry.scores.get(key)
            for r in service.rank_period(self.ctx.db, period).rows
        }

    def _say(self, text: str, tone: str) -> None:
        self.summary_label.setText(text)
        set_tone(self.summary_label, tone)

    # --- writing -------------------------------------------------------------------------------------------
    def write(self) -> bool:
        """The averages into the annual period (made if new), one transaction through the score service."""
        target, key, year = self.target(), self.component_box.currentData(), self.year_box.value()
        items = [
            service.ScoreInput(line.person.person_id, {key: line.average})
            for line in self.lines
            if line.writes
        ]
        if target is None or not items:
            return False
        db, actor = self.ctx.db, self.ctx.actor
        opened = self.ctx.perform(self, lambda: service.open_period(db, target.key, year, None, actor))
        if opened is None:
            return False
        period_id = opened.record_id
        written = self.ctx.perform(self, lambda: service.set_many_scores(db, period_id, items, actor))
        if written is None:
            return False
        self.written = target.key, year
        self.refresh()
        return True


def open_annual_dialog(ctx: AppContext, parent: QWidget | None, year: int) -> tuple[str, int] | None:
    """Show the dialog modally; (annual scheme key, year) if anything was written (tests replace this)."""
    dialog = AnnualDialog(ctx, year, parent)
    dialog.exec()
    return dialog.written
