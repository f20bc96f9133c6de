"""Two-way mentor selection (导师制双向选择) as pure code: who goes to which mentor, and why, in Chinese.

The rules (issue 11): every mentor takes first-choice applicants in the mentor's order up to capacity (最多);
then, with what is left, second-choice applicants not yet placed, in the mentor's order; whoever is still
unplaced is listed for a manual decision with the reason; mentors below their minimum (最少) are flagged.

A mentor's order is the mentor's own ranking (lowest 顺位 first); applicants the mentor did not rank come after,
in the office's fallback order (passed in: latest appraisal total highest first, then the roster's name order).
Two applicants with the same 顺位 are settled by the fallback order too, so the result never depends on the
order of the file. Each step depends only on one mentor's own applicants (an applicant has one first and one
second choice), so the order in which mentors are visited does not matter either.

Only a choice naming an unknown mentor, or the same mentor twice, refuses a row (issue 11): a blank first choice
takes part in step 2 with the second, an applicant with no choice is listed unplaced. The 说明 of a place lost
says who took the mentor's last place and what put them first (顺位, the total, or — the two being level — the
roster's name order, with the value they shared).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from app.training.round_names import likely_mentor, match_mentor, mentor_key, names_inside

__all__ = [
    "Applicant",
    "Assignment",
    "Mentor",
    "Outcome",
    "assign",
    "kept_note",
    "match_mentor",
    "mentor_key",
]

NO_CHOICE = "—"


@dataclass(frozen=True)
class Mentor:
    name: str
    min_mentees: int
    max_mentees: int
    line: str = ""
    unit: str = ""  # 单位 and 职务 as the round's workbook gives them: kept for a mentor new to the pool
    post: str = ""
    # Why 最多 is what it is when the pool set it ("导师库中最多2人，已有在带对子2个"): said in the 说明.
    room: str = ""


@dataclass(frozen=True)
class Applicant:
    key: str  # the ID number: what rankings and the fallback order name
    name: str
    row: int  # the row of the 学员 sheet, as Excel numbers it
    first: str  # mentor name as written ('' when blank: the applicant then takes part in step 2 only)
    second: str = ""
    line: str = ""
    problem: str = ""  # the row was refused while reading it (ID number, name): it takes no part
    adjustable: bool = False  # 服从调剂: said in 说明 when unplaced, for the office's manual decision
    paired: tuple[str, ...] = ()  # mentor keys with whom a pair is already running: said when placed with one
    third: str = ""  # a 第三志愿 as written: never read, but said on the applicant's own row
    # The latest appraisal total, the fallback order's key: the order itself is `assign`'s `fallback`, this only
    # lets the 说明 say which value decided (or that two were equal and the name order did).
    total: Decimal | None = None


@dataclass(frozen=True)
class Outcome:
    applicant: Applicant
    mentor: str | None  # the mentor's name as in the mentor list; None when unplaced or refused
    choice: int | None  # 1 or 2; None when unplaced or refused
    note: str  # 说明
    refused: bool = False  # the row itself is wrong (an unknown mentor, the same mentor twice)

    @property
    def choice_text(self) -> str:
        return str(self.choice) if self.choice else NO_CHOICE


@dataclass
class Assignment:
    outcomes: list[Outcome]  # in the applicants' order
    flags: list[str] = field(default_factory=list)  # mentors below their minimum, and why
    taken: dict[str, list[str]] = field(
        default_factory=dict
    )  # mentor name -> applicant keys, in placing order

    def count(self, choice: int | None) -> int:
        return sum(1 for o in self.outcomes if not o.refused and o.choice == choice)

    def unplaced(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.refused and o.mentor is None]

    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.refused]

    def summary(self) -> str:
        text = f"第一志愿 {self.count(1)} 人，第二志愿 {self.count(2)} 人，未分配 {len(self.unplaced())} 人"
        if refused := self.refused():
            text += f"，有误未参加分配 {len(refused)} 人"
        return text


@dataclass(frozen=True)
class _Step:
    """One mentor in one step: the applicants who asked, in the mentor's order, and who got in."""

    asked: list[Applicant]
    placed: set[str]
    capacity: int
    ranking: dict[str, int]

    def basis(self, applicant: Applicant) -> str:
        """Why the applicant stands where they stand: the mentor's own 顺位, or the office's fallback order."""
        rank = self.ranking.get(applicant.key)
        if rank is None:
            return "导师未排序，按考核总分和姓名顺序"
        tied = any(self.ranking.get(a.key) == rank for a in self.asked if a.key != applicant.key)
        return f"导师排序第{rank}位" + ("，与他人并列，按考核总分和姓名顺序" if tied else "")

    def position(self, applicant: Applicant) -> int:
        return next(i for i, a in enumerate(self.asked, start=1) if a.key == applicant.key)

    def last_placed(self) -> Applicant | None:
        """Who took the mentor's last place in this step (placing follows the order, so the last placed)."""
        return next((a for a in reversed(self.asked) if a.key in self.placed), None)

    def first_left(self) -> Applicant | None:
        """The first in the mentor's order who did not get in at this step."""
        return next((a for a in self.asked if a.key not in self.placed), None)


