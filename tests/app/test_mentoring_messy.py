"""A round workbook as an office really sends it, checked against the rules person by person: sheets named
Sheet1–3 in another order, titles and 填报 lines above headers, labels with spaces and brackets, a full-width
space in a name, an ID number with spaces and a lower-case x position, a repeated row, blank/合计/注 rows,
ranks as text with a tie, a mentor nobody chose."""

from __future__ import annotations

import csv

import openpyxl

from tests.app.test_mentoring_cli import _assign, office_db  # noqa: F401 (fixture)
from tests.app.test_mentoring_round_file import IDS


def _messy(path):
    book = openpyxl.Workbook()
    mentees = book.active
    mentees.title = "Sheet1"
    mentees.append(["2026年度青年干部导师制双向选择志愿汇总表"])
    mentees.merge_cells("A1:F1")
    mentees.append(["填报单位：区委组织部", None, None, "填报日期：2026.3.1"])
    mentees.append(
        [
            "序号",
            "学员 姓名",
            "公民身份号码（18位）",
            "所属条线",
            "第一志愿（导师姓名）",
            "第二志愿（导师姓名）",
        ]
    )
    spaced = f" {IDS['钱二'][:6]} {IDS['钱二'][6:]} "
    for row in (
        [1, "赵一", IDS["赵一"], "组织", "甲", "乙"],
        [2, "钱　二", spaced, "组织", "甲", ""],
        [3, "孙三", IDS["孙三"], "组织", "甲", "乙 "],
        [],
        [4, "李四", IDS["李四"], "宣传", "丙", None],
        [5, "周五", IDS["周五"], "组织", "甲", "丙"],
        [6, "吴六", IDS["吴六"], "组织", "乙", "甲"],
        [7, "赵一", IDS["赵一"], "组织", "甲", "乙"],
        ["合计", "7人"],
        ["注：每人限填两个志愿"],
    ):
        mentees.append(row)
    mentors = book.create_sheet("Sheet2")
    mentors.append(["导师名单"])
    mentors.append(["姓名", "条线", "最少带教人数(人)", "最多带教人数（人）"])
    for row in (
        ["甲", "组织", "１", "2"],
        ["乙", "宣传", 2.0, "3人"],
        ["丙", "组织", 1, 1],
        ["丁", "组织", 1, 2],
    ):
        mentors.append(row)
    ranks = book.create_sheet("Sheet3")
    ranks.append(["导师", "学员姓名", "身份证号", "顺位"])
    for row in (
        ["甲", "周五", IDS["周五"], "第 1 位"],
        ["甲", "孙三", IDS["孙三"], "2"],
        ["甲", "赵一", IDS["赵一"], 2],
    ):
        ranks.append(row)
    book.save(path)
    return path


def test_the_messy_round_follows_the_rules(office_db, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "result.csv"
    assert _assign(office_db, _messy(tmp_path / "round.xlsx"), out) == 2  # 钱二 is left for a decision
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["学员"]: (r["导师"], r["志愿"], r["公民身份号码"]) for r in csv.DictReader(handle)}
    assert rows == {
        "赵一": (
            "乙",
            "2",
            IDS["赵一"],
        ),  # tied with 孙三 at 2 on 甲's list; the name order (sun < zhao) decides
        "钱二": ("", "—", IDS["钱二"]),
        "孙三": ("甲", "1", IDS["孙三"]),
        "李四": ("丙", "1", IDS["李四"]),
        "周五": ("甲", "1", IDS["周五"]),
        "吴六": ("乙", "1", IDS["吴六"]),
    }
    said = capsys.readouterr()
    assert "第一志愿 4 人，第二志愿 1 人，未分配 1 人" in said.out
    assert "“Sheet1”表第11行与第4行重复，只计一次" in said.out
    assert "跳过空行 1 行、合计行 1 行、说明行 1 行" in said.out
    assert said.err.strip().splitlines() == [
        "导师提示 导师“丁”只分到0人，少于最少1人，参加分配的学员中没有人选择这位导师"
    ]
