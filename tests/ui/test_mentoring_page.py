"""导师帮带 page (ui/training/mentoring_page.py): the mentor pool saved and refused, a selection round read and
shown as groups with its counts, a hand move onto a full mentor, confirming writes the pairs, a pair's task and
activity recorded."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.ui.conftest import add_person, add_unit, make_id, wait_for_jobs
from ui.care import form_parts
from ui.training import mentoring_selection
from ui.training.mentoring_forms import ActivityForm, MentorForm, PairForm, TaskForm
from ui.training.mentoring_page import MentoringPage

NAMES = {"赵一": make_id(1), "钱二": make_id(2), "孙三": make_id(3)}


@pytest.fixture(autouse=True)
def december_2026(pin_today):
    """The dates typed here are of 2026, seen from 1 December: a pair to 2026-12-31 is still running."""
    import datetime as dt

    pin_today(dt.date(2026, 12, 1))


@pytest.fixture
def page(qtbot, ctx):
    unit = add_unit(ctx.db, "东门社区")
    for name, number in NAMES.items():
        add_person(ctx.db, name, number, unit, role="reserve_cadre")
    shown = MentoringPage(ctx)
    qtbot.addWidget(shown)
    ctx.changed.connect(shown.refresh)
    return shown


def write_round(path: Path) -> Path:
    """张伟 takes one, 李红 two; 钱二 comes before 赵一 in the name order, so 赵一 is left over."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "导师"
    sheet.append(["导师姓名", "条线", "最少", "最多"])
    sheet.append(["张伟", "组织", 1, 1])
    sheet.append(["李红", "宣传", 1, 2])
    sheet = book.create_sheet("学员")
    sheet.append(["姓名", "公民身份号码", "条线", "第一志愿", "第二志愿"])
    sheet.append(["赵一", NAMES["赵一"], "组织", "张伟", None])
    sheet.append(["钱二", NAMES["钱二"], "组织", "张伟", "李红"])
    sheet.append(["孙三", NAMES["孙三"], "宣传", "李红", None])
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                cell.number_format = "@"
    book.save(path)
    return path


def saved(monkeypatch, fill) -> list:
    """run_form fills the form with `fill(form)` and presses 保存; the forms seen are returned."""
    seen = []

    def run(form):
        fill(form)
        form.save()
        seen.append(form)
        return form.result

    monkeypatch.setattr("ui.training.mentoring_page.run_form", run)
    monkeypatch.setattr("ui.training.mentoring_pairs.run_form", run)
    monkeypatch.setattr(form_parts, "run_form", run)
    return seen


def test_a_mentor_is_saved_and_a_wrong_one_refused(page, monkeypatch):
    def fill(form: MentorForm) -> None:
        form.fields["name"].setText("王芳")
        form.fields["line"].setText("民政")
        form.fields["min_mentees"].setText("6")
        form.fields["max_mentees"].setText("4")

    seen = saved(monkeypatch, fill)
    page.mentors.add()
    assert seen[0].result is None
    assert "不能大于最多带教人数" in seen[0].errors["min_mentees"].text()
    assert page.mentors.model.rowCount() == 0

    seen = saved(monkeypatch, lambda form: (fill(form), form.fields["min_mentees"].setText("2")))
    page.mentors.add()
    assert page.mentors.model.rowCount() == 1
    row = page.mentors.model.rows[0]
    assert (row.name, row.line, row.min_mentees, row.max_mentees, row.mentees) == ("王芳", "民政", 2, 4, 0)
    audit = page.ctx.db.execute("SELECT action, label FROM audit_log WHERE entity = 'mentor'").fetchall()
    assert audit == [("create", "王芳")]


