"""Care money: amounts read to the fen exactly (never through a float), spending adding up to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.care.money import AmountError, Spend, SpendRow, fen_text, fen_yuan, parse_amount, spending, split_fen


@pytest.mark.parametrize(
    ("raw", "fen"),
    [
        ("1,200.5", 120050), ("1200.50元", 120050), ("￥1200.5", 120050), ("¥1200.5", 120050), ("1200", 120000),
        ("１２００．５", 120050), ("人民币1,000元", 100000), (" 300 元 ", 30000), ("0.01", 1), ("0", 0),
        (1200, 120000), (1200.5, 120050), (0.1, 10), (Decimal("99.99"), 9999), ("", None), (None, None),
        ("12,345,678.9", 1234567890),
    ],
)  # fmt: skip
def test_amounts_read_to_the_fen(raw, fen):
    assert parse_amount(raw) == fen


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("-100", "负数"), ("￥-5", "负数"), (-0.5, "负数"), ("1.234", "两位小数"), (1200.555, "两位小数"),
        ("abc", "无法识别"), ("1,20.5", "无法识别"), ("12..5", "无法识别"), (True, "无法识别"),
        (float("nan"), "无法识别"), ("1e3", "无法识别"), ("110101199001010011", "过大"),
    ],
)  # fmt: skip
def test_negative_or_unreadable_amounts_are_refused_in_chinese(raw, says):
    with pytest.raises(AmountError, match=says):
        parse_amount(raw)


FEN = st.integers(min_value=0, max_value=10_000_000_000)


def _grouped(fen: int) -> str:
    return f"{fen // 100:,}.{fen % 100:02d}"


@given(FEN)
def test_every_spelling_of_an_amount_reads_back_to_the_same_fen(fen):
    text = fen_text(fen)
    for spelling in (text, text + "元", "￥" + text, _grouped(fen), _grouped(fen) + "元", str(fen_yuan(fen))):
        assert parse_amount(spelling) == fen
    assert parse_amount(text.rstrip("0").rstrip(".") or "0") == fen


@given(st.integers(min_value=0, max_value=99_999_999_99))
def test_an_excel_number_reads_as_the_amount_excel_shows(fen):
    # Excel holds 1200.5 as a double; its shortest repr is what the cell shows, and what we read.
    assert parse_amount(float(fen_text(fen))) == fen


@given(FEN, st.integers(min_value=1, max_value=50))
def test_a_split_adds_up_to_the_fen(fen, parts):
    shares = split_fen(fen, parts)
    assert sum(shares) == fen and max(shares) - min(shares) <= 1


SPENDS = [
    Spend("2026-01-20", "节日慰问", 20000, ("东门社区",)),
    Spend("2026-01-25", "生病住院", 50050, ("东门社区", "西门社区", "西门社区")),
    Spend("2026-03-02", "节日慰问", 10001, ("西门社区",)),
]


def test_spending_by_kind_unit_and_month_adds_up_to_the_fen():
    assert spending(SPENDS, "kind") == [
        SpendRow("生病住院", 1, 50050), SpendRow("节日慰问", 2, 30001), SpendRow("合计", 3, 80051),
    ]  # fmt: skip
    # 500.50 over three people: 166.84 to 东门, 166.83 + 166.83 to 西门.
    assert spending(SPENDS, "unit") == [
        SpendRow("西门社区", 2, 43367), SpendRow("东门社区", 2, 36684), SpendRow("合计", 3, 80051),
    ]  # fmt: skip
    months = spending(SPENDS, "month", 2026)
    assert len(months) == 13 and months[0] == SpendRow("2026-01", 2, 70050) and months[1].count == 0
    assert months[-1] == SpendRow("合计", 3, 80051)
    for by in ("kind", "unit", "month"):
        rows = spending(SPENDS, by, 2026)
        assert sum(r.fen for r in rows[:-1]) == rows[-1].fen


def test_fen_as_text_and_yuan():
    assert (fen_text(120050), fen_text(5), fen_text(0)) == ("1200.50", "0.05", "0.00")
    assert fen_yuan(120050) == Decimal("1200.50")
