"""The grading engine: schemes, exact totals, ranking and grades with a reason a clerk can read out.

Pure Python, standard library only: no database, no Qt. Everything printed is a Decimal rounded half-up
(四舍五入), because a ranking list goes on the record and is argued over to the last cent of a point.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

__all__ = [
    "BONUS_KEY",
    "BUILTIN_SCHEMES",
    "EXEMPT",
    "GRADES",
    "MISSING",
    "OVERRIDDEN",
    "OVER_QUOTA",
    "PENDING",
    "REMEDIAL",
    "Component",
    "Entry",
    "Override",
    "Ratio",
    "Result",
    "Scheme",
    "ThresholdTop",
    "apportion",
    "excel_number",
    "override_problem",
    "rank_group",
    "round_half_up",
    "score_problem",
    "total_of",
]

GRADES = ("优秀", "称职", "一般", "不称职")  # best first: a grade's index is its order
EXEMPT = "不参加考核"
PENDING = "待定"
MISSING = "待补录"
REMEDIAL = "补课"
OVERRIDDEN = "覆盖"
OVER_QUOTA = "超额"
BONUS_KEY = "bonus"  # the key score_problem takes for X (专项工作加分); its printed name is Scheme.bonus_name

_EXCELLENT, _COMPETENT, _FAIR, _POOR = GRADES
_ORDER = {grade: index for index, grade in enumerate(GRADES)}
_CENT = Decimal("0.01")
_ZERO = Decimal(0)
# Sums of weight × score are exact at this precision for any score of Excel's 15 digits and any sane weight;
# only the final quantize rounds.
_EXACT = Context(prec=60, rounding=ROUND_HALF_UP)
_EXCEL = Context(prec=15, rounding=ROUND_HALF_UP)  # what Excel keeps and shows of a number


@dataclass(frozen=True)
class Component:
    key: str  # stable ASCII key
    name: str  # as printed and as the score file's column header
    weight: Decimal  # the weights of a scheme add up to exactly 1
    max_score: Decimal = Decimal(100)


@dataclass(frozen=True)
class ThresholdTop:
    """优秀 needs total ≥ excellent_min and place ≤ floor(top_share × n); 称职 ≥ competent_min; else 不称职."""

    excellent_min: Decimal
    top_share: Decimal
    competent_min: Decimal


@dataclass(frozen=True)
class Ratio:
    """Seats of 优秀/称职/一般 apportioned to n by largest remainder, filled in rank order."""

    shares: tuple[int, int, int]


@dataclass(frozen=True)
class Scheme:
    key: str
    name: str
    period_type: str  # "季度" or "年度"
    components: tuple[Component, ...]
    rule: ThresholdTop | Ratio
    tie_breakers: tuple[str, ...] = ()  # component keys, in order
    bonus_cap: Decimal | None = None  # None: the scheme has no X
    bonus_name: str = "专项工作加分"
    remedial_below: Decimal | None = None  # a total below this needs 补课
    roles: tuple[str, ...] = ()  # () = every role


def _c(key: str, name: str, weight: str) -> Component:
    return Component(key, name, Decimal(weight))


# Issue 8 gives no period type for the built-ins: all three carry 年度述职-style yearly grades, so 年度; an office
# copies one to run it quarterly. 3x names no tie-breakers, so none: equal totals share a place (and may be 待定).
BUILTIN_SCHEMES: dict[str, Scheme] = {
    "weighted-top20": Scheme(
        key="weighted-top20",
        name="加权评价·双达标",
        period_type="年度",
        components=(
            _c("work", "工作考核", "0.5"),
            _c("test", "业务测试", "0.2"),
            _c("satisfaction", "满意度测评", "0.3"),
        ),
        rule=ThresholdTop(Decimal(80), Decimal("0.2"), Decimal(60)),
        tie_breakers=("work", "test"),
        remedial_below=Decimal(80),
    ),
    "ratio-154": Scheme(
        key="ratio-154",
        name="周汇报·季考核·年述职 1:5:4",
        period_type="年度",
        components=(
            _c("weekly", "周汇报", "0.2"),
            _c("quarterly", "季度考核", "0.5"),
            _c("annual", "年度述职", "0.3"),
        ),
        rule=Ratio((1, 5, 4)),
        tie_breakers=("quarterly", "annual"),
    ),
    "3x": Scheme(
        key="3x",
        name="满意度·能力测试·工作实绩 + 专项工作（3+X）",
        period_type="年度",
        components=(
            _c("satisfaction", "满意度", "0.3"),
            _c("ability", "能力测试", "0.3"),
            _c("performance", "工作实绩", "0.4"),
        ),
        rule=ThresholdTop(Decimal(85), Decimal("0.2"), Decimal(60)),
        bonus_cap=Decimal(10),
    ),
}


# --- numbers ----------------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def excel_number(value: object) -> Decimal:
    """A cell as Excel shows it, as a Decimal: 15 significant digits, so 79.98999999999999 is 79.99.

    Accepts int, float, Decimal and text ("85.5", full-width "８５", " 85 "); refuses bool, NaN, infinity,
    blank and anything else with a ValueError in Chinese."""
    if isinstance(value, bool):  # before int: True is an int, but a tick box is not a score
        raise ValueError(f"“{'是' if value else '否'}”不是分数，请填写数字")
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("分数不是有效的数字（无穷大或非数）")
        # Excel shows the binary value correctly rounded to 15 digits, as cells.py reads it; rounding repr()'s
        # 17 digits again would round twice.
        number = Decimal(f"{value:.15g}")
    elif isinstance(value, str):
        number = _text_number(value)
    elif value is None:
        raise ValueError("分数为空")
    else:
        raise ValueError(f"“{value}”不是分数，请填写数字")
    if not number.is_finite():
        raise ValueError("分数不是有效的数字（无穷大或非数）")
    # 15 digits, half-up; then one spelling per value (85.50 and 85.5 are one score; never 1E+2 or -0), so
    # what the store writes back is what the clerk typed.
    number = _EXCEL.plus(number).normalize(_EXACT)
    if number.as_tuple().exponent > 0 and number.adjusted() < 28:  # Excel too writes 1E+30 with an exponent
        number = number.quantize(Decimal(1), context=_EXACT)
    return number


def _text_number(text: str) -> Decimal:
    # NFKC: full-width digits, point and sign (８５．５) are what a Chinese IME types.
    plain = unicodedata.normalize("NFKC", text).strip()
    if not plain:
        raise ValueError("分数为空")
    if not _NUMBER.fullmatch(plain):  # no 85分, 85%, 1_000, NaN or Infinity: ask rather than guess
        raise ValueError(f"“{text.strip()}”不是数字，请只填写分数，如 85 或 85.5")
    return Decimal(plain)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """四舍五入 to `places` decimals: 79.995 → 80.00, 2.675 → 2.68, 2.665 → 2.67. round() will not do: on a
    float 2.675 is a hair below and gives 2.67; on a Decimal it rounds half to even, 2.665 → 2.66."""
    return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP, _EXACT)


def _num(value: Decimal) -> str:
    """A threshold or share as a person writes it: 80, 0.5, never 8E+1 or 80.00."""
    return format(value.normalize(), "f")


def score_problem(scheme: Scheme, key: str, value: Decimal) -> str | None:
    """What is wrong with a score for component `key` (or BONUS_KEY / the bonus name for X), in Chinese."""
    if key == BONUS_KEY or (scheme.bonus_cap is not None and key == scheme.bonus_name):
        if scheme.bonus_cap is None:
            return f"方案“{scheme.name}”没有{scheme.bonus_name}"
        name, top = scheme.bonus_name, scheme.bonus_cap
    else:
        component = next((c for c in scheme.components if c.key == key or c.name == key), None)
        if component is None:
            return f"方案“{scheme.name}”没有“{key}”这一项"
        name, top = f"{component.name}的分数", component.max_score
    if not isinstance(value, Decimal):
        try:
            value = excel_number(value)
        except ValueError as exc:
            return f"{name}：{exc}"
    if not value.is_finite():
        return f"{name}不是有效的数字"
    if not 0 <= value <= top:
        shown = format(value, "f") if value.adjusted() < 16 else str(value)  # not 400 zeros for 1E+400
        return f"{name}应在 0 到 {_num(top)} 之间，输入的是 {shown}"
    return None


def _score(value: object) -> Decimal:
    return value if type(value) is Decimal else excel_number(value)


def total_of(scheme: Scheme, scores: Mapping[str, Decimal | None], bonus: Decimal | None) -> Decimal | None:
    """Σ weight × score (+ X), exact, rounded half-up to 2 decimals; None when a component is missing.

    Raises ValueError (in Chinese) for a score outside 0–max or an X above the cap: such a number must have
    been refused where it was typed, and printing a total made from it would be worse than stopping."""
    with localcontext(_EXACT):
        return _total(scheme, scores, bonus)


def _total(scheme: Scheme, scores: Mapping[str, Decimal | None], bonus: Decimal | None) -> Decimal | None:
    """total_of inside the exact context (rank_group enters it once for everyone)."""
    total = _ZERO
    for component in scheme.components:
        score = scores.get(component.key)
        if type(score) is not Decimal:  # the usual case skips a call: this runs for everyone in a ranking
            if score is None:
                return None
            score = excel_number(score)
        if not _ZERO <= score <= component.max_score:
            raise ValueError(score_problem(scheme, component.key, score))
        total += component.weight * score
    if bonus is not None:
        total += _bonus(scheme, _score(bonus))
    return total.quantize(_CENT, ROUND_HALF_UP)


def _bonus(scheme: Scheme, bonus: Decimal) -> Decimal:
    if scheme.bonus_cap is None:
        if bonus == 0:  # a blank X column read as 0 under a scheme without X changes nothing
            return bonus
        raise ValueError(f"方案“{scheme.name}”没有{scheme.bonus_name}")
    problem = score_problem(scheme, BONUS_KEY, bonus)
    if problem:
        raise ValueError(problem)
    return bonus


def apportion(n: int, shares: tuple[int, ...]) -> tuple[int, ...]:
    """Seats for each share of n by the largest-remainder method; equal remainders go to the LOWER grade
    (the later share), so a tie never gives away a better grade.  (7, (1,5,4)) → (1, 3, 3)."""
    whole = sum(shares)
    if n < 0 or whole <= 0 or any(s < 0 for s in shares):
        raise ValueError("名额比例应为非负整数且不全为 0，人数不能为负")
    seats = [n * s // whole for s in shares]
    left = n - sum(seats)
    # Remainders compared as integers (n × s mod whole), exactly; ties broken towards the later (lower) grade.
    order = sorted(range(len(shares)), key=lambda i: (n * shares[i] % whole, i), reverse=True)
    for i in order[:left]:
        seats[i] += 1
    return tuple(seats)


# --- entries and results ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    grade: str  # one of GRADES or EXEMPT
    reason: str  # required, non-empty


@dataclass(frozen=True)
class Entry:
    person_id: int
    scores: Mapping[str, Decimal | None]
    bonus: Decimal | None = None
    override: Override | None = None


@dataclass(frozen=True)
class Result:
    person_id: int
    total: Decimal | None
    place: int | None
    computed: str | None
    grade: str | None
    flags: tuple[str, ...]
    reason: str


# --- ranking ----------------------------------------------------------------------------------------------------
#
# Ten thousand people are ranked in well under 200 ms, so the per-person path is kept flat: parallel lists, one
# verdict and one reason string per shared place (a "tie": people equal on the total and every tie-breaker;
# most ties hold one person), and no object per person but the Result itself.


@dataclass
class _Table:
    """One group ranked. Positions are 0-based; tie t covers positions bounds[t] .. bounds[t + 1] - 1."""

    # Ranked people in order (total, then tie-breakers, descending; the given order among equals) and totals.
    entries: list[Entry]
    totals: list[Decimal]
    bounds: list[int]  # the first position of each tie, then n
    missing: list[tuple[Entry, list[str]]]  # 待补录, with the names of the missing components
    exempt: list[Entry]  # 不参加考核
    overridden: bool  # anyone has an override: only then can a quota be exceeded
    # Per tie: the rule's grade (None: 待定) and the reason; for a 待定 tie, the seats of each grade it takes.
    computed: list[str | None] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    straddles: dict[int, tuple[int, ...]] = field(default_factory=dict)
    caps: dict[int, int] = field(default_factory=dict)  # grade index -> how many may hold it or a better one

    @property
    def n(self) -> int:
        return len(self.entries)

    def tie_of(self, position: int) -> int:
        return bisect_right(self.bounds, position) - 1


def _rank(scheme: Scheme, entries: Sequence[Entry]) -> _Table:
    """Totals, order, places and each tie's verdict. Runs inside the exact decimal context."""
    ranked: list[Entry] = []
    totals: list[Decimal] = []
    keys: list = []
    missing: list[tuple[Entry, list[str]]] = []
    exempt: list[Entry] = []
    overridden = False
    breakers = scheme.tie_breakers
    for entry in entries:
        override = entry.override
        if override is not None:
            if override.grade == EXEMPT:
                exempt.append(entry)
                continue
            overridden = True
        total = _total(scheme, entry.scores, entry.bonus)
        if total is None:
            missing.append((entry, [c.name for c in scheme.components if entry.scores.get(c.key) is None]))
            continue
        ranked.append(entry)
        totals.append(total)
        # The printed (rounded) total ranks: nobody can see 82.001 beat 82.00, so equal printed totals go on to
        # the tie-breakers and, equal on those too, share a place.
        if breakers:
            keys.append((total, *[_score(entry.scores[key]) for key in breakers]))
    order = sorted(range(len(ranked)), key=(keys if breakers else totals).__getitem__, reverse=True)
    keys = [keys[i] for i in order] if breakers else [totals[i] for i in order]
    n = len(order)
    bounds = [0, *[p for p in range(1, n) if keys[p] != keys[p - 1]], n] if n else [0]
    table = _Table(
        [ranked[i] for i in order], [totals[i] for i in order], bounds, missing, exempt, overridden
    )
    if isinstance(scheme.rule, Ratio):
        _grade_ratio(scheme.rule, table)
    else:
        _grade_threshold(scheme.rule, table)
    return table


