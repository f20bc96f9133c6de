"""Numbers in a roster as real files hold them, which used to lose people: a first-generation (15-digit) ID
number Excel stored as a number, a phone kept as text by an apostrophe or by ="…", two phones in one cell or in
two columns."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.exchange.plan import Action
from app.exchange.reader import read_workbook
from app.exchange.roster_import import plan_import
from app.people.idnumber import looks_like_excel_number, parse_id_number, upgrade_15_to_18
from app.people.service import create_person
from app.people.validation import normalize_phone, phone_problem
from app.units.service import create_unit
from tests.ids import make_id
from tests.sheets import write_xlsx

TODAY = dt.date(2026, 11, 21)
OLD = "510107900315113"  # a first-generation number: 15 digits, born 1990-03-15
ROSTER = ["姓名", "身份证号", "所在社区", "人员类别", "联系电话"]


@pytest.fixture(autouse=True)
def community(db) -> int:
    return create_unit(db, {"name": "黉门社区", "kind": "社区/村"}, "测试员").record_id


def by_row(plan):
    return {r.row: r for r in plan.rows}


# --- 1. a 15-digit ID number stored as a number -----------------------------------------------------------------


@pytest.mark.parametrize("raw", [float(OLD), int(OLD), Decimal(OLD)])
def test_a_15_digit_number_held_as_a_number_lost_nothing_and_is_read_as_its_digits(raw):
    assert not looks_like_excel_number(raw)
    assert parse_id_number(raw, today=TODAY) == parse_id_number(OLD, today=TODAY)


@pytest.mark.parametrize("raw", [5.10104199001011e17, 51010419900101.0, 510107900315113.5, float("inf")])
def test_other_numbers_are_still_excel_numbers(raw):
    assert looks_like_excel_number(raw)


def test_a_15_digit_id_number_in_a_number_cell_imports_as_the_same_number_typed_as_text(db, tmp_path):
    other = "510107880808115"
    path = write_xlsx(tmp_path / "old.xlsx", [
        ROSTER,
        ["老周", float(OLD), "黉门社区", "社区工作者", None],
        ["老吴", other, "黉门社区", "社区工作者", None],
    ])  # fmt: skip
    rows = by_row(plan_import(db, path, today=TODAY))
    assert [rows[n].action for n in (2, 3)] == [Action.NEW, Action.NEW], rows[2].reason()
    assert rows[2].id_number == upgrade_15_to_18(OLD) and rows[2].values["birth_date"] == "1990-03-15"
    assert rows[2].notices == [f"15位身份号码 {OLD} 已升位为 {upgrade_15_to_18(OLD)}"]
    assert rows[3].notices == [f"15位身份号码 {other} 已升位为 {upgrade_15_to_18(other)}"]


def test_an_18_digit_number_in_a_number_cell_is_still_refused(db, tmp_path):
    path = write_xlsx(
        tmp_path / "lost.xlsx", [ROSTER, ["赵四", 5.10107199203151e17, "黉门社区", "社区工作者", None]]
    )
    (row,) = plan_import(db, path, today=TODAY).rows
    assert row.action == Action.REJECT and "文本" in row.reason() and row.problems[0].value == "5.10107e+17"


def test_a_15_digit_number_cell_with_a_wrong_date_is_quoted_as_its_digits(db, tmp_path):
    wrong = "510107901315113"  # month 13
    path = write_xlsx(tmp_path / "bad.xlsx", [ROSTER, ["老周", float(wrong), "黉门社区", "社区工作者", None]])
    (row,) = plan_import(db, path, today=TODAY).rows
    assert row.action == Action.REJECT and row.problems[0].value == wrong
    assert "月份" in row.reason()


# --- 2. a phone kept as text by a leading apostrophe ------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "stored"),
    [("'13912345678", "13912345678"), ("‘13912345678", "13912345678"), ("'028-88886666", "028-88886666")],
)
def test_the_apostrophe_that_kept_a_phone_as_text_is_not_part_of_it(written, stored):
    assert normalize_phone(written) == stored and phone_problem(written) == ""


def test_only_one_apostrophe_comes_off():
    assert phone_problem("''13912345678").startswith("联系电话“")


def test_a_csv_whose_phone_and_id_number_kept_their_apostrophe_imports(db, tmp_path):
    number = make_id(1)
    path = tmp_path / "roster.csv"
    path.write_text(
        ",".join([*ROSTER, "备注"]) + f"\n张三,'{number},黉门社区,社区工作者,'13912345678,'13912345678\n",
        encoding="utf-8",
    )
    (row,) = plan_import(db, path, today=TODAY).rows
    assert row.action == Action.NEW, row.reason()
    assert (row.id_number, row.values["phone"]) == (number, "13912345678")
    assert row.values["note"] == "'13912345678"  # a note is the clerk's own text: kept as written


# --- 3. ="…" in a CSV -------------------------------------------------------------------------------------------


def test_a_csv_cell_written_as_excels_text_formula_is_read_as_the_text_inside(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(
        "姓名,联系电话,备注,核对\n"
        '王伟,="13912345678","=""028-88886666""",=""\n'
        '李娜,=SUM(A1),\'="abc",="a"&"b"\n',  # a formula, our export's guard, more than one string: as written
        encoding="utf-8",
    )
    (sheet,) = read_workbook(path)
    assert sheet.rows[1] == ["王伟", "13912345678", "028-88886666", None]
    assert sheet.rows[2] == ["李娜", "=SUM(A1)", '\'="abc"', '="a"&"b"']


