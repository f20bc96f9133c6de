"""The 导师 sheet of a selection round's workbook: one Mentor per row (最少 and 最多, or one 带教人数 written as a
span; blank counts take the pool's default and say so), the same mentor written twice counted once or refused
when the two rows differ."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace

from app.exchange.cells import cell_text
from app.training.round_sheets import RoundFile, Rows, note_ignored, note_skipped, whole_number
from app.training.selection import Mentor, mentor_key

DEFAULT_MIN, DEFAULT_MAX = 3, 5  # the pool's default capacity (issue 11: 3–5 mentees)
_SPAN = re.compile(r"^(\d+)人?(?:[-~—–至到](\d+))?[人名]?$")  # after NFKC: 3-5, 3～5人, 3至5


def read_mentors(rows: Rows, result: RoundFile) -> dict[str, str]:
    """The mentor rows into `result`; returns the names (keys) whose rows were refused, with where to fix."""
    first_row: dict[str, tuple[int, Mentor]] = {}
    refused: dict[str, str] = {}
    note_ignored(rows, result)
    for number, cells, texts in rows:
        name = mentor_key(rows.text(texts, "mentor"))
        if errors := rows.excel_errors(number, name):
            result.problems.extend(errors)
            if name:
                refused[name] = f"导师“{name}”在“{rows.sheet.name}”表第{number}行有误，请先改正"
            continue
        if not name:
            result.problems.append(rows.problem(number, "", "mentor", "", "导师姓名不能为空"))
            continue
        mentor, why = _mentor(rows, number, cells, texts, name)
        if why:
            result.problems.append(why)
            refused[name] = f"导师“{name}”在“{rows.sheet.name}”表第{number}行有误，请先改正"
        elif name in first_row and first_row[name][1] == mentor:
            result.notices.append(
                f"“{rows.sheet.name}”表第{number}行与第{first_row[name][0]}行重复，只计一次"
            )
        elif name in first_row:
            earlier = first_row[name][0]
            message = f"导师“{name}”在第{earlier}行已有，两行的条线、人数、单位或职务不同；同名的两位导师请在姓名后加以区分"
            result.problems.append(rows.problem(number, name, "mentor", name, message))
            refused[name] = (
                f"导师“{name}”在“{rows.sheet.name}”表中出现两次（第{earlier}、{number}行），请先改正"
            )
        else:
            first_row[name] = (number, mentor)  # type: ignore[assignment]
            if notice := _defaulted(rows, number, texts, name):
                result.notices.append(notice)
            if mentor.min_mentees > mentor.max_mentees:  # type: ignore[union-attr]
                result.problems.append(
                    rows.problem(
                        number, name, "min", rows.raw(cells, "min"),
                        f"最少人数（{mentor.min_mentees}）大于最多人数（{mentor.max_mentees}），请改正；"  # type: ignore[union-attr]
                        f"试分时最少、最多都按{mentor.max_mentees}人计",  # type: ignore[union-attr]
                    )
                )  # fmt: skip
    # 最少 > 最多 is refused on its row above; the try counts 最多 as both, so no flag says it a second time.
    result.mentors = [
        replace(m, min_mentees=min(m.min_mentees, m.max_mentees))
        for key, (_, m) in first_row.items()
        if key not in refused
    ]
    note_skipped(rows, result)
    return refused


def _mentor(
    rows: Rows, number: int, cells: list[object], texts: list[str], name: str
) -> tuple[Mentor | None, str]:
    counts = {}
    spanned = span(rows.raw(cells, "span")) if rows.text(texts, "span") else None
    if rows.text(texts, "span") and spanned is None:
        raw = rows.raw(cells, "span")
        fix = (
            "Excel 把带教人数存成了日期（如“3-5”变成3月5日），请把该列设为“文本”后重新输入，或分成“最少”“最多”两列"
            if isinstance(raw, dt.date)
            else "带教人数应写成“3-5”（最少3人、最多5人）或“3”这样的人数"
        )
        return None, rows.problem(number, name, "span", raw, fix)
    for what, label, default in (("min", "最少", DEFAULT_MIN), ("max", "最多", DEFAULT_MAX)):
        raw = rows.raw(cells, what)
        if not rows.text(texts, what):
            counts[what] = spanned[what == "max"] if spanned else default
            continue
        value = whole_number(raw)
        if value is None:
            return None, rows.problem(number, name, what, raw, f"{label}人数应是不小于0的整数，如 3")
        counts[what] = value
    line, unit, post = (rows.text(texts, what) for what in ("line", "unit", "post"))
    return Mentor(name, counts["min"], counts["max"], line, unit, post), ""


def span(value: object) -> tuple[int, int] | None:
    """One 带教人数 cell: '3-5', '３～５人', '3至5' -> (3, 5); a single number '2' -> (2, 2); else None."""
    match = _SPAN.match("".join(unicodedata.normalize("NFKC", cell_text(value)).split()))
    if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
        return None
    return int(match.group(1)), int(match.group(2) or match.group(1))


def _defaulted(rows: Rows, number: int, texts: list[str], name: str) -> str:
    """The notice for a mentor whose 最少 or 最多 is blank (the pool's default is used), or ''."""
    blank = [label for what, label in (("min", "最少"), ("max", "最多")) if not rows.text(texts, what)]
    if not blank:
        return ""
    if text := rows.text(texts, "span"):
        low, high = span(text) or (0, 0)
        if low != high:
            return ""
        return f"“{rows.sheet.name}”表第{number}行 导师“{name}”的带教人数只写了一个数，按最少{low}人、最多{high}人计"
    defaults = {"最少": DEFAULT_MIN, "最多": DEFAULT_MAX}
    said = "、".join(f"{label}{defaults[label]}人" for label in blank)
    return f"“{rows.sheet.name}”表第{number}行 导师“{name}”未填{'、'.join(blank)}人数，按导师库的默认值（{said}）计"
