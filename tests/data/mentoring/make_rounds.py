"""Writes the round workbooks of this folder: how offices really fill in the 双向选择志愿表 (titles and 填报 lines,
columns in their own order, sheets named Sheet1 or with spaces, names with full-width spaces, ID numbers with an
apostrophe or stored as numbers, choices written as 周建华老师 or 周部长, mentors listed twice, an old .xls).
tests/app/test_round_file_messy.py reads them back against the rules, person by person.

Run from the repository root: `python tests/data/mentoring/make_rounds.py` (the .xls needs xlwt, which is not a
dependency of the project: `pip install --target SOMEWHERE xlwt` and put SOMEWHERE on PYTHONPATH).
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.ids import make_id  # noqa: E402

ID = {serial: make_id(serial) for serial in range(1, 13)}
MENTOR_HEADER = ["导师姓名", "条线", "最少", "最多"]
MENTEE_HEADER = ["姓名", "公民身份号码", "条线", "第一志愿", "第二志愿"]


def _book(sheets: list[tuple[str, list[list]]]) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.number_format = "@"
    return book


def titles_and_order() -> openpyxl.Workbook:
    """Sheet1 holds the mentors, Sheet2 the mentees, both under titles, columns in the office's own order."""
    book = _book([
        ("Sheet1", [
            ["2026年度青年干部导师名单"], ["填报单位：区委组织部（盖章）"],
            ["最多", "最少", "条线", "导师姓名"],
            [2, 1, "组织", "周建华"], [3, 1, "宣传", "孙丽萍"], [4, 2, "基层治理", "何志强"],
            [None, None, None, "合计：3人"],
        ]),
        ("Sheet2", [
            ["2026年度青年干部导师制双向选择志愿汇总表"], [],
            ["序号", "第二志愿", "第一志愿", "公民身份号码", "姓名", "条线", "备注"],
            [1, "孙丽萍", "周建华", ID[1], "赵一", "组织", None],
            [2, "何志强", "周建华", ID[2], "钱二", "组织", None],
            [3, None, "周建华", ID[3], "孙三", "组织", "只填一个志愿"],
            [4, "周建华", "孙丽萍", ID[5], "周五", "宣传", None],
            [5, "周建华", "何志强", ID[6], "吴六", "基层治理", None],
            [],
            ["注：每人限报两个志愿，第一、第二志愿不得相同。"],
        ]),
    ])  # fmt: skip
    book["Sheet1"].merge_cells("A1:D1")
    book["Sheet2"].merge_cells("A1:G1")
    return book


def spaces_and_id_numbers() -> openpyxl.Workbook:
    spaced = f"{ID[6][:6]} {ID[6][6:14]} {ID[6][14:]}"
    full_width = ID[5].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return _book([
        ("导师", [MENTOR_HEADER, ["周　建华", "组织", "１", "２"], ["孙丽萍 ", "宣传", 1, 3]]),
        ("学员", [
            ["姓 名", "公民身份号码", "条线", "第一志愿", "第二志愿"],
            ["赵　一", ID[1], "组织", "周建华", "孙 丽萍"],
            ["钱 二", "'" + ID[2], "组织", "周 建华", None],
            ["孙三", int(ID[3]), "组织", "周建华", None],
            ["李四", ID[4].lower(), "宣传", "孙丽萍", "周建华"],
            ["周五", full_width, "宣传", "孙丽萍", None],
            ["吴六", spaced, "宣传", "孙丽萍", None],
            ["欧阳 晓明", ID[10], "组织", "周建华", "孙丽萍"],
        ]),
    ])  # fmt: skip


def how_choices_are_written() -> openpyxl.Workbook:
    mentors = [
        ["周建华", "组织", 1, 2],
        ["孙丽萍", "宣传", 1, 3],
        ["孙丽", "党建", 0, 2],
        ["何志强", "基层治理", 1, 4],
    ]
    return _book([
        ("导师", [MENTOR_HEADER, *mentors]),
        ("学员", [
            [*MENTEE_HEADER, "是否服从调剂"],
            ["赵一", ID[1], "组织", "周建华老师", "无", "是"],
            ["钱二", ID[2], "宣传", "孙丽萍（宣传）", "/", None],
            ["孙三", ID[3], "基层治理", "何志强", "服从调剂", None],
            ["李四", ID[4], "组织", "周部长", "何志强", None],
            ["周五", ID[5], "宣传", "孙老师", "—", None],
            ["吴六", ID[6], "基层治理", "何志强", "－", "否"],
            ["郑七", ID[7], "组织", "周建华", "服从调剂", None],
            ["冯八", ID[8], "组织", "周建华", None, "是"],
        ]),
    ])  # fmt: skip