def _place_text(start: int, end: int) -> str:
    return f"名次 {start + 1}" if end - start == 1 else f"名次 {start + 1}（{end - start} 人并列）"


def _span_text(start: int, end: int) -> str:
    """名次 8，3 人并列（第 8–10 位）: the place, the group's size and the positions it covers."""
    return f"名次 {start + 1}，{end - start} 人并列（第 {start + 1}–{end} 位）"


def _straddle_text(straddle: Sequence[int]) -> str:
    return "、".join(f"{GRADES[i]} {count} 席" for i, count in enumerate(straddle) if count)


def _grade_threshold(rule: ThresholdTop, table: _Table) -> None:
    """ThresholdTop: the total decides 称职/不称职; 优秀 also needs a position within the top share. Only the
    top-share line can cut a tie (its members share a total, so no total threshold runs through it)."""
    n, bounds, totals = table.n, table.bounds, table.totals
    top = int(rule.top_share * n)  # floor: a positive Decimal truncates to int
    table.caps = {0: top}
    excellent, competent = _num(rule.excellent_min), _num(rule.competent_min)
    share = f"前 {_num(rule.top_share * 100)}%"
    if top:
        inside, outside = f"，在{share}（{top} 人）内 → 优秀", f"，超出{share}（{top} 人）→ "
    else:  # floor(20% × 4) = 0: nobody in a small group can be 优秀; say that, not "超出前 20%（0 人）"
        inside, outside = "", f"，本组 {n} 人，{share} 不足 1 人 → "
    for t in range(len(bounds) - 1):
        start, end = bounds[t], bounds[t + 1]
        total = totals[start]
        below = _COMPETENT if total >= rule.competent_min else _POOR
        if total < rule.excellent_min:
            table.computed.append(below)
            table.reasons.append(
                f"总分 {total} < {excellent}，≥ {competent} → 称职"
                if below == _COMPETENT
                else f"总分 {total} < {competent} → 不称职"
            )
        elif end <= top:
            table.computed.append(_EXCELLENT)
            table.reasons.append(f"总分 {total} ≥ {excellent}，{_place_text(start, end)}{inside}")
        elif start >= top:
            table.computed.append(below)
            where = f"，{_place_text(start, end)}" if top else ""
            # (不称职 here only if a scheme puts its 称职 line above its 优秀 line: say which line failed)
            tail = below if below == _COMPETENT else f"不称职（低于 {competent}）"
            table.reasons.append(f"总分 {total} ≥ {excellent}{where}{outside}{tail}")
        else:  # the line runs through the tie: positions start .. top-1 are 优秀 seats, the rest are not
            straddle = [0, 0, 0, 0]
            straddle[0], straddle[_ORDER[below]] = top - start, end - top
            table.straddles[t] = tuple(straddle)
            table.computed.append(None)
            table.reasons.append(
                f"总分 {total} ≥ {excellent}，{_span_text(start, end)}，跨{share} 线（{top} 人）："
                f"占{_straddle_text(straddle)} → 待定"
            )


