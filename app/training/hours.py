"""Each person's training hours in a year against the requirement of their role (学时统计), and its export.

A course's hours count in the year it ends, once it has ended (by the office's clock, app.clock: its last day
counts): a list recorded while the course runs is not yet hours done. Everyone at work (在岗, 试用期) is listed, with 0 when they had no
training; someone no longer at work is listed only when they have hours that year. 差额 is what is still owed
(0 once the requirement is met). Hours count whatever the result: they are hours attended."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from sqlite_utils import Database

from app import clock
from app.exchange.roster_export import safe_csv_text
from app.exchange.xlsx_out import ExportError, check_folder, header_style, save_book, styled, write_via_part
from app.people.fields import role_label
from app.training.rules import AT_WORK, PersonHours, hours_text, standing
from app.training.settings import required_hours

COLUMNS = ("姓名", "公民身份号码", "人员类别", "学时", "要求学时", "差额")


def year_hours(db: Database, year: int) -> dict[int, Decimal]:
    """person id → the hours recorded in living courses that ended in the year (by today)."""
    totals: dict[int, Decimal] = {}
    for person_id, hours in db.execute(
        "SELECT e.person_id, e.hours FROM enrolments e JOIN courses c ON c.id = e.course_id"
        " WHERE e.deleted_at IS NULL AND c.deleted_at IS NULL AND e.hours IS NOT NULL"
        " AND substr(c.end_date, 1, 4) = ? AND c.end_date <= ?",
        [str(year), clock.today().isoformat()],
    ):
        totals[person_id] = totals.get(person_id, Decimal(0)) + Decimal(hours)
    return totals


def hours_of_year(db: Database, year: int, *, below_only: bool = False) -> list[PersonHours]:
    """Everyone at work, and anyone with hours in the year, in the roster's name order."""
    hours = year_hours(db, year)
    people = [
        (pid, name, number, role)
        for pid, name, number, role, status in db.execute(
            "SELECT id, name, id_number, role, status FROM people WHERE deleted_at IS NULL ORDER BY name_order, id"
        )
        if status in AT_WORK or pid in hours
    ]
    rows = standing(people, hours, required_hours(db))
    return [r for r in rows if r.below] if below_only else rows


def person_years(db: Database, person_id: int) -> list[tuple[int, PersonHours]]:
    """One person's hours in each year they had training that has ended, newest first, against their role's
    requirement (the person form's 培训 tab: as the 学时统计 counts)."""
    person = db.execute("SELECT id, name, id_number, role FROM people WHERE id = ?", [person_id]).fetchone()
    if person is None:
        return []
    by_year: dict[int, Decimal] = {}
    for end, hours in db.execute(
        "SELECT c.end_date, e.hours FROM enrolments e JOIN courses c ON c.id = e.course_id"
        " WHERE e.person_id = ? AND e.deleted_at IS NULL AND c.deleted_at IS NULL AND e.hours IS NOT NULL"
        " AND c.end_date <= ?",
        [person_id, clock.today().isoformat()],
    ):
        by_year[int(end[:4])] = by_year.get(int(end[:4]), Decimal(0)) + Decimal(hours)
    required = required_hours(db)
    return [
        (year, standing([tuple(person)], {person_id: by_year[year]}, required)[0])
        for year in sorted(by_year, reverse=True)
    ]


def row_values(row: PersonHours) -> list[str]:
    return [row.name, row.id_number, role_label(row.role), hours_text(row.hours), hours_text(row.required),
            hours_text(row.short)]  # fmt: skip


def export_hours(rows: list[PersonHours], out: Path) -> int:
    """The list as CSV (UTF-8 with BOM, the ID number plain text) or .xlsx (numbers as numbers, the ID number
    as text); returns the number of people written."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"学时统计只能保存为 .csv 或 .xlsx 文件，当前为“{out.suffix or '无扩展名'}”")
    check_folder(out)
    write_via_part(out, lambda part: (_csv if suffix == ".csv" else _xlsx)(rows, part))
    return len(rows)


def _csv(rows: list[PersonHours], out: Path) -> None:
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            values = row_values(row)
            writer.writerow([safe_csv_text(values[0]), *values[1:]])


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _xlsx(rows: list[PersonHours], out: Path) -> None:
    """Write-only: a cell per value is made once, and the ID number's cell carries its text format."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("学时统计")
    for letter, width in zip("ABCDEF", (12, 22, 12, 8, 10, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    style = header_style(wrap=False)
    sheet.append([styled(WriteOnlyCell(sheet, label), style) for label in COLUMNS])
    for row in rows:
        number = WriteOnlyCell(sheet, row.id_number)
        number.number_format = "@"
        sheet.append([row.name, number, role_label(row.role), _number(row.hours), _number(row.required),
                      _number(row.short)])  # fmt: skip
    save_book(book, out)


__all__ = ["COLUMNS", "ExportError", "export_hours", "hours_of_year", "person_years", "year_hours"]
