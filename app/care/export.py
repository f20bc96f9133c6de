"""Care files for Excel and for programs: what is due (.csv), the year's spending (.csv or .xlsx) and a list of
records as shown on 关怀记录 (.xlsx).

CSV is UTF-8 with BOM (Excel shows the Chinese) and the ID number plain text, no leading tab (programs read
it too), as the ranking export. Amounts are yuan to the fen: '1200.50' in CSV, an exact number shown 0.00 in
.xlsx. The .xlsx holds all three views of the spending (类别, 单位, 月份), the one asked for first.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from app.care.money import BY_CHOICES, BY_LABELS, SpendRow, fen_text, fen_yuan
from app.care.rules import DueItem
from app.exchange.roster_export import safe_csv_text
from app.exchange.xlsx_out import (
    ExportError,
    check_folder,
    check_xlsx_target,
    header_style,
    save_book,
    styled,
    write_via_part,
)

DUE_COLUMNS = ("类型", "姓名", "公民身份号码", "事由", "到期日", "逾期天数")
COUNT, MONEY = "次数", "金额（元）"


def export_due(items: Sequence[DueItem], out: Path) -> int:
    """What is due as CSV; returns the number of items written."""
    out = Path(out)
    if out.suffix.lower() != ".csv":
        raise ExportError(f"待办清单只能保存为 .csv 文件，当前为“{out.suffix or '无扩展名'}”")
    check_folder(out)

    def write(part: Path) -> None:
        with part.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(DUE_COLUMNS)
            for i in items:
                writer.writerow([i.kind, safe_csv_text(i.name), i.id_number, safe_csv_text(i.subject),
                                 i.due.isoformat(), str(i.days_late)])  # fmt: skip

    write_via_part(out, write)
    return len(items)


def export_spending(views: dict[str, list[SpendRow]], by: str, out: Path) -> None:
    """The `by` view as CSV, or every view as sheets of one .xlsx (the `by` one first)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"支出统计只能保存为 .csv 或 .xlsx 文件，当前为“{out.suffix or '无扩展名'}”")
    check_folder(out)
    if suffix == ".csv":
        write_via_part(out, lambda part: _spending_csv(views[by], by, part))
    else:
        order = [by, *(b for b in BY_CHOICES if b != by)]
        write_via_part(out, lambda part: _spending_xlsx({b: views[b] for b in order}, part))


def _spending_csv(rows: list[SpendRow], by: str, out: Path) -> None:
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([BY_LABELS[by], COUNT, MONEY])
        for row in rows:
            writer.writerow([safe_csv_text(row.label), str(row.count), fen_text(row.fen)])


def _spending_xlsx(views: dict[str, list[SpendRow]], out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    style = header_style(wrap=False)
    for by, rows in views.items():
        sheet = book.create_sheet(f"按{BY_LABELS[by]}")
        sheet.append([BY_LABELS[by], COUNT, MONEY])
        for cell in sheet[1]:
            styled(cell, style)
        for row in rows:
            sheet.append([row.label, row.count, fen_yuan(row.fen)])
            sheet.cell(sheet.max_row, 3).number_format = "0.00"
        for cell in sheet[sheet.max_row]:  # 合计
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["C"].width = 16
        sheet.freeze_panes = "A2"
    save_book(book, out)


def export_list(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[str]], out: Path, numbers: Sequence[int] = ()
) -> int:
    """A list of records as the page shows it (走访慰问 of a year, say) to .xlsx: the header styled and frozen, text
    stays text (a note starting with '=' is never a formula), the columns in `numbers` (金额) as numbers shown
    0.00. Returns the rows written."""
    from app.exchange.list_report import write_list

    out = check_xlsx_target(Path(out), title)
    cells = [[_number(v) if i in numbers else v for i, v in enumerate(row)] for row in rows]
    return write_list(out, title, headers, cells, formats=dict.fromkeys(numbers, "0.00"))


def _number(text: str) -> float | str:
    """An amount as the list shows it ('1,200.50') as a number; anything else as it is."""
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        return text
