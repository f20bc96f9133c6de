"""What a roster file says beyond its people's rows: which sheet and row hold the header, and what the rows
around them mean — a 填报单位 line, section headings naming a role, hidden rows, a street column, a second 学历
column, a problem report sent back, columns the file lacks, and one person written twice."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from app.exchange.cells import REPEATED_ROW, cell_text, normalize_choice
from app.exchange.columns import (
    HeaderGuess,
    choose_sheet,
    find_header,
    guess_row,
    hidden_rows_notice,
    is_guide_sheet,
    normalize_label,
    summarize_labels,
)
from app.exchange.limits import clip
from app.exchange.plan import Action, ImportPlan, PlanError, RowPlan
from app.exchange.problem_report import PROBLEM_COLUMN, ROW_COLUMN
from app.exchange.reader import Sheet
from app.exchange.street_column import join_street, street_column, street_notice
from app.exchange.sub_header import take_highest_education
from app.people.fields import EXPORT_FIELDS, FIELD_LABELS

if TYPE_CHECKING:
    from app.exchange.roster_import import ImportOptions
    from app.exchange.roster_planner import Planner


def refuse_disagreeing_repeats(plan: ImportPlan, planner: Planner) -> None:
    """A person written twice, the rows saying different things (双楠社区 here, 桂溪社区 there): the office cannot
    know which is right, so the first row is refused too, naming what differs. A row just like the first is
    skipped and counted, not refused."""
    by_row = {row.row: row for row in plan.rows}
    repeated: dict[int, int] = {}  # a row skipped -> the row it repeats
    for first, again, said in planner.repeats:
        row = by_row.get(first)
        if row is None or row.action == Action.REJECT or row.values is None:
            continue
        differ = [FIELD_LABELS.get(f, f) for f in _differing(row.values, said)]
        if differ:
            planner.problem(row, "id_number", row.id_number,
                            f"本表第{again}行是同一公民身份号码，{'、'.join(differ)}与本行不同：请核对后只留一行")  # fmt: skip
            row.action, row.changes, row.person_id = Action.REJECT, {}, None
        elif len(by_row[again].problems) == 1:
            repeated[again] = first  # pasted twice: nothing to fix, nothing lost
    if repeated:
        plan.rows = [row for row in plan.rows if row.row not in repeated]
        plan.skipped[REPEATED_ROW] = plan.skipped.get(REPEATED_ROW, 0) + len(repeated)
        pairs = [f"第{again}行与第{first}行" for again, first in sorted(repeated.items())]
        plan.notices.append(f"{summarize_labels(pairs, unit='处')}完全相同，后一行已跳过：请核对是否重复粘贴")


def _differing(one: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """The fields two rows of one person give differently, in the roster's order (the unit by its id: two
    spellings of one unit agree)."""
    keys = one.keys() | other.keys()
    ordered = [f for f in FIELD_LABELS if f in keys] + sorted(keys - FIELD_LABELS.keys())
    return [f for f in ordered if (one.get(f) or None) != (other.get(f) or None)]


class RoleHeadings:
    """Without a 人员类别 column, a section's heading that names a role (一、党建指导员, （二）社区工作者（12人）) is
    the role of the people under it, until the next such heading: the file says it once for them all. It wins
    over a role given for the whole file (--role, the wizard's 这些人员都是), which stays for the people above
    the first such heading."""

    def __init__(self, *, wanted: bool):
        self.wanted = wanted
        self.roles: list[str] = []  # the headings read, in order

    def read(self, texts: list[str], planner: Planner) -> None:
        heading = next(text for text in texts if text)
        words = _FULL_OR_PART.sub("", _COUNT.sub("", _NUMBERING.sub("", heading)).strip())
        try:
            role = normalize_choice("role", words) if words else ""
        except ValueError:
            return
        if role:
            planner.defaults = {**planner.defaults, "role": role}
            planner.usual = None  # its rows are planned with a default now: the full way
            self.roles.append(heading)

    def say(self, plan: ImportPlan) -> None:
        if self.roles:
            listed = summarize_labels([clip(h, 20) for h in self.roles], unit="个")
            plan.notices.append(f"表格中没有“人员类别”列，按分节标题读取各节人员的类别：{listed}")


_NUMBERING = re.compile(r"^\s*[（(]?[一二三四五六七八九十0-9]+[)）、.．]?\s*")
_COUNT = re.compile(r"[（(]?\s*(?:共|计)?\s*[0-9]+\s*人\s*[)）]?\s*$")
# 专职党建指导员 / 兼职党建指导员 under one roster: both sections are 党建指导员, the heading says how they serve.
_FULL_OR_PART = re.compile(r"^(?:专职|兼职|全职|专兼职)")


# A column every new person needs that a file may lack, the default that stands in for it, and how to give one.
_NEEDED_FOR_NEW = (
    ("role", ("role",), "--role 社区工作者"),
    ("unit", ("unit", "unit_id"), "--unit “街道 / 社区”"),
)


def say_missing_for_new(plan: ImportPlan, defaults: dict[str, Any]) -> None:
    """Said once at the top: else each new person's refusal says only that the cell is blank."""
    for field, given_by, option in _NEEDED_FOR_NEW:
        if field in plan.mapping.values() or any(defaults.get(key) for key in given_by):
            continue
        label = EXPORT_FIELDS[field]
        plan.notices.append(
            f"表格中没有“{label}”列：在册人员照常核对，新增的人员缺少{label}，将被拒绝。请在表中加上这一列，"
            f"或在命令后加 {option} 给全表统一指定（导入向导在“表格中没有的信息”中选择）"
        )


def is_serial(label: str) -> bool:
    """序号: in every roster, and nothing to import; not worth a line among the columns the app does not know."""
    return normalize_label(label) in ("序号", "编号", "序", "no", "no.")


def read_education_columns(
    sheet: Sheet, first: int, mapping: dict[int, str], more: list[int], plan: ImportPlan
) -> None:
    """学历 over 全日制教育 | 在职教育: the person's 学历 is the higher of the two."""
    column = next(c for c, field in mapping.items() if field == "education")
    take_highest_education(sheet, first, column, more)
    read = [plan.headers[c] for c in more]
    plan.read_columns(read)
    columns = (column, *more)
    names = [cell_text(sheet.rows[first - 1][c]) for c in columns]  # the second header row
    if len(set(names)) < len(names) and first >= 2:  # 学历学位 under both: name them by what is above
        names = [f"{_above(sheet.rows[first - 2], c)}·{name}" for c, name in zip(columns, names, strict=True)]
    plan.notices.append(f"学历取“{'”“'.join(names)}”中较高的一项")


def _above(row: list[Any], column: int) -> str:
    """The label over `column` in the upper header row: its own cell, or the merged one left of it."""
    for c in range(min(column, len(row) - 1), -1, -1):
        if text := cell_text(row[c]):
            return text
    return ""


def say_report_columns(plan: ImportPlan) -> None:
    """Our problem report, corrected and sent back: its 原行号 and 问题说明 are ours, not unknown columns."""
    ours = [ROW_COLUMN, PROBLEM_COLUMN]
    if all(column in plan.unknown_columns for column in ours):
        plan.read_columns(ours)
        plan.notices.append(
            f"这是退回修改的问题报告：“{ROW_COLUMN}”“{PROBLEM_COLUMN}”两列是报告的说明，不导入"
        )


def report_scoped_units(plan: ImportPlan, planner: Planner) -> None:
    """A refused row's unit that the file's scope settled (玉林社区: the one under the street 本表来自 or the
    填报单位 line names) is written as its path (浆洗街街道 / 玉林社区) in the problem report, so that the
    report, corrected and sent back without that line, is read the same way. The sheet's row is left as read."""
    column = planner.column_of.get("unit")
    if column is None or planner.units.scope is None:
        return
    for row in plan.rejected():
        text = cell_text(row.cells[column]) if column < len(row.cells) else ""
        path = planner.units.scoped_path(text) if text else None
        if path is not None:
            row.cells = [*row.cells]
            row.cells[column] = path


def say_hidden(hidden: frozenset[int], plan: ImportPlan) -> None:
    plan.notices += hidden_rows_notice([r.row for r in plan.rows], hidden, "人员")


def say_struck(struck: frozenset[int], plan: ImportPlan) -> None:
    """People's rows struck through — how clerks mark those who left — are read like the rest (the file says
    nothing certain), but never in silence."""
    shown = [f"第{r.row}行" for r in plan.rows if r.row - 1 in struck]
    if shown:
        listed = summarize_labels(shown, unit="行")
        plan.notices.append(
            f"{listed}整行加了删除线（常表示已调离），仍按普通行导入，请核对：如不应导入，请在表中删除这些行后再导入"
        )


# What a 备注 says of someone no longer at their post.
_LEFT = ("已调离", "已离职", "已退休", "已去世", "已辞职", "已解聘", "已故")


def say_left_in_note(plan: ImportPlan, planner: Planner) -> None:
    """A person whose 备注 says 已调离 (已退休 …) while the row leaves them 在岗 — the 状态 column blank, absent, or
    在岗 — is named: the office would otherwise count them at their post."""
    column = planner.column_of.get("note")
    if column is None:
        return
    named = []
    for row in plan.rows:
        note = cell_text(row.cells[column]) if column < len(row.cells) else ""
        word = next((w for w in _LEFT if w in note), None) if note else None
        if word and row.action != Action.REJECT and _status_of(row, planner) == "在岗":
            named.append(f"第{row.row}行 {row.name}（备注“{word}”）")
    if named:
        listed = summarize_labels(named, shown=5, unit="人")
        plan.notices.append(
            f"{listed}：备注写着已离开岗位，但状态将按“在岗”导入，请核对。如确已离开，请在“状态”列填写离岗、退休或解聘"
            "后再导入，或导入后在人员档案中修改"
        )


def _status_of(row: RowPlan, planner: Planner) -> str | None:
    """The 状态 the person will have after this import: the file's (在岗 when it gives none, for someone new), or
    for someone on record what the record says unless the file changes it."""
    if "status" in row.changes:
        return row.changes["status"][1]
    if row.person_id is not None:
        return planner.existing.get(row.id_number, {}).get("status")
    return row.values.get("status")


def read_street(rows: list[list[object]], plan: ImportPlan) -> None:
    """A 街道 column beside the 社区 one: read together as the unit's path (app/exchange/street_column.py)."""
    street = street_column(plan.headers, plan.mapping)
    if street is None:
        return
    unit = next(c for c, f in plan.mapping.items() if f == "unit")
    join_street(rows, street, unit)
    plan.notices.append(street_notice(plan.headers, street, unit))
    plan.read_columns([plan.headers[street]])


def locate_header(sheets: list[Sheet], options: ImportOptions) -> tuple[Sheet, HeaderGuess]:
    if not sheets:
        raise PlanError("文件中没有任何工作表或数据。")
    if options.sheet is not None:
        chosen = [s for s in sheets if s.name == options.sheet]
        if not chosen:
            named = summarize_labels([s.name for s in sheets], unit="张")
            raise PlanError(f"文件中没有名为“{options.sheet}”的工作表，有：{named}。")
        sheet = chosen[0]
        guess = (
            find_header(sheet.rows) if options.header_row is None else _header_at(sheet, options.header_row)
        )
    else:
        found = choose_sheet(sheets)
        sheet, guess = found if found else (sheets[0], None)
        if options.header_row is not None:
            guess = _header_at(sheet, options.header_row)
    if guess is None:
        raise PlanError(
            "没有找到表头行：表格前30行中没有同时含“姓名”和“公民身份号码”（或“身份证号”）的行。"
            "请检查表头（在导入向导的“核对表头和列”一步也可以手动指定表头所在的行）。"
        )
    return sheet, guess


def other_rosters(sheets: list[Sheet], chosen: Sheet) -> list[str]:
    """The other sheets whose header names 姓名 and 公民身份号码: a street's workbook of a sheet per community is
    read one sheet at a time, and the dry run says which were left."""
    others = [sheet for sheet in sheets if sheet is not chosen and not is_guide_sheet(sheet.name)]
    guesses = [(sheet.name, find_header(sheet.rows)) for sheet in others]
    return [name for name, guess in guesses if guess is not None and {"name", "id_number"} <= guess.fields]


def _header_at(sheet: Sheet, row_index: int) -> HeaderGuess:
    if not 0 <= row_index < len(sheet.rows):
        raise PlanError(f"指定的表头行（第{row_index + 1}行）超出了表格范围。")
    return guess_row(sheet.rows[row_index], row_index)
