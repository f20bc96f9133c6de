"""Care ledgers as offices really keep them, read the way a clerk would check them: a date without its day, a
follow-up before the visit, a record dated before the person was born, and cells that belong to another kind of
record — each refused or kept with a message that says where and what to do, never silently changed or dropped."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from app.care.ledger import commit_ledger, plan_ledger
from app.exchange.plan import Action
from tests.app.test_care_cli import LEDGER_HEADER
from tests.app.test_care_service import ACTOR, db, id_born, people  # noqa: F401 (fixtures)

TODAY = dt.date(2026, 12, 1)
ZHANG = id_born("1990-06-15", 1)


def _plan(db, tmp_path: Path, rows: list[list[object]], header: list[str] = LEDGER_HEADER):  # noqa: F811
    path = tmp_path / "ledger.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([[*row, *[""] * (len(header) - len(row))] for row in rows])
    return plan_ledger(db, path, today=TODAY)


def _messages(row) -> str:
    return "".join(p.text() for p in row.problems)


@pytest.mark.parametrize("typed", ["2025.3", "2025年3月", "2025-3", "202503", "2025/03"])
def test_a_date_without_its_day_is_refused_not_read_as_the_first(db, people, tmp_path, typed):  # noqa: F811
    [row] = _plan(db, tmp_path, [[typed, "张三", ZHANG, "走访慰问", "节日慰问"]]).rows
    assert row.action == Action.REJECT
    assert "第2行" in _messages(row) and "只写到月，请写出是2025年3月几日" in _messages(row)


@pytest.mark.parametrize("typed", ["2025.3.5", "2025年3月5日", "2025/03/05", "20250305", "2025-03-05 10:30"])
def test_a_date_with_its_day_in_any_spelling_is_read(db, people, tmp_path, typed):  # noqa: F811
    [row] = _plan(db, tmp_path, [[typed, "张三", ZHANG, "走访慰问", "节日慰问"]]).rows
    assert row.action == Action.NEW and row.values["date"] == "2025-03-05"


def test_a_follow_up_month_without_its_day_is_refused_too(db, people, tmp_path):  # noqa: F811
    [row] = _plan(
        db, tmp_path, [["2025-03-05", "张三", ZHANG, "走访慰问", "节日慰问", "", "", "", "", "2025.4"]]
    ).rows
    assert row.action == Action.REJECT and "回访日期" in _messages(row) and "只写到月" in _messages(row)


def test_a_follow_up_before_the_visit_is_refused(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2025-06-10", "张三", ZHANG, "走访慰问", "节日慰问", "", "", "", "", "2025-06-01"],
        ["2025-06-10", "张三", ZHANG, "谈心谈话", "思想波动", "", "", "", "", "2025-06-09"],
        ["2025-06-11", "张三", ZHANG, "走访慰问", "生日慰问", "", "", "", "", "2025-06-11"],
    ]
    plan = _plan(db, tmp_path, rows)
    assert [r.action for r in plan.rows] == [Action.REJECT, Action.REJECT, Action.NEW]
    said = _messages(plan.rows[0])
    assert "第2行" in said and "回访日期" in said and "2025-06-01" in said and "早于" in said
    assert "2025-06-10" in said


def test_a_record_dated_before_the_person_was_born_is_refused(db, people, tmp_path):  # noqa: F811
    [row] = _plan(db, tmp_path, [["1900-01-01", "张三", ZHANG, "走访慰问", "其他"]]).rows
    assert row.action == Action.REJECT
    assert "早于" in _messages(row) and "1990-06-15" in _messages(row)


def test_cells_of_another_kind_of_record_are_kept_in_the_note_and_said(db, people, tmp_path):  # noqa: F811
    header = [*LEDGER_HEADER, "体检地点"]
    rows = [
        ["2025-10-08", "张三", ZHANG, "谈心谈话", "其他", "电话", "刘", "茶叶", "", "", "谈了工作"],
        ["2025-10-09", "张三", ZHANG, "事件", "岗位变动", "上门", "刘", "", "", "2025-10-20", ""],
        ["2025-10-07", "张三", ZHANG, "健康体检", "年度体检", "", "", "", "", "", "", "区医院"],
        ["2025-10-06", "张三", ZHANG, "走访慰问", "其他", "上门", "", "", "", "", "", "区医院"],
    ]
    plan = _plan(db, tmp_path, rows, header)
    assert all(r.action == Action.NEW for r in plan.rows)
    talk, event, check, visit = plan.rows
    assert talk.values["summary"] == "谈了工作；方式：电话；慰问品：茶叶"
    assert talk.values["talker"] == "刘"
    assert event.values["note"] == "方式：上门；走访人：刘；回访日期：2025-10-20"
    assert check.values["note"] == "类别：年度体检" and check.values["place"] == "区医院"
    assert visit.values["note"] == "体检地点：区医院"
    assert "已记入备注" in talk.note and "方式" in talk.note
    commit_ledger(db, plan, ACTOR)
    assert db.execute("SELECT summary FROM care_talks").fetchone()[0] == "谈了工作；方式：电话；慰问品：茶叶"


def test_a_blank_date_under_a_merged_cell_says_how_to_fix_it(db, people, tmp_path):  # noqa: F811
    plan = _plan(
        db,
        tmp_path,
        [["2025-10-20", "张三", ZHANG, "走访慰问", "年终慰问"], ["", "张三", ZHANG, "走访慰问", "生日慰问"]],
    )
    assert plan.rows[1].action == Action.REJECT
    assert "合并" in _messages(plan.rows[1])


def test_the_forms_refuse_a_follow_up_before_the_visit_or_talk_too(db, people):  # noqa: F811
    from app.care.edit import update_talk
    from app.care.service import TalkInput, VisitInput, record_talk, record_visit
    from app.changes import ValidationError

    visit = VisitInput([people["张三"]], "2026-03-10", "其他", follow_up_date="2026-03-01")
    with pytest.raises(ValidationError) as refused:
        record_visit(db, visit, ACTOR)
    assert "回访日期 2026-03-01 早于走访日期 2026-03-10" in refused.value.errors["follow_up_date"]
    talk = TalkInput(people["张三"], "2026-03-10", "其他", follow_up_date="2026-03-09")
    with pytest.raises(ValidationError, match="回访日期 2026-03-09 早于谈话日期"):
        record_talk(db, talk, ACTOR)
    talk_id = record_talk(db, TalkInput(people["张三"], "2026-03-10", "其他"), ACTOR).record_id
    with pytest.raises(ValidationError, match="回访日期 2026-03-09 早于谈话日期"):
        update_talk(db, talk_id, talk, ACTOR)
    assert db.execute("SELECT count(*), max(follow_up_date) FROM care_talks").fetchone() == (1, None)
    assert db.execute("SELECT count(*) FROM care_visits").fetchone()[0] == 0


@pytest.mark.parametrize("mark", ["/", "／", "-", "—", "——", "无", "暂无", "N/A"])
def test_a_mark_for_nothing_in_an_optional_cell_is_a_blank(db, people, tmp_path, mark):  # noqa: F811
    rows = [
        ["2025-11-01", "张三", ZHANG, "谈心谈话", "其他", mark, "刘", mark, mark, mark, "谈了"],
        ["2025-11-02", "张三", ZHANG, "走访慰问", "其他", mark, mark, mark, mark, mark, mark],
    ]
    talk, visit = _plan(db, tmp_path, rows).rows
    assert talk.action == visit.action == Action.NEW, _messages(talk) + _messages(visit)
    assert talk.values["summary"] == "谈了" and talk.values["follow_up_date"] is None and talk.note == ""
    assert visit.values["amount_fen"] == 0 and visit.values["method"] is None and visit.values["gift"] is None
    assert visit.values["note"] == mark  # the note is kept as typed


def test_a_mark_for_nothing_where_a_value_is_needed_is_still_refused(db, people, tmp_path):  # noqa: F811
    [row] = _plan(db, tmp_path, [["/", "张三", ZHANG, "走访慰问", "/"]]).rows
    assert row.action == Action.REJECT and "日期" in _messages(row) and "类别" in _messages(row)


@pytest.mark.parametrize(
    ("label", "what"),
    [
        ("慰问金额（元）", "amount"),
        ("慰问金额(元)", "amount"),
        ("金额/元", "amount"),
        ("金额（单位：元）", "amount"),
        ("金 额（元）", "amount"),
        ("日期（年月日）", "date"),
        ("走访（谈话）人", "who"),
        ("走访人员", "who"),
        ("慰问品名称", "gift"),
        ("记录类别", "type"),
        ("慰问对象", "name"),
        ("身份证号码", "id_number"),
        ("公民身份号码（18位）", "id_number"),
        ("序号", None),
        ("走访地点", "place"),
        ("金额（万元）", None),  # read as 元 it would be 10,000 times too small
    ],
)
def test_the_header_labels_offices_write_are_read(label, what):
    from app.care.ledger_header import what_label

    assert what_label(label) == what


def test_money_under_a_header_with_its_unit_is_read_to_the_fen(db, people, tmp_path):  # noqa: F811
    header = ["序号", "日期", "慰问对象", "身份证号码", "记录类别", "类别", "慰问金额（元）"]
    plan = _plan(
        db, tmp_path, [["1", "2025-10-01", "张三", ZHANG, "走访慰问", "节日慰问", "1,200.50元"]], header
    )
    assert plan.ignored == ["序号"] and plan.rows[0].values["amount_fen"] == 120050


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_numbered_template_rows_without_a_record_are_skipped_not_refused(db, people, tmp_path):  # noqa: F811
    header = ["序号", "日期", "姓名", "公民身份号码", "记录类型", "类别", "金额（元）"]
    rows = [
        header,
        [1, "2025-01-05", "张三", ZHANG, "走访慰问", "节日慰问", "100"],
        [2],
        [3],
        [None, None, None, None, None, None, "100"],  # a subtotal without its label
        ["小计", *[""] * 5, "100"],
        [4, "2025-01-06", "", "", "", "", "100"],  # a dated row is a record, refused for what it lacks
    ]
    plan = plan_ledger(db, _workbook(tmp_path / "台账.xlsx", {"1月": rows}), today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.REJECT]
    assert plan.skipped == {
        "没有日期、姓名、身份号码和记录类型的行（只有序号、无标题的小计等）": 3,
        "合计行": 1,
    }


def test_other_sheets_with_a_ledger_are_named_not_passed_over_in_silence(db, people, tmp_path):  # noqa: F811
    from app.care.ledger import describe_plan

    header = ["日期", "姓名", "公民身份号码", "记录类型", "类别"]
    sheets = {
        "说明": [["填表说明"]],
        "1月": [header, ["2025-01-05", "张三", ZHANG, "走访慰问", "节日慰问"]],
        "2月": [header, ["2025-02-05", "张三", ZHANG, "走访慰问", "节日慰问"]],
        "3月": [["三月台账"], header],
    }
    plan = plan_ledger(db, _workbook(tmp_path / "台账.xlsx", sheets), today=TODAY)
    assert plan.sheet == "1月" and plan.other_sheets == ["2月", "3月"]
    said = "\n".join(describe_plan(plan))
    assert "工作表“2月”“3月”也是台账，本次没有导入" in said and "另存" in said


def test_a_person_in_the_recycle_bin_is_named_with_the_way_back(db, people, tmp_path):  # noqa: F811
    db.execute("UPDATE people SET deleted_at = '2026-11-01T00:00:00+00:00' WHERE id = ?", [people["张三"]])
    [row] = _plan(db, tmp_path, [["2025-10-01", "张三", ZHANG, "走访慰问", "节日慰问"]]).rows
    assert row.action == Action.REJECT
    assert "“张三”在回收站中" in _messages(row) and "恢复" in _messages(row)


def test_a_commit_that_fails_half_way_leaves_nothing_behind(db, people, tmp_path, monkeypatch):  # noqa: F811
    import sqlite3

    from app.care import ledger

    rows = [
        ["2025-10-01", "张三", ZHANG, "事件", "丧事"],
        ["2025-10-03", "张三", ZHANG, "走访慰问", "婚丧嫁娶", "上门", "", "", "500"],
        ["2025-10-04", "张三", ZHANG, "健康体检"],
    ]
    plan = _plan(db, tmp_path, rows)
    real, calls = ledger.audit_create, []

    def failing(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real(*args, **kwargs)

    monkeypatch.setattr(ledger, "audit_create", failing)
    audits = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(sqlite3.OperationalError):
        commit_ledger(db, plan, ACTOR)
    for table in ("care_events", "care_visits", "care_visit_people", "care_health_checks"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audits


def test_a_header_without_the_record_type_that_could_be_either_says_what_to_add(db, people, tmp_path):  # noqa: F811
    from app.exchange.roster_import import PlanError

    # Neither the columns nor the title say whether these are visits or talks.
    header = ["序号", "日期", "姓名", "身份证号码", "类别", "备注"]
    path = _workbook(tmp_path / "台账.xlsx", {"关怀": [["2025年关心关爱台账"], header]})
    with pytest.raises(PlanError) as refused:
        plan_ledger(db, path, today=TODAY)
    said = str(refused.value)
    assert "没有“记录类型”列" in said and "看不出" in said and "事件、走访慰问、谈心谈话或健康体检" in said


@pytest.mark.parametrize(
    ("typed", "kind", "occasion"),
    [
        ("春节慰问", "节日慰问", "春节"),
        ("中秋节慰问", "节日慰问", "中秋"),
        ("端午", "节日慰问", "端午"),
        ("七一走访", "节日慰问", "七一"),
        ("生日", "生日慰问", None),
        ("住院慰问", "生病住院", None),
        ("生病", "生病住院", None),
        ("丧事慰问", "婚丧嫁娶", None),
        ("年终", "年终慰问", None),
        ("节日慰问", "节日慰问", None),
    ],
)
def test_a_visit_kind_in_everyday_words_is_read_and_said(db, people, tmp_path, typed, kind, occasion):  # noqa: F811
    [row] = _plan(db, tmp_path, [["2025-10-01", "张三", ZHANG, "走访慰问", typed]]).rows
    assert row.action == Action.NEW, _messages(row)
    assert (row.values["kind"], row.values["occasion"]) == (kind, occasion)
    assert (f"类别“{typed}”按“{kind}”" in row.note) == (typed != kind)


def test_an_event_kind_in_everyday_words_is_read_too(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2025-10-01", "张三", ZHANG, "事件", "住院"],
        ["2025-10-03", "张三", ZHANG, "走访慰问", "住院慰问"],
    ]
    event, visit = _plan(db, tmp_path, rows).rows
    assert event.values["kind"] == "生病住院" and visit.answers == -2


def test_an_unknown_kind_is_still_refused_with_the_choices(db, people, tmp_path):  # noqa: F811
    [row] = _plan(db, tmp_path, [["2025-10-01", "张三", ZHANG, "走访慰问", "送温暖"]]).rows
    assert row.action == Action.REJECT and "“送温暖”不是走访慰问的类别" in _messages(row)


def test_a_missing_id_number_names_the_roster_number_to_check_never_guesses(db, people, tmp_path):  # noqa: F811
    [row] = _plan(db, tmp_path, [["2025-10-01", "张 三", "", "走访慰问", "节日慰问"]]).rows
    assert row.action == Action.REJECT and row.person_id is None
    assert f"花名册中名叫“张三”的是 {ZHANG}" in _messages(row) and "核对后填入" in _messages(row)
    [nobody] = _plan(db, tmp_path, [["2025-10-01", "赵九", "", "走访慰问", "节日慰问"]]).rows
    assert "公民身份号码不能为空" in _messages(nobody) and "名叫" not in _messages(nobody)


def test_the_same_visit_twice_with_other_money_is_refused_not_dropped(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2025-06-13", "张三", ZHANG, "走访慰问", "节日慰问", "上门", "", "米", "30"],
        ["2025-06-13", "张三", ZHANG, "走访慰问", "节日慰问", "上门", "", "米", "30"],  # the same: skipped
        ["2025-06-13", "张三", ZHANG, "走访慰问", "节日慰问", "上门", "", "油", "50"],  # other money: refused
    ]
    first, same, other = _plan(db, tmp_path, rows).rows
    # All three are refused: the first imported, the advice (one row, the sum) would clash with it next time.
    assert (first.action, same.action, other.action) == (Action.REJECT,) * 3
    said = _messages(other)
    assert "第2行" in said and "30.00" in said and "50.00" in said and "合并" in said
    assert "第4行" in _messages(first) and "第4行" in _messages(same) and same.note == ""
    commit_ledger(db, _plan(db, tmp_path, rows[:1]), ACTOR)
    again = _plan(db, tmp_path, [rows[0], rows[2]]).rows
    assert again[0].action == Action.UNCHANGED and again[0].note == "数据库中已有这条记录，跳过"
    assert (
        again[1].action == Action.REJECT
        and "数据库中已有" in _messages(again[1])
        and "30.00" in _messages(again[1])
    )


def test_two_rows_of_one_visit_with_other_money_are_both_refused_so_merging_them_works(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2025-10-12", "张三", ZHANG, "走访慰问", "节日慰问", "上门", "", "月饼", "200"],
        ["2025-10-12", "张三", ZHANG, "走访慰问", "节日慰问", "上门", "", "月饼", "300"],
        ["2025-10-13", "张三", ZHANG, "走访慰问", "节日慰问", "上门", "", "月饼", "300"],
    ]
    plan = _plan(db, tmp_path, rows)
    assert [r.action for r in plan.rows] == [Action.REJECT, Action.REJECT, Action.NEW]
    assert "第3行" in _messages(plan.rows[0]) and "300.00" in _messages(plan.rows[0])
    assert "都没有导入" in _messages(plan.rows[0]) and "都没有导入" in _messages(plan.rows[1])
    commit_ledger(db, plan, ACTOR)
    merged = [["2025-10-12", "张三", ZHANG, "走访慰问", "节日慰问", "上门", "", "月饼", "500"], rows[2]]
    again = _plan(db, tmp_path, merged)
    assert [r.action for r in again.rows] == [Action.NEW, Action.UNCHANGED], [
        _messages(r) for r in again.rows
    ]


def test_a_health_checks_category_that_repeats_its_type_is_not_noted(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2025-10-07", "张三", ZHANG, "健康体检", "健康体检"],
        ["2025-10-08", "张三", ZHANG, "体检", "体检"],
    ]
    first, second = _plan(db, tmp_path, rows).rows
    assert first.values["note"] is None and second.values["note"] is None and first.note == second.note == ""


def test_what_a_csv_carries_from_excel_is_read(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2025-03-06", "张\u200b三", ZHANG, "走访慰问", "节日慰问"],  # a zero-width space pasted from the web
        [
            "2025-03-07",
            "张三",
            "'" + ZHANG,
            "走访慰问",
            "年终慰问",
        ],  # Excel's mark for text, kept by some tools
        ["45757", "张三", ZHANG, "走访慰问", "生日慰问"],  # a date column in General format: its serial
    ]
    plan = _plan(db, tmp_path, rows)
    assert [r.action for r in plan.rows] == [Action.NEW] * 3, [_messages(r) for r in plan.rows]
    assert plan.rows[2].values["date"] == "2025-04-10"
    assert plan.rows[0].name == "张三"


@pytest.mark.parametrize(
    ("record_type", "typed", "kind"),
    [
        ("谈心谈话", "思想波动谈话", "思想波动"),
        ("谈心谈话", "岗位调整", "岗位变动"),
        ("谈心谈话", "违纪", "违规违纪"),
        ("谈心谈话", "工作失误谈心", "工作失误"),
        ("事件", "岗位调动", "岗位变动"),
        ("事件", "去世", "丧事"),
        ("谈心谈话", "思想波动", "思想波动"),
    ],
)
def test_a_talk_reason_in_everyday_words_is_read(db, people, tmp_path, record_type, typed, kind):  # noqa: F811
    [row] = _plan(db, tmp_path, [["2025-10-01", "张三", ZHANG, record_type, typed]]).rows
    assert row.action == Action.NEW, _messages(row)
    assert row.values.get("reason", row.values.get("kind")) == kind


def test_a_sheet_of_the_workbook_can_be_chosen_by_name(db, people, tmp_path):  # noqa: F811
    from app.exchange.roster_import import PlanError

    header = ["日期", "姓名", "公民身份号码", "记录类型", "类别"]
    sheets = {
        "1月": [header, ["2025-01-05", "张三", ZHANG, "走访慰问", "节日慰问"]],
        "2月": [header, ["2025-02-05", "张三", ZHANG, "走访慰问", "生日慰问"]],
    }
    path = _workbook(tmp_path / "台账.xlsx", sheets)
    plan = plan_ledger(db, path, today=TODAY, sheet=" 2月")
    assert (
        plan.sheet == "2月" and plan.rows[0].values["date"] == "2025-02-05" and plan.other_sheets == ["1月"]
    )
    with pytest.raises(PlanError, match="没有名为“3月”的工作表，有：1月、2月"):
        plan_ledger(db, path, today=TODAY, sheet="3月")


def test_a_templates_instructions_sheet_with_a_sample_record_is_not_the_ledger(db, people, tmp_path):  # noqa: F811
    """填表说明 first, holding the ledger's header and a made-up example: the month's sheet is read, as the roster,
    score and training imports read theirs, and the instructions are not named as another ledger."""
    header = ["日期", "姓名", "公民身份号码", "记录类型", "类别"]
    sheets = {
        "填表说明": [
            ["示例如下"],
            header,
            ["2025-01-01", "张示例", "110101199001011237", "走访慰问", "节日慰问"],
        ],
        "1月": [header, ["2025-01-05", "张三", ZHANG, "走访慰问", "节日慰问"]],
    }
    plan = plan_ledger(db, _workbook(tmp_path / "台账.xlsx", sheets), today=TODAY)
    assert plan.sheet == "1月" and plan.other_sheets == [] and not plan.rejected()
    assert [r.action for r in plan.rows] == [Action.NEW]
