"""`grassroots training import` over every messy list in tests/data/training, as the clerk runs it: the exit code,
the line that matters, and for a workbook of several sheets `--sheet`; a committed run read back from the
database and its `--report` read back from the file."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.cli import ChineseParser
from app.commands import CommandError
from app.office import open_office
from app.people.service import create_person
from app.training.training_commands import add_training_parser, run
from app.units.service import create_unit
from tests.data.training.make_lists import ROSTER

DATA = Path(__file__).resolve().parents[1] / "data" / "training"
ACTOR = "测试员"
NEW = ["--category", "入门", "--start", "2026-03-02", "--end", "2026-03-03", "--hours", "8"]


@pytest.fixture
def office_db(tmp_path) -> Path:
    path = tmp_path / "office.db"
    office = open_office(path)
    try:
        unit = create_unit(office.db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
        for name, number in ROSTER.items():
            create_person(
                office.db,
                {"role": "community_worker", "name": name, "id_number": number, "unit_id": unit},
                ACTOR,
            )
    finally:
        office.close(backup_if_changed=False)
    return path


def call(argv: list, capsys) -> tuple[int, str]:
    parser = ChineseParser(prog="grassroots")
    add_training_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["training", *map(str, argv)])
    try:
        code = run(args, ACTOR)
    except CommandError as exc:
        return exc.code, capsys.readouterr().out + str(exc)
    return code, capsys.readouterr().out


@pytest.mark.parametrize(
    ("file", "code", "said"),
    [
        ("01_merged_title.xlsx", 2, "新增 4 人，更新 0 人，无变化 0 人，拒绝 1 行，非人员行 4 行"),
        ("02_id_numbers.xlsx", 2, "新增 4 人，更新 0 人，无变化 0 人，拒绝 3 行"),
        ("03_gbk.csv", 2, "新增 3 人，更新 0 人，无变化 1 人，拒绝 3 行，非人员行 2 行"),
        ("04_old.xls", 2, "新增 3 人，更新 0 人，无变化 0 人，拒绝 1 行"),
        ("05_several_sheets.xlsx", 0, "工作表“第二期”也是参训名单，本次没有导入"),
        ("06_empty_first_sheet.xlsx", 0, "表中没有“学时”列：名单上的每人按培训班学时 8 计"),
        ("07_two_row_header.xlsx", 0, "第5行 李四：新增（请假，0 学时）"),
        ("08_empty.xlsx", 1, "没有任何内容"),
        ("09_no_id_column.xlsx", 1, "第1行像是表头（有“姓名”），但缺少“公民身份号码”列"),
    ],
)
def test_each_messy_list_dry_run(office_db, capsys, file, code, said):
    got, out = call(
        ["import", DATA / file, "--db", office_db, "--course", "入门班", *NEW, "--dry-run"], capsys
    )
    assert (got, said in out) == (code, True), out


def test_the_second_sheet_by_name_then_the_first_by_default(office_db, capsys):
    code, out = call(["import", DATA / "05_several_sheets.xlsx", "--db", office_db, "--course", "入门班", *NEW,
                      "--sheet", "第二期"], capsys)  # fmt: skip
    assert code == 0 and "工作表“第二期”" in out and "第2行 王小明：新增（4 学时，合格）" in out
    code, out = call(
        ["import", DATA / "05_several_sheets.xlsx", "--db", office_db, "--course", "入门班"], capsys
    )
    assert code == 0 and "新增 2 人" in out
    code, out = call(["import", DATA / "05_several_sheets.xlsx", "--db", office_db, "--course", "入门班",
                      "--sheet", "第三期"], capsys)  # fmt: skip
    assert code == 1 and "没有名为“第三期”的工作表，有：填表说明、第一期、第二期" in out
    office = open_office(office_db)
    try:
        names = [
            r[0]
            for r in office.db.execute("SELECT p.name FROM enrolments e JOIN people p ON p.id = e.person_id")
        ]
    finally:
        office.close(backup_if_changed=False)
    assert sorted(names) == sorted(["王小明", "张三", "李四"])


def test_a_committed_gbk_csv_and_its_report(office_db, capsys, tmp_path):
    report = tmp_path / "问题行.xlsx"
    code, out = call(["import", DATA / "03_gbk.csv", "--db", office_db, "--course", "专题班", "--category",
                      "专题培训", "--start", "2026-06-01", "--end", "2026-06-01", "--hours", "4",
                      "--report", report], capsys)  # fmt: skip
    assert code == 2 and "被拒绝的 3 行已另存为" in out
    rows = list(openpyxl.load_workbook(report)["问题行"].values)
    assert rows[0] == ("原行号", "序号", "姓名", "身份证号", "学时", "成绩", "问题说明")
    assert [(r[0], r[2], r[4]) for r in rows[1:]] == [
        (4, "李四", "一天"),
        (8, "钱七", "4"),
        (9, "钱七", "3.5"),
    ]
    assert rows[1][3] == ROSTER["李四"]  # the ID number stays text, all 18 digits
    office = open_office(office_db)
    try:
        got = office.db.execute(
            "SELECT p.name, e.hours, e.result FROM enrolments e JOIN people p ON p.id = e.person_id ORDER BY e.id"
        ).fetchall()
    finally:
        office.close(backup_if_changed=False)
    assert got == [("张三", "2", "合格"), ("王小明", "0", "不合格"), ("赵六", "4", "不合格")]
