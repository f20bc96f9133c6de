"""Which column of a care ledger goes where, once its header is found (app/care/ledger_header.py).

Nothing the clerk typed is dropped for sharing a meaning with another column:
- money: the one amount column; or a 合计 (总金额, 小计（元）) beside its parts (慰问品金额, 慰问金, 现金), the 合计 the
  amount and the parts checked against it; or, without a 合计, the parts added up (app/care/ledger_money.py);
- 走访人 beside 谈话人: each its own record's (a visit's visitors, a talk's talker);
- 备注 beside 谈话内容: a talk's 谈话内容 is its summary, its 备注 joined to it with '；' (a talk has no note);
- any other column twice (two 金额（元）, one hidden; 日期 beside 走访日期): the first is read, and a row where the
  second says something else is refused naming both columns by letter, as the roster and score imports do.
A column whose header names money and that is none of these refuses the file: dropped, it would leave money out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.care.ledger_header import AMOUNT_LABEL, LedgerHeader, base_label, names_money, what_label
from app.exchange.bounds import column_letters
from app.exchange.cells import cell_text
from app.exchange.columns import normalize_label
from app.exchange.plan import PlanError
from app.exchange.twins import Twin

TOTAL, PART, PLAIN = "total", "part", "plain"
_TOTALS = frozenset(map(normalize_label, ("合计", "总金额", "金额合计", "合计金额", "慰问金额合计", "小计")))
_PARTS = frozenset(
    map(
        normalize_label,
        ("慰问金", "慰问品金额", "慰问物品金额", "物品金额", "物资金额", "慰问物资金额", "慰问品价值", "物资折价",
         "慰问品折价", "现金", "购物卡"),
    )
)  # fmt: skip
# 走访人 and 谈话人 are each a record's own; 走访人/谈话人, 经办人 serve both ("who").
_VISITORS = frozenset(map(normalize_label, ("走访人", "走访人员", "慰问人", "走访领导")))
_TALKERS = frozenset(map(normalize_label, ("谈话人", "谈话人员")))
_SUMMARIES = frozenset(map(normalize_label, ("谈话内容", "谈话要点", "谈话情况")))
WHO_COLUMNS = ("visitors", "talker", "who")
TEXT_COLUMNS = ("note", "summary")
PART_OF = "amount_part"


@dataclass(frozen=True)
class Money:
    """The money columns: `amount` is read as the amount (None when the parts are added); `parts` are checked
    against it, or added up when there is no amount column."""

    amount: int | None = None
    parts: tuple[int, ...] = ()

    @property
    def adds_parts(self) -> bool:
        return self.amount is None and bool(self.parts)

    @property
    def columns(self) -> tuple[int, ...]:
        return (*([] if self.amount is None else [self.amount]), *self.parts)


@dataclass(frozen=True)
class LedgerLayout:
    labels: list[str]  # one label a column, as the file has it
    columns: dict[int, str]  # column → what it holds, as each row is read
    twins: tuple[Twin, ...] = ()
    money: Money = Money()
    notices: list[str] = field(default_factory=list)

    def letter(self, column: int) -> str:
        return column_letters(column + 1)

    def named(self, column: int) -> str:
        """'“金额（元）”列（第G列）'."""
        return f"“{self.labels[column]}”列（第{self.letter(column)}列）"


def arrange(header: LedgerHeader) -> LedgerLayout:
    """What each column of the header holds; refuses the file (PlanError) for a money column it cannot place."""
    labels = header.labels
    columns: dict[int, str] = {}
    twins: list[Twin] = []
    money: list[tuple[int, str]] = []
    for column, label in enumerate(labels):
        what = _role(label, what_label(label)) if label else None
        if what is None:
            continue
        if what in (TOTAL, PART, PLAIN):
            money.append((column, what))
            continue
        primary = next((c for c, w in columns.items() if w == what), None)
        if primary is None:
            columns[column] = what
        else:
            twins.append(Twin(column, primary, label, labels[primary]))
    placed, more_twins = _place_money(money, labels)
    for column in placed.columns:
        columns[column] = "amount" if column == placed.amount else PART_OF
    layout = LedgerLayout(labels, columns, (*twins, *more_twins), placed)
    _refuse_unplaced_money(header, layout)
    layout.notices.extend(filter(None, (_twins_notice(layout), _money_notice(layout), _texts_notice(layout))))
    return layout


def _role(label: str, what: str | None) -> str | None:
    """The finer what of a label: money's role, whose 走访人 or 谈话人, 谈话内容 apart from 备注."""
    base = base_label(label)
    if what == "amount":
        return TOTAL if base in _TOTALS else PART if base in _PARTS else PLAIN
    if what == "who":
        return "visitors" if base in _VISITORS else "talker" if base in _TALKERS else "who"
    if what == "note":
        return "summary" if base in _SUMMARIES else "note"
    return what


