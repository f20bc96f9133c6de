"""The people of the course chosen on the 培训班 tab: 添加人员… (with the stage-order and capacity warnings asked
first), 记录学时与结果…, 颁发结业证书, 计入积分 and 移出; beside the title the course's paper: 打印签到表,
打印参训名单, 打印结业证书 (once numbers are given) and 导出名单…. A 补课 course adds the column 补课: whom it
closed a requirement for, and who still owes one. Recording attendance (here, or by importing a list) offers the
计入积分 of an ended course through `offer_points`."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget

from app import clock
from app.changes import OperationRefused, OpResult
from app.training import enrolments
from app.training.courses import Course, get_course
from app.training.listing import EnrolmentRow, course_enrolments
from app.training.person_summary import RemedialLine, remedial_lines
from app.training.rules import REMEDIAL
from ui import dialogs
from ui.care import form_parts
from ui.context import AppContext
from ui.training.exports import export_list
from ui.widgets import ReadOnlyTableModel, read_only_table, table_or_empty
from ui.worker import JobHandle

NUMBERS = (4,)
REMEDIAL_COLUMN = 8
# (office file, course id) whose 计入积分 the clerk declined when offered: not asked again while the window is
# open (the 计入积分 button stays), so recording a list of people one by one does not ask at every save.
_declined: set[tuple[str, int]] = set()


def _tr(text: str) -> str:
    return QCoreApplication.translate("Training", text)


def offer_points(parent: QWidget, ctx: AppContext, course_id: int) -> OpResult | None:
    """After attendance was recorded: when the course has ended and young cadres who attended wait to be
    credited, ask once whether to credit them all now (+5 each, as 计入积分 does); what was credited, or None."""
    key = (str(ctx.office.path), course_id)
    if key in _declined or ctx.office.read_only_reason:
        return None
    try:
        course = get_course(ctx.db, course_id)
    except OperationRefused:  # binned meanwhile: nothing to offer
        return None
    names = enrolments.waiting_cadres(ctx.db, course_id)
    if course.end_date > clock.today() or not names:
        return None
    who = "、".join(names[:5]) + (_tr("等") if len(names) > 5 else "")
    question = _tr(
        "“{0}”已结束，{1} {2} 名青年干部参训，尚未计入积分（积分台账“参加学习、培训或活动”，每人 +5 分，"
        "同一培训班只记一次）。\n\n计入积分吗？（也可以以后在参训人员下点“计入积分”）"
    ).format(course.name, who, len(names))
    if not dialogs.ask(parent, _tr("计入积分"), question):
        _declined.add(key)
        return None
    return credit_course(parent, ctx, course_id)


def credit_course(parent: QWidget, ctx: AppContext, course_id: int) -> OpResult | None:
    """计入积分 for the course's young cadres who attended, through the audited service; the outcome is said."""
    db, actor = ctx.db, ctx.actor
    result = ctx.perform(
        parent, lambda: enrolments.credit_points(db, course_id, actor), title=_tr("无法计入积分")
    )
    if result is not None:
        dialogs.inform(parent, _tr("计入积分"), result.message)
    return result


def choose_attendees(parent: QWidget | None, ctx: AppContext, exclude: list[int]) -> list[int]:
    """The roster picker (by name, pinyin, ID number, role and unit); the ids picked, [] when cancelled (tests
    replace this)."""
    from ui.appraisal.people_picker import PeoplePicker

    dialog = PeoplePicker(parent, ctx.db, (), exclude)
    dialog.setWindowTitle(dialog.tr("选择参训人员"))
    dialog.selected_button.setText(dialog.tr("报名"))
    return dialog.chosen if dialog.exec() == QDialog.DialogCode.Accepted else []


