"""The words of care ledgers as offices write them: header labels (谈话时间, 被慰问人 …), a ledger of one kind
without a 记录类型 column, 记录类型 电话慰问 / 节日慰问, 方式 走访 — and messages that name the real problem
(two people in a row, a date without its year, 0.5万, 伍佰元), or say that a 健康体检 visit is no health check."""

from __future__ import annotations

import datetime as dt

import pytest

from app.care.ledger import commit_ledger, plan_ledger
from app.care.ledger_header import what_label
from app.exchange.plan import Action, PlanError
from tests.app.care_ledger_files import book, messages, said, text_file
from tests.app.test_care_service import ACTOR, db, id_born, people  # noqa: F401 (fixtures)

TODAY = dt.date(2026, 12, 1)
ZHANG, LI, WANG = id_born("1990-06-15", 1), id_born("1992-02-29", 2), id_born("1985-06-03", 3)
HEADER = ["日期", "姓名", "公民身份号码", "记录类型", "类别", "方式", "金额（元）", "备注"]


def _plan(db, tmp_path, rows, header=HEADER, title=None):  # noqa: F811
    lines = ([[title]] if title else []) + [header, *rows]
    return plan_ledger(db, text_file(tmp_path / "台账.csv", lines), today=TODAY)


# --- finding 11: messages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "number"),
    [("陶明、薛霞鑫", f"{ZHANG}、{LI}"), ("张三 李四", ZHANG), ("张三、李四", ZHANG), ("张三，李四", "")],
)
def test_two_people_in_a_row_are_told_to_split_it(db, people, tmp_path, name, number):  # noqa: F811
    [row] = _plan(db, tmp_path, [["2024-10-20", name, number, "走访慰问", "节日慰问", "", "400"]]).rows
    assert row.action == Action.REJECT
    said_ = messages(row)
    assert "每行只能填一人，请拆成两行（金额按人填写）" in said_ and f"“{name}”" in said_
    assert "18位" not in said_ and "不符" not in said_


def test_a_name_with_a_space_that_is_one_person_is_still_read(db, people, tmp_path):  # noqa: F811
    [row] = _plan(db, tmp_path, [["2024-10-20", "张 三", ZHANG, "走访慰问", "节日慰问"]]).rows
    assert row.action == Action.NEW and row.name == "张 三"


def test_a_date_without_its_year_says_so_and_names_the_titles_year(db, people, tmp_path):  # noqa: F811
    rows = [["3月5日", "张三", ZHANG, "走访慰问", "节日慰问"], ["3/6", "李四", LI, "走访慰问", "节日慰问"]]
    plan = _plan(db, tmp_path, rows, title="2024年度浆洗街街道走访慰问台账")
    assert "日期“3月5日”没有写年份" in messages(plan.rows[0]) and "请写成 2024-03-05" in messages(
        plan.rows[0]
    )
    assert "请写成 2024-03-06" in messages(plan.rows[1])
    [row] = _plan(db, tmp_path, rows[:1], title="关怀台账").rows
    assert "没有写年份" in messages(row) and "2024" not in messages(row) and "YYYY-03-05" in messages(row)


def test_a_title_year_ignores_the_date_the_sheet_was_filled_in(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2024年度走访慰问台账"],
        ["填报单位：浆洗街街道", None, None, None, "填报日期：2025年1月6日"],
        HEADER,
        ["3月5日", "张三", ZHANG, "走访慰问", "节日慰问"],
    ]
    [row] = plan_ledger(db, book(tmp_path / "台账.xlsx", rows), today=TODAY).rows
    assert "请写成 2024-03-05" in messages(row)


@pytest.mark.parametrize(
    ("typed", "says"),
    [("0.5万", "请写成 5000"), ("1.2万元", "请写成 12000"), ("伍佰元", "阿拉伯数字"), ("五百", "阿拉伯数字")],
)
def test_an_amount_in_wan_or_in_chinese_numerals_says_what_to_write(db, people, tmp_path, typed, says):  # noqa: F811
    [row] = _plan(db, tmp_path, [["2024-03-05", "张三", ZHANG, "走访慰问", "节日慰问", "", typed]]).rows
    assert row.action == Action.REJECT and says in messages(row) and f"“{typed}”" in messages(row)


# --- finding 12: the header's words and ledgers of one kind -------------------------------------


@pytest.mark.parametrize(
    ("label", "what"),
    [
        ("谈话时间", "date"),
        ("走访慰问时间", "date"),
        ("慰问对象姓名", "name"),
        ("被慰问人", "name"),
        ("被走访人", "name"),
        ("谈话对象姓名", "name"),
        ("对象姓名", "name"),
    ],
)
def test_more_labels_of_date_and_name_are_read(db, people, tmp_path, label, what):  # noqa: F811
    assert what_label(label) == what
    header = ["日期", "姓名", "身份证号码", "记录类型", "类别", "慰问金额（元）"]
    header[0 if what == "date" else 1] = label
    plan = _plan(db, tmp_path, [["2024-05-05", "张三", ZHANG, "走访慰问", "节日慰问", "100"]], header=header)
    assert plan.ignored == [] and plan.rows[0].action == Action.NEW


