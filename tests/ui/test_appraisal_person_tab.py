"""The person form's 考核 tab: each period with scores, total, place among how many, grade and reason; honors."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QTabWidget

from app.appraisal import service
from tests.ui.appraisal_fixtures import scored_period
from tests.ui.conftest import ACTOR
from ui.appraisal.person_tab import PersonAppraisalTab
from ui.people.person_form import PersonDialog


def row_texts(tab: PersonAppraisalTab, row: int = 0) -> list[str]:
    model = tab.model
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_a_person_on_the_roster_has_a_tab_of_appraisals(qtbot, ctx, answers):
    scored = scored_period(ctx.db)
    dialog = PersonDialog(ctx, scored.ids[0])
    qtbot.addWidget(dialog)
    tabs = dialog.findChild(QTabWidget, "personTabs")
    # Other areas add their tabs after these two.
    assert [tabs.tabText(i) for i in range(tabs.count())][:2] == ["基本信息", "考核"]
    assert tabs.currentIndex() == 0  # the form opens on its fields
    tab = tabs.widget(1)
    texts = row_texts(tab)
    assert texts == [
        "2025年度考核",
        "加权评价·双达标",
        "工作考核 95，业务测试 95，满意度测评 95",
        "95.00",
        "1/9",
        "优秀",
        "",
    ]
    assert tab.reason_label.text().startswith("2025年度考核：总分 95.00 ≥ 80，名次 1")
    assert tab.honors_label.text() == "荣誉：无"


def test_missing_scores_and_honors_are_shown(qtbot, ctx):
    scored = scored_period(ctx.db)
    last = PersonAppraisalTab(ctx, scored.ids[-1])
    qtbot.addWidget(last)
    assert row_texts(last)[2:7] == ["工作考核 50，业务测试 50，满意度测评 —", "", "", "", "待补录"]
    service.set_many_scores(
        ctx.db, scored.period.id, [service.ScoreInput(scored.ids[-1], {"satisfaction": Decimal(50)})], ACTOR
    )
    service.finalize_period(ctx.db, scored.period.id, ACTOR)
    first = PersonAppraisalTab(ctx, scored.ids[0])
    qtbot.addWidget(first)
    assert row_texts(first)[0] == "2025年度考核（已定稿）"
    assert first.honors_label.text() == "荣誉：2025年度考核优秀（〔2025〕第001号）"


def test_a_new_person_has_no_tabs(qtbot, ctx):
    dialog = PersonDialog(ctx, None)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QTabWidget, "personTabs") is None


def test_the_history_model_passes_the_model_tester(qtmodeltester, qtbot, ctx):
    scored = scored_period(ctx.db)
    tab = PersonAppraisalTab(ctx, scored.ids[0])
    qtbot.addWidget(tab)
    qtmodeltester.check(tab.model)


def test_points_by_year_the_mark_and_open_remedial_training(qtbot, ctx):
    from app.appraisal import points
    from app.clock import today
    from tests.ui.conftest import add_person, add_unit, make_id

    scored = scored_period(ctx.db)
    service.set_many_scores(
        ctx.db, scored.period.id, [service.ScoreInput(scored.ids[-1], {"satisfaction": Decimal(50)})], ACTOR
    )
    service.finalize_period(ctx.db, scored.period.id, ACTOR)
    worker = PersonAppraisalTab(ctx, scored.ids[-1])  # 50 in everything: below 80
    qtbot.addWidget(worker)
    assert worker.remedial_label.text() == (
        "未完成的补课：2025年度考核（加权评价·双达标）总分 50.00，需补课不少于 5 个工作日"
    )
    assert worker.remedial_label.property("tone") == "warning"
    assert worker.points_label.isHidden() and worker.hold_label.isHidden()
    top = PersonAppraisalTab(ctx, scored.ids[0])
    qtbot.addWidget(top)
    assert top.remedial_label.isHidden()

    unit = add_unit(ctx.db, "团区委")
    cadre = add_person(ctx.db, "李明", make_id(70), unit, role="reserve_cadre", post_start_date="2015-03-01")
    last = today().year - 1
    for n in range(9):  # 45 points last year
        points.add_points(
            ctx.db, points.PointsInput([cadre], f"{last}-03-{n + 1:02d}", "study", f"学习会{n}"), ACTOR
        )
    tab = PersonAppraisalTab(ctx, cadre)
    qtbot.addWidget(tab)
    # This year's line (0 points so far, 进行中) comes first once the ledger has an entry this year; not yet.
    assert tab.points_label.text() == f"积分：{last}年 45 分（不合格）"
    assert (
        tab.hold_label.text()
        == f"{last}年积分 45 分，不足 60 分，三年内不考虑提拔（{last + 1}—{last + 3}年）"
    )
    assert tab.hold_label.property("tone") == "warning"
