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
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["基本信息", "考核"]
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
