"""The attendance import's rows as a street's list lays them out: 学时 and 结果 merged over several people, and
the lines under the list that are no person (联系电话, 负责人签字, a section's heading) — skipped, never at the
cost of a real person's row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.exchange.plan import Action
from app.training.attendance import plan_attendance
from tests.app.conftest import add_person
from tests.ids import make_id

NEW = {"category": "专题培训", "start_date": "2026-11-05", "end_date": "2026-11-05", "hours": "8"}
NAMES = ["范俊力", "贾丽洋", "高诗宇", "朱瑶", "陶明", "薛霞鑫"]


@pytest.fixture
def db(db):
    """The shared office (tests/app/conftest.py) with six community workers, make_id(1) to make_id(6)."""
    for i, name in enumerate(NAMES, 1):
        add_person(db, name, i)
    return db


def _book(path: Path, rows: list[list], merged: tuple[str, ...] = ()) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def _fates(plan) -> list[tuple]:
    return [(r.row, r.name, r.action, r.hours, r.result) for r in plan.rows]


def test_hours_and_result_merged_over_several_people_are_each_ones(db, tmp_path):
    """学时 8 and 合格 written once beside three people: each of them attended 8 hours and passed — not the
    first one only, the two below stored without hours."""
    rows = [["2026年社区议事能力提升专题培训签到汇总"], ["序号", "姓名", "公民身份号码", "学时", "结果"]]
    rows += [[i, name, make_id(i), 8 if i in (1, 4) else None, "合格" if i in (1, 4) else None]
             for i, name in enumerate(NAMES, 1)]  # fmt: skip
    path = _book(tmp_path / "签到.xlsx", rows, ("D3:D5", "E3:E5", "D6:D8", "E6:E8"))
    plan = plan_attendance(db, path, "议事能力专题", NEW)
    assert _fates(plan) == [(i + 2, name, Action.NEW, "8", "合格") for i, name in enumerate(NAMES, 1)]


def test_a_merged_title_above_the_header_is_no_value_of_the_rows(db, tmp_path):
    """Only the cells merged under the header are given down: the title merged over the header's rows stays
    the title."""
    rows = [["参训名单"], [None], ["姓名", "公民身份号码", "学时"], ["范俊力", make_id(1), 4]]
    path = _book(tmp_path / "签到.xlsx", rows, ("A1:A2",))
    plan = plan_attendance(db, path, "议事能力专题", NEW)
    assert (plan.header_row, _fates(plan)) == (3, [(4, "范俊力", Action.NEW, "4", None)])


def test_sign_off_lines_under_the_list_are_skipped(db, tmp_path):
    """联系电话 and 负责人签字 in the 姓名 column under the list: the lines that close it, not people refused for
    a blank ID number (which made a correct list exit 2)."""
    rows = [
        ["姓名", "公民身份号码", "学时"],
        ["范俊力", make_id(1), 4],
        ["联系电话：85551234", None, None],
        ["单位（盖章）：", None, "2026年11月5日"],
        ["负责人签字：", None, None],
        ["负责人（签字）", None, None],
        ["填报日期:2026年11月5日", None, None],
    ]
    plan = plan_attendance(db, _book(tmp_path / "签到.xlsx", rows), "议事能力专题", NEW)
    assert _fates(plan) == [(2, "范俊力", Action.NEW, "4", None)]
    assert plan.skipped == {"说明行": 5}


def test_a_real_persons_row_is_never_taken_for_a_sign_off_line(db, tmp_path):
    """The pattern reads only a row without an ID number whose name cell is itself such a line: a person with
    an ID, or a name without one, is a person — imported, or refused saying what is missing."""
    rows = [
        ["序号", "姓名", "公民身份号码", "学时", "备注"],
        ["电话:85551234", "范俊力", make_id(1), 4, None],  # something typed in the 序号 column
        [2, "贾丽洋", None, 4, "联系电话：85551234"],
        ["负责人：", "高诗宇", make_id(3), 4, None],
        [None, "负责人签字：", make_id(4), 4, None],  # an ID number: a row meant as a person's
    ]
    plan = plan_attendance(db, _book(tmp_path / "签到.xlsx", rows), "议事能力专题", NEW)
    assert [(r.row, r.name, r.action) for r in plan.rows] == [
        (2, "范俊力", Action.NEW),
        (3, "贾丽洋", Action.REJECT),
        (4, "高诗宇", Action.NEW),
        (5, "负责人签字:", Action.REJECT),
    ]
    assert "公民身份号码不能为空" in plan.rows[1].reason()
    assert plan.skipped == {}


def test_a_sections_heading_and_a_numbered_blank_row_are_skipped(db, tmp_path):
    """一、机关单位 over its people, in the 序号 column or the 姓名 column, and a 序号 with nothing else."""
    rows = [
        ["序号", "姓名", "公民身份号码", "学时"],
        ["一、机关单位", None, None, None],
        [1, "范俊力", make_id(1), 4],
        [None, "二、街道社区", None, None],
        [2, "贾丽洋", make_id(2), 4],
        [3, None, None, None],
        [None, "（三）社区", None, None],
    ]
    plan = plan_attendance(db, _book(tmp_path / "签到.xlsx", rows), "议事能力专题", NEW)
    assert [(r.row, r.name, r.action) for r in plan.rows] == [
        (3, "范俊力", Action.NEW),
        (5, "贾丽洋", Action.NEW),
    ]
    assert plan.skipped == {"标题行": 3, "未填人员的行": 1}