def _grade_ratio(rule: Ratio, table: _Table) -> None:
    """Ratio: seats apportioned to n and filled in rank order; a tie over the last seat of a grade is 待定."""
    seats = apportion(table.n, rule.shares)
    ends = (seats[0], seats[0] + seats[1], table.n)
    begins = (0, ends[0], ends[1])
    table.caps = {0: ends[0], 1: ends[1]}  # 一般 is the last grade: it takes whoever is left, no cap
    heads = [_seats_filled(seats, grade) for grade in range(3)]
    bounds = table.bounds
    for t in range(len(bounds) - 1):
        start, end = bounds[t], bounds[t + 1]
        first = 0 if start < ends[0] else 1 if start < ends[1] else 2
        last = 0 if end <= ends[0] else 1 if end <= ends[1] else 2
        if first == last:
            seat = start - begins[first] + 1
            seat_text = f"第 {seat} 席" if end - start == 1 else f"第 {seat}–{seat + end - start - 1} 席"
            table.computed.append(GRADES[first])
            table.reasons.append(
                f"{_place_text(start, end)}，{heads[first]}{GRADES[first]}席位{seat_text}"
                f"（共 {seats[first]} 席）→ {GRADES[first]}"
            )
        else:
            straddle = (*[max(0, min(end, ends[i]) - max(start, begins[i])) for i in range(3)], 0)
            table.straddles[t] = straddle
            table.computed.append(None)
            names = "、".join(GRADES[first : last + 1])
            table.reasons.append(
                f"{_span_text(start, end)}，跨{names}席位：占{_straddle_text(straddle)} → 待定"
            )


