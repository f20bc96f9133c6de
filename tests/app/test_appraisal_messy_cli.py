"""A street's messy sheet through `grassroots appraisal import` and `rank` as real processes, the ranking
checked person by person against totals, places and grades worked out by hand from the issue's rules."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from app.office import open_office
from app.people.service import create_person
from app.units.service import create_unit
from tests.app.test_cli import run
from tests.ids import make_id as _id

NAMES = ["张一", "李二", "王三", "赵四", "钱五", "孙六", "周七", "吴八", "郑九", "冯十", "陈十一"]


@pytest.fixture(scope="module")
def office_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("messy_cli") / "office.db"
    office = open_office(path)
    try:
        unit = create_unit(office.db, {"name": "东门社区", "kind": "社区/村"}, "测试员").record_id
        for serial, name in enumerate(NAMES):
            person = {"role": "community_worker", "name": name, "id_number": _id(serial), "unit_id": unit}
            create_person(office.db, person, "测试员")
    finally:
        office.close(backup_if_changed=False)
    return path


def _args(db: Path, key: str, year: int) -> list[str]:
    return ["--db", str(db), "--scheme", key, "--year", str(year)]


def _rank(db: Path, key: str, year: int, out: Path) -> list[list[str]]:
    result = run("appraisal", "rank", *_args(db, key, year), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))[1:]


def _street_sheet(path: Path) -> Path:
    """A merged title, a two-row header with weights, text and float-noise scores, a '/', a 平均 row, and
    two rows the import must refuse (120, and a name that is not the ID's holder's)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["东门社区2020年度社区工作者考核成绩汇总表"])
    sheet.append(["序号", "姓名", "身份证号", "考核成绩", None, None, "备注"])
    sheet.append([None, None, None, "工作考核（50%）", "业务测试成绩", "满意度测评（30%）", None])
    for cells in ("A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:G3"):
        sheet.merge_cells(cells)
    scores = [
        ("92", 90, 90), (90, "90分", 90), (90, 90, " ９０ "), (79.98999999999999, 80, 80), (85, 85, 85),
        (60, 60, 60), (59.99, 60, 60), (59.98, 60, 60), (70, 80, 75), (70, 80, 75), (90, "/", 90),
    ]  # fmt: skip
    for serial, (name, row) in enumerate(zip(NAMES, scores, strict=True)):
        sheet.append([serial + 1, name, _id(serial), *row, None])
    sheet.append([12, "张一", _id(11), 120, 80, 80, "号码不是张一的"])
    sheet.append(["平均", None, None, 77.5, 77.5, 79.5, None])
    book.save(path)
    return path


def test_a_street_sheet_imports_and_ranks_as_worked_out_by_hand(office_db, tmp_path):
    sheet = _street_sheet(tmp_path / "东门社区成绩.xlsx")
    result = run("appraisal", "import", str(sheet), *_args(office_db, "weighted-top20", 2020))
    assert result.returncode == 2, result.stderr
    out = result.stdout
    assert "表头在第2–3行" in out and "跳过统计行 1 行" in out
    assert "检查结果：新增 11 人，更新 0 人，无变化 0 人，拒绝 1 人" in out
    assert "第14行 陈十一：缺少业务测试的成绩，将记为待补录（“/”按空白处理）" in out
    assert f"拒绝 第15行 张一“身份证号”列（{_id(11)}）：花名册中没有公民身份号码为 {_id(11)} 的人员" in out
    rows = _rank(office_db, "weighted-top20", 2020, tmp_path / "排名.csv")
    # (名次, 姓名, 总分, 等次, 标记): 0.5 w + 0.2 t + 0.3 s, half-up; n = 10, seats floor(2) = 2.
    assert [(r[0], r[1], r[7], r[8], r[9]) for r in rows] == [
        ("1", "张一", "91.00", "优秀", ""),
        ("2", "李二", "90.00", "", "待定"),  # 李二 and 王三 tie on total and both tie-breakers across seat 2
        ("2", "王三", "90.00", "", "待定"),
        ("4", "钱五", "85.00", "称职", ""),
        ("5", "赵四", "80.00", "称职", ""),  # 39.995 + 16 + 24 = 79.995 → 80.00: no 补课
        ("6", "冯十", "73.50", "称职", "补课"),
        ("6", "郑九", "73.50", "称职", "补课"),
        ("8", "孙六", "60.00", "称职", "补课"),  # ahead of 周七 on the first tie-breaker, 工作考核
        ("9", "周七", "60.00", "称职", "补课"),  # 59.995 → 60.00
        ("10", "吴八", "59.99", "不称职", "补课"),
        ("", "陈十一", "", "", "待补录"),
    ]
    assert rows[3][4:7] == ["85", "85", "85"] and rows[4][4] == "79.99"  # the cell as Excel shows it


