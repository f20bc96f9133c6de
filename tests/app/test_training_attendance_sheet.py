"""Where an attendance list sits (app/training/attendance_sheet.py) and which course a title names
(app/training/attendance_course.py): table-driven."""

from __future__ import annotations

import pytest

from app.exchange.reader import Sheet
from app.training.attendance_course import same_name
from app.training.attendance_sheet import HOURS, RESULT, category_in_name, column_of, course_in_title

HEADER = ["序号", "姓名", "公民身份号码", "学时"]


@pytest.mark.parametrize(
    ("above", "course"),
    [
        (["2026年社区工作者入门培训班参训人员名单"], "2026年社区工作者入门培训班"),
        (["东门街道2026年第一期社区工作者培训签到表"], "东门街道2026年第一期社区工作者培训"),
        (["党史学习教育专题培训签到汇总表"], "党史学习教育专题培训"),
        (["2026年青年干部专题培训班学员名单"], "2026年青年干部专题培训班"),
        (["培训班名称：党史专题（第2期）"], "党史专题（第2期）"),
        (["2026年 社区工作者 进阶班 名单"], "2026年 社区工作者 进阶班"),
        (["2026年社区工作者数字化能力专题培训参训情况统计表"], "2026年社区工作者数字化能力专题培训"),
        (["入门班学员考勤情况表"], "入门班"),
        (["填报单位：东门街道", "2026年入门班学时登记表"], "2026年入门班"),
        (["东门街道社区工作者名单"], None),  # a roster's title: no course in it
        (["填报单位：东门街道（盖章）"], None),
        ([], None),
    ],
)
def test_the_course_a_title_names(above, course):
    rows = [[line, None, None] for line in above] + [HEADER]
    assert course_in_title(Sheet("名单", rows), len(above)) == course


def test_a_line_of_several_cells_is_not_a_title():
    rows = [["2026年入门班", "填表人", "张三"], HEADER]
    assert course_in_title(Sheet("名单", rows), 1) is None


@pytest.mark.parametrize(
    ("name", "category"),
    [("2026年社区工作者入门培训班", "入门"), ("青年干部补课班", "补课"), ("党史专题", "专题培训"),
     ("现场观摩会", "现场观摩"), ("全县轮训", "轮训"), ("学习会", "")],
)  # fmt: skip
def test_the_category_a_name_says(name, category):
    assert category_in_name(name) == category


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [("2026年入门培训班（第1期）", "入门培训班第1期", True), ("入门班", "入门 班", True),
     ("2026年度入门班", "入门班", True), ("入门班", "进阶班", False), ("入门班（一）", "入门班（二）", False)],
)  # fmt: skip
def test_two_spellings_of_one_course(one, other, same):
    assert same_name(one, other) is same


@pytest.mark.parametrize(
    ("label", "what"),
    [
        ("实际参训学时（小时）", HOURS),
        ("参训学时(h)", HOURS),
        ("实际参训课时", HOURS),
        ("获得学时数", HOURS),
        ("要求学时", None),  # the requirement, not what was attended
        ("应修学时", None),
        ("总学时", None),
        ("计划学时", None),
        ("考核情况", RESULT),
        ("考试情况", RESULT),
        ("考核等次", RESULT),
        ("是否结业", RESULT),
        ("参训情况", None),  # the merged cell above 学时 | 结果 of a two-row header
    ],
)
def test_the_hours_and_result_columns_a_street_names_in_its_own_words(label, what):
    assert column_of(label) == what


def test_a_templates_instructions_sheet_is_read_only_when_no_other_sheet_holds_a_list():
    """填表说明 first, with a sample header and a made-up person: the list is the 名单 sheet, as in the roster and
    score imports; the instructions are not named as another list."""
    from app.training.attendance_sheet import locate

    header = ["姓名", "公民身份号码", "学时", "结果"]
    guide = Sheet(
        "填表说明", [["请按下表填写，示例如下"], header, ["张示例", "110101199001011237", 8, "合格"]]
    )
    listed = Sheet("名单", [header, ["张三", "110101199001011237", 6, "合格"]])
    sheet, index, _columns, others = locate([guide, listed])
    assert (sheet.name, index, others) == ("名单", 0, [])
    assert locate([guide])[0].name == "填表说明"  # nothing else: the template is what there is