def _seats_filled(seats: Sequence[int], grade: int) -> str:
    """What comes before a seat of `grade`: "优秀 1 席、称职 5 席已满，" (or "无优秀席位，" when n is small)."""
    empty = "".join(f"无{GRADES[i]}席位，" for i in range(grade) if not seats[i])
    filled = [f"{GRADES[i]} {seats[i]} 席" for i in range(grade) if seats[i]]
    return empty + ("、".join(filled) + "已满，" if filled else "")


# --- results and overrides --------------------------------------------------------------------------------------


def rank_group(scheme: Scheme, entries: Sequence[Entry]) -> list[Result]:
    """One group's results in display order: ranked people by place (the given order among equals), then
    待补录, then 不参加考核. The caller calls this once per part when a period is split by role or unit.

    An override keeps the person in n and in the ranking (grade = the override, computed = the rule's, flag
    覆盖); 不参加考核 takes them out of n. Others are never regraded around an override: a seat an override
    empties stays empty, and filling it by hand is not 超额."""
    with localcontext(_EXACT):
        table = _rank(scheme, entries)
    over = _over_quota(table) if table.overridden else set()
    results = _ranked_results(table, scheme.remedial_below, over)
    results += [_missing_result(entry, names) for entry, names in table.missing]
    # 不参加考核: no total and no place, as on paper — not appraised this period (any scores stay in their columns).
    results += [
        Result(e.person_id, None, None, None, EXEMPT, (OVERRIDDEN,), _exempt_text(e)) for e in table.exempt
    ]
    return results


