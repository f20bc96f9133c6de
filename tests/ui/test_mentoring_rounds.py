"""导师帮带 page: a confirmed selection round is shown again (its groups and counts read from the database, on a
new page and right after confirming), 打印导师组名单 and 导出… read back; a young cadre's activity can earn
ledger points from the activity form, once."""

from __future__ import annotations

import openpyxl
import pytest

from app.training import pairs
from tests.ui.conftest import wait_for_jobs
from tests.ui.test_mentoring_page import NAMES, saved, write_round
from ui.training.mentoring_forms import ActivityForm
from ui.training.mentoring_page import MentoringPage
from ui.training.mentoring_selection import SelectionTab


def groups(tab: SelectionTab) -> dict[str, list[tuple[str, str, str]]]:
    """Each top-level line of the tree with its members (name, 志愿, 说明)."""
    found = {}
    for i in range(tab.tree.topLevelItemCount()):
        top = tab.tree.topLevelItem(i)
        found[top.text(0)] = [(top.child(j).text(0), top.child(j).text(2), top.child(j).text(3))
                              for j in range(top.childCount())]  # fmt: skip
    return found


@pytest.fixture
def confirmed(qtbot, ctx, tmp_path, answers):
    """The round of test_mentoring_page confirmed through the window as it assigned it (赵一 unplaced)."""
    from tests.ui.conftest import add_person, add_unit

    unit = add_unit(ctx.db, "东门社区")
    for name, number in NAMES.items():
        add_person(ctx.db, name, number, unit, role="reserve_cadre")
    page = MentoringPage(ctx)
    qtbot.addWidget(page)
    ctx.changed.connect(page.refresh)
    page.selection.read_round(write_round(tmp_path / "2026导师制.xlsx"))
    wait_for_jobs(qtbot)
    page.selection.confirm()
    wait_for_jobs(qtbot)
    return page


STORED = {
    "张伟（1/1 人）": [("钱二", "1", "第一志愿")],
    "李红（1/2 人）": [("孙三", "1", "第一志愿")],
    "未分配（1 人，需人工决定）": [("赵一", "—", "未分配（第一志愿“张伟”），待人工决定")],
}


def test_a_round_is_shown_as_stored_right_after_confirming(confirmed):
    tab = confirmed.selection
    assert tab.adjusted is None and tab.stored is not None
    assert tab.round_box.currentText() == "2026导师制（2026年）"
    assert groups(tab) == STORED
    assert tab.summary.text().endswith("确认：第一志愿 2 人，第二志愿 0 人，未分配 1 人")
    assert "结成帮带对子 2 对" in tab.flags.text()
    assert tab.print_button.isEnabled() and tab.export_button.isEnabled()
    assert not tab.confirm_button.isEnabled()  # nothing to confirm twice


def test_a_new_page_shows_the_stored_round_and_a_new_workbook_takes_its_place(
    confirmed, ctx, qtbot, tmp_path
):
    page = MentoringPage(ctx)  # as after starting the program again
    qtbot.addWidget(page)
    tab = page.selection
    assert groups(tab) == STORED and tab.round_box.count() == 1
    tab.read_round(write_round(tmp_path / "另一轮.xlsx"))
    wait_for_jobs(qtbot)
    assert tab.stored is None and tab.adjusted is not None
    assert not tab.print_button.isEnabled() and tab.confirm_button.isEnabled()
    assert tab.summary.text() == "第一志愿 2 人，第二志愿 0 人，未分配 1 人"
    tab.round_box.activated.emit(0)  # the clerk chooses the stored round again
    assert tab.adjusted is None and groups(tab) == STORED


def test_the_round_follows_a_pair_binned_on_the_pairs_tab(confirmed, answers):
    tab = confirmed.pairs
    first = next(i for i, p in enumerate(tab.model.rows) if p.mentee == "孙三")
    tab.table.selectRow(first)
    tab.remove_current()
    shown = groups(confirmed.selection)
    assert shown["李红（0/2 人）"] == []
    assert [m[0] for m in shown["未分配（2 人，需人工决定）"]] == ["孙三", "赵一"]


def test_print_and_export_the_groups(confirmed, qtbot, answers, viewer, monkeypatch, tmp_path):
    from pypdf import PdfReader

    from ui import dialogs

    answers["ask"] = False
    tab = confirmed.selection
    tab.print_button.click()
    wait_for_jobs(qtbot)
    assert answers["warned"] == []
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(str(viewer[0])).pages)
    assert "导师组名单" in text and "张伟" in text and "钱二" in text and "李红" in text and "赵一" in text
    out = tmp_path / "导师组.xlsx"
    monkeypatch.setattr(dialogs, "save_file", lambda *a, **k: out)
    tab.export_button.click()
    wait_for_jobs(qtbot)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    by_mentee = {r[3]: r for r in rows[1:]}
    assert by_mentee["钱二"][0] == "张伟" and by_mentee["钱二"][4] == NAMES["钱二"]
    assert by_mentee["孙三"][0] == "李红"
    assert by_mentee["赵一"][0] in ("", None) and "未分配" in by_mentee["赵一"][7]
    assert answers["informed"][-1].startswith(f"已把 {len(rows) - 1} 行导师组名单导出到")


