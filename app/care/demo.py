"""The demo office's care: the year before today of events, visits, talks, greetings and health checks, so the
reminders show real work on first start — a few duties overdue, one due today, birthdays coming up not yet
greeted, follow-ups, and (from October) people without this year's health check.

Drawn for a sample of at most 400 people at work, so a 100,000-person demo costs no more than a small one.
Written with plain SQL inside the demo's transaction, covered by its one audit row, like the people themselves.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from sqlite_utils import Database

from app.care.festivals import FestivalError, festival_date
from app.care.rules import DUTY_OF, VISIT, birthday_in

SAMPLE = 400
FESTIVAL_PEOPLE = 40
VISITORS = ("刘书记", "王主任", "陈部长", "张科长", "李干事")
GIFTS = {
    "生病住院": "水果、牛奶",
    "婚丧嫁娶": "慰问金",
    "家庭纠纷": "",
    "重大变故": "慰问金",
    "生日慰问": "生日蛋糕券",
}
VISIT_KIND_OF = {
    "结婚": "婚丧嫁娶",
    "丧事": "婚丧嫁娶",
    "生病住院": "生病住院",
    "家庭纠纷": "家庭纠纷",
    "重大变故": "重大变故",
}
PLACES = ("区人民医院体检中心", "市第三人民医院", "社区卫生服务中心")


class _Rows:
    """Rows per table with their uids and timestamps; ids handed out here so visits can name events."""

    def __init__(self, db: Database, now: str):
        self.db, self.now = db, now
        self.rows: dict[str, list[dict]] = {}
        self.next_id = {t: (db.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0] + 1) for t in (
            "care_events", "care_visits", "care_talks")}  # fmt: skip

    def add(self, table: str, values: dict) -> int:
        row = {"uid": str(uuid.uuid4()), **values, "created_at": self.now, "updated_at": self.now}
        if table in self.next_id:
            row["id"] = self.next_id[table]
            self.next_id[table] += 1
        self.rows.setdefault(table, []).append(row)
        return row.get("id", 0)

    def visit(self, people: list[int], **values) -> int:
        visit_id = self.add("care_visits", {"method": "上门", "amount_fen": 0, **values})
        for person_id in people:
            self.add("care_visit_people", {"visit_id": visit_id, "person_id": person_id})
        return visit_id

    def write(self) -> None:
        for table, rows in self.rows.items():
            columns = sorted({c for row in rows for c in row})
            self.db.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                ([row.get(c) for c in columns] for row in rows),
            )


def build_care(db: Database, rng: random.Random, today: dt.date, now: str) -> None:
    people = db.execute(
        "SELECT id, birth_date FROM people WHERE deleted_at IS NULL AND status IN ('在岗', '试用期') ORDER BY id"
    ).fetchall()
    if not people:
        return
    sample = rng.sample(people, min(SAMPLE, len(people)))
    rows = _Rows(db, now)
    _events(rows, rng, [p[0] for p in sample], today)
    _birthdays(rows, rng, sample, today)
    _festivals(rows, rng, [p[0] for p in sample[:FESTIVAL_PEOPLE]], today)
    _health_checks(rows, rng, [p[0] for p in sample], today)
    rows.add("care_budgets", {"year": today.year, "amount_fen": 10_000_000, "note": "年度关怀经费"})
    rows.write()


def _day(today: dt.date, days_ago: int) -> str:
    return (today - dt.timedelta(days=days_ago)).isoformat()


def _events(rows: _Rows, rng: random.Random, people: list[int], today: dt.date) -> None:
    """About one event in six people over the year, nearly all answered (some late); the newest few open:
    one due today, a few overdue, a few still ahead."""
    kinds = [k for k in DUTY_OF if k != "其他"]
    count = max(8, len(people) // 6)
    for index, person_id in enumerate(rng.sample(people, min(count, len(people)))):
        kind = rng.choice(kinds)
        if index < 6:  # open: due today (7 days ago), overdue (9–20 days ago), ahead (1–5 days ago)
            ago = (7, 9, 12, 20, 2, 5)[index]
            rows.add("care_events", {"person_id": person_id, "kind": kind, "date": _day(today, ago)})
            continue
        ago = rng.randint(25, 360)
        event_id = rows.add("care_events", {"person_id": person_id, "kind": kind, "date": _day(today, ago)})
        after = rng.choice((1, 2, 3, 5, 6, 9, 14))  # now and then late
        _answer(rows, rng, person_id, kind, event_id, today, ago - after)


def _answer(rows: _Rows, rng: random.Random, person_id: int, kind: str, event_id: int, today: dt.date,
            ago: int) -> None:  # fmt: skip
    follow_up = _day(today, ago - 30) if rng.random() < 0.3 else None
    if DUTY_OF[kind] == VISIT:
        visit_kind = VISIT_KIND_OF[kind]
        amount = rng.choice((20000, 30000, 50000, 80000)) if visit_kind != "家庭纠纷" else 0
        rows.visit([person_id], date=_day(today, ago), kind=visit_kind, visitors=rng.choice(VISITORS),
                   gift=GIFTS.get(visit_kind) or None, amount_fen=amount, event_id=event_id,
                   follow_up_date=follow_up)  # fmt: skip
    else:
        rows.add("care_talks", {"person_id": person_id, "date": _day(today, ago), "reason": kind,
                                "talker": rng.choice(VISITORS), "summary": "谈心谈话，了解思想和工作情况，提出改进要求",
                                "event_id": event_id, "follow_up_date": follow_up})  # fmt: skip


def _birthdays(rows: _Rows, rng: random.Random, sample: list[tuple], today: dt.date) -> None:
    """Most birthdays of the past year greeted within the week before; the coming week's not yet."""
    for person_id, birth_text in sample:
        birth = dt.date.fromisoformat(birth_text)
        birthday = birthday_in(today.year, birth)
        if birthday > today:
            birthday = birthday_in(today.year - 1, birth)
        if (today - birthday).days > 330 or rng.random() < 0.15:
            continue
        greeted = min(today, birthday - dt.timedelta(days=rng.randint(0, 5)))
        rows.visit([person_id], date=greeted.isoformat(), kind="生日慰问", gift="生日蛋糕券", amount_fen=10000,
                   visitors=rng.choice(VISITORS))  # fmt: skip


def _festivals(rows: _Rows, rng: random.Random, people: list[int], today: dt.date) -> None:
    """The past year's festivals: the people given greeted, one visit each."""
    for year in (today.year - 1, today.year):
        for festival, amount in (("春节", 50000), ("端午", 20000), ("中秋", 30000)):
            # the office greets a few dozen (老同志, families in difficulty) at festivals, not everyone
            try:
                day = festival_date(festival, year)
            except FestivalError:
                continue
            if not today - dt.timedelta(days=365) < day <= today:
                continue
            for person_id in people:
                rows.visit([person_id], date=day.isoformat(), kind="节日慰问", occasion=festival,
                           gift="慰问品", amount_fen=amount, visitors="区委组织部")  # fmt: skip


def _health_checks(rows: _Rows, rng: random.Random, people: list[int], today: dt.date) -> None:
    """Four in five checked this year (before today); the rest show up in the last quarter."""
    start = dt.date(today.year, 1, 1)
    span = (today - start).days
    for person_id in people:
        if rng.random() < 0.8 and span > 0:
            day = start + dt.timedelta(days=rng.randint(0, span - 1))
            rows.add("care_health_checks", {"person_id": person_id, "date": day.isoformat(),
                                            "place": rng.choice(PLACES)})  # fmt: skip
