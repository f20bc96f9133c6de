"""What the person form and the roster import both refuse or tidy (a new-user trial, findings 9, 14 and 15): an age
no worker has, a 预备党员 of six years, a name that starts or ends with ·, a hyphen for ·, a mobile number of no
mobile segment, an ID text's '.0' that lost nothing; and the demo office keeps every rule."""

from __future__ import annotations

import datetime as dt

import pytest

from app.changes import ValidationError
from app.demo import build_demo
from app.exchange.plan import Action
from app.people.idnumber import looks_like_excel_number, parse_id_number
from app.people.service import create_person, update_person
from app.people.validation import clean_person, normalize_name, phone_problem
from db import migrations
from db.connection import open_memory
from tests.app.roster_office import ACTOR, TODAY, UNIT, commit, make_id, open_test_office, plan_rows, stored


@pytest.fixture
def office(tmp_path):
    opened = open_test_office(tmp_path)
    yield opened
    opened.close(backup_if_changed=False)


def _unit(office) -> int:
    return office.db.execute("SELECT id FROM org_units WHERE name = ?", [UNIT]).fetchone()[0]


@pytest.mark.parametrize(
    ("birth", "years"), [("20120108", 14), ("20101203", 15), ("19200109", 106), ("19261202", 100)]
)
def test_a_worker_under_16_or_of_100_and_over_is_refused_naming_the_age(office, tmp_path, birth, years):
    number = make_id(birth, 70)
    plan = plan_rows(office, tmp_path / "f05.xlsx", [
        ["姓名", "身份证号", "工作单位", "人员类别"], ["甲乡", number, UNIT, "社区工作者"],
    ])  # fmt: skip
    (problem,) = plan.rows[0].problems
    assert problem.column == "身份证号" and problem.value == number
    assert f"年龄 {years} 岁" in problem.message and problem.message.endswith("请核对公民身份号码")
    commit(office, plan)
    assert office.db.execute("SELECT count(*) FROM people WHERE id_number = ?", [number]).fetchone()[0] == 0


@pytest.mark.parametrize("birth", ["20101202", "19261203"])  # 16 today; 99 until tomorrow
def test_the_ages_at_the_edges_are_accepted(office, tmp_path, birth):
    plan = plan_rows(office, tmp_path / "edge.xlsx", [
        ["姓名", "身份证号", "工作单位", "人员类别"], ["甲乡", make_id(birth, 71), UNIT, "社区工作者"],
    ])  # fmt: skip
    assert plan.rows[0].action == Action.NEW, plan.rows[0].reason()


def test_the_person_form_refuses_the_age_too_but_lets_a_person_on_record_be_edited(office):
    data = {
        "role": "community_worker",
        "name": "甲乡",
        "id_number": make_id("20120108", 72),
        "unit_id": _unit(office),
    }
    with pytest.raises(ValidationError) as refused:
        create_person(office.db, data, ACTOR, today=TODAY)
    assert "年龄 14 岁" in refused.value.errors["id_number"]
    old = {**data, "name": "老张", "id_number": make_id("19260601", 73)}
    person = create_person(office.db, old, ACTOR, today=dt.date(2026, 1, 1)).record_id  # 99 then
    update_person(office.db, person, {"phone": "13912345678"}, ACTOR, today=TODAY)  # 100 now: kept
    assert stored(office, old["id_number"])["phone"] == "13912345678"
    with pytest.raises(ValidationError):
        update_person(office.db, person, {"id_number": make_id("19200109", 74)}, ACTOR, today=TODAY)


def test_a_probationary_member_who_joined_more_than_two_years_ago_is_refused(office, tmp_path):
    late, recent, edge = make_id("19900101", 90), make_id("19900101", 91), make_id("19900101", 92)
    plan = plan_rows(office, tmp_path / "f31.xlsx", [
        ["姓名", "身份证号码", "政治面貌", "入党时间", "工作单位", "人员类别"],
        ["丑匙", late, "中共预备党员", "2020.06", UNIT, "社工"],
        ["丑匚", recent, "预备党员", "2025.12", UNIT, "社工"],
        ["丑匛", edge, "中共预备党员", "2024-12-02", UNIT, "社工"],
    ])  # fmt: skip
    (refused,) = plan.rejected()
    assert refused.name == "丑匙" and refused.problems[0].column == "入党时间"
    assert refused.reason().endswith("预备期一般为一年，最长延长一年：请核对政治面貌或入党时间")
    commit(office, plan)
    assert stored(office, recent)["political_status"] == "中共预备党员"


@pytest.mark.parametrize("name", ["艾山·", "·艾山", "艾山.", "-艾山"])
def test_a_name_with_a_middle_dot_at_either_end_is_refused(name):
    data = {"role": "community_worker", "name": name, "id_number": make_id("19900101", 80), "unit_id": 1}
    with pytest.raises(ValidationError) as refused:
        clean_person(data, today=TODAY)
    assert "间隔号" in refused.value.errors["name"] or "数字或符号" in refused.value.errors["name"]


@pytest.mark.parametrize(
    ("written", "stored_as"),
    [
        ("阿依古丽-买买提", "阿依古丽·买买提"),
        ("阿依古丽 - 买买提", "阿依古丽·买买提"),
        ("阿卜杜拉.艾山", "阿卜杜拉·艾山"),
    ],
)
def test_a_hyphen_or_a_point_between_two_parts_is_the_middle_dot(written, stored_as):
    assert normalize_name(written) == stored_as


@pytest.mark.parametrize(
    ("phone", "segment"), [("12345678901", "123"), ("10086100861", "100"), ("1 2345678901", "123")]
)
def test_eleven_digits_of_no_mobile_segment_name_the_segment(phone, segment):
    assert phone_problem(phone) == (
        f"联系电话“{phone}”：号段“{segment}”不是手机号段（手机号以13至19开头），请核对号码"
    )


def test_a_short_number_still_gets_the_shape_of_a_mobile_number():
    assert "以1开头的11位数字" in phone_problem("1391234567")


@pytest.mark.parametrize("number", ["510107199001153254", "510107900113323"])
def test_an_id_text_with_a_point_zero_that_lost_nothing_is_its_digits(number):
    assert not looks_like_excel_number(f"{number}.0")
    assert parse_id_number(f"{number}.0", today=TODAY) == parse_id_number(number, today=TODAY)


@pytest.mark.parametrize("text", ["510107199001163000.0", "510107199001173200.0"])
def test_an_id_text_with_a_point_zero_whose_digits_may_be_lost_is_still_an_excel_number(text):
    """Zeros where digits were, or a float's noise that fits no check digit."""
    assert looks_like_excel_number(text)


def test_the_demo_office_keeps_every_rule_of_the_person_form():
    """The round trips import a demo office's export: each of its people must pass the checks of a new person."""
    db = open_memory()
    migrations.apply(db)
    build_demo(db, people=300)
    columns = ["role", "name", "id_number", "gender", "birth_date", "ethnicity", "education", "political_status",
               "party_join_date", "work_start_date", "post_start_date", "unit_id", "status"]  # fmt: skip
    for row in db.execute(f"SELECT {', '.join(columns)} FROM people").fetchall():
        clean_person(dict(zip(columns, row, strict=True)), today=dt.date.today())
