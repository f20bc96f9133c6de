"""Which mentor of the pool a round's mentor is, what the pool says of that mentor's capacity (with the pairs
running), and which applicants already have a pair running with a mentor of the round. Confirming keeps such a
pair instead of making a second (app/training/mentoring.py); the dry run says so beforehand, in the placed
applicant's 说明, through `Applicant.paired`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from sqlite_utils import Database

from app.changes import OperationRefused
from app.training.round_sheets import RoundFile
from app.training.selection import Mentor, mentor_key

# id, name, line, the roster person's name (a pool mentor who is on the roster may be written by that name)
POOL_SQL = (
    "SELECT m.id, m.name, coalesce(m.line, ''), coalesce(p.name, '') FROM mentors m"
    " LEFT JOIN people p ON p.id = m.person_id WHERE m.deleted_at IS NULL ORDER BY m.id"
)


def pool_mentor(pool: Sequence[tuple], mentor: Mentor) -> int | None:
    """The pool mentor this is (same name and line, or the roster person of that name; a mentor without a line
    fits any line), None when nobody fits. Refused when several fit and the line does not tell them apart."""
    key, line = mentor_key(mentor.name), mentor_key(mentor.line)
    named = [row for row in pool if key in (mentor_key(row[1]), mentor_key(row[3]))]
    fitting = [row for row in named if not row[2] or not line or mentor_key(row[2]) == line]
    exact = [row for row in fitting if mentor_key(row[2]) == line]
    for rows in (exact, fitting):
        if len(rows) == 1:
            return rows[0][0]
    if fitting:
        raise OperationRefused(
            f"导师库中有 {len(fitting)} 位“{mentor.name}”，无法确定志愿表中的是哪一位，"
            "请在志愿表“导师”表中写明条线，或先在导师库中区分"
        )
    return None


@dataclass(frozen=True)
class PoolCapacity:
    """A pool mentor's capacity: how many mentees in all (最少, 最多), and the pairs running on the round's day."""

    least: int
    most: int
    running: int


# (name, 条线) -> the pool's capacity of that mentor, None when not in the pool; raises OperationRefused when
# several pool mentors fit and the line does not tell them apart.
PoolLookup = Callable[[str, str], PoolCapacity | None]


def pool_capacities(db: Database, on: dt.date, applicants: Collection[str] = ()) -> PoolLookup:
    """The lookup of a round's mentor in the pool, as confirming will find them (`pool_mentor`). A pair running
    with one of the round's own applicants (`applicants`: their ID numbers as the sheet writes them) is not
    counted against the room: placing that applicant with the mentor again keeps the pair, it takes no second
    place, and leaving them with another mentor frees it."""
    pool = db.execute(POOL_SQL).fetchall()
    numbers = sorted({number.strip().upper() for number in applicants if number.strip()})
    own = f" AND p.mentee_id NOT IN (SELECT id FROM people WHERE id_number IN ({', '.join('?' * len(numbers))}))"
    counts = {
        row[0]: PoolCapacity(row[1], row[2], row[3])
        for row in db.execute(
            "SELECT m.id, m.min_mentees, m.max_mentees, (SELECT count(*) FROM mentor_pairs p WHERE"
            " p.mentor_id = m.id AND p.deleted_at IS NULL AND (p.end_date IS NULL OR p.end_date >= ?)"
            f"{own if numbers else ''}) FROM mentors m WHERE m.deleted_at IS NULL",
            [on.isoformat(), *numbers],
        )
    }

    def lookup(name: str, line: str) -> PoolCapacity | None:
        mentor_id = pool_mentor(pool, Mentor(name, 0, 0, line))
        return None if mentor_id is None else counts[mentor_id]

    return lookup


def note_running_pairs(db: Database, found: RoundFile, on: dt.date) -> None:
    """Set each applicant's `paired`: the round's mentors (their keys) with whom a pair is running on `on`.
    A mentor the pool cannot tell apart is left out here; confirming refuses it with the reason."""
    pool = db.execute(POOL_SQL).fetchall()
    ids: dict[int, str] = {}
    for mentor in found.mentors:
        try:
            if (mentor_id := pool_mentor(pool, mentor)) is not None:
                ids[mentor_id] = mentor_key(mentor.name)
        except OperationRefused:
            continue
    people = [found.person_ids[a.key] for a in found.applicants if a.key in found.person_ids]
    if not ids or not people:
        return
    running: dict[int, list[str]] = {}
    for mentor_id, person_id in db.execute(
        "SELECT mentor_id, mentee_id FROM mentor_pairs WHERE deleted_at IS NULL AND (end_date IS NULL OR"
        f" end_date >= ?) AND mentor_id IN ({', '.join('?' * len(ids))})"
        f" AND mentee_id IN ({', '.join('?' * len(people))})",
        [on.isoformat(), *ids, *people],
    ):
        running.setdefault(person_id, []).append(ids[mentor_id])
    found.applicants = [
        replace(a, paired=tuple(sorted(set(running.get(found.person_ids.get(a.key, 0), [])))))
        for a in found.applicants
    ]
