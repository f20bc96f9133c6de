"""双向选择: 选择志愿表… reads a round workbook and runs the assignment in the background; the result is shown
as 导师组 (each mentor with the mentees placed, then 未分配 with why, then the refused rows), with the counts
and the flagged mentors. 改派给… moves the selected mentee by hand; 确认 writes the pairs (after a backup).

A confirmed round is not forgotten: 已确认 lists the stored rounds and shows the chosen one's groups and counts
as they stand now (read back from its choices and pairs), with 打印导师组名单, 导出… and 移入回收站 (with the
pairs it made, to assign the workbook again)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)  # fmt: skip

from app.changes import OperationRefused, OpResult
from app.clock import today
from app.training import pairs
from app.training.selection import Outcome
from ui import dialogs
from ui.context import AppContext
from ui.training.exports import export_list
from ui.training.mentoring_groups import Adjusted
from ui.training.mentoring_jobs import confirm_job, read_job
from ui.training.stored_round import CHOICE_NUMBER, StoredRound, unplaced_note
from ui.widgets import set_tone
from ui.worker import JobHandle, start_job

KEY_ROLE = Qt.ItemDataRole.UserRole


YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def pick_mentor(parent: QWidget, names: list[str], label: str) -> str | None:
    """The mentor chosen for 改派, or None when cancelled (tests replace this)."""
    name, ok = QInputDialog.getItem(parent, parent.tr("改派给…"), label, names, 0, False)
    return name if ok else None


class SelectionTab(QWidget):
    """Public: `read_round(path)`, `adjusted`, `stored`, `round_box`, `tree`, `summary`, `flags`,
    `move_selected(mentor)`, `confirm()`, `reload()`, `show_stored(round_id)`, `print_groups()`,
    `export_groups()`, `bin_stored()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.adjusted: Adjusted | None = None
        self.stored: StoredRound | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 8, 6, 6)  # inside the tab frame, not on it
        layout.addLayout(self._stored_row())
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("选择志愿表…"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("这次双向选择的名称"))
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(today().year)
        self.move_button = QPushButton(self.tr("改派给…"))
        self.confirm_button = QPushButton(self.tr("确认分配"))
        row.addWidget(self.open_button)
        row.addWidget(QLabel(self.tr("名称")))
        self.name_edit.setMaximumWidth(360)
        row.addWidget(self.name_edit, 1)
        row.addWidget(QLabel(self.tr("年度")))
        row.addWidget(self.year_box)
        row.addWidget(self.move_button)
        row.addWidget(self.confirm_button)
        layout.addLayout(row)
        self.summary = QLabel(
            self.tr("选择办公室下发的志愿表（含“导师”“学员”表，可有“导师排序”表）后在此显示导师组。")
        )
        self.summary.setWordWrap(True)
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addWidget(self.flags)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [self.tr("导师组 / 学员"), self.tr("公民身份号码"), self.tr("志愿"), self.tr("说明")]
        )
        self.tree.setColumnWidth(0, 200)
        self.tree.setColumnWidth(1, 170)
        self.tree.setColumnWidth(2, 50)
        layout.addWidget(self.tree, 1)
        self.open_button.clicked.connect(lambda: self.choose_file())
        self.move_button.clicked.connect(lambda: self.move_selected())
        self.confirm_button.clicked.connect(self.confirm)
        self.tree.currentItemChanged.connect(lambda *_a: self._enable())
        self._enable()

    def _stored_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("已确认的双向选择")))
        self.round_box = QComboBox()
        self.round_box.setMinimumWidth(280)
        self.round_box.activated.connect(lambda _i: self.show_stored(self.round_box.currentData()))
        row.addWidget(self.round_box)
        row.addStretch(1)
        self.print_button = QPushButton(self.tr("打印导师组名单"))
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.setToolTip(self.tr("把这次双向选择的导师组名单保存为 Excel 文件"))
        self.print_button.clicked.connect(lambda: self.print_groups())
        self.export_button.clicked.connect(lambda: self.export_groups())
        self.bin_button = QPushButton(self.tr("移入回收站"))
        self.bin_button.setToolTip(self.tr("撤销这次双向选择（连同它建立的帮带对子），以便重新分配"))
        self.bin_button.clicked.connect(self.bin_stored)
        row.addWidget(self.print_button)
        row.addWidget(self.export_button)
        row.addWidget(self.bin_button)
        return row

    def reload(self) -> None:
        """The stored rounds; while no workbook is being assigned, the chosen one (the latest at first) shown
        as it stands now."""
        kept = self.round_box.currentData()
        self.round_box.clear()
        for round_id, name, year, _at in pairs.confirmed_rounds(self.ctx.db):
            self.round_box.addItem(self.tr("{0}（{1}年）").format(name, year), round_id)
        self.round_box.setEnabled(self.round_box.count() > 0)
        if self.round_box.count() == 0:
            self.round_box.addItem(self.tr("（还没有）"), None)
        self.round_box.setCurrentIndex(max(self.round_box.findData(kept), 0))
        if self.adjusted is None:
            self.show_stored(self.round_box.currentData())

    def show_stored(self, round_id: int | None) -> None:
        """A confirmed round's groups (a round binned meanwhile shows nothing)."""
        from app.training.list_export import mentor_groups

        self.stored = None
        head = next((r for r in pairs.confirmed_rounds(self.ctx.db) if r[0] == round_id), None)
        if head is not None:
            try:
                self.stored = StoredRound(*head, mentor_groups(self.ctx.db, round_id))
            except OperationRefused:  # binned between the two reads
                self.stored = None
        if self.stored is not None:
            self.adjusted = None
        self._show_stored()

    def _show_stored(self) -> None:
        stored = self.stored
        self.tree.clear()
        self.flags.setText("")
        set_tone(self.flags, "")
        if stored is not None:
            for g in stored.found.groups:
                group = self._title_item(
                    self.tr("{0}（{1}/{2} 人）").format(g.mentor, len(g.mentees), g.max_mentees)
                )
                for m in g.mentees:
                    self._member(group, m.name, m.id_number, CHOICE_NUMBER.get(m.how, "—"), m.how)
            unplaced = stored.found.unplaced
            group = self._title_item(self.tr("未分配（{0} 人，需人工决定）").format(len(unplaced)))
            for u in unplaced:
                self._member(group, u.name, u.id_number, "—", unplaced_note(u))
            self.tree.expandAll()
            self.summary.setText(stored.summary())
            # as the printed 导师组名单 says them: the same words, so the screen and the paper agree
            flagged = [f"导师“{g.mentor}”{g.flag}" for g in stored.found.groups if g.flag]
            self.flags.setText("\n".join(flagged))
            set_tone(self.flags, "warning" if flagged else "")
        self._enable()

    def _member(self, group: QTreeWidgetItem, *texts: str) -> None:
        item = QTreeWidgetItem(group, list(texts))
        item.setToolTip(3, texts[3])

    def print_groups(self) -> JobHandle | None:
        from app.printing.training_service import mentor_groups
        from ui.printing.actions import run_print

        if self.stored is None:
            return None
        round_id = self.stored.id
        return run_print(self, self.ctx, self.tr("导师组名单"), lambda db, out, progress: mentor_groups(
            db, round_id, out, progress=progress))  # fmt: skip

    def export_groups(self) -> JobHandle | None:
        from app.training.list_export import export_mentor_groups

        if self.stored is None:
            return None
        round_id, name = self.stored.id, self.stored.name
        return export_list(self, self.ctx, self.tr("导师组名单"), lambda db, out: export_mentor_groups(
            db, round_id, out), suggested=f"{name}-导师组名单.xlsx")  # fmt: skip

    def bin_stored(self) -> None:
        """The round shown, with the pairs it made, to the recycle bin (asked first; refused once the mentoring
        has begun)."""
        stored = self.stored
        if stored is None:
            return
        question = self.tr(
            "将双向选择“{0}”（{1}年）连同它建立的 {2} 对帮带对子移入回收站吗？（可在回收站恢复）"
        )
        made = stored.found.mentee_count
        if dialogs.ask(
            self, self.tr("移入回收站"), question.format(stored.name, stored.year, made), danger=True
        ):
            db, actor, round_id = self.ctx.db, self.ctx.actor, stored.id
            self.ctx.perform(
                self, lambda: pairs.bin_round(db, round_id, actor), title=self.tr("无法移入回收站")
            )

    def choose_file(self) -> None:
        path = dialogs.open_file(self, self.tr("选择双向选择志愿表"), "Excel 文件 (*.xlsx)")
        if path is not None:
            self.read_round(path)

    def read_round(self, path: Path) -> None:
        self.name_edit.setText(path.stem)
        # a workbook named for next year's round (2027年导师制…) is confirmed under that year unless changed
        named = YEAR_IN_NAME.search(path.stem)
        self.year_box.setValue(int(named.group(1)) if named else today().year)
        start_job(self, read_job(self.ctx, path, self._shown, self._failed))

    def _failed(self, message: str) -> None:
        dialogs.warn(self, self.tr("无法读取志愿表"), message)

    def _shown(self, adjusted: Adjusted) -> None:
        self.adjusted, self.stored = adjusted, None
        self._show()

    def _show(self) -> None:
        adjusted = self.adjusted
        self.tree.clear()
        if adjusted is None:
            return
        for mentor, placed in adjusted.groups():
            title = self.tr("{0}（{1}/{2} 人）").format(mentor, len(placed), adjusted.capacity(mentor))
            self._group(title, placed)
        self._group(
            self.tr("未分配（{0} 人，需人工决定）").format(len(adjusted.unplaced())), adjusted.unplaced()
        )
        if refused := adjusted.refused():
            self._group(self.tr("有误未参加分配（{0} 人）").format(len(refused)), refused)
        self.tree.expandAll()
        self.summary.setText(adjusted.summary())
        problems = [*adjusted.found.problems, *adjusted.result.flags]
        self.flags.setText("\n".join([*problems, *adjusted.found.notices]))
        set_tone(self.flags, "warning" if problems else "")
        self._enable()

    def _title_item(self, title: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self.tree, [title])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFirstColumnSpanned(True)
        return group

    def _group(self, title: str, outcomes: list[Outcome]) -> None:
        group = self._title_item(title)
        for outcome in outcomes:
            a = outcome.applicant
            item = QTreeWidgetItem(group, [a.name, a.key, outcome.choice_text, outcome.note])
            item.setData(0, KEY_ROLE, a.key)
            item.setToolTip(3, outcome.note)

    def selected_key(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, KEY_ROLE) if item is not None else None

    def _enable(self) -> None:
        adjusted = self.adjusted
        key = self.selected_key()
        refused = adjusted is not None and any(o.applicant.key == key for o in adjusted.refused())
        self.move_button.setEnabled(bool(key) and not refused)
        self.confirm_button.setEnabled(adjusted is not None)
        self.print_button.setEnabled(self.stored is not None)
        self.export_button.setEnabled(self.stored is not None)
        self.bin_button.setEnabled(self.stored is not None)
        self.flags.setVisible(bool(self.flags.text()))  # no blank line above the groups

    def move_selected(self, mentor: str | None = None) -> bool:
        """改派: the selected mentee to `mentor` (asked when None); a full mentor asks for a confirmation."""
        key, adjusted = self.selected_key(), self.adjusted
        if key is None or adjusted is None:
            return False
        names = [m.name for m in adjusted.found.mentors]
        outcome = next(o for o in adjusted.outcomes() if o.applicant.key == key)
        if mentor is None:
            label = self.tr("把“{0}”改派给哪位导师：").format(outcome.applicant.name)
            mentor = pick_mentor(self, names, label)
        if mentor is None or mentor == outcome.mentor:
            return False
        taken, most = adjusted.taken(mentor), adjusted.capacity(mentor)
        if taken >= most:
            question = self.tr("导师“{0}”已有 {1} 人，达到最多 {2} 人。仍然改派“{3}”给这位导师吗？").format(
                mentor, taken, most, outcome.applicant.name
            )
            if not dialogs.ask(self, self.tr("导师名额已满"), question):
                return False
        adjusted.moves[key] = mentor
        self._show()
        return True

    def confirm(self) -> None:
        adjusted = self.adjusted
        if adjusted is None:
            return
        if adjusted.found.problems or adjusted.refused():
            count = len(adjusted.found.problems) + len(adjusted.refused())
            dialogs.warn(
                self, self.tr("不能确认"),
                self.tr("志愿表中有 {0} 处被拒绝的行（见“有误未参加分配”和上方提示），请改正志愿表后重新选择").format(count),
            )  # fmt: skip
            return
        name = self.name_edit.text().strip()
        if not name:
            dialogs.warn(self, self.tr("不能确认"), self.tr("请填写这次双向选择的名称"))
            return
        kept = len(adjusted.kept())
        question = self.tr("确认“{0}”（{1}年）的分配结果？将先自动备份，再建立 {2} 对帮带对子。").format(
            name, self.year_box.value(), sum(len(p) for _m, p in adjusted.groups()) - kept
        )
        if kept:
            question += self.tr(
                "另有 {0} 人已与所分的导师结对（帮带对子仍在进行），沿用原对子，不重复建立。"
            ).format(kept)
        if namesakes := adjusted.namesakes(pairs.mentors(self.ctx.db)):
            question += self.tr("\n\n注意：导师库中已有同名导师：{0}。确认后将作为另一位导师加入导师库；如是同一人，"
                                "请先改正志愿表的条线或导师库。").format("；".join(namesakes))  # fmt: skip
        if dialogs.ask(self, self.tr("确认分配"), question):
            start = dt.date(self.year_box.value(), 1, 1) if self.year_box.value() != today().year else today()
            start_job(
                self, confirm_job(self.ctx, adjusted, name, self.year_box.value(), start, self._confirmed)
            )

    def _confirmed(self, result: OpResult) -> None:
        """The round just written, shown as stored, and what confirming did (pairs made, mentors added)."""
        self.adjusted = None
        self.reload()
        self.round_box.setCurrentIndex(max(self.round_box.findData(result.record_id), 0))
        self.show_stored(result.record_id)
        self.flags.setText(result.message)
        self.flags.setVisible(True)
