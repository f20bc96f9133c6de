"""Which sheet of a workbook is the roster, and which of its rows are the office's people."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from app.exchange.plan import Action
from app.exchange.roster_import import plan_import
from app.office import open_office
from tests.ids import make_id
from tests.sheets import write_xlsx

TODAY = dt.date(2026, 11, 20)
HEADER = ["序号", "姓名", "公民身份号码", "人员类别", "工作单位"]


def office_db(tmp_path):
    return open_office(tmp_path / "office.db").db


def test_a_filled_in_example_on_an_instructions_sheet_is_not_taken_for_the_roster(tmp_path):
    book = openpyxl.Workbook()
    guide = book.active
    guide.title = "填表说明"
    guide.append(["1. 姓名、公民身份号码为必填项，身份证号请设置为文本格式。"])
    guide.append(["填写示例："])
    guide.append(HEADER)
    guide.append([1, "张三", make_id(11), "社区工作者", "某某社区"])
    roster = book.create_sheet("玉林社区")
    roster.append(HEADER)
    roster.append([1, "李四", make_id(13), "社区工作者", "玉林社区"])
    book.create_sheet("样表").append(HEADER)
    book.save(tmp_path / "roster.xlsx")
    plan = plan_import(office_db(tmp_path), tmp_path / "roster.xlsx", today=TODAY)
    assert plan.sheet == "玉林社区" and plan.other_sheets == []
    assert [(r.name, r.action) for r in plan.rows] == [("李四", Action.NEW)]


def test_an_instructions_sheet_alone_is_still_read(tmp_path):
    book = openpyxl.Workbook()
    only = book.active
    only.title = "花名册（填写示例）"
    only.append(HEADER)
    only.append([1, "王五", make_id(15), "社区工作者", "玉林社区"])
    book.save(tmp_path / "roster.xlsx")
    plan = plan_import(office_db(tmp_path), tmp_path / "roster.xlsx", today=TODAY)
    assert [r.name for r in plan.rows] == ["王五"]


def two_row_roster(path, *, merged: bool):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["玉林街道社区工作者花名册"])
    sheet.append(["序号", "姓名", "公民身份号码", "人员类别", "工作单位", "学历", None, "联系方式", None])
    sheet.append([None, None, None, None, None, "全日制教育", "在职教育", "手机", "办公电话"])
    if merged:
        for column in "ABCDE":
            sheet.merge_cells(f"{column}2:{column}3")
        sheet.merge_cells("F2:G2")
        sheet.merge_cells("H2:I2")
    sheet.append(
        [1, "李四", make_id(13), "社区工作者", "玉林社区", "大学专科", "大学本科", "13912345678", None]
    )
    sheet.append([2, "王五", make_id(15), "社区工作者", "玉林社区", "大学本科", None, "13912345679", None])
    book.save(path)
    return path


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "written-under"])
def test_a_header_on_two_rows_is_read_as_one(tmp_path, merged):
    db = office_db(tmp_path)
    plan = plan_import(db, two_row_roster(tmp_path / "two.xlsx", merged=merged), today=TODAY)
    assert not plan.rejected() and [r.name for r in plan.rows] == ["李四", "王五"]
    assert [r.row for r in plan.rows] == [4, 5]
    assert (
        plan.rows[0].values["education"] == "大学本科"
    )  # 全日制教育 大学专科, 在职教育 大学本科: the higher
    assert plan.rows[1].values["education"] == "大学本科"  # 在职教育 blank
    assert plan.rows[0].values["phone"] == "13912345678"
    assert "学历·在职教育" not in plan.unknown_columns
    assert "学历取“全日制教育”“在职教育”中较高的一项" in plan.notices
    assert "表头占两行（第2、3行），已合在一起读取" in plan.notices


def test_a_shenfen_column_beside_renyuan_leibie_is_not_the_role(tmp_path):
    """身份 holds 聘用 / 事业编制 beside a 人员类别 column: it is listed as unknown, not read as the role (nor as
    a second role column whose difference refuses the person)."""
    rows = [["姓名", "公民身份号码", "身份", "人员类别", "工作单位"],
            ["李四", make_id(13), "聘用", "社区工作者", "玉林社区"]]  # fmt: skip
    write_xlsx(tmp_path / "both.xlsx", rows)
    db = office_db(tmp_path)
    plan = plan_import(db, tmp_path / "both.xlsx", today=TODAY)
    assert not plan.rejected() and plan.rows[0].values["role"] == "community_worker"
    assert "身份" in plan.unknown_columns
    write_xlsx(tmp_path / "alone.xlsx", [["姓名", "公民身份号码", "身份", "工作单位"],
                                          ["王五", make_id(15), "社区工作者", "玉林社区"]])  # fmt: skip
    alone = plan_import(db, tmp_path / "alone.xlsx", today=TODAY)
    assert not alone.rejected() and alone.rows[0].values["role"] == "community_worker"


def test_people_in_hidden_rows_are_read_and_said(tmp_path):
    """A filter left on, or a person hidden instead of deleted: the clerk did not see them in Excel."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for n, name in enumerate(["赵一", "钱二", "孙三", "李四", "周五"], 1):
        sheet.append([n, name, make_id(20 + n), "社区工作者", "玉林社区"])
    sheet.row_dimensions[3].hidden = True
    sheet.row_dimensions[6].hidden = True
    book.save(tmp_path / "hidden.xlsx")
    plan = plan_import(office_db(tmp_path), tmp_path / "hidden.xlsx", today=TODAY)
    assert len(plan.rows) == 5 and not plan.rejected()
    said = [n for n in plan.notices if "隐藏" in n]
    assert said == [
        "第3行、第6行在 Excel 中是隐藏的，其中的人员也一并检查和导入；如不应导入，请在表中删除这些行后再导入"
    ]


