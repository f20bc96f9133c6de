"""The 填报单位 line above a roster's header: the unit the file comes from, as 本表来自 (--within) names it.

Written the usual official ways — 填报单位：浆洗街街道, 填报单位（盖章）：浆洗街街道        填报日期：2026年11月20日,
填报单位(盖章)：…, 报送单位：…, 单位：…, 单位名称：… — or with the label alone in its cell and the unit in the next
filled cell of the row (填报单位 | | 浆洗街街道 | … | 填报日期 | 2026.11.20): what follows the unit is not read.

A line that names an existing unit scopes the file's unit names to it, as --within does. Given --within too, the
two must agree (the file's unit is the one chosen, or inside it): a file from one street imported as another's
would place its people under the wrong street, so that is refused, naming both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.exchange.limits import clip
from app.exchange.plan import ImportPlan, PlanError
from app.exchange.units_match import UnitMatcher

# The label: 填报单位, 报送单位, 填表单位 (…名称) anywhere in a cell; 单位, 单位名称 only at its start or after a space
# (工作单位 is a column, not a line). A seal asked for in brackets may follow; then a colon, or the cell ends.
_LABEL = re.compile(
    r"(?:(?:填报|报送|填表)单位(?:名称)?|(?<!\S)单位(?:名称)?)"
    r"\s*(?:[（(]\s*(?:盖章|公章|签章|章)\s*[)）])?\s*(?:[:：]\s*|$)"
)
# The unit: up to a space, a bracket (（盖章）after it), a colon or a comma.
_VALUE = re.compile(r"[^\s（(：:，,]+")
# A label run on after the unit without a space (浆洗街街道填报日期：…): the unit ends there.
_NEXT_LABEL = re.compile(r"(?:填报|报送|填表|制表)?(?:日期|时间)|联系人|联系电话|填表人|制表人|负责人|审核人")


@dataclass(frozen=True)
class FiledBy:
    shown: str  # the line as the notices quote it: 填报单位（盖章）：浆洗街街道
    unit: str  # the unit as written: 浆洗街街道


def find_filed_by(rows: list[list[Any]]) -> list[FiledBy]:
    """Each 填报单位 line (with a unit written) in `rows`, top to bottom."""
    found = []
    for row in rows:
        texts = [value.strip() if isinstance(value, str) else "" for value in row]
        for column, text in enumerate(texts):
            label = _LABEL.search(text) if text else None
            if label is None:
                continue
            filed = _in_cell(text, label) or _in_next_cell(label[0].strip(), texts[column + 1 :])
            if filed is not None:
                found.append(filed)
            break  # one line per row: 填报日期 and the rest after it are not units
    return found


def _in_cell(text: str, label: re.Match[str]) -> FiledBy | None:
    value = _unit_in(text[label.end() :])
    return FiledBy(f"{text[: label.end()].strip()}{value}", value) if value else None


def _in_next_cell(label: str, rest: list[str]) -> FiledBy | None:
    """填报单位 | 浆洗街街道: the next filled cell holds the unit, unless it is another label (填报日期)."""
    nxt = next((text for text in rest if text), "")
    if not nxt or _NEXT_LABEL.match(nxt):
        return None
    value = _unit_in(nxt)
    joined = label if label.endswith((":", "：")) else f"{label} "
    return FiledBy(f"{joined}{value}", value) if value else None


def _unit_in(text: str) -> str:
    match = _VALUE.match(text)
    if match is None:
        return ""
    return _NEXT_LABEL.split(match[0], maxsplit=1)[0]


def scope_from_title(
    above: list[list[Any]], units: UnitMatcher, plan: ImportPlan, *, within: int | None = None
) -> None:
    """The existing unit a 填报单位 line above the header names becomes the file's scope (--within). Given
    `within` (--within, 本表来自), that line must name it or a unit inside it: PlanError otherwise."""
    for filed in find_filed_by(above):
        named = units.candidates(filed.unit)
        if not named:
            if within is None and not units.by_id and units.depth(filed.unit) == 1:  # an office with no units
                _new_scope(filed, units, plan)
                return
            continue
        if within is not None:
            _check_agrees(filed, named, units, within)
        elif len(named) == 1:
            units.narrow_to(named[0])
            plan.notices.append(
                f"按表头上方的“{clip(filed.shown, 30)}”，表中的单位先在“{units.path_of(named[0])}”之下查找"
                "（即“本表来自”，命令行的 --within）"
            )
        return


def _new_scope(filed: FiledBy, units: UnitMatcher, plan: ImportPlan) -> None:
    """The 填报单位 of a first roster into an office with no units yet: made, and the file's new units made under
    it, as the line says they are; else its communities were made at the top, beside it. (An office that has
    units and not this one is left to the clerk: the line may be the street's own slip.)"""
    units.narrow_to_new(filed.unit)
    plan.notices.append(
        f"表头上方的“{clip(filed.shown, 30)}”在系统中还没有：将新建“{filed.unit}”，表中新建的单位放在它之下"
        "（如不对，请在导入向导的“本表来自”中另选，或在命令行加 --within）"
    )


def _check_agrees(filed: FiledBy, named: list[int], units: UnitMatcher, within: int) -> None:
    if any(unit in units.in_scope for unit in named):
        return
    chosen, written = units.path_of(within), "、".join(units.path_of(u) for u in named[:3])
    raise PlanError(
        f"表头上方写着“{clip(filed.shown, 30)}”，但导入时指定了本表来自“{chosen}”（命令行的 --within）："
        f"“{written}”既不是它，也不在它之下。请确认文件来自哪里：如确是表中所写的单位报送，请去掉 --within"
        "（导入向导中“本表来自”不选）；如表中的填报单位写错了，请改正后再导入。本次没有导入任何人员"
    )
