"""季度汇总年度: four quarterly totals averaged exactly, a missing quarter shown and nothing written for it, the
average written into the annual scheme's 季度考核 where the engine mixes it with 年度述职 by the scheme's weights."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from app.appraisal import service
from app.appraisal.rules import BUILTIN_SCHEMES, Component
from app.audit import query
from tests.ui.appraisal_fixtures import shown_page
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id
from ui.appraisal import scheme_menu
from ui.appraisal.annual_dialog import AnnualDialog

# A quarterly scheme of one component, so that a quarter's total is the score typed.
QUARTERLY = replace(
    BUILTIN_SCHEMES["weighted-top20"],
    key="quarter",
    name="季度考核",
    period_type="季度",
    components=(Component("q", "季度得分", D(1)),),
    tie_breakers=(),
)
# The annual mix: 60% the quarterly average, 40% the annual review.
ANNUAL = replace(
    BUILTIN_SCHEMES["weighted-top20"],
    key="annual",
    name="年度综合",
    components=(Component("avg", "季度考核平均", D("0.6")), Component("review", "年度述职", D("0.4"))),
    tie_breakers=(),
)


@pytest.fixture
def year(ctx):
    db = ctx.db
    service.create_scheme(db, QUARTERLY, ACTOR)
    service.create_scheme(db, ANNUAL, ACTOR)
    unit = add_unit(db, "东门社区")
    ids = [add_person(db, name, make_id(i + 1), unit) for i, name in enumerate(("张三", "李四"))]
    # 张三 has all four quarters; 李四 lacks the third.
    scores = {1: ("80", "70"), 2: ("90", "75"), 3: ("85", None), 4: ("95.01", "80")}
    for quarter, values in scores.items():
        period = service.open_period(db, "quarter", 2025, quarter, ACTOR).made
        items = [service.ScoreInput(pid, {"q": D(v)}) for pid, v in zip(ids, values, strict=True) if v]
        service.set_many_scores(db, period.id, items, ACTOR)
    annual = service.open_period(db, "annual", 2025, None, ACTOR).made
    service.set_scores(db, annual.id, service.ScoreInput(ids[0], {"review": D(90)}), ACTOR)
    return ids


def dialog_for(qtbot, ctx) -> AnnualDialog:
    dialog = AnnualDialog(ctx, 2025)
    qtbot.addWidget(dialog)
    return dialog


def rows(dialog: AnnualDialog) -> list[list[str]]:
    model = dialog.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_quarters_are_averaged_and_a_missing_one_is_shown(qtbot, ctx, year, answers):
    dialog = dialog_for(qtbot, ctx)
    assert dialog.source_box.currentData() == "quarter" and dialog.target_box.currentData() == "annual"
    assert dialog.component_box.currentData() == "avg"  # the component named for quarters
    assert dialog.formula_label.text().startswith("年度总分 = 季度平均 × 60% + 年度述职 × 40%")
    assert rows(dialog) == [
        ["张三", "80.00", "90.00", "85.00", "95.01", "87.5025", "将写入"],
        ["李四", "70.00", "75.00", "—", "80.00", "", "缺第3季度，不写入"],
    ]
    assert dialog.summary_label.text() == "共 2 人：将写入 1 人，1 人缺少季度成绩（不写入，补齐后再汇总）"
    assert dialog.write_button.isEnabled()


def test_writing_puts_the_exact_average_into_the_annual_period(qtbot, ctx, year, answers):
    dialog = dialog_for(qtbot, ctx)
    assert dialog.write()
    assert dialog.written == ("annual", 2025)
    period = service.find_period(ctx.db, "annual", 2025, None)
    ranking = service.rank_period(ctx.db, period)
    zhang = ranking.row_of(year[0])
    assert dict(zhang.member.entry.scores) == {"avg": D("87.5025"), "review": D(90)}
    assert zhang.result.total == D("88.50")  # 87.5025 × 0.6 + 90 × 0.4 = 88.5015 → 88.50
    assert ranking.row_of(year[1]) is None  # nothing written for a missing quarter
    assert any(a.entity == "appraisal_score" and a.label.startswith("张三") for a in query(ctx.db))
    assert rows(dialog)[0][-1] == "与已写入的一致"
    assert not dialog.write_button.isEnabled()  # nothing left to write


def test_a_finalized_annual_period_is_not_written(qtbot, ctx, year, answers):
    period = service.find_period(ctx.db, "annual", 2025, None)
    service.set_scores(ctx.db, period.id, service.ScoreInput(year[0], {"avg": D(80)}), ACTOR)  # complete
    service.finalize_period(ctx.db, period.id, ACTOR)
    dialog = dialog_for(qtbot, ctx)
    assert "已定稿，不能写入" in dialog.summary_label.text()
    assert not dialog.write_button.isEnabled()


def test_without_a_quarterly_scheme_it_says_how_to_make_one(qtbot, ctx, answers):
    dialog = dialog_for(qtbot, ctx)
    assert dialog.source_box.count() == 0
    assert "需要一个按季度考核的方案" in dialog.summary_label.text()
    assert not dialog.write_button.isEnabled()


def test_the_page_shows_the_annual_period_written(qtbot, ctx, year, answers, monkeypatch):
    page = shown_page(qtbot, ctx)

    def fake(ctx_, parent, chosen_year):
        dialog = AnnualDialog(ctx_, chosen_year, parent)
        dialog.write()
        return dialog.written

    monkeypatch.setattr(scheme_menu, "open_annual_dialog", fake)
    page.scheme_button.annual_action.trigger()
    assert page.scheme_box.currentData() == "annual" and page.year_box.value() == 2025
    assert page.period is not None and page.model.rowCount() == 1
