"""Writes the messy attendance lists in this folder, as streets and communities send them (Excel, WPS, an old
.xls, a GBK CSV): `python tests/data/training/make_lists.py`. The files are committed; this says how they were
made. The roster they are read against is ROSTER (tests/app/test_training_attendance_messy.py makes it)."""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from tests.ids import make_id  # noqa: E402

ROSTER = {
    "张三": make_id(1),
    "李四": make_id(2),
    "王小明": make_id(3),
    "欧阳娜娜": make_id(4),  # ends in X
    "阿依古丽·买买提": make_id(5),
    "赵六": make_id(6),
    "钱七": make_id(7),
    "孙八": make_id(8),
}
STRANGER = make_id(50)  # not on the roster


def _book(title: str) -> tuple[openpyxl.Workbook, object]:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    return book, sheet


def merged_title() -> None:
    """A merged title and a 填报 line above the header, 序号 and 性别 columns, spaced names, hours with units,
    results in words and scores, a numbered template row left blank, a 合计 row and a note."""
    book, sheet = _book("参训名单")
    sheet.append(["2026年社区工作者入门培训班参训人员名单"])
    sheet.merge_cells("A1:H1")
    sheet.append(["填报单位：东门街道（盖章）", None, None, None, "填报时间：2026年3月4日"])
    sheet.append(["序号", "姓  名", "性别", "身份证号码", "所在社区", "学时", "考核结果", "备注"])
    rows = [
        (1, "张 三", "男", ROSTER["张三"], "东门社区", "8学时", "合格", None),
        (2, "李四 ", "女", ROSTER["李四"], "东门社区", "3学时", "通过", "请假半天"),
        (3, "王小明", "男", ROSTER["王小明"], "西街社区", 1.5, "85分", None),
        (4, "欧阳娜娜", "女", ROSTER["欧阳娜娜"], "西街社区", None, "缺勤", None),
        (5, "赵六", "男", ROSTER["赵六"], "南苑社区", "半天", "合格", None),
        (6, None, None, None, None, None, None, None),
        (7, None, None, None, None, None, None, None),
        ("合计", None, None, None, None, "12.5", None, None),
        ("注：学时以签到为准，缺勤者不计学时。",),
    ]
    for row in rows:
        sheet.append(list(row))
    sheet.merge_cells(f"A{sheet.max_row}:H{sheet.max_row}")
    book.save(HERE / "01_merged_title.xlsx")


def id_numbers() -> None:
    """ID numbers as streets type them: as numbers (Excel kept 15 digits), with an apostrophe, lower-case x,
    full-width digits, spaces in the middle; one person not on the roster."""
    book, sheet = _book("Sheet1")
    sheet.append(["姓名", "公民身份号码", "参训学时", "结业考核"])
    sheet.append(["张三", float(ROSTER["张三"]), 8, "合格"])
    sheet.append(["李四", "'" + ROSTER["李四"], 8, "合格"])
    sheet.append(["欧阳娜娜", ROSTER["欧阳娜娜"].lower(), 8, "合格"])
    sheet.append(
        ["王小明", ROSTER["王小明"].translate(str.maketrans("0123456789", "０１２３４５６７８９")), 8, "合格"]
    )
    spaced = ROSTER["赵六"]
    sheet.append(["赵六", f"{spaced[:6]} {spaced[6:14]} {spaced[14:]}", 8, "合格"])
    sheet.append(["吴十", STRANGER, 8, "合格"])
    sheet.append(["钱七", ROSTER["钱七"][:17], 8, "合格"])
    book.save(HERE / "02_id_numbers.xlsx")


