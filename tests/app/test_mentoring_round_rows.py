"""The rows of a selection round's workbook as the office lays them out: 条线 and 第一志愿 merged over several
mentees, a section's heading (一、机关单位) over its people, a numbered row left blank, and the lines under the
list (联系电话, 负责人签字) — none of them a mentor or a mentee to refuse, and never at the cost of a real row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.training.round_file import read_round
from tests.app.conftest import add_person
from tests.ids import make_id

NAMES = ["赵一", "钱二", "孙三", "李四"]
IDS = {name: make_id(i + 1) for i, name in enumerate(NAMES)}
MENTOR_HEADER = ["导师姓名", "条线", "最少", "最多"]
MENTEE_HEADER = ["序号", "姓名", "公民身份号码", "条线", "第一志愿", "第二志愿"]


@pytest.fixture
def db(db):
    """The shared office (tests/app/conftest.py) with the applicants, young cadres of 东门街道."""
    for serial, name in enumerate(NAMES, 1):
        add_person(db, name, serial, "reserve_cadre", "东门街道")
    return db


def write_book(path: Path, mentors: list[list], mentees: list[list], merged: tuple[str, ...] = ()) -> Path:
    """导师 and 学员 sheets, each under its header; `merged`: ranges of the 学员 sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "导师"
    for row in [MENTOR_HEADER, *mentors]:
        sheet.append(row)
    sheet = book.create_sheet("学员")
    for row in [MENTEE_HEADER, *mentees]:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def _applicants(found) -> list[tuple]:
    return [(a.row, a.name, a.line, a.first, a.second, a.problem) for a in found.applicants]


def test_line_and_first_choice_merged_over_three_mentees_are_each_ones(db, tmp_path):
    """条线 组织 and 第一志愿 周建华 written once beside three mentees: each chose 周建华 — not the first one
    only, the two below refused as 未填第一志愿."""
    mentees = [
        [1, "赵一", IDS["赵一"], "组织", "周建华", "孙丽萍"],
        [2, "钱二", IDS["钱二"], None, None, None],
        [3, "孙三", IDS["孙三"], None, None, None],
    ]
    mentors = [["周建华", "组织", 1, 5], ["孙丽萍", "宣传", 1, 5]]
    path = write_book(tmp_path / "round.xlsx", mentors, mentees, ("D2:D4", "E2:E4", "F2:F4"))
    found = read_round(db, path)
    assert _applicants(found) == [
        (2, "赵一", "组织", "周建华", "孙丽萍", ""),
        (3, "钱二", "组织", "周建华", "孙丽萍", ""),
        (4, "孙三", "组织", "周建华", "孙丽萍", ""),
    ]