def test_a_csv_whose_id_number_and_phone_are_wrapped_in_text_formulas_imports(db, tmp_path):
    number = make_id(2)
    path = tmp_path / "roster.csv"
    path.write_text(
        ",".join([*ROSTER, "备注"]) + f'\n张三,="{number}",黉门社区,社区工作者,="02888886666",\'="x"\n',
        encoding="utf-8",
    )
    (row,) = plan_import(db, path, today=TODAY).rows
    assert (row.action, row.id_number) == (Action.NEW, number), row.reason()
    assert row.values["phone"] == "028-88886666" and row.values["note"] == '="x"'


# --- 4. two phone numbers in one cell ---------------------------------------------------------------------------


@pytest.mark.parametrize("between", ["\n", "/", "、", "，", ";", "；", " / "])
def test_a_second_number_in_the_phone_cell_goes_to_the_note_not_lost(db, tmp_path, between):
    path = write_xlsx(tmp_path / "two.xlsx", [
        [*ROSTER, "备注"],
        ["张三", make_id(3), "黉门社区", "社区工作者", f"13912345678{between}(028)8888-6666", None],
        ["李四", make_id(4), "黉门社区", "社区工作者", f"028-88886666{between}139 1234 5679", "党小组长"],
    ])  # fmt: skip
    rows = by_row(plan_import(db, path, today=TODAY))
    assert [rows[n].action for n in (2, 3)] == [Action.NEW, Action.NEW], rows[2].reason() + rows[3].reason()
    assert (rows[2].values["phone"], rows[2].values["note"]) == ("13912345678", "其他电话：028-88886666")
    assert (rows[3].values["phone"], rows[3].values["note"]) == (
        "13912345679",
        "党小组长；其他电话：028-88886666",
    )
    assert rows[2].notices == ["联系电话有 2 个号码：13912345678 作为联系电话，028-88886666 写入备注"]


