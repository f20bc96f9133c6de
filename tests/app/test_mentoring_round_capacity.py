"""A round's 导师 sheet against the mentor pool (导师库): a blank 最少/最多 takes the pool's capacity of that mentor,
less the pairs the mentor has running (the pool's is for all mentees at once), only a mentor not in the pool the
default 3–5; a typed 最多 that with the running pairs passes the pool's is said, not refused. Each notice read
back with its numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.training.round_file import read_round
from app.training.selection import assign
from tests.app.conftest import add_person
from tests.ids import make_id

TODAY = dt.date(2026, 12, 1)
HEADER = ["导师姓名", "条线", "最少", "最多"]
# name, line, 最少, 最多 in the pool; then the pairs: (end date or None, binned)
POOL = [
    ("周建华", "组织", 1, 2, [(None, False), ("2026-12-31", False), ("2026-11-30", False), (None, True)]),
    ("孙丽萍", "宣传", 2, 4, [(None, False)]),
    ("何志强", "组织", 3, 5, []),
    ("张伟", "组织", 1, 3, []),
    ("张伟", "宣传", 1, 1, []),
]


@pytest.fixture
def db(db, pin_today):
    """Pool mentors with pairs: 周建华 has 2 running (an ended and a binned one do not count), 孙丽萍 1."""
    pin_today(TODAY)
    add_person(db, "赵一", 1, "reserve_cadre", "东门街道")  # the round's applicant
    mentee = add_person(db, "钱二", 2, "reserve_cadre", "东门街道")  # mentored already, not in the round
    for serial, (name, line, least, most, pairs) in enumerate(POOL):
        mentor = db.execute(
            "INSERT INTO mentors (uid, name, line, min_mentees, max_mentees, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, '2026-01-01', '2026-01-01')",
            [f"m{serial}", name, line, least, most],
        ).lastrowid
        for number, (end, binned) in enumerate(pairs):
            db.execute(
                "INSERT INTO mentor_pairs (uid, mentor_id, mentee_id, kind, start_date, end_date, created_at,"
                " updated_at, deleted_at) VALUES (?, ?, ?, '一对一', '2026-01-01', ?, '2026-01-01', '2026-01-01', ?)",
                [f"p{serial}-{number}", mentor, mentee, end, "2026-06-01" if binned else None],
            )
    return db


def _book(path: Path, mentor: list) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "导师"
    sheet.append(HEADER)
    sheet.append(mentor)
    sheet = book.create_sheet("学员")
    sheet.append(["姓名", "公民身份号码", "第一志愿", "第二志愿"])
    sheet.append(["赵一", make_id(1), mentor[0], None])
    book.save(path)
    return path


_FILL = "；本轮另定人数的，请填写“最少”“最多”列"
_MORE = "确需多带的可不改，否则请改小“最多”列"

# (the 导师 row, the round's (最少, 最多), the notice about them or None)
ROWS = [
    pytest.param(
        ["周建华", "组织", None, None],
        (0, 0),
        "“导师”表第2行 导师“周建华”未填最少、最多人数，按导师库中的人数（最少1人、最多2人），已有在带对子 2 个，"
        "本轮最多 0 人" + _FILL,
        id="blank: the pool's capacity less the running pairs, not below 0",
    ),
    pytest.param(
        ["孙丽萍", "宣传", None, None],
        (1, 3),
        "“导师”表第2行 导师“孙丽萍”未填最少、最多人数，按导师库中的人数（最少2人、最多4人），已有在带对子 1 个，"
        "本轮最少 1 人、最多 3 人" + _FILL,
        id="blank: both counts less the running pair",
    ),
    pytest.param(
        ["何志强", "组织", None, None],
        (3, 5),
        "“导师”表第2行 导师“何志强”未填最少、最多人数，按导师库中的人数（最少3人、最多5人）计" + _FILL,
        id="blank, nothing running: the pool's capacity",
    ),
    pytest.param(
        ["林海涛", "组织", None, None],
        (3, 5),
        "“导师”表第2行 导师“林海涛”未填最少、最多人数，导师库中没有这位导师，按默认值（最少3人、最多5人）计"
        + _FILL,
        id="blank, not in the pool: the default",
    ),
    pytest.param(
        ["张伟", "宣传", None, None],
        (1, 1),
        "“导师”表第2行 导师“张伟”未填最少、最多人数，按导师库中的人数（最少1人、最多1人）计" + _FILL,
        id="blank: the pool mentor of that line",
    ),
    pytest.param(
        ["张伟", None, None, None],
        (3, 5),
        "“导师”表第2行 导师“张伟”未填最少、最多人数，按默认值（最少3人、最多5人）计：导师库中有 2 位“张伟”，"
        "无法确定志愿表中的是哪一位，请在志愿表“导师”表中写明条线，或先在导师库中区分" + _FILL,
        id="blank, two pool mentors of that name: the default, and why",
    ),
    pytest.param(
        ["孙丽萍", "宣传", 2, None],
        (2, 3),
        "“导师”表第2行 导师“孙丽萍”未填最多人数，按导师库中的人数（最多4人），已有在带对子 1 个，本轮最多 3 人"
        "；本轮另定人数的，请填写“最多”列",
        id="最多 blank: from the pool, 最少 as typed",
    ),
    pytest.param(
        ["何志强", "组织", None, 4],
        (3, 4),
        "“导师”表第2行 导师“何志强”未填最少人数，按导师库中的人数（最少3人）计；本轮另定人数的，请填写“最少”列",
        id="最少 blank: from the pool, 最多 as typed",
    ),
    pytest.param(
        ["周建华", "组织", 1, None],
        (1, 1),
        "“导师”表第2行 导师“周建华”未填最多人数，按导师库中的人数（最多2人），已有在带对子 2 个，本轮最多 0 人"
        "；最多按所填最少人数1人计；本轮另定人数的，请填写“最多”列",
        id="a count from the pool gives way to the typed one",
    ),
    pytest.param(
        ["周建华", "组织", None, 2],
        (0, 2),
        "“导师”表第2行 导师“周建华”未填最少人数，按导师库中的人数（最少1人），已有在带对子 2 个，本轮最少 0 人"
        "；本轮另定人数的，请填写“最少”列；本轮最多2人，加上已有在带对子 2 个共4人，超过导师库中的最多人数（2人）；"
        + _MORE,
        id="最少 from the pool, a typed 最多 beyond it",
    ),
    pytest.param(
        ["周建华", "组织", 1, 3],
        (1, 3),
        "“导师”表第2行 导师“周建华”本轮最多3人，加上已有在带对子 2 个共5人，超过导师库中的最多人数（2人）；"
        + _MORE,
        id="typed: the round's own, said when beyond the pool with the running pairs",
    ),
    pytest.param(
        ["何志强", "组织", 0, 6],
        (0, 6),
        "“导师”表第2行 导师“何志强”本轮最多6人，超过导师库中的最多人数（5人）；" + _MORE,
        id="typed beyond the pool, nothing running",
    ),
    pytest.param(["何志强", "组织", 0, 5], (0, 5), None, id="typed within the pool: nothing said"),
    pytest.param(["林海涛", "组织", 0, 9], (0, 9), None, id="typed, not in the pool: nothing to compare"),
]


@pytest.mark.parametrize(("row", "counts", "notice"), ROWS)
def test_counts_against_the_pool(db, tmp_path, row, counts, notice):
    found = read_round(db, _book(tmp_path / "round.xlsx", row))
    assert found.problems == []
    (mentor,) = found.mentors
    assert (mentor.min_mentees, mentor.max_mentees) == counts
    said = [n for n in found.notices if "导师“" in n]
    assert said == ([notice] if notice else [])


def test_a_mentor_with_no_room_left_places_nobody_and_says_why(db, tmp_path):
    """Trial finding 5: 周建华 (pool 1–2, 2 pairs running) with blank counts took all four at the default 3–5."""
    found = read_round(db, _book(tmp_path / "round.xlsx", ["周建华", "组织", None, None]))
    result = assign(found.mentors, found.applicants, found.rankings, [make_id(1)])
    (outcome,) = result.outcomes
    assert (outcome.mentor, outcome.refused) == (None, False)
    assert outcome.note == (
        "第一志愿导师“周建华”本次不带学员（最多0人，导师库中最多2人，已有在带对子2个）；未填第二志愿。需人工决定"
    )


def test_a_pair_running_with_an_applicant_of_the_round_does_not_take_a_place(db, tmp_path):
    """赵一 already mentored by 周建华 applies again: placing them keeps that pair, so it is no second place —
    the room is the pool's 2 less the one pair with someone outside the round."""
    zhao = db.execute("SELECT id FROM people WHERE name = '赵一'").fetchone()[0]
    mentor = db.execute("SELECT id FROM mentors WHERE name = '周建华'").fetchone()[0]
    db.execute("UPDATE mentor_pairs SET mentee_id = ? WHERE mentor_id = ? AND end_date IS NULL AND deleted_at IS NULL",
               [zhao, mentor])  # fmt: skip
    found = read_round(db, _book(tmp_path / "round.xlsx", ["周建华", "组织", None, None]))
    (read,) = found.mentors
    assert (read.min_mentees, read.max_mentees) == (0, 1)
    assert "已有在带对子 1 个，本轮最多 1 人" in " ".join(found.notices)
    (outcome,) = assign(found.mentors, found.applicants, found.rankings, [make_id(1)]).outcomes
    assert (outcome.mentor, outcome.choice) == ("周建华", 1)
