"""The attendance import on the messy lists in tests/data/training (made by make_lists.py, as streets send them),
person by person: what each row becomes, what is refused and why, what is skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.exchange.plan import Action
from app.exchange.reader import ReadError
from app.exchange.roster_import import PlanError
from app.people.service import create_person
from app.training.attendance import commit_attendance, plan_attendance
from app.units.service import create_unit
from tests.data.training.make_lists import ROSTER

DATA = Path(__file__).resolve().parents[1] / "data" / "training"
ACTOR = "测试员"
NEW = {"category": "入门", "start_date": "2026-03-02", "end_date": "2026-03-03", "hours": "8"}
CADRES = ("孙八", "钱七")


@pytest.fixture
def db(db):
    """The shared office (tests/app/conftest.py) with the lists' roster."""
    unit = create_unit(db, {"name": "东门社区", "kind": "社区/村"}, ACTOR).record_id
    for name, number in ROSTER.items():
        role = "reserve_cadre" if name in CADRES else "community_worker"
        create_person(db, {"role": role, "name": name, "id_number": number, "unit_id": unit}, ACTOR)
    return db


def plan_of(db, file: str, **kwargs):
    return plan_attendance(db, DATA / file, "入门班", NEW, **kwargs)


def fates(plan) -> list[tuple]:
    return [(r.row, r.name, r.action, r.hours, r.result) for r in plan.rows]


def reasons(plan) -> dict[int, str]:
    return {r.row: r.reason() for r in plan.rejected()}


def test_merged_title_spaced_names_units_words_scores_absence_and_template_rows(db):
    plan = plan_of(db, "01_merged_title.xlsx")
    assert (plan.sheet, plan.header_row) == ("参训名单", 3)
    assert fates(plan) == [
        (4, "张三", Action.NEW, "8", "合格"),
        (5, "李四", Action.NEW, "3", "合格"),
        (6, "王小明", Action.NEW, "1.5", "85"),
        (7, "欧阳娜娜", Action.NEW, "0", None),  # 缺勤: enrolled, no hours, not assessed
        (8, "赵六", Action.REJECT, None, "合格"),
    ]
    assert "“半天”" in reasons(plan)[8] and "3.5 或 4" in reasons(plan)[8]
    assert plan.rows[3].absence == "缺勤"
    # rows 9 and 10 are the template's numbered rows left blank: not people, not refused
    assert plan.skipped == {"未填人员的行": 2, "合计行": 1, "说明行": 1}
    assert plan.titled == "2026年社区工作者入门培训班"


def test_id_numbers_as_streets_type_them(db):
    plan = plan_of(db, "02_id_numbers.xlsx")
    assert [(r.row, r.name, r.action) for r in plan.rows] == [
        (2, "张三", Action.REJECT),  # stored as a number: its last digits are gone
        (3, "李四", Action.NEW),  # an apostrophe before it
        (4, "欧阳娜娜", Action.NEW),  # lower-case x
        (5, "王小明", Action.NEW),  # full-width digits
        (6, "赵六", Action.NEW),  # spaces between the groups
        (7, "吴十", Action.REJECT),
        (8, "钱七", Action.REJECT),
    ]
    said = reasons(plan)
    assert "文本" in said[2] and "花名册中没有" in said[7] and "17位" in said[8]


def test_a_gbk_csv_with_grades_in_words_and_people_twice(db):
    plan = plan_of(db, "03_gbk.csv")
    assert fates(plan) == [
        (3, "张三", Action.NEW, "2", "合格"),  # 2小时, 优秀
        (4, "李四", Action.REJECT, None, "合格"),  # 一天: how many hours is not known
        (5, "王小明", Action.NEW, "0", "不合格"),  # 缺考
        (6, "赵六", Action.NEW, "4", "不合格"),  # 不及格
        (7, "张三", Action.UNCHANGED, "2", "合格"),  # the same again
        (8, "钱七", Action.REJECT, "4", "合格"),  # twice, disagreeing: neither
        (9, "钱七", Action.REJECT, "3.5", "合格"),
    ]
    assert "“一天”" in reasons(plan)[4]
    assert plan.skipped == {"空行": 1, "合计行": 1}