def order_key(ranking: dict[str, int], fallback: dict[str, int]) -> Callable[[Applicant], tuple]:
    """Sort key of a mentor's order: ranked first by 顺位, then everyone by the fallback order."""
    last = len(fallback)

    def key(applicant: Applicant) -> tuple[int, int, int, str]:
        rank = ranking.get(applicant.key)
        spot = fallback.get(applicant.key, last)
        return (0, rank, spot, applicant.key) if rank is not None else (1, 0, spot, applicant.key)

    return key


def assign(
    mentors: list[Mentor],
    applicants: list[Applicant],
    rankings: dict[str, dict[str, int]] | None = None,
    fallback: list[str] | None = None,
) -> Assignment:
    """Run steps 1–4. `rankings`: mentor name -> {applicant key: 顺位}; `fallback`: applicant keys, best first."""
    rankings = {mentor_key(name): ranks for name, ranks in (rankings or {}).items()}
    spots = {key: i for i, key in enumerate(fallback or [])}
    by_key = {mentor_key(m.name): m for m in mentors}
    errors = _errors(applicants, by_key)
    valid = [a for a, error in zip(applicants, errors, strict=True) if not error]
    left = {mentor_key(m.name): max(m.max_mentees, 0) for m in mentors}
    taken: dict[str, list[str]] = {mentor_key(m.name): [] for m in mentors}
    placed: dict[str, tuple[str, int]] = {}
    steps: dict[tuple[str, int], _Step] = {}
    for choice in (1, 2):
        chose: dict[str, list[Applicant]] = {}  # mentor -> who named them in this choice, in the file's order
        for applicant in valid:
            chose.setdefault(mentor_key(_choice(applicant, choice)), []).append(applicant)
        for mkey in by_key:
            asked = [a for a in chose.get(mkey, []) if a.key not in placed]
            asked.sort(key=order_key(rankings.get(mkey, {}), spots))
            step = _Step(asked, set(), left[mkey], rankings.get(mkey, {}))
            for applicant in asked[: left[mkey]]:
                placed[applicant.key] = (mkey, choice)
                step.placed.add(applicant.key)
                taken[mkey].append(applicant.key)
            left[mkey] -= len(step.placed)
            steps[(mkey, choice)] = step
    outcomes = [_outcome(a, e, placed, steps, by_key) for a, e in zip(applicants, errors, strict=True)]
    named = {mentor_key(m.name): m.name for m in mentors}
    return Assignment(outcomes, _flags(mentors, taken, valid), {named[k]: v for k, v in taken.items()})


def _choice(applicant: Applicant, choice: int) -> str:
    return applicant.first if choice == 1 else applicant.second


def _errors(applicants: list[Applicant], mentors: dict[str, Mentor]) -> list[str]:
    """Each applicant's row error ('' when none). The same person on two rows is an error on both: which row
    is meant is the office's decision, not a guess."""
    rows: dict[str, list[int]] = {}
    for applicant in applicants:
        if not applicant.problem:
            rows.setdefault(applicant.key, []).append(applicant.row)
    errors = []
    for applicant in applicants:
        same = rows.get(applicant.key, [])
        if applicant.problem:
            errors.append(applicant.problem)
        elif len(same) > 1:
            listed = "、".join(str(row) for row in same)
            errors.append(f"第{listed}行是同一人且志愿不同，请只留一行")
        else:
            errors.append(_row_error(applicant, mentors))
    return errors


def _row_error(applicant: Applicant, mentors: dict[str, Mentor]) -> str:
    """Only a choice naming an unknown mentor, or the same mentor twice, is an error (issue 11): a blank choice
    is not — a blank first choice goes to step 2, no choice at all is left for the office's decision."""
    first, second = mentor_key(applicant.first), mentor_key(applicant.second)
    unknown = [
        f"{label}“{text}”不在导师名单中" + _hint(text, mentors)
        for label, text, key in (("第一志愿", applicant.first, first), ("第二志愿", applicant.second, second))
        if key and key not in mentors
    ]
    if unknown:
        return "；".join(unknown) + "，请核对导师姓名（与“导师”表中的写法一致）"
    if first and first == second:
        return f"第一志愿和第二志愿是同一位导师“{applicant.first}”，第二志愿请另选一位导师或留空"
    return ""