def test_a_hidden_row_tag_with_its_attributes_in_any_order_is_found():
    from app.exchange.bounds import _HIDDEN_ROW

    xml = (
        b'<row r="2" spans="1:5"><c r="A2"/></row><row hidden="1" r="3" ht="0"/>'
        b'<x:row r="4" customHeight="1" hidden="true"><x:c r="A4"/></x:row><row r="5" hidden="0"/>'
    )
    assert _HIDDEN_ROW.findall(xml) == [b"3", b"4"]


def test_a_birth_date_with_a_two_digit_year_is_settled_by_the_id_number_and_a_work_date_is_refused(tmp_path):
    from app.people.idnumber import check_digit

    def born(day: str, serial: int) -> str:
        first17 = f"510107{day}{serial:03d}"
        return first17 + check_digit(first17)

    write_xlsx(tmp_path / "short.xlsx", [
        ["姓名", "公民身份号码", "出生年月", "参加工作时间", "人员类别", "工作单位"],
        ["郑九", born("19900307", 21), 90.03, "2012.07", "社区工作者", "玉林社区"],
        ["冯十", born("19910307", 23), "90.03", "2012.07", "社区工作者", "玉林社区"],
        ["陈七", born("19920307", 25), "1992.03", 8.07, "社区工作者", "玉林社区"],
    ])  # fmt: skip
    plan = plan_import(office_db(tmp_path), tmp_path / "short.xlsx", today=TODAY)
    first, second, third = plan.rows
    assert first.action == Action.NEW and first.values["birth_date"] == "1990-03-07"
    assert second.action == Action.REJECT and "年份只写了两位，请写成四位（如 1990.03）" in second.reason()
    assert third.action == Action.REJECT and "参加工作时间“8.07”的年份只写了两位" in third.reason()


