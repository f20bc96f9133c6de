"""Phone numbers as people write them are accepted and stored one way (a real messy roster lost three valid
people because their mobiles were written with dashes)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.exchange.plan import Action
from app.exchange.roster_import import plan_import
from app.office import open_office
from app.people.validation import normalize_phone, phone_problem
from app.units.service import create_unit


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("13912345678", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("139.1234.5678", "13912345678"),
        ("+86 139 1234 5678", "13912345678"),
        ("+86-139-1234-5678", "13912345678"),
        ("8613912345678", "13912345678"),
        ("0086 139 1234 5678", "13912345678"),
        ("１３９１２３４５６７８", "13912345678"),  # full-width digits
        ("(028)8888-6666", "028-88886666"),
        ("（028）88886666", "028-88886666"),
        ("028 8888 6666", "028-88886666"),
        ("028-88886666", "028-88886666"),
        ("0571-88886666", "0571-88886666"),
        ("010 6552 9988", "010-65529988"),
        ("028-88886666-123", "028-88886666-123"),
        ("88886666", "88886666"),
        ("", ""),
    ],
)
def test_phones_as_people_write_them_are_accepted_and_stored_one_way(written, stored):
    assert normalize_phone(written) == stored
    assert phone_problem(written) == ""


@pytest.mark.parametrize(
    "written", ["12345", "1391234567", "139123456789", "tel:139", "13912345678/13812345678", "20-1234"]
)
def test_what_is_not_a_phone_is_still_refused_and_quoted(written):
    assert phone_problem(written).startswith("联系电话“")


@given(st.integers(3, 9), st.integers(0, 999_999_999), st.sampled_from(["", "-", " ", ".", "+86 ", "+86-"]))
def test_any_mobile_in_any_common_spelling_comes_back_as_its_11_digits(second, rest, separator):
    number = f"1{second}{rest:09d}"
    prefix = separator if separator.startswith("+") else ""
    gap = "" if prefix else separator
    written = prefix + gap.join([number[:3], number[3:7], number[7:]])
    assert normalize_phone(written) == number


@pytest.mark.parametrize(
    "written", ["13912345678/028-88886666", "13912345678、13812345678", "139 1234 5678；138 1234 5678"]
)
def test_two_numbers_in_one_cell_are_refused_as_two(written):
    assert phone_problem(written).startswith(f"联系电话“{written}”中有 2 个号码，只能填一个")


def test_a_roster_with_dashed_phones_imports_those_people(tmp_path):
    from app.people.idnumber import check_digit

    rows = ["姓名,公民身份号码,工作单位,人员类别,联系电话"]
    for serial, phone in enumerate(["139-1234-5678", "139 1234 5679", "+86 139 1234 5670", "(028)8888-6666"]):
        first17 = f"11010119900101{serial:03d}"
        rows.append(f"张{'一二三四'[serial]},{first17 + check_digit(first17)},东门社区,社区工作者,{phone}")
    path = tmp_path / "roster.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    office = open_office(tmp_path / "office.db", lock=False)
    try:
        create_unit(office.db, {"name": "东门社区", "kind": "社区/村"}, "测试员")
        plan = plan_import(office.db, path)
        assert [r.action for r in plan.rows] == [Action.NEW] * 4, [r.reason() for r in plan.rows]
        assert [r.values["phone"] for r in plan.rows] == [
            "13912345678",
            "13912345679",
            "13912345670",
            "028-88886666",
        ]
    finally:
        office.close(backup_if_changed=False)


def test_an_extension_after_a_mobile_says_extensions_go_after_landlines():
    from app.people.validation import phone_problem

    said = phone_problem("13300002222 转 12")
    assert (
        said
        == "联系电话“13300002222 转 12”：手机号没有分机号，“转12”只能跟在固定电话后面；请只写手机号，分机号可写在备注中"
    )
