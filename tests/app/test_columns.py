"""app.exchange.columns: the header row found by its labels, whatever sits above it and however it is spelled."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.exchange.columns import (
    ALIASES,
    IMPORT_FIELDS,
    HeaderGuess,
    choose_sheet,
    find_header,
    guess_row,
    match_label,
    normalize_label,
)
from app.exchange.reader import Sheet, read_workbook
from app.people.fields import EXPORT_FIELDS
from tests.app.test_reader import DATA, HEADER, make_messy_roster


def test_import_fields_are_the_export_fields_in_order():
    assert tuple(EXPORT_FIELDS) == IMPORT_FIELDS
    assert len(IMPORT_FIELDS) == 19
    assert set(ALIASES) == set(IMPORT_FIELDS)


def test_every_export_label_is_an_alias_of_its_field():
    for field, label in EXPORT_FIELDS.items():
        assert ALIASES[field][0] == label
        assert match_label(label) == field


def test_no_label_names_two_fields():
    seen: dict[str, str] = {}
    for field, labels in ALIASES.items():
        for label in labels:
            key = normalize_label(label)
            assert seen.setdefault(key, field) == field, f"{label} names {seen[key]} and {field}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("姓 名", "姓名"),
        ("姓　名", "姓名"),  # full-width space
        ("公民身份\n号码", "公民身份号码"),  # a line break inside a merged header cell
        ("  出生年月\r\n", "出生年月"),
        ("*姓名", "姓名"),
        ("※联系电话", "联系电话"),
        ("＊政治面貌（必填）", "政治面貌"),
        ("学历(必填)*", "学历"),
        ("姓名：", "姓名"),
        ("备注:", "备注"),
        ("\ufeff姓名", "姓名"),
        ("ＩＤ", "id"),  # full-width Latin -> half-width, case-folded
        (None, ""),
        (12, "12"),
    ],
)
def test_normalize_label(raw, expected):
    assert normalize_label(raw) == expected


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("姓名", "name"), ("姓 名", "name"), ("名字", "name"), ("人员姓名", "name"),
        ("公民身份号码", "id_number"), ("身份证号", "id_number"), ("身份证号码", "id_number"), ("身份证", "id_number"),
        ("证件号码", "id_number"), ("公民身份号码（18位）", "id_number"),
        ("出生年月", "birth_date"), ("出生日期", "birth_date"), ("出生年月日", "birth_date"),
        ("出生年月\n(格式：1990.01)", "birth_date"),
        ("工作单位", "unit"), ("所在单位", "unit"), ("所在社区", "unit"), ("单位", "unit"), ("单位名称", "unit"),
        ("所在街道社区", "unit"),
        ("人员类别", "role"), ("类别", "role"), ("身份", "role"), ("人员身份", "role"),
        ("联系电话", "phone"), ("手机", "phone"), ("手机号码", "phone"), ("电话", "phone"), ("联系方式", "phone"),
        ("参加工作时间", "work_start_date"), ("工作时间", "work_start_date"), ("参加工作日期", "work_start_date"),
        ("到岗时间", "post_start_date"), ("到岗日期", "post_start_date"), ("入职时间", "post_start_date"),
        ("入党时间", "party_join_date"), ("入党日期", "party_join_date"),
        ("政治面貌", "political_status"),
        ("学历", "education"), ("文化程度", "education"), ("最高学历", "education"),
        ("专业", "major"), ("所学专业", "major"),
        ("岗位", "position"), ("职务", "position"), ("现任职务", "position"), ("岗位职务", "position"),
        ("民族", "ethnicity"), ("性别", "gender"),
        ("来源渠道", "source"), ("来源", "source"), ("招录方式", "source"),
        ("状态", "status"), ("在岗状态", "status"), ("人员状态", "status"),
        ("社会工作者职业资格", "social_work_level"), ("社工资格", "social_work_level"),
        ("职业资格", "social_work_level"),
        ("备注", "note"),
        # What street rosters also write: 现…, …年月, the community as 社区（村）.
        ("现工作单位", "unit"), ("现单位", "unit"), ("所属社区", "unit"), ("社区（村）", "unit"), ("村（社区）", "unit"),
        ("所在村（社区）", "unit"), ("现职务", "position"), ("担任职务", "position"),
        ("入党年月", "party_join_date"), ("参加工作年月", "work_start_date"), ("到岗年月", "post_start_date"),
        ("聘用时间", "post_start_date"), ("移动电话", "phone"), ("联系手机", "phone"),
    ],
)  # fmt: skip
def test_match_label(label, field):
    assert match_label(label) == field


@pytest.mark.parametrize(
    "label",
    [
        "",
        None,
        "序号",
        "籍贯",
        "填报单位",
        "填报单位：浆洗街街道",
        "2024年社区工作者花名册",
        "姓名姓名",
        "()",
        3.5,
    ],
)
def test_labels_the_app_does_not_know(label):
    assert match_label(label) is None


# --- the header row -----------------------------------------------------------------------------------------------


def test_header_of_the_messy_roster(tmp_path):
    sheets = read_workbook(make_messy_roster(tmp_path / "roster.xlsx"))
    chosen = choose_sheet(sheets)
    assert chosen is not None
    sheet, guess = chosen
    assert sheet.name == "花名册"  # not the 填表说明 sheet in front of it, not the hidden one
    assert guess.row_index == 2  # Excel row 3: below the merged title and the 填报单位 row
    assert guess.mapping == {
        1: "name", 2: "gender", 3: "ethnicity", 4: "id_number", 5: "birth_date", 6: "political_status",
        7: "education", 8: "unit", 9: "role", 10: "phone", 11: "work_start_date", 13: "note",
    }  # fmt: skip
    assert guess.unknown == [(0, "序号"), (12, "籍贯")]
    assert guess.duplicates == []


def test_old_excel_fixture_header():
    sheet, guess = choose_sheet(read_workbook(DATA / "roster_old_excel.xls"))
    assert guess.row_index == 2
    assert guess.mapping[1] == "name" and guess.mapping[3] == "id_number"
    assert guess.unknown == [(0, "序号")]


def test_gbk_csv_fixture_header():
    sheet, guess = choose_sheet(read_workbook(DATA / "roster_gbk.csv"))
    assert guess.row_index == 0
    assert list(guess.mapping.values()) == [
        "name", "gender", "ethnicity", "id_number", "birth_date", "political_status", "education", "unit", "role",
        "phone",
    ]  # fmt: skip


def test_title_rows_that_mention_labels_are_not_the_header():
    rows = [
        ["2024年社区工作者花名册（姓名、身份证号码请核对）", None, None, None],
        ["填报单位：", "浆洗街街道", "填报日期：", dt.date(2024, 5, 20)],
        ["姓名", "公民身份号码", "联系电话", "单位"],
        ["王伟", "510107199003151236", "13800138000", "锦绣社区"],
    ]
    assert find_header(rows).row_index == 2


def test_header_without_id_column_needs_name_and_two_more():
    rows = [["花名册"], ["姓名", "性别", "学历"], ["王伟", "男", "本科"]]
    guess = find_header(rows)
    assert guess.row_index == 1 and set(guess.mapping.values()) == {"name", "gender", "education"}
    assert find_header([["姓名", "性别"], ["王伟", "男"]]) is None  # two labels are not enough
    assert find_header([["性别", "学历", "民族", "备注"]]) is None  # no name column, no header


def test_the_row_with_most_labels_wins_without_an_id_column():
    rows = [["姓名", "性别", "学历", None], ["姓名", "性别", "学历", "民族"]]
    assert find_header(rows).row_index == 1
    rows = [["姓名", "性别", "学历"], ["姓名", "性别", "民族"]]
    assert find_header(rows).row_index == 0  # a tie: the first


def test_name_and_id_row_wins_over_an_earlier_richer_row():
    rows = [["姓名", "性别", "学历", "民族", "备注"], ["姓名", "身份证号"]]
    assert find_header(rows).row_index == 1


def test_max_scan():
    rows = [["说明"]] * 40 + [["姓名", "身份证号"]]
    assert find_header(rows) is None
    assert find_header(rows, max_scan=50).row_index == 40


def test_duplicate_and_unknown_columns():
    guess = find_header([["姓名", "身份证号", "手机", "联系电话", "籍贯", None, "  ", "毕业院校", "姓 名"]])
    assert guess.mapping == {0: "name", 1: "id_number", 2: "phone"}
    assert guess.duplicates == [(3, "联系电话"), (8, "姓 名")]
    assert guess.unknown == [(4, "籍贯"), (7, "毕业院校")]


def test_header_text_in_unknown_is_readable():
    guess = find_header([["姓名", "身份证号", "家庭\n住址"]])
    assert guess.unknown == [(2, "家庭 住址")]


def test_guess_row_reads_any_row_the_user_points_at():
    guess = guess_row(["序号", "名字", "其他"], 5)
    assert guess == HeaderGuess(5, {1: "name"}, [(0, "序号"), (2, "其他")], [])
    assert guess.fields == {"name"}


def test_choose_sheet():
    notes = Sheet("说明", [["填表说明"], ["姓名一栏填写全名"]])
    weak = Sheet("汇总", [["姓名", "性别", "学历"]])
    strong = Sheet("花名册", [["标题"], ["姓名", "公民身份号码"]])
    assert choose_sheet([]) is None
    assert choose_sheet([notes]) is None
    assert choose_sheet([notes, weak])[0] is weak
    sheet, guess = choose_sheet([notes, weak, strong])
    assert sheet is strong and guess.row_index == 1
    assert choose_sheet([Sheet("空", [])]) is None


def test_header_of_our_own_export_maps_every_field():
    guess = find_header([list(EXPORT_FIELDS.values())])
    assert list(guess.mapping.values()) == list(IMPORT_FIELDS)
    assert guess.unknown == [] and guess.duplicates == []


def test_messy_header_labels_all_resolve():
    assert [match_label(h) for h in HEADER] == [
        None, "name", "gender", "ethnicity", "id_number", "birth_date", "political_status", "education", "unit",
        "role", "phone", "work_start_date", None, "note",
    ]  # fmt: skip


# --- hypothesis -----------------------------------------------------------------------------------------------------

any_label = st.one_of(
    st.sampled_from([label for labels in ALIASES.values() for label in labels]),
    st.sampled_from(["序号", "籍贯", "填报单位：", "合计", "注：", "姓 名", "*公民身份\n号码（必填）"]),
)
cell = st.one_of(
    st.none(),
    any_label,
    st.text(max_size=12),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(cell, max_size=8), max_size=12), st.integers(min_value=0, max_value=40))
def test_find_header_never_crashes_and_only_returns_a_name_column(rows, max_scan):
    guess = find_header(rows, max_scan)
    if guess is None:
        return
    assert 0 <= guess.row_index < min(len(rows), max_scan)
    assert "name" in guess.mapping.values()
    assert set(guess.mapping.values()) <= set(IMPORT_FIELDS)
    assert len(set(guess.mapping.values())) == len(guess.mapping)  # one column per field
    row = rows[guess.row_index]
    for column, field in guess.mapping.items():
        assert match_label(row[column]) == field
    for column, _text in guess.unknown + guess.duplicates:
        assert column not in guess.mapping
    sheets = [Sheet("x", rows)]
    assert choose_sheet(sheets) is not None


@settings(max_examples=300, deadline=None)
@given(cell)
def test_label_functions_never_raise(value):
    label = normalize_label(value)
    assert isinstance(label, str) and not any(ch.isspace() for ch in label)
    field = match_label(value)
    assert field is None or field in IMPORT_FIELDS
