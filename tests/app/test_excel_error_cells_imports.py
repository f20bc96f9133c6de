"""Every import refuses a row whose column it reads holds an Excel error value (a broken VLOOKUP's #N/A, a
#DIV/0! score), saying where and what, and imports the others; an error in a column it ignores changes
nothing; a row of nothing but error values is skipped and counted. Nothing is stored blank in its place.
The files are real .xlsx with t="e" cells (openpyxl writes Excel's codes so)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from app.appraisal.periods import find_period
from app.appraisal.rules import BUILTIN_SCHEMES
from app.appraisal.score_import import commit_score_import, describe_plan, plan_score_import
from app.care.ledger import commit_ledger, plan_ledger
from app.exchange.cell_errors import ERROR_ROW
from app.exchange.plan import Action
from app.training.attendance import commit_attendance, plan_attendance
from app.training.attendance_report import write_attendance_report
from app.training.round_file import read_round
from tests.app.conftest import add_person
from tests.app.test_care_cli import LEDGER_HEADER, _with_office, office_db  # noqa: F401 (fixture)
from tests.app.test_care_service import people  # noqa: F401 (fixture)
from tests.app.test_cli import run
from tests.app.test_mentoring_round_file import write_round
from tests.ids import make_id
from tests.sheets import write_xlsx

ACTOR = "测试员"
KEY = "weighted-top20"
NAMES = ["张三", "李四", "王五", "赵六"]


@pytest.fixture
def office(db):
    """The shared office (tests/app/conftest.py) with 张三 … 赵六, make_id(1) to make_id(4)."""
    for serial, name in enumerate(NAMES, 1):
        add_person(db, name, serial)
    return db


# --- scores ---------------------------------------------------------------------------------------------------

SCORES = ["序号", "姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评", "核对"]


def test_a_score_import_refuses_the_rows_with_an_error_in_a_column_it_reads(office, tmp_path):
    path = write_xlsx(tmp_path / "成绩.xlsx", [
        ["2026年度考核成绩汇总"], SCORES,
        [1, "张三", make_id(1), 90, 80, "#DIV/0!", None],
        [2, "李四", "#N/A", 90, 80, 70, None],
        [3, "王五", make_id(3), 88, 77, 66, "#REF!"],  # 核对 is not read
        [4, "赵六", make_id(4), 91, 81, 71, None],
        [None, "#N/A", "#N/A", "#N/A", "#N/A", "#N/A", "#N/A"],  # the formulas filled down past the data
        ["平均", None, None, "#DIV/0!", "#DIV/0!", "#DIV/0!", None],
    ])  # fmt: skip
    plan = plan_score_import(office, path, BUILTIN_SCHEMES[KEY], None)
    assert [(r.row, r.name, r.action) for r in plan.rows] == [
        (3, "张三", Action.REJECT), (4, "李四", Action.REJECT), (5, "王五", Action.NEW), (6, "赵六", Action.NEW),
    ]  # fmt: skip
    assert [p.text() for r in plan.rejected() for p in r.problems] == [
        "第3行 张三“满意度测评”列：是 Excel 错误值 #DIV/0!（公式出错：除数为 0 或空白），"
        "请在原表中改正公式，或直接填上分数后重新导入",
        "第4行 李四“公民身份号码”列：是 Excel 错误值 #N/A（公式出错：查找的值不存在，如 VLOOKUP 没有找到对应的行），"
        "请在原表中改正公式，或直接填上正确的内容后重新导入",
    ]
    assert plan.skipped == {ERROR_ROW: 1, "统计行": 1}
    assert "  跳过只有 Excel 错误值的行 1 行" in describe_plan(plan)
    commit_score_import(office, plan, KEY, 2026, None, ACTOR)
    stored = office.execute(
        "SELECT p.name, s.scores FROM appraisal_scores s JOIN people p ON p.id = s.person_id ORDER BY p.name"
    ).fetchall()
    assert [(name, json.loads(scores)) for name, scores in stored] == [
        ("王五", {"work": "88", "test": "77", "satisfaction": "66"}),
        ("赵六", {"work": "91", "test": "81", "satisfaction": "71"}),
    ]


def test_an_error_never_erases_or_blanks_a_recorded_score(office, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", [SCORES[1:6], ["张三", make_id(1), 90, 80, 70]])
    commit_score_import(
        office, plan_score_import(office, first, BUILTIN_SCHEMES[KEY], None), KEY, 2026, None, ACTOR
    )
    again = write_xlsx(tmp_path / "b.xlsx", [SCORES[1:6], ["张三", make_id(1), "#VALUE!", 85, 70]])
    plan = plan_score_import(office, again, BUILTIN_SCHEMES[KEY], find_period(office, KEY, 2026, None))
    [row] = plan.rows
    assert row.action == Action.REJECT
    assert "“工作考核”列：是 Excel 错误值 #VALUE!" in row.problems[0].text()
    commit_score_import(office, plan, KEY, 2026, None, ACTOR)
    [scores] = office.execute("SELECT scores FROM appraisal_scores").fetchone()
    assert json.loads(scores) == {"work": "90", "test": "80", "satisfaction": "70"}


# --- the care ledger ------------------------------------------------------------------------------------------


def _ledger(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年关怀工作台账"])
    sheet.append([*LEDGER_HEADER, "核对"])
    for row in rows:
        sheet.append(row)
    for cell in sheet["C"]:
        cell.number_format = "@"
    book.save(path)
    return path


def _ledger_rows(ids: dict[str, str]) -> list[list[object]]:
    return [
        [
            "2026-03-12",
            "张三",
            ids["张三"],
            "走访慰问",
            "生病住院",
            "上门",
            "刘书记",
            "水果",
            "#VALUE!",
            None,
            None,
        ],
        ["2026-02-25", "李四", ids["李四"], "谈心谈话", "思想波动", None, "王主任", None, None, None, "#N/A"],
        ["2026-05-01", "王五", ids["王五"], "健康体检", None, None, None, None, None, None, "区医院", "#N/A"],
        ["#N/A", "#N/A", "#N/A", "#N/A", "#N/A", None, None, None, "#N/A", None, None, None],
    ]


def test_the_ledger_refuses_an_error_amount_and_an_error_note(db, people, tmp_path):  # noqa: F811
    ids = dict(db.execute("SELECT name, id_number FROM people").fetchall())
    plan = plan_ledger(db, _ledger(tmp_path / "台账.xlsx", _ledger_rows(ids)))
    assert [(r.row, r.name, r.action) for r in plan.rows] == [
        (3, "张三", Action.REJECT), (4, "李四", Action.REJECT), (5, "王五", Action.NEW),
    ]  # fmt: skip
    said = [p.text() for r in plan.rejected() for p in r.problems]
    assert said == [
        "第3行 张三“金额（元）”列：是 Excel 错误值 #VALUE!（公式出错：参与计算的值类型不对，如把文字当作数字计算），"
        "请在原表中改正公式，或直接填上金额后重新导入",
        "第4行 李四“备注”列：是 Excel 错误值 #N/A（公式出错：查找的值不存在，如 VLOOKUP 没有找到对应的行），"
        "请在原表中改正公式，或直接填上正确的内容后重新导入",
    ]
    assert plan.skipped == {ERROR_ROW: 1}
    assert plan.rejected()[0].cells[8] is not None  # the problem report shows the error the file had
    commit_ledger(db, plan, ACTOR)
    assert db.execute("SELECT count(*) FROM care_visits").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM care_talks").fetchone()[0] == 0
    assert db.execute("SELECT note FROM care_health_checks").fetchall() == [("区医院",)]


def test_grassroots_care_import_says_the_error_and_stores_the_rest(office_db, tmp_path):  # noqa: F811
    def ids_of(db):
        found.update(db.execute("SELECT name, id_number FROM people").fetchall())

    found: dict[str, str] = {}
    _with_office(office_db, ids_of)
    ledger = _ledger(tmp_path / "台账.xlsx", _ledger_rows(found))
    result = run("care", "import", str(ledger), "--db", str(office_db))
    assert result.returncode == 2, result.stderr  # rows were refused
    assert (
        "第3行 张三“金额（元）”列：是 Excel 错误值 #VALUE!（公式出错：参与计算的值类型不对，如把文字当作数字计算），"
        "请在原表中改正公式，或直接填上金额后重新导入" in result.stdout
    )
    assert "第4行 李四“备注”列：是 Excel 错误值 #N/A" in result.stdout
    assert "新增 1 条" in result.stdout and "拒绝 2 条" in result.stdout
    assert "跳过只有 Excel 错误值的行 1 行" in result.stdout

    def check(db):
        assert db.execute("SELECT count(*) FROM care_visits").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM care_talks").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM care_health_checks").fetchone()[0] == 1

    _with_office(office_db, check)


# --- attendance -----------------------------------------------------------------------------------------------

NEW_COURSE = {"category": "专题培训", "start_date": "2026-04-01", "end_date": "2026-04-01", "hours": "4"}


def test_attendance_refuses_an_error_in_hours_result_or_id_number(office, tmp_path):
    path = write_xlsx(tmp_path / "名单.xlsx", [
        ["序号", "姓名", "公民身份号码", "学时", "结果", "签到"],
        [1, "张三", make_id(1), "#DIV/0!", "合格", None],
        [2, "李四", "#N/A", 4, "合格", None],
        [3, "王五", make_id(3), 4, "#NAME?", None],
        [4, "赵六", make_id(4), 3.5, "合格", "#REF!"],  # 签到 is not read
        [5, None, None, None, None, None],
        [6, None, "#N/A", "#N/A", None, None],  # a numbered row of the form whose lookups find no one
    ])  # fmt: skip
    plan = plan_attendance(office, path, "党史专题", NEW_COURSE)
    assert plan.skipped == {"未填人员的行": 1, ERROR_ROW: 1}
    assert [(r.row, r.name, r.action) for r in plan.rows] == [
        (2, "张三", Action.REJECT), (3, "李四", Action.REJECT), (4, "王五", Action.REJECT), (5, "赵六", Action.NEW),
    ]  # fmt: skip
    said = {r.row: [p.text() for p in r.problems] for r in plan.rejected()}
    assert said[2] == [
        "第2行 张三“学时”列：是 Excel 错误值 #DIV/0!（公式出错：除数为 0 或空白），请在原表中改正公式，或直接填上学时后重新导入"
    ]
    assert said[3] == [
        "第3行 李四“公民身份号码”列：是 Excel 错误值 #N/A（公式出错：查找的值不存在，如 VLOOKUP 没有找到对应的行），"
        "请在原表中改正公式，或直接填上正确的内容后重新导入"
    ]
    assert said[4] == [
        "第4行 王五“结果”列：是 Excel 错误值 #NAME?（公式出错：公式中的函数名或名称写错了），"
        "请在原表中改正公式，或直接填上结果后重新导入"
    ]
    assert write_attendance_report(plan, tmp_path / "问题.xlsx") == 3
    report = list(openpyxl.load_workbook(tmp_path / "问题.xlsx").worksheets[0].iter_rows(values_only=True))
    first = report[1]  # the street sees the error its file had, and why the row was refused
    assert first[:5] == (2, 1, "张三", make_id(1), "#DIV/0!") and "是 Excel 错误值 #DIV/0!" in first[-1]
    commit_attendance(office, plan, ACTOR)
    enrolled = office.execute(
        "SELECT p.name, e.hours, e.result FROM enrolments e JOIN people p ON p.id = e.person_id"
    ).fetchall()
    assert enrolled == [("赵六", "3.5", "合格")]


# --- the selection round's workbook ---------------------------------------------------------------------------


def test_a_round_refuses_mentor_applicant_and_rank_rows_with_an_error(office, tmp_path):
    path = write_round(
        tmp_path / "round.xlsx",
        [["张伟", "组织", 1, "#REF!"], ["李红", "宣传", 1, 3]],
        [
            ["张三", make_id(1), "组织", "#N/A", "李红"],
            ["李四", make_id(2), "组织", "张伟", ""],
            ["王五", make_id(3), "宣传", "李红", ""],
        ],
        [["李红", make_id(3), "#VALUE!"], ["李红", make_id(1), 1]],
    )
    found = read_round(office, path)
    assert [m.name for m in found.mentors] == ["李红"]
    assert found.problems == [
        "“导师”表第3行 张伟“最多（人）”列：是 Excel 错误值 #REF!（公式出错：公式引用的单元格已被删除），"
        "请在原表中改正公式，或直接填上正确的内容后重新导入",
        "“导师排序”表第2行“顺位”列：是 Excel 错误值 #VALUE!（公式出错：参与计算的值类型不对，如把文字当作数字计算），"
        "请在原表中改正公式，或直接填上正确的内容后重新导入",
    ]
    problems = {a.name: a.problem for a in found.applicants}
    assert problems["张三"] == (
        "“学员”表第4行 张三“第一志愿”列：是 Excel 错误值 #N/A（公式出错：查找的值不存在，如 VLOOKUP 没有找到对应的行），"
        "请在原表中改正公式，或直接填上正确的内容后重新导入"
    )
    assert problems["李四"] == "“学员”表第5行 李四：导师“张伟”在“导师”表第3行有误，请先改正"
    assert problems["王五"] == ""
    assert found.rankings == {}  # 张三's rank is for a refused row; 王五's was the error
