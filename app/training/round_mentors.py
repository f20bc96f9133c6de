"""The 导师 sheet of a selection round's workbook: one Mentor per row (最少 and 最多, or one 带教人数 written as a
span), the same mentor written twice counted once or refused when the two rows differ.

Counts typed are the round's own. A blank count takes the pool's capacity of that mentor — how many mentees in
all, so the pairs the mentor has running are taken off it (not below 0) — and only a mentor not in the pool
takes the default 3–5; either is said in a notice with the numbers. A typed 最多 that with the running pairs
passes the pool's 最多 is said too, not refused: the round may mean it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace

from app.changes import OperationRefused
from app.exchange.cells import cell_text
from app.training.round_pairs import PoolCapacity, PoolLookup
from app.training.round_sheets import RoundFile, Rows, note_ignored, note_skipped, whole_number
from app.training.selection import Mentor, mentor_key

DEFAULT_MIN, DEFAULT_MAX = 3, 5  # the pool's default capacity (issue 11: 3–5 mentees)
_LABEL = {"min": "最少", "max": "最多"}
_SPAN = re.compile(r"^(\d+)人?(?:[-~—–至到](\d+))?[人名]?$")  # after NFKC: 3-5, 3～5人, 3至5


def read_mentors(rows: Rows, result: RoundFile, pool: PoolLookup | None = None) -> dict[str, str]:
    """The mentor rows into `result`; returns the names (keys) whose rows were refused, with where to fix.
    `pool` finds a mentor's capacity in the pool (round_pairs.pool_capacities); None: nobody is in it."""
    pool = pool or (lambda _name, _line: None)
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
        mentor, why, notice = _mentor(rows, (number, name), cells, texts, pool)
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
            if notice:
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
    rows: Rows, who: tuple[int, str], cells: list[object], texts: list[str], pool: PoolLookup
) -> tuple[Mentor | None, str, str]:
    """The row's mentor, why the row is refused ('' when it is not), and the notice of where its counts came
    from or how they stand against the pool ('' when nothing needs saying). `who`: the row and the name."""
    number, name = who
    counts, why = _typed(rows, number, cells, texts, name)
    if why:
        return None, why, ""
    line, unit, post = (rows.text(texts, what) for what in ("line", "unit", "post"))
    where = f"“{rows.sheet.name}”表第{number}行 导师“{name}”"
    blank = [what for what in ("min", "max") if counts[what] is None]
    try:
        capacity, unknown = pool(name, line), ""
    except OperationRefused as exc:  # several pool mentors of that name: confirming refuses it, with the fix
        capacity, unknown = None, str(exc)
    if not blank:
        least, most = counts["min"], counts["max"]
        notice = _single_span(rows, texts, where) or _beyond_pool(rows, where, most, capacity)  # type: ignore[arg-type]
        return Mentor(name, least, most, line, unit, post), "", notice  # type: ignore[arg-type]
    if capacity is None:
        filled, room, said = _by_default(where, counts, blank, unknown)
    else:
        filled, room, said = _by_pool(where, counts, blank, capacity)
    said += _given_way(filled, blank) + _fill(rows, blank)
    if "max" not in blank and (beyond := _beyond_pool(rows, "", filled["max"], capacity)):
        said += "；" + beyond
    return Mentor(name, filled["min"], filled["max"], line, unit, post, room), "", said


def _typed(
    rows: Rows, number: int, cells: list[object], texts: list[str], name: str
) -> tuple[dict[str, int | None], str]:
    """The counts the row types (a 带教人数 span gives both; None where blank), or why the row is refused."""
    spanned = span(rows.raw(cells, "span")) if rows.text(texts, "span") else None
    if rows.text(texts, "span") and spanned is None:
        raw = rows.raw(cells, "span")
        fix = (
            "Excel 把带教人数存成了日期（如“3-5”变成3月5日），请把该列设为“文本”后重新输入，或分成“最少”“最多”两列"
            if isinstance(raw, dt.date)
            else "带教人数应写成“3-5”（最少3人、最多5人）或“3”这样的人数"
        )
        return {}, rows.problem(number, name, "span", raw, fix)
    counts: dict[str, int | None] = {}
    for what, label in _LABEL.items():
        raw = rows.raw(cells, what)
        if not rows.text(texts, what):
            counts[what] = spanned[what == "max"] if spanned else None
            continue
        value = whole_number(raw)
        if value is None:
            return {}, rows.problem(number, name, what, raw, f"{label}人数应是不小于0的整数，如 3")
        counts[what] = value
    return counts, ""


