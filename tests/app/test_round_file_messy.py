"""Round workbooks as offices fill them in (tests/data/mentoring, written by make_rounds.py there), run through
`grassroots mentoring assign` and compared with the rules of issue 11 person by person: who goes to which mentor
with which choice, which rows are refused and why, what is said on the way."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.cli import build_parser, run_command
from app.office import open_office
from app.people.service import create_person, retire_people
from app.units.service import create_unit
from tests.ids import make_id

DATA = Path(__file__).resolve().parent.parent / "data" / "mentoring"
ACTOR = "测试员"
# serial -> (name, status): the roster the workbooks were written against (make_rounds.py uses make_id too).
ROSTER = {
    1: ("赵一", "在岗"), 2: ("钱二", "在岗"), 3: ("孙三", "在岗"), 4: ("李四", "在岗"), 5: ("周五", "在岗"),
    6: ("吴六", "试用期"), 7: ("郑七", "在岗"), 8: ("冯八", "在岗"), 9: ("陈九", "退休"), 10: ("欧阳晓明", "在岗"),
    11: ("褚十一", "在岗"), 12: ("卫十二", "转岗"),
}  # fmt: skip
BINNED = 11


@pytest.fixture(scope="module")
def roster_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("roster") / "office.db"
    office = open_office(path)
    try:
        unit = create_unit(office.db, {"name": "东门街道", "kind": "街道/镇"}, ACTOR).record_id
        ids = {}
        for serial, (name, status) in ROSTER.items():
            data = {"role": "reserve_cadre", "name": name, "id_number": make_id(serial), "unit_id": unit}
            ids[serial] = create_person(office.db, {**data, "status": status}, ACTOR).record_id
        retire_people(office.db, [ids[BINNED]], ACTOR)
    finally:
        office.close(backup_if_changed=False)
    return path


@pytest.fixture
def office_db(roster_db, tmp_path) -> Path:
    copy = tmp_path / "office.db"
    copy.write_bytes(roster_db.read_bytes())
    return copy


def run_round(db: Path, name: str, out: Path, *extra: str) -> int:
    args = ["mentoring", "assign", "--db", str(db), "--prefs", str(DATA / name), "--out", str(out), *extra]
    return run_command(build_parser().parse_args(args))


def read_result(out: Path) -> dict[str, tuple[str, str, str]]:
    """学员 -> (导师, 志愿, 说明); a person on two rows is listed under their name with the row's order."""
    assert out.read_bytes().startswith("\ufeff".encode())  # Excel on Windows reads UTF-8 only with the BOM
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["导师", "学员", "公民身份号码", "志愿", "说明"] if rows else True
    result: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        key = row["学员"] if row["学员"] not in result else f"{row['学员']}#2"
        result[key] = (row["导师"], row["志愿"], row["说明"])
    return result


def placements(result: dict[str, tuple[str, str, str]]) -> dict[str, tuple[str, str]]:
    return {name: (mentor, choice) for name, (mentor, choice, _note) in result.items()}