def mentor_rows() -> openpyxl.Workbook:
    return _book([
        ("导师", [
            MENTOR_HEADER,
            ["周建华", "组织", 1, 2], ["周建华", "组织", 1, 2], ["孙丽萍", "宣传", 3, 1], ["何志强", "基层治理", 2, None],
            ["郭文静", "党建", 0, 0], ["孙丽", "党建", "三", "五"], ["王建国", "组织", 1, 2], ["王建国", "宣传", 1, 3],
        ]),
        ("学员", [
            MENTEE_HEADER,
            ["赵一", ID[1], "组织", "周建华", "孙丽萍"],
            ["钱二", ID[2], "党建", "郭文静", "何志强"],
            ["孙三", ID[3], "宣传", "孙丽萍", "郭文静"],
            ["李四", ID[4], "党建", "孙丽", None],
            ["周五", ID[5], "组织", "王建国", None],
        ]),
    ])  # fmt: skip


def people() -> openpyxl.Workbook:
    return _book([
        ("导师", [MENTOR_HEADER, ["周建华", "组织", 1, 2], ["孙丽萍", "宣传", 1, 3]]),
        ("学员", [
            MENTEE_HEADER,
            ["张三", "110101199001010011", "组织", "周建华", None],
            ["赵一", ID[2], "组织", "周建华", None],
            ["陈九", ID[9], "组织", "孙丽萍", None],
            ["褚十一", ID[11], "组织", "孙丽萍", None],
            ["卫十二", ID[12], "组织", "孙丽萍", None],
            ["孙三", ID[3], "组织", "周建华", "孙丽萍"],
            ["孙三", ID[3], "组织", "孙丽萍", "周建华"],
            ["李四", ID[4], "组织", "周建华", None],
            ["李四", ID[4], "组织", "周建华", None],
            ["周五", ID[5][:-1], "组织", "周建华", None],
            ["吴六", ID[6], "宣传", "孙丽萍", None],
        ]),
    ])  # fmt: skip


def no_mentee_sheet() -> openpyxl.Workbook:
    return _book([
        ("导师", [MENTOR_HEADER, ["周建华", "组织", 1, 2]]),
        ("学员", [["姓名", "联系电话", "备注"], ["赵一", "13800000000", None]]),
    ])  # fmt: skip


def spaced_sheet_names_ranks_by_name() -> openpyxl.Workbook:
    return _book([
        (" 导师 ", [MENTOR_HEADER, ["周建华", "组织", 1, 1], ["孙丽萍", "宣传", 0, 1]]),
        ("学员 ", [
            MENTEE_HEADER,
            ["赵一", ID[1], "组织", "周建华", "孙丽萍"],
            ["钱二", ID[2], "组织", "周建华", "孙丽萍"],
            ["孙三", ID[3], "组织", "周建华", None],
        ]),
        (" 导师排序", [["导师姓名", "学员姓名", "顺位"], ["周建华", "孙 三", 1], ["周建华", "赵一", 2]]),
    ])  # fmt: skip


def messy_ranks() -> openpyxl.Workbook:
    mentees = [
        [name, ID[serial], "组织", "周建华", "孙丽萍"]
        for serial, name in ((1, "赵一"), (2, "钱二"), (3, "孙三"), (4, "李四"))
    ]
    return _book([
        ("导师", [MENTOR_HEADER, ["周建华", "组织", 0, 2], ["孙丽萍", "宣传", 0, 2]]),
        ("学员", [MENTEE_HEADER, *mentees]),
        ("导师排序", [
            ["导师对学员排序"],
            ["序号", "导师", "学员姓名", "身份证号", "名次"],
            [1, "周建华", "李四", "'" + ID[4], "第1名"],
            [2, "周建华", "赵一", ID[1], 2],
            [3, "周建华", "钱二", ID[2], "2"],
            [4, "孙丽萍", "孙三", ID[3], 1],
            [5, "周建华", "吴六", ID[6], 3],
        ]),
    ])  # fmt: skip


def old_excel(path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheets = {
        "导师": [["2026年导师名单"], MENTOR_HEADER, ["周建华", "组织", 1, 2], ["孙丽萍", "宣传", 1, 3]],
        "学员": [
            MENTEE_HEADER,
            ["赵一", ID[1], "组织", "周建华", "孙丽萍"],
            ["钱二", ID[2], "组织", "周建华", "孙丽萍"],
            ["孙三", ID[3], "组织", "周建华", "孙丽萍"],
            ["周五", int(ID[5]), "组织", "孙丽萍", None],
        ],
    }
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.save(str(path))


BOOKS = {
    "r1_titles_and_order.xlsx": titles_and_order,
    "r2_spaces_and_id_numbers.xlsx": spaces_and_id_numbers,
    "r3_how_choices_are_written.xlsx": how_choices_are_written,
    "r4_mentor_rows.xlsx": mentor_rows,
    "r5_people.xlsx": people,
    "r6_no_mentee_sheet.xlsx": no_mentee_sheet,
    "r7_spaced_sheet_names_ranks_by_name.xlsx": spaced_sheet_names_ranks_by_name,
    "r9_messy_ranks.xlsx": messy_ranks,
}

if __name__ == "__main__":
    for name, make in BOOKS.items():
        make().save(HERE / name)
    old_excel(HERE / "r8_old_excel.xls")