def test_an_old_xls_with_another_middle_dot_and_a_wrong_name(db):
    plan = plan_of(db, "04_old.xls")
    assert fates(plan) == [
        (3, "孙八", Action.NEW, "6", "92.5"),
        (4, "阿依古丽·买买提", Action.NEW, "6", "合格"),  # '•' in the file, '·' on the roster
        (5, "赵大六", Action.REJECT, "6", "合格"),
        (6, "钱七", Action.NEW, "6", "合格"),
    ]
    assert "属于“赵六”" in reasons(plan)[5]


def test_several_sheets_the_first_list_and_the_others_named(db):
    plan = plan_of(db, "05_several_sheets.xlsx")
    assert plan.sheet == "第一期" and plan.other_sheets == ["第二期"]
    assert [r.name for r in plan.rows] == ["张三", "李四"]
    second = plan_of(db, "05_several_sheets.xlsx", sheet=" 第二期")
    assert second.sheet == "第二期" and second.other_sheets == ["第一期"]
    assert [r.name for r in second.rows] == ["王小明"]
    with pytest.raises(PlanError, match="有：填表说明、第一期、第二期"):
        plan_of(db, "05_several_sheets.xlsx", sheet="第三期")
    with pytest.raises(PlanError, match="工作表“填表说明”中"):
        plan_of(db, "05_several_sheets.xlsx", sheet="填表说明")


def test_an_empty_first_sheet_and_yes_no_results(db):
    plan = plan_of(db, "06_empty_first_sheet.xlsx")
    assert plan.sheet == "Sheet2" and not plan.has_hours
    assert fates(plan) == [(2, "钱七", Action.NEW, "8", "合格"), (3, "孙八", Action.NEW, "8", "不合格")]


def test_a_two_row_header_repeated_after_a_page_break_and_leave(db):
    plan = plan_of(db, "07_two_row_header.xlsx")
    assert fates(plan) == [
        (3, "张三", Action.NEW, "8", "合格"),
        (5, "李四", Action.NEW, "0", None),  # 请假
        (7, "孙八", Action.NEW, "7.5", "合格"),
    ]
    assert plan.skipped == {"空行": 1, "重复的表头": 1}


def test_an_empty_workbook_and_a_list_without_id_numbers_are_refused_with_the_fix(db):
    with pytest.raises(ReadError, match="没有任何内容"):
        plan_of(db, "08_empty.xlsx")
    with pytest.raises(PlanError, match="第1行像是表头.*缺少“公民身份号码”列"):
        plan_of(db, "09_no_id_column.xlsx")


def test_absence_is_written_as_no_hours_with_its_word_as_the_note(db):
    plan = plan_of(db, "01_merged_title.xlsx")
    commit_attendance(db, plan, ACTOR)
    rows = db.execute(
        "SELECT p.name, e.hours, e.result, e.note FROM enrolments e JOIN people p ON p.id = e.person_id"
        " ORDER BY e.id"
    ).fetchall()
    assert rows == [("张三", "8", "合格", None), ("李四", "3", "合格", None), ("王小明", "1.5", "85", None),
                    ("欧阳娜娜", "0", None, "缺勤")]  # fmt: skip
    again = plan_of(db, "01_merged_title.xlsx")
    assert [r.action for r in again.rows] == [Action.UNCHANGED] * 4 + [Action.REJECT]


def test_an_absence_replaces_what_was_recorded_and_attending_later_clears_it(db, tmp_path):
    import openpyxl

    def sheet(result, hours):
        book = openpyxl.Workbook()
        book.active.append(["姓名", "公民身份号码", "学时", "结果"])
        book.active.append(["张三", ROSTER["张三"], hours, result])
        path = tmp_path / f"{result}.xlsx"
        book.save(path)
        return plan_attendance(db, path, "入门班", NEW)

    commit_attendance(db, sheet("合格", 8), ACTOR)
    absent = sheet("缺勤", None)
    assert absent.rows[0].action == Action.UPDATE and absent.rows[0].before["note"] is None
    commit_attendance(db, absent, ACTOR)
    assert db.execute("SELECT hours, result, note FROM enrolments").fetchall() == [("0", None, "缺勤")]
    assert sheet("缺勤", 0).rows[0].action == Action.UNCHANGED
    commit_attendance(db, sheet("合格", 8), ACTOR)
    assert db.execute("SELECT hours, result, note FROM enrolments").fetchall() == [("8", "合格", None)]


