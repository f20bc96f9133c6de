"""The care rules (关怀): which life event asks for a visit or a talk, what answers it, and what is due on a day.

Pure functions over plain records: no database, no Qt, no clock. The reminders (今日待办) are computed from the
records every time, never stored, so they cannot go out of date; `due_items` counts only records dated on or
before the day it is asked about, so "what was open on 2026-03-01" has an answer.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

# --- what each event asks for -------------------------------------------------------------------------

VISIT, TALK = "走访", "谈话"
EVENT_KINDS = (
    "结婚", "丧事", "生病住院", "家庭纠纷", "重大变故", "思想波动", "工作失误", "岗位变动", "违规违纪", "其他",
)  # fmt: skip
# 三必访/四必访 → a visit; 四必谈 → a talk; 其他 is recorded but asks for nothing.
DUTY_OF: dict[str, str | None] = {
    **dict.fromkeys(("结婚", "丧事", "生病住院", "家庭纠纷", "重大变故"), VISIT),
    **dict.fromkeys(("思想波动", "工作失误", "岗位变动", "违规违纪"), TALK),
    "其他": None,
}
VISIT_KINDS = (
    "生病住院", "婚丧嫁娶", "家庭纠纷", "重大变故", "生日慰问", "节日慰问", "年终慰问", "健康体检", "其他",
)  # fmt: skip
VISIT_METHODS = ("上门", "电话", "座谈", "其他")
TALK_REASONS = ("思想波动", "工作失误", "岗位变动", "违规违纪", "其他")
BIRTHDAY_GREETING = "生日慰问"
FESTIVAL_GREETING = "节日慰问"
# A visit's kind → the event kinds it answers (婚丧嫁娶 covers both a wedding and a funeral).
VISIT_ANSWERS: dict[str, frozenset[str]] = {
    "婚丧嫁娶": frozenset(("结婚", "丧事")),
    "生病住院": frozenset(("生病住院",)),
    "家庭纠纷": frozenset(("家庭纠纷",)),
    "重大变故": frozenset(("重大变故",)),
}
# The people the office's routine reminders are about (health checks, probation): those at work. Birthdays
# also of the retired: greeting retired cadres is part of the care the office owes them. An event, and a
# follow-up date, is recorded on purpose, so its duty is listed whatever the person's status.
ACTIVE_STATUSES = frozenset(("在岗", "试用期"))
GREETED_STATUSES = ACTIVE_STATUSES | {"退休"}
PROBATION = "试用期"

# Reminder kinds (类型), in the order the page counts them.
DUE_VISIT, DUE_TALK, BIRTHDAY, FOLLOW_UP, HEALTH, PROBATION_END = (
    "待走访",
    "待谈话",
    "生日",
    "回访",
    "体检",
    "试用期满",
)
DUE_KINDS = (DUE_VISIT, DUE_TALK, BIRTHDAY, FOLLOW_UP, HEALTH, PROBATION_END)


@dataclass(frozen=True)
class CareSettings:
    """What the office may set. Probation length is not on the person record (fields.py has 到岗时间 and the
    status 试用期 only), so it is counted from 到岗时间: six months, the longest probation the labour
    contract law allows for a contract of three years or more (the usual one for 社区工作者)."""

    due_days: int = 7  # a visit or talk is due this many days after its event
    birthday_lead: int = 7  # a birthday is listed from this many days before it
    follow_up_lead: int = 7  # a follow-up is listed from this many days before its date
    probation_months: int = 6
    probation_notice: int = 30  # a probation end is listed from this many days before it


def duty_of(event_kind: str) -> str | None:
    """走访, 谈话 or None (其他, or a kind this version does not know)."""
    return DUTY_OF.get(event_kind)


def due_date(event_date: dt.date, due_days: int = 7) -> dt.date:
    return event_date + dt.timedelta(days=due_days)


def answers(
    record_type: str, category: str, record_date: dt.date, event_kind: str, event_date: dt.date
) -> bool:
    """Whether a visit (record_type 走访, category its kind) or a talk (谈话, category its reason) dated
    `record_date` answers an event: the duty is of that type, the kind fits, and it is not dated before."""
    if duty_of(event_kind) != record_type or record_date < event_date:
        return False
    if record_type == VISIT:
        return event_kind in VISIT_ANSWERS.get(category, frozenset())
    return category == event_kind


def days_late(answered_on: dt.date, due: dt.date) -> int:
    """How late an answer came (0 when in time): a late answer still answers, and says by how much."""
    return max(0, (answered_on - due).days)


# --- plain records the reminders are computed from ----------------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    id_number: str
    birth_date: dt.date
    status: str = "在岗"
    post_start_date: dt.date | None = None


@dataclass(frozen=True)
class Event:
    id: int
    person_id: int
    kind: str
    date: dt.date


@dataclass(frozen=True)
class Visit:
    id: int
    person_ids: tuple[int, ...]
    date: dt.date
    kind: str
    event_id: int | None = None
    follow_up: dt.date | None = None


@dataclass(frozen=True)
class Talk:
    id: int
    person_id: int
    date: dt.date
    reason: str
    event_id: int | None = None
    follow_up: dt.date | None = None


@dataclass(frozen=True)
class HealthCheck:
    person_id: int
    date: dt.date


@dataclass
class CareBook:
    """Everything the reminders read, as plain records (the service loads it from the database)."""

    people: list[Person] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)
    checks: list[HealthCheck] = field(default_factory=list)


@dataclass(frozen=True)
class DueItem:
    """One line of the reminders: 类型, who, 事由, 到期日, 逾期天数 (day − due: positive when late)."""

    kind: str
    person_id: int
    name: str
    id_number: str
    subject: str
    due: dt.date
    days_late: int
    event_id: int | None = None
    # The day the item appeared on the list (an event's date, a week before a birthday, 1 October for the
    # health check): "newest duty first" sorts by it, so a fresh event is not buried under the year's checks.
    since: dt.date | None = None
    # False for what the rules give no deadline (the appraisal's 补课 and 表彰建议): due from the day it arose,
    # shown as waiting that long, never counted as 逾期.
    deadline: bool = True
    record_id: int | None = None  # the record the line stands for, when it is not the event (a 帮带任务)

    @property
    def overdue(self) -> bool:
        return self.deadline and self.days_late > 0


# --- which open event a record answers (the import) ---------------------------------------------------


def oldest_open_event(
    record_type: str, category: str, record_date: dt.date, events: Iterable[Event], answered: set[int]
) -> Event | None:
    """On import a visit or talk answers the oldest open event of its person that it fits (events of that
    person only are passed); `answered` holds the ids already answered, and the caller adds the one chosen."""
    fitting = [
        e
        for e in events
        if e.id not in answered and answers(record_type, category, record_date, e.kind, e.date)
    ]
    return min(fitting, key=lambda e: (e.date, e.id), default=None)


# --- the reminders as of a day ------------------------------------------------------------------------


def birthday_in(year: int, birth: dt.date) -> dt.date:
    """The birthday in `year`; 29 February falls on 28 February in a year without one."""
    if birth.month == 2 and birth.day == 29 and not _is_leap(year):
        return dt.date(year, 2, 28)
    return birth.replace(year=year)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the month lacks becomes its last (31 August + 6 months: 28 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def probation_end(person: Person, months: int = 6) -> dt.date | None:
    """The last day of probation: 到岗时间 + `months` − 1 day; None without a 到岗时间 (it cannot be known)."""
    if person.post_start_date is None:
        return None
    return add_months(person.post_start_date, months) - dt.timedelta(days=1)


def due_items(book: CareBook, day: dt.date, settings: CareSettings | None = None) -> list[DueItem]:
    """Everything open on `day`, newest duty first (the one that appeared last; of those, the most urgent)."""
    settings = settings or CareSettings()
    people = {p.id: p for p in book.people}
    visits = [v for v in book.visits if v.date <= day]
    talks = [t for t in book.talks if t.date <= day]
    active = [p for p in book.people if p.status in ACTIVE_STATUSES]
    items = [
        *_event_duties(book.events, visits, talks, people, day, settings),
        *_birthdays([p for p in book.people if p.status in GREETED_STATUSES], visits, day, settings),
        *_follow_ups(visits, talks, people, day, settings),
        *_health_checks(active, book.checks, day),
        *_probation_ends(active, day, settings),
    ]
    return sorted(items, key=newest_first)


def newest_first(item: DueItem) -> tuple:
    """The sort key of the list: the item that appeared last first; of those, the most urgent. A kind of
    another area (补课 …) sorts after care's own on the same day."""
    since = item.since or item.due
    order = DUE_KINDS.index(item.kind) if item.kind in DUE_KINDS else len(DUE_KINDS)
    return (-since.toordinal(), item.due, order, item.name, item.person_id)


