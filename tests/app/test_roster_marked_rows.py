"""Rows a clerk marked rather than wrote: a template's hint row under the header (skipped), a row struck through
and a 备注 saying the person left (imported, but named)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.styles import Font

from app.exchange.import_commit import commit_import
from app.exchange.plan import Action
from app.exchange.roster_import import plan_import
from app.office import open_office
from app.people.service import create_person
from app.units.service import create_unit
from tests.ids import make_id
from tests.sheets import write_xlsx

TODAY = dt.date(2026, 11, 20)
ACTOR = "测试员"
HEADER = ["序号", "姓名", "公民身份号码", "出生年月", "政治面貌", "人员类别", "工作单位", "备注"]


@pytest.fixture
def office(tmp_path):
    opened = open_office(tmp_path / "office.db")
    yield opened
    opened.close(backup_if_changed=False)


def people(office) -> dict[str, str]:
    rows = office.db.execute("SELECT name, status FROM people WHERE deleted_at IS NULL").fetchall()
    return dict(rows)


def commit(office, plan) -> None:
    commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)


def test_a_template_s_hint_row_under_the_header_is_skipped_as_a_note_row(office, tmp_path):
    hints = ["（序号）", "（必填）", "（必填，18位，文本格式）", "（格式：1990.01）", "（下拉选择）", "（下拉选择）",
             "（必填）", None]  # fmt: skip
    rows = [HEADER, hints, [1, "郑九", make_id(1), "1990.01", "群众", "社区工作者", "玉林社区", None]]
    plan = plan_import(office.db, write_xlsx(tmp_path / "template.xlsx", rows), today=TODAY)
    assert plan.skipped == {"说明行": 1} and not plan.rejected()
    assert [(r.row, r.name, r.action) for r in plan.rows] == [(3, "郑九", Action.NEW)]
    commit(office, plan)
    assert people(office) == {"郑九": "在岗"}


def test_a_person_whose_cells_are_partly_in_brackets_is_still_a_person(office, tmp_path):
    rows = [HEADER, [1, "（郑九）", "（待补）", None, None, "社区工作者", "玉林社区", "（调入）"]]
    plan = plan_import(office.db, write_xlsx(tmp_path / "odd.xlsx", rows), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.REJECT]  # said, not skipped: its name is in brackets only


def struck_workbook(path, rows: list[list[object]], struck: dict[int, list[int]]):
    """`struck`: Excel row -> the columns (1-based) whose font is struck through."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for number, columns in struck.items():
        for column in columns:
            sheet.cell(number, column).font = Font(strike=True, color="FFFF0000")
    book.save(path)
    return path


def test_a_row_struck_through_is_imported_and_named(office, tmp_path):
    rows = [HEADER,
            [1, "郑九", make_id(1), None, None, "社区工作者", "玉林社区", None],
            [2, "冯十", make_id(2), None, None, "社区工作者", "玉林社区", None],
            [3, "陈十一", make_id(3), None, None, "社区工作者", "玉林社区", None]]  # fmt: skip
    # Row 3: every filled cell struck (the blank 备注 need not be); row 4: only the name, not the whole row.
    path = struck_workbook(tmp_path / "struck.xlsx", rows, {3: [1, 2, 3, 6, 7], 4: [2]})
    plan = plan_import(office.db, path, today=TODAY)
    assert (
        "第3行整行加了删除线（常表示已调离），仍按普通行导入，请核对：如不应导入，请在表中删除这些行后再导入"
        in plan.notices
    )
    assert not any("第4行" in notice for notice in plan.notices)
    commit(office, plan)
    assert people(office) == {"郑九": "在岗", "冯十": "在岗", "陈十一": "在岗"}


def test_a_note_saying_the_person_left_is_named_when_the_status_stays_at_post(office, tmp_path):
    unit = create_unit(office.db, {"name": "玉林社区", "kind": "社区/村"}, ACTOR).record_id
    create_person(office.db, {"role": "community_worker", "name": "褚八", "id_number": make_id(8), "unit_id": unit,
                              "status": "退休"}, ACTOR)  # fmt: skip
    header = [*HEADER, "状态"]
    rows = [header,
            [1, "郑九", make_id(1), None, None, "社区工作者", "玉林社区", "已调离", None],  # blank: 在岗
            [2, "冯十", make_id(2), None, None, "社区工作者", "玉林社区", "2025年已退休", "在职"],
            [3, "陈十一", make_id(3), None, None, "社区工作者", "玉林社区", "已退休", "退休"],  # says so: fine
            [4, "褚八", make_id(8), None, None, "社区工作者", "玉林社区", "已退休", None],  # on record 退休
            [5, "卫七", make_id(7), None, None, "社区工作者", "玉林社区", "拟调入", None]]  # fmt: skip
    plan = plan_import(office.db, write_xlsx(tmp_path / "notes.xlsx", rows), today=TODAY)
    said = [n for n in plan.notices if "备注写着已离开岗位" in n]
    assert said == [
        "第2行 郑九（备注“已调离”）、第3行 冯十（备注“已退休”）：备注写着已离开岗位，但状态将按“在岗”导入，请核对。"
        "如确已离开，请在“状态”列填写离岗、退休或解聘后再导入，或导入后在人员档案中修改"
    ]
    commit(office, plan)
    assert people(office) == {
        "郑九": "在岗",
        "冯十": "在岗",
        "陈十一": "退休",
        "褚八": "退休",
        "卫七": "在岗",
    }


def test_a_hidden_row_whose_note_says_the_person_left_is_named_twice_over(office, tmp_path):
    rows = [HEADER, [1, "郑九", make_id(1), None, None, "社区工作者", "玉林社区", "已离职"]]
    path = write_xlsx(tmp_path / "hidden.xlsx", rows)
    book = openpyxl.load_workbook(path)
    book.active.row_dimensions[2].hidden = True
    book.save(path)
    plan = plan_import(office.db, path, today=TODAY)
    assert any(n.startswith("第2行在 Excel 中是隐藏的") for n in plan.notices)
    assert any(n.startswith("第2行 郑九（备注“已离职”）") for n in plan.notices)