def test_an_activity_of_a_young_cadre_earns_points_once(confirmed, monkeypatch):
    tab = confirmed.pairs
    tab.table.selectRow(0)
    pair = tab.model.rows[0]

    def fill(form: ActivityForm) -> None:
        form.fields["date"].setText("2026-05-06")
        form.fields["content"].setPlainText("共同走访困难党员")
        form.fields["rule"].setCurrentIndex(form.fields["rule"].findData("homework"))

    seen = saved(monkeypatch, fill)
    tab.log_activity()
    assert seen[-1].fields["rule"].itemText(0) == "不计积分"
    assert [(a[1], a[2], a[3]) for a in tab.activities_model.rows] == [
        ("2026-05-06", "共同走访困难党员", "+5")
    ]
    entries = confirmed.ctx.db.execute(
        "SELECT person_id, rule, points, activity FROM points_entries WHERE deleted_at IS NULL"
    ).fetchall()
    assert entries == [(pair.mentee_id, "homework", 5, "导师帮带：共同走访困难党员")]
    tab.log_activity()  # the same activity again: logged, not counted twice
    assert "没有重复记分" in seen[-1].result.message
    assert [a[3] for a in tab.activities_model.rows] == ["+5", ""]


def test_someone_not_a_young_cadre_is_offered_no_points(confirmed, ctx, qtbot):
    from tests.ui.conftest import add_person, make_id

    unit = ctx.db.execute("SELECT id FROM org_units WHERE name = '东门社区'").fetchone()[0]
    worker = add_person(ctx.db, "周五", make_id(9), unit)  # a community worker
    mentor = ctx.db.execute("SELECT id FROM mentors WHERE name = '李红'").fetchone()[0]
    values = {"mentor_id": mentor, "mentee_id": worker, "kind": "一对一", "start_date": "2026-03-01"}
    pair = pairs.save_pair(ctx.db, None, values, "测试员").record_id
    form = ActivityForm(ctx, None, pair)
    qtbot.addWidget(form)
    assert "rule" not in form.fields
    form.fields["content"].setPlainText("谈心谈话")
    form.save()
    assert form.result is not None and "积分" not in form.result.message


def test_a_pair_moved_outside_the_choices_is_counted_apart(confirmed, ctx):
    """孙三 chose only 李红; the office moves the pair to 张伟 on 帮带对子 — the round says so."""
    pair = next(p for p in confirmed.pairs.model.rows if p.mentee == "孙三")
    zhang = ctx.db.execute("SELECT id FROM mentors WHERE name = '张伟'").fetchone()[0]
    values = {
        "mentor_id": zhang,
        "mentee_id": pair.mentee_id,
        "kind": pair.kind,
        "start_date": pair.start_date,
    }
    ctx.perform(None, lambda: pairs.save_pair(ctx.db, pair.id, values, "测试员"))
    tab = confirmed.selection
    # in 姓氏笔画 order, as on the printed list: 孙 (6 strokes) before 钱 (10)
    assert groups(tab)["张伟（2/1 人）"] == [("孙三", "—", "人工调配"), ("钱二", "1", "第一志愿")]
    assert tab.summary.text().endswith(
        "第一志愿 1 人，第二志愿 0 人，未分配 1 人，人工调配到志愿以外的导师 1 人"
    )


def test_binning_a_round_takes_its_pairs_and_lets_the_workbook_be_confirmed_again(
    confirmed, ctx, qtbot, tmp_path, answers
):
    tab = confirmed.selection
    tab.bin_button.click()
    assert answers["asked"][-1] == (
        "将双向选择“2026导师制”（2026年）连同它建立的 2 对帮带对子移入回收站吗？（可在回收站恢复）"
    )
    assert answers["danger"][-1]
    assert tab.stored is None and tab.tree.topLevelItemCount() == 0
    assert tab.round_box.currentText() == "（还没有）" and not tab.bin_button.isEnabled()
    assert confirmed.pairs.model.rowCount() == 0
    binned = ctx.db.execute("SELECT entity FROM audit_log WHERE action = 'delete' ORDER BY id").fetchall()
    assert [e for (e,) in binned] == ["mentor_pair", "mentor_pair", "selection_round"]
    tab.read_round(
        write_round(tmp_path / "2026导师制.xlsx")
    )  # assigned and confirmed again, as the refusal said
    wait_for_jobs(qtbot)
    tab.confirm()
    wait_for_jobs(qtbot)
    assert answers["warned"] == [] and groups(tab) == STORED and confirmed.pairs.model.rowCount() == 2


def test_a_round_whose_mentoring_has_begun_stays(confirmed, ctx, answers):
    pair = confirmed.pairs.model.rows[0]
    pairs.log_activity(ctx.db, pair.id, "2026-05-06", "第一次见面", "测试员")
    confirmed.selection.bin_button.click()
    assert answers["warned"] == [
        "这次双向选择的帮带对子中有 1 对已有任务或活动记录，不能整体移入回收站；"
        "确需撤销的，请先在“帮带对子”中把这些对子移入回收站"
    ]
    assert confirmed.selection.stored is not None
    assert ctx.db.execute("SELECT count(*) FROM mentor_pairs WHERE deleted_at IS NULL").fetchone()[0] == 2


def test_a_stored_round_names_the_mentors_left_below_their_minimum_as_the_printout_does(
    ctx, qtbot, tmp_path, answers
):
    from tests.ui.conftest import add_person, add_unit

    unit = add_unit(ctx.db, "东门社区")
    for name, number in NAMES.items():
        add_person(ctx.db, name, number, unit, role="reserve_cadre")
    book = openpyxl.load_workbook(write_round(tmp_path / "2026导师制.xlsx"))
    book["导师"]["C3"] = 2  # 李红 wants two at least and gets one
    book.save(tmp_path / "2026导师制.xlsx")
    page = MentoringPage(ctx)
    qtbot.addWidget(page)
    page.selection.read_round(tmp_path / "2026导师制.xlsx")
    wait_for_jobs(qtbot)
    page.selection.confirm()
    wait_for_jobs(qtbot)
    again = MentoringPage(ctx)  # as after starting the program again
    qtbot.addWidget(again)
    assert again.selection.stored is not None
    assert again.selection.flags.text() == "导师“李红”少于最少带教人数（2 人）"
