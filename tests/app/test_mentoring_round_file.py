"""Reading a selection round's workbook (app/training/round_file.py) as the office fills it in: titles above
headers, labels with spaces and full-width brackets, stray spaces in names, duplicate rows, ranks as text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.exchange.roster_import import PlanError
from app.people.service import create_person
from app.training.round_file import read_round, whole_number
from app.training.selection import assign
from tests.app.conftest import add_person
from tests.ids import make_id

ACTOR = "测试员"
NAMES = ["赵一", "钱二", "孙三", "李四", "周五", "吴六"]
IDS = {name: make_id(i + 1) for i, name in enumerate(NAMES)}


@pytest.fixture
def db(db):
    """The shared office (tests/app/conftest.py) with the applicants, young cadres of 东门街道."""
    for serial, name in enumerate(NAMES, 1):
        add_person(db, name, serial, "reserve_cadre", "东门街道")
    return db


def write_round(
    path: Path, mentors: list[list], mentees: list[list], ranks: list[list] | None = None
) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "导师"
    sheet.append(["2026年青年干部导师制双向选择 导师名单"])
    sheet.append(["导师姓名", "条 线", "最少（人）", "最多（人）"])
    for row in mentors:
        sheet.append(row)
    sheet = book.create_sheet("学员")
    sheet.append(["学员志愿表"])
    sheet.append([])
    sheet.append(["序号", "姓 名", "身份证号码", "条线", "第一志愿", "第二志愿"])
    for i, row in enumerate(mentees, 1):
        sheet.append([i, *row])
    if ranks is not None:
        sheet = book.create_sheet("导师排序")
        sheet.append(["导师姓名", "公民身份号码", "顺位"])
        for row in ranks:
            sheet.append(row)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                cell.number_format = "@"
    book.save(path)
    return path


def test_a_messy_round_is_read(db, tmp_path):
    path = write_round(
        tmp_path / "round.xlsx",
        [["张 伟 ", "组织", "1", "2"], ["李红", "宣传", None, None], ["张伟", "组织", 1, 2]],
        [
            [" 赵一", IDS["赵一"], "组织", "张伟", "李红"],
            ["钱 二", IDS["钱二"], "组织", "张伟", None],
            ["钱二", IDS["钱二"], "组织", "张 伟", ""],
            ["合计", None, None, None, None],
        ],
        [["张伟", IDS["钱二"], "第1"], ["李红", IDS["赵一"], "２"]],
    )
    found = read_round(db, path)
    assert [(m.name, m.line, m.min_mentees, m.max_mentees) for m in found.mentors] == [
        ("张伟", "组织", 1, 2),
        ("李红", "宣传", 3, 5),
    ]
    assert [(a.name, a.key, a.first, a.second, a.problem) for a in found.applicants] == [
        ("赵一", IDS["赵一"], "张伟", "李红", ""),
        ("钱二", IDS["钱二"], "张伟", "", ""),  # the roster's spelling
    ]
    assert found.rankings == {"张伟": {IDS["钱二"]: 1}, "李红": {IDS["赵一"]: 2}}
    assert found.problems == []
    assert any("第5行与第3行重复" in n for n in found.notices)
    assert any("第6行与第5行重复" in n for n in found.notices)
    assert any("合计行 1 行" in n for n in found.notices)
    assert (
        "“导师”表第4行 导师“李红”未填最少、最多人数，导师库中没有这位导师，按默认值（最少3人、最多5人）计；"
        "本轮另定人数的，请填写“最少（人）”“最多（人）”列" in found.notices
    )


def test_each_bad_row_names_sheet_row_person_and_fix(db, tmp_path):
    wrong_check = IDS["孙三"][:-1] + ("0" if IDS["孙三"][-1] != "0" else "1")
    path = write_round(
        tmp_path / "round.xlsx",
        [["张伟", "组织", 3, 2], ["王芳", "组织", "abc", 3], ["陈刚", "组织", 1, 3], ["陈刚", "宣传", 1, 3]],
        [
            ["赵一", IDS["钱二"], "", "张伟", ""],
            ["孙三", wrong_check, "", "张伟", ""],
            ["李四", IDS["李四"], "", "王芳", ""],
            ["周五", IDS["周五"], "", "陈刚", ""],
            ["吴六", make_id(99), "", "张伟", ""],
        ],
        [["张伟", IDS["李四"], "一"], ["刘洋", IDS["周五"], 1]],
    )
    found = read_round(db, path)
    problems = "\n".join(found.problems)
    assert "“导师”表第3行 张伟“最少（人）”列（3）：最少人数（3）大于最多人数（2）" in problems
    assert "“导师”表第4行 王芳“最少（人）”列（abc）：最少人数应是不小于0的整数" in problems
    assert "“导师”表第6行 陈刚“导师姓名”列（陈刚）：导师“陈刚”在第5行已有" in problems
    assert "“导师排序”表第2行“导师排序”列" not in problems
    assert "“导师排序”表第3行“导师姓名”列（刘洋）：导师“刘洋”不在“导师”表中" in problems
    notes = {a.row: a.problem for a in found.applicants}
    assert notes[4].startswith("“学员”表第4行 赵一“姓 名”列（赵一）：姓名与公民身份号码不符")
    assert "钱二" in notes[4]
    assert notes[5].startswith("“学员”表第5行 孙三“身份证号码”列")
    assert "校验位错误" in notes[5]
    assert notes[6] == "“学员”表第6行 李四：导师“王芳”在“导师”表第4行有误，请先改正"
    assert "出现两次（第5、6行）" in notes[7]
    assert "花名册中没有公民身份号码为" in notes[8]
    result = assign(found.mentors, found.applicants, found.rankings, [])
    assert all(o.refused for o in result.outcomes)


def test_a_rank_that_is_no_number_is_refused(db, tmp_path):
    path = write_round(
        tmp_path / "round.xlsx",
        [["张伟", "组织", 1, 2]],
        [["赵一", IDS["赵一"], "", "张伟", ""]],
        [["张伟", IDS["赵一"], "靠前"], ["张伟", IDS["赵一"], 0]],
    )
    found = read_round(db, path)
    assert len(found.problems) == 2
    assert all("顺位应是从1开始的整数" in p for p in found.problems)
    assert found.rankings == {}


def test_a_rank_in_words_is_that_number(db, tmp_path):
    """顺位 第一, 二: the order the mentor meant, not a row refused as no number."""
    path = write_round(
        tmp_path / "round.xlsx",
        [["张伟", "组织", 1, 2]],
        [["赵一", IDS["赵一"], "", "张伟", ""], ["钱二", IDS["钱二"], "", "张伟", ""]],
        [["张伟", IDS["赵一"], "第一"], ["张伟", IDS["钱二"], "二"]],
    )
    found = read_round(db, path)
    assert (found.problems, found.rankings) == ([], {"张伟": {IDS["赵一"]: 1, IDS["钱二"]: 2}})


def test_rank_rows_repeated_contradicting_or_beside_the_choices(db, tmp_path):
    path = write_round(
        tmp_path / "round.xlsx",
        [["张伟", "组织", 1, 2], ["李红", "组织", 1, 2]],
        [["赵一", IDS["赵一"], "", "张伟", ""], ["钱二", IDS["钱二"], "", "张伟", ""]],
        [
            ["张伟", IDS["赵一"], 1],
            ["张伟", IDS["赵一"], "1"],
            ["张伟", IDS["钱二"], 1],
            ["张伟", IDS["钱二"], 2],
            ["李红", IDS["赵一"], 1],
        ],
    )
    found = read_round(db, path)
    assert found.rankings == {"张伟": {IDS["赵一"]: 1}, "李红": {IDS["赵一"]: 1}}
    assert "“导师排序”表第3行与第2行重复，只计一次" in found.notices
    assert "“导师排序”表第6行：赵一没有选择导师“李红”，这一行不影响分配" in found.notices
    assert len(found.problems) == 1
    assert found.problems[0].startswith("“导师排序”表第5行 钱二“顺位”列（2）：与第4行矛盾")


def test_a_file_without_the_mentor_sheet_says_so(db, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "第一志愿", "第二志愿"])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(PlanError, match="没有找到“导师”表"):
        read_round(db, tmp_path / "x.xlsx")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, 3),
        (3.0, 3),
        ("3", 3),
        ("３", 3),
        ("3人", 3),
        ("第2", 2),
        ("第一", 1),  # a 顺位 in words
        ("三人", 3),
        ("十二", 12),
        ("第二十", 20),
        ("一二", None),
        (" 4 ", 4),
        (2.5, None),
        ("abc", None),
        (-1, None),
    ],
)
def test_whole_number(value, expected):
    assert whole_number(value) == expected


def test_an_id_number_excel_stored_as_a_number_is_refused_with_the_fix(db, tmp_path):
    path = tmp_path / "round.xlsx"
    write_round(path, [["张伟", "组织", 1, 2]], [["赵一", "x", "", "志愿1", ""]])
    book = openpyxl.load_workbook(path)
    sheet = book["学员"]
    sheet["C4"] = float(IDS["赵一"])
    sheet["E4"] = "张伟"
    book.save(path)
    (applicant,) = read_round(db, path).applicants
    assert "被 Excel 存成了数字" in applicant.problem
    assert applicant.problem.startswith("“学员”表第4行 赵一“身份证号码”列")


def test_numbered_choice_labels_are_read(db, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "导师"
    book.active.append(["导师姓名", "最少", "最多"])
    book.active.append(["张伟", 1, 2])
    mentees = book.create_sheet("学员")
    mentees.append(["姓名", "身份证号", "志愿１", "志愿２"])
    mentees.append(["赵一", IDS["赵一"], "张伟", ""])
    book.save(tmp_path / "r.xlsx")
    (applicant,) = read_round(db, tmp_path / "r.xlsx").applicants
    assert (applicant.first, applicant.second, applicant.problem) == ("张伟", "", "")


def test_a_csv_round_is_refused_saying_why(db, tmp_path):
    (tmp_path / "r.csv").write_text("姓名,公民身份号码,第一志愿\n", encoding="utf-8")
    with pytest.raises(PlanError, match=r"\.csv 文件只能有一张表"):
        read_round(db, tmp_path / "r.csv")


def _round_with_ranks(
    path: Path, header: list[str], ranks: list[list], more: list[list] | None = None
) -> Path:
    mentees = [["赵一", IDS["赵一"], "", "张伟", ""], ["钱二", IDS["钱二"], "", "张伟", ""], *(more or [])]
    write_round(path, [["张伟", "组织", 0, 1]], mentees)
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("导师排序")
    for row in [header, *ranks]:
        sheet.append(row)
    book.save(path)
    return path


def test_a_ranking_by_name_finds_the_one_applicant_of_that_name(db, tmp_path):
    path = _round_with_ranks(tmp_path / "r.xlsx", ["导师姓名", "学员姓名", "顺位"], [["张伟", "钱 二", 1]])
    found = read_round(db, path)
    assert found.rankings == {"张伟": {IDS["钱二"]: 1}}
    assert found.problems == []
    assert found.sheets["导师排序"] == "导师排序"


def test_a_ranking_by_name_never_guesses(db, tmp_path):
    unit = db.execute("SELECT id FROM org_units").fetchone()[0]
    namesake = {"role": "reserve_cadre", "name": "赵一", "id_number": make_id(50), "unit_id": unit}
    create_person(db, namesake, ACTOR)
    path = _round_with_ranks(
        tmp_path / "r.xlsx",
        ["导师姓名", "学员姓名", "顺位"],
        [["张伟", "钱三", 1], ["张伟", "", 2], ["张伟", "赵一", 3]],
        [["赵一", make_id(50), "", "张伟", ""]],
    )
    found = read_round(db, path)
    assert found.problems == [
        "“导师排序”表第2行 钱三“学员姓名”列（钱三）：“学员”表中没有可参加分配的“钱三”，这一行的顺位无法使用，请核对姓名",
        "“导师排序”表第3行“学员姓名”列：学员姓名不能为空",
        "“导师排序”表第4行 赵一“学员姓名”列（赵一）：“学员”表中有 2 位“赵一”，请加一列公民身份号码",
    ]
    assert found.rankings == {}


def test_a_ranking_sheet_without_its_header_stops_the_run(db, tmp_path):
    path = _round_with_ranks(tmp_path / "r.xlsx", ["导师", "学生", "第几"], [["张伟", "钱二", 1]])
    with pytest.raises(
        PlanError, match="“导师排序”表的前30行没有找到“导师姓名”“公民身份号码”（或“学员姓名”）“顺位”"
    ):
        read_round(db, path)
    empty = _round_with_ranks(tmp_path / "empty.xlsx", [], [])  # an empty sheet of that name is no ranking
    assert read_round(db, empty).rankings == {}


def test_two_row_headers_under_merged_titles(db, tmp_path):
    book = openpyxl.Workbook()
    mentors = book.active
    mentors.title = "导师"
    for row in (["导师姓名", "条线", "带教人数", None], [None, None, "最少", "最多"], ["张伟", "组织", 1, 2]):
        mentors.append(row)
    mentors.merge_cells("C1:D1")
    mentees = book.create_sheet("学员")
    for row in (
        ["序号", "姓名", "公民身份号码", "条线", "志愿", None],
        [None, None, None, None, "第一志愿", "第二志愿"],
        [1, "赵一", IDS["赵一"], "组织", "张伟", None],
        [2, "钱二", IDS["钱二"], "组织", "李红", None],
    ):
        mentees.append(row)
    mentees.merge_cells("E1:F1")
    book.save(tmp_path / "r.xlsx")
    found = read_round(db, tmp_path / "r.xlsx")
    assert [(m.name, m.min_mentees, m.max_mentees) for m in found.mentors] == [("张伟", 1, 2)]
    assert [(a.name, a.row, a.first) for a in found.applicants] == [("赵一", 3, "张伟"), ("钱二", 4, "李红")]
    assert found.problems == [] and found.notices == []
    result = assign(found.mentors, found.applicants, {}, [])
    assert result.outcomes[1].note.startswith("未参加分配：第一志愿“李红”不在导师名单中")


def test_the_same_mentor_written_two_ways_is_still_the_same_mentor_twice(db, tmp_path):
    path = write_round(
        tmp_path / "r.xlsx",
        [["张伟", "组织", 0, 2], ["李红", "宣传", 0, 2]],
        [["赵一", IDS["赵一"], "", "张伟", "张 伟老师"], ["钱二", IDS["钱二"], "", "李红（宣传）", "暂无"]],
    )
    found = read_round(db, path)
    assert [(a.first, a.second) for a in found.applicants] == [("张伟", "张伟"), ("李红", "")]
    result = assign(found.mentors, found.applicants, {}, [])
    assert result.outcomes[0].note == (
        "未参加分配：第一志愿和第二志愿是同一位导师“张伟”，第二志愿请另选一位导师或留空"
    )
    assert result.outcomes[1].mentor == "李红"
    assert "“学员”表第4行 赵一：第二志愿“张 伟老师”按导师“张伟”计" in found.notices


def test_one_capacity_column_written_as_a_span(db, tmp_path):
    book = openpyxl.Workbook()
    mentors = book.active
    mentors.title = "导师"
    for row in (
        ["导师姓名", "条线", "带教人数"],
        ["张伟", "组织", "2-4"],
        ["李红", "宣传", "３～５人"],
        ["王芳", "党建", 2],
        ["陈刚", "党建", "很多"],
        ["刘洋", "党建", None],
        ["周杰", "党建", dt.datetime(2026, 3, 5)],  # 3-5 typed into a General cell: Excel made it a date
    ):
        mentors.append(row)
    mentees = book.create_sheet("学员")
    mentees.append(["姓名", "公民身份号码", "第一志愿"])
    mentees.append(["赵一", IDS["赵一"], "张伟"])
    book.save(tmp_path / "r.xlsx")
    found = read_round(db, tmp_path / "r.xlsx")
    assert [(m.name, m.min_mentees, m.max_mentees) for m in found.mentors] == [
        ("张伟", 2, 4),
        ("李红", 3, 5),
        ("王芳", 2, 2),
        ("刘洋", 3, 5),
    ]
    assert found.problems == [
        "“导师”表第5行 陈刚“带教人数”列（很多）：带教人数应写成“3-5”（最少3人、最多5人）或“3”这样的人数",
        "“导师”表第7行 周杰“带教人数”列（2026-03-05）：Excel 把带教人数存成了日期（如“3-5”变成3月5日），"
        "请把该列设为“文本”后重新输入，或分成“最少”“最多”两列",
    ]
    assert "“导师”表第4行 导师“王芳”的带教人数只写了一个数，按最少2人、最多2人计" in found.notices
    assert (
        "“导师”表第6行 导师“刘洋”未填最少、最多人数，导师库中没有这位导师，按默认值（最少3人、最多5人）计；"
        "本轮另定人数的，请填写“带教人数”列" in found.notices
    )