def _by_pool(
    where: str, counts: dict[str, int | None], blank: list[str], capacity: PoolCapacity
) -> tuple[dict[str, int], str, str]:
    """The blank counts from the pool: its capacity is for all the mentor's mentees, so less the pairs running."""
    pooled = {"min": capacity.least, "max": capacity.most}
    left = {what: max(pooled[what] - capacity.running, 0) for what in blank}
    filled = {what: left[what] if what in blank else counts[what] for what in _LABEL}
    said = (
        f"{where}未填{'、'.join(_LABEL[w] for w in blank)}人数，按导师库中的人数（{_counts(pooled, blank)}）"
    )
    room = ""
    if capacity.running:
        # 最少 0 beside 最多 goes unsaid: "本轮最多 0 人" says what matters
        shown = [w for w in blank if w == "max" or left[w] or "max" not in blank]
        left_said = "、".join(f"{_LABEL[w]} {left[w]} 人" for w in shown)
        said += f"，已有在带对子 {capacity.running} 个，本轮{left_said}"
        if "max" in blank:
            room = f"导师库中最多{capacity.most}人，已有在带对子{capacity.running}个"
    else:
        said += "计"
    return filled, room, said  # type: ignore[return-value]


def _by_default(
    where: str, counts: dict[str, int | None], blank: list[str], unknown: str
) -> tuple[dict[str, int], str, str]:
    """The blank counts of a mentor not in the pool (or not told apart in it): the default 3–5."""
    default = {"min": DEFAULT_MIN, "max": DEFAULT_MAX}
    filled = {what: default[what] if what in blank else counts[what] for what in _LABEL}
    why = f"：{unknown}" if unknown else ""
    said = f"{where}未填{'、'.join(_LABEL[w] for w in blank)}人数，"
    said += ("" if unknown else "导师库中没有这位导师，") + f"按默认值（{_counts(default, blank)}）计{why}"
    return filled, "", said  # type: ignore[return-value]


def _counts(values: dict[str, int], which: list[str]) -> str:
    return "、".join(f"{_LABEL[what]}{values[what]}人" for what in which)


def _given_way(filled: dict[str, int], blank: list[str]) -> str:
    """A count taken from elsewhere gives way to the one the row typed, so 最少 never passes 最多 (in place)."""
    if filled["min"] <= filled["max"]:
        return ""
    if "max" in blank:
        filled["max"] = filled["min"]
        return f"；最多按所填最少人数{filled['min']}人计"
    filled["min"] = filled["max"]
    return f"；最少按所填最多人数{filled['max']}人计"


def _fill(rows: Rows, blank: list[str]) -> str:
    """The fix: where to type the round's own counts."""
    headers = [rows.header(what) for what in blank if rows.header(what)] or [rows.header("span") or "最少"]
    return "；本轮另定人数的，请填写" + "".join(f"“{h}”" for h in headers) + "列"


def _beyond_pool(rows: Rows, where: str, most: int, capacity: PoolCapacity | None) -> str:
    """The notice of a typed 最多 that, with the pairs the mentor has running, passes the pool's 最多; or ''."""
    if capacity is None or most + capacity.running <= capacity.most:
        return ""
    running = (
        f"，加上已有在带对子 {capacity.running} 个共{most + capacity.running}人" if capacity.running else ""
    )
    column = rows.header("max") or rows.header("span") or "最多"
    return (
        f"{where}本轮最多{most}人{running}，超过导师库中的最多人数（{capacity.most}人）；"
        f"确需多带的可不改，否则请改小“{column}”列"
    )


def span(value: object) -> tuple[int, int] | None:
    """One 带教人数 cell: '3-5', '３～５人', '3至5' -> (3, 5); a single number '2' -> (2, 2); else None."""
    match = _SPAN.match("".join(unicodedata.normalize("NFKC", cell_text(value)).split()))
    if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
        return None
    return int(match.group(1)), int(match.group(2) or match.group(1))


def _single_span(rows: Rows, texts: list[str], where: str) -> str:
    """The notice for a 带教人数 written as one number (both counts are that number), or ''."""
    text = rows.text(texts, "span")
    if not text or rows.text(texts, "min") or rows.text(texts, "max"):
        return ""
    low, high = span(text) or (0, 0)
    return f"{where}的带教人数只写了一个数，按最少{low}人、最多{high}人计" if low == high else ""
