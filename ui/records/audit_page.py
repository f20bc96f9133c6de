"""操作记录: the audit trail, filtered by text, record type and dates, with the full before/after of a row."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from app import audit, record_text, records
from app.audit import AuditEntry
from app.changes import OpChanges
from app.clock import local_text
from app.record_text import Names, action_label
from app.records import kind
from ui.context import AppContext
from ui.widgets import ReadOnlyTableModel, hint_label, page_layout, read_only_table, set_tone

MAX_ROWS = 5000
SUMMARY_VALUE_CHARS = 24  # a long note is cut short in the table; the detail pane shows it whole


class Col(IntEnum):
    AT, ACTOR, ACTION, ENTITY, LABEL, CHANGES = range(6)


HEADERS = {
    Col.AT: "时间",
    Col.ACTOR: "操作人",
    Col.ACTION: "操作",
    Col.ENTITY: "对象类型",
    Col.LABEL: "对象",
    Col.CHANGES: "修改内容",
}


# --- turning audit rows into readable text (plain functions, tested without widgets) -------------


def field_changes(entry: AuditEntry, names: Names) -> list[tuple[str, str, str]]:
    """(field label, before, after) for every field the entry records, in the record's form order."""
    return record_text.change_pairs(entry.entity, entry.before, entry.after, names)


def summary(entry: AuditEntry, names: Names) -> str:
    """The 修改内容 column: '联系电话：13800000000 → 13900000000；岗位：网格员 → 综合服务岗' for an update."""
    if entry.before is not None and entry.after is not None:
        return record_text.change_text(
            entry.entity, entry.before, entry.after, names, limit=SUMMARY_VALUE_CHARS
        )
    if entry.after is not None and entry.action in ("create", "setting", "bulk"):
        shown = [(label, new) for label, _old, new in field_changes(entry, names) if new != record_text.EMPTY]
        return "；".join(f"{label}：{_short(new)}" for label, new in shown)
    return ""


def _short(text: str) -> str:
    return text if len(text) <= SUMMARY_VALUE_CHARS else text[: SUMMARY_VALUE_CHARS - 1] + "…"


def local_day_start_utc(day: dt.date) -> str:
    """Midnight of a local calendar day as a UTC ISO timestamp, shaped like the stored ones."""
    local = dt.datetime(day.year, day.month, day.day).astimezone()
    return local.astimezone(dt.UTC).replace(microsecond=0).isoformat()


# --- the model -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    cells: tuple[str, ...]  # display text per column, computed once when loading


