"""Reading the spreadsheet the office circulates for a selection round (双向选择志愿表), with the roster import's
tolerance: titles above the header, labels spelled many ways, blank, total and note rows.

Three sheets, found by their headers (a sheet called 导师 is looked at first for the mentors, and so on):
导师 (导师姓名, 条线, 最少, 最多), 学员 (姓名, 公民身份号码, 条线, 第一志愿, 第二志愿) and an optional 导师排序
(导师姓名, 公民身份号码 or 学员姓名, 顺位). Mentees are people at work on the roster matched by ID number; a name
that does not fit the number is an error on the row, never a guess. Mentors may be outside people. A choice is
read as the mentor list writes the name: '/', '无' are blank, 服从调剂 is said for the office's decision, and the
whole name with a title or a bracket after it (周建华老师, 周建华（组织）) is that mentor, said as a notice; a
surname with a title (周部长) is left to the selection to refuse. Nothing here touches the database except to look
people up, the pool's capacity of a mentor whose counts are blank and the pairs already running with a mentor of
the round (round_pairs), and the applicants' latest appraisal totals for the 说明 (round_totals). The sheets are
found by round_sheets and read by round_mentors, round_mentees and round_ranks.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from app.clock import today
from app.exchange.cells import cell_texts
from app.exchange.plan import PlanError
from app.exchange.reader import Sheet, read_workbook
from app.training.round_mentees import read_mentees
from app.training.round_mentors import read_mentors
from app.training.round_pairs import note_running_pairs, pool_capacities
from app.training.round_ranks import read_ranks
from app.training.round_sheets import MENTEES, MENTORS, RANKS, RoundFile, Rows, locate, whole_number
from app.training.round_totals import note_totals
from app.training.selection import mentor_key

__all__ = ["RoundFile", "read_round", "whole_number"]


def read_round(db: Database, path: Path) -> RoundFile:
    """Read the round's workbook. Raises ReadError / PlanError when it cannot be read as a round at all."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        raise PlanError(
            "志愿表要有“导师”“学员”（和可选的“导师排序”）几张表，.csv 文件只能有一张表。"
            "请用 Excel 或 WPS 做成 .xlsx 后重试"
        )
    sheets = read_workbook(path)
    found = {kind: locate(sheets, kind) for kind in (MENTORS, MENTEES, RANKS)}
    for kind, needs in (
        (MENTORS, "导师姓名、最少、最多"),
        (MENTEES, "姓名、公民身份号码、第一志愿、第二志愿"),
    ):
        if found[kind] is None:
            raise PlanError(
                f"没有找到“{kind}”表：文件中没有一张表的前30行含有“{needs}”这样的表头。"
                "请按双向选择志愿表的格式填写（“导师排序”表可以没有）"
            )
    if found[RANKS] is None and (unread := _unread_ranks(sheets)):
        raise PlanError(
            f"“{unread}”表的前30行没有找到“导师姓名”“公民身份号码”（或“学员姓名”）“顺位”这样的表头，"
            "导师的排序无法使用。请补上表头；不用导师排序时请删除这张表"
        )
    result = RoundFile(Path(path).name)
    result.sheets = {kind: where[0].name for kind, where in found.items() if where is not None}
    on = today()  # the day whose running pairs count: the dry run's, as confirming's start day
    applicants = _id_numbers(*found[MENTEES])  # type: ignore[misc]
    refused = read_mentors(Rows(*found[MENTORS]), result, pool_capacities(db, on, applicants))  # type: ignore[misc]
    read_mentees(db, Rows(*found[MENTEES]), result, refused)  # type: ignore[misc]
    if found[RANKS] is not None:
        read_ranks(Rows(*found[RANKS]), result)  # type: ignore[misc]
    note_running_pairs(db, result, on)
    note_totals(db, result)
    return result


def _id_numbers(sheet: Sheet, index: int, columns: dict[int, str], _top: int) -> list[str]:
    """The ID numbers the 学员 sheet holds, as written: enough to leave the applicants' own running pairs out of a
    mentor's room before the rows are read in full (a text that is no number matches nobody)."""
    column = next((c for c, what in columns.items() if what == "id_number"), None)
    if column is None:
        return []
    return [cell_texts(row)[column] for row in sheet.rows[index + 1 :] if column < len(row)]


def _unread_ranks(sheets: list[Sheet]) -> str:
    """The name of a sheet called 导师排序 that has something in it, or ''."""
    return next(
        (
            s.name
            for s in sheets
            if mentor_key(s.name) == RANKS and any(cell_texts(r) != [""] * len(r) for r in s.rows)
        ),
        "",
    )
