"""A period's ranking as a table (名次, 姓名, 公民身份号码, 工作单位, each component, X, 总分, 等次, 标记, 说明),
written to .csv or .xlsx. The same rows serve the command line and, later, the ranking page's export.

The CSV is read by programs as well as by people: the ID number is plain text (no leading tab), UTF-8 with BOM
so that Excel shows the Chinese. In .xlsx the ID column is text and the scores and totals are numbers (总分
shown with two decimals). Either file re-imports as a score file: the columns that are not scores are listed
and ignored.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from app.appraisal.ranking import RankedRow, Ranking
from app.exchange.roster_export import safe_csv_text
from app.exchange.xlsx_out import ExportError, check_folder, header_style, save_book, styled, write_via_part
from app.people.fields import role_label

ROLE_COLUMN = "人员类别"


def headers(ranking: Ranking) -> list[str]:
    """X appears only under a scheme that has it; split by role, the role is shown beside the unit (split by
    unit, 工作单位 already says the group)."""
    scheme = ranking.period.scheme
    columns = ["名次", "姓名", "公民身份号码", "工作单位"]
    if ranking.split == "role":
        columns.append(ROLE_COLUMN)
    columns += [c.name for c in scheme.components]
    if scheme.bonus_cap is not None:
        columns.append(scheme.bonus_name)
    return [*columns, "总分", "等次", "标记", "说明"]


def row_values(ranking: Ranking, row: RankedRow) -> list[str | Decimal | int | None]:
    """One row's cells: scores as Decimals (None when blank), 名次 None for 待补录 and 不参加考核."""
    scheme, member, result = ranking.period.scheme, row.member, row.result
    values: list[str | Decimal | int | None] = [result.place, member.name, member.id_number, member.unit_name]
    if ranking.split == "role":
        values.append(role_label(member.role))
    values += [member.entry.scores.get(c.key) for c in scheme.components]
    if scheme.bonus_cap is not None:
        values.append(member.entry.bonus)
    values += [result.total, result.grade or "", ";".join(result.flags), result.reason]
    return values


def export_ranking(ranking: Ranking, out: Path) -> int:
    """Write .csv or .xlsx by the extension; returns the number of people written."""
    out = Path(out)
    writer = {".csv": _write_csv, ".xlsx": _write_xlsx}.get(out.suffix.lower())
    if writer is None:
        raise ExportError(f"排名只能保存为 .csv 或 .xlsx 文件，当前为“{out.suffix or '无扩展名'}”")
    check_folder(out)
    write_via_part(out, lambda part: writer(ranking, part))
    return len(ranking.rows)


def _csv_text(value: str | Decimal | int | None, total: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}" if total else format(value, "f")
    return safe_csv_text(str(value)) if isinstance(value, str) else str(value)


def _write_csv(ranking: Ranking, out: Path) -> None:
    names = headers(ranking)
    total_at = names.index("总分")
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in ranking.rows:
            values = row_values(ranking, row)
            writer.writerow(_csv_text(v, i == total_at) for i, v in enumerate(values))


_WIDTHS = {"名次": 6, "姓名": 10, "公民身份号码": 21, "工作单位": 24, "等次": 8, "标记": 12, "说明": 60}


def _write_xlsx(ranking: Ranking, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(ranking.period.title[:31])
    names = headers(ranking)
    for index, name in enumerate(names, 1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 11)
    sheet.freeze_panes = "C2"
    style = header_style(wrap=False)
    sheet.append([styled(WriteOnlyCell(sheet, name), style) for name in names])
    id_at, total_at = names.index("公民身份号码"), names.index("总分")
    for row in ranking.rows:
        cells: list[object] = []
        for index, value in enumerate(row_values(ranking, row)):
            if index == id_at:
                cells.append(styled(WriteOnlyCell(sheet, value), {"number_format": "@"}))
            elif index == total_at and value is not None:
                cells.append(styled(WriteOnlyCell(sheet, value), {"number_format": "0.00"}))
            else:
                cells.append(value)
        sheet.append(cells)
    save_book(book, out)
