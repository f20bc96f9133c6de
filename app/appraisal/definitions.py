"""The engine's vocabulary: grades and flags, the scheme definitions (components and rule), the three built-in
schemes, and an entry ranked and the result it gets. Data only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple, Protocol

GRADES = ("优秀", "称职", "一般", "不称职")  # best first: a grade's index is its order
EXEMPT = "不参加考核"
PENDING = "待定"
MISSING = "待补录"
REMEDIAL = "补课"
OVERRIDDEN = "覆盖"
OVER_QUOTA = "超额"
# How a period's group is split for ranking (its `split` code), as the clerk reads it.
SPLIT_LABELS = {"none": "不分组", "role": "按人员类别", "unit": "按工作单位"}
BONUS_KEY = "bonus"  # the key score_problem takes for X (专项工作加分); its printed name is Scheme.bonus_name

_EXCELLENT, _COMPETENT, _FAIR, _POOR = GRADES
_ORDER = {grade: index for index, grade in enumerate(GRADES)}


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
    """Seats of 优秀/称职/一般 apportioned to n by largest remainder, filled in rank order. With `poor_below`,
    a total under it is 不称职 whatever seat its place would fill, and that seat stays empty (the people
    below the line rank last, so nobody else's seat moves)."""

    shares: tuple[int, int, int]
    poor_below: Decimal | None = None


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


@dataclass(frozen=True)
class Override:
    grade: str  # one of GRADES or EXEMPT
    reason: str  # required, non-empty


@dataclass(frozen=True, slots=True)
class Entry:
    """One person to rank. Never changed in place, `scores` neither: an entry with other scores is a new one
    (dataclasses.replace), which is what keeps its weighing true."""

    person_id: int
    scores: Mapping[str, Decimal | None]
    bonus: Decimal | None = None
    override: Override | None = None
    # What the scores give under `weighed_for` (set by weighing.weigh, never by hand): the printed total and
    # the standing, one number that orders as (total, *tie-breakers) does (-1: a component is missing). Not
    # init fields, so `replace` (new scores) makes an entry not yet weighed, which the ranking weighs itself.
    weighed_for: Scheme | None = field(default=None, init=False, compare=False, repr=False)
    standing: float | int = field(default=-1, init=False, compare=False, repr=False)
    total: Decimal | None = field(default=None, init=False, compare=False, repr=False)


class Explainer(Protocol):
    worded: dict[int, str]  # place -> its reason, once worded

    def reason_at(self, place: int) -> str: ...


class _Fields(NamedTuple):
    person_id: int
    total: Decimal | None
    place: int | None
    computed: str | None
    grade: str | None
    flags: tuple[str, ...]
    why: str | Explainer


class Result(_Fields):
    """One person's outcome. A named tuple, not a frozen dataclass: a ranking makes one per person, and a frozen
    dataclass takes 8× as long to build (each field set through object.__setattr__) — a third of the time of
    ranking 10,000 people went there.

    The reason is read through `reason`: `why` is its text, or the group's explainer, which words the reason of
    the person's place when it is first asked for (the grid shows it on hover; the ranking list, the export
    and the print read every one, and pay for them then). Compared, hashed, copied with `_replace`, listed by
    `_asdict` and pickled with the reason's text, never the explainer: a Result is a value."""

    __slots__ = ()

    @property
    def reason(self) -> str:
        why = self.why
        if type(why) is str:
            return why
        return why.worded.get(self.place) or why.reason_at(self.place)

    def _value(self) -> tuple:
        return (*self[:6], self.reason)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Result):
            return NotImplemented
        return self._value() == other._value()

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self._value())

    def _replace(self, /, **changes) -> Result:
        # The reason is fixed first: the explainer words a place's reason, and `place` may be among the changes.
        return _Fields._replace(tuple.__new__(Result, self._value()), **changes)

    def _asdict(self) -> dict:
        return {**dict(zip(self._fields[:6], self[:6], strict=True)), "reason": self.reason}

    def __getnewargs__(self) -> tuple:
        return self._value()