def _ranked_results(table: _Table, remedial: Decimal | None, over: set[int]) -> list[Result]:
    results: list[Result] = []
    append = results.append
    entries, totals, bounds = table.entries, table.totals, table.bounds
    # 补课 follows the total, not the grade: "anyone below 80" — an override changes the grade, not the score.
    remedial_text = "" if remedial is None else f"；低于 {_num(remedial)} 分，需补课"
    for t, computed in enumerate(table.computed):
        start, end = bounds[t], bounds[t + 1]
        total, reason = totals[start], table.reasons[t]
        flags: tuple[str, ...] = () if computed else (PENDING,)
        if remedial is not None and total < remedial:
            flags += (REMEDIAL,)
            reason += remedial_text
        for position in range(start, end):
            entry = entries[position]
            if entry.override is None:
                append(Result(entry.person_id, total, start + 1, computed, computed, flags, reason))
            else:
                append(_overridden(entry, total, start + 1, computed, flags, reason, position in over))
    return results


def _overridden(
    entry: Entry,
    total: Decimal,
    place: int,
    computed: str | None,
    flags: tuple[str, ...],
    reason: str,
    over: bool,
) -> Result:
    """An override settles a 待定 member: 待定 goes, 覆盖 comes; the rule's reading stays in the line."""
    override = entry.override
    assert override is not None
    flags = (*(f for f in flags if f != PENDING), OVERRIDDEN, *((OVER_QUOTA,) if over else ()))
    text = f"手工定为{override.grade}（理由：{_one_line(override.reason)}）；按规则：{reason}"
    if over:
        text += f"；超出{override.grade}名额"
    return Result(entry.person_id, total, place, computed, override.grade, flags, text)


