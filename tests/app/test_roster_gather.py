"""A roster row's fields are read the same way by the quick path (a row that reaches every column) as one by
one: the same values, and the same problems for an ID number Excel stored as a number or an unknown choice."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from app.exchange.cells import cell_texts
from app.exchange.columns import guess_row
from app.exchange.plan import Action, RowPlan
from app.exchange.roster_planner import KnownOffice, Planner
from db import migrations
from db.connection import open_memory

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "出生日期",
    "学历",
    "政治面貌",
    "工作单位",
    "人员类别",
    "备注",
]
_CELL = st.one_of(
    st.none(),
    st.sampled_from(
        ["张三", "男", "女", "大学本科", "本科", "博士后", "中共党员", "党员", "群众", "社区工作者", "x"]
    ),
    st.sampled_from(["110101199003070011", "5.10107199003151e+17", "510107199003151000.0"]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.text(max_size=5),
)


def _planner() -> Planner:
    db = open_memory()
    migrations.apply(db)
    mapping = guess_row(HEADERS, 0).mapping
    return Planner(KnownOffice.load(db, None), mapping, HEADERS, {}, dt.date(2026, 12, 2))


PLANNER = _planner()


@given(st.lists(_CELL, min_size=len(HEADERS), max_size=len(HEADERS)))
@settings(max_examples=300)
def test_the_quick_read_of_a_full_row_is_the_read_one_by_one(cells):
    texts = cell_texts(cells)
    assert len(cells) >= PLANNER.width
    read = []
    for gather in (PLANNER._gather, PLANNER._gather_each):
        PLANNER._failed = set()  # a problem marks its field as failed for the rest of the row
        plan = RowPlan(row=2, action=Action.NEW, cells=cells)
        read.append((gather(cells, texts, plan), plan.problems, PLANNER._failed))
    assert read[0] == read[1]
