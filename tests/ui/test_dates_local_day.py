"""The window says the local day of what it stores in UTC: a round confirmed, a period finalized at 07:30 on
1 January in Beijing is not shown as done on 31 December."""

from __future__ import annotations

from app.training.list_export import MentorGroups
from ui.training.stored_round import StoredRound

NEW_YEAR_MORNING = "2026-12-31T23:30:00+00:00"  # 07:30 on 1 January 2027 in Beijing


def test_a_stored_round_says_the_local_day_it_was_confirmed(beijing_time):
    found = MentorGroups("2027年导师制", 2027, "志愿", [])
    shown = StoredRound(1, "2027年导师制", 2027, NEW_YEAR_MORNING, found)
    assert shown.summary().startswith("“2027年导师制”（2027年）已于 2027-01-01 确认：第一志愿 0 人")


def test_a_finalized_period_says_the_local_day_it_was_finalized(qtbot, ctx, beijing_time):
    from app.appraisal import service
    from ui.appraisal.page import AppraisalPage

    period = service.open_period(ctx.db, "weighted-top20", 2026, None, "测试员").made
    ctx.db.execute("UPDATE appraisal_periods SET finalized_at = ?, finalized_by = '测试员' WHERE id = ?",
                   [NEW_YEAR_MORNING, period.id])  # fmt: skip
    page = AppraisalPage(ctx)
    qtbot.addWidget(page)
    page.show_period("weighted-top20", 2026)
    assert page.status_label.text() == "已定稿（2027-01-01），成绩和等次只能查看"
