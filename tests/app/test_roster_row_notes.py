"""What the roster import says of a row beside its values (a new-user trial, findings 9, 14 and 15): the mark it
read as a name's ·, an ID number's '.0' it left off, the ID number of a row without a name; and a person on the
roster is not asked their age again."""

from __future__ import annotations

import pytest

from app.exchange.plan import Action
from app.people.service import create_person
from tests.app.roster_office import ACTOR, TODAY, UNIT, commit, make_id, open_test_office, plan_rows, stored


@pytest.fixture
def office(tmp_path):
    opened = open_test_office(tmp_path)
    yield opened
    opened.close(backup_if_changed=False)


def test_the_import_says_which_mark_it_read_as_the_middle_dot(office, tmp_path):
    hyphen, point = make_id("19850101", 81, True), make_id("19850101", 82)
    plan = plan_rows(office, tmp_path / "f17.xlsx", [
        ["姓名", "身份证号码", "工作单位", "人员类别"],
        ["阿依古丽-买买提", hyphen, UNIT, "社工"], ["阿卜杜拉.艾山", point, UNIT, "社工"],
        ["艾山·", make_id("19850101", 83), UNIT, "社工"], ["·艾山", make_id("19850101", 84), UNIT, "社工"],
    ])  # fmt: skip
    rows = {r.row: r for r in plan.rows}
    assert rows[2].notices == ["姓名“阿依古丽-买买提”中的“-”按间隔号“·”读作“阿依古丽·买买提”"]
    assert rows[3].notices == ["姓名“阿卜杜拉.艾山”中的“.”按间隔号“·”读作“阿卜杜拉·艾山”"]
    assert "末尾是间隔号" in rows[4].reason() and "开头是间隔号" in rows[5].reason()
    commit(office, plan)
    assert stored(office, hyphen)["name"] == "阿依古丽·买买提"


def test_an_id_text_whose_point_zero_lost_nothing_is_read_as_its_18_characters(office, tmp_path):
    number = "510107199001153254"
    plan = plan_rows(office, tmp_path / "f05.xlsx", [
        ["姓名", "身份证号", "工作单位", "人员类别"],
        ["甲乨", f"{number}.0", UNIT, "社工"],
        ["甲乩", "510107199001163000.0", UNIT, "社工"],  # digits Excel lost: zeros
        ["甲乪", "510107199001173200.0", UNIT, "社工"],  # noise of a float: no check digit fits
    ])  # fmt: skip
    first, lost, noise = plan.rows
    assert first.action == Action.NEW and first.id_number == number
    assert first.notices == [
        f"公民身份号码“{number}.0”末尾的“.0”不是号码的一部分（多是其他系统导出时带上的），号码完整，"
        f"按 {number} 读取；请在原表中删去“.0”"
    ]
    assert "丢失" in lost.reason() and "丢失" in noise.reason()
    commit(office, plan)
    assert stored(office, number)["name"] == "甲乨"


def test_a_row_without_a_name_says_the_id_number_it_has(office, tmp_path):
    number = make_id("19900101", 100)
    plan = plan_rows(office, tmp_path / "f15.xlsx", [
        ["姓名", "身份证号码", "工作单位", "人员类别"], [None, number, UNIT, "社工"], ["褚一", make_id("19900101", 101), UNIT, "社工"],
    ])  # fmt: skip
    assert plan.rows[0].problems[0].text() == (
        f"第2行“姓名”列：姓名不能为空（本行公民身份号码为 {number}），请补上此人的姓名"
    )


def test_a_person_on_the_roster_is_not_asked_their_age_again(office, tmp_path):
    """100 this year, on the roster since 99: the street's new phone number is taken, as the person form takes it."""
    number = make_id("19260601", 102)
    unit = office.db.execute("SELECT id FROM org_units WHERE name = ?", [UNIT]).fetchone()[0]
    create_person(office.db, {"role": "community_worker", "name": "老张", "id_number": number, "unit_id": unit,
                              "status": "退休"}, ACTOR, today=TODAY.replace(month=1))  # fmt: skip
    plan = plan_rows(office, tmp_path / "old.xlsx", [
        ["姓名", "公民身份号码", "联系电话"], ["老张", number, "13912345678"],
    ])  # fmt: skip
    assert plan.rows[0].action == Action.UPDATE, plan.rows[0].reason()
    commit(office, plan, update=True)
    assert stored(office, number)["phone"] == "13912345678"
