"""Care money: amounts read to the fen exactly, and spending added up by kind, unit or month.

Money is integer fen (分) everywhere; a float never holds an amount. Text is read with Decimal, and an Excel
number (a float in the cell) through its shortest repr, which is what Excel shows: 1200.5, not 1200.4999….
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Gifts cost hundreds, a year's budget a few hundred thousand: more than this is a typing slip (a pasted ID).
MAX_FEN = 10_000_000_000  # 1 亿元
TOTAL = "合计"
BY_CHOICES = ("kind", "unit", "month")
BY_LABELS = {"kind": "类别", "unit": "单位", "month": "月份"}
_CURRENCY = re.compile(r"^(?:人民币|rmb|cny|¥|￥)|(?:元整|元|rmb|cny)$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


class AmountError(ValueError):
    """An amount that cannot be read; message in Chinese, saying what was typed and how to write it."""


def parse_amount(raw: object) -> int | None:
    """Fen from a cell or a typed text: `1,200.5`, `1200.50元`, `￥1200.5`, `1200` (→ 120050 … 120000);
    None for a blank. A negative, more than two decimals, or anything else raises AmountError."""
    if raw is None or isinstance(raw, bool):
        if raw is None:
            return None
        raise AmountError(_unreadable(str(raw)))
    if isinstance(raw, int):
        return _checked(Decimal(raw), str(raw))
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise AmountError(_unreadable(str(raw)))
        return _checked(Decimal(repr(raw)), repr(raw))
    if isinstance(raw, Decimal):
        return _checked(raw, str(raw))
    shown = str(raw).strip()
    text = "".join(unicodedata.normalize("NFKC", shown).split()).casefold()
    if not text:
        return None
    text = _CURRENCY.sub("", _CURRENCY.sub("", text))  # '￥1200元': both ends
    negative = text.startswith("-")
    text = text.lstrip("-+")
    if not (_PLAIN.match(text) or _GROUPED.match(text)):
        raise AmountError(_unreadable(shown))
    value = Decimal(text.replace(",", ""))
    return _checked(-value if negative else value, shown)


def _checked(value: Decimal, shown: str) -> int:
    try:
        fen = value * 100
        if fen < 0:
            raise AmountError(f"金额“{shown}”是负数：慰问金额不能为负，请填写实际支出的金额")
        if fen != fen.to_integral_value():
            raise AmountError(f"金额“{shown}”超过两位小数：金额精确到分，如 1200.50")
        if fen > MAX_FEN:
            raise AmountError(f"金额“{shown}”过大（超过1亿元），请核对是否填错了列")
        return int(fen)
    except InvalidOperation as exc:
        raise AmountError(_unreadable(shown)) from exc


def _unreadable(shown: str) -> str:
    """Why an amount cannot be read: '0.5万' is told what to write instead, '伍佰元' to write digits."""
    text = "".join(unicodedata.normalize("NFKC", shown).split())
    if found := _WAN.match(text):
        yuan = Decimal(found[1]) * 10000
        if yuan * 100 == (yuan * 100).to_integral_value():  # 0.5万 is 5000 元; 0.123456万 no amount
            return f"金额“{shown[:40]}”请写成 {yuan.normalize():f}：金额以元为单位，只填数字"
    if _CHINESE_NUMBER.search(text) and not _DIGIT.search(text):
        return f"金额“{shown[:40]}”是用汉字写的，请改用阿拉伯数字填写（如 500、1200.50）"
    return f"金额“{shown[:40]}”无法识别，请填写数字，如 1200、1200.50、1,200.5 或 1200.50元"


_WAN = re.compile(r"^(?:¥|￥)?(\d+(?:\.\d+)?)万(?:元)?$")
_CHINESE_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]")
_DIGIT = re.compile(r"\d")


def fen_text(fen: int) -> str:
    """120050 → '1200.50': yuan with two decimals, no grouping (programs read the CSV too)."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), 100)
    return f"{sign}{whole}.{part:02d}"


def fen_yuan(fen: int) -> Decimal:
    """Yuan as an exact Decimal, for an .xlsx number cell."""
    return Decimal(fen).scaleb(-2)


# --- spending -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spend:
    """One visit's money: its date (ISO text), kind, amount in fen and the unit of each person visited."""

    date: str
    kind: str
    fen: int
    units: tuple[str, ...]


@dataclass(frozen=True)
class SpendRow:
    label: str  # the kind, the unit, '2026-03', or 合计
    count: int  # 次数: visits
    fen: int


def split_fen(fen: int, parts: int) -> list[int]:
    """`fen` in `parts` shares that add up exactly: the first ones get a fen more (1000 in 3: 334, 333, 333)."""
    if parts <= 0:
        return []
    share, rest = divmod(fen, parts)
    return [share + (1 if i < rest else 0) for i in range(parts)]


def spending(spends: Iterable[Spend], by: str, year: int | None = None) -> list[SpendRow]:
    """One row per kind / unit / month, then 合计. By unit, a visit to people of several units is shared out
    fen-exactly among them (per person) and counted once in each unit, so the units' 次数 may add up to more than
    合计's; the money always adds up. By month, every month of `year` is listed, spent or not."""
    spends = list(spends)
    counts: dict[str, int] = {}
    money: dict[str, int] = {}
    if by == "month" and year is not None:
        for month in range(1, 13):
            counts[f"{year}-{month:02d}"], money[f"{year}-{month:02d}"] = 0, 0
    for spend in spends:
        for label, fen in _shares(spend, by):
            money[label] = money.get(label, 0) + fen
        for label in dict.fromkeys(label for label, _ in _shares(spend, by)):
            counts[label] = counts.get(label, 0) + 1
    labels = sorted(money) if by == "month" else sorted(money, key=lambda k: (-money[k], k))
    rows = [SpendRow(label, counts[label], money[label]) for label in labels]
    return [*rows, SpendRow(TOTAL, len(spends), sum(s.fen for s in spends))]


def _shares(spend: Spend, by: str) -> list[tuple[str, int]]:
    if by == "kind":
        return [(spend.kind, spend.fen)]
    if by == "month":
        return [(spend.date[:7], spend.fen)]
    units = spend.units or ("（无单位）",)
    return list(zip(units, split_fen(spend.fen, len(units)), strict=True))
