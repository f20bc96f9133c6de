"""The demo office's two-way selection (导师制双向选择) of this year: a pool of mentors (two of them people of the
roster, the others from outside), young cadres choosing a first and second mentor, one popular mentor's own
ranking, and the round confirmed through the same service as `grassroots mentoring assign --confirm`, so the
demo shows pairs, a full mentor, someone left for a manual decision and a mentor below the minimum.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from sqlite_utils import Database

from app.training.mentoring import confirm_round, fallback_order
from app.training.round_file import RoundFile
from app.training.selection import Applicant, Mentor, assign

APPLICANTS = 18
# (name, unit, post, line, min, max, how often chosen): 周建华 is popular and takes only two.
OUTSIDE = (
    ("周建华", "区委组织部", "副部长", "组织", 1, 2, 6),
    ("孙丽萍", "区委宣传部", "科长", "宣传", 2, 3, 3),
    ("何志强", "玉林街道党工委", "副书记", "基层治理", 2, 4, 3),
    ("郭文静", "区委党校", "教研室主任", "党建", 3, 4, 1),
)
ROSTER_LINES = ("党建", "组织")


def build_selection(db: Database, rng: random.Random, today: dt.date, actor: str) -> int | None:
    """Call inside the demo's transaction, after the people are written; returns the round's id, or None when
    the demo has too few young cadres at work for a round."""
    cadres = db.execute(
        "SELECT id, name, id_number FROM people WHERE role = 'reserve_cadre' AND status IN ('在岗', '试用期')"
        " AND deleted_at IS NULL ORDER BY id"
    ).fetchall()
    if len(cadres) < 6:
        return None
    pool = _pool(db)
    chosen = rng.sample(cadres, min(APPLICANTS, len(cadres)))
    weights = [m[6] for m in pool]
    applicants = []
    for row, (_person_id, name, number) in enumerate(chosen, start=3):
        first = rng.choices(pool, weights)[0]
        others = [m for m in pool if m is not first]
        second = rng.choice(others)[0] if rng.random() < 0.8 else ""
        applicants.append(Applicant(number, name, row, first[0], second, line=first[3]))
    found = RoundFile(
        f"{today.year}年青年干部导师制双向选择.xlsx",
        mentors=[Mentor(m[0], m[4], m[5], m[3]) for m in pool],
        applicants=applicants,
        person_ids={number: person_id for person_id, _name, number in chosen},
        rankings={pool[0][0]: {a.key: rank for rank, a in enumerate(reversed(applicants[-4:]), start=1)}},
    )
    result = assign(found.mentors, found.applicants, found.rankings, fallback_order(db, found.person_ids))
    name = f"{today.year}年青年干部导师制双向选择"
    start = today - dt.timedelta(days=30)
    round_id = confirm_round(db, name, today.year, found, result, actor, start).record_id
    _tasks(db, rng, start, today)
    return round_id


# (task, days after the pair's start it is due, done?): a plan made, a report late for some, a visit to come.
TASKS = (
    ("制定个人成长帮带计划", 7, True),
    ("撰写一篇社区治理调研报告", 21, None),
    ("随导师参加一次群众接待日", 45, False),
)


def _tasks(db: Database, rng: random.Random, start: dt.date, today: dt.date) -> None:
    """Each pair's first tasks and a talk logged, some reports late: 今日待办 lists those as 帮带任务."""
    from app.clock import utc_now

    now = utc_now()
    pairs = [row[0] for row in db.execute("SELECT id FROM mentor_pairs WHERE deleted_at IS NULL ORDER BY id")]
    tasks, talks = [], []
    for pair_id in pairs:
        for task, after, done in TASKS:
            due = start + dt.timedelta(days=after)
            finished = done if done is not None else rng.random() < 0.7
            done_on = (
                (due - dt.timedelta(days=rng.randint(0, 3))).isoformat()
                if finished and due <= today
                else None
            )
            tasks.append((str(uuid.uuid4()), pair_id, task, due.isoformat(), done_on, now, now))
        talks.append(
            (
                str(uuid.uuid4()),
                pair_id,
                (start + dt.timedelta(days=3)).isoformat(),
                "首次见面谈心，了解岗位情况",
                now,
                now,
            )
        )
    db.conn.executemany(
        "INSERT INTO mentor_tasks (uid, pair_id, task, due_date, done_date, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        tasks,
    )
    db.conn.executemany(
        "INSERT INTO mentor_activities (uid, pair_id, date, content, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        talks,
    )


def _pool(db: Database) -> list[tuple]:
    """The office's mentor pool before the round: the outside mentors, and two instructors of the roster."""
    from app.clock import utc_now

    now = utc_now()
    instructors = db.execute(
        "SELECT id, name FROM people WHERE role = 'instructor' AND status = '在岗' AND deleted_at IS NULL"
        " ORDER BY id LIMIT 2"
    ).fetchall()
    pool = list(OUTSIDE)
    rows = [(None, *m[:6]) for m in OUTSIDE]
    for (person_id, name), line in zip(instructors, ROSTER_LINES, strict=False):
        pool.append((name, None, "全职党建指导员", line, 1, 3, 2))
        rows.append((person_id, name, None, "全职党建指导员", line, 1, 3))
    db.conn.executemany(
        "INSERT INTO mentors (uid, person_id, name, unit, post, line, min_mentees, max_mentees, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(str(uuid.uuid4()), *row, now, now) for row in rows],
    )
    return pool
