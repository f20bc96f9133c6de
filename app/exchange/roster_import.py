"""Importing a roster (花名册): a dry run that says what each row would do, then one transaction that does it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.clock import today as clock_today
from app.exchange.bulk import collector_paused
from app.exchange.cell_errors import (
    error_row,
    screen_row,
)
from app.exchange.cells import RowKinds, cell_text, cell_texts
from app.exchange.filed_by import scope_from_title
from app.exchange.plan import Action, ImportPlan, PlanError
from app.exchange.prefetch import sheets_of
from app.exchange.roster_file import (
    RoleHeadings,
    is_serial,
    locate_header,
    other_rosters,
    read_education_columns,
    read_street,
    refuse_disagreeing_repeats,
    report_scoped_units,
    say_hidden,
    say_left_in_note,
    say_missing_for_new,
    say_report_columns,
    say_struck,
)
from app.exchange.roster_plain import plain_row
from app.exchange.roster_planner import STORED_FIELDS, KnownOffice, Planner
from app.exchange.sheet import fill_merged_down, mark_csv_months
from app.exchange.sub_header import joined_education_columns, read_two_rows, second_header_row
from app.exchange.twins import (
    check_phones,
    check_twins,
    describe_phones,
    describe_twins,
    find_twins,
    join_phones,
    phone_twins,
)
from app.people.fields import DATE_FIELDS, EXPORT_FIELDS

__all__ = ["REQUIRED_COLUMNS", "STORED_FIELDS", "ImportOptions", "PlanError", "plan_import"]

REQUIRED_COLUMNS = ("name", "id_number")


@dataclass(frozen=True)
class ImportOptions:
    sheet: str | None = None  # the sheet to read; None: the first with a header
    header_row: int | None = None  # 0-based index of the header row; None: found by its labels
    mapping: dict[int, str] | None = None  # column -> field, as corrected by the user; None: from the labels
    defaults: dict[str, Any] | None = (
        None  # values for columns the file lacks, e.g. {'role': 'community_worker'}
    )
    unit_scope: int | None = None  # the unit the file comes from: its names are looked up there first


def plan_import(
    db: Database, path: Path, options: ImportOptions | None = None, *, today: dt.date | None = None
) -> ImportPlan:
    """Read the file and decide, for every row, what importing it would do. Writes nothing."""
    with collector_paused():
        return _plan_import(db, path, options, today)


def _plan_import(
    db: Database, path: Path, options: ImportOptions | None, today: dt.date | None
) -> ImportPlan:
    options = options or ImportOptions()
    # What the office holds first: a command line that began reading the file in the background reads on meanwhile.
    office = KnownOffice.load(db, options.unit_scope)
    sheets = sheets_of(Path(path))
    sheet, guess = locate_header(sheets, options)
    mapping = dict(options.mapping) if options.mapping is not None else dict(guess.mapping)
    headers = [cell_text(c) for c in sheet.rows[guess.row_index]]
    two_rows = second_header_row(sheet, guess.row_index, mapping)
    more_education: list[int] = []
    if two_rows and options.mapping is None:
        both = read_two_rows(sheet, guess.row_index)
        mapping, headers, more_education = both.mapping, both.labels, both.more_education
    elif "education" in mapping.values():  # our problem report sent back: its 学历·在职教育 as written there
        more_education = joined_education_columns(headers, mapping)
    first = guess.row_index + 1 + two_rows  # the first row of data
    missing = [EXPORT_FIELDS[f] for f in REQUIRED_COLUMNS if f not in mapping.values()]
    if missing:
        raise PlanError(
            f"表格中找不到“{'”“'.join(missing)}”列。请确认表头行写有这些列名（在导入向导的“核对表头和列”一步也可以手动指定）。"
        )
    planner = Planner(office, mapping, headers, options.defaults or {}, today or clock_today())
    plan = ImportPlan(
        file_name=Path(path).name, sheet=sheet.name, header_row=guess.row_index + 1,
        headers=headers, mapping=mapping,
        unknown_columns=[h for i, h in enumerate(headers) if h and i not in mapping and not is_serial(h)],
        rows=[], skipped={}, new_units=[], other_sheets=other_rosters(sheets, sheet),
    )  # fmt: skip
    if two_rows:
        plan.notices.append(f"表头占两行（第{first - 1}、{first}行），已合在一起读取")
    if more_education:
        read_education_columns(sheet, first, mapping, more_education, plan)
    say_report_columns(plan)
    if options.unit_scope is not None or "unit" in mapping.values():
        scope_from_title(sheet.rows[: guess.row_index], office.units, plan, within=options.unit_scope)
    fill_merged_down(sheet, first)  # a community merged down beside its people
    mark_csv_months(sheet, first, [c for c, f in mapping.items() if f in DATE_FIELDS])
    read_street(sheet.rows[first:], plan)
    planner.read_units_first(sheet.rows[first:])
    kinds = RowKinds(mapping, headers, lone_cells=True)
    headings = RoleHeadings(wanted="role" not in mapping)  # over --role / the wizard's choice: it is nearer
    phones, twins = phone_twins(find_twins(headers, mapping))  # 手机 beside 办公电话: both the person's
    if twins:
        plan.notices.append(describe_twins(twins))
        plan.read_columns(t.header for t in twins)
    if phones:
        plan.notices.append(describe_phones(phones))
        plan.read_columns(t.header for t in phones)
    for offset, cells in enumerate(sheet.rows[first:], start=first):
        # Once per cell: what row_kind and plan_row both read; an Excel error value reads blank, and is said.
        texts, errors = screen_row(sheet.error_rows, offset, cells, cell_texts(cells), mapping)
        if planner.says_nothing(texts):  # '/', '无' …: a cell filled only to say it is empty
            cells, texts = planner.without_nothing(cells, texts)
        if kind := error_row(kinds.kind(texts), texts, mapping, errors):
            plan.skipped[kind] = plan.skipped.get(kind, 0) + 1
            if kind == "标题行" and headings.wanted:
                headings.read(texts, planner)
            continue
        if phones:  # the numbers of both columns in the phone's cell, read as a cell of several
            texts = join_phones(texts, phones)
        # Rows start at A1: index + 1 is the Excel row. The usual row is planned at once (roster_plain).
        row = (None if errors else plain_row(planner, offset + 1, cells, texts)) or planner.plan_row(
            offset + 1, cells, texts, errors
        )
        if twins:
            check_twins(row, texts, twins)
        if phones:
            check_phones(row, texts, phones)
        plan.rows.append(row)
    if sheet.hidden_rows:
        say_hidden(sheet.hidden_rows, plan)
    if sheet.struck_rows:
        say_struck(sheet.struck_rows, plan)
    headings.say(plan)
    if planner.repeats:
        refuse_disagreeing_repeats(plan, planner)
    say_left_in_note(plan, planner)  # of the rows still taken
    say_missing_for_new(plan, planner.defaults)  # a role a heading gave is among them
    plan.notices += planner.file_notices(plan)  # 学位 left out of 学历, the 在岗 new people get
    plan.units_to_create = planner.units.new_units()
    # A unit named only by rejected rows is not created, nor shown as one that would be.
    plan.units_to_create = plan.units_needed([r for r in plan.rows if r.action != Action.REJECT])
    plan.new_units = [u.written for u in plan.units_to_create]
    report_scoped_units(plan, planner)  # after: it asks the matcher, which must plan nothing more
    return plan