class AuditModel(ReadOnlyTableModel[AuditRow]):
    """Audit rows, newest first, as loaded by one audit.query() call."""

    headers = HEADERS

    def set_entries(self, entries: list[AuditEntry], names: Names) -> None:
        self.set_rows(
            AuditRow(
                entry,
                (
                    local_text(entry.at),
                    entry.actor,
                    action_label(entry.action),
                    kind(entry.entity).label,
                    entry.label,
                    summary(entry, names),
                ),
            )
            for entry in entries
        )

    def entry(self, row: int) -> AuditEntry | None:
        found = self.row_at(row)
        return found.entry if found is not None else None

    def cells(self, record: AuditRow) -> tuple[str, ...]:
        return record.cells

    def role_data(self, record: AuditRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == Col.CHANGES and record.cells[Col.CHANGES]:
            return record.cells[Col.CHANGES].replace("；", "\n")
        return None


# --- the page --------------------------------------------------------------------------------------


class AuditPage(QWidget):
    """操作记录. Public: `refresh(changes)`, `reload()`, `show_person(person_id)`, `clear_record_filter()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.record_filter: tuple[str, int] | None = None  # (entity, record_id) from show_person
        self.truncated = False
        self._stale = True
        self._follow_newest = False
        self._build()
        self.reload()

    def _build(self) -> None:
        layout = page_layout(self, self.tr("操作记录"))

        filters = QHBoxLayout()
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText(self.tr("按人员姓名、单位名称或操作人查找"))
        self.text_edit.setClearButtonEnabled(True)
        self.text_edit.setMinimumWidth(220)
        self.entity_combo = QComboBox()
        self.entity_combo.addItem(self.tr("全部"), "")
        for record_kind in records.all_kinds():
            if record_kind.entity != "database":
                self.entity_combo.addItem(record_kind.label, record_kind.entity)
        self.all_dates = QCheckBox(self.tr("不限日期"))
        self.all_dates.setChecked(True)
        today = QDate.currentDate()
        self.from_date = QDateEdit(today.addDays(-30))
        self.to_date = QDateEdit(today)
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        filters.addWidget(self.text_edit, 2)
        filters.addWidget(QLabel(self.tr("对象类型：")))
        filters.addWidget(self.entity_combo)
        filters.addSpacing(12)
        filters.addWidget(self.all_dates)
        filters.addWidget(QLabel(self.tr("从")))
        filters.addWidget(self.from_date)
        filters.addWidget(QLabel(self.tr("到")))
        filters.addWidget(self.to_date)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.record_bar = QFrame()
        self.record_bar.setObjectName("recordBar")
        bar = QHBoxLayout(self.record_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        self.record_label = QLabel()
        self.show_all_button = QPushButton(self.tr("显示全部记录"))
        bar.addWidget(self.record_label, 1)
        bar.addWidget(self.show_all_button)
        self.record_bar.setVisible(False)
        layout.addWidget(self.record_bar)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = AuditModel(self)
        self.view = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        self.view.setWordWrap(False)
        # Measure the first rows only: 5000 rows stay quick.
        self.view.horizontalHeader().setResizeContentsPrecision(200)
        splitter.addWidget(self.view)

        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 180])
        layout.addWidget(splitter, 1)

        self.status_label = hint_label(wrap=False)
        layout.addWidget(self.status_label)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(250)
        self._text_timer.timeout.connect(self.reload)
        self.text_edit.textChanged.connect(lambda _text: self._text_timer.start())
        self.entity_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.all_dates.toggled.connect(self._dates_toggled)
        self.from_date.dateChanged.connect(lambda _d: self.reload())
        self.to_date.dateChanged.connect(lambda _d: self.reload())
        self.show_all_button.clicked.connect(self.clear_record_filter)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._show_detail(current.row())
        )
        self._dates_toggled(self.all_dates.isChecked(), reload=False)

    # --- loading -------------------------------------------------------------------------------

    def refresh(self, changes: OpChanges) -> None:
        if changes.audit or changes.everything:
            self._stale = True
            # New rows arrived: the newest is what the clerk just did; a selection kept from before would show
            # an older record's detail as if it were current.
            self._follow_newest = True
            if self.isVisible():
                self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _dates_toggled(self, unlimited: bool, *, reload: bool = True) -> None:
        self.from_date.setEnabled(not unlimited)
        self.to_date.setEnabled(not unlimited)
        if reload:
            self.reload()

    def filters(self) -> dict[str, Any]:
        """The audit.query() arguments the filter widgets stand for."""
        args: dict[str, Any] = {"text": self.text_edit.text().strip()}
        if self.record_filter is not None:
            args["entity"], args["record_id"] = self.record_filter
        else:
            args["entity"] = self.entity_combo.currentData() or None
        if not self.all_dates.isChecked():
            start, end = self.from_date.date().toPython(), self.to_date.date().toPython()
            if end < start:
                start, end = end, start
            args["since"] = local_day_start_utc(start)
            args["until"] = local_day_start_utc(end + dt.timedelta(days=1))
        return args

    def reload(self) -> None:
        self._text_timer.stop()
        selected = self._selected_entry_id()
        entries = audit.query(self.ctx.db, limit=MAX_ROWS + 1, **self.filters())
        self.truncated = len(entries) > MAX_ROWS
        entries = entries[:MAX_ROWS]
        self.model.set_entries(entries, self._names())
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for col in Col:
            header.resizeSection(col, min(header.sectionSize(col), 320))
        self._stale = False
        self._update_status()
        row = next((i for i, r in enumerate(self.model.rows) if r.entry.id == selected), 0 if entries else -1)
        if self._follow_newest:
            row = 0 if entries else -1
            self._follow_newest = False
        if row >= 0:
            self.view.selectRow(row)
        self._show_detail(row)

    def _names(self) -> Names:
        """Every record a field may point at (the bin's too), so old rows still name what they pointed at."""
        return record_text.reference_names(self.ctx.db, "")

    def _selected_entry_id(self) -> int | None:
        entry = self.model.entry(self.view.currentIndex().row())
        return entry.id if entry is not None else None

    def _update_status(self) -> None:
        count = len(self.model.rows)
        if self.truncated:
            text = self.tr("只显示最近的 {n} 条记录，更早的没有列出。请用上面的条件缩小范围。").format(
                n=MAX_ROWS
            )
            set_tone(self.status_label, "warning")
        elif count == 0:
            text = self.tr("没有符合条件的操作记录。")
            set_tone(self.status_label)
        else:
            text = self.tr("共 {n} 条记录，最新的在最上面。").format(n=count)
            set_tone(self.status_label)
        self.status_label.setText(text)

    # --- one person's history ------------------------------------------------------------------

    def show_person(self, person_id: int) -> None:
        """Show only the history of one person (the roster's 查看修改记录); 显示全部记录 undoes it."""
        self.show_record("person", person_id)

    def show_record(self, entity: str, record_id: int) -> None:
        """Show only the history of one record of any registered kind."""
        self.record_filter = (entity, int(record_id))
        name = self._record_name(entity, int(record_id))
        self.record_label.setText(self.tr("正在查看“{name}”的全部修改记录").format(name=name))
        self.record_bar.setVisible(True)
        self.entity_combo.setEnabled(False)
        self._set_quietly(text="", all_dates=True)
        self.reload()

    def clear_record_filter(self) -> None:
        self.record_filter = None
        self.record_bar.setVisible(False)
        self.entity_combo.setEnabled(True)
        self.reload()

    def _record_name(self, entity: str, record_id: int) -> str:
        record_kind = kind(entity)
        if record_kind.table:
            row = self.ctx.db.execute(
                f"SELECT {record_kind.name_sql} FROM {record_kind.table} WHERE id = ?", [record_id]
            ).fetchone()
            if row:
                return row[0]
        row = self.ctx.db.execute(
            "SELECT label FROM audit_log WHERE entity = ? AND record_id = ? ORDER BY id DESC LIMIT 1",
            [entity, record_id],
        ).fetchone()
        return row[0] if row else self.tr("编号 {id} 的{label}").format(id=record_id, label=record_kind.label)

    def _set_quietly(self, *, text: str, all_dates: bool) -> None:
        for widget in (self.text_edit, self.all_dates):
            widget.blockSignals(True)
        try:
            self.text_edit.setText(text)
            self.all_dates.setChecked(all_dates)
            self._dates_toggled(all_dates, reload=False)
        finally:
            for widget in (self.text_edit, self.all_dates):
                widget.blockSignals(False)

    # --- detail pane ---------------------------------------------------------------------------

    def _show_detail(self, row: int) -> None:
        entry = self.model.entry(row)
        if entry is None:
            self.detail.setHtml(
                f"<p style='color:gray'>{html.escape(self.tr('选择一条记录，这里显示修改前后的全部内容。'))}</p>"
            )
            return
        self.detail.setHtml(self.detail_html(entry))

    def detail_html(self, entry: AuditEntry) -> str:
        esc = html.escape
        head = self.tr("{at}　{actor}　{action}{entity}“{label}”").format(
            at=local_text(entry.at),
            actor=entry.actor,
            action=action_label(entry.action),
            entity=kind(entry.entity).label,
            label=entry.label,
        )
        parts = [f"<p><b>{esc(head)}</b></p>"]
        rows = field_changes(entry, self._names())
        if not rows:
            parts.append(f"<p style='color:gray'>{esc(self.tr('这条记录没有字段内容。'))}</p>")
            return "".join(parts)
        has_before, has_after = entry.before is not None, entry.after is not None
        header = [self.tr("项目")]
        if has_before:
            header.append(self.tr("修改前") if has_after else self.tr("删除前的内容"))
        if has_after:
            header.append(self.tr("修改后") if has_before else self.tr("内容"))
        table = ["<table cellspacing='0' cellpadding='4' border='1' style='border-collapse:collapse'>"]
        table.append("<tr>" + "".join(f"<th align='left'>{esc(h)}</th>" for h in header) + "</tr>")
        for label, old, new in rows:
            cells = [label] + ([old] if has_before else []) + ([new] if has_after else [])
            table.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
        table.append("</table>")
        parts.append("".join(table))
        return "".join(parts)