def _exempt_text(entry: Entry) -> str:
    assert entry.override is not None
    return f"不参加考核（理由：{_one_line(entry.override.reason)}），不计入人数"


def _one_line(text: str) -> str:
    """A reason typed over several lines, read out as one."""
    return " ".join(text.split())


def _missing_result(entry: Entry, names: list[str]) -> Result:
    reason = f"缺{'、'.join(names)}的分数 → 待补录"
    if entry.override is not None:  # its grade waits for the score (不参加考核 would have taken it out)
        reason += f"（手工等次“{entry.override.grade}”在补录后生效）"
    return Result(entry.person_id, None, None, None, None, (MISSING,), reason)


def _cumulative(indexes: Iterable[int]) -> list[int]:
    """How many of these grade indexes are each grade or better."""
    counts = [0, 0, 0, 0]
    for index in indexes:
        counts[index] += 1
    for i in range(1, 4):
        counts[i] += counts[i - 1]
    return counts


def _straddled(straddle: Sequence[int]) -> list[int]:
    return _cumulative(i for i, count in enumerate(straddle) for _ in range(count))


def _over_quota(table: _Table) -> set[int]:
    """Positions whose override exceeds a quota (超额).

    A quota caps how many may hold a grade *or a better one* (优秀 ≤ its seats; under 1:5:4 also 优秀 + 称职 ≤
    theirs): an override down leaves a seat empty and exceeds nothing. An unsettled 待定 tie holds the seats
    it straddles. Only overrides that lift someone into a class that is then over its cap are flagged."""
    held = [0, 0, 0, 0]
    # (position, the best class the override lifted it into, the first class it was in by the rule)
    lifted: list[tuple[int, int, int]] = []
    for t, computed in enumerate(table.computed):
        start, end = table.bounds[t], table.bounds[t + 1]
        if computed is None:
            _hold_pending(table, t, held, lifted)
            continue
        rule_index = _ORDER[computed]
        for position in range(start, end):
            override = table.entries[position].override
            index = _ORDER.get(override.grade, rule_index) if override else rule_index
            for i in range(index, 4):
                held[i] += 1
            if index < rule_index:
                lifted.append((position, index, rule_index))
    full = [i for i, cap in table.caps.items() if held[i] > cap]
    return {position for position, low, high in lifted if any(low <= i < high for i in full)}


