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
