"""Confirming a round (`mentoring assign --confirm`) twice, under the same or another name, and over pairs the
office already made by hand: never a second pair of the same mentor and mentee while the first is running; a dry
run leaves every table as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl

from tests.app.test_mentoring_cli import EVERYONE, MENTORS, _assign, _count, office_db  # noqa: F401 (fixture)
from tests.app.test_mentoring_round_file import IDS, write_round


def _dump(path: Path) -> list[str]:
    """Every row of every table, so two states of the database compare as data, not as bytes."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def _pair_by_hand(path: Path, mentee: str, end: str | None) -> None:
    with sqlite3.connect(path) as conn:
        person = conn.execute("SELECT id FROM people WHERE id_number = ?", [IDS[mentee]]).fetchone()[0]
        mentor = conn.execute("SELECT id FROM mentors WHERE uid = 'm1'").fetchone()[0]
        conn.execute(
            "INSERT INTO mentor_pairs (uid, mentor_id, mentee_id, kind, start_date, end_date, created_at, updated_at)"
            " VALUES (?, ?, ?, '一对一', '2026-01-01', ?, '2026-01-01', '2026-01-01')",
            [f"hand-{mentee}", mentor, person, end],
        )


def test_a_dry_run_changes_no_data(office_db, tmp_path, capsys):  # noqa: F811
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    before = _dump(office_db)
    assert _assign(office_db, prefs, tmp_path / "result.csv") == 0
    assert _dump(office_db) == before
    assert "数据库没有改动" in capsys.readouterr().out


def test_the_same_workbook_under_another_name_is_refused(office_db, tmp_path, capsys):  # noqa: F811
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm", "--name", "第一轮") == 0
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm", "--name", "第一轮") == 1
    assert "不再重复写入" in capsys.readouterr().err
    before = _dump(office_db)
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm", "--name", "第一轮（终版）") == 1
    assert "这份志愿表的学员与双向选择“第一轮”（" in capsys.readouterr().err
    assert _dump(office_db) == before
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--name", "第一轮（终版）") == 0
    assert "学员与双向选择“第一轮”" in capsys.readouterr().out  # the dry run says so before anyone confirms


def test_a_round_with_more_people_keeps_the_running_pairs(office_db, tmp_path, capsys):  # noqa: F811
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm", "--name", "第一轮") == 0
    more = [
        *EVERYONE,
        ["李四", IDS["李四"], "宣传", "李红", ""],
    ]  # 李四 comes before 钱二 for 李红 (li < qian)
    prefs = write_round(tmp_path / "more.xlsx", [["张伟", "组织", 1, 2], ["李红", "宣传", 1, 1]], more)
    capsys.readouterr()
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm", "--name", "补报") == 2
    said = capsys.readouterr().out
    assert (
        "结成帮带对子 1 对，2 人已与该导师结对（帮带对子仍在进行），没有重复建立（赵一、孙三）；1 人未分配"
        in said
    )
    assert _count(office_db, "SELECT count(*) FROM mentor_pairs") == 4
    assert _count(office_db, "SELECT count(*) FROM selection_rounds") == 2
    assert _count(office_db, "SELECT count(*) FROM selection_choices") == 7


def test_a_pair_made_by_hand_is_kept_and_an_ended_one_starts_again(office_db, tmp_path, capsys):  # noqa: F811
    _pair_by_hand(office_db, "赵一", None)  # running: the round's placement is that pair
    _pair_by_hand(office_db, "孙三", "2026-02-01")  # ended: the round starts a new one
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm") == 0
    said = capsys.readouterr().out
    assert (
        "结成帮带对子 2 对" in said and "1 人已与该导师结对（帮带对子仍在进行），没有重复建立（赵一）" in said
    )
    assert _count(office_db, "SELECT count(*) FROM mentor_pairs WHERE deleted_at IS NULL") == 4
    running = (
        "SELECT count(*) FROM mentor_pairs p JOIN people x ON x.id = p.mentee_id"
        f" WHERE x.id_number = '{IDS['赵一']}' AND p.end_date IS NULL"
    )
    assert _count(office_db, running) == 1


def test_choices_written_with_a_title_are_stored_as_that_mentor(office_db, tmp_path, capsys):  # noqa: F811
    mentees = [
        ["赵一", IDS["赵一"], "组织", "张伟老师", "李红（宣传）"],
        ["钱二", IDS["钱二"], "组织", "李红", "无"],
        ["孙三", IDS["孙三"], "宣传", "张 伟", "服从调剂"],
    ]
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, mentees)
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm") == 0
    assert "结成帮带对子 3 对" in capsys.readouterr().out
    stored = (
        "SELECT x.name, f.name, s.name FROM selection_choices c JOIN people x ON x.id = c.person_id"
        " JOIN mentors f ON f.id = c.first_mentor LEFT JOIN mentors s ON s.id = c.second_mentor ORDER BY x.id"
    )
    with sqlite3.connect(office_db) as conn:
        assert conn.execute(stored).fetchall() == [
            ("赵一", "张伟", "李红"),
            ("钱二", "李红", None),
            ("孙三", "张伟", None),
        ]


def test_a_new_mentors_unit_and_post_go_into_the_pool(office_db, tmp_path, capsys):  # noqa: F811
    book = openpyxl.Workbook()
    mentors = book.active
    mentors.title = "导师"
    for row in (
        ["导师姓名", "工作单位", "职务", "条线", "最少", "最多"],
        ["张伟", "区委党校", "教研室主任", "组织", 1, 2],  # in the pool already: the pool's own record stays
        ["李红", "区委宣传部", "科长", "宣传", 1, 2],
    ):
        mentors.append(row)
    mentees = book.create_sheet("学员")
    mentees.append(["姓名", "公民身份号码", "第一志愿"])
    mentees.append(["赵一", IDS["赵一"], "李红"])
    book.save(tmp_path / "round.xlsx")
    assert _assign(office_db, tmp_path / "round.xlsx", tmp_path / "r.csv", "--confirm") == 0
    with sqlite3.connect(office_db) as conn:
        rows = conn.execute("SELECT name, unit, post, line FROM mentors ORDER BY id").fetchall()
    assert rows == [("张伟", None, None, "组织"), ("李红", "区委宣传部", "科长", "宣传")]