def _plain_sheet(path: Path, header: list[str], scores: list[tuple]) -> Path:
    with path.open("w", encoding="gbk", newline="") as handle:  # as Excel saves "CSV" on a Chinese Windows
        writer = csv.writer(handle)
        writer.writerow(["姓名", "公民身份号码", *header])
        for serial, row in enumerate(scores):
            writer.writerow([NAMES[serial], _id(serial), *row])
    return path


@pytest.mark.parametrize(
    ("year", "totals", "grades"),
    [
        # n = 7: 0.7 / 3.5 / 2.8 → 0 / 3 / 2 and 2 left: 一般 (.8) then 优秀 (.7) → 1 / 3 / 3. The tie at place 1
        # straddles 优秀 and 称职: both 待定, taking one seat of each.
        (2031, [95, 95, 90, 85, 80, 75, 70], ["", "", "称职", "称职", "一般", "一般", "一般"]),
        # n = 5: 0.5 / 2.5 / 2 → 0 / 2 / 2, one left, 优秀 and 称职 equal at .5: the lower grade → 0 / 3 / 2.
        (2032, [90, 80, 70, 60, 50], ["称职", "称职", "称职", "一般", "一般"]),
        # n = 3: 0.3 / 1.5 / 1.2 → 0 / 1 / 1, one left to 称职 (.5) → 0 / 2 / 1.
        (2033, [90, 80, 70], ["称职", "称职", "一般"]),
        # n = 2: 0.2 / 1 / 0.8 → 0 / 1 / 0, one left to 一般 (.8).
        (2034, [90, 80], ["称职", "一般"]),
        # n = 1: 0.1 / 0.5 / 0.4 → the one seat to 称职.
        (2035, [90], ["称职"]),
    ],
)
def test_ratio_154_seats_by_hand(office_db, tmp_path, year, totals, grades):
    sheet = _plain_sheet(
        tmp_path / f"{year}.csv", ["周汇报", "季度考核", "年度述职"], [(t, t, t) for t in totals]
    )
    result = run("appraisal", "import", str(sheet), *_args(office_db, "ratio-154", year))
    assert result.returncode == 0, result.stdout + result.stderr
    rows = _rank(office_db, "ratio-154", year, tmp_path / f"{year}-排名.csv")
    assert [r[8] for r in rows] == grades
    assert [r[7] for r in rows] == [f"{t}.00" for t in totals]
    if year == 2031:
        assert [r[9] for r in rows[:2]] == ["待定", "待定"] and "占优秀 1 席、称职 1 席" in rows[0][10]


def test_3x_with_x_a_tie_on_85_and_the_ranking_reimported(office_db, tmp_path):
    # n = 7 → one 优秀 seat; 84.99 × .3 + 85 × .3 + 85 × .4 = 84.997 → 85.00, tied at 85 with two others.
    scores = [(88, 88, 88, 2.555), (90, 90, 90, ""), (80, 80, 80, 5), (85, 85, 85, 0), (84.99, 85, 85, ""),
              (60, 60, 60, 3), (50, 50, 50, 10)]  # fmt: skip
    sheet = _plain_sheet(tmp_path / "3x.csv", ["满意度（30%）", "能力测试", "工作实绩", "专项加分"], scores)
    result = run("appraisal", "import", str(sheet), *_args(office_db, "3x", 2020))
    assert result.returncode == 0 and "专项加分 → 专项工作加分" in result.stdout, (
        result.stdout + result.stderr
    )
    out = tmp_path / "3x-排名.csv"
    rows = _rank(office_db, "3x", 2020, out)
    assert [(r[0], r[1], r[7], r[8], r[9]) for r in rows] == [
        ("1", "张一", "2.555", "90.56", "优秀"),  # 88 + 2.555 = 90.555 → 90.56
        ("2", "李二", "", "90.00", "称职"),
        ("3", "钱五", "", "85.00", "称职"),  # 3+X names no tie-breaker: one place, listed by name
        ("3", "王三", "5", "85.00", "称职"),
        ("3", "赵四", "0", "85.00", "称职"),
        ("6", "孙六", "3", "63.00", "称职"),
        ("7", "周七", "10", "60.00", "称职"),
    ]
    again = run("appraisal", "import", str(out), *_args(office_db, "3x", 2020), "--dry-run")
    assert again.returncode == 0 and "新增 0 人，更新 0 人，无变化 7 人，拒绝 0 人" in again.stdout


