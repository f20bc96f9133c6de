"""下载导入模板: written, then read back with openpyxl (styles, validations) and python-calamine (as the import reads)."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter
from python_calamine import CalamineWorkbook

from app.exchange.roster_export import ExportError
from app.exchange.template import (
    ENUMERATIONS,
    GUIDE_SHEET,
    OPTIONS_SHEET,
    REQUIRED_FIELDS,
    TEMPLATE_ROWS,
    TEMPLATE_SHEET,
    example_person,
    write_template,
)
from app.people.fields import CHOICES, DATE_FIELDS, EXPORT_FIELDS, ROLE_LABELS
from app.people.idnumber import check_digit, parse_id_number
from app.people.validation import clean_person

LABELS = list(EXPORT_FIELDS.values())
KEYS = list(EXPORT_FIELDS)
UNIT = "城关街道 / 东门社区"


def letter(key: str) -> str:
    return get_column_letter(KEYS.index(key) + 1)


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("template") / "模板.xlsx", example_unit=UNIT)


@pytest.fixture(scope="module")
def book(path):
    return openpyxl.load_workbook(path)


def guide_rows(book) -> dict[str, tuple]:
    """列名 -> (序号, 列名, 是否必填, 填写要求, 示例) from the 填写说明 table."""
    rows = {}
    for row in book[GUIDE_SHEET].iter_rows(min_row=5, values_only=True):
        if row[1] in LABELS:
            rows[row[1]] = row
    return rows


def test_roster_sheet_comes_first_with_the_19_export_labels_in_order(book):
    assert book.sheetnames[0] == TEMPLATE_SHEET
    assert book.active.title == TEMPLATE_SHEET
    sheet = book[TEMPLATE_SHEET]
    assert [c.value for c in sheet[1]] == LABELS
    assert sheet.freeze_panes == "B2"


def test_required_headers_are_red_with_a_note_and_the_text_is_the_bare_label(book):
    sheet = book[TEMPLATE_SHEET]
    for key, cell in zip(KEYS, sheet[1], strict=True):
        red = cell.font.color is not None and cell.font.color.rgb.endswith("C00000")
        assert red == (key in REQUIRED_FIELDS), key
        assert (cell.comment is not None) == (key in REQUIRED_FIELDS), key
        assert cell.value == EXPORT_FIELDS[key]
    assert set(REQUIRED_FIELDS) == {"name", "id_number", "unit", "role"}


@pytest.mark.parametrize("key", ["id_number", "phone", *DATE_FIELDS])
def test_id_phone_and_date_columns_are_text_for_every_template_row(book, key):
    sheet = book[TEMPLATE_SHEET]
    col = letter(key)
    assert sheet.column_dimensions[col].number_format == "@"
    formats = {sheet[f"{col}{row}"].number_format for row in range(2, TEMPLATE_ROWS + 2)}
    assert formats == {"@"}


def test_other_columns_keep_the_general_format(book):
    sheet = book[TEMPLATE_SHEET]
    assert sheet[f"{letter('name')}2"].number_format == "General"


def list_validations(sheet) -> dict[str, object]:
    """Column letter -> its list validation."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue
        for cell_range in validation.sqref.ranges:
            found[get_column_letter(cell_range.min_col)] = validation
    return found