def _hint(text: str, mentors: dict[str, Mentor]) -> str:
    names = [m.name for m in mentors.values()]
    if likely := likely_mentor(text, names):
        return f"（是否是“{likely}”？）"
    return "（一格只能填一位导师）" if len(names_inside(text, names)) > 1 else ""


def _outcome(
    applicant: Applicant,
    error: str,
    placed: dict[str, tuple[str, int]],
    steps: dict[tuple[str, int], _Step],
    mentors: dict[str, Mentor],
) -> Outcome:
    if error:
        return Outcome(applicant, None, None, f"未参加分配：{error}", refused=True)
    where, third = placed.get(applicant.key), _third(applicant)
    if where is not None and where[1] == 1:
        first = mentors[mentor_key(applicant.first)]
        note = "第一志愿：" + _placed(first, steps[(mentor_key(first.name), 1)], applicant)
        return Outcome(applicant, first.name, 1, note + third)
    decide = "，本人服从调剂。需人工决定" if applicant.adjustable else "。需人工决定"
    first, second = mentor_key(applicant.first), mentor_key(applicant.second)
    if not first and not second:  # no choice: left to the office as the unplaced are, not refused
        said = "未填第一、第二志愿" if applicant.third else "未填志愿"
        return Outcome(applicant, None, None, f"{said}{third}{decide}")
    why_not_first = _not_first(applicant, steps, mentors)
    if not second:
        return Outcome(applicant, None, None, f"{why_not_first}；未填第二志愿{third}{decide}")
    mentor = mentors[second]
    if where is not None:
        note = f"{why_not_first}；第二志愿：{_placed(mentor, steps[(second, 2)], applicant)}"
        return Outcome(applicant, mentor.name, 2, note + third)
    note = f"{why_not_first}；第二志愿{_full(mentor, steps[(second, 2)], applicant, steps[(second, 1)])}"
    return Outcome(applicant, None, None, note + third + decide)


def _not_first(applicant: Applicant, steps: dict[tuple[str, int], _Step], mentors: dict[str, Mentor]) -> str:
    """Why the applicant is not with their first choice: it was blank, or that mentor was full."""
    if not mentor_key(applicant.first):
        return "未填第一志愿"
    first = mentors[mentor_key(applicant.first)]
    return "第一志愿" + _full(first, steps[(mentor_key(first.name), 1)], applicant)


def _third(applicant: Applicant) -> str:
    """A 第三志愿 on the applicant's own row (the workbook's notice counts them only): it was typed, never read."""
    return f"；第三志愿“{applicant.third}”不参与分配" if applicant.third else ""


def _placed(mentor: Mentor, step: _Step, applicant: Applicant) -> str:
    return (
        _in(mentor, step, applicant)
        + _won_tie(step, applicant)
        + _line(applicant, mentor)
        + kept_note(applicant, mentor.name)
    )


def _line(applicant: Applicant, mentor: Mentor) -> str:
    """A line of work unlike the mentor's is said, not refused: the issue lets mentees choose both freely."""
    if not applicant.line or not mentor.line or mentor_key(applicant.line) == mentor_key(mentor.line):
        return ""
    return f"；所填条线“{applicant.line}”与导师“{mentor.name}”的条线“{mentor.line}”不同，请留意"


def kept_note(applicant: Applicant, mentor: str) -> str:
    """Confirming makes no second pair of a mentor and mentee whose pair is running: the dry run says so in the
    placement's 说明 ('' for any other mentor). A move by hand in the window can say it with this too."""
    if mentor_key(mentor) not in {mentor_key(m) for m in applicant.paired}:
        return ""
    return "；已与该导师结对（帮带对子仍在进行），确认时沿用该对子，不重复建立"


def _in(mentor: Mentor, step: _Step, applicant: Applicant) -> str:
    return (
        f"在导师“{mentor.name}”的顺序中排第{step.position(applicant)}位"
        f"（共{len(step.asked)}人，{step.basis(applicant)}），名额{step.capacity}人，已录取"
    )