def gbk_csv() -> None:
    """A CSV saved by Excel on a Chinese Windows (GBK): a title line, hours as '2小时', '一天', '0', results
    优秀 / 不及格 / 缺考, the same person twice (once the same, once different)."""
    lines = [
        "党史学习教育专题培训签到汇总表,,,,",
        "序号,姓名,身份证号,学时,成绩",
        f"1,张三,{ROSTER['张三']},2小时,优秀",
        f"2,李四,{ROSTER['李四']},一天,合格",
        f"3,王小明,{ROSTER['王小明']},0,缺考",
        f"4,赵六,{ROSTER['赵六']},4,不及格",
        f"5,张三,{ROSTER['张三']},2小时,优秀",
        f"6,钱七,{ROSTER['钱七']},4,合格",
        f"7,钱七,{ROSTER['钱七']},3.5,合格",
        ",,,,",
        "合计,,,,",
    ]
    (HERE / "03_gbk.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


def old_xls() -> None:
    """An .xls from an old Excel or WPS: merged title, '姓  名', 学时数 and 成绩, a name that is not the number's
    holder's, a name with a different middle dot."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("名单")
    sheet.write_merge(0, 0, 0, 4, "2026年青年干部专题培训班学员名单")
    for col, label in enumerate(["序号", "姓  名", "身份证号", "学时数", "成绩"]):
        sheet.write(1, col, label)
    rows = [
        (1, "孙八", ROSTER["孙八"], 6, 92.5),
        (2, "阿依古丽•买买提", ROSTER["阿依古丽·买买提"], 6, "合格"),
        (3, "赵大六", ROSTER["赵六"], 6, "合格"),
        (4, "钱七", ROSTER["钱七"], "6.0", "合  格"),
    ]
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(HERE / "04_old.xls"))


def several_sheets() -> None:
    """A workbook kept a sheet per session: an instructions sheet first, then 第一期 and 第二期."""
    book, notes = _book("填表说明")
    notes.append(["请按附表填写参训人员，身份证号请设置为文本格式。"])
    first = book.create_sheet("第一期")
    first.append(["姓名", "身份证号码", "学时", "结果"])
    first.append(["张三", ROSTER["张三"], 4, "合格"])
    first.append(["李四", ROSTER["李四"], 4, "合格"])
    second = book.create_sheet("第二期")
    second.append(["姓名", "身份证号码", "学时", "结果"])
    second.append(["王小明", ROSTER["王小明"], 4, "合格"])
    book.save(HERE / "05_several_sheets.xlsx")


def empty_first_sheet() -> None:
    """Excel's default Sheet1 left empty, the list on Sheet2; no 学时 column (everyone the course's hours)."""
    book, _first = _book("Sheet1")
    sheet = book.create_sheet("Sheet2")
    sheet.append(["参训人员", "证件号码", "是否合格"])
    sheet.append(["钱七", ROSTER["钱七"], "是"])
    sheet.append(["孙八", ROSTER["孙八"], "否"])
    book.save(HERE / "06_empty_first_sheet.xlsx")


def two_row_header() -> None:
    """A two-row header (参训情况 merged over 学时 | 结果), blank rows between people, the header repeated after
    a page break, 请假 as a result."""
    book, sheet = _book("签到表")
    sheet.append(["序号", "姓名", "公民身份号码", "参训情况", None, "签名"])
    sheet.append([None, None, None, "学时", "结果", None])
    sheet.merge_cells("D1:E1")
    for col in "ABCF":
        sheet.merge_cells(f"{col}1:{col}2")
    sheet.append([1, "张三", ROSTER["张三"], 8, "合格", None])
    sheet.append([None] * 6)
    sheet.append([2, "李四", ROSTER["李四"], 0, "请假", None])
    sheet.append(["序号", "姓名", "公民身份号码", "学时", "结果", "签名"])
    sheet.append([3, "孙八", ROSTER["孙八"], 7.5, "合格", None])
    book.save(HERE / "07_two_row_header.xlsx")


def empty_workbook() -> None:
    """A workbook with nothing in it (the street saved the blank template)."""
    book, _sheet = _book("Sheet1")
    book.save(HERE / "08_empty.xlsx")


def wrong_columns() -> None:
    """A list with 姓名 and 联系电话 but no ID number column at all."""
    book, sheet = _book("Sheet1")
    sheet.append(["序号", "姓名", "联系电话", "学时"])
    sheet.append([1, "张三", "13800138000", 8])
    book.save(HERE / "09_no_id_column.xlsx")


def system_export() -> None:
    """A CSV a training platform exported (UTF-8 with BOM): ID numbers written as ="…" so that Excel keeps them
    text, one typed after a Chinese-keyboard apostrophe (‘), hours with a decimal."""
    lines = [
        "学员姓名,证件号码,培训学时,考核结果",
        '张三,="' + ROSTER["张三"] + '",4.0,合格',
        f"李四,‘{ROSTER['李四']},4.0,合格",
        f"欧阳娜娜,’{ROSTER['欧阳娜娜']},2.5,合格",
    ]
    (HERE / "10_system_export.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))


if __name__ == "__main__":
    for make in (merged_title, id_numbers, gbk_csv, old_xls, several_sheets, empty_first_sheet, two_row_header,
                 empty_workbook, wrong_columns, system_export):  # fmt: skip
        make()
