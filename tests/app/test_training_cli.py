"""`grassroots training hours|import` through training_commands.run with a parser built from
add_training_parser: a messy attendance sheet (titles, merged cells, 合计, units after hours, 半天, scores, bad
ID numbers, wrong names, people not on the roster, the same person twice, hours above the course's or not a
multiple of 0.5) planned, dry-run and committed, then the hours list read back as .csv and .xlsx."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import openpyxl
import pytest

from app.cli import ChineseParser
from app.commands import CommandError
from app.office import open_office
from app.people.service import create_person
from app.training import settings
from app.training.training_commands import add_training_parser, run
from app.units.service import create_unit
from tests.ids import make_id

ACTOR = "测试员"
PEOPLE = [
    ("张三", "instructor"),
    ("李四", "community_worker"),
    ("王五", "reserve_cadre"),
    ("赵六", "community_worker"),
]


def ids() -> dict[str, str]:
    return {name: make_id(i) for i, (name, _role) in enumerate(PEOPLE, 1)}


@pytest.fixture
def office_db(tmp_path) -> Path:
    path = tmp_path / "office.db"
    office = open_office(path)
    try:
        unit = create_unit(office.db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
        for i, (name, role) in enumerate(PEOPLE, 1):
            create_person(
                office.db, {"role": role, "name": name, "id_number": make_id(i), "unit_id": unit}, ACTOR
            )
        settings.save(office.db, {"reserve_cadre": "40"}, ACTOR)
    finally:
        office.close(backup_if_changed=False)
    return path


def call(argv: list[str], capsys) -> tuple[int, str, str]:
    parser = ChineseParser(prog="grassroots")
    add_training_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["training", *map(str, argv)])
    try:
        code = run(args, ACTOR)
    except CommandError as exc:
        out = capsys.readouterr()
        return exc.code, out.out, str(exc)
    out = capsys.readouterr()
    return code, out.out, out.err


def messy_sheet(path: Path) -> Path:
    n = ids()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年社区工作者入门培训班参训人员名单"])
    sheet.merge_cells("A1:F1")
    sheet.append(["填报单位：东门街道", None, None, "填报日期：2026-03-10"])
    sheet.append(["序号", "姓 名", "身份证号", "学时（小时）", "考核结果", "备注"])
    rows = [
        (1, "张三", n["张三"], 8, "合格", None),  # row 4
        (2, "李四", n["李四"], "4.5学时", "85", "迟到"),  # 5
        (3, "王五", n["王五"].lower().replace("x", "x"), "半天", "合格", None),  # 6: 半天 is not hours
        (None, None, None, None, None, None),  # 7: blank
        (4, "赵六", n["赵六"][:-1] + ("0" if n["赵六"][-1] != "0" else "1"), 8, "合格", None),  # 8: checksum
        (5, "赵七", n["赵六"], 8, "合格", None),  # 9: name not the holder's
        (6, "钱八", make_id(99), 8, "合格", None),  # 10: not on the roster
        (7, "张三", n["张三"], 8, "合格", None),  # 11: the same again: skipped
        (8, "赵六", n["赵六"], 9, "合格", None),  # 12: above the course's 8
        (9, "赵六", n["赵六"], "4.3", "120", None),  # 13: not a multiple of 0.5, score 120
        (10, "王五", float(n["王五"][:15] + "000"), 8, "合格", None),  # 14: an ID Excel made a number
        ("合计", None, None, 20.5, None, None),  # 15
    ]
    for row in rows:
        sheet.append(list(row))
    book.save(path)
    return path


NEW = ["--category", "入门", "--start", "2026-03-02", "--end", "2026-03-03", "--hours", "8"]


def test_dry_run_says_each_rows_fate_and_writes_nothing(office_db, tmp_path, capsys):
    sheet = messy_sheet(tmp_path / "名单.xlsx")
    code, out, _err = call(
        ["import", sheet, "--db", office_db, "--course", "入门班", *NEW, "--dry-run"], capsys
    )
    assert code == 2
    assert "表头在第3行" in out and "将新建培训班“入门班”（入门，2026-03-02—2026-03-03，8 学时）" in out
    assert "新增 2 人，更新 0 人，无变化 1 人，拒绝 7 行" in out
    assert "第4行 张三：新增（8 学时，合格）" in out and "第5行 李四：新增（4.5 学时，85）" in out
    assert "第11行 张三：与本表第4行重复，跳过" in out
    for said in ["第6行 王五“学时（小时）”列（半天）：学时“半天”不能换算成学时数", "第8行 赵六“身份证号”列",
                 "第9行 赵七“姓 名”列（赵七）：姓名与公民身份号码不符", "第10行 钱八“身份证号”列",
                 "花名册中没有公民身份号码", "第12行 赵六“学时（小时）”列（9）：学时 9 超过培训班的总学时 8",
                 "第13行 赵六“学时（小时）”列（4.3）：学时 4.3 不是 0.5 的整数倍", "第13行 赵六“考核结果”列（120）",
                 "第14行 王五“身份证号”列", "请将该列设置为“文本”格式后重新录入"]:  # fmt: skip
        assert said in out, said
    assert "跳过合计行 1 行" in out and "跳过空行 1 行" in out and "试运行" in out
    office = open_office(office_db, readonly=True)
    try:
        assert office.db.execute("SELECT count(*) FROM courses").fetchone() == (0,)
    finally:
        office.close(backup_if_changed=False)


def test_import_commits_once_and_a_second_time_changes_nothing(office_db, tmp_path, capsys):
    sheet = messy_sheet(tmp_path / "名单.xlsx")
    code, out, _ = call(["import", sheet, "--db", office_db, "--course", "入门班", *NEW], capsys)
    assert code == 2 and "新增 2 人" in out and "导入前的数据已备份" in out
    code, out, _ = call(["import", sheet, "--db", office_db, "--course", "入门班"], capsys)
    assert code == 2 and "已存在" in out and "新增 0 人，更新 0 人，无变化 3 人" in out
    assert "没有需要写入的参训记录" in out
    good = tmp_path / "改正.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "学时", "结果"])
    book.active.append(["王五", ids()["王五"], "6", "合格"])
    book.active.append(["李四", ids()["李四"], None, "不合格"])  # a blank hours cell keeps 4.5
    book.save(good)
    code, out, _ = call(["import", good, "--db", office_db, "--course", "入门班"], capsys)
    assert code == 0 and "第3行 李四：更新（4.5 学时，85 → 4.5 学时，不合格）" in out
    office = open_office(office_db, readonly=True)
    try:
        got = office.db.execute(
            "SELECT p.name, e.hours, e.result FROM enrolments e JOIN people p ON p.id = e.person_id ORDER BY p.name"
        ).fetchall()
        assert sorted(got) == sorted(
            [("张三", "8", "合格"), ("李四", "4.5", "不合格"), ("王五", "6", "合格")]
        )
        assert office.db.execute("SELECT count(*) FROM audit_log WHERE entity = 'enrolment'").fetchone() == (
            4,
        )
    finally:
        office.close(backup_if_changed=False)


def test_a_missing_course_without_its_values_is_refused_with_the_fix(office_db, tmp_path, capsys):
    sheet = messy_sheet(tmp_path / "名单.xlsx")
    code, _out, err = call(["import", sheet, "--db", office_db, "--course", "不存在的班"], capsys)
    assert code == 1 and "没有名为“不存在的班”的培训班" in err and "--category --start --end --hours" in err
    code, _out, err = call(
        ["import", sheet, "--db", office_db, "--course", "班", "--category", "学习", "--start", "2026-02-30",
         "--end", "2026-03-01", "--hours", "4.2"], capsys)  # fmt: skip
    assert code == 1 and "不是培训类别" in err and "0.5 的整数倍" in err


def test_a_sheet_without_the_columns_is_refused(office_db, tmp_path, capsys):
    path = tmp_path / "乱.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["编号", "学时"])
    book.save(path)
    code, _out, err = call(["import", path, "--db", office_db, "--course", "入门班", *NEW], capsys)
    assert code == 1 and "没有找到表头行" in err


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def test_hours_list_against_each_roles_requirement_csv_and_xlsx(office_db, tmp_path, capsys):
    sheet = messy_sheet(tmp_path / "名单.xlsx")
    call(["import", sheet, "--db", office_db, "--course", "入门班", *NEW], capsys)
    code, out, _ = call(["hours", "--db", office_db, "--year", "2026", "--out", tmp_path / "h.csv"], capsys)
    assert code == 0 and "4 人，其中未达到要求 4 人" in out
    rows = read_csv(tmp_path / "h.csv")
    n = ids()
    assert rows[0] == ["姓名", "公民身份号码", "人员类别", "学时", "要求学时", "差额"]
    assert sorted(rows[1:]) == sorted([
        ["张三", n["张三"], "党建指导员", "8", "48", "40"],
        ["李四", n["李四"], "社区工作者", "4.5", "48", "43.5"],
        ["王五", n["王五"], "青年干部", "0", "40", "40"],
        ["赵六", n["赵六"], "社区工作者", "0", "48", "48"],
    ])  # fmt: skip
    code, _, _ = call(["hours", "--db", office_db, "--year", "2025", "--out", tmp_path / "h.xlsx"], capsys)
    sheet = openpyxl.load_workbook(tmp_path / "h.xlsx").active
    values = list(sheet.values)
    assert values[0] == ("姓名", "公民身份号码", "人员类别", "学时", "要求学时", "差额")
    assert {(r[0], r[3], r[4], r[5]) for r in values[1:]} == {("张三", 0, 48, 48), ("李四", 0, 48, 48),
                                                             ("王五", 0, 40, 40), ("赵六", 0, 48, 48)}  # fmt: skip
    assert sheet.cell(2, 2).number_format == "@"


def test_hours_refuses_a_bad_year_and_a_wrong_suffix(office_db, tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:  # an option's value that cannot be used: a usage error
        call(["hours", "--db", office_db, "--year", "2026", "--out", tmp_path / "h.txt"], capsys)
    assert caught.value.code == 64 and "学时统计只能是 .csv 或 .xlsx 文件" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        call(["hours", "--db", office_db, "--year", "26", "--out", tmp_path / "h.csv"], capsys)
    assert caught.value.code == 64
    assert isinstance(argparse.Namespace(), argparse.Namespace)


def test_report_saves_the_refused_rows_and_reimports_with_its_own_columns_ignored(
    office_db, tmp_path, capsys
):
    sheet = messy_sheet(tmp_path / "名单.xlsx")
    report = tmp_path / "问题.xlsx"
    code, out, _ = call(
        ["import", sheet, "--db", office_db, "--course", "入门班", *NEW, "--dry-run", "--report", report],
        capsys,
    )
    assert code == 2 and "被拒绝的 7 行已另存为" in out
    rows = list(openpyxl.load_workbook(report)["问题行"].values)
    assert rows[0] == ("原行号", "序号", "姓 名", "身份证号", "学时（小时）", "考核结果", "备注", "问题说明")
    assert [r[0] for r in rows[1:]] == [6, 8, 9, 10, 12, 13, 14]
    assert "学时“半天”不能换算成学时数" in rows[1][-1]
    code, out, _ = call(
        ["import", report, "--db", office_db, "--course", "入门班", *NEW, "--dry-run"], capsys
    )
    # 备注 is read for absences beside the 学时 column, not ignored
    assert code == 2 and "以下列不认识，已忽略：原行号、序号、问题说明" in out


def _stage_list(path: Path, names: list[str]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "学时", "结果"])
    for name in names:
        book.active.append([name, ids()[name], 8, "合格"])
    book.save(path)
    return path


def _attended(db_path: Path, course: str) -> list[str]:
    office = open_office(db_path, readonly=True)
    try:
        return [r[0] for r in office.db.execute(
            "SELECT p.name FROM enrolments e JOIN people p ON p.id = e.person_id JOIN courses c ON c.id = e.course_id"
            " WHERE c.name = ? ORDER BY e.id", [course])]  # fmt: skip
    finally:
        office.close(backup_if_changed=False)


STAGE = ["--start", "2026-05-01", "--end", "2026-05-02", "--hours", "8"]


def _new_stage(name: str, category: str, day: str) -> list[str]:
    return ["--course", name, "--category", category, "--start", day, "--end", day, "--hours", "8"]


def test_a_list_putting_people_into_a_stage_before_its_prior_one_is_written_only_when_confirmed(
    office_db, tmp_path, capsys
):
    """进阶 without 入门 completed (不合格 is not completed), 全面 without 进阶: the dry run names who and exits 1
    as the import would, which refuses (exit 1, nothing written) until --confirm-stage; someone who passed 入门
    is not named."""
    first = _stage_list(tmp_path / "入门.xlsx", ["张三", "李四"])
    code, _out, _ = call(
        ["import", first, "--db", office_db, "--course", "入门班", "--category", "入门", *STAGE], capsys
    )
    assert code == 0
    failed = tmp_path / "不合格.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "学时", "结果"])
    book.active.append(["李四", ids()["李四"], 8, "不合格"])
    book.save(failed)
    assert call(["import", failed, "--db", office_db, "--course", "入门班"], capsys)[0] == 0

    advanced = _stage_list(tmp_path / "进阶.xlsx", ["张三", "李四", "王五"])
    new = _new_stage("进阶班", "进阶", "2026-06-01")
    code, out, _ = call(["import", advanced, "--db", office_db, *new, "--dry-run"], capsys)
    assert code == 1
    assert call(["import", advanced, "--db", office_db, *new, "--dry-run", "--confirm-stage"], capsys)[0] == 0
    assert (
        "以下 2 人尚未完成“入门”阶段培训，按顺序应先完成“入门”再参加“进阶”：李四（第3行）、王五（第4行）"
        in out
    )
    assert (
        "第2行 张三：新增（8 学时，合格）\n" in out
        and "第3行 李四：新增（8 学时，合格），尚未完成“入门”阶段培训" in out
    )
    assert "--confirm-stage" in out

    code, _out, err = call(["import", advanced, "--db", office_db, *new], capsys)
    assert code == 1 and _attended(office_db, "进阶班") == []
    assert "李四（第3行）、王五（第4行）尚未完成“入门”阶段培训" in err and "--confirm-stage" in err

    code, out, _ = call(["import", advanced, "--db", office_db, *new, "--confirm-stage"], capsys)
    assert code == 0 and _attended(office_db, "进阶班") == ["张三", "李四", "王五"]

    top = _stage_list(tmp_path / "全面.xlsx", ["张三", "赵六"])
    new = _new_stage("全面班", "全面", "2026-07-01")
    code, _out, err = call(["import", top, "--db", office_db, *new], capsys)
    assert code == 1 and "全面培训班，赵六（第3行）尚未完成“进阶”阶段培训" in err  # 张三 has passed 进阶