def range_values(book, formula: str) -> list[str]:
    match = re.fullmatch(r"'?([^'!]+)'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    assert match, formula
    sheet_name, first_col, first_row, last_col, last_row = match.groups()
    assert first_col == last_col
    sheet = book[sheet_name]
    col = column_index_from_string(first_col)
    return [sheet.cell(r, col).value for r in range(int(first_row), int(last_row) + 1)]


def test_every_enumeration_has_a_drop_down_from_the_hidden_options_sheet(book):
    sheet = book[TEMPLATE_SHEET]
    validations = list_validations(sheet)
    expected = {**{k: list(v) for k, v in CHOICES.items()}, "role": list(ROLE_LABELS.values())}
    assert set(ENUMERATIONS) == set(expected)
    assert set(validations) == {letter(key) for key in expected}
    for key, allowed in expected.items():
        validation = validations[letter(key)]
        assert validation.formula1.startswith(f"'{OPTIONS_SHEET}'!"), key
        assert range_values(book, validation.formula1) == allowed, key
        (cell_range,) = validation.sqref.ranges
        assert (cell_range.min_row, cell_range.max_row) == (2, TEMPLATE_ROWS + 1)
        assert validation.showErrorMessage and validation.errorStyle == "stop"
        assert EXPORT_FIELDS[key] in validation.error and "下拉列表" in validation.error
        assert validation.allow_blank


def test_ethnicity_list_has_all_56_and_role_list_the_chinese_labels(book):
    validations = list_validations(book[TEMPLATE_SHEET])
    ethnicities = range_values(book, validations[letter("ethnicity")].formula1)
    assert len(ethnicities) == 56 and ethnicities[0] == "汉族"
    assert range_values(book, validations[letter("role")].formula1) == [
        "党建指导员",
        "社区工作者",
        "青年干部",
    ]


def test_options_sheet_is_hidden_and_protected(book):
    assert book[OPTIONS_SHEET].sheet_state == "hidden"
    assert book[OPTIONS_SHEET].protection.sheet
    assert book[GUIDE_SHEET].sheet_state == "visible"


def test_prompts_are_in_chinese_and_within_excels_limit(book):
    for validation in book[TEMPLATE_SHEET].data_validations.dataValidation:
        assert validation.showInputMessage
        assert validation.prompt and len(validation.prompt) <= 255
        assert validation.promptTitle in LABELS


def test_guide_explains_every_column_with_required_flag_and_formats(book):
    rows = guide_rows(book)
    assert list(rows) == LABELS
    for key, label in EXPORT_FIELDS.items():
        number, _, required, requirement, _ = rows[label]
        assert number == KEYS.index(key) + 1
        assert required == ("必填" if key in REQUIRED_FIELDS else "选填")
        assert requirement
    text = "\n".join(str(v) for row in book[GUIDE_SHEET].iter_rows(values_only=True) for v in row if v)
    for spelling in ("2019-07-01", "2019.7.1", "文本", UNIT, "街道 / 社区", "下拉列表"):
        assert spelling in text
    for value in ENUMERATIONS["education"]:
        assert value in rows["学历"][3]


def test_example_person_in_the_guide_is_valid_and_consistent(book):
    example = {key: guide_rows(book)[label][4] for key, label in EXPORT_FIELDS.items()}
    assert isinstance(example["id_number"], str)
    info = parse_id_number(example["id_number"])
    assert info.gender == example["gender"]
    assert info.birth_date.isoformat() == example["birth_date"]
    assert example["unit"] == UNIT
    for key, allowed in ENUMERATIONS.items():
        assert example[key] in allowed, key


def test_example_person_passes_the_person_validation():
    data = {k: v for k, v in example_person(UNIT).items() if k != "unit"}
    clean, info = clean_person({**data, "unit_id": 1}, today=dt.date(2025, 1, 1))
    assert clean["role"] == "community_worker"
    assert clean["birth_date"] == info.birth_date.isoformat()


def test_no_sheet_but_the_roster_has_a_row_that_could_pass_for_a_header(book):
    try:
        from app.exchange.columns import match_label
    except ImportError:  # the importer's label matching; without it, compare the bare labels
        match_label = {label: key for key, label in EXPORT_FIELDS.items()}.get
    for name in (GUIDE_SHEET, OPTIONS_SHEET):
        for row in book[name].iter_rows(values_only=True):
            assert sum(1 for v in row if v and match_label(v)) <= 1, (name, row)


def test_template_print_setup_is_landscape_a4_fit_to_width(book):
    sheet = book[TEMPLATE_SHEET]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1"


def test_columns_are_wide_enough_for_headers_and_ids(book):
    sheet = book[TEMPLATE_SHEET]
    assert sheet.column_dimensions[letter("id_number")].width >= 20
    assert sheet.column_dimensions[letter("social_work_level")].width >= 18
    assert sheet.column_dimensions[letter("unit")].width >= 28


def test_filled_in_template_reads_back_as_the_header_and_the_people_only(path, tmp_path):
    """What the import sees: no trailing blank rows from the formatted cells, IDs and dates as typed text."""
    book = openpyxl.load_workbook(path)
    sheet = book[TEMPLATE_SHEET]
    people = [
        example_person(UNIT),
        {**example_person(UNIT), "name": "王芳", "gender": "", "birth_date": "", "note": "=不是公式"},
    ]
    first17 = "510104" + "19881120" + "002"
    people[1]["id_number"] = first17 + check_digit(first17)
    people[1]["party_join_date"] = "2010.7"
    people[1]["post_start_date"] = "2019年7月1日"
    for row, person in enumerate(people, 2):
        for col, key in enumerate(KEYS, 1):
            if person[key]:
                sheet.cell(row, col).value = person[key]
                sheet.cell(row, col).data_type = "s"  # as typed into a text cell
    filled = tmp_path / "filled.xlsx"
    book.save(filled)

    rows = CalamineWorkbook.from_path(str(filled)).get_sheet_by_name(TEMPLATE_SHEET).to_python()
    assert rows[0] == LABELS
    assert len(rows) == 1 + len(people)
    for row in rows[1:]:
        data = dict(zip(KEYS, row, strict=True))
        assert isinstance(data["id_number"], str) and len(data["id_number"]) == 18
        for key, allowed in ENUMERATIONS.items():
            assert data[key] == "" or data[key] in allowed
        data.pop("unit")
        clean_person({**data, "unit_id": 1}, today=dt.date(2025, 1, 1))


def test_refuses_other_extensions_and_missing_folders(tmp_path):
    with pytest.raises(ExportError, match=r"\.xlsx"):
        write_template(tmp_path / "模板.xls")
    with pytest.raises(ExportError, match="不存在"):
        write_template(tmp_path / "nope" / "模板.xlsx")
    assert not list(tmp_path.iterdir())


def test_default_example_unit_and_returned_path(tmp_path):
    out = write_template(tmp_path / "t.xlsx")
    assert out == tmp_path / "t.xlsx"
    book = openpyxl.load_workbook(out)
    assert guide_rows(book)["工作单位"][4] == "某某街道 / 某某社区"
    assert not (tmp_path / "t.xlsx.part").exists()


def test_filled_in_template_plans_with_zero_problems(path, tmp_path):
    """The issue's promise, through the real importer: every filled-in row is 新增, nothing rejected or skipped."""
    roster_import = pytest.importorskip("app.exchange.roster_import")
    from app.office import open_office

    book = openpyxl.load_workbook(path)
    sheet = book[TEMPLATE_SHEET]
    second = "510104" + "19881120" + "002"
    people = [
        example_person(UNIT),
        {
            **example_person(UNIT),
            "name": "王芳",
            "id_number": second + check_digit(second),
            "gender": "",
            "birth_date": "",
            "party_join_date": "2010.7",
            "post_start_date": "2019年7月1日",
        },
    ]
    for row, person in enumerate(people, 2):
        for col, key in enumerate(KEYS, 1):
            if person[key]:
                sheet.cell(row, col).value = person[key]
    filled = tmp_path / "filled.xlsx"
    book.save(filled)

    office = open_office(tmp_path / "office.db")
    try:
        plan = roster_import.plan_import(office.db, filled, today=dt.date(2025, 1, 1))
    finally:
        office.close(backup_if_changed=False)
    assert plan.sheet == TEMPLATE_SHEET
    assert plan.unknown_columns == []
    assert plan.skipped == {}
    assert [(r.row, r.action.value, r.problems) for r in plan.rows] == [(2, "new", []), (3, "new", [])]
