"""The small forms of 导师帮带: a mentor of the pool, a task for a pair, its completion, an activity logged.
Each saves through app/training/pairs.py and, when refused, marks the fields and keeps what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from app.changes import OpResult, ValidationError
from app.clock import today
from app.training import mentor_pool, pairs
from app.training.selection import mentor_key
from ui import dialogs
from ui.care.form_parts import DATE_HINT, CareForm, PeopleField, combo, line_edit, note_edit
from ui.context import AppContext


class MentorForm(CareForm):
    title = "导师"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, record: pairs.MentorRow | None = None):
        self.record = record
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("修改导师") if record else self.tr("新增导师"))

    def build(self) -> None:
        r = self.record
        self.add_row("name", "姓名", line_edit(r.name if r else "", "花名册中的人员或外单位人员"))
        self.add_row("unit", "单位", line_edit(r.unit if r else ""))
        self.add_row("post", "职务", line_edit(r.post if r else ""))
        self.add_row("line", "条线", line_edit(r.line if r else "", "如：党建、综治、民政"))
        self.add_row("min_mentees", "最少带教人数", line_edit(str(r.min_mentees) if r else "3", max_length=3))
        self.add_row("max_mentees", "最多带教人数", line_edit(str(r.max_mentees) if r else "5", max_length=3))
        self.add_row("note", "备注", note_edit(r.note if r else ""))

    def write(self) -> OpResult:
        data = {key: self.text(key) for key in self.fields}
        exact = mentor_pool.duplicate_of(self.ctx.db, data, self.record.id if self.record else None)
        if self.record is None and not exact and (namesake := self._namesake(data["name"])):
            question = self.tr(
                "导师库中已有{0}。仍要再新增一位同名导师吗？（双向选择的志愿表按姓名和条线找导师）"
            )
            if not dialogs.ask(self, self.tr("同名导师"), question.format(namesake)):
                raise ValidationError({"name": self.tr("导师库中已有{0}").format(namesake)})
        return pairs.save_mentor(self.ctx.db, self.record.id if self.record else None, data, self.ctx.actor)

    def _namesake(self, name: str) -> str:
        """The pool mentors of this name as the clerk knows them: “刘建国”（党建，区委党校）."""
        same = [m for m in pairs.mentors(self.ctx.db) if mentor_key(m.name) == mentor_key(name)]
        return "、".join(
            f"“{m.name}”（{'，'.join(x for x in (m.line, m.unit) if x) or '无条线'}）" for m in same
        )


class TaskForm(CareForm):
    title = "布置帮带任务"

    def __init__(self, ctx: AppContext, parent: QWidget | None, pair_id: int):
        self.pair_id = pair_id
        super().__init__(ctx, parent)

    def build(self) -> None:
        self.add_row("task", "任务", line_edit("", "如：撰写一篇调研报告", 200))
        self.add_row("due_date", "期限", line_edit(""), DATE_HINT + "；可不填")

    def write(self) -> OpResult:
        return pairs.add_task(
            self.ctx.db, self.pair_id, self.text("task"), self.text("due_date"), self.ctx.actor
        )


class TaskDoneForm(CareForm):
    title = "任务完成"
    ok_text = "标记完成"

    def __init__(self, ctx: AppContext, parent: QWidget | None, task_id: int):
        self.task_id = task_id
        super().__init__(ctx, parent)

    def build(self) -> None:
        self.add_row("done_date", "完成日期", line_edit(today().isoformat()), DATE_HINT)

    def write(self) -> OpResult:
        return pairs.finish_task(self.ctx.db, self.task_id, self.text("done_date"), self.ctx.actor)


class ActivityForm(CareForm):
    """An activity of a pair; when the mentee is a young cadre, 计入积分 offers the ledger's +5 rules (不计积分
    first: most talks earn nothing)."""

    title = "记录帮带活动"

    def __init__(self, ctx: AppContext, parent: QWidget | None, pair_id: int):
        self.pair_id = pair_id
        super().__init__(ctx, parent)

    def build(self) -> None:
        self.add_row("date", "活动日期", line_edit(today().isoformat()), DATE_HINT)
        self.add_row("content", "活动内容", note_edit(""))
        if pairs.mentee_is_cadre(self.ctx.db, self.pair_id):
            self.rule_box = QComboBox()
            self.rule_box.addItem(self.tr("不计积分"), None)
            for rule in pairs.ACTIVITY_RULES:
                self.rule_box.addItem(self.tr("{0}（+{1} 分）").format(rule.label, rule.points), rule.key)
            self.add_row(
                "rule", "计入积分", self.rule_box, "学员是青年干部：可在积分台账记分，同一活动只记一次"
            )

    def write(self) -> OpResult:
        rule = self.fields["rule"].currentData() if "rule" in self.fields else None
        return pairs.log_activity(
            self.ctx.db, self.pair_id, self.text("date"), self.text("content"), self.ctx.actor, rule=rule
        )


class PairForm(CareForm):
    title = "帮带对子"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, record: pairs.PairRow | None = None):
        self.record = record
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("修改帮带对子") if record else self.tr("新增帮带对子"))

    def build(self) -> None:
        r = self.record
        self.mentor_box = QComboBox()
        for mentor in pairs.mentors(self.ctx.db):
            shown = f"{mentor.name}（{mentor.line}）" if mentor.line else mentor.name
            self.mentor_box.addItem(shown, mentor.id)
        self.mentor_box.setCurrentIndex(self.mentor_box.findData(r.mentor_id) if r else 0)
        self.add_row("mentor_id", "导师", self.mentor_box)
        self.mentee = PeopleField(self.ctx, [r.mentee_id] if r else [], many=False, on_change=lambda: None)
        self.add_row("mentee_id", "学员", self.mentee)
        self.add_row(
            "kind", "形式", combo(pairs.PAIR_KINDS, r.kind if r else "一对一"), "2+1、3+1：每位导师各建一对"
        )
        self.add_row(
            "start_date", "开始日期", line_edit(r.start_date if r else today().isoformat()), DATE_HINT
        )
        self.add_row("end_date", "结束日期", line_edit(r.end_date if r else ""), "可不填")
        self.add_row("goals", "帮带目标", note_edit(r.goals if r else ""))
        self.add_row("note", "备注", line_edit(r.note if r else "", max_length=200))

    def write(self) -> OpResult:
        data = {key: self.text(key) for key in ("kind", "start_date", "end_date", "goals", "note")}
        data["mentor_id"] = self.mentor_box.currentData()
        data["mentee_id"] = self.mentee.person_ids[0] if self.mentee.person_ids else None
        return pairs.save_pair(self.ctx.db, self.record.id if self.record else None, data, self.ctx.actor)
