"""app.exchange.cells: cells as text, rows that are not people, everyday words for enumerations, unit keys.

The last tests read back a roster our own export wrote (.xlsx and .csv) and check that every cell comes back as
the value that was exported."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.exchange.cells import (
    SKIP_REASONS,
    SYNONYMS,
    RowKinds,
    cell_text,
    cell_texts,
    normalize_choice,
    row_kind,
    unit_key,
    unit_path_parts,
)
from app.exchange.columns import choose_sheet, field_of_label, normalize_label
from app.exchange.reader import read_workbook
from app.people.fields import CHOICES, ETHNICITIES, EXPORT_FIELDS, Role
from app.people.idnumber import looks_like_excel_number
from tests.app.test_reader import HEADER, make_messy_roster

# --- cell_text ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("", ""),
        ("  王伟 ", "王伟"),
        ("\u3000王　伟\u3000", "王　伟"),  # inner padding is normalize_name's business
        ("\t510107199003151236", "510107199003151236"),  # our CSV export's tab before IDs and phones
        ("\t13800138000\r\n", "13800138000"),
        ("'=SUM(A1)", "=SUM(A1)"),  # our CSV export's formula guard
        ("'+8613800138000", "+8613800138000"),
        ("'-", "-"),
        ("'@张三", "@张三"),
        ("'90后", "'90后"),  # an apostrophe before anything else is the cell's own text
        ("\ufeff姓名", "姓名"),
        (True, "是"),
        (False, "否"),
        (0, "0"),
        (42, "42"),
        (-7, "-7"),
        (13800138000.0, "13800138000"),
        (1.0, "1"),
        (-0.0, "0"),
        (1990.1, "1990.1"),  # never '1990.10': the date parser decides what it means
        (2019.07, "2019.07"),
        (2.5, "2.5"),
        (0.1 + 0.2, "0.3"),  # Excel shows 15 significant digits
        (1e-05, "1e-05"),
        (5.10107199003151e17, "510107199003151000"),  # what Excel shows; callers reject IDs before this
        (1.234567890123457e19, "12345678901234600000"),
        (float("inf"), "inf"),
        (float("nan"), "nan"),
        (Decimal("3.50"), "3.5"),
        (dt.date(2019, 7, 1), "2019-07-01"),
        (dt.datetime(2019, 7, 1, 8, 30), "2019-07-01"),
        (dt.time(8, 30), "08:30:00"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_ids_stored_as_numbers_are_caught_before_cell_text():
    """cell_text turns the number into digits like any other; the ID column must be checked first."""
    raw = 5.10107199003151e17
    assert looks_like_excel_number(raw)
    assert not looks_like_excel_number(cell_text("510107199003151236"))


# --- row_kind ------------------------------------------------------------------------------------------------------

MAPPING = {1: "name", 2: "gender", 3: "id_number", 4: "unit"}
HEADERS = ["序号", "姓名", "性别", "公民身份号码", "工作单位"]
PERSON = [1, "王伟", "男", "510107199003151236", "锦绣社区"]


@pytest.mark.parametrize(
    ("cells", "kind"),
    [
        (PERSON, None),
        ([None, "李娜", None, None, None], None),  # sparse, but a person: the validator says what is missing
        ([None, None, None, None, None], "空行"),
        (["", " ", "\u3000", "\t", None], "空行"),
        ([], "空行"),
        (["合计", None, None, None, None], "合计行"),
        (["合 计", None, None, None, None], "合计行"),
        (["合计：35人", None, None, None, None], "合计行"),
        (["合计:", "35人", None, None, None], "合计行"),
        ([None, "总计", None, None, None], "合计行"),
        ([None, "小计（锦绣社区）", None, None, None], "合计行"),
        ([None, None, "共计12人", None, None], "合计行"),
        (["本页小计", None, None, None, None], "合计行"),
        (["合计", "", "", "", "35"], "合计行"),
        (["注：公民身份号码请设置为文本格式", None, None, None, None], "说明行"),
        ([None, "注:出生年月按1990.01填写", None, None, None], "说明行"),
        (["注1：", "身份证号码必须18位", None, None, None], "说明行"),
        (["说明：本表由街道汇总", None, None, None, None], "说明行"),
        (["备注：无", None, None, None, None], "说明行"),
        (["填表说明", None, None, None, None], "说明行"),
        (["填报说明：……", None, None, None, None], "说明行"),
        (["填表人：张三", None, "审核人：李四", None, None], "说明行"),
        (["单位（盖章）：", None, None, None, None], "说明行"),
        (
            ["单位负责人：李某", None, None, "审核人：王某", "填表人：赵某"],
            "说明行",
        ),  # into the ID column too
        (["一、党建指导员", None, None, None, None], "标题行"),  # a section's heading
        ([None, None, None, None, "（二）社区工作者"], "标题行"),
        ([3, None, None, None, None], "空行"),  # a numbered blank row
        (["4", None, None, None, None], "空行"),
        (HEADERS, "重复的表头"),
        (["序号", "姓 名", "性别", "身份证号码", "工作单位"], "重复的表头"),
        ([None, "姓名", None, "公民身份号码", None], "重复的表头"),
        # look-alikes that are people
        ([5, "注：王伟", "男", "510107199003151236", "锦绣社区"], None),  # the ID is filled
        ([5, "合计发", "男", None, None], None),
        ([5, "王伟", "男", None, "合计"], None),  # 合计 outside the first columns and the name column
        ([5, "姓名", "男", "510107199003151236", "锦绣社区"], None),  # one label is not a header
        ([None, None, None, "510107199003151236", None], None),  # a number alone: a person without a name
        (
            [
                None,
                None,
                None,
                None,
                "锦绣社区",
            ],
            "标题行",
        ),  # a community alone: no person in it
        ([3, None, "男", None, None], None),  # two cells: meant as a person, its problems are said
        (["填表人：张三", None, None, "510107199003151236", None], None),  # an ID number: a person's row
    ],
)
def test_row_kind(cells, kind):
    assert RowKinds(MAPPING, HEADERS, lone_cells=True).kind([cell_text(c) for c in cells]) == kind


def test_row_kind_with_cells_beyond_the_header():
    assert row_kind(["王伟", "510107199003151236", "x", "y"], {0: "name", 1: "id_number"}, ["姓名"]) is None
    assert row_kind(["合计"], {5: "name", 9: "id_number"}, HEADERS) == "合计行"


def test_skip_reasons_listed():
    assert set(SKIP_REASONS) == {"空行", "合计行", "说明行", "标题行", "重复的表头", "示例行"}


def test_rows_of_the_messy_roster(tmp_path):
    sheet, guess = choose_sheet(read_workbook(make_messy_roster(tmp_path / "roster.xlsx")))
    headers = [cell_text(h) for h in sheet.rows[guess.row_index]]
    kinds = {i + 1: row_kind(row, guess.mapping, headers) for i, row in enumerate(sheet.rows)}
    body = {row: kind for row, kind in kinds.items() if row > guess.row_index + 1}
    assert body == {
        4: None,
        5: None,
        6: "空行",
        7: None,
        8: "重复的表头",
        9: None,
        10: "合计行",
        11: "说明行",
    }
    assert headers == HEADER


# --- normalize_choice ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("political_status", "党员", "中共党员"),
        ("political_status", "中共党员", "中共党员"),
        ("political_status", "正式党员", "中共党员"),
        ("political_status", "中国共产党党员", "中共党员"),
        ("political_status", "预备党员", "中共预备党员"),
        ("political_status", "中共预备党员", "中共预备党员"),
        ("political_status", "团员", "共青团员"),
        ("political_status", "共青团员", "共青团员"),
        ("political_status", "青年团员", "共青团员"),
        ("political_status", "民革", "民主党派"),
        ("political_status", "中国民主同盟", "民主党派"),
        ("political_status", "民建会员", "民主党派"),
        ("political_status", "民进", "民主党派"),
        ("political_status", "农工党", "民主党派"),
        ("political_status", "致公党", "民主党派"),
        ("political_status", "九三学社", "民主党派"),
        ("political_status", "台盟", "民主党派"),
        ("political_status", "群众", "群众"),
        ("political_status", " 党 员 ", "中共党员"),
        ("education", "研究生", "研究生"),
        ("education", "硕士", "研究生"),
        ("education", "硕士研究生", "研究生"),
        ("education", "博士", "研究生"),
        ("education", "本科", "大学本科"),
        ("education", "大学", "大学本科"),
        ("education", "本科学历", "大学本科"),
        ("education", "全日制本科", "大学本科"),
        ("education", "在职大专学历", "大学专科"),
        ("education", "函授 本科", "大学本科"),
        ("education", "全日制研究生", "研究生"),
        ("political_status", "中共党员（预备）", "中共预备党员"),
        ("political_status", "党员(预备)", "中共预备党员"),
        ("education", "大专", "大学专科"),
        ("education", "专科", "大学专科"),
        ("education", "大专学历", "大学专科"),
        ("education", "中专", "中专"),
        ("education", "技校", "中专"),
        ("education", "职高", "中专"),
        ("education", "中技", "中专"),
        ("education", "高中", "高中及以下"),
        ("education", "初中", "高中及以下"),
        ("education", "小学", "高中及以下"),
        ("gender", "男", "男"),
        ("gender", "男性", "男"),
        ("gender", "女性", "女"),
        ("ethnicity", "汉", "汉族"),
        ("ethnicity", "汉族", "汉族"),
        ("ethnicity", "维吾尔", "维吾尔族"),
        ("ethnicity", "维族", "维吾尔族"),
        ("ethnicity", "蒙古", "蒙古族"),
        ("ethnicity", "土", "土族"),
        ("ethnicity", "土家", "土家族"),
        ("role", "党建指导员", "instructor"),
        ("role", "全职党建指导员", "instructor"),
        ("role", "专职党建指导员", "instructor"),
        ("role", "指导员", "instructor"),
        ("role", "instructor", "instructor"),
        ("role", "社区工作者", "community_worker"),
        ("role", "社工", "community_worker"),
        ("role", "社区专职工作者", "community_worker"),
        ("role", "专职社区工作者", "community_worker"),
        ("role", "青年干部", "reserve_cadre"),
        ("role", "后备干部", "reserve_cadre"),
        ("role", "年轻干部", "reserve_cadre"),
        ("role", "Community_Worker", "community_worker"),
        ("status", "在岗", "在岗"),
        ("status", "在职", "在岗"),
        ("status", "试用", "试用期"),
        ("status", "已退休", "退休"),
        ("status", "解除聘用", "解聘"),
        ("source", "招聘", "公开招聘"),
        ("source", "其它", "其他"),
        ("source", "选调生", "选调"),
        ("social_work_level", "助理社工师", "助理社会工作师"),
        ("social_work_level", "初级", "助理社会工作师"),
        ("social_work_level", "中级社工", "社会工作师"),
        ("social_work_level", "社会工作师（中级）", "社会工作师"),
        ("social_work_level", "社会工作师(中级)", "社会工作师"),
        ("social_work_level", "高级社工师", "高级社会工作师"),
        ("social_work_level", "无证", "无"),
        ("social_work_level", "没有", "无"),
        ("social_work_level", "无", "无"),
        ("education", "", ""),
        ("role", "  ", ""),
        ("name", " 王伟 ", "王伟"),  # not an enumeration: passed through
    ],
)
def test_normalize_choice(field, text, value):
    assert normalize_choice(field, text) == value


def test_every_canonical_value_is_accepted_as_itself():
    for field, values in CHOICES.items():
        for value in values:
            assert normalize_choice(field, value) == value
            assert normalize_choice(field, f" {value}\u3000") == value
    for role in Role:
        assert normalize_choice("role", role.label) == role.value
        assert normalize_choice("role", role.value) == role.value
    for name in ETHNICITIES:
        assert normalize_choice("ethnicity", name[:-1]) == name


def test_full_width_and_case_do_not_matter():
    assert normalize_choice("social_work_level", "社会工作师（中级）") == "社会工作师"
    assert normalize_choice("role", "ＩＮＳＴＲＵＣＴＯＲ") == "instructor"


@pytest.mark.parametrize(
    ("field", "text", "listed"),
    [
        ("political_status", "党", "中共党员、中共预备党员、共青团员、民主党派、群众"),
        ("education", "大学肄业", "研究生、大学本科、大学专科、中专、高中及以下"),
        ("gender", "未知", "男、女"),
        ("role", "网格员", "党建指导员、社区工作者、青年干部"),
        ("ethnicity", "穿青人", "56个民族"),
        ("status", "离职", "在岗、试用期、离岗、转岗、退休、解聘"),
        ("source", "内部调动", "公开招聘"),
        ("social_work_level", "证书", "助理社会工作师"),
    ],
)
def test_unknown_values_are_errors_not_guesses(field, text, listed):
    with pytest.raises(ValueError) as caught:
        normalize_choice(field, text)
    message = str(caught.value)
    assert f"“{text}”" in message and listed in message
    assert EXPORT_FIELDS[field] in message


@pytest.mark.parametrize("text", ["无党派人士", "无党派", "无 党 派 人 士"])
def test_no_party_is_not_silently_turned_into_masses(text):
    """无党派人士 is a status of its own; the app has no value for it, so the clerk decides (群众 + a note)."""
    with pytest.raises(ValueError) as caught:
        normalize_choice("political_status", text)
    assert "群众" in str(caught.value) and "备注" in str(caught.value)


def test_synonyms_map_to_allowed_values():
    for field, words in SYNONYMS.items():
        allowed = [r.value for r in Role] if field == "role" else CHOICES[field]
        assert set(words.values()) <= set(allowed), field


# --- unit names ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("锦绣社区", " 锦绣 社区 "),
        ("浆洗街街道（锦绣社区）", "浆洗街街道(锦绣社区)"),
        ("浆洗街街道【锦绣社区】", "浆洗街街道(锦绣社区)"),
        ("ABC小区", "ａｂｃ小区"),
        ("浆洗街街道 / 锦绣社区", "浆洗街街道/锦绣社区"),
        ("浆洗街街道／锦绣社区", "浆洗街街道/锦绣社区"),
        ("锦绣\u200b社区", "锦绣社区"),
    ],
)
def test_unit_key_same(a, b):
    assert unit_key(a) == unit_key(b)


def test_unit_key_keeps_the_whole_text():
    assert unit_key("浆洗街街道 / 锦绣社区") != unit_key("锦绣社区")
    assert unit_key("锦绣社区") != unit_key("锦绣一社区")
    assert unit_key("") == ""


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("浆洗街街道 / 锦绣社区", ["浆洗街街道", "锦绣社区"]),
        ("浆洗街街道/锦绣社区", ["浆洗街街道", "锦绣社区"]),
        ("浆洗街街道／锦绣社区", ["浆洗街街道", "锦绣社区"]),
        ("武侯区 / 浆洗街街道 / 锦绣社区", ["武侯区", "浆洗街街道", "锦绣社区"]),
        ("锦绣社区", ["锦绣社区"]),
        ("  锦绣社区（二） ", ["锦绣社区（二）"]),
        ("/锦绣社区/", ["锦绣社区"]),
        ("", []),
        ("  ", []),
    ],
)
def test_unit_path_parts(text, parts):
    assert unit_path_parts(text) == parts


# --- our own export reads back unchanged ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from app.demo import build_demo
    from app.exchange.roster_export import export_roster, export_rows
    from app.office import open_office

    folder = tmp_path_factory.mktemp("export")
    office = open_office(folder / "demo.db")
    build_demo(office.db, 60)
    with office.db.atomic():
        office.db.execute("UPDATE people SET note = '=SUM(A1)' WHERE id = 3")
        office.db.execute("UPDATE people SET note = '-已调出' WHERE id = 4")
        office.db.execute("UPDATE people SET note = '@张三' WHERE id = 5")
    rows = list(export_rows(office.db))
    files = {}
    for suffix in (".xlsx", ".csv"):
        files[suffix] = folder / f"花名册{suffix}"
        export_roster(office.db, files[suffix])
    office.close(backup_if_changed=False)
    return rows, files


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_exported_roster_reads_back_cell_for_cell(exported, suffix):
    rows, files = exported
    sheet, guess = choose_sheet(read_workbook(files[suffix]))
    assert guess.row_index == 0 and list(guess.mapping.values()) == list(EXPORT_FIELDS)
    assert guess.unknown == [] and guess.duplicates == []
    headers = [cell_text(h) for h in sheet.rows[0]]
    body = sheet.rows[1:]
    assert len(body) == len(rows)
    for raw, expected in zip(body, rows, strict=True):
        assert row_kind(raw, guess.mapping, headers) is None
        values = {field: raw[column] for column, field in guess.mapping.items()}
        assert not looks_like_excel_number(values["id_number"])
        for field, value in values.items():
            assert cell_text(value) == (expected[field] or ""), (suffix, field, value)
        for field in SYNONYMS:
            text = cell_text(values[field])
            wanted = expected[field] or ""
            if field == "role":
                wanted = Role.from_label(wanted).value
            assert normalize_choice(field, text) == wanted
        assert unit_path_parts(cell_text(values["unit"])) == [p.strip() for p in expected["unit"].split("/")]
    notes = {r["note"] for r in rows}
    assert {"=SUM(A1)", "-已调出", "@张三"} <= notes


# --- hypothesis ----------------------------------------------------------------------------------------------------

raw_cell = st.one_of(
    st.none(),
    st.text(max_size=15),
    st.text(alphabet="合计总小共注说明备：: 　\t'=+-@姓名身份证号码０１２", max_size=10),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
)


@settings(max_examples=400, deadline=None)
@given(raw_cell)
def test_cell_text_never_raises_and_is_stripped(value):
    text = cell_text(value)
    assert isinstance(text, str) and text == text.strip()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(raw_cell, max_size=10),
    st.dictionaries(st.integers(min_value=0, max_value=12), st.sampled_from(list(EXPORT_FIELDS)), max_size=6),
    st.lists(st.one_of(st.text(max_size=6), st.sampled_from(list(EXPORT_FIELDS.values()))), max_size=10),
)
def test_row_kind_never_raises(cells, mapping, headers):
    kind = row_kind(cells, mapping, headers)
    assert kind is None or kind in SKIP_REASONS
    if all(cell_text(c) == "" for c in cells):
        assert kind == "空行"


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from([*SYNONYMS, "name", "note", "unknown_field"]),
    st.one_of(
        st.text(max_size=12),
        st.sampled_from([word for words in SYNONYMS.values() for word in words]),
    ),
)
def test_normalize_choice_raises_only_value_error(field, text):
    try:
        value = normalize_choice(field, text)
    except ValueError as exc:
        assert field in SYNONYMS and str(exc)
        return
    if field in SYNONYMS and value:
        allowed = [r.value for r in Role] if field == "role" else CHOICES[field]
        assert value in allowed


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_unit_functions_never_raise(text):
    key = unit_key(text)
    assert not any(ch.isspace() for ch in key)
    parts = unit_path_parts(text)
    assert all(part and part == part.strip() and "/" not in part for part in parts)


_CELLS = st.lists(
    st.one_of(
        st.none(),
        st.text(alphabet=st.sampled_from(list("张三 'x=-+@\u200b\ufeff\u3000１Ａ:*（必填）")), max_size=8),
        st.text(max_size=6),
        st.dates(),
        st.datetimes(),
        st.integers(),
        st.floats(allow_nan=True),
        st.booleans(),
    ),
    max_size=8,
)


@given(_CELLS)
@settings(max_examples=400)
def test_cell_texts_is_cell_text_of_each_cell(cells):
    assert cell_texts(cells) == [cell_text(value) for value in cells]


@given(st.text(max_size=8))
@settings(max_examples=400)
def test_a_cell_restates_its_column_label_exactly_when_normalize_label_says_so(text):
    kinds = RowKinds({0: "name"}, ["姓名"])
    expected = field_of_label(normalize_label(text)) == "name" or normalize_label(text) == "姓名"
    assert kinds._restates(0, text) == expected


@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("合计小总共人数0１ \u0301e\u00e9ｶﾞ計计")), max_size=6),
        max_size=5,
    )
)
@settings(max_examples=400)
def test_the_quick_look_for_a_total_misses_no_total(texts):
    from app.exchange.cells import _is_total

    kinds = RowKinds({1: "name", 3: "id_number"}, ["序号", "姓名", "性别", "公民身份号码"])
    if not kinds._may_be_total(texts, len(texts)):
        assert not any(_is_total(texts[i]) for i in kinds.total_columns if i < len(texts))


def test_only_an_import_that_asks_skips_any_lone_cell_as_a_heading():
    """The care ledger says in its own words what a row of a 序号 alone lacks; a numbered heading is one in
    every import, in whichever column it stands."""
    assert row_kind([3, None, None, None, None], MAPPING, HEADERS) is None
    assert row_kind(["党建指导员", None, None, None, None], MAPPING, HEADERS) is None
    assert row_kind(["一、党建指导员", None, None, None, None], MAPPING, HEADERS) == "标题行"
    assert row_kind([None, "（二）社区工作者", None, None, None], MAPPING, HEADERS) == "标题行"


@pytest.mark.parametrize(
    "line",
    [
        "尾注：以上人员信息经本人核对。", "以上信息已经本人核实。", "上述人员均已公示", "联系电话：85551234",
        "负责人签字：", "负责人（签字）", "分管领导：王五", "填报日期：2025年12月1日",
    ],
)  # fmt: skip
def test_a_sign_off_line_under_the_roster_is_a_note_row(line):
    kinds = RowKinds({0: "name", 1: "id_number"}, ["姓名", "公民身份号码"], lone_cells=True)
    assert kinds.kind([line, ""]) == "说明行"


@given(st.text(alphabet=st.sampled_from(list("姓名字员工人张三李abcNAMEｎａｍｅ·")), min_size=1, max_size=5))
@settings(max_examples=300)
def test_the_quick_look_at_a_name_cell_agrees_with_the_full_one(text):
    kinds = RowKinds({1: "name", 3: "id_number"}, ["序号", "名字", "性别", "公民身份号码"])
    assert kinds.restates_name(text) == kinds._restates(1, text)


@pytest.mark.parametrize("post", ["负责人", "主要负责人", "分管领导", "联系人", "签字"])
def test_a_post_in_the_first_column_is_no_sign_off_line(post):
    # 职务 | 姓名 | 公民身份号码: a person without an ID number yet is refused, naming them, never skipped.
    kinds = RowKinds({1: "name", 2: "id_number"}, ["职务", "姓名", "公民身份号码", "工作考核"])
    assert kinds.kind([post, "张三", "", "90"]) is None
