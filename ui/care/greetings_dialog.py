"""批量慰问: everyone at work with a birthday in a month, or the people chosen for a festival (春节, 端午, 中秋,
dated on that year's day), greeted in one step with the gift and the amount per person set once — one visit per
person, all written in one transaction (app/care/greetings.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSpinBox, QStackedWidget

from app.care.festivals import FESTIVALS, FestivalError, festival_date
from app.care.greetings import birthday_people, greet_birthdays, greet_festival
from app.care.money import AmountError, fen_text, parse_amount
from app.care.rules import VISIT_METHODS
from app.care.service import VisitInput
from app.changes import OpResult, ValidationError
from app.clock import today
from ui.care.form_parts import CareForm, PeopleField, combo, line_edit
from ui.widgets import SPIN_WIDTH

BIRTHDAYS, FESTIVAL = "本月生日慰问", "节日慰问"


class GreetingsDialog(CareForm):
    title = "批量慰问"
    ok_text = "全部登记"

    def build(self) -> None:
        now = today()
        self.add_row("mode", "慰问类型", combo((BIRTHDAYS, FESTIVAL)))
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(now.year)
        self.year_box.setSuffix(self.tr(" 年"))
        self.year_box.setMaximumWidth(SPIN_WIDTH)
        self.add_row("year", "年度", self.year_box)
        self.month_box = QSpinBox()
        self.month_box.setRange(1, 12)
        self.month_box.setValue(now.month)
        self.month_box.setSuffix(self.tr(" 月"))
        self.month_box.setMaximumWidth(SPIN_WIDTH)
        self.festival_box = combo(FESTIVALS)
        self.when = QStackedWidget()
        self.when.addWidget(self.month_box)
        self.when.addWidget(self.festival_box)
        self.add_row("when", "月份 / 节日", self.when)
        self.birthday_list = QLabel()
        self.birthday_list.setWordWrap(True)
        self.birthday_list.setAlignment(self.birthday_list.alignment() | Qt.AlignmentFlag.AlignTop)
        # A month may have dozens of birthdays: they scroll in a box of a few lines, never cut off.
        scroll = QScrollArea()
        scroll.setWidget(self.birthday_list)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFixedHeight(96)
        self.people = PeopleField(self.ctx, [], many=True, on_change=self._update)
        self.who = QStackedWidget()
        self.who.addWidget(scroll)
        self.who.addWidget(self.people)
        self.add_row("people", "慰问对象", self.who)
        self.add_row(
            "date", "慰问日期", line_edit(), "生日慰问留空则各按生日当天登记；节日慰问默认为当年节日"
        )
        self.add_row("method", "慰问方式", combo(VISIT_METHODS))
        self.add_row("visitors", "走访人", line_edit("", "如：区委组织部"))
        self.add_row("gift", "慰问品", line_edit("", "如：生日蛋糕券、月饼"))
        self.add_row("amount_fen", "每人金额（元）", line_edit("", "如 100 或 200.50", 30))
        self.total_label = QLabel()
        self.total_label.setObjectName("countLabel")
        self.form.addRow("", self.total_label)
        self.fields["mode"].currentIndexChanged.connect(self._mode_changed)
        self.year_box.valueChanged.connect(self._festival_changed)  # the festival's day moves with the year
        self.month_box.valueChanged.connect(self._update)
        self.festival_box.currentIndexChanged.connect(self._festival_changed)
        self.fields["amount_fen"].textChanged.connect(self._update)
        self._mode_changed()

    @property
    def festival(self) -> bool:
        return self.text("mode") == FESTIVAL

    def _mode_changed(self, *_args) -> None:
        self.when.setCurrentIndex(int(self.festival))
        self.who.setCurrentIndex(int(self.festival))
        self._festival_changed()

    def _festival_changed(self, *_args) -> None:
        """The festival's day of the chosen year fills the date (the clerk may type another)."""
        date = ""
        if self.festival:
            try:
                date = festival_date(self.festival_box.currentText(), self.year_box.value()).isoformat()
            except FestivalError:
                date = ""
        self.fields["date"].setText(date)
        self._update()

    def _people(self) -> list[tuple[int, str, object]]:
        return birthday_people(self.ctx.db, self.year_box.value(), self.month_box.value())

    def _update(self, *_args) -> None:
        if self.festival:
            count = len(self.people.person_ids)
        else:
            people = self._people()
            count = len(people)
            shown = "、".join(f"{name}（{day.month}月{day.day}日）" for _pid, name, day in people[:30])
            more = self.tr("等 {0} 人").format(count) if count > 30 else self.tr("共 {0} 人").format(count)
            self.birthday_list.setText(f"{shown}{more}" if people else self.tr("这个月没有在岗人员过生日"))
        try:
            fen = parse_amount(self.text("amount_fen")) or 0
        except AmountError:
            fen = 0
        money = self.tr("，合计 {0} 元").format(fen_text(fen * count)) if fen else ""
        self.total_label.setText(self.tr("将登记 {0} 人{1}").format(count, money))

    def write(self) -> OpResult:
        try:
            fen = parse_amount(self.text("amount_fen")) or 0
        except AmountError as exc:
            raise ValidationError({"amount_fen": str(exc)}) from exc
        template = VisitInput(
            person_ids=[], date=self.text("date") or None, kind="", method=self.text("method"),
            visitors=self.text("visitors"), gift=self.text("gift"), amount_fen=fen,
        )  # fmt: skip
        db, actor, year = self.ctx.db, self.ctx.actor, self.year_box.value()
        if self.festival:
            return greet_festival(
                db, self.people.person_ids, self.festival_box.currentText(), year, template, actor
            )
        return greet_birthdays(db, year, self.month_box.value(), template, actor)