def test_without_a_course_the_title_chooses_an_existing_one_or_asks_for_a_new_one(db):
    from app.training.attendance_course import CourseNeeded
    from app.training.courses import create_course

    with pytest.raises(CourseNeeded) as needed:
        plan_attendance(db, DATA / "01_merged_title.xlsx", None)
    assert needed.value.titled == "2026年社区工作者入门培训班"
    with pytest.raises(CourseNeeded) as needed:
        plan_attendance(db, DATA / "02_id_numbers.xlsx", None)  # no title at all
    assert needed.value.titled == "" and "名单中没有写明培训班" in str(needed.value)
    create_course(db, {**NEW, "name": "社区工作者 入门培训班"}, ACTOR)  # the title's, but for the year
    plan = plan_attendance(db, DATA / "01_merged_title.xlsx", None)
    assert plan.course.name == "社区工作者 入门培训班" and plan.new_course is None
    assert plan.titled_course is None and len(plan.to_write()) == 4


def test_sign_in_columns_without_hours_say_who_was_there(db, tmp_path):
    """Signed in the morning only: how many hours is not known, so the row asks for a 学时 column."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "上午签到", "下午签到"])
    book.active.append(["张三", ROSTER["张三"], "张三", None])
    book.active.append(["李四", ROSTER["李四"], "李四", "李四"])
    path = tmp_path / "签到.xlsx"
    book.save(path)
    plan = plan_attendance(db, path, "入门班", NEW)
    assert [(r.action, r.hours) for r in plan.rows] == [(Action.REJECT, None), (Action.NEW, "8")]
    assert "请在表中加一列“学时”" in plan.rows[0].reason()
    assert any("按签到列（上午签到、下午签到）计" in line for line in plan.notices)


def test_the_dry_run_says_each_rows_fate_in_words(db):
    from app.training.attendance_text import describe_plan

    lines = describe_plan(plan_of(db, "03_gbk.csv"))
    assert "  第5行 王小明：新增（0 学时，不合格）" in lines
    lines = describe_plan(plan_of(db, "01_merged_title.xlsx"))
    assert "  第7行 欧阳娜娜：新增（缺勤，0 学时）" in lines and "  跳过未填人员的行 2 行" in lines
    lines = describe_plan(plan_of(db, "07_two_row_header.xlsx"))
    assert "  第5行 李四：新增（请假，0 学时）" in lines


def test_a_platforms_export_with_id_numbers_kept_as_text_and_chinese_apostrophes(db):
    plan = plan_of(db, "10_system_export.csv")
    assert fates(plan) == [
        (2, "张三", Action.NEW, "4", "合格"),  # ="…"
        (3, "李四", Action.NEW, "4", "合格"),  # ‘…
        (4, "欧阳娜娜", Action.NEW, "2.5", "合格"),  # ’…
    ]


def sheet_of(tmp_path, header: list, *rows: list) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    for row in (header, *rows):
        book.active.append(row)
    path = tmp_path / "名单.xlsx"
    book.save(path)
    return path


def test_a_note_in_brackets_after_a_name_is_not_part_of_it(db, tmp_path):
    path = sheet_of(tmp_path, ["姓名", "公民身份号码"], ["张三（组长）", ROSTER["张三"]], ["李四(女)", ROSTER["李四"]],
                    ["赵六（张三）", ROSTER["张三"]])  # fmt: skip
    plan = plan_attendance(db, path, "入门班", NEW)
    assert [(r.name, r.action) for r in plan.rows] == [("张三", Action.NEW), ("李四", Action.NEW),
                                                       ("赵六(张三)", Action.REJECT)]  # fmt: skip
    assert plan.rows[0].note == "姓名后的“(组长)”不是姓名，已忽略"


def test_hours_under_another_label_are_read_or_said_not_to_be(db, tmp_path):
    path = sheet_of(tmp_path, ["姓名", "公民身份号码", "实修学时"], ["张三", ROSTER["张三"], 3])
    assert plan_attendance(db, path, "入门班", NEW).rows[0].hours == "3"
    path = sheet_of(
        tmp_path, ["姓名", "公民身份号码", "应修学时", "学时（实到）"], ["张三", ROSTER["张三"], 8, 3]
    )
    plan = plan_attendance(db, path, "入门班", NEW)
    assert plan.rows[0].hours == "3"
    path = sheet_of(tmp_path, ["姓名", "公民身份号码", "本期应修学时"], ["张三", ROSTER["张三"], 8])
    plan = plan_attendance(db, path, "入门班", NEW)
    assert any("“本期应修学时”列没有当作参训学时" in line for line in plan.notices), plan.notices
