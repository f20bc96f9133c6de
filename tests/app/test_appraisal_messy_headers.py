"""Score sheets as streets really head them: the weight in brackets (工作考核（50%）), a 成绩/得分 suffix
(业务测试成绩), a short name (满意度 for 满意度测评), 专项加分 for X; and the 平均/最高分 rows under the
people, which are statistics, not people."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from app.appraisal.rules import BUILTIN_SCHEMES
from app.appraisal.score_import import describe_plan, plan_score_import
from app.exchange.plan import Action
from app.exchange.roster_import import PlanError
from tests.app.test_appraisal_import import NAMES, db  # noqa: F401 (fixture)
from tests.ids import make_id as _id
from tests.sheets import write_xlsx


def _plan(db, path, key="weighted-top20"):  # noqa: F811
    return plan_score_import(db, path, BUILTIN_SCHEMES[key], None)


@pytest.mark.parametrize(
    "header",
    [
        ["工作考核（50%）", "业务测试（20%）", "满意度测评（30%）"],
        ["工作考核(50%)", "业务测试 (20分)", "满意度测评（满分100）"],
        ["工作考核得分", "业务测试成绩", "满意度测评分数"],
        ["工作考核成绩（50%）", "业务测试", "满意度"],
    ],
)
def test_weight_hints_and_score_suffixes_name_the_component(db, tmp_path, header):  # noqa: F811
    path = write_xlsx(tmp_path / "s.xlsx", [["姓名", "公民身份号码", *header], ["张三", _id(0), 90, 80, 70]])
    plan = _plan(db, path)
    assert plan.absent == [] and plan.ignored == []
    assert plan.rows[0].scores == {"work": D(90), "test": D(80), "satisfaction": D(70)}
    lines = describe_plan(plan)
    assert f"按方案项目读取：{header[0]} → 工作考核" in "\n".join(lines) or header[0] == "工作考核"


def test_a_short_name_matches_only_when_it_names_one_component(db, tmp_path):  # noqa: F811
    # Under 3x 满意度 is a component itself; 测试 starts no component's name and stays ignored.
    path = write_xlsx(
        tmp_path / "s.xlsx",
        [
            ["姓名", "公民身份号码", "满意度", "测试", "工作实绩（40%）", "专项加分"],
            ["张三", _id(0), 90, 80, 70, 5],
        ],
    )
    plan = _plan(db, path, "3x")
    assert plan.ignored == ["测试"] and plan.absent == ["能力测试"]
    row = plan.rows[0]
    assert row.scores == {"satisfaction": D(90), "performance": D(70)} and row.bonus == D(5)


def test_unrelated_columns_are_not_read_as_scores(db, tmp_path):  # noqa: F811
    path = write_xlsx(
        tmp_path / "s.xlsx",
        [
            ["姓名", "公民身份号码", "工作单位", "工作考核", "总分", "测试"],
            ["张三", _id(0), "东门", 90, 99, 1],
        ],
    )
    plan = _plan(db, path)
    assert plan.ignored == ["工作单位", "总分", "测试"]
    assert plan.rows[0].scores == {"work": D(90)}


@pytest.mark.parametrize("label", ["平均", "平均分", "平 均", "平均值", "最高分", "最低分", "均分"])
def test_statistics_rows_under_the_people_are_skipped(db, tmp_path, label):  # noqa: F811
    rows = [
        ["序号", "姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"],
        [1, "张三", _id(0), 90, 80, 70],
    ]
    rows.append([label, None, None, 90, 80, 70])
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert [r.action for r in plan.rows] == [Action.NEW]
    assert plan.skipped == {"统计行": 1}


def test_a_person_named_like_a_statistic_is_still_a_person(db, tmp_path):  # noqa: F811
    # The skip needs a blank ID: a row with an ID number is a person's, whatever the name cell says.
    rows = [["姓名", "公民身份号码", "工作考核"], ["平均", _id(0), 90]]
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert plan.skipped == {} and plan.rows[0].action == Action.REJECT


@pytest.mark.parametrize("hint", ["（折算）", "（加权后）", "（折算分）", "（×50%）", "(得分×权重)"])
def test_a_weighted_column_is_not_read_as_the_score(db, tmp_path, hint):  # noqa: F811
    # 42.5 under 工作考核（折算） is 85 × 50%: read as a score it would halve the person's total.
    path = write_xlsx(
        tmp_path / "s.xlsx", [["姓名", "公民身份号码", "工作考核" + hint], ["张三", _id(0), 42.5]]
    )
    with pytest.raises(PlanError, match="没有任何考核项目的列"):
        _plan(db, path)


@pytest.mark.parametrize(
    "hint", ["（占50%）", "（权重50%）", "（满分100）", "（满分100分）", "(百分制)", "（原始分）"]
)
def test_a_weight_or_scale_hint_is_read(db, tmp_path, hint):  # noqa: F811
    path = write_xlsx(
        tmp_path / "s.xlsx", [["姓名", "公民身份号码", "工作考核" + hint], ["张三", _id(0), 85]]
    )
    assert _plan(db, path).rows[0].scores == {"work": D(85)}


def test_a_two_row_header_with_the_components_under_a_merged_title(db, tmp_path):  # noqa: F811
    # 姓名 and 公民身份号码 merged over two rows; 考核成绩 merged over the three components in the row below.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["东门社区2024年度考核成绩表"])
    sheet.append(["序号", "姓名", "公民身份号码", "考核成绩", None, None, "总分"])
    sheet.append([None, None, None, "工作考核（50%）", "业务测试（20%）", "满意度测评（30%）", None])
    for cells in ("A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:G3"):
        sheet.merge_cells(cells)
    sheet.append([1, "张三", _id(0), 90, 80, 70, 82])
    sheet.append([2, "李四", _id(1), 85, None, 85, None])
    book.save(tmp_path / "s.xlsx")
    plan = _plan(db, tmp_path / "s.xlsx")
    assert (plan.header_row, plan.header_end) == (2, 3)
    assert plan.ignored == ["序号", "总分"] and plan.absent == []
    assert [(r.row, r.action) for r in plan.rows] == [(4, Action.NEW), (5, Action.NEW)]
    assert plan.rows[0].scores == {"work": D(90), "test": D(80), "satisfaction": D(70)}
    assert plan.rows[1].missing == ["业务测试"]
    assert describe_plan(plan)[0] == "文件“s.xlsx”，工作表“Sheet”，表头在第2–3行。"


def test_a_one_row_header_is_not_joined_to_the_first_person(db, tmp_path):  # noqa: F811
    rows = [["姓名", "公民身份号码", "工作考核"], [None, None, None], ["张三", _id(0), 90]]
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert (plan.header_row, plan.header_end) == (1, 1) and plan.rows[0].scores == {"work": D(90)}


def test_a_sheet_of_another_scheme_is_refused_naming_that_scheme(db, tmp_path):  # noqa: F811
    rows = [["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"], ["张三", _id(0), 90, 80, 70]]
    path = write_xlsx(tmp_path / "s.xlsx", rows)
    with pytest.raises(PlanError) as refused:
        _plan(db, path, "ratio-154")
    said = str(refused.value)
    assert "方案“周汇报·季考核·年述职 1:5:4”的项目是：周汇报、季度考核、年度述职" in said
    assert "如“周汇报（20%）”" in said  # the example carries the component's own weight
    assert "这份表格的列是方案“加权评价·双达标”（代码 weighted-top20）的项目，请确认选择的考核方案" in said


def test_a_3x_sheet_under_weighted_top20_is_refused_not_half_read(db, tmp_path):  # noqa: F811
    # 满意度 would be read as 满意度测评 and everyone else's 工作考核 left 待补录: the wrong scheme, not a part.
    rows = [["姓名", "公民身份号码", "满意度", "能力测试", "工作实绩"], ["张三", _id(0), 90, 80, 70]]
    with pytest.raises(PlanError, match=r"方案“满意度·能力测试·工作实绩 \+ 专项工作（3\+X）”（代码 3x）"):
        _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))


def test_one_component_at_a_time_is_still_a_partial_import(db, tmp_path):  # noqa: F811
    rows = [["姓名", "公民身份号码", "满意度测评"], ["张三", _id(0), 90]]
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert plan.absent == ["工作考核", "业务测试"] and plan.rows[0].scores == {"satisfaction": D(90)}


def _streets(tmp_path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "填表说明"
    book.active.append(["请按方案填写原始分"])
    for title, people in (("东门社区", [0, 1]), ("西门社区", [2]), ("南门社区", [3])):
        sheet = book.create_sheet(title)
        sheet.append(["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"])
        for serial in people:
            sheet.append([NAMES[serial], _id(serial), 90, 80, 70])
    book.save(tmp_path / "streets.xlsx")
    return tmp_path / "streets.xlsx"


def test_a_workbook_of_one_sheet_per_street_says_which_sheets_were_not_read(db, tmp_path):  # noqa: F811
    plan = _plan(db, _streets(tmp_path))
    assert plan.sheet == "东门社区" and plan.other_sheets == ["西门社区", "南门社区"]
    assert len(plan.rows) == 2
    assert (
        "注意：工作表“西门社区”、“南门社区”也是成绩表，本次没有导入（一次导入一张）。"
        "请用 --sheet 工作表名 逐张导入。"
    ) in describe_plan(plan)


def test_a_templates_instructions_sheet_with_a_sample_person_is_not_taken_for_the_scores(db, tmp_path):  # noqa: F811
    """填表说明 first, holding a sample header and a made-up person: the street's sheet is read, as the roster
    import reads it, and the instructions are not named as another score sheet."""
    book = openpyxl.Workbook()
    book.active.title = "填表说明"
    book.active.append(["请按方案填写原始分，示例如下"])
    book.active.append(["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"])
    book.active.append(["张示例", "110101199001011237", 90, 80, 70])
    sheet = book.create_sheet("玉林街道")
    sheet.append(["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"])
    sheet.append([NAMES[0], _id(0), 90, 80, 70])
    book.save(tmp_path / "template.xlsx")
    plan = _plan(db, tmp_path / "template.xlsx")
    assert plan.sheet == "玉林街道" and [r.name for r in plan.rows] == [NAMES[0]] and plan.other_sheets == []
    assert not plan.rejected()


def test_a_sheet_named_is_the_one_read(db, tmp_path):  # noqa: F811
    plan = plan_score_import(
        db, _streets(tmp_path), BUILTIN_SCHEMES["weighted-top20"], None, sheet="西门社区"
    )
    assert plan.sheet == "西门社区" and [r.name for r in plan.rows] == ["王五"] and plan.other_sheets == []
    with pytest.raises(
        PlanError, match="工作簿中没有名为“北门社区”的工作表，有：填表说明、东门社区、西门社区、南门社区"
    ):
        plan_score_import(db, _streets(tmp_path), BUILTIN_SCHEMES["weighted-top20"], None, sheet="北门社区")


@pytest.mark.parametrize(
    "label",
    [
        "专项工作加分",
        "专项工作加分（X）",
        "X（专项工作加分）",
        "X",
        "Ｘ",
        "专项加分",
        "加分项",
        "专项加分（最高10分）",
    ],
)
def test_the_x_column_as_streets_head_it(db, tmp_path, label):  # noqa: F811
    rows = [
        ["姓名", "公民身份号码", "满意度", "能力测试", "工作实绩", label],
        ["张三", _id(0), 90, 80, 70, 5],
    ]
    row = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows), "3x").rows[0]
    assert (row.bonus, row.has_bonus) == (D(5), True)


def test_a_second_column_of_the_same_component_is_named_as_such(db, tmp_path):  # noqa: F811
    rows = [["姓名", "公民身份号码", "工作考核", "工作考核（50%）", "备注"], ["张三", _id(0), 90, 90.0, ""]]
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert plan.rows[0].scores == {"work": D(90)} and plan.ignored == ["备注"]
    assert [(t.header, t.primary_header) for t in plan.twins] == [("工作考核（50%）", "工作考核")]
    assert (
        "以下列与前面的同名项目重复，未读取（两列分数不同的行将被拒绝），请删去或改名："
        "工作考核（50%）（D列，与C列“工作考核”重复）" in describe_plan(plan)
    )


def test_a_row_whose_two_columns_of_a_component_differ_is_refused(db, tmp_path):  # noqa: F811
    # Often the old score in a hidden column beside the new one: neither is taken on trust.
    rows = [
        ["姓名", "公民身份号码", "工作考核", "工作考核", "业务测试"],
        ["张三", _id(0), 60, 95, 80],
        ["李四", _id(1), 70, None, 80],
        ["王五", _id(2), "85", 85, "八十"],
    ]
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert [r.action for r in plan.rows] == [Action.REJECT, Action.NEW, Action.REJECT]
    (said,) = plan.rows[0].problems
    assert "与同名的“工作考核”列的 60 不同（C列和D列，其中一列可能是隐藏的）" in said.text()
    assert all("同名" not in p.text() for p in plan.rows[2].problems)  # 85 and "85" agree


@pytest.mark.parametrize("order", [("得分", "折算分"), ("折算分", "得分"), ("原始分", "加权分")])
def test_a_score_and_its_weighted_value_under_each_component(db, tmp_path, order):  # noqa: F811
    # 工作考核 merged over two columns, 得分 and 折算分 below: the raw score is read, the weighted one never.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "公民身份号码", "工作考核", None, "业务测试", None, "满意度测评", None, "总分"])
    sheet.append([None, None, *order, *order, *order, None])
    for cells in ("A1:A2", "B1:B2", "C1:D1", "E1:F1", "G1:H1", "I1:I2"):
        sheet.merge_cells(cells)
    raw_first = order[0] in ("得分", "原始分")
    pairs = [(90, 45), (80, 16), (70, 21)]
    sheet.append(
        [
            "张三",
            _id(0),
            *(v for raw, weighted in pairs for v in ((raw, weighted) if raw_first else (weighted, raw))),
            82,
        ]
    )
    book.save(tmp_path / "s.xlsx")
    plan = _plan(db, tmp_path / "s.xlsx")
    assert (plan.header_row, plan.header_end) == (1, 2)
    assert [(r.row, r.action) for r in plan.rows] == [(3, Action.NEW)]
    assert plan.rows[0].scores == {"work": D(90), "test": D(80), "satisfaction": D(70)}


def test_a_first_row_without_name_and_id_is_a_rejected_person_not_a_header(db, tmp_path):  # noqa: F811
    # In a CSV every cell is text: a nameless first row of scores (or of 缺考) must still be reported.
    for first in (["", "", "90", "80", "70"], ["", "", "缺考", "得分", "70"]):
        path = tmp_path / "s.csv"
        path.write_text(
            "姓名,公民身份号码,工作考核,业务测试,满意度测评\n" + ",".join(first) + f"\n张三,{_id(0)},1,2,3\n",
            encoding="utf-8",
        )
        plan = _plan(db, path)
        assert plan.header_end == 1 and [(r.row, r.action) for r in plan.rows] == [
            (2, Action.REJECT),
            (3, Action.NEW),
        ]


@pytest.mark.parametrize(
    ("header", "scores"),
    [
        (["工作考核（满分50分）", "业务测试（满分20分）", "满意度测评（满分30分）"], [45, 18, 27]),
        (["工作考核（50分）", "业务测试（20分）", "满意度测评（30分）"], [45, 18, 27]),
        (["工作考核（最高50）", "业务测试", "满意度测评"], [45, 80, 90]),
    ],
)
def test_scores_on_another_scale_than_the_schemes_are_refused(db, tmp_path, header, scores):  # noqa: F811
    # 45 out of 50 is 90 points: read as a score out of 100 it would make an excellent worker fail.
    path = write_xlsx(tmp_path / "s.xlsx", [["姓名", "公民身份号码", *header], ["张三", _id(0), *scores]])
    with pytest.raises(PlanError) as refused:
        _plan(db, path)
    said = str(refused.value)
    assert f"“{header[0]}”列的分数按 50 分制填写" in said and "请填原始分（0–100）" in said


def test_the_weight_in_points_over_raw_scores_is_read(db, tmp_path):  # noqa: F811
    # 业务测试（20分） over an 85 names the weight: 85 cannot be out of 20. Likewise in a CSV, all text.
    rows = [["姓名", "公民身份号码", "工作考核（50分）", "业务测试（20分）"], ["张三", _id(0), "90", "85"]]
    path = tmp_path / "s.csv"
    path.write_text("\n".join(",".join(map(str, row)) for row in rows), encoding="utf-8-sig")
    assert _plan(db, path).rows[0].scores == {"work": D(90), "test": D(85)}


def test_a_weight_other_than_the_schemes_is_refused(db, tmp_path):  # noqa: F811
    path = write_xlsx(
        tmp_path / "s.xlsx", [["姓名", "公民身份号码", "工作考核（40%）"], ["张三", _id(0), 85]]
    )
    with pytest.raises(PlanError, match="“工作考核（40%）”列写的权重是 40%，方案中工作考核的权重是 50%"):
        _plan(db, path)


@pytest.mark.parametrize("label", ["满意度测评", "满意度测评得分", "满意度评价"])
def test_3x_satisfaction_headed_as_streets_head_it(db, tmp_path, label):  # noqa: F811
    path = write_xlsx(tmp_path / "s.xlsx", [["姓名", "公民身份号码", label], ["张三", _id(0), 88]])
    plan = _plan(db, path, "3x")
    assert plan.ignored == [] and plan.rows[0].scores == {"satisfaction": D(88)}


@pytest.mark.parametrize(
    ("row", "kind"),
    [
        (["一、党建指导员", None, None], "标题行"),
        ([None, "二、社区工作者", None], "标题行"),
        (["（一）玉林街道", None, None], "标题行"),
        ([None, "第二组", None], "标题行"),
        ([None, "以下空白", None], "说明行"),
        ([None, "（本页共12人）", None], "说明行"),
    ],
)
def test_section_headings_and_page_endings_are_not_people(db, tmp_path, row, kind):  # noqa: F811
    # In whichever column they were typed, the name column too: no name is written so.
    rows = [["序号", "姓名", "公民身份号码", "工作考核"], row + [None], [1, "张三", _id(0), 90]]
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert [r.action for r in plan.rows] == [Action.NEW] and plan.skipped == {kind: 1}


def test_a_name_alone_on_its_row_is_still_a_person_without_an_id(db, tmp_path):  # noqa: F811
    rows = [["序号", "姓名", "公民身份号码", "工作考核"], [None, "张三", None, None]]
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert [r.action for r in plan.rows] == [Action.REJECT]


@pytest.mark.parametrize(
    ("header", "scores"),
    [
        (
            ["工作考核（50%）", "业务测试（20分）", "满意度测评（30%）"],
            [90, None, 95],
        ),  # the test not sat yet
        (["工作考核（占50分）", "业务测试（占20分）", "满意度测评（占30分）"], [90, 85, 95]),
        (["工作考核（0.5）", "业务测试（0.2）", "满意度测评"], [90, 85, 95]),
    ],
)
def test_a_weight_written_every_way_over_raw_scores_is_read(db, tmp_path, header, scores):  # noqa: F811
    path = write_xlsx(tmp_path / "s.xlsx", [["姓名", "公民身份号码", *header], ["张三", _id(0), *scores]])
    plan = _plan(db, path)
    expected = {
        k: D(v) for k, v in zip(("work", "test", "satisfaction"), scores, strict=True) if v is not None
    }
    assert plan.rows[0].scores == expected


def test_a_weight_rounded_in_the_header_is_the_schemes():
    from app.appraisal.definitions import Component
    from app.appraisal.score_header import scale_problem

    third = Component("x", "满意度", D("0.3333"))
    assert scale_problem("满意度（33.3%）", third, lambda: 80) is None
    assert scale_problem("满意度（40%）", third, lambda: 80) is not None


def test_a_weighted_column_beside_the_raw_one_agrees_with_it(db, tmp_path):  # noqa: F811
    # 工作考核 | 工作考核（50%）: the score and its weighted value, a common layout, not two scores that differ.
    rows = [
        ["姓名", "公民身份号码", "工作考核", "工作考核（50%）", "满意度测评", "满意度测评（30%）"],
        ["张三", _id(0), 90, 45, 89, 26.7],
        ["李四", _id(1), 80, 45, 90, 27],
    ]
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert [r.action for r in plan.rows] == [Action.NEW, Action.REJECT]
    assert plan.rows[0].scores == {"work": D(90), "satisfaction": D(89)}
    assert "与同名的“工作考核”列的 80 不同" in plan.rows[1].problems[0].text()


def test_a_weighted_column_read_first_is_said_as_such(db, tmp_path):  # noqa: F811
    rows = [["姓名", "公民身份号码", "工作考核（50%）", "工作考核"], ["张三", _id(0), 45, 90]]
    (row,) = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows)).rows
    assert row.action == Action.REJECT and "是本列分数按权重折算后的值" in row.problems[0].text()


@pytest.mark.parametrize(
    ("above", "year", "quarter", "warned"),
    [
        (["2025年度社区工作者考核成绩汇总表"], 2026, None, True),
        (
            ["社区工作者考核成绩汇总表", "填报日期：2026年1月8日"],
            2025,
            None,
            False,
        ),  # a date line is no title
        (["2025—2026年度考核成绩"], 2025, None, False),
        (["2026年第一季度考核成绩"], 2026, 2, True),
        (["2026年第一季度考核成绩"], 2026, 1, False),
    ],
)
def test_a_title_naming_another_period_is_said(db, tmp_path, above, year, quarter, warned):  # noqa: F811
    from app.appraisal.score_import import title_notice

    rows = [*([text] for text in above), ["姓名", "公民身份号码", "工作考核"], ["张三", _id(0), 90]]
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert (title_notice(plan, year, quarter) is not None) is warned


def test_people_no_longer_at_work_are_scored_but_named(db, tmp_path):  # noqa: F811
    db.execute("UPDATE people SET status = '退休' WHERE id_number = ?", [_id(1)])
    rows = [["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"]]
    rows += [[NAMES[i], _id(i), 90, 80, 70] for i in (0, 1)]
    plan = _plan(db, write_xlsx(tmp_path / "s.xlsx", rows))
    assert [r.action for r in plan.rows] == [Action.NEW, Action.NEW]
    assert (
        f"注意：以下人员在花名册中的状态不是在岗，仍导入成绩并参加排名：第3行 {NAMES[1]}（退休）。"
        "如不应参加本次考核，请从表中删去，或导入后标为“不参加考核”"
    ) in describe_plan(plan)