def _hold_pending(table: _Table, t: int, held: list[int], lifted: list[tuple[int, int, int]]) -> None:
    """A 待定 tie holds its straddled seats, or what its settled members were given if that is more."""
    start, end = table.bounds[t], table.bounds[t + 1]
    settled = [
        (p, _ORDER[o.grade])
        for p in range(start, end)
        if (o := table.entries[p].override) and o.grade in _ORDER
    ]
    given = _cumulative(index for _, index in settled)
    seats = _straddled(table.straddles[t])
    unsettled = end - start - len(settled)
    for i in range(4):
        held[i] += max(given[i], min(seats[i], given[i] + unsettled))
    # Settled beyond the straddle: possible only when scores changed after the override was saved.
    for position, index in settled:
        first_within = next((i for i in range(index, 4) if given[i] <= seats[i]), 4)
        if first_within > index:
            lifted.append((position, index, first_within))


def _rule_grades(scheme: Scheme) -> tuple[str, ...]:
    """Grades an override may give: the rule's own, and 不称职 under 1:5:4 too (no seat gives it, but
    misconduct can earn it by hand). 一般 under a threshold scheme, which never gives it, is a slip."""
    if isinstance(scheme.rule, Ratio):
        return GRADES
    return (_EXCELLENT, _COMPETENT, _POOR)


def override_problem(
    scheme: Scheme, entries: Sequence[Entry], person_id: int, override: Override
) -> str | None:
    """Why this override may not be saved, in Chinese; None when it may (an override beyond a quota may, and
    is flagged 超额). Refuses: no reason, a grade the scheme does not give, a grade for someone still 待补录,
    and settling a 待定 tie with more seats of a grade (or better) than the tie straddles."""
    allowed = (*_rule_grades(scheme), EXEMPT)
    if override.grade not in allowed:
        return f"“{override.grade}”不是方案“{scheme.name}”的等次，可选：{'、'.join(allowed)}"
    if not override.reason.strip():
        return "手工调整等次必须写明理由"
    index = next((i for i, e in enumerate(entries) if e.person_id == person_id), None)
    if index is None:
        return f"本组中没有这个人（编号 {person_id}）"
    if override.grade == EXEMPT:
        return None
    changed = list(entries)
    mine = changed[index] = replace(entries[index], override=override)
    with localcontext(_EXACT):
        table = _rank(scheme, changed)
    for entry, names in table.missing:
        if entry is mine:
            return f"还缺{'、'.join(names)}的分数：请先补录分数，或标为“{EXEMPT}”"
    t = table.tie_of(next(p for p, e in enumerate(table.entries) if e is mine))
    return _pending_problem(table, t) if table.computed[t] is None else None


def _pending_problem(table: _Table, t: int) -> str | None:
    """A 待定 tie may be settled with at most the seats it straddles of each grade-or-better class."""
    start, end = table.bounds[t], table.bounds[t + 1]
    overrides = [o.grade for p in range(start, end) if (o := table.entries[p].override)]
    given = _cumulative(_ORDER[grade] for grade in overrides if grade in _ORDER)
    seats = _straddled(table.straddles[t])
    head = f"名次 {start + 1} 的 {end - start} 人并列待定，只占{_straddle_text(table.straddles[t])}"
    for i in range(4):
        if given[i] > seats[i]:
            label = GRADES[0] if i == 0 else "、".join(GRADES[:i]) + "和" + GRADES[i]
            if not seats[i]:
                return f"{head}，不能定为{label}"
            return f"{head}；这样定，{label}会有 {given[i]} 人，超出 {seats[i]} 席"
    return None