def count_by_kind(items: Iterable[DueItem]) -> dict[str, int]:
    """The counts at the top of the page, every kind present (0 when none)."""
    counts = dict.fromkeys(DUE_KINDS, 0)
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return counts


def _item(kind: str, person: Person, subject: str, due: dt.date, day: dt.date, since: dt.date,
          event_id: int | None = None) -> DueItem:  # fmt: skip
    return DueItem(
        kind, person.id, person.name, person.id_number, subject, due, (day - due).days, event_id, since
    )


def _event_duties(events, visits, talks, people, day, settings) -> list[DueItem]:
    answered = {v.event_id for v in visits if v.event_id is not None}
    answered |= {t.event_id for t in talks if t.event_id is not None}
    items = []
    for event in events:
        duty = duty_of(event.kind)
        if duty is None or event.date > day or event.id in answered or event.person_id not in people:
            continue
        kind = DUE_VISIT if duty == VISIT else DUE_TALK
        due = due_date(event.date, settings.due_days)
        items.append(_item(kind, people[event.person_id], event.kind, due, day, event.date, event.id))
    return items


def birthday_window(birth: dt.date, day: dt.date, lead: int) -> dt.date | None:
    """The birthday whose reminder window holds `day`: from `lead` days before it to `lead` days after (an
    ungreeted birthday stays a week as overdue, then drops: it is not a duty that grows for a year). Looks at
    last, this and next year, so 28 December sees a 2 January birthday and 3 January a 30 December one."""
    for year in (day.year - 1, day.year, day.year + 1):
        birthday = birthday_in(year, birth)
        if birthday - dt.timedelta(days=lead) <= day <= birthday + dt.timedelta(days=lead):
            return birthday
    return None