def test_one_sheet_per_street_each_imported_by_name(office_db, tmp_path):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, people in (("东门社区", [0, 1]), ("西门社区", [2])):
        sheet = book.create_sheet(title)
        sheet.append(["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"])
        for serial in people:
            sheet.append([NAMES[serial], _id(serial), 90, 80, 70])
    book.save(tmp_path / "各社区.xlsx")
    args = [str(tmp_path / "各社区.xlsx"), *_args(office_db, "weighted-top20", 2040)]
    first = run("appraisal", "import", *args)
    assert first.returncode == 0 and "注意：工作表“西门社区”也是成绩表，本次没有导入" in first.stdout
    second = run("appraisal", "import", *args, "--sheet", "西门社区")
    assert second.returncode == 0 and "工作表“西门社区”" in second.stdout and "新增 1 人" in second.stdout
    ranked = _rank(office_db, "weighted-top20", 2040, tmp_path / "r.csv")
    assert sorted(r[1] for r in ranked) == sorted(["张一", "李二", "王三"])  # one place: all three 82.00
    wrong = run("appraisal", "import", *args, "--sheet", "北门社区")
    assert (
        wrong.returncode == 1 and "工作簿中没有名为“北门社区”的工作表，有：东门社区、西门社区" in wrong.stderr
    )


def test_the_dry_run_says_what_the_clerk_did_not_see(office_db, tmp_path):
    """A new period made, a title naming another year, and a person in a row Excel hides."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2025年度社区工作者考核成绩汇总表"])
    sheet.append(["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"])
    sheet.append([NAMES[0], _id(0), 90, 90, 90])
    sheet.append([NAMES[1], _id(1), 80, 80, 80])
    sheet.row_dimensions[4].hidden = True
    book.save(tmp_path / "s.xlsx")
    result = run("appraisal", "import", str(tmp_path / "s.xlsx"), *_args(office_db, "weighted-top20", 2042),
                 "--dry-run")  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "将新建考核：2042年度考核（加权评价·双达标）。"
    assert lines[2].startswith("注意：表格标题是“2025年度社区工作者考核成绩汇总表”，本次导入到2042年度的考核")
    assert "第4行在 Excel 中是隐藏的，其中的成绩也一并检查和导入" in result.stdout


def test_a_hand_set_grade_under_changed_scores_is_said(office_db, tmp_path):
    scores = [(88, 88, 88), (88, 88, 88), *[(70, 70, 70)] * 8]
    first = _plain_sheet(tmp_path / "first.csv", ["工作考核", "业务测试", "满意度测评"], scores)
    assert run("appraisal", "import", str(first), *_args(office_db, "weighted-top20", 2041)).returncode == 0
    override = ["--id", _id(0), "--grade", "优秀", "--reason", "党委会\n研究"]
    assert run("appraisal", "override", *_args(office_db, "weighted-top20", 2041), *override).returncode == 0
    changed = _plain_sheet(tmp_path / "changed.csv", ["工作考核", "业务测试", "满意度测评"], [(70, 70, 70)])
    result = run("appraisal", "import", str(changed), *_args(office_db, "weighted-top20", 2041), "--dry-run")
    assert (
        f"第2行 {NAMES[0]}：等次是手工定的“优秀”（理由：党委会 研究），成绩改变后仍按手工等次；"
        "如需按新成绩评定，请撤销手工等次（排名中的“取消调整”，或命令行 grassroots appraisal override … --clear）"
        in result.stdout
    )
    assert "将新建考核" not in result.stdout and "注意：表格标题" not in result.stdout
