"""A street's file about people the office already knows (a new-user trial, findings 4 and 7): a month (2010.07)
never overwrites the day on record (2010-07-30), and a 党员's 入党时间 beside a blank 政治面貌 is a 党员's."""

from __future__ import annotations

import datetime as dt

import pytest

from app.exchange.plan import Action
from tests.app.roster_office import UNIT, WANG, commit, make_id, open_test_office, plan_rows, stored


@pytest.fixture
def office(tmp_path):
    opened = open_test_office(tmp_path)
    yield opened
    opened.close(backup_if_changed=False)


HEADER = ["姓名", "公民身份号码", "政治面貌", "入党时间", "参加工作时间", "到岗时间", "联系电话"]


@pytest.mark.parametrize(
    ("party", "work", "post"),
    [
        ("2010.07", "2010.11", "2012年8月"),
        ("2010-07", "201011", "2012.8"),
        (2010.07, "2010/11", "2012年08月"),
    ],
)
def test_a_month_agreeing_with_the_day_on_record_is_no_change(office, tmp_path, party, work, post):
    """The phone is what the street meant to update: the exact days stay as the office has them."""
    plan = plan_rows(office, tmp_path / "f18.xlsx", [
        HEADER, ["王伟", WANG, "中共党员", party, work, post, "13800001111"],
    ])  # fmt: skip
    row = plan.rows[0]
    assert row.action == Action.UPDATE and list(row.changes) == ["phone"], row.changes
    commit(office, plan, update=True)
    person = stored(office, WANG)
    assert (person["party_join_date"], person["work_start_date"], person["post_start_date"]) == (
        "2010-07-30", "2010-11-08", "2012-08-29",
    )  # fmt: skip
    assert person["phone"] == "13800001111"


def test_another_month_or_an_exact_day_still_updates(office, tmp_path):
    plan = plan_rows(office, tmp_path / "other.xlsx", [
        HEADER, ["王伟", WANG, "中共党员", "2010.08", "2010-11-01", dt.date(2012, 8, 1), "13912345678"],
    ])  # fmt: skip
    assert plan.rows[0].changes == {
        "party_join_date": ("2010-07-30", "2010-08-01"),
        "work_start_date": ("2010-11-08", "2010-11-01"),
        "post_start_date": ("2012-08-29", "2012-08-01"),
    }
    commit(office, plan, update=True)
    assert stored(office, WANG)["work_start_date"] == "2010-11-01"


def test_a_party_members_join_date_beside_a_blank_political_status_keeps_the_one_on_record(office, tmp_path):
    """A party branch's list: 入党时间 and no 政治面貌 column (or a blank cell): 王伟 is a 中共党员 on record."""
    new = make_id("19871101", 50)
    no_column = plan_rows(office, tmp_path / "f47.xlsx", [
        ["姓名", "公民身份号码", "入党时间", "联系电话"],
        ["王伟", WANG, "2010.07", "13800002222"],
        ["郑强", new, "2009.12.15", "13800001111"],
    ])  # fmt: skip
    by_name = {r.name: r for r in no_column.rows}
    assert by_name["王伟"].action == Action.UPDATE and list(by_name["王伟"].changes) == ["phone"]
    assert "没有填写政治面貌" in by_name["郑强"].reason()  # a new person: who knows what 郑强 is
    blank_cell = plan_rows(office, tmp_path / "f06.xlsx", [
        ["姓名", "公民身份号码", "政治面貌", "入党时间", "工作单位"], ["王伟", WANG, None, "2010-07-30", UNIT],
    ])  # fmt: skip
    assert blank_cell.rows[0].action == Action.UNCHANGED, blank_cell.rows[0].reason()
    commit(office, no_column, update=True)
    person = stored(office, WANG)
    assert (person["political_status"], person["party_join_date"], person["phone"]) == (
        "中共党员", "2010-07-30", "13800002222",
    )  # fmt: skip


def test_a_join_date_beside_a_blank_status_of_someone_on_record_as_no_member_is_still_refused(
    office, tmp_path
):
    office.db.execute("UPDATE people SET political_status = '群众', party_join_date = NULL WHERE id_number = ?",
                      [WANG])  # fmt: skip
    plan = plan_rows(office, tmp_path / "masses.xlsx", [
        ["姓名", "公民身份号码", "政治面貌", "入党时间"], ["王伟", WANG, None, "2010.07"],
    ])  # fmt: skip
    assert plan.rows[0].reason() == (
        "填写了入党时间，但政治面貌是“群众”，不是中共党员或中共预备党员（本行没有填写政治面貌，在册为“群众”）"
    )
