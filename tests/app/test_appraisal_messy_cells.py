"""Score cells as clerks fill them: '85.5分', a '/' for "nothing here", '缺考' and '免考', float noise from a
formula, and the same person twice."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from app.appraisal.periods import find_period
from app.appraisal.rules import BUILTIN_SCHEMES
from app.appraisal.score_import import commit_score_import, describe_plan, plan_score_import
from app.exchange.plan import Action
from tests.app.test_appraisal_import import db  # noqa: F401 (fixture)
from tests.ids import make_id as _id
from tests.sheets import write_xlsx

KEY = "weighted-top20"
HEADER = ["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"]


def _plan(db, tmp_path, *rows):  # noqa: F811
    path = write_xlsx(tmp_path / "s.xlsx", [HEADER, *rows])
    return plan_score_import(db, path, BUILTIN_SCHEMES[KEY], find_period(db, KEY, 2024, None))


@pytest.mark.parametrize(("cell", "score"), [("85.5分", D("85.5")), ("９０ 分", D(90)), (" 90 ", D(90))])
def test_a_score_with_its_unit_is_the_number(db, tmp_path, cell, score):  # noqa: F811
    row = _plan(db, tmp_path, ["张三", _id(0), cell, 80, 70]).rows[0]
    assert row.action == Action.NEW and row.scores["work"] == score


@pytest.mark.parametrize("cell", ["/", "／", "-", "—", "无", "空"])
def test_a_placeholder_is_a_blank_cell_and_said_so(db, tmp_path, cell):  # noqa: F811
    plan = _plan(db, tmp_path, ["张三", _id(0), cell, 80, 70])
    row = plan.rows[0]
    assert row.action == Action.NEW and "work" not in row.scores and row.missing == ["工作考核"]
    assert f"  第2行 张三：缺少工作考核的成绩，将记为待补录（“{cell}”按空白处理）" in describe_plan(plan)


@pytest.mark.parametrize("cell", ["缺考", "免考", "请假", "病假"])
def test_an_absence_word_is_refused_with_what_to_do_instead(db, tmp_path, cell):  # noqa: F811
    row = _plan(db, tmp_path, ["张三", _id(0), cell, 80, 70]).rows[0]
    assert row.action == Action.REJECT
    text = row.problems[0].text()
    assert f"第2行 张三“工作考核”列（{cell}）" in text
    assert "不是分数" in text and "留空" in text and "不参加考核" in text and "0" in text


def test_excel_float_noise_is_read_as_the_cell_shows_it(db, tmp_path):  # noqa: F811
    plan = _plan(db, tmp_path, ["张三", _id(0), 79.98999999999999, 0.1 + 0.2, 80.00000000000001])
    assert plan.rows[0].scores == {"work": D("79.99"), "test": D("0.3"), "satisfaction": D(80)}
    commit_score_import(db, plan, KEY, 2024, None, "测试员")
    stored = db.execute("SELECT scores FROM appraisal_scores").fetchone()[0]
    assert '"79.99"' in stored and '"0.3"' in stored


def test_the_same_person_twice_with_different_scores_imports_neither(db, tmp_path):  # noqa: F811
    plan = _plan(
        db, tmp_path, ["张三", _id(0), 90, 80, 70], ["李四", _id(1), 90, 80, 70], ["张三", _id(0), 60, 80, 70]
    )
    assert [r.action for r in plan.rows] == [Action.REJECT, Action.NEW, Action.REJECT]
    first, last = plan.rows[0].problems[0].text(), plan.rows[2].problems[0].text()
    assert "与本表第4行是同一人，工作考核不同" in first and "与本表第2行是同一人，工作考核不同" in last


def test_a_row_pasted_twice_is_skipped_and_counted(db, tmp_path):  # noqa: F811
    # As the roster import does: nothing to fix and nothing lost, so the file imports clean (exit 0).
    plan = _plan(db, tmp_path, ["张三", _id(0), 90, 80, 70], ["张三", _id(0), 90, 80, 70])
    assert [r.action for r in plan.rows] == [Action.NEW]
    assert plan.skipped == {"与前面某行完全相同的行": 1}


def test_the_same_scores_under_another_spelling_of_the_name_ask_to_delete_one(db, tmp_path):  # noqa: F811
    plan = _plan(db, tmp_path, ["张三", _id(0), 90, 80, 70], ["张 三x", _id(0), 90, 80, 70])
    assert plan.rows[-1].action == Action.REJECT
    assert "与本表第2行重复（成绩相同），请删去此行" in plan.rows[-1].problems[-1].text()


@pytest.mark.parametrize("typed", ["'{}", "‘{}", "\t{}", " {} ", "{}"])
def test_an_id_number_kept_as_text_by_an_apostrophe_or_a_tab_is_the_number(db, tmp_path, typed):  # noqa: F811
    # A CSV typed by hand keeps the apostrophe that makes Excel store text; the roster export's CSV a tab.
    row = _plan(db, tmp_path, ["李四", typed.format(_id(1)), 90, 80, 70]).rows[0]
    assert row.action == Action.NEW and row.id_number == _id(1), [p.text() for p in row.problems]


def test_a_blank_id_number_says_the_roster_holders_number_when_the_name_is_unique(db, tmp_path):  # noqa: F811
    plan = _plan(db, tmp_path, ["李四", "", 90, 80, 70], ["不在册", None, 90, 80, 70])
    known, unknown = (row.problems[0].text() for row in plan.rows)
    assert known == (
        f"第2行 李四“公民身份号码”列：公民身份号码不能为空（成绩按号码对应到人）；花名册中“李四”的号码是 {_id(1)}，"
        "核对无误请填入"
    )
    assert (
        unknown.startswith("第3行 不在册“公民身份号码”列：公民身份号码不能为空") and "花名册中" not in unknown
    )


@pytest.mark.parametrize(
    "typed",
    ["阿卜杜·热合曼", "阿卜杜•热合曼", "阿卜杜・热合曼", "阿卜杜.热合曼", "阿卜杜．热合曼", "阿卜杜‧热合曼"],
)
def test_a_name_with_another_middle_dot_is_the_holders(db, tmp_path, typed):  # noqa: F811
    from app.people.service import create_person

    person = {"role": "community_worker", "name": "阿卜杜·热合曼", "id_number": _id(40), "unit_id": 1}
    create_person(db, person, "测试员")
    row = _plan(db, tmp_path, [typed, _id(40), 90, 80, 70]).rows[0]
    assert row.action == Action.NEW, [p.text() for p in row.problems]


def test_a_word_ending_in_fen_is_shown_whole_in_the_refusal(db, tmp_path):  # noqa: F811
    row = _plan(db, tmp_path, ["张三", _id(0), "满分", 80, 70]).rows[0]
    assert row.problems[0].text().startswith("第2行 张三“工作考核”列（满分）：“满分”不是数字")


def test_a_blank_name_beside_a_roster_number_names_its_holder(db, tmp_path):  # noqa: F811
    plan = _plan(db, tmp_path, [None, _id(0), 90, 80, 70], [None, _id(5), 90, 80, 70])
    holder, stranger = (row.problems[0].text() for row in plan.rows)
    assert holder.endswith(f"姓名不能为空：号码 {_id(0)} 在花名册中是“张三”，核对无误请填入")
    assert stranger.endswith("姓名不能为空") and len(plan.rows[1].problems) == 2  # and no such number


def test_a_score_cell_shown_as_a_percentage_is_refused_saying_what_the_clerk_sees(db, tmp_path):  # noqa: F811
    """0.9 formatted 0% shows 90%: taken as 0.9 points it cost a 优秀 27 points and made a 补课. Refused, as the
    CSV text 85% is; a custom format with a % (0.0%) too, and the other cells of the sheet read as they are."""
    import openpyxl

    from tests.app.test_appraisal_import import NAMES

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"])
    for serial, (shown, fmt) in enumerate([(0.9, "0%"), (0.855, "0.0%"), (90, "General")]):
        sheet.append([NAMES[serial], _id(serial), 90, 90, shown])
        sheet.cell(row=serial + 2, column=5).number_format = fmt
    book.save(tmp_path / "percent.xlsx")
    plan = plan_score_import(db, tmp_path / "percent.xlsx", BUILTIN_SCHEMES["weighted-top20"], None)
    assert [r.action for r in plan.rows] == [Action.REJECT, Action.REJECT, Action.NEW]
    said = [p.message for r in plan.rows for p in r.problems]
    assert "单元格显示为“90%”（百分比格式），不是分数" in said[0]
    assert "单元格显示为“85.5%”（百分比格式）" in said[1]
    assert plan.rows[2].scores["satisfaction"] == 90
