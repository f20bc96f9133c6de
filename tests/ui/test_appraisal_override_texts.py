"""排名与定稿, 调整等次 under 1:5:4 (the appraisal trial's findings 5, 6 and 9 as the window shows them): the 说明 of
an override beyond a quota names the quota (优秀, or 优秀、称职合计) with its seats and holders, a refused
settlement of a 待定 tie says which seats it would exceed, and the override is audited with both values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.appraisal import service
from app.audit import query
from tests.ui.appraisal_fixtures import shown_page
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id
from ui.appraisal import questions

# Ten people under ratio-154 (1 优秀, 5 称职, 4 一般), every component the same score, so that score is the total:
# places 6 and 7 share 90 and straddle the last 称职 seat and the first 一般 seat (待定).
TOTALS = (99, 98, 97, 96, 95, 90, 90, 89, 88, 87)
NAMES = ("甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七", "辛八", "壬九", "癸十")


@pytest.fixture
def page(qtbot, ctx, answers):
    unit = add_unit(ctx.db, "东门社区")
    ids = [add_person(ctx.db, name, make_id(i + 1), unit) for i, name in enumerate(NAMES)]
    period = service.open_period(ctx.db, "ratio-154", 2025, None, ACTOR).made
    items = [
        service.ScoreInput(person, {key: Decimal(total) for key in ("weekly", "quarterly", "annual")})
        for person, total in zip(ids, TOTALS, strict=True)
    ]
    service.set_many_scores(ctx.db, period.id, items, ACTOR)
    widget = shown_page(qtbot, ctx)
    widget.show_period("ratio-154", 2025)
    widget.tabs.setCurrentWidget(widget.ranking)
    widget.ids = ids  # the fixture keeps the page alive while the test uses its tab
    return widget


def column(view, name: str) -> list[str]:
    model = view.model
    at = model.column(name)
    return [model.index(r, at).data() for r in range(model.rowCount())]


def override(view, monkeypatch, name: str, grade: str, reason: str) -> None:
    monkeypatch.setattr(questions, "ask_override", lambda parent, who, grades, current: (grade, reason))
    view.table.selectRow(column(view, "姓名").index(name))
    view.override_button.click()


def reason_of(view, name: str) -> str:
    return column(view, "说明")[column(view, "姓名").index(name)]


def test_over_quota_and_a_refused_settlement_say_which_seats(page, ctx, answers, monkeypatch):
    view = page.ranking
    assert column(view, "姓名")[:5] == list(NAMES[:5]) and set(column(view, "姓名")[5:7]) == {"己六", "庚七"}
    override(view, monkeypatch, "丁四", "优秀", "区级表彰")
    assert reason_of(view, "丁四").endswith("→ 称职；超出优秀名额（共 1 席，现 2 人）")
    # 称职 alone stays within its 5 seats: 优秀 and 称职 together hold 7 of 6 (the tie at place 6 holds one).
    override(view, monkeypatch, "癸十", "称职", "表现突出")
    assert reason_of(view, "癸十").endswith(
        "→ 一般；超出优秀、称职合计名额（共 6 席，现 7 人，含待定并列所占的 1 席）"
    )
    assert column(view, "标记")[column(view, "姓名").index("癸十")] == "覆盖、超额"
    override(view, monkeypatch, "己六", "称职", "述职评议靠前")
    assert not answers["warned"]
    override(view, monkeypatch, "庚七", "称职", "也很好")
    assert answers["warned"][-1] == (
        "“庚七”的等次不能改为称职：名次 6 的 2 人并列待定，只占称职 1 席、一般 1 席；"
        "这样定，本组并列者中定为称职（或更好）的会有 2 人，超出所跨的 1 个称职席位"
    )
    assert column(view, "等次")[column(view, "姓名").index("庚七")] == ""  # still 待定


def test_an_override_from_the_window_is_audited_with_both_values(page, ctx, monkeypatch):
    view = page.ranking
    override(view, monkeypatch, "丁四", "优秀", "区级表彰")
    entry = query(ctx.db, entity="appraisal_score")[0]
    assert (entry.before, entry.after) == (
        {"等次": "称职（按规则）"},
        {"等次": "优秀（手工）", "理由": "区级表彰"},
    )
    view.table.selectRow(column(view, "姓名").index("丁四"))
    view.clear_button.click()  # answers['ask'] is True
    entry = query(ctx.db, entity="appraisal_score")[0]
    assert (entry.before, entry.after) == (
        {"等次": "优秀（手工）", "理由": "区级表彰"},
        {"等次": "称职（按规则）"},
    )