def test_a_round_is_shown_as_groups_moved_by_hand_and_confirmed(page, qtbot, tmp_path, answers, monkeypatch):
    tab = page.selection
    tab.read_round(write_round(tmp_path / "2026导师制.xlsx"))
    wait_for_jobs(qtbot)
    groups = {
        tab.tree.topLevelItem(i).text(0): [
            tab.tree.topLevelItem(i).child(j).text(0) for j in range(tab.tree.topLevelItem(i).childCount())
        ]
        for i in range(tab.tree.topLevelItemCount())
    }
    assert groups == {
        "张伟（1/1 人）": ["钱二"],
        "李红（1/2 人）": ["孙三"],
        "未分配（1 人，需人工决定）": ["赵一"],
    }
    assert tab.summary.text() == "第一志愿 2 人，第二志愿 0 人，未分配 1 人"
    assert "张伟" not in tab.flags.text() and tab.name_edit.text() == "2026导师制"

    unplaced = tab.tree.topLevelItem(2).child(0)
    tab.tree.setCurrentItem(unplaced)
    monkeypatch.setattr(mentoring_selection, "pick_mentor", lambda parent, names, label: "张伟")
    answers["ask"] = False
    assert not tab.move_selected()  # 张伟 is full and the clerk said no
    assert "达到最多 1 人" in answers["asked"][-1]
    answers["ask"] = True
    assert tab.move_selected()
    assert tab.tree.topLevelItem(0).text(0) == "张伟（2/1 人）"
    assert tab.summary.text() == "第一志愿 3 人，第二志愿 0 人，未分配 0 人（人工改派共 1 人）"

    tab.confirm()
    wait_for_jobs(qtbot)
    rows = page.ctx.db.execute(
        "SELECT m.name, e.name, p.note FROM mentor_pairs p JOIN mentors m ON m.id = p.mentor_id"
        " JOIN people e ON e.id = p.mentee_id ORDER BY e.name"
    ).fetchall()
    assert sorted((m, e) for m, e, _n in rows) == [("张伟", "赵一"), ("张伟", "钱二"), ("李红", "孙三")]
    assert "人工改派给导师“张伟”（第1志愿）" in dict((e, n) for _m, e, n in rows)["赵一"]
    assert page.pairs.model.rowCount() == 3
    assert {r.name: r.mentees for r in page.mentors.model.rows} == {"张伟": 2, "李红": 1}
    assert "结成帮带对子 3 对" in tab.flags.text()


def test_refused_rows_block_confirm(page, qtbot, tmp_path, answers):
    path = write_round(tmp_path / "round.xlsx")
    book = openpyxl.load_workbook(path)
    book["学员"].append(["周五", make_id(9), "组织", "无名氏", None])
    book.save(path)
    page.selection.read_round(path)
    wait_for_jobs(qtbot)
    assert "有误未参加分配" in page.selection.summary.text()
    page.selection.confirm()
    assert "被拒绝的行" in answers["warned"][-1]
    assert page.ctx.db.execute("SELECT count(*) FROM mentor_pairs").fetchone()[0] == 0


def _groups(tab) -> dict[str, list[str]]:
    top = [tab.tree.topLevelItem(i) for i in range(tab.tree.topLevelItemCount())]
    return {g.text(0): [g.child(j).text(0) for j in range(g.childCount())] for g in top}


def _notes(tab) -> dict[str, str]:
    top = [tab.tree.topLevelItem(i) for i in range(tab.tree.topLevelItemCount())]
    return {g.child(j).text(0): g.child(j).text(3) for g in top for j in range(g.childCount())}