def test_a_visit_ledger_without_a_record_type_column_is_all_visits(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2024年走访慰问台账"],
        [
            "序号",
            "走访日期",
            "姓名",
            "公民身份号码",
            "慰问类型",
            "慰问方式",
            "走访人",
            "慰问品",
            "金额（元）",
            "备注",
        ],
        [1, "2024.9.1", "张三", ZHANG, "生病慰问", "上门", "王书记", "水果", 300, None],
    ]
    plan = plan_ledger(db, book(tmp_path / "走访.xlsx", rows), today=TODAY)
    assert "表中没有“记录类型”列" in said(plan) and "每一行都按“走访慰问”导入" in said(plan)
    assert "2024年走访慰问台账" in said(plan)
    commit_ledger(db, plan, ACTOR)
    assert db.execute("SELECT kind, method, visitors, amount_fen FROM care_visits").fetchall() == [
        ("生病住院", "上门", "王书记", 30000)
    ]


def test_a_talk_ledger_without_a_record_type_column_is_all_talks(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2024年谈心谈话记录表"],
        ["序号", "谈话时间", "谈话对象", "公民身份号码", "谈话原因", "谈话人", "谈话内容", "备注"],
        [1, "2024.9.2", "张三", ZHANG, "思想波动", "王书记", "谈工作压力", "已签字"],
    ]
    plan = plan_ledger(db, book(tmp_path / "谈话.xlsx", rows), today=TODAY)
    assert "每一行都按“谈心谈话”导入" in said(plan)
    commit_ledger(db, plan, ACTOR)
    assert db.execute("SELECT date, reason, talker, summary FROM care_talks").fetchall() == [
        ("2024-09-02", "思想波动", "王书记", "谈工作压力；已签字")
    ]


def test_a_title_alone_tells_the_kind_and_columns_against_the_title_refuse(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2024年谈心谈话记录"],
        ["日期", "姓名", "公民身份号码", "类别"],
        ["2024-9-2", "张三", ZHANG, "思想波动"],
    ]
    plan = plan_ledger(db, book(tmp_path / "a.xlsx", rows), today=TODAY)
    assert plan.rows[0].record_type == "谈心谈话" and "标题“2024年谈心谈话记录”" in said(plan)
    rows = [["2024年谈心谈话记录"], ["日期", "姓名", "公民身份号码", "类别", "慰问品"]]
    with pytest.raises(PlanError, match="看不出记录是走访慰问还是谈心谈话"):
        plan_ledger(db, book(tmp_path / "b.xlsx", rows), today=TODAY)


def test_record_types_written_as_a_kind_of_visit_are_visits(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2024-10-08", "张三", ZHANG, "电话慰问", "节日慰问", "", "100"],
        ["2024-10-09", "李四", LI, "节日慰问", "", "", "100"],
        ["2024-10-10", "王五", WANG, "春节慰问", "", "上门", "100"],
        ["2024-10-11", "王五", WANG, "电话慰问", "节日慰问", "上门", "100"],  # says 电话 and 上门: which?
    ]
    plan = _plan(db, tmp_path, rows)
    assert [r.action for r in plan.rows] == [Action.NEW] * 3 + [Action.REJECT]
    assert "与记录类型说的方式“电话”不一致" in messages(plan.rows[3])
    text = said(plan)
    assert "记录类型“电话慰问”按“走访慰问”读取（方式“电话”）：第2行" in text
    assert "记录类型“节日慰问”按“走访慰问”读取（类别“节日慰问”）：第3行" in text
    commit_ledger(db, plan, ACTOR)
    visits = db.execute("SELECT kind, occasion, method FROM care_visits ORDER BY date").fetchall()
    assert visits == [("节日慰问", None, "电话"), ("节日慰问", None, None), ("节日慰问", "春节", "上门")]


def test_method_zou_fang_is_in_person_and_video_is_refused_with_the_allowed_words(db, people, tmp_path):  # noqa: F811
    rows = [
        ["2024-10-08", "张三", ZHANG, "走访慰问", "节日慰问", "走访"],
        ["2024-10-09", "李四", LI, "走访慰问", "节日慰问", "视频"],
    ]
    plan = _plan(db, tmp_path, rows)
    assert plan.rows[0].action == Action.NEW and plan.rows[0].values["method"] == "上门"
    assert plan.rows[1].action == Action.REJECT and "可填：上门、电话、座谈、其他" in messages(plan.rows[1])


# --- finding 13: a 健康体检 visit ---------------------------------------------------------------


def test_a_health_check_visit_is_said_to_be_no_health_check_record(db, people, tmp_path):  # noqa: F811
    rows = [["2024-10-05", "张三", ZHANG, "走访慰问", "健康体检", "其他", "300", "单位组织体检费用"]]
    plan = _plan(db, tmp_path, rows)
    assert "第2行 张三 走访慰问：这是一次走访（类别 健康体检），不是体检记录" in said(plan)
    assert "关怀记录 → 健康体检" in said(plan)
    commit_ledger(db, plan, ACTOR)
    assert db.execute("SELECT count(*) FROM care_health_checks").fetchone() == (0,)


def test_a_list_with_a_date_before_the_ledger_does_not_hide_it(db, people, tmp_path):  # noqa: F811
    import openpyxl

    path = tmp_path / "台账.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "人员"
    for row in [["日期", "姓名", "公民身份号码", "备注"], ["2024-01-01", "张三", ZHANG, "在册"]]:
        workbook.active.append(row)
    ledger = workbook.create_sheet("台账")
    for row in [HEADER, ["2024-10-08", "张三", ZHANG, "走访慰问", "节日慰问"]]:
        ledger.append(row)
    workbook.save(path)
    plan = plan_ledger(db, path, today=TODAY)
    assert plan.sheet == "台账" and plan.rows[0].action == Action.NEW
