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


def test_section_headings_are_neither_mentors_nor_mentees(db, tmp_path):
    """一、区级机关 in the 导师 sheet was a mentor (stored with --confirm); 一、机关单位 in the 学员 sheet was a
    mentee refused for a blank ID number, which blocked --confirm — in the 序号 column or the 姓名 column."""
    mentors = [["一、区级机关"], ["周建华", "组织", 1, 5], ["二、街道"], ["何志强", "基层治理", 1, 5]]
    mentees = [
        ["一、机关单位"],
        [1, "赵一", IDS["赵一"], "组织", "周建华", None],
        [None, "二、街道社区"],
        [2, "钱二", IDS["钱二"], "基层治理", "何志强", None],
        [None, "（三）社区"],
        [3, "孙三", IDS["孙三"], "组织", "周建华", None],
    ]
    found = read_round(db, write_book(tmp_path / "round.xlsx", mentors, mentees))
    assert [m.name for m in found.mentors] == ["周建华", "何志强"]
    assert [(a.row, a.name, a.problem) for a in found.applicants] == [
        (3, "赵一", ""),
        (5, "钱二", ""),
        (7, "孙三", ""),
    ]
    assert (found.problems, found.notices) == ([], ["“导师”表跳过标题行 2 行", "“学员”表跳过标题行 3 行"])


def test_a_numbered_row_left_blank_is_skipped(db, tmp_path):
    """(2, nothing else) in the 学员 sheet: the form's row nobody filled, not a mentee refused."""
    mentees = [
        [1, "赵一", IDS["赵一"], "组织", "周建华", None],
        [2],
        [3, "钱二", IDS["钱二"], "组织", "周建华", None],
    ]
    found = read_round(db, write_book(tmp_path / "round.xlsx", [["周建华", "组织", 1, 5]], mentees))
    assert [(a.row, a.name, a.problem) for a in found.applicants] == [(2, "赵一", ""), (4, "钱二", "")]
    assert found.notices == ["“学员”表跳过未填人员的行 1 行"]


def test_sign_off_lines_under_the_lists_are_skipped(db, tmp_path):
    mentors = [["周建华", "组织", 1, 5], ["负责人签字："], ["联系电话：85551234"]]
    mentees = [
        [1, "赵一", IDS["赵一"], "组织", "周建华", None],
        [None, "注：每人限填两个志愿"],
        [None, "填表人：王五", None, "审核人：赵六"],
        [None, "联系电话：85551234"],
        ["负责人（签字）："],
        [None, "日期:2026年3月1日"],
    ]
    found = read_round(db, write_book(tmp_path / "round.xlsx", mentors, mentees))
    assert [m.name for m in found.mentors] == ["周建华"]
    assert [(a.row, a.name, a.problem) for a in found.applicants] == [(2, "赵一", "")]
    assert (found.problems, found.notices) == ([], ["“导师”表跳过说明行 2 行", "“学员”表跳过说明行 5 行"])


def test_a_mentee_beside_a_sign_off_word_is_still_a_mentee(db, tmp_path):
    """Only a row without an ID number whose name cell is itself such a line is skipped: a mentee with a
    sign-off word elsewhere on the row, or without an ID number, is read (and refused saying what is missing)."""
    mentees = [
        ["联系电话:85551234", "赵一", IDS["赵一"], "组织", "周建华", None],
        [2, "钱二", None, "组织", "周建华", None, "联系电话：85551234"],
        [3, "负责人签字：", IDS["孙三"], "组织", "周建华", None],
    ]
    found = read_round(db, write_book(tmp_path / "round.xlsx", [["周建华", "组织", 1, 5]], mentees))
    said = {a.row: a.problem for a in found.applicants}
    assert list(said) == [2, 3, 4] and said[2] == ""
    assert "公民身份号码不能为空" in said[3] and "姓名与公民身份号码不符" in said[4]


def _with_more_columns(path: Path, mentees: list[list]) -> Path:
    """A 学员 sheet with 第三志愿 and 联系电话 after the two choices, a 导师 sheet with a 备注."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "导师"
    for row in [[*MENTOR_HEADER, "备注"], ["周建华", "组织", 1, 5], ["孙丽萍", "宣传", 1, 5, "新任"]]:
        sheet.append(row)
    sheet = book.create_sheet("学员")
    for row in [[*MENTEE_HEADER, "第三志愿", "联系电话"], *mentees]:
        sheet.append(row)
    book.save(path)
    return path


def test_the_columns_not_read_are_named(db, tmp_path):
    """第三志愿 and 联系电话 were passed over in silence: a 第三志愿 someone filled is said apart — the
    selection goes by the first two choices only."""
    mentees = [
        [1, "赵一", IDS["赵一"], "组织", "周建华", "孙丽萍", "何志强", "13800000001"],
        [2, "钱二", IDS["钱二"], "组织", "周建华", None, None, "13800000002"],
    ]
    found = read_round(db, _with_more_columns(tmp_path / "round.xlsx", mentees))
    assert [a.problem for a in found.applicants] == ["", ""]
    assert "“学员”表以下列没有读取：第三志愿、联系电话" in found.notices  # 序号: nothing to read
    assert "“导师”表以下列没有读取：备注" in found.notices
    assert "“学员”表“第三志愿”列有 1 人填写，没有读取：双向选择只按第一、第二志愿分配" in found.notices


def test_a_third_choice_is_said_on_the_mentees_own_row_and_blocks_nothing(db, tmp_path):
    """Only a 第三志愿 filled was a refused row, which stopped --confirm for everyone; now it is a mentee
    without a choice, left for the office's decision, and every 第三志愿 is said in that mentee's 说明.
    '/' or '无' in the column is not counted as filled."""
    from app.training.selection import assign

    mentees = [
        [1, "赵一", IDS["赵一"], "组织", None, None, "周建华", None],
        [2, "钱二", IDS["钱二"], "组织", "周建华", None, " 孙丽萍 ", None],
        [3, "孙三", IDS["孙三"], "组织", "周建华", None, "/", None],
    ]
    found = read_round(db, _with_more_columns(tmp_path / "round.xlsx", mentees))
    assert [(a.name, a.first, a.third, a.problem) for a in found.applicants] == [
        ("赵一", "", "周建华", ""),
        ("钱二", "周建华", "孙丽萍", ""),
        ("孙三", "周建华", "", ""),
    ]
    assert "“学员”表“第三志愿”列有 2 人填写，没有读取：双向选择只按第一、第二志愿分配" in found.notices
    result = assign(found.mentors, found.applicants, found.rankings, [IDS["钱二"], IDS["孙三"], IDS["赵一"]])
    notes = {o.applicant.name: o.note for o in result.outcomes}
    assert result.refused() == []
    assert notes["赵一"] == "未填第一、第二志愿；第三志愿“周建华”不参与分配。需人工决定"
    assert notes["钱二"].endswith("已录取；第三志愿“孙丽萍”不参与分配")
    assert "第三志愿" not in notes["孙三"]