def test_titles_and_columns_in_the_offices_order(office_db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run_round(office_db, "r1_titles_and_order.xlsx", out) == 0
    # No appraisal totals: the roster's name order (qian < sun < zhao) settles 周建华's three first choices.
    assert placements(read_result(out)) == {
        "赵一": ("孙丽萍", "2"),
        "钱二": ("周建华", "1"),
        "孙三": ("周建华", "1"),
        "周五": ("孙丽萍", "1"),
        "吴六": ("何志强", "1"),
    }
    said = capsys.readouterr()
    assert "导师（“Sheet1”表）、学员（“Sheet2”表）" in said.out
    assert "第一志愿 4 人，第二志愿 1 人，未分配 0 人" in said.out
    assert said.err.splitlines() == ["导师提示 导师“何志强”只分到1人，少于最少2人"]


def test_spaces_full_width_and_id_numbers_as_typed(office_db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run_round(office_db, "r2_spaces_and_id_numbers.xlsx", out) == 2
    result = read_result(out)
    assert placements(result) == {
        "赵一": ("", "—"),  # 周建华 takes 欧阳晓明 and 钱二 first (ouyang < qian < zhao); 孙丽萍 is full
        "钱二": ("周建华", "1"),  # "'110101…": the apostrophe that keeps a number as text
        "孙三": ("", "—"),  # stored as a number: refused with the fix
        "李四": ("孙丽萍", "1"),  # lower-case x
        "周五": ("孙丽萍", "1"),  # full-width digits
        "吴六": ("孙丽萍", "1"),  # spaces inside the number
        "欧阳晓明": ("周建华", "1"),
    }
    assert "被 Excel 存成了数字" in result["孙三"][2]
    with out.open(encoding="utf-8-sig", newline="") as handle:
        numbers = {row["学员"]: row["公民身份号码"] for row in csv.DictReader(handle)}
    assert numbers["钱二"] == make_id(2) and numbers["周五"] == make_id(5) and numbers["李四"] == make_id(4)
    # The number Excel kept is shown as the number it is, never as 18 digits that look like an ID number.
    assert numbers["孙三"] == f"{float(make_id(3)):.15g}"
    assert (
        "第二志愿导师“孙丽萍”的名额已被第一志愿学员占满（最多3人，最后录取的是周五）。需人工决定"
        in result["赵一"][2]
    )
    assert "“学员”表第4行 孙三“公民身份号码”列" in capsys.readouterr().err


def test_choices_as_people_write_them(office_db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run_round(office_db, "r3_how_choices_are_written.xlsx", out) == 2
    result = read_result(out)
    assert placements(result) == {
        "赵一": ("周建华", "1"),  # 周建华老师; second choice 无
        "钱二": ("孙丽萍", "1"),  # 孙丽萍（宣传）; second choice /
        "孙三": ("何志强", "1"),  # second choice 服从调剂
        "李四": ("", "—"),  # 周部长: a surname is no choice
        "周五": ("", "—"),  # 孙老师: 孙丽萍 or 孙丽
        "吴六": ("何志强", "1"),  # second choice －
        "郑七": ("", "—"),  # 周建华 takes 冯八 and 赵一 (feng < zhao < zheng)
        "冯八": ("周建华", "1"),
    }
    assert result["李四"][2] == (
        "未参加分配：第一志愿“周部长”不在导师名单中（是否是“周建华”？），请核对导师姓名（与“导师”表中的写法一致）"
    )
    assert "第一志愿“孙老师”不在导师名单中，请核对" in result["周五"][2]
    assert result["郑七"][2].endswith("；未填第二志愿，本人服从调剂。需人工决定")
    said = capsys.readouterr()
    assert "“学员”表第2行 赵一：第一志愿“周建华老师”按导师“周建华”计" in said.out
    assert "“学员”表第3行 钱二：第一志愿“孙丽萍（宣传）”按导师“孙丽萍”计" in said.out
    assert "第二志愿“无”" not in said.err + said.out


def test_mentor_rows_listed_twice_unlike_or_without_numbers(office_db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run_round(office_db, "r4_mentor_rows.xlsx", out) == 2
    result = read_result(out)
    assert placements(result) == {
        "赵一": ("周建华", "1"),
        "钱二": ("何志强", "2"),
        "孙三": ("孙丽萍", "1"),  # 最少 3 > 最多 1: refused, tried with 最多
        "李四": ("孙丽", "1"),  # 孙丽's 最少 is 三: read as 3, and said as too few
        "周五": ("", "—"),  # 王建国 twice, with different lines
    }
    assert result["钱二"][2].startswith("第一志愿导师“郭文静”本次不带学员（最多0人）；第二志愿：")
    said = capsys.readouterr()
    assert "“导师”表第3行与第2行重复，只计一次" in said.out
    assert (
        "“导师”表第5行 导师“何志强”未填最多人数，导师库中没有这位导师，按默认值（最多5人）计；"
        "本轮另定人数的，请填写“最多”列" in said.out
    )
    err = said.err
    assert "被拒绝 “学员”表第6行 周五：导师“王建国”在“导师”表中出现两次（第8、9行），请先改正" in err
    assert "导师提示 导师“孙丽”只分到1人，少于最少3人" in err
    # 最少 3 > 最多 1 is said once, on its row; the try counts 1 as both, so no second flag repeats it.
    assert (
        "被拒绝 “导师”表第4行 孙丽萍“最少”列（3）：最少人数（3）大于最多人数（1），请改正；试分时最少、最多都按1人计"
        in err
    )
    assert "导师提示 导师“孙丽萍”" not in err


def test_people_not_fitting_the_roster(office_db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run_round(office_db, "r5_people.xlsx", out) == 2
    result = read_result(out)
    assert placements(result) == {
        "张三": ("", "—"),
        "赵一": ("", "—"),
        "陈九": ("", "—"),
        "褚十一": ("", "—"),
        "卫十二": ("", "—"),
        "孙三": ("", "—"),
        "孙三#2": ("", "—"),
        "李四": ("周建华", "1"),  # the same row twice counts once
        "周五": ("", "—"),
        "吴六": ("孙丽萍", "1"),
    }
    notes = {name: note for name, (_m, _c, note) in result.items()}
    assert "校验位错误" in notes["张三"]
    assert "姓名与公民身份号码不符：花名册中号码" in notes["赵一"] and "“钱二”" in notes["赵一"]
    assert "花名册中“陈九”的状态是“退休”，不在岗，不能参加双向选择" in notes["陈九"]
    assert "在回收站中，请先恢复" in notes["褚十一"]
    assert "状态是“转岗”" in notes["卫十二"]
    assert "第7、8行是同一人且志愿不同" in notes["孙三"] and "第7、8行是同一人" in notes["孙三#2"]
    assert "应为18位，当前为17位" in notes["周五"]
    assert "“学员”表第10行与第9行重复，只计一次" in capsys.readouterr().out


def test_a_workbook_without_a_mentee_sheet_changes_nothing(office_db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    before = office_db.read_bytes()
    assert run_round(office_db, "r6_no_mentee_sheet.xlsx", out, "--confirm") == 1
    assert "没有找到“学员”表" in capsys.readouterr().err
    assert not out.exists()
    assert office_db.read_bytes() == before


def test_sheet_names_with_spaces_and_a_ranking_by_name(office_db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run_round(office_db, "r7_spaced_sheet_names_ranks_by_name.xlsx", out) == 2
    result = read_result(out)
    # 周建华 ranked 孙三 first: without that, the name order would have taken 钱二 (qian < sun).
    assert placements(result) == {"赵一": ("", "—"), "钱二": ("孙丽萍", "2"), "孙三": ("周建华", "1")}
    assert "导师排序第1位" in result["孙三"][2]
    assert "导师排序（“ 导师排序”表）" in capsys.readouterr().out


def test_an_old_xls_workbook(office_db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run_round(office_db, "r8_old_excel.xls", out) == 2
    result = read_result(out)
    assert placements(result) == {
        "赵一": ("孙丽萍", "2"),
        "钱二": ("周建华", "1"),
        "孙三": ("周建华", "1"),
        "周五": ("", "—"),
    }
    assert "被 Excel 存成了数字" in result["周五"][2]


def test_a_messy_ranking_sheet(office_db, tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert run_round(office_db, "r9_messy_ranks.xlsx", out) == 0
    result = read_result(out)
    assert placements(result) == {
        "赵一": ("孙丽萍", "2"),  # tied with 钱二 at 2: the name order puts qian first
        "钱二": ("周建华", "1"),
        "孙三": ("孙丽萍", "2"),  # 孙丽萍 ranked 孙三 first
        "李四": ("周建华", "1"),  # "'110101…X", 第1名
    }
    assert "导师排序第2位，与他人并列" in result["钱二"][2]
    said = capsys.readouterr()
    assert "“导师排序”表第7行：号码 " in said.out and "不在“学员”表中，这一行不影响分配" in said.out
    assert said.err == ""