def test_a_number_marked_dead_is_not_the_phone_and_every_remark_goes_with_its_number(db, tmp_path):
    """A trial: 13912345678（已停机）/13812345678 made the stopped number the phone and lost 已停机."""
    path = write_xlsx(tmp_path / "dead.xlsx", [
        [*ROSTER, "备注"],
        ["张三", make_id(8), "黉门社区", "社区工作者", "13912345678（已停机）/13812345678", "本人备注"],
        ["李四", make_id(9), "黉门社区", "社区工作者", "13912345670（微信同号）、028-88886666（办）", None],
    ])  # fmt: skip
    rows = by_row(plan_import(db, path, today=TODAY))
    assert [rows[n].action for n in (2, 3)] == [Action.NEW, Action.NEW], rows[2].reason() + rows[3].reason()
    assert (rows[2].values["phone"], rows[2].values["note"]) == (
        "13812345678",
        "本人备注；其他电话：13912345678（已停机）",
    )
    assert (rows[3].values["phone"], rows[3].values["note"]) == (
        "13912345670",
        "其他电话：028-88886666（办）；电话备注：微信同号",
    )


def test_the_same_number_twice_is_one_and_a_cell_with_something_else_is_still_refused(db, tmp_path):
    path = write_xlsx(tmp_path / "two.xlsx", [
        ROSTER,
        ["张三", make_id(5), "黉门社区", "社区工作者", "13912345678/139-1234-5678"],
        ["李四", make_id(6), "黉门社区", "社区工作者", "13912345678/见备注"],
    ])  # fmt: skip
    rows = by_row(plan_import(db, path, today=TODAY))
    assert rows[2].action == Action.NEW and rows[2].values["phone"] == "13912345678"
    assert rows[2].values["note"] is None and rows[2].notices == []
    assert rows[3].action == Action.REJECT and rows[3].problems[0].column == "联系电话"


def test_a_known_persons_note_keeps_what_it_says_and_gains_the_other_number_once(db, tmp_path, community):
    number = make_id(7)
    create_person(db, {"role": "community_worker", "name": "张三", "id_number": number, "unit_id": community,
                       "note": "老同志"}, "测试员")  # fmt: skip
    path = write_xlsx(
        tmp_path / "two.xlsx",
        [ROSTER, ["张三", number, "黉门社区", "社区工作者", "13912345678\n028-88886666"]],
    )
    (row,) = plan_import(db, path, today=TODAY).rows
    assert row.action == Action.UPDATE
    assert row.changes == {
        "phone": (None, "13912345678"),
        "note": ("老同志", "老同志；其他电话：028-88886666"),
    }
    db["people"].update(row.person_id, {"phone": "13912345678", "note": "老同志；其他电话：028-88886666"})
    (again,) = plan_import(db, path, today=TODAY).rows
    assert again.action == Action.UNCHANGED and again.notices == []


def test_a_note_too_full_for_the_other_number_refuses_the_row_with_the_fix(db, tmp_path):
    path = write_xlsx(tmp_path / "full.xlsx", [
        [*ROSTER, "备注"],
        ["张三", make_id(8), "黉门社区", "社区工作者", "13912345678\n028-88886666", "备" * 1995],
    ])  # fmt: skip
    (row,) = plan_import(db, path, today=TODAY).rows
    assert row.action == Action.REJECT and row.values == {} and "备注已经写满" in row.reason()


# --- 5. two phone columns ---------------------------------------------------------------------------------------

PHONES = ["姓名", "身份证号", "所在社区", "人员类别", "联系电话", "手机号码"]