class EnrolmentModel(ReadOnlyTableModel[EnrolmentRow]):
    headers = (
        "姓名",
        "人员类别",
        "单位",
        "公民身份号码",
        "参训学时",
        "结果",
        "结业证书编号",
        "积分",
        "补课",
        "备注",
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.remedial: dict[int, str] = {}  # person → what this 补课 course did for their requirement

    def cells(self, r: EnrolmentRow) -> Sequence[str]:
        return (r.name, r.role, r.unit, r.id_number, r.hours or "", r.result or "", r.certificate_no or "",
                "已计入" if r.points_credited else "", self.remedial.get(r.person_id, ""), r.note or "")  # fmt: skip

    def role_data(self, record: EnrolmentRow, column: int, role: int):
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column >= REMEDIAL_COLUMN:  # the course's name may be cut
            return self.cells(record)[column] or None
        return None


def remedial_by_person(lines: list[RemedialLine], course_id: int) -> dict[int, str]:
    """For a 补课 course: 已完成补课 for whom it closed a requirement, 补课未完成 for whom one is still open
    (the other side of the 补课 tab's 完成补课的培训班), and for whom another course closed it, which one — they
    need not come."""
    found = {r.person_id: f"已在“{r.course}”完成补课" for r in lines if r.closed_on is not None and r.course}
    found.update({r.person_id: "补课未完成" for r in lines if r.closed_on is None})
    found.update({r.person_id: "已完成补课" for r in lines if r.course_id == course_id})
    return found


class EnrolmentPanel(QWidget):
    """Public: `show_course(course)`, `model`, `table`, `add_people()`, `record_current()`, `certificates()`,
    `credit()`, `remove_current()`, `print_signin()`, `print_attendance()`, `print_certificates()`,
    `export_attendance()`."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.course: Course | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("countLabel")
        layout.addLayout(self._paper_row())
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("添加人员…"))
        self.record_button = QPushButton(self.tr("记录学时与结果…"))
        self.certificate_button = QPushButton(self.tr("颁发结业证书"))
        self.certificate_button.setToolTip(self.tr("为结果合格、尚无编号的人按年度顺序编号"))
        self.points_button = QPushButton(self.tr("计入积分"))
        self.points_button.setToolTip(self.tr("为已参训的青年干部在积分台账记 +5 分，同一培训班只记一次"))
        self.remove_button = QPushButton(self.tr("移出"))
        for button in (self.add_button, self.record_button, self.certificate_button, self.points_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.model = EnrolmentModel(self)
        self.table = read_only_table(self.model, resize=QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((70, 84, 150, 160, 64, 56, 150, 56, 180)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.stack, self.empty = table_or_empty(
            self.table, self.tr("这个培训班还没有人报名，点“添加人员…”。")
        )
        layout.addWidget(self.stack, 1)
        self.add_button.clicked.connect(self.add_people)
        self.record_button.clicked.connect(self.record_current)
        self.certificate_button.clicked.connect(self.certificates)
        self.points_button.clicked.connect(self.credit)
        self.remove_button.clicked.connect(self.remove_current)
        self.table.activated.connect(lambda _index: self.record_current())
        self.show_course(None)

    def _paper_row(self) -> QHBoxLayout:
        """The title, then what the course prints and exports."""
        row = QHBoxLayout()
        row.addWidget(self.title, 1)
        self.signin_button = QPushButton(self.tr("打印签到表"))
        self.signin_button.setToolTip(self.tr("按培训日期留出签名栏，供参训人员签到"))
        self.list_button = QPushButton(self.tr("打印参训名单"))
        self.print_certificates_button = QPushButton(self.tr("打印结业证书"))
        self.print_certificates_button.setToolTip(self.tr("为已颁发结业证书（有编号）的人打印证书"))
        self.export_button = QPushButton(self.tr("导出名单…"))
        self.export_button.setToolTip(self.tr("把参训名单（学时、结果、证书编号）保存为 Excel 文件"))
        for button, action in (
            (self.signin_button, self.print_signin), (self.list_button, self.print_attendance),
            (self.print_certificates_button, self.print_certificates), (self.export_button, self.export_attendance),
        ):  # fmt: skip
            button.clicked.connect(lambda _checked=False, act=action: act())
            row.addWidget(button)
        return row

    def show_course(self, course: Course | None) -> None:
        row = self.table.currentIndex().row()
        same = course is not None and self.course is not None and course.id == self.course.id
        self.course = course
        rows = course_enrolments(self.ctx.db, course.id) if course else []
        makeup = course is not None and course.category == REMEDIAL
        self.model.remedial = remedial_by_person(remedial_lines(self.ctx.db), course.id) if makeup else {}
        self.model.set_rows(rows)
        self.table.setColumnHidden(REMEDIAL_COLUMN, not makeup)
        if course is None:
            self.title.setText(self.tr("参训人员：请在上方选择一个培训班"))
        else:
            limit = f" / 上限 {course.capacity} 人" if course.capacity else ""
            self.title.setText(self.tr("参训人员：{0}（{1} 人{2}）").format(course.name, len(rows), limit))
        self.stack.setCurrentIndex(0 if rows or course is None else 1)
        if rows:
            self.table.selectRow(min(max(row if same else 0, 0), len(rows) - 1))
        for button in (self.record_button, self.remove_button):
            button.setEnabled(bool(rows))
        for button in (self.certificate_button, self.points_button, self.signin_button, self.list_button,
                       self.export_button):  # fmt: skip
            button.setEnabled(bool(rows))
        self.print_certificates_button.setEnabled(any(r.certificate_no for r in rows))
        self.add_button.setEnabled(course is not None)

    def current(self) -> EnrolmentRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def add_people(self) -> None:
        if self.course is None:
            return
        picked = choose_attendees(self.window(), self.ctx, [r.person_id for r in self.model.rows])
        if not picked:
            return
        course_id, db, actor = self.course.id, self.ctx.db, self.ctx.actor
        try:
            warnings = enrolments.enrolment_warnings(db, course_id, picked)
        except OperationRefused as exc:
            dialogs.warn(self, self.tr("无法报名"), str(exc))
            return
        if warnings:
            text = self.tr("报名前请确认：\n{0}\n\n仍要报名吗？").format("\n".join(warnings))
            if not dialogs.ask(self, self.tr("确认报名"), text):
                return
        self.ctx.perform(
            self,
            lambda: enrolments.enrol(db, course_id, picked, actor, confirmed=True),
            title=self.tr("无法报名"),
        )

    def record_current(self) -> None:
        from ui.training.attendance_form import AttendanceForm

        row = self.current()
        if row is not None and self.course is not None:
            form_parts.run_form(AttendanceForm(self.ctx, self, self.course, row))

    def certificates(self) -> None:
        if self.course is None:
            return
        course_id, db, actor = self.course.id, self.ctx.db, self.ctx.actor
        result = self.ctx.perform(
            self, lambda: enrolments.assign_certificates(db, course_id, actor), title=self.tr("无法编号")
        )
        if result is None:
            return
        if result.made:  # numbers were given just now: the certificates are what the clerk wants next
            question = self.tr("{0}。\n\n现在打印结业证书吗？").format(result.message)
            if dialogs.ask(self, self.tr("颁发结业证书"), question):
                self.print_certificates()
        else:
            dialogs.inform(self, self.tr("颁发结业证书"), result.message)

    def credit(self) -> None:
        if self.course is not None:
            credit_course(self, self.ctx, self.course.id)

    def remove_current(self) -> None:
        row = self.current()
        if row is None or self.course is None:
            return
        question = self.tr("将{0}移出“{1}”吗？（可在回收站恢复）").format(row.name, self.course.name)
        if not dialogs.ask(self, self.tr("移出"), question, danger=True):
            return
        db, actor = self.ctx.db, self.ctx.actor
        self.ctx.perform(
            self, lambda: enrolments.remove_enrolment(db, row.id, actor), title=self.tr("无法移出")
        )

    def print_signin(self) -> JobHandle | None:
        from app.printing.training_service import signin_sheet

        return self._print(self.tr("签到表"), signin_sheet)

    def print_attendance(self) -> JobHandle | None:
        from app.printing.training_service import attendance_list

        return self._print(self.tr("参训名单"), attendance_list)

    def print_certificates(self) -> JobHandle | None:
        from app.printing.training_service import course_certificates

        return self._print(self.tr("结业证书"), course_certificates)

    def _print(self, what: str, build) -> JobHandle | None:
        from ui.printing.actions import run_print

        if self.course is None:
            return None
        course_id = self.course.id
        return run_print(
            self, self.ctx, what, lambda db, out, progress: build(db, course_id, out, progress=progress)
        )

    def export_attendance(self) -> JobHandle | None:
        from app.training.list_export import export_attendance

        if self.course is None:
            return None
        course_id, name = self.course.id, self.course.name
        return export_list(
            self, self.ctx, self.tr("参训名单"), lambda db, out: export_attendance(db, course_id, out),
            suggested=f"{name}-参训名单.xlsx",
        )  # fmt: skip
