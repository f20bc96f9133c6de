"""Header words and values of real rosters that were dropped or refused (a new-user trial, findings 1 and 2):
民族成分, 政治面目, 学历学位, 在岗情况, 参加社区工作时间 …; 本科/学士 and the other 学历 written with a 学位; 是否在岗."""

from __future__ import annotations

import openpyxl
import pytest

from app.exchange.choice_words import education_of
from app.exchange.columns import match_label
from app.exchange.roster_import import plan_import
from app.exchange.roster_planner import Planner
from tests.app.roster_office import TODAY, UNIT, commit, make_id, open_test_office, plan_rows, stored


@pytest.fixture
def office(tmp_path):
    opened = open_test_office(tmp_path)
    yield opened
    opened.close(backup_if_changed=False)


@pytest.mark.parametrize(
    ("label", "field"),
    [("民族成分", "ethnicity"), ("民族成份", "ethnicity"), ("政治面目", "political_status"),
     ("学历学位", "education"), ("全日制学历", "education"), ("学历层次", "education"),
     ("在岗情况", "status"), ("在职状态", "status"), ("是否在岗", "status"),
     ("参加社区工作时间", "post_start_date"), ("到社区工作时间", "post_start_date"),
     ("进入社区工作时间", "post_start_date"), ("任职时间", "post_start_date")],
)  # fmt: skip
def test_everyday_header_words_name_their_field(label, field):
    assert match_label(label) == field


def test_a_file_of_everyday_headers_stores_every_column_and_a_retired_person_as_retired(office, tmp_path):
    one, two = make_id("19880101", 11), make_id("19890202", 12)
    header = ["序号", "姓名", "身份证号码", "民族成分", "政治面目", "学历学位", "参加社区工作时间", "在岗情况",
              "所在社区", "人员类别"]  # fmt: skip
    plan = plan_rows(office, tmp_path / "f44.xlsx", [
        header,
        [1, "亥一", one, "回族", "中共党员", "大学本科", "2015.03", "在岗", UNIT, "社区工作者"],
        [2, "亥二", two, "彝族", "群众", "大专", "2017.09", "退休", UNIT, "社区工作者"],
    ])  # fmt: skip
    assert plan.unknown_columns == [] and not plan.rejected()
    commit(office, plan)
    first, second = stored(office, one), stored(office, two)
    assert (first["ethnicity"], first["political_status"], first["education"]) == (
        "回族",
        "中共党员",
        "大学本科",
    )
    assert (first["post_start_date"], first["status"]) == ("2015-03-01", "在岗")
    assert (second["ethnicity"], second["education"], second["status"]) == ("彝族", "大学专科", "退休")


def test_shi_fou_zai_gang_reads_yes_as_at_work_and_refuses_no(office, tmp_path):
    yes, no = make_id("19900101", 13), make_id("19900101", 14)
    plan = plan_rows(office, tmp_path / "yesno.xlsx", [
        ["姓名", "公民身份号码", "是否在岗", "工作单位", "人员类别"],
        ["甲一", yes, "是", UNIT, "社区工作者"],
        ["甲二", no, "否", UNIT, "社区工作者"],
    ])  # fmt: skip
    refused = {r.name: r.reason() for r in plan.rejected()}
    assert list(refused) == ["甲二"]
    assert "离岗、退休、转岗或解聘" in refused["甲二"] and "看不出" in refused["甲二"]
    commit(office, plan)
    assert stored(office, yes)["status"] == "在岗"


def test_a_yes_outside_a_yes_or_no_column_is_still_no_status(office, tmp_path):
    plan = plan_rows(office, tmp_path / "status.xlsx", [
        ["姓名", "公民身份号码", "状态", "工作单位", "人员类别"],
        ["甲一", make_id("19900101", 15), "是", UNIT, "社区工作者"],
    ])  # fmt: skip
    assert "状态“是”无法识别" in plan.rows[0].reason()


DEGREES = [
    ("大学本科 学士", "大学本科"), ("本科/学士", "大学本科"), ("研究生/硕士", "研究生"),
    ("大学本科学士学位", "大学本科"), ("硕士研究生/硕士", "研究生"), ("本科（学士）", "大学本科"),
    ("大学 学士", "大学本科"),
]  # fmt: skip


@pytest.mark.parametrize(("written", "education"), DEGREES)
def test_the_xueli_of_a_value_with_its_xuewei_is_read_and_the_xuewei_left_out(written, education):
    value, degree = education_of(written)
    assert value == education and degree in written and degree.startswith(("学士", "硕士"))


@pytest.mark.parametrize(("written", "education"), [("中专/中技", "中专"), ("大专/高职", "大学专科")])
def test_two_words_for_one_xueli_are_that_xueli(written, education):
    assert education_of(written) == (education, "")


@pytest.mark.parametrize("written", ["本科/大专", "学士", "法学学士"])
def test_a_value_without_one_xueli_is_still_refused(written):
    with pytest.raises(ValueError, match="学历|学位"):
        education_of(written)


