"""A sign-in sheet (签到表) without a 学时 column (trial finding 4), days written where 学时 go (finding 7), a
name shared by several people without an ID number and hours written in 小时 (finding 9): the attendance import
reads them as the clerk meant, refuses what cannot be known with the fix, and the database holds that."""

from __future__ import annotations

import openpyxl
import pytest

from app.exchange.plan import Action
from app.training.attendance import commit_attendance, plan_attendance
from app.training.attendance_report import write_attendance_report
from app.training.attendance_text import describe_plan
from tests.app.conftest import add_person
from tests.ids import make_id

ACTOR = "测试员"
NAMES = ["王佳雪", "周晶", "陶明", "刘丹飞", "余振晶", "孙雨"]
TOPIC = {"category": "专题培训", "start_date": "2026-12-01", "end_date": "2026-12-01", "hours": "6"}


@pytest.fixture
def db(db, pin_today):
    import datetime as dt

    pin_today(dt.date(2026, 12, 2))
    for i, name in enumerate(NAMES, 1):
        add_person(db, name, i)
    return db


def number(name: str) -> str:
    return make_id(NAMES.index(name) + 1)


def book(tmp_path, header: list, *rows: list, title: str | None = "2026年社区治理专题培训班签到表"):
    made = openpyxl.Workbook()
    if title:
        made.active.append([title])
    for row in (header, *rows):
        made.active.append(row)
    path = tmp_path / "签到表.xlsx"
    made.save(path)
    return path


SIGN_IN = ["序号", "姓名", "公民身份号码", "单位", "上午签到", "下午签到", "备注"]


def signed(tmp_path):
    return book(
        tmp_path,
        SIGN_IN,
        [1, "王佳雪", number("王佳雪"), "社区", "王佳雪", "王佳雪", None],
        [2, "周晶", number("周晶"), "社区", None, None, "请假"],
        [3, "陶明", number("陶明"), "社区", "缺勤", "缺勤", "缺勤"],
        [4, "刘丹飞", number("刘丹飞"), "社区", "刘丹飞", None, None],  # the morning only
        [5, "余振晶", number("余振晶"), "社区", None, None, None],  # signed nowhere, nothing said
        [6, "孙雨", number("孙雨"), "社区", "√", "√", "组长"],
    )


def stored(db) -> dict[str, tuple]:
    return {
        name: (hours, note)
        for name, hours, note in db.execute(
            "SELECT p.name, e.hours, e.note FROM enrolments e JOIN people p ON p.id = e.person_id"
        )
    }


def test_absences_on_a_sign_in_sheet_get_no_hours_and_rows_signed_in_part_are_refused(db, tmp_path):
    plan = plan_attendance(db, signed(tmp_path), "社区治理专题", TOPIC)
    assert [(r.row, r.name, r.action, r.hours, r.absence) for r in plan.rows] == [
        (3, "王佳雪", Action.NEW, "6", None),
        (4, "周晶", Action.NEW, "0", "请假"),
        (5, "陶明", Action.NEW, "0", "缺勤"),
        (6, "刘丹飞", Action.REJECT, None, None),
        (7, "余振晶", Action.REJECT, None, None),
        (8, "孙雨", Action.NEW, "6", None),
    ]
    refused = {p.row: p for r in plan.rejected() for p in r.problems}
    assert (
        refused[6].column == "下午签到" and "只在“上午签到”签了到，“下午签到”没有签到" in refused[6].message
    )
    assert "请在表中加一列“学时”，填写每人实际参训的学时（全程参加的填 6" in refused[6].message
    assert refused[7].column == "上午签到" and refused[7].message.startswith("没有签到")
    lines = describe_plan(plan)
    assert "  第4行 周晶：新增（请假，0 学时）" in lines and "  第5行 陶明：新增（缺勤，0 学时）" in lines
    assert any(line.startswith("表中没有“学时”列，按签到列（上午签到、下午签到）计") for line in lines)
    assert plan.ignored == ["序号", "单位"]  # 签到 and 备注 are read, not ignored
    commit_attendance(db, plan, ACTOR)
    assert stored(db) == {
        "王佳雪": ("6", None),
        "周晶": ("0", "请假"),
        "陶明": ("0", "缺勤"),
        "孙雨": ("6", None),
    }


def test_the_refused_rows_go_to_the_report_with_their_sign_in_cells(db, tmp_path):
    plan = plan_attendance(db, signed(tmp_path), "社区治理专题", TOPIC)
    out = tmp_path / "问题行.xlsx"
    assert write_attendance_report(plan, out) == 2
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == ("原行号", *SIGN_IN, "问题说明")
    assert [r[:4] for r in rows[1:]] == [
        (6, 4, "刘丹飞", number("刘丹飞")),
        (7, 5, "余振晶", number("余振晶")),
    ]
    assert (
        rows[1][5:7] == ("刘丹飞", None) and "第6行 刘丹飞“下午签到”列：只在“上午签到”签了到" in rows[1][-1]
    )