def test_a_mobile_column_and_a_landline_column_are_both_kept(db, tmp_path):
    path = write_xlsx(tmp_path / "phones.xlsx", [
        PHONES,
        ["张三", make_id(9), "黉门社区", "社区工作者", "028-88886666", "13912345678"],
        ["李四", make_id(10), "黉门社区", "社区工作者", None, "13912345679"],
        ["王五", make_id(11), "黉门社区", "社区工作者", "13912345670", "139-1234-5670"],
        ["赵六", make_id(12), "黉门社区", "社区工作者", "13912345671", "/"],
    ])  # fmt: skip
    plan = plan_import(db, path, today=TODAY)
    rows = by_row(plan)
    assert not plan.rejected(), [r.reason() for r in plan.rejected()]
    assert (rows[2].values["phone"], rows[2].values["note"]) == ("13912345678", "其他电话：028-88886666")
    assert rows[2].notices == ["联系电话有 2 个号码：13912345678 作为联系电话，028-88886666 写入备注"]
    assert [(rows[n].values["phone"], rows[n].values["note"]) for n in (3, 4, 5)] == [
        ("13912345679", None), ("13912345670", None), ("13912345671", None),
    ]  # fmt: skip
    assert plan.notices == [
        "“联系电话”与“手机号码”（第5列和第6列）都是电话：手机号码作为联系电话，另一个号码写入备注",
        "表格中没有“状态”列：新增的人员按“在岗”登记，在册人员的状态不变",
    ]
    assert plan.unknown_columns == []


def test_an_office_phone_column_beside_the_mobile_is_read_too(db, tmp_path):
    path = write_xlsx(tmp_path / "office.xlsx", [
        ["姓名", "身份证号", "所在社区", "人员类别", "手机", "办公电话"],
        ["张三", make_id(13), "黉门社区", "社区工作者", "13912345678", "(028)8888-6666"],
        ["李四", make_id(14), "黉门社区", "社区工作者", "13912345679", "见备注"],
    ])  # fmt: skip
    rows = by_row(plan_import(db, path, today=TODAY))
    assert rows[2].action == Action.NEW and rows[2].values["note"] == "其他电话：028-88886666"
    assert rows[3].action == Action.REJECT
    assert [(p.column, p.value) for p in rows[3].problems] == [("办公电话", "见备注")]


def test_two_phone_columns_of_the_same_header_that_disagree_still_refuse_the_person(db, tmp_path):
    path = write_xlsx(tmp_path / "same.xlsx", [
        ["姓名", "身份证号", "所在社区", "人员类别", "联系电话", "联系电话"],
        ["张三", make_id(15), "黉门社区", "社区工作者", "13912345678", "028-88886666"],
    ])  # fmt: skip
    (row,) = plan_import(db, path, today=TODAY).rows
    assert row.action == Action.REJECT and "不一致" in row.reason()


# --- 6. what a tester's real street rosters held in the phone cell ----------------------------------------------


@pytest.mark.parametrize(
    "written", ["028-85130001转801", "028-85130001 转 801", "(028)8513-0001转801", "02885130001转801"]
)
def test_an_office_landline_with_its_extension_after_zhuan_is_kept_with_it(written):
    assert normalize_phone(written) == "028-85130001转801" and phone_problem(written) == ""


@pytest.mark.parametrize("written", ["13912345678转801", "028-85130001转", "028-85130001转分机", "转801"])
def test_zhuan_after_something_that_is_not_a_landline_is_still_refused(written):
    assert phone_problem(written).startswith(f"联系电话“{written}”")


def test_an_extension_is_within_the_phone_cells_length_and_imports(db, tmp_path):
    from app.exchange.limits import FIELD_MAX_CHARS

    assert len("028-85130001 转 801") <= FIELD_MAX_CHARS["phone"]
    path = write_xlsx(
        tmp_path / "ext.xlsx",
        [ROSTER, ["张三", make_id(16), "黉门社区", "社区工作者", "028-85130001 转 801"]],
    )
    (row,) = plan_import(db, path, today=TODAY).rows
    assert row.action == Action.NEW and row.values["phone"] == "028-85130001转801", row.reason()


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("13980160005（微信同号）", "13980160005"),
        ("13980160005(本人)", "13980160005"),
        ("028-85550000（办）", "028-85550000"),
        ("(028)8555-0000 （办公室）", "028-85550000"),
        ("028-85130001转801（办）", "028-85130001转801"),
    ],
)
def test_a_remark_in_brackets_after_the_number_is_not_part_of_it(written, stored):
    assert normalize_phone(written) == stored and phone_problem(written) == ""