def test_values_with_a_degree_are_stored_as_their_xueli_and_said_once(office, tmp_path):
    numbers = [make_id("19880808", 20 + n) for n in range(len(DEGREES))]
    rows = [["姓名", "公民身份号码", "学历", "工作单位", "人员类别"]]
    rows += [
        ["己" + "甲乙丙丁戊庚辛"[n], numbers[n], written, UNIT, "社工"]
        for n, (written, _e) in enumerate(DEGREES)
    ]
    plan = plan_rows(office, tmp_path / "f22.xlsx", rows)
    assert not plan.rejected(), [r.reason() for r in plan.rejected()]
    notices = _file_notices(office, tmp_path / "f22.xlsx")
    said = [n for n in notices if "学位" in n]
    assert len(said) == 1 and "“本科/学士”读作大学本科" in said[0] and "“研究生/硕士”读作研究生" in said[0]
    commit(office, plan)
    assert [stored(office, n)["education"] for n in numbers] == [e for _w, e in DEGREES]


def cadre_form(path):
    """The cadre form's two-row header: 全日制教育 and 在职教育, each over 学历学位 | 毕业院校系及专业."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["簇桥街道社区工作者基本情况统计表"])
    sheet.append(["序号", "姓名", "身份证号码", "全日制教育", None, "在职教育", None, "工作单位", "人员类别"])
    sheet.append([None, None, None, "学历学位", "毕业院校系及专业", "学历学位", "毕业院校系及专业"])
    for column in "ABCHI":
        sheet.merge_cells(f"{column}2:{column}3")
    sheet.merge_cells("D2:E2")
    sheet.merge_cells("F2:G2")
    sheet.append([1, "褚明", make_id("19890505", 30), "大学本科 学士", "四川大学", "研究生 硕士", "电子科大", UNIT,
                  "社区工作者"])  # fmt: skip
    sheet.append(
        [2, "褚亮", make_id("19921111", 31), "大专", "成都职院", "大学本科", "四川农大", UNIT, "社区工作者"]
    )
    sheet.append(
        [3, "褚红", make_id("19950303", 32, True), "本科/学士", "西华大学", None, None, UNIT, "社区工作者"]
    )
    book.save(path)
    return path


def test_the_cadre_forms_two_xueli_xuewei_columns_give_the_higher_xueli(office, tmp_path):
    path = cadre_form(tmp_path / "f21.xlsx")
    plan = plan_import(office.db, path, today=TODAY)
    assert not plan.rejected() and not [n for n in plan.notices if "重复的列" in n]
    assert "在职教育·学历学位" not in plan.unknown_columns
    assert "学历取“全日制教育·学历学位”“在职教育·学历学位”中较高的一项" in plan.notices  # not 学历学位 twice
    assert "“研究生 硕士”读作研究生" in " ".join(_file_notices(office, path))
    commit(office, plan)
    educations = [stored(office, make_id(b, s, s == 32))["education"]
                  for b, s in (("19890505", 30), ("19921111", 31), ("19950303", 32))]  # fmt: skip
    assert educations == ["研究生", "大学本科", "大学本科"]


def test_new_people_given_the_default_status_are_told_so_once(office, tmp_path):
    path = tmp_path / "nostatus.xlsx"
    plan_rows(office, path, [["姓名", "公民身份号码", "工作单位", "人员类别"],
                             ["甲一", make_id("19900101", 40), UNIT, "社工"],
                             ["甲二", make_id("19900101", 41), UNIT, "社工"]])  # fmt: skip
    said = [n for n in _file_notices(office, path) if "状态" in n]
    assert said == ["表格中没有“状态”列：新增的人员按“在岗”登记，在册人员的状态不变"]
    with_status = tmp_path / "status.xlsx"
    plan_rows(office, with_status, [["姓名", "公民身份号码", "工作单位", "人员类别", "状态"],
                                    ["甲一", make_id("19900101", 40), UNIT, "社工", "在岗"]])  # fmt: skip
    assert not [n for n in _file_notices(office, with_status) if "状态" in n]


def _file_notices(office, path) -> list[str]:
    """What the planner says once of the file after its rows (Planner.file_notices), planned as plan_import plans
    it: the file-level notices roster_import is to add to the plan."""
    from app.exchange import roster_import

    made: list[Planner] = []

    class Kept(Planner):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    patch = pytest.MonkeyPatch()
    patch.setattr(roster_import, "Planner", Kept)
    try:
        plan = plan_import(office.db, path, today=TODAY)
    finally:
        patch.undo()
    return made[0].file_notices(plan)


def test_shi_fou_zai_gang_beside_a_status_column_is_not_read_as_a_second_one(office, tmp_path):
    """是 beside 在岗 is no disagreement to refuse: the 状态 column says more, and is read."""
    number = make_id("19900101", 16)
    plan = plan_rows(office, tmp_path / "both.xlsx", [
        ["姓名", "公民身份号码", "人员状态", "是否在岗", "工作单位", "人员类别"],
        ["甲一", number, "在岗", "是", UNIT, "社区工作者"],
    ])  # fmt: skip
    assert not plan.rejected() and plan.unknown_columns == ["是否在岗"]
    assert plan.rows[0].values["status"] == "在岗"
