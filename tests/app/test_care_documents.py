"""The printed care documents read back: a person's 关怀台账 and the year's 关怀工作汇总 (text with pypdf)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from app.care.budget import set_budget
from app.care.documents import person_ledger, year_summary
from app.care.service import (
    TalkInput,
    VisitInput,
    record_event,
    record_health_check,
    record_talk,
    record_visit,
)
from app.printing.problems import PrintError
from tests.app.test_care_service import ACTOR, db, people  # noqa: F401 (fixtures)


def text_of(path) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.fixture
def cared(db, people):  # noqa: F811
    zhang, li = people["张三"], people["李四"]
    event = record_event(db, zhang, "生病住院", "2026-03-01", ACTOR).record_id
    record_visit(db, VisitInput([zhang], "2026-03-12", "生病住院", visitors="王主任", gift="水果", amount_fen=30050,
                                event_id=event), ACTOR)  # fmt: skip
    record_visit(
        db, VisitInput([zhang, li], "2025-09-17", "节日慰问", amount_fen=20000, occasion="中秋"), ACTOR
    )
    record_talk(db, TalkInput(li, "2026-04-02", "工作失误", talker="刘书记"), ACTOR)
    record_event(db, li, "思想波动", "2026-05-01", ACTOR)
    record_health_check(db, zhang, "2026-06-01", ACTOR, place="区人民医院")
    set_budget(db, 2026, 10_000_000, ACTOR)
    return people


def test_a_persons_ledger_lists_everything_and_the_gifts_by_year(db, cared, tmp_path):  # noqa: F811
    printed = person_ledger(db, cared["张三"], tmp_path / "台账.pdf")
    assert printed.pages == 1 and printed.summary() == "已生成关怀台账：1 页"
    text = text_of(tmp_path / "台账.pdf")
    assert "关怀台账" in text and "姓名：张三" in text
    for seen in (
        "生病住院，已走访（2026-03-12）",
        "走访人王主任",
        "300.50",
        "节日慰问（中秋）",
        "区人民医院",
    ):
        assert seen in text, seen
    assert "慰问金额：2026年1次，300.50元；2025年1次，200.00元" in text
    with pytest.raises(PrintError, match="王五2026年还没有关怀记录"):
        person_ledger(db, cared["王五"], tmp_path / "空.pdf", year=2026)
    assert not (tmp_path / "空.pdf").exists()


def test_the_years_summary_adds_up(db, cared, tmp_path):  # noqa: F811
    year_summary(db, 2026, tmp_path / "汇总.pdf")
    text = text_of(tmp_path / "汇总.pdf")
    assert "2026年度关怀工作汇总" in text
    assert "全年关怀支出1次，合计300.50元；年度预算100000.00元，结余99699.50元" in text
    assert "东门社区1300.50" in text  # by unit
    assert "2026-03" in text and "合计1300.50" in text
    # 事件类别, 件数, 按期, 逾期, 尚未: the visit came 4 days late; the talk answered nothing
    assert "生病住院1010" in text and "思想波动1001" in text and "合计2011" in text
    assert "谈心谈话1次；健康体检1人，在岗（含试用期）人员中尚未体检2人" in text