@pytest.mark.parametrize(
    "written", ["（微信同号）", "13980160005（或13880160005）", "微信同号（13980160005）"]
)
def test_brackets_that_are_not_a_remark_after_a_number_are_still_refused(written):
    assert phone_problem(written).startswith("联系电话“")


def test_a_roster_whose_phones_carry_remarks_imports_the_numbers(db, tmp_path):
    path = write_xlsx(tmp_path / "remarks.xlsx", [
        ROSTER,
        ["张三", make_id(17), "黉门社区", "社区工作者", "13980160005（微信同号）"],
        ["李四", make_id(18), "黉门社区", "社区工作者", "13980160006(本人)\n028-85550000（办）"],
    ])  # fmt: skip
    rows = by_row(plan_import(db, path, today=TODAY))
    assert [rows[n].action for n in (2, 3)] == [Action.NEW, Action.NEW], rows[2].reason() + rows[3].reason()
    assert rows[2].values["phone"] == "13980160005" and rows[2].values["note"] == "电话备注：微信同号"
    assert (rows[3].values["phone"], rows[3].values["note"]) == (
        "13980160006",
        "其他电话：028-85550000（办）；电话备注：本人",  # each number's remark kept with it
    )


@pytest.mark.parametrize(
    ("written", "numbers"),
    [
        ("13980050004 13880050004", ["13980050004", "13880050004"]),
        ("028-85550000 13980050004", ["13980050004", "028-85550000"]),
        ("13980050004 13880050004/13780050004", ["13980050004", "13880050004", "13780050004"]),
    ],
)
def test_phones_one_space_apart_are_several_numbers_as_between_other_separators(written, numbers):
    from app.people.validation import several_phones

    assert several_phones(written) == numbers
    assert phone_problem(written).startswith(f"联系电话“{written}”中有 {len(numbers)} 个号码，只能填一个")


@pytest.mark.parametrize(
    "written", ["139 8005 0004", "028 8555 0000", "13980050004 85550000", "13980050004 028"]
)
def test_a_space_inside_one_number_or_before_what_is_no_phone_of_its_own_does_not_split(written):
    from app.people.validation import several_phones

    assert several_phones(written) is None


@pytest.mark.parametrize("written", ["13980050004 1388005000", "139 8005 000", "13980050004\n见备注"])
def test_a_refused_phone_is_quoted_as_written_not_as_its_digits_joined(written):
    shown = written.replace("\n", " ")
    assert phone_problem(written).startswith(f"联系电话“{shown}”格式不对")


def test_a_roster_with_two_mobiles_one_space_apart_keeps_both(db, tmp_path):
    path = write_xlsx(tmp_path / "spaced.xlsx", [
        ROSTER,
        ["张三", make_id(19), "黉门社区", "社区工作者", "13980050004 13880050004"],
        ["李四", make_id(20), "黉门社区", "社区工作者", "13980050005 1388005000"],
    ])  # fmt: skip
    rows = by_row(plan_import(db, path, today=TODAY))
    assert rows[2].action == Action.NEW, rows[2].reason()
    assert (rows[2].values["phone"], rows[2].values["note"]) == ("13980050004", "其他电话：13880050004")
    assert rows[3].action == Action.REJECT and "联系电话“13980050005 1388005000”格式不对" in rows[3].reason()


@pytest.mark.parametrize(
    ("written", "stored"),
    [("8555-1234", "85551234"), ("85551234", "85551234"), ("555-1234", "5551234"), ("8555.1234", "85551234")],
)
def test_a_local_landline_with_a_dash_is_read_like_the_same_digits_without(written, stored):
    assert normalize_phone(written) == stored and phone_problem(written) == ""


@pytest.mark.parametrize("written", ["0555-1234", "1555-1234", "85-551234", "8555-123", "8555-1234-801"])
def test_other_short_numbers_with_a_dash_are_still_refused(written):
    assert phone_problem(written).startswith(f"联系电话“{written}”")
