"""The 填报单位 line above the header, written the usual official ways: it scopes the file's unit names as --within
does, must agree with --within when both are given, and goes into the problem report as the paths it settled."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import openpyxl
import pytest

from app.exchange.import_commit import commit_import
from app.exchange.plan import Action, PlanError
from app.exchange.problem_report import write_problem_report
from app.exchange.roster_import import ImportOptions, plan_import
from app.office import open_office
from app.units.service import create_unit
from tests.ids import make_id
from tests.sheets import write_xlsx

TODAY = dt.date(2026, 11, 20)
ACTOR = "测试员"
TITLE = ["浆洗街街道2026年社区工作者花名册"]
HEADER = ["序号", "姓名", "公民身份号码", "性别", "人员类别", "所在社区"]


@pytest.fixture
def office(tmp_path):
    """武侯区 › 浆洗街街道 › 玉林社区, 锦绣社区; 武侯区 › 望江路街道 › 玉林社区."""
    opened = open_office(tmp_path / "office.db")
    db = opened.db
    top = create_unit(db, {"name": "武侯区", "kind": "区/县"}, ACTOR).record_id
    for street, communities in (("浆洗街街道", ("玉林社区", "锦绣社区")), ("望江路街道", ("玉林社区",))):
        parent = create_unit(db, {"name": street, "kind": "街道/镇", "parent_id": top}, ACTOR).record_id
        for community in communities:
            create_unit(db, {"name": community, "kind": "社区/村", "parent_id": parent}, ACTOR)
    yield opened
    opened.close(backup_if_changed=False)


def unit_id(office, path: str) -> int:
    street, community = path.split(" / ")
    return office.db.execute(
        "SELECT c.id FROM org_units c JOIN org_units s ON s.id = c.parent_id WHERE s.name = ? AND c.name = ?",
        [street, community],
    ).fetchone()[0]


def where_people_are(office) -> dict[str, str]:
    rows = office.db.execute(
        "SELECT p.name, s.name || ' / ' || c.name FROM people p JOIN org_units c ON c.id = p.unit_id"
        " JOIN org_units s ON s.id = c.parent_id WHERE p.deleted_at IS NULL"
    ).fetchall()
    return dict(rows)


def roster(path, filed_by: list[object], people: list[list[object]] | None = None):
    people = people or [[1, "郑九", make_id(1), "男", "社区工作者", "玉林社区"]]
    return write_xlsx(path, [TITLE, filed_by, HEADER, *people])


@pytest.mark.parametrize(
    "line",
    [
        ["填报单位（盖章）：浆洗街街道        填报日期：2026年11月20日"],
        ["填报单位(盖章)：浆洗街街道"],
        ["填报单位（盖章）： 浆洗街街道"],
        ["单位：浆洗街街道", None, None, "填报日期：2026.11.20"],
        ["单位名称：浆洗街街道"],
        ["填报单位：浆洗街街道（盖章）"],
        ["填报单位：", "浆洗街街道"],
        ["填报单位", None, "浆洗街街道", None, "填报日期", "2026.11.20"],
        ["填报单位（盖章）", "浆洗街街道办事处"],
        [None, None, None, "填报单位：浆洗街街道"],
    ],
)
def test_the_filed_by_line_written_the_usual_ways_says_where_the_names_are(office, tmp_path, line):
    plan = plan_import(office.db, roster(tmp_path / "f.xlsx", line), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW], plan.rows[0].reason()
    assert any(n.startswith("按表头上方的“") and "武侯区 / 浆洗街街道" in n for n in plan.notices)
    commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)
    assert where_people_are(office) == {"郑九": "浆洗街街道 / 玉林社区"}


@pytest.mark.parametrize(
    "line",
    [
        ["填报日期：", "2026.11.20"],
        ["单位：人"],
        ["工作单位：浆洗街街道"],
        ["填报单位：", "填报日期：2026.11.20"],
    ],
)
def test_lines_that_name_no_unit_leave_the_names_ambiguous(office, tmp_path, line):
    plan = plan_import(office.db, roster(tmp_path / "f.xlsx", line), today=TODAY)
    assert "有 2 个名为“玉林社区”的单位" in plan.rows[0].reason()


def test_within_naming_another_street_than_the_file_is_refused_naming_both(office, tmp_path):
    path = roster(tmp_path / "f.xlsx", ["填报单位（盖章）：浆洗街街道"])
    other = office.db.execute("SELECT id FROM org_units WHERE name = '望江路街道'").fetchone()[0]
    with pytest.raises(PlanError) as refused:
        plan_import(office.db, path, ImportOptions(unit_scope=other), today=TODAY)
    assert str(refused.value) == (
        "表头上方写着“填报单位（盖章）：浆洗街街道”，但导入时指定了本表来自“武侯区 / 望江路街道”（命令行的 --within）："
        "“武侯区 / 浆洗街街道”既不是它，也不在它之下。请确认文件来自哪里：如确是表中所写的单位报送，请去掉 --within"
        "（导入向导中“本表来自”不选）；如表中的填报单位写错了，请改正后再导入。本次没有导入任何人员"
    )


@pytest.mark.parametrize("within", ["浆洗街街道", "武侯区"])
def test_within_the_file_s_own_unit_or_above_it_is_read_as_before(office, tmp_path, within):
    path = roster(tmp_path / "f.xlsx", ["填报单位（盖章）：浆洗街街道"])
    scope = office.db.execute("SELECT id FROM org_units WHERE name = ?", [within]).fetchone()[0]
    plan = plan_import(office.db, path, ImportOptions(unit_scope=scope), today=TODAY)
    if within == "浆洗街街道":
        assert plan.rows[0].values["unit_id"] == unit_id(office, "浆洗街街道 / 玉林社区")
    else:  # the district holds both 玉林社区: --within the district settles nothing, as without the line
        assert "有 2 个名为“玉林社区”的单位" in plan.rows[0].reason()


def test_the_command_line_exits_1_and_writes_nothing_when_within_and_the_file_disagree(tmp_path):
    db = tmp_path / "office.db"
    run = [sys.executable, "-m", "ui.entry"]
    made = subprocess.run([*run, "demo", "--db", str(db), "--people", "5"], capture_output=True, timeout=60)
    assert made.returncode == 0
    path = roster(tmp_path / "浆洗街.xlsx", ["填报单位(盖章)：浆洗街街道"])
    result = subprocess.run([*run, "import", "roster", str(path), "--db", str(db), "--within", "望江路街道"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 1 and "望江路街道" in result.stderr and "浆洗街街道" in result.stderr
    assert "去掉 --within" in result.stderr and "Traceback" not in result.stderr
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM people WHERE name = '郑九'").fetchone() == (0,)


def test_a_problem_report_corrected_and_sent_back_is_read_as_the_file_was(office, tmp_path):
    """The report's rows carry the paths the 填报单位 line settled: sent back without that line, they are read
    the same way, and the corrected rows are taken."""
    people = [[1, "郑九", make_id(1), "男", "社区工作者", "玉林社区"],
              [2, "冯十", make_id(2)[:-1] + ("0" if make_id(2)[-1] != "0" else "1"), "女", "社区工作者", "玉林社区"],
              [3, "陈十一", make_id(3), "女", "社区工作者", "锦绣社区"],  # the ID number says 男
              [4, "褚八", make_id(4), "女", "社区工作者", "新华社区"]]  # fmt: skip
    people[3][2] = "123"  # and a new community: refused for its ID number, the unit kept for the report
    path = roster(tmp_path / "street.xlsx", ["填报单位：浆洗街街道"], people)
    plan = plan_import(office.db, path, today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.REJECT, Action.REJECT, Action.REJECT]
    commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)
    report = tmp_path / "问题.xlsx"
    write_problem_report(plan, report)

    book = openpyxl.load_workbook(report)
    sheet = book.worksheets[0]
    # 玉林社区: one of two; 新华社区: new, under the street; 锦绣社区, the only one, needs no path.
    assert [sheet.cell(r, 7).value for r in (2, 3, 4)] == [
        "浆洗街街道 / 玉林社区",
        "锦绣社区",
        "浆洗街街道 / 新华社区",
    ]
    sheet.cell(2, 4).value = make_id(2)  # the clerk's corrections
    sheet.cell(3, 5).value = "男"  # make_id(3) is a man's number
    sheet.cell(4, 4).value = make_id(4)
    book.save(report)
    again = plan_import(office.db, report, today=TODAY)
    assert [r.action for r in again.rows] == [Action.NEW] * 3, [r.reason() for r in again.rows]
    commit_import(office.db, office.path, again, update_existing=False, actor=ACTOR)
    assert where_people_are(office) == {"郑九": "浆洗街街道 / 玉林社区", "冯十": "浆洗街街道 / 玉林社区",
                                        "陈十一": "浆洗街街道 / 锦绣社区", "褚八": "浆洗街街道 / 新华社区"}  # fmt: skip


def test_a_unit_the_scope_did_not_settle_goes_to_the_report_as_written(office, tmp_path):
    people = [
        [1, "郑九", "123", "男", "社区工作者", "锦绣社区"],
        [2, "冯十", "456", "男", "社区工作者", "玉林社区"],
    ]
    path = roster(tmp_path / "plain.xlsx", ["2026年11月"], people)
    plan = plan_import(office.db, path, today=TODAY)
    write_problem_report(plan, tmp_path / "问题.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "问题.xlsx").worksheets[0]
    assert [sheet.cell(r, 7).value for r in (2, 3)] == [
        "锦绣社区",
        "玉林社区",
    ]  # no scope: as the street wrote


def test_a_first_roster_into_an_empty_office_makes_its_street_and_puts_its_communities_under_it(tmp_path):
    """A trial: 填报单位：玉林街道 into an office with no units made 新华社区 under 玉林街道 (its row said so) and the
    other communities at the top, beside the street; the second import of the same file then read the line."""
    opened = open_office(tmp_path / "empty.db")
    try:
        people = [[1, "郑九", make_id(1), "男", "社区工作者", "玉林街道 / 新华社区"],
                  [2, "冯十", make_id(5), "男", "社区工作者", "双楠社区"],  # odd serials: men's numbers
                  [3, "陈十一", make_id(3), "男", "社区工作者", "锦绣社区居委会"]]  # fmt: skip
        plan = plan_import(
            opened.db, roster(tmp_path / "first.xlsx", ["填报单位：玉林街道"], people), today=TODAY
        )
        assert any("将新建“玉林街道”，表中新建的单位放在它之下" in notice for notice in plan.notices)
        commit_import(opened.db, opened.path, plan, update_existing=False, actor=ACTOR)
        assert where_people_are(opened) == {"郑九": "玉林街道 / 新华社区", "冯十": "玉林街道 / 双楠社区",
                                            "陈十一": "玉林街道 / 锦绣社区"}  # fmt: skip
    finally:
        opened.close(backup_if_changed=False)