def test_a_number_on_the_roster_under_another_name_is_refused_never_given_to_the_new_name(tmp_path):
    """--update once renamed, moved and re-categorised 江浩雨 because a row of 新来的 carried her number."""
    from app.exchange.import_commit import commit_import
    from app.people.service import get_person

    db = office_db(tmp_path)
    rows = [HEADER, [1, "江浩雨", make_id(31), "社区工作者", "玉林社区"]]
    write_xlsx(tmp_path / "first.xlsx", rows)
    commit_import(db, tmp_path / "office.db", plan_import(db, tmp_path / "first.xlsx", today=TODAY),
                  update_existing=False, actor="测试员")  # fmt: skip
    write_xlsx(tmp_path / "again.xlsx", [HEADER, [1, "新来的", make_id(31), "党建指导员", "芳草社区"],
                                         [2, "江浩雨", make_id(31), "党建指导员", "玉林社区"]])  # fmt: skip
    plan = plan_import(db, tmp_path / "again.xlsx", today=TODAY)
    first, second = plan.rows
    assert first.action == Action.REJECT and first.changes == {} and first.person_id is None
    assert f"公民身份号码 {make_id(31)} 在册人员是“江浩雨”，与本行姓名不同：号码可能填错了" in first.reason()
    assert second.action == Action.REJECT  # the same number twice in one file
    (person_id,) = db.execute("SELECT id FROM people").fetchone()
    assert get_person(db, person_id)["name"] == "江浩雨"


def test_a_templates_example_row_is_skipped_as_such_hidden_or_not(tmp_path):
    rows = [HEADER, ["例", "张三", make_id(41), "社区工作者", "XX社区"], ["示例：", "李四", make_id(42), "社区工作者", "XX社区"],
            [1, "王五", make_id(43), "社区工作者", "玉林社区"], ["例1", "赵六", make_id(44), "社区工作者", "XX社区"]]  # fmt: skip
    write_xlsx(tmp_path / "template.xlsx", rows)
    plan = plan_import(office_db(tmp_path), tmp_path / "template.xlsx", today=TODAY)
    assert [r.name for r in plan.rows] == ["王五"] and plan.skipped == {"示例行": 3}
    assert plan.unknown_columns == []  # 序号 is no column to mention


def test_section_headings_that_name_a_role_give_it_to_the_people_under_them(tmp_path):
    """A file without a 人员类别 column, its people under 一、党建指导员 / 二、社区工作者 headings."""
    rows = [["序号", "姓名", "公民身份号码", "工作单位"],
            ["一、党建指导员（2人）"], [1, "郑九", make_id(51), "玉林社区"], [2, "冯十", make_id(52), "玉林社区"],
            ["（二）社区工作者"], [3, "陈七", make_id(53), "玉林社区"],
            ["三、其他"], [4, "褚八", make_id(54), "玉林社区"]]  # fmt: skip
    write_xlsx(tmp_path / "sections.xlsx", rows)
    plan = plan_import(office_db(tmp_path), tmp_path / "sections.xlsx", today=TODAY)
    roles = {r.name: (r.values or {}).get("role") for r in plan.rows}
    assert roles == {
        "郑九": "instructor",
        "冯十": "instructor",
        "陈七": "community_worker",
        "褚八": "community_worker",
    }
    assert (
        "表格中没有“人员类别”列，按分节标题读取各节人员的类别：一、党建指导员（2人）、（二）社区工作者"
        in plan.notices
    )
    assert not any("新增的人员缺少人员类别" in n for n in plan.notices)


