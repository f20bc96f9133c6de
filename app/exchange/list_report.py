"""A list as a page shows it (参训名单, 导师组名单, a year's 走访慰问 …) written to one .xlsx sheet: every area's
list export writes through here, so they all open alike in Excel and WPS."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from app.exchange.xlsx_out import fit_a4, header_style, save_xlsx, styled, text_width


def write_list(
    out: Path,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    formats: Mapping[int, str] | None = None,
) -> int:
    """One sheet: the header styled and frozen, text as string cells in the text format (never a formula, ID
    numbers kept whole), numbers as numbers (column index → number format in `formats`, say 0.00 for 金额),
    columns as wide as their text, A4 landscape when printed. Returns the rows written."""
    from openpyxl import Workbook

    from app.exchange.roster_export import exact_xlsx_text

    formats = formats or {}
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        styled(cell, header_style(wrap=False))
    for row in rows:
        sheet.append([exact_xlsx_text(v) if isinstance(v, str) else v for v in row])
        for index, cell in enumerate(sheet[sheet.max_row]):
            if isinstance(cell.value, str):
                cell.data_type, cell.number_format = "s", "@"
            elif index in formats and cell.value is not None:
                cell.number_format = formats[index]
    for i, header in enumerate(headers, start=1):
        widest = max([text_width(header), *(text_width(str(r[i - 1])) for r in rows[:500])])
        sheet.column_dimensions[sheet.cell(1, i).column_letter].width = min(max(widest + 2, 6), 60)
    sheet.freeze_panes = "A2"
    fit_a4(sheet, landscape=True)
    save_xlsx(book, out)
    return len(rows)