def _full(mentor: Mentor, step: _Step, applicant: Applicant, first: _Step | None = None) -> str:
    """Why the mentor did not take the applicant at this step; `first`: the mentor's step 1, when this is step 2
    (its first choices may have taken every place)."""
    room = f"，{mentor.room}" if mentor.room else ""
    if mentor.max_mentees <= 0:
        return f"导师“{mentor.name}”本次不带学员（最多0人{room}）"
    if step.capacity <= 0:
        last = first.last_placed() if first is not None else None
        who = f"，最后录取的是{last.name}" if last is not None else ""
        return f"导师“{mentor.name}”的名额已被第一志愿学员占满（最多{mentor.max_mentees}人{room}{who}）"
    return (
        f"导师“{mentor.name}”名额已满（可录{step.capacity}人，本人在{len(step.asked)}人中"
        f"排第{step.position(applicant)}位，{step.basis(applicant)}{_lost_to(step, applicant)}）"
    )


def _won_tie(step: _Step, applicant: Applicant) -> str:
    """For one placed level with the first left out of this mentor's step: that the name order decided."""
    left = step.first_left()
    if left is None or not (tie := _tie(step, applicant, left)):
        return ""
    return f"；与未录取的{left.name}{tie}，{_by_name(applicant, left)}在前"


def _lost_to(step: _Step, applicant: Applicant) -> str:
    """For one left out: who took the mentor's last place in this step, and what put them first."""
    last = step.last_placed()
    if last is None:
        return ""
    if tie := _tie(step, last, applicant):
        return f"；与最后录取的{last.name}{tie}，{_by_name(applicant, last)}在后"
    return f"；最后录取的{last.name}{_ahead(step, last, applicant)}"


def _tie(step: _Step, one: Applicant, other: Applicant) -> str:
    """What two applicants share when they stand level on the mentor's 顺位 and on the total, so that only the
    roster's name order parts them ('考核总分相同（88.26）'); '' when something else parts them."""
    rank = step.ranking.get(one.key)
    if rank != step.ranking.get(other.key) or one.total != other.total:
        return ""
    shared = f"导师排序同为第{rank}位、" if rank is not None else ""
    return shared + (f"考核总分相同（{one.total}）" if one.total is not None else "都没有考核总分")


def _by_name(one: Applicant, other: Applicant) -> str:
    """The roster's name order; two of the same name are parted by the ID number (app/training/mentoring.py)."""
    return "按公民身份号码顺序" if mentor_key(one.name) == mentor_key(other.name) else "按姓名顺序"


def _ahead(step: _Step, last: Applicant, applicant: Applicant) -> str:
    """What put `last` (placed) before `applicant` (not) when they do not stand level: 顺位, then the total."""
    theirs, mine = step.ranking.get(last.key), step.ranking.get(applicant.key)
    if theirs is not None and mine is None:
        return f"导师排序第{theirs}位，本人未被导师排序"
    if theirs != mine:
        return f"导师排序第{theirs}位，本人第{mine}位"
    same = f"与本人导师排序同为第{mine}位，" if mine is not None else ""
    if last.total is not None and applicant.total is None:
        return f"{same}考核总分{last.total}，本人没有考核总分"
    if last.total is not None and applicant.total is not None and last.total > applicant.total:
        return f"{same}考核总分{last.total}，高于本人的{applicant.total}"
    return f"{same}按考核总分和姓名顺序在本人之前"  # an order given without the totals (a caller's own)


def _flags(mentors: list[Mentor], taken: dict[str, list[str]], valid: list[Applicant]) -> list[str]:
    """Mentors below 最少, and mentors no applicant taking part chose (those chosen only in refused rows too,
    hence the wording): the latter whatever their 最少 (0 too), for the office may want to ask them, or drop
    them from the round."""
    flags = []
    for mentor in mentors:
        count = len(taken[mentor_key(mentor.name)])
        if mentor.min_mentees > mentor.max_mentees:
            flags.append(
                f"导师“{mentor.name}”的最少人数（{mentor.min_mentees}）大于最多人数（{mentor.max_mentees}），"
                f"按最多{mentor.max_mentees}人分配，请在“导师”表中改正"
            )
        chosen = any(mentor_key(mentor.name) in (mentor_key(a.first), mentor_key(a.second)) for a in valid)
        if count >= mentor.min_mentees and chosen:
            continue
        below = f"，少于最少{mentor.min_mentees}人" if count < mentor.min_mentees else ""
        why = "" if chosen else "，参加分配的学员中没有人选择这位导师"
        flags.append(f"导师“{mentor.name}”只分到{count}人{below}{why}")
    return flags