def test_full_and_part_time_headings_both_name_the_role(tmp_path):
    """二、兼职党建指导员 was no role, so its people kept the heading above's (and the notice named only that)."""
    rows = [["序号", "姓名", "公民身份号码", "工作单位"],
            ["（一）社区工作者"], [1, "郑九", make_id(51), "玉林社区"],
            ["（二）兼职党建指导员"], [2, "冯十", make_id(52), "玉林社区"],
            ["（三）专职党建指导员（1人）"], [3, "陈七", make_id(53), "玉林社区"]]  # fmt: skip
    write_xlsx(tmp_path / "sections.xlsx", rows)
    plan = plan_import(office_db(tmp_path), tmp_path / "sections.xlsx", today=TODAY)
    roles = {r.name: (r.values or {}).get("role") for r in plan.rows}
    assert roles == {"郑九": "community_worker", "冯十": "instructor", "陈七": "instructor"}
    assert (
        "表格中没有“人员类别”列，按分节标题读取各节人员的类别：（一）社区工作者、（二）兼职党建指导员、"
        "（三）专职党建指导员（1人）" in plan.notices
    )


def test_headings_and_page_endings_in_the_name_column_are_not_people(tmp_path):
    rows = [["序号", "姓名", "公民身份号码", "工作单位"],
            [None, "一、社区工作者"], [1, "郑九", make_id(51), "玉林社区"],
            [None, "以下空白"], [None, "（本页共1人）"]]  # fmt: skip
    write_xlsx(tmp_path / "sections.xlsx", rows)
    plan = plan_import(office_db(tmp_path), tmp_path / "sections.xlsx", today=TODAY)
    assert [(r.name, (r.values or {}).get("role")) for r in plan.rows] == [("郑九", "community_worker")]
    assert plan.skipped == {"标题行": 1, "说明行": 2}


@pytest.mark.parametrize(
    ("status", "said"),
    [(None, "填写了入党时间，但没有填写政治面貌：请填写中共党员或中共预备党员"),
     ("群众", "填写了入党时间，但政治面貌是“群众”，不是中共党员或中共预备党员")],
)  # fmt: skip
def test_a_party_join_date_without_a_party_status_says_which_is_missing(tmp_path, status, said):
    rows = [["姓名", "公民身份号码", "政治面貌", "入党时间", "人员类别", "工作单位"],
            ["郑九", make_id(61), status, "2015.07", "社区工作者", "玉林社区"]]  # fmt: skip
    write_xlsx(tmp_path / "party.xlsx", rows)
    (row,) = plan_import(office_db(tmp_path), tmp_path / "party.xlsx", today=TODAY).rows
    assert row.action == Action.REJECT and said in row.reason()


def test_one_person_on_two_rows_that_disagree_refuses_both_and_a_row_alike_is_skipped(tmp_path):
    rows = [HEADER, [1, "郑九", make_id(71), "社区工作者", "双楠社区"], [2, "冯十", make_id(72), "社区工作者", "玉林社区"],
            [3, "郑九", make_id(71), "社区工作者", "桂溪社区"], [4, "冯十", make_id(72), "社区工作者", "玉林社区"]]  # fmt: skip
    write_xlsx(tmp_path / "twice.xlsx", rows)
    plan = plan_import(office_db(tmp_path), tmp_path / "twice.xlsx", today=TODAY)
    assert [(r.row, r.action) for r in plan.rows] == [(2, Action.REJECT), (3, Action.NEW), (4, Action.REJECT)]
    assert "本表第4行是同一公民身份号码，工作单位与本行不同：请核对后只留一行" in plan.rows[0].reason()
    assert "与本表第2行的公民身份号码重复" in plan.rows[2].reason()
    assert plan.skipped == {"与前面某行完全相同的行": 1}  # row 5 is row 3 again: nothing to fix, nothing lost
    assert (
        "第5行与第3行完全相同，后一行已跳过：请核对是否重复粘贴" in plan.notices
    )  # which rows, to check them
    assert [u.name for u in plan.units_to_create] == ["玉林社区"]  # 双楠社区 and 桂溪社区: nobody goes there


