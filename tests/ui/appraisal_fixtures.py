"""Offices with an appraisal to look at, for the tests of the 考核 pages (tests/ui/test_appraisal_*.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.appraisal import service
from tests.ui.conftest import ACTOR, add_person, add_unit, make_id
from ui.appraisal.page import AppraisalPage

# Ten people under weighted-top20 (工作考核, 业务测试, 满意度测评): person i scores 95 - 5i in each, so the total
# is the same number; the last has no 满意度测评 yet (待补录). Nine ranked: floor(20% × 9) = 1 优秀.
NAMES = ("甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七", "辛八", "壬九", "癸十")


@dataclass
class Scored:
    period: service.Period
    ids: list[int]  # in NAMES order
    units: dict[str, int] = field(default_factory=dict)


def scored_period(db, *, split_units: bool = False) -> Scored:
    north, south = add_unit(db, "北街社区"), add_unit(db, "南街社区")
    ids = []
    for i, name in enumerate(NAMES):
        unit = south if split_units and i % 2 else north
        ids.append(add_person(db, name, make_id(i + 1), unit))
    period = service.open_period(db, "weighted-top20", 2025, None, ACTOR).made
    items = []
    for i, person_id in enumerate(ids):
        score = Decimal(95 - 5 * i)
        scores = {"work": score, "test": score, "satisfaction": score}
        if i == len(ids) - 1:
            del scores["satisfaction"]
        items.append(service.ScoreInput(person_id, scores))
    service.set_many_scores(db, period.id, items, ACTOR)
    return Scored(service.get_period(db, period.id), ids, {"北街社区": north, "南街社区": south})


def stored_scores(db, period_id: int, person_id: int) -> dict:
    ranking = service.rank_period(db, service.get_period(db, period_id))
    row = ranking.row_of(person_id)
    return {} if row is None else dict(row.member.entry.scores)


def shown_page(qtbot, ctx):
    """The 考核 page as the main window shows it: refreshed on every change, at a working size, on screen."""
    widget = AppraisalPage(ctx)
    ctx.changed.connect(widget.refresh)  # what the main window does
    qtbot.addWidget(widget)
    widget.resize(1280, 780)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
