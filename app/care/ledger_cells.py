"""What a care ledger's cells may say beyond what the date parser reads: a date that stops at the month (a care
record needs its day: due dates and birthday windows count days), and the columns each kind of record keeps.

A cell filled for a kind of record that has no place for it (方式 on a talk, 回访日期 on an event, 类别 on a
health check) is kept in the record's note as '列名：内容', never dropped; only money on anything but a visit is
refused, since it would leave the year's spending.
"""

from __future__ import annotations

import re
import unicodedata

EVENT, VISIT_RECORD, TALK_RECORD, CHECK = "事件", "走访慰问", "谈心谈话", "健康体检"
# The ledger's columns (beside date, name, ID number, type, note) that each kind of record stores. Of 走访人,
# 谈话人 and 走访人/谈话人 a visit reads its own (ledger_rows.py `_who`), a talk its own; the others are kept.
KEPT: dict[str, frozenset[str]] = {
    EVENT: frozenset(("category",)),
    VISIT_RECORD: frozenset(("category", "method", "gift", "amount", "follow_up")),
    TALK_RECORD: frozenset(("category", "follow_up", "summary")),
    CHECK: frozenset(("place",)),
}
# The columns that may end up in a note, in the ledger's own order; amount is refused instead.
OPTIONAL = ("category", "method", "visitors", "talker", "who", "gift", "follow_up", "place", "summary")
# What a clerk types into a cell to say "nothing here": read as a blank in the optional columns (never in the
# date, name, ID number, type or 类别, where it is refused, nor in the note, which is kept as typed).
NOTHING = frozenset(("/", "\\", "-", "—", "——", "–", "无", "暂无", "没有", "n/a", "na", "空"))
BLANKABLE = tuple(
    w for w in OPTIONAL if w not in ("category", "summary")
)  # 类别 is needed; 谈话内容 as typed
_DIGITS = re.compile(r"\d+")
_MONTH_FIRST_NUMBER = re.compile(r"^\d{4}\.\d{1,2}$")  # 2025.3 typed into a number cell
_MONTH_DAY = re.compile(r"^(\d{1,2})(?:月(\d{1,2})[日号]?|[./](\d{1,2}))$")


def month_only(raw: object) -> bool:
    """Whether a date cell names a month but no day: '2025.3', '2025年3月', '2025-3', '202503', or the number
    2025.3 (what Excel keeps of 2025.3 typed into a number cell)."""
    if isinstance(raw, bool) or raw is None:
        return False
    if isinstance(raw, float):
        return bool(_MONTH_FIRST_NUMBER.match(repr(raw))) or (raw.is_integer() and len(str(int(raw))) == 6)
    if isinstance(raw, int):
        return len(str(raw)) == 6
    if not isinstance(raw, str):
        return False
    groups = _DIGITS.findall(unicodedata.normalize("NFKC", raw))
    return (len(groups) == 2 and len(groups[0]) == 4) or (len(groups) == 1 and len(groups[0]) == 6)


def month_day(raw: object) -> tuple[int, int] | None:
    """(month, day) of a date written without its year: '3月5日', '3月5号', '3/5', '3.5'; else None."""
    if not isinstance(raw, str):
        return None
    found = _MONTH_DAY.match("".join(unicodedata.normalize("NFKC", raw).split()))
    if found is None:
        return None
    month, day = int(found[1]), int(found[2] or found[3])
    return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def stray(record_type: str, filled: dict[str, str], used: frozenset[str] = frozenset()) -> list[str]:
    """The columns, of those filled on a row, that `record_type` has no place for (in the ledger's order);
    `used`: the ones the row read besides (its 走访人 or 谈话人)."""
    kept = KEPT.get(record_type, frozenset()) | used
    return [what for what in OPTIONAL if filled.get(what) and what not in kept]


def with_kept(note: str | None, kept: list[tuple[str, str]]) -> str | None:
    """The note with '列名：内容' of each stray cell after it, joined by '；'."""
    parts = [note] if note else []
    parts += [f"{label}：{text}" for label, text in kept]
    return "；".join(parts) or None


def means_nothing(value: object) -> bool:
    """'/', '—', '无' … (full-width forms too): a cell filled only to show it is empty."""
    if not isinstance(value, str):
        return False
    return "".join(unicodedata.normalize("NFKC", value).split()).casefold() in NOTHING


