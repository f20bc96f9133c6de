"""A month agrees with the days in it (a new-user trial, finding 8): 出生年月 1988.01 beside 出生日期 1988-01-01 is
one birth, and only a real difference refuses the row; how a month is told from a day."""

from __future__ import annotations

import datetime as dt

import pytest

from app.exchange.date_precision import month_only
from tests.app.roster_office import UNIT, commit, make_id, open_test_office, plan_rows, stored


@pytest.fixture
def office(tmp_path):
    opened = open_test_office(tmp_path)
    yield opened
    opened.close(backup_if_changed=False)


def test_a_birth_month_beside_the_birth_day_agrees_and_only_a_real_difference_is_refused(office, tmp_path):
    one, two, three = (make_id(f"198801{d:02d}", 60 + d) for d in (1, 15, 3))
    three = make_id("19880403", 63)
    plan = plan_rows(office, tmp_path / "f11.xlsx", [
        ["姓名", "公民身份号码", "出生年月", "出生日期", "工作单位", "人员类别"],
        ["钱一", one, "1988.01", "1988-01-01", UNIT, "社工"],
        ["钱二", two, "1988年1月", dt.date(1988, 1, 15), UNIT, "社工"],
        ["钱三", three, "1988.03", "1988-04-03", UNIT, "社工"],
        ["钱四", make_id("19880105", 64), "1988-01-05", "1988.01.06", UNIT, "社工"],
    ])  # fmt: skip
    refused = {r.name: r.reason() for r in plan.rejected()}
    assert sorted(refused) == ["钱三", "钱四"]
    assert "与“出生年月”列的“1988.03”不一致" in refused["钱三"]
    commit(office, plan)
    assert stored(office, two)["birth_date"] == "1988-01-15"


@pytest.mark.parametrize(
    ("raw", "month"),
    [("2010.07", True), ("2012年8月", True), ("201007", True), (2010.07, True), (201007, True), ("２０１０．７", True),
     ("2010.7.30", False), ("20100730", False), ("2010-07-01", False), (dt.date(2010, 7, 1), False),
     (40360.0, False), ("2010-07-01 00:00:00", False), (None, False)],
)  # fmt: skip
def test_a_month_is_told_from_a_day(raw, month):
    assert month_only(raw) is month


def test_a_day_written_out_on_the_first_is_that_day_and_must_agree_with_the_id(office, tmp_path):
    """A trial: 1985年3月1日 beside an ID of 1985-03-12 was taken as a month, so the contradiction went unsaid."""
    born_12th = [make_id("19850312", 70 + n) for n in range(6)]
    plan = plan_rows(office, tmp_path / "first.xlsx", [
        ["姓名", "公民身份号码", "出生日期", "工作单位", "人员类别"],
        ["孙一", born_12th[0], "1985年3月1日", UNIT, "社工"],
        ["孙二", born_12th[1], "19850301", UNIT, "社工"],
        ["孙三", born_12th[2], "1985.3.1", UNIT, "社工"],
        ["孙四", born_12th[3], "1985.03", UNIT, "社工"],  # a month: agrees with any day of it
        ["孙五", born_12th[4], "1985年3月", UNIT, "社工"],
        ["孙六", born_12th[5], "1985.4", UNIT, "社工"],
    ])  # fmt: skip
    refused = {r.name: r.reason() for r in plan.rejected()}
    assert sorted(refused) == ["孙一", "孙三", "孙二", "孙六"]
    assert (
        "出生日期填写为 1985-03-01，但公民身份号码" in refused["孙一"]
        and "请核对后改正其中之一" in refused["孙一"]
    )
    assert "出生日期填写为 1985年4月" in refused["孙六"]  # the month as written, not a day nobody wrote