def _window_days(day: dt.date, lead: int) -> dict[tuple[int, int], dt.date] | None:
    """(month, day) of birth → the birthday whose window holds `day`, for every birthday from `lead` days before
    `day` to `lead` days after: one look-up per person instead of three dates (10,000 people at start-up).
    29 February maps to 28 February in a year without one. None when windows would overlap (a lead of half a
    year or more): then each person is asked with birthday_window."""
    if 2 * lead + 1 > 365:
        return None
    days = {}
    for offset in range(-lead, lead + 1):
        date = day + dt.timedelta(days=offset)
        days[(date.month, date.day)] = date
        if date.month == 2 and date.day == 28 and not _is_leap(date.year):
            days[(2, 29)] = date
    return days


def _birthdays(
    active: list[Person], visits: list[Visit], day: dt.date, settings: CareSettings
) -> list[DueItem]:
    lead = settings.birthday_lead
    greeted: dict[int, list[dt.date]] = {}
    for visit in visits:
        if visit.kind == BIRTHDAY_GREETING:
            for person_id in visit.person_ids:
                greeted.setdefault(person_id, []).append(visit.date)
    items = []
    days = _window_days(day, lead)
    for person in active:
        born = person.birth_date
        birthday = days.get((born.month, born.day)) if days is not None else birthday_window(born, day, lead)
        if birthday is None:
            continue
        start = birthday - dt.timedelta(days=lead)
        # Greeted within the lead days or on the day; a greeting in the week after also clears it (late, as a
        # late visit still answers its duty). Only greetings dated on or before `day` were passed in.
        if any(start <= d <= birthday + dt.timedelta(days=lead) for d in greeted.get(person.id, ())):
            continue
        age = birthday.year - person.birth_date.year
        items.append(_item(BIRTHDAY, person, f"{age}岁生日", birthday, day, start))
    return items


def _follow_ups(visits, talks, people, day, settings) -> list[DueItem]:
    """A visit or talk with a follow-up date is listed from `follow_up_lead` days before it until the follow-up
    is made: a visit or talk of the same person dated after the first one and no earlier than the listing
    begins. A festival gift weeks before the date is no follow-up (a trial: one on 09-25 cleared 12-01's)."""
    contacts: dict[int, list[dt.date]] = {}
    for visit in visits:
        for person_id in visit.person_ids:
            contacts.setdefault(person_id, []).append(visit.date)
    for talk in talks:
        contacts.setdefault(talk.person_id, []).append(talk.date)
    lead = dt.timedelta(days=settings.follow_up_lead)
    items = []
    sources = [(v.person_ids, v.date, v.follow_up, f"走访回访（{v.kind}）") for v in visits]
    sources += [((t.person_id,), t.date, t.follow_up, f"谈话回访（{t.reason}）") for t in talks]
    for person_ids, date, follow_up, subject in sources:
        if follow_up is None or follow_up - lead > day:
            continue
        for person_id in person_ids:
            person = people.get(person_id)
            if person is None:
                continue
            if not any(d > date and d >= follow_up - lead for d in contacts.get(person_id, ())):
                items.append(_item(FOLLOW_UP, person, subject, follow_up, day, follow_up - lead))
    return items


def _health_checks(active: list[Person], checks: list[HealthCheck], day: dt.date) -> list[DueItem]:
    """In the last quarter (from 1 October), everyone at work without a check this year, due 31 December."""
    if day.month < 10:
        return []
    start = dt.date(day.year, 1, 1)
    checked = {c.person_id for c in checks if start <= c.date <= day}
    end = dt.date(day.year, 12, 31)
    return [
        _item(HEALTH, p, f"{day.year}年尚未体检", end, day, dt.date(day.year, 10, 1))
        for p in active
        if p.id not in checked
    ]


def _probation_ends(active: list[Person], day: dt.date, settings: CareSettings) -> list[DueItem]:
    """Status 试用期 with the probation ending within the notice days, or already over (the status still says
    试用期: someone must decide 转正)."""
    items = []
    notice = dt.timedelta(days=settings.probation_notice)
    for person in active:
        end = probation_end(person, settings.probation_months) if person.status == PROBATION else None
        if end is not None and end - notice <= day:
            start = person.post_start_date.isoformat()  # type: ignore[union-attr]
            items.append(
                _item(
                    PROBATION_END, person, f"试用期满（到岗时间 {start}），请办理转正", end, day, end - notice
                )
            )
    return items
