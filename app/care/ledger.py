"""Bringing last year's care notebook in (导入关怀台账): a dry run that says what each row would do, then one
transaction that does it.

One record per row: 日期, 姓名, 公民身份号码, 记录类型 (事件 / 走访慰问 / 谈心谈话 / 健康体检), 类别, 方式,
走访人 or 谈话人, 慰问品, 金额（元）, 回访日期, 备注 — the header found by its labels under titles, on one row or
two, as in the roster import (app/care/ledger_header.py); a 走访慰问台账 or 谈心谈话记录 without 记录类型 is read
as what it is (app/care/ledger_kind.py); columns that share a meaning, money in several columns, are placed by
app/care/ledger_columns.py. People are matched by ID number (the import never creates people); a name that is
not the number's holder's is an error. A visit or talk answers the oldest open event of its person that it fits,
the file's own events included, and a new event the oldest fitting visit or talk already recorded
(app/care/ledger_events.py). A row already in the database (same person, date, type and 类别) is skipped when
the stored record holds all it says, so a ledger imported twice adds nothing the second time; one that says more
or else is refused naming what differs (app/care/ledger_known.py). A 合计 row is checked against the money of the rows above.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from app.care.ledger_cells import CHECK, EVENT, TALK_RECORD, VISIT_RECORD
from app.care.ledger_columns import LedgerLayout, arrange
from app.care.ledger_events import link_answer, match_events
from app.care.ledger_header import REQUIRED, LedgerHeader, find_header, locate
from app.care.ledger_kind import ledger_kind, title_year
from app.care.ledger_money import fill_merges, total_row_notice, written_fen
from app.care.ledger_rows import ID, NAME, RECORD_TYPES, LedgerRow, RowPlanner, SheetFacts
from app.care.money import fen_text
from app.care.service import CARE_CHANGED, audit_create, insert_row
from app.changes import OpResult
from app.clock import today as clock_today
from app.clock import utc_now
from app.exchange.cell_errors import error_row, screen_row
from app.exchange.cells import RowKinds, cell_texts
from app.exchange.columns import hidden_rows_notice, is_guide_sheet
from app.exchange.dry_run_report import opening_lines, refused_lines
from app.exchange.plan import Action, PlanError
from app.exchange.reader import Sheet, read_workbook

NO_RECORD = "没有日期、姓名、身份号码和记录类型的行（只有序号、无标题的小计等）"
TOTAL_ROW = "合计行"
_GRAND_TOTAL = re.compile(r"^(?:本页|全部)?(?:合计|总计|共计)")  # not 小计: a section's, not the table's
_TEXT_FILES = (".csv", ".txt", ".tsv")
TABLES = {
    EVENT: "care_events",
    VISIT_RECORD: "care_visits",
    TALK_RECORD: "care_talks",
    CHECK: "care_health_checks",
}
ENTITIES = {
    EVENT: "care_event",
    VISIT_RECORD: "care_visit",
    TALK_RECORD: "care_talk",
    CHECK: "care_health_check",
}


@dataclass
class LedgerPlan:
    file_name: str
    sheet: str
    header_row: int
    ignored: list[str]
    rows: list[LedgerRow]
    skipped: dict[str, int]
    headers: list[str] = field(default_factory=list)  # one label a column, as the file has it
    columns: dict[int, str] = field(default_factory=dict)  # column index → what it holds (date, name …)
    other_sheets: list[str] = field(default_factory=list)  # more sheets with a ledger: not read, and said so
    notices: list[str] = field(default_factory=list)  # said before the rows: how the file was read

    def count(self, action: Action) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def rejected(self) -> list[LedgerRow]:
        return [r for r in self.rows if r.action == Action.REJECT]

    def to_write(self) -> list[LedgerRow]:
        return [r for r in self.rows if r.action == Action.NEW]

    def summary(self) -> str:
        parts = [f"新增 {self.count(Action.NEW)} 条", f"已有（跳过） {self.count(Action.UNCHANGED)} 条",
                 f"拒绝 {self.count(Action.REJECT)} 条"]  # fmt: skip
        if skipped := sum(self.skipped.values()):
            parts.append(f"非记录行 {skipped} 行")
        return "，".join(parts)


def _named(sheets: list[Sheet], name: str) -> list[Sheet]:
    """The sheet called `name` (spaces aside), as the only one to read."""
    wanted = "".join(name.split())
    found = [sheet for sheet in sheets if "".join(sheet.name.split()) == wanted]
    if not found:
        names = "、".join(sheet.name for sheet in sheets)
        raise PlanError(f"工作簿中没有名为“{wanted}”的工作表，有：{names}")
    return found[:1]


def _no_record(texts: list[str], columns: dict[int, str]) -> str | None:
    """A row with none of the four cells a record needs — a numbered template row (序号 only), a subtotal
    without its label (an amount only): not a record to refuse, and counted in what the dry run skips."""
    needed = (*REQUIRED, "type")
    if any(texts[c] for c, what in columns.items() if what in needed and c < len(texts)):
        return None
    return NO_RECORD


def _facts(header: LedgerHeader, layout: LedgerLayout, path: Path, plan: LedgerPlan) -> SheetFacts:
    """What the rows need to know of the sheet: the record type of a ledger of one kind (said), the title's
    year, whether merges were lost (a CSV), the rows under merged money. Fills the other merged cells."""
    merged_money = fill_merges(header.sheet, header.first, layout)
    kind = None
    if "type" not in layout.columns.values():
        kind, said = ledger_kind(header, layout)
        plan.notices.append(said)
    from_text = Path(path).suffix.lower() in _TEXT_FILES
    return SheetFacts(kind, title_year(header), from_text, merged_money)


def _grand_total(texts: list[str], money: tuple[int, ...]) -> bool:
    """Whether a row the import skips as a total is the table's 合计 (总计, 共计), not a section's 小计."""
    return any(
        _GRAND_TOTAL.match("".join(unicodedata.normalize("NFKC", t).split()))
        for c, t in enumerate(texts)
        if t and c not in money
    )


def plan_ledger(
    db: Database, path: Path, today: dt.date | None = None, sheet: str | None = None
) -> LedgerPlan:
    """Read the file (the first sheet holding a ledger, or the one named) and decide what importing each row
    would do. Writes nothing."""
    sheets = read_workbook(Path(path))
    header = locate(_named(sheets, sheet) if sheet is not None else sheets)
    layout = arrange(header)
    sheet_read, headers, columns = header.sheet, layout.labels, layout.columns
    read = set(columns) | {t.column for t in layout.twins}
    plan = LedgerPlan(
        Path(path).name,
        sheet_read.name,
        header.index + 1,
        [h for i, h in enumerate(headers) if h and i not in read],
        [],
        {},
        headers,
        columns,
        [
            other.name
            for other in sheets
            if other is not sheet_read and not is_guide_sheet(other.name) and find_header(other) is not None
        ],
    )
    if header.depth == 2:
        plan.notices.append(f"表头占两行（{header.rows_text()}），已合在一起读取")
    facts = _facts(header, layout, Path(path), plan)
    plan.notices += layout.notices
    planner = RowPlanner(db, layout, today or clock_today(), facts)
    _plan_rows(plan, planner, header)
    match_events(db, plan.rows, planner.due_days)
    plan.notices += planner.type_notices()
    plan.notices += hidden_rows_notice([r.row for r in plan.rows], sheet_read.hidden_rows, "记录")
    return plan


def _plan_rows(plan: LedgerPlan, planner: RowPlanner, header: LedgerHeader) -> None:
    """Each row under the header: a record planned, or a row skipped and counted — a 合计 row checked against
    the money of the rows above it, as written (refused rows too)."""
    layout, sheet = planner.layout, header.sheet
    columns = layout.columns
    kinds = RowKinds({c: f for c, f in columns.items() if f in (NAME, ID)}, layout.labels)
    written = 0
    for number, cells in enumerate(sheet.rows[header.first :], start=header.first + 1):
        texts, errors = screen_row(sheet.error_rows, number - 1, cells, cell_texts(cells), columns)
        # An error value in a column read is a record to refuse, not a row without one.
        kind = error_row(kinds.kind(texts), texts, columns, errors)
        if kind := kind or (None if errors else _no_record(texts, columns)):
            plan.skipped[kind] = plan.skipped.get(kind, 0) + 1
            if kind == TOTAL_ROW and _grand_total(texts, layout.money.columns):
                total = written_fen(layout, cells)
                notice = total_row_notice(number, total, written) if total is not None else None
                plan.notices += [notice] if notice else []
            continue
        written += written_fen(layout, cells) or 0
        plan.rows.append(planner.plan_row(number, cells, texts, errors))


def commit_ledger(db: Database, plan: LedgerPlan, actor: str) -> OpResult:
    """Write the rows the plan accepts, in one transaction (events first, so a visit can name one made by
    this file). The caller has made a backup."""
    rows = plan.to_write()
    now = utc_now()
    event_ids: dict[int, int] = {}
    with db.atomic():
        for row in sorted(rows, key=lambda r: r.record_type != EVENT):
            values = dict(row.values)
            if row.answers is not None:
                values["event_id"] = event_ids.get(row.answers, row.answers)
            record_id, uid = insert_row(db, TABLES[row.record_type], values, now)
            if row.record_type == EVENT:
                event_ids[-row.row] = record_id
            after = values
            if row.record_type == VISIT_RECORD:
                insert_row(db, "care_visit_people", {"visit_id": record_id, "person_id": row.person_id}, now)
                after = {"people": row.name, **values}
            audit_create(db, actor, ENTITIES[row.record_type], record_id, uid, after)
            if row.answered_by is not None:  # a visit or talk already recorded answers this new event
                link_answer(db, row.answered_by, record_id, actor, now)
    counts = "，".join(
        f"{t} {n} 条" for t in RECORD_TYPES if (n := sum(1 for r in rows if r.record_type == t))
    )
    money = sum(r.values.get("amount_fen") or 0 for r in rows)
    said = f"已导入 {len(rows)} 条关怀记录（{counts}）" if rows else "没有需要写入的记录"
    if linked := sum(1 for r in rows if r.answered_by is not None):
        said += f"，其中 {linked} 个事件由已有的走访或谈话答复"
    return OpResult(
        CARE_CHANGED, None, said + (f"，金额合计 {fen_text(money)} 元" if money else ""), made=len(rows)
    )


def describe_plan(plan: LedgerPlan) -> list[str]:
    """The dry run as lines for the command line: the header, what is ignored, each row's fate."""
    how = "请把它们各自另存为一个文件后分别导入（命令行也可以用 --sheet 工作表名 逐张导入）。"
    lines = opening_lines(plan, kind="台账", how=how, notices=plan.notices)
    lines += [f"  第{r.row}行 {r.name} {r.record_type}：{r.note}" for r in plan.rows if r.note]
    return lines + refused_lines(plan.rejected())