def _place_money(money: list[tuple[int, str]], labels: list[str]) -> tuple[Money, list[Twin]]:
    """The amount and its parts. A 合计 is the amount, every other money column a part of it; without one a
    plain 金额 is (its parts checked against it); without either the parts are added. Two columns of one meaning
    (two 金额（元）, 金额 beside 慰问金额, a 慰问金 twice) are twins: the first read, the second checked."""
    twins: list[Twin] = []
    kept: list[tuple[int, str]] = []
    for column, role in money:
        same = next((c for c, r in kept if _same_money(r, labels[c], role, labels[column])), None)
        if same is None:
            kept.append((column, role))
        else:
            twins.append(Twin(column, same, labels[column], labels[same]))
    total = next((c for c, r in kept if r == TOTAL), None)
    if total is None:
        total = next((c for c, r in kept if r == PLAIN), None)
    if total is None and len(kept) == 1:
        total = kept[0][0]  # a 慰问金 alone is the amount
    return Money(total, tuple(c for c, _ in kept if c != total)), twins


def _same_money(role: str, label: str, other_role: str, other_label: str) -> bool:
    """Two totals or two plain amounts say the same thing; two parts only under the same label."""
    if role != other_role:
        return False
    return role != PART or base_label(label) == base_label(other_label)


def _refuse_unplaced_money(header: LedgerHeader, layout: LedgerLayout) -> None:
    """A column not read whose header names money and that holds something refuses the file: left out, its
    money would be missing from the year's spending (or every visit be imported at 0 元)."""
    read = set(layout.columns) | {t.column for t in layout.twins}
    for column, label in enumerate(layout.labels):
        if column in read or not label or not names_money(label):
            continue
        if any(
            column < len(cells) and cell_text(cells[column]) for cells in header.sheet.rows[header.first :]
        ):
            raise PlanError(_unplaced(layout, column))


def _unplaced(layout: LedgerLayout, column: int) -> str:
    where = layout.named(column)
    if not layout.money.columns:
        return (
            f"{where}看起来是金额，但表中没有“{AMOUNT_LABEL}”列，不能确定这一列是不是慰问金额，为免把金额记成 0 元，"
            f"没有导入。如果它就是慰问金额，请把表头改为“{AMOUNT_LABEL}”（金额以元为单位）后重新导入；如果不是，"
            "请删除这一列后再导入"
        )
    return (
        f"{where}看起来是金额，但不能确定它是否计入慰问金额，为免漏记支出，没有导入。如果它是慰问金额的一部分，"
        "请把表头改为“慰问金（元）”（与其他金额列相加，或与“合计（元）”列核对）；如果它就是慰问金额，请改为"
        f"“{AMOUNT_LABEL}”；如果与慰问支出无关，请删除这一列后再导入"
    )


def _twins_notice(layout: LedgerLayout) -> str | None:
    if not layout.twins:
        return None
    parts = [f"{layout.named(t.primary)}与{layout.named(t.column)}" for t in layout.twins]
    return (
        "表格中有意思相同的列："
        + "；".join(parts)
        + "。按前一列导入，后一列写了不同内容的行将被拒绝（其中一列可能是隐藏的）"
    )


def _money_notice(layout: LedgerLayout) -> str | None:
    money = layout.money
    parts = "+".join(f"“{layout.labels[c]}”" for c in money.parts)
    if money.adds_parts:
        return f"金额按{parts}相加计入（表中没有合计列）"
    if money.amount is not None and money.parts:
        return f"金额按“{layout.labels[money.amount]}”列计入，并核对它等于{parts}：不相等的行将被拒绝"
    return None


def _texts_notice(layout: LedgerLayout) -> str | None:
    """Which column went to which field, when two of them could have gone to one."""
    present = {what: c for c, what in layout.columns.items()}
    said = []
    if "visitors" in present and "talker" in present:
        said.append(
            f"“{layout.labels[present['visitors']]}”记入走访慰问的走访人，"
            f"“{layout.labels[present['talker']]}”记入谈心谈话的谈话人"
        )
    if "note" in present and "summary" in present:
        note, summary = (layout.labels[present[w]] for w in ("note", "summary"))
        said.append(
            f"“{summary}”记入谈心谈话的谈话内容，“{note}”记入各记录的备注（谈心谈话没有备注栏，它的“{note}”接在"
            f"谈话内容之后，以“；”隔开）"
        )
    return "；".join(said) + "；写在不属于本行记录的列里的内容记入备注" if said else None
