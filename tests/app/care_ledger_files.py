"""Ledger files for the care import's tests, made as offices make them: a workbook with merged or hidden cells,
a CSV; and what a plan says, to assert on."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from app.care.ledger import LedgerPlan, describe_plan


def book(
    path: Path, rows: list[list[object]], merged: tuple[str, ...] = (), hidden_columns: tuple[str, ...] = ()
) -> Path:
    """An .xlsx of one sheet; `merged` ranges ('F2:F4'), `hidden_columns` letters."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    for letter in hidden_columns:
        sheet.column_dimensions[letter].hidden = True
    workbook.save(path)
    return path


def text_file(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def said(plan: LedgerPlan) -> str:
    """The dry run, as the command line prints it."""
    return "\n".join(describe_plan(plan))


def messages(row) -> str:
    return "".join(p.text() for p in row.problems)