def test_a_filed_by_line_above_the_header_is_the_street_the_names_are_looked_up_in(tmp_path):
    """填报单位：跳伞塔街道 says what --within says: its 桂溪社区, not another street's."""
    from app.units.service import create_unit

    db = office_db(tmp_path)
    top = create_unit(db, {"name": "武侯区", "kind": "区/县"}, "测试员").record_id
    ids = {}
    for street in ("跳伞塔街道", "火车南站街道"):
        parent = create_unit(db, {"name": street, "kind": "街道/镇", "parent_id": top}, "测试员").record_id
        ids[street] = create_unit(
            db, {"name": "桂溪社区", "kind": "社区/村", "parent_id": parent}, "测试员"
        ).record_id
    rows = [["2026年社区工作者花名册"], ["填报单位：跳伞塔街道（盖章）", None, "填报日期：2026年11月"], HEADER,
            [1, "郑九", make_id(81), "社区工作者", "桂溪社区"], [2, "冯十", make_id(82), "社区工作者", "新华社区"]]  # fmt: skip
    write_xlsx(tmp_path / "street.xlsx", rows)
    plan = plan_import(db, tmp_path / "street.xlsx", today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.NEW]
    assert plan.rows[0].values["unit_id"] == ids["跳伞塔街道"]
    assert plan.new_units == ["跳伞塔街道 / 新华社区"]
    assert (
        "按表头上方的“填报单位：跳伞塔街道”，表中的单位先在“武侯区 / 跳伞塔街道”之下查找（即“本表来自”，命令行的 --within）"
        in plan.notices
    )


def test_a_remark_after_the_phone_is_kept_in_the_note_once(tmp_path):
    """（已停机）is not part of the number, but the office must not lose it."""
    from app.exchange.import_commit import commit_import

    db = office_db(tmp_path)
    rows = [["姓名", "公民身份号码", "联系电话", "备注", "人员类别", "工作单位"],
            ["郑九", make_id(91), "13980160005（已停机）", "党员骨干", "社区工作者", "玉林社区"]]  # fmt: skip
    write_xlsx(tmp_path / "remark.xlsx", rows)
    plan = plan_import(db, tmp_path / "remark.xlsx", today=TODAY)
    (row,) = plan.rows
    assert row.values["phone"] == "13980160005" and row.values["note"] == "党员骨干；电话备注：已停机"
    assert "联系电话后的“（已停机）”不是号码，写入备注" in row.notices
    commit_import(db, tmp_path / "office.db", plan, update_existing=False, actor="测试员")
    again = plan_import(db, tmp_path / "remark.xlsx", today=TODAY)
    assert [r.action for r in again.rows] == [Action.UNCHANGED]


def test_a_role_heading_wins_over_the_role_given_for_the_whole_file(tmp_path):
    from app.exchange.roster_import import ImportOptions

    rows = [["序号", "姓名", "公民身份号码", "工作单位"], [1, "褚八", make_id(55), "玉林社区"],
            ["一、党建指导员"], [2, "郑九", make_id(56), "玉林社区"]]  # fmt: skip
    write_xlsx(tmp_path / "sections.xlsx", rows)
    options = ImportOptions(defaults={"role": "community_worker"})
    plan = plan_import(office_db(tmp_path), tmp_path / "sections.xlsx", options, today=TODAY)
    assert {r.name: r.values["role"] for r in plan.rows} == {"褚八": "community_worker", "郑九": "instructor"}


def test_the_highest_of_the_education_columns_is_taken_and_a_bad_first_one_left_for_the_plan():
    from app.exchange.sheet import Sheet
    from app.exchange.sub_header import take_highest_education

    rows = [["学历", None], ["全日制教育", "在职教育"], ["硕士", "本科"], ["中专", "大专"], ["幼儿园", "本科"],
            [None, "本科"], ["高中", "不详"]]  # fmt: skip
    sheet = Sheet("名单", rows)
    take_highest_education(sheet, 2, 0, [1])
    assert [r[0] for r in rows[2:]] == ["研究生", "大学专科", "幼儿园", "大学本科", "高中及以下"]