def test_a_typed_roster_with_empty_sign_in_columns_counts_everyone_but_its_noted_absences(db, tmp_path):
    path = book(
        tmp_path,
        SIGN_IN,
        [1, "王佳雪", number("王佳雪"), "社区", None, None, None],
        [2, "周晶", number("周晶"), "社区", None, None, "未参加"],
    )
    plan = plan_attendance(db, path, "社区治理专题", TOPIC)
    assert [(r.name, r.action, r.hours, r.absence) for r in plan.rows] == [
        ("王佳雪", Action.NEW, "6", None),
        ("周晶", Action.NEW, "0", "未参加"),
    ]
    assert "表中没有“学时”列：名单上的每人按培训班学时 6 计" in plan.notices
    assert any("签到列（上午签到、下午签到）都没有填写" in line for line in plan.notices)


def test_an_absence_beside_a_passing_result_is_refused_as_a_contradiction(db, tmp_path):
    path = book(
        tmp_path,
        ["姓名", "公民身份号码", "签到", "结果"],
        ["王佳雪", number("王佳雪"), "王佳雪", "合格"],
        ["周晶", number("周晶"), "请假", "合格"],
        title=None,
    )
    plan = plan_attendance(db, path, "社区治理专题", TOPIC)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.REJECT]
    (problem,) = plan.rows[1].problems
    assert problem.column == "结果" and "签到写的是“请假”，结果却是“合格”" in problem.message


@pytest.mark.parametrize("days", ["0.5天", "1.5天", "3天"])
def test_days_where_the_hours_go_are_explained_as_half_a_day_is(db, tmp_path, days):
    path = book(tmp_path, ["姓名", "公民身份号码", "学时"], ["王佳雪", number("王佳雪"), days], title=None)
    (problem,) = plan_attendance(db, path, "社区治理专题", TOPIC).rows[0].problems
    assert problem.message.startswith(f"学时“{days}”不能换算成学时数（半天可能是 3.5 或 4 学时")
    assert "不是数字" not in problem.message


def test_hours_written_in_xiaoshi_are_read_as_xueshi_and_said_once(db, tmp_path):
    path = book(
        tmp_path,
        ["姓名", "公民身份号码", "学时"],
        ["王佳雪", number("王佳雪"), "2小时"],
        ["周晶", number("周晶"), "4.5h"],
        ["陶明", number("陶明"), "3学时"],
        title=None,
    )
    plan = plan_attendance(db, path, "社区治理专题", TOPIC)
    assert [r.hours for r in plan.rows] == ["2", "4.5", "3"]
    said = [line for line in plan.notices if "小时" in line]
    assert said == [
        "注意：“学时”列中第2行“2小时”、第3行“4.5h”写的是小时，已按学时读取（1 小时算 1 学时）。1 学时常为 45 分钟，"
        "如果填的是实际小时数，请换算成学时后重新导入"
    ]
    plain = book(tmp_path, ["姓名", "公民身份号码", "学时"], ["陶明", number("陶明"), 3], title=None)
    assert not any("小时" in line for line in plan_attendance(db, plain, "社区治理专题", TOPIC).notices)


def test_a_shared_name_without_an_id_number_names_the_candidates(db, tmp_path):
    from app.people.idnumber import check_digit
    from app.people.service import create_person
    from app.units.service import create_unit

    west = create_unit(db, {"name": "西门社区", "kind": "社区/村"}, ACTOR).record_id
    other = "11010119951201040" + check_digit("11010119951201040")
    create_person(db, {"role": "community_worker", "name": "周晶", "id_number": other, "unit_id": west,
                       "status": "试用期"}, ACTOR)  # fmt: skip
    path = book(
        tmp_path,
        ["姓名", "公民身份号码", "学时"],
        ["周晶", None, 6],
        ["王佳雪", "", 6],
        title=None,
    )
    plan = plan_attendance(db, path, "社区治理专题", TOPIC)
    shared, single = (r.problems[0].message for r in plan.rows)
    assert shared.startswith(
        "公民身份号码不能为空（参训名单按号码对应花名册中的人员）；花名册中有 2 人名为“周晶”："
    )
    first, second = number("周晶"), other
    assert (
        f"周晶（东门社区，{first[6:10]}-{first[10:12]}-{first[12:14]} 出生，号码尾号 {first[-4:]}，在岗）"
        in shared
    )
    assert f"周晶（西门社区，1995-12-01 出生，号码尾号 {second[-4:]}，试用期）" in shared
    assert shared.endswith("请填入参训的那一位的公民身份号码")
    assert single.endswith(f"花名册中“王佳雪”的号码是 {number('王佳雪')}，核对无误请填入")