def test_blank_choices_are_shown_unplaced_not_refused_and_confirmed(page, qtbot, tmp_path, answers):
    """As the command line (trial findings 6 and 9): 赵一's first choice '/' with 李红 second goes to step 2;
    孙三 with only a 第三志愿 is unplaced saying so, not refused — so 确认分配 writes the round."""
    path = write_round(tmp_path / "round.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["学员"]
    sheet["D2"], sheet["E2"] = "/", "李红"
    sheet["D4"] = None
    sheet["F1"], sheet["F4"] = "第三志愿", "张伟"
    book.save(path)
    tab = page.selection
    tab.read_round(path)
    wait_for_jobs(qtbot)
    assert _groups(tab) == {
        "张伟（1/1 人）": ["钱二"],
        "李红（1/2 人）": ["赵一"],
        "未分配（1 人，需人工决定）": ["孙三"],
    }
    notes = _notes(tab)
    assert notes["赵一"].startswith("未填第一志愿；第二志愿：在导师“李红”的顺序中排第1位")
    assert notes["孙三"] == "未填第一、第二志愿；第三志愿“张伟”不参与分配。需人工决定"
    assert tab.summary.text() == "第一志愿 1 人，第二志愿 1 人，未分配 1 人"
    tab.confirm()
    wait_for_jobs(qtbot)
    assert answers["warned"] == []
    pairs = page.ctx.db.execute(
        "SELECT m.name, e.name FROM mentor_pairs p JOIN mentors m ON m.id = p.mentor_id"
        " JOIN people e ON e.id = p.mentee_id ORDER BY e.name"
    ).fetchall()
    assert sorted(pairs) == [("张伟", "钱二"), ("李红", "赵一")]


def test_blank_counts_of_a_pool_mentor_are_the_pools_less_running_pairs(page, qtbot, tmp_path, answers):
    """As the command line (trial finding 5): 李红 is in the pool with 1–2 and mentors 钱二 already (钱二 is not in
    this round); her blank counts in the round give one place, said above the groups, and 赵一's 说明 names who
    took it and why."""
    db = page.ctx.db
    mentor = db.execute(
        "INSERT INTO mentors (uid, name, line, min_mentees, max_mentees, created_at, updated_at)"
        " VALUES ('lh', '李红', '宣传', 1, 2, '2026-01-01', '2026-01-01')"
    ).lastrowid
    db.execute(
        "INSERT INTO mentor_pairs (uid, mentor_id, mentee_id, kind, start_date, created_at, updated_at)"
        " SELECT 'run', ?, id, '一对一', '2026-01-01', '2026-01-01', '2026-01-01' FROM people WHERE name = '钱二'",
        [mentor],
    )
    db.conn.commit()
    path = write_round(tmp_path / "round.xlsx")
    book = openpyxl.load_workbook(path)
    book["导师"]["C3"], book["导师"]["D3"] = None, None
    book["学员"]["D2"] = "李红"  # 赵一 and 孙三 for 李红's one place: 孙 before 赵 in the name order
    book["学员"].delete_rows(3)  # 钱二, whose running pair with 李红 would otherwise be kept, not counted
    book.save(path)
    tab = page.selection
    tab.read_round(path)
    wait_for_jobs(qtbot)
    assert _groups(tab)["李红（1/1 人）"] == ["孙三"]
    assert (
        "“导师”表第3行 导师“李红”未填最少、最多人数，按导师库中的人数（最少1人、最多2人），已有在带对子 1 个，"
        "本轮最多 1 人；本轮另定人数的，请填写“最少”“最多”列"
    ) in tab.flags.text()
    assert "与最后录取的孙三都没有考核总分，按姓名顺序在后" in _notes(tab)["赵一"]


def test_a_pair_gets_a_task_and_an_activity(page, qtbot, tmp_path, answers, monkeypatch):
    page.selection.read_round(write_round(tmp_path / "round.xlsx"))
    wait_for_jobs(qtbot)
    page.selection.confirm()
    wait_for_jobs(qtbot)
    tab = page.pairs
    tab.table.selectRow(0)

    def fill(form) -> None:
        if isinstance(form, TaskForm):
            form.fields["task"].setText("撰写调研报告")
            form.fields["due_date"].setText("2026-13-40")
        elif isinstance(form, ActivityForm):
            form.fields["content"].setPlainText("走访困难户")

    seen = saved(monkeypatch, fill)
    tab.add_task()
    assert seen[-1].result is None and seen[-1].errors["due_date"].text()
    seen = saved(monkeypatch, lambda form: (fill(form), form.fields["due_date"].setText("2026.6.30")))
    tab.add_task()
    assert [t[1:] for t in tab.tasks_model.rows] == [("撰写调研报告", "2026-06-30", "")]
    saved(monkeypatch, fill)
    tab.log_activity()
    assert [a[2] for a in tab.activities_model.rows] == ["走访困难户"]
    tab.remove_current()
    assert page.pairs.model.rowCount() == 1  # two pairs confirmed (赵一 left unplaced), one binned
    left = page.ctx.db.execute("SELECT count(*) FROM mentor_tasks WHERE deleted_at IS NULL").fetchone()[0]
    assert left == 0


def test_a_pair_is_made_by_hand_refused_then_saved_and_its_task_done(page, monkeypatch):
    from app.training.pairs import save_mentor

    save_mentor(page.ctx.db, None, {"name": "王芳", "min_mentees": "1", "max_mentees": "3"}, "测试员")
    page.reload()
    mentee = page.ctx.db.execute("SELECT id FROM people WHERE name = '孙三'").fetchone()[0]

    def fill(form: PairForm) -> None:
        form.mentee.set_people([mentee])
        form.fields["kind"].setCurrentText("2+1")
        form.fields["start_date"].setText("2026-03-01")
        form.fields["end_date"].setText("2026-02-01")
        form.fields["goals"].setPlainText("熟悉基层党建工作")

    seen = saved(monkeypatch, fill)
    page.pairs.add()
    assert seen[-1].result is None and "早于开始日期" in seen[-1].errors["end_date"].text()
    assert page.pairs.model.rowCount() == 0
    whole = saved(monkeypatch, lambda form: (fill(form), form.fields["end_date"].setText("2026-12-31")))
    page.pairs.add()
    pair = page.pairs.model.rows[0]
    assert (pair.mentor, pair.mentee, pair.kind, pair.end_date, pair.goals) == (
        "王芳", "孙三", "2+1", "2026-12-31", "熟悉基层党建工作"
    )  # fmt: skip
    page.pairs.add()  # the same mentor and mentee again
    assert "已经结成帮带对子" in whole[-1].errors["mentee_id"].text()
    assert [r.mentees for r in page.mentors.model.rows] == [1]

    saved(monkeypatch, lambda form: form.fields["task"].setText("读一本书"))
    page.pairs.add_task()
    page.pairs.tasks_table.selectRow(0)
    assert page.pairs.done_button.isEnabled()
    saved(monkeypatch, lambda form: form.fields["done_date"].setText("2026-04-01"))
    page.pairs.finish_task()
    assert [t[1:] for t in page.pairs.tasks_model.rows] == [("读一本书", "", "2026-04-01")]
    assert not page.pairs.done_button.isEnabled()


def test_a_move_outside_the_choices_is_counted_apart_and_noted(page, qtbot, tmp_path, answers):
    tab = page.selection
    tab.read_round(write_round(tmp_path / "round.xlsx"))
    wait_for_jobs(qtbot)
    tab.tree.setCurrentItem(tab.tree.topLevelItem(2).child(0))  # 赵一, unplaced, chose only 张伟
    assert tab.move_selected("李红")
    assert answers["asked"] == []  # 李红 has room: nothing to confirm
    assert (
        tab.summary.text()
        == "第一志愿 2 人，第二志愿 0 人，未分配 0 人，改派到志愿以外的导师 1 人（人工改派共 1 人）"
    )
    assert tab.tree.topLevelItem(1).text(0) == "李红（2/2 人）"
    assert [tab.tree.topLevelItem(1).child(i).text(2) for i in range(2)] == ["—", "1"]  # 赵一, 孙三
    tab.confirm()
    wait_for_jobs(qtbot)
    note = page.ctx.db.execute(
        "SELECT p.note FROM mentor_pairs p JOIN people e ON e.id = p.mentee_id WHERE e.name = '赵一'"
    ).fetchone()[0]
    assert note == "双向选择“round”人工改派给导师“李红”（非本人志愿）"
    audited = page.ctx.db.execute(
        "SELECT count(*) FROM audit_log WHERE entity = 'mentor_pair' AND action = 'update'"
    ).fetchone()[0]
    assert audited == 1


def test_a_task_past_its_due_date_says_how_late_it_is(page, qtbot, tmp_path, answers):
    from app.training import pairs

    page.selection.read_round(write_round(tmp_path / "round.xlsx"))
    wait_for_jobs(qtbot)
    page.selection.confirm()
    wait_for_jobs(qtbot)
    tab = page.pairs
    tab.table.selectRow(0)
    pair_id = tab.model.rows[0].id
    for task, due in (
        ("参加议事会", "2026-11-28"),
        ("调研报告", "2026-12-20"),
        ("无期限", ""),
        ("今天交", "2026-12-01"),
    ):
        pairs.add_task(page.ctx.db, pair_id, task, due, "测试员")
    tab.reload()
    tab.table.selectRow(0)
    shown = {tab.tasks_model.index(r, 0).data(): tab.tasks_model.index(r, 2).data() for r in range(4)}
    assert shown == {
        "参加议事会": "逾期 3 天",
        "调研报告": "未完成",
        "无期限": "未完成",
        "今天交": "今天到期",
    }


def test_confirming_says_first_when_a_workbook_mentor_would_be_a_second_one_of_that_name(
    page, qtbot, tmp_path, answers
):
    """The pool's 张伟 works in 党建, the workbook's in 组织: confirming adds another 张伟, so it is said in the
    question, and 否 adds nobody."""
    from app.training import pairs

    values = {"name": "张伟", "line": "党建", "min_mentees": "1", "max_mentees": "3"}
    pairs.save_mentor(page.ctx.db, None, values, "测试员")
    page.selection.read_round(write_round(tmp_path / "round.xlsx"))
    wait_for_jobs(qtbot)
    answers["ask"] = False
    page.selection.confirm()
    assert "导师库中已有同名导师：张伟（条线“党建”，志愿表写“组织”）" in answers["asked"][-1]
    assert "李红" not in answers["asked"][-1].split("注意")[-1]
    count = page.ctx.db.execute("SELECT count(*) FROM mentors WHERE deleted_at IS NULL").fetchone()
    assert count == (1,)


def test_a_second_mentor_of_the_same_name_is_asked_about_first(page, monkeypatch, answers):
    """Pressing 保存 twice, or typing in a mentor already in the pool, does not double them unawares."""

    def fill(form: MentorForm) -> None:
        for key, text in {"name": "刘建国", "unit": "区委党校", "line": "党建"}.items():
            form.fields[key].setText(text)

    saved(monkeypatch, fill)
    page.mentors.add()
    answers["ask"] = True
    # the very same mentor again (a space is no difference): refused, without a question that cannot help
    seen = saved(monkeypatch, lambda form: (fill(form), form.fields["name"].setText(" 刘建国")))
    page.mentors.add()
    assert answers["asked"] == [] and "不能重复加入" in seen[0].errors["name"].text()
    namesake = lambda form: (fill(form), form.fields["unit"].setText("街道党工委"))  # noqa: E731
    answers["ask"] = False
    seen = saved(monkeypatch, namesake)
    page.mentors.add()
    assert answers["asked"][-1].startswith("导师库中已有“刘建国”（党建，区委党校）")
    assert seen[0].result is None and "已有" in seen[0].errors["name"].text()
    assert page.mentors.model.rowCount() == 1
    answers["ask"] = True
    saved(monkeypatch, namesake)
    page.mentors.add()
    assert page.mentors.model.rowCount() == 2  # a namesake the clerk means to add


@pytest.mark.parametrize(
    ("stem", "year"),
    [
        ("2027年导师制双向选择志愿表", 2027),
        ("导师制志愿表（2028）", 2028),
        ("导师制志愿表", None),
        ("第1999批", None),
    ],
)
def test_the_year_is_taken_from_the_workbooks_name(page, qtbot, tmp_path, stem, year):
    """A workbook named for next year's round is confirmed under next year, not this one, unless changed."""
    from app.clock import today

    page.selection.read_round(write_round(tmp_path / f"{stem}.xlsx"))
    wait_for_jobs(qtbot)
    assert page.selection.year_box.value() == (year or today().year)
    assert page.selection.name_edit.text() == stem


def test_a_move_onto_a_running_pair_says_it_is_kept_and_is_not_counted_as_new(page, qtbot, tmp_path, answers):
    """赵一 already has a running pair with 李红 (made by hand): moved to her, the group says the pair is kept,
    and the confirmation counts the pairs it will really make."""
    from app.training import pairs

    db = page.ctx.db
    li = pairs.save_mentor(db, None, {"name": "李红", "line": "宣传"}, "测试员").record_id
    zhao = db.execute("SELECT id FROM people WHERE name = '赵一'").fetchone()[0]
    pair = {"mentor_id": li, "mentee_id": zhao, "kind": "一对一", "start_date": "2026-01-01"}
    pairs.save_pair(db, None, pair, "测试员")
    tab = page.selection
    tab.read_round(write_round(tmp_path / "round.xlsx"))
    wait_for_jobs(qtbot)
    tab.tree.setCurrentItem(tab.tree.topLevelItem(2).child(0))  # 赵一, unplaced, chose only 张伟
    assert tab.move_selected("李红")
    moved = next(o for o in tab.adjusted.outcomes() if o.applicant.name == "赵一")
    assert moved.note.endswith("；已与该导师结对（帮带对子仍在进行），确认时沿用该对子，不重复建立")
    tab.name_edit.setText("round")
    answers["ask"] = False
    tab.confirm()
    assert answers["asked"][-1] == (
        "确认“round”（2026年）的分配结果？将先自动备份，再建立 2 对帮带对子。"
        "另有 1 人已与所分的导师结对（帮带对子仍在进行），沿用原对子，不重复建立。"
    )