# Visit kinds as ledgers write them: '春节慰问' is a 节日慰问 on 春节 (kept as its occasion), '住院慰问' a
# 生病住院. Read only where the word is plain; anything else is refused with the list of kinds.
FESTIVAL_WORDS = ("春节", "元旦", "元宵", "端午", "中秋", "重阳", "国庆", "七一", "三八", "五四", "八一")
_VISIT_WORDS = {
    "生日": "生日慰问",
    "住院": "生病住院",
    "生病": "生病住院",
    "患病": "生病住院",
    "结婚": "婚丧嫁娶",
    "丧事": "婚丧嫁娶",
    "婚丧": "婚丧嫁娶",
    "年终": "年终慰问",
    "年底": "年终慰问",
    "体检": "健康体检",
    "节日": "节日慰问",
}
# A talk's reason (and an event's kind) as ledgers write them, once '谈话' / '谈心' is taken off the end.
_REASON_WORDS = {
    "思想": "思想波动",
    "情绪波动": "思想波动",
    "失误": "工作失误",
    "岗位调整": "岗位变动",
    "岗位调动": "岗位变动",
    "调岗": "岗位变动",
    "违纪": "违规违纪",
    "违规": "违规违纪",
}
EVENT_WORDS = {"住院": "生病住院", "生病": "生病住院", "患病": "生病住院", "去世": "丧事", "婚礼": "结婚"}


def visit_kind(text: str, kinds: tuple[str, ...]) -> tuple[str, str | None] | None:
    """(kind, festival) for a visit's 类别 as written, or None when it is not one the app can tell."""
    if text in kinds:
        return text, None
    base = text.removesuffix("慰问").removesuffix("走访")
    for festival in (base, base.removesuffix("节")):  # '中秋节慰问', and 春节 itself
        if festival in FESTIVAL_WORDS:
            return "节日慰问", festival
    kind = _VISIT_WORDS.get(base)
    return (kind, None) if kind else None


def reason_kind(text: str, kinds: tuple[str, ...]) -> str | None:
    """A talk's reason or an event's kind as the app names it, or None when it cannot tell."""
    for word in (text, text.removesuffix("谈话").removesuffix("谈心")):
        if word in kinds:
            return word
        found = _REASON_WORDS.get(word) or EVENT_WORDS.get(word)
        if found in kinds:
            return found
    return None


# A visit's 方式 as ledgers write it: the plain ways of saying 上门 (in person, at home: 走访 is going there) and
# 电话. 慰问 alone names no way, nor does 视频 (no such 方式): refused with the list.
_METHOD_WORDS = {
    "走访": "上门",
    "入户": "上门",
    "家访": "上门",
    "上门走访": "上门",
    "入户走访": "上门",
    "上门慰问": "上门",
    "入户慰问": "上门",
    "电话慰问": "电话",
    "电话联系": "电话",
}


def visit_method(text: str, methods: tuple[str, ...]) -> str | None:
    """A visit's 方式 as the app names it, or None when it cannot tell."""
    if text in methods:
        return text
    found = _METHOD_WORDS.get(text)
    return found if found in methods else None


RECORD_TYPES = (EVENT, VISIT_RECORD, TALK_RECORD, CHECK)
_TYPE_WORDS = {
    "走访": VISIT_RECORD,
    "慰问": VISIT_RECORD,
    "谈话": TALK_RECORD,
    "谈心": TALK_RECORD,
    "体检": CHECK,
}


def record_type(
    text: str, kinds: tuple[str, ...], methods: tuple[str, ...]
) -> tuple[str, dict[str, str]] | None:
    """(the record type, what the word also says of it) for a 记录类型 as written: 走访慰问 as it is, 慰问 a visit,
    电话慰问 a visit by 电话 ({'method': '电话'}), 节日慰问 or 春节慰问 a visit of that 类别 ({'category': …,
    'occasion': …}); None when it names none. Only a word ending in 慰问 or 走访 names a 类别: 生病住院 alone
    could be the event as well as the visit."""
    if text in RECORD_TYPES:
        return text, {}
    if text in _TYPE_WORDS:
        return _TYPE_WORDS[text], {}
    method = visit_method(text, methods) if text != "其他" else None  # 其他 names no kind of record
    if method is not None:
        return VISIT_RECORD, {"method": method}
    found = visit_kind(text, kinds) if text.endswith(("慰问", "走访")) else None
    if found is not None:
        return VISIT_RECORD, {"category": found[0], "occasion": found[1] or ""}
    return None
