"""A round confirmed over a pair that is still running (赵一 paired with 张伟 by hand, then placed with 张伟 by
the round): the round records the placement, so 赵一 is in 张伟's group on the stored round, the 导师组名单 and
its export — never listed as unplaced with a reason that is not his — and the stored groups keep the round's own
最少/最多 (the workbook's 1–2), not the pool's 3–5. Binning the round leaves the pair made by hand alone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl

from app.office import open_office
from app.training import list_export
from app.training.mentor_rounds import bin_round
from app.training.selection import Applicant, Mentor, assign, kept_note
from tests.app.test_mentoring_cli import EVERYONE, MENTORS, _assign, _rows, office_db  # noqa: F401 (fixture)
from tests.app.test_mentoring_confirm import _pair_by_hand
from tests.app.test_mentoring_round_file import write_round


def _confirmed(path: Path, tmp_path: Path) -> None:
    _pair_by_hand(path, "赵一", None)
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    assert _assign(path, prefs, tmp_path / "r.csv", "--confirm", "--name", "第一轮") == 0


def _stored_groups(path: Path):
    """The 导师组名单 of the round 第一轮 as stored."""
    office = open_office(path)
    try:
        return list_export.mentor_groups(office.db, _round_id(office.db))
    finally:
        office.close(backup_if_changed=False)


def _round_id(db) -> int:
    return db.execute("SELECT id FROM selection_rounds WHERE name = '第一轮'").fetchone()[0]


def test_a_kept_pair_is_the_mentees_place_in_the_stored_groups(office_db, tmp_path, capsys):  # noqa: F811
    _confirmed(office_db, tmp_path)
    assert "1 人已与该导师结对（帮带对子仍在进行），没有重复建立（赵一）" in capsys.readouterr().out
    found = _stored_groups(office_db)
    zhang = next(g for g in found.groups if g.mentor == "张伟")
    assert {(m.name, m.how) for m in zhang.mentees} == {("赵一", "第一志愿"), ("孙三", "第一志愿")}
    assert (zhang.min_mentees, zhang.max_mentees) == (1, 2)  # the workbook's, not the pool's 3–5
    assert zhang.flag == "" and found.unplaced == []
    kept = next(m for m in zhang.mentees if m.name == "赵一")
    assert kept.note == "沿用已有的帮带对子（2026-01-01起）"
    li = next(g for g in found.groups if g.mentor == "李红")
    assert (li.min_mentees, li.max_mentees) == (1, 1)


def test_the_export_lists_the_kept_mentee_in_the_group_and_says_why(office_db, tmp_path):  # noqa: F811
    _confirmed(office_db, tmp_path)
    out = tmp_path / "导师组.xlsx"
    office = open_office(office_db)
    try:
        assert list_export.export_mentor_groups(office.db, _round_id(office.db), out) == 3
    finally:
        office.close(backup_if_changed=False)
    rows = {r[3]: r for r in list(openpyxl.load_workbook(out).active.values)[1:]}
    assert rows["赵一"][0] == "张伟" and rows["赵一"][6] == "第一志愿"
    assert rows["赵一"][7] == "沿用已有的帮带对子（2026-01-01起）"
    assert not any("未分配" in (r[7] or "") for r in rows.values())


def test_the_choice_records_the_placement_and_binning_the_round_keeps_the_hand_pair(office_db, tmp_path):  # noqa: F811
    _confirmed(office_db, tmp_path)
    with sqlite3.connect(office_db) as conn:
        placed = conn.execute(
            "SELECT p.name, m.name FROM selection_choices c JOIN people p ON p.id = c.person_id"
            " JOIN mentors m ON m.id = c.placed_mentor ORDER BY p.id"
        ).fetchall()
        counts = conn.execute(
            "SELECT m.name, s.min_mentees, s.max_mentees FROM selection_mentors s JOIN mentors m"
            " ON m.id = s.mentor_id ORDER BY m.name"
        ).fetchall()
    assert sorted(placed) == sorted([("赵一", "张伟"), ("钱二", "李红"), ("孙三", "张伟")])
    assert sorted(counts) == sorted([("张伟", 1, 2), ("李红", 1, 1)])
    office = open_office(office_db)
    try:
        bin_round(office.db, _round_id(office.db), "测试员")
        living = office.db.execute(
            "SELECT count(*) FROM mentor_pairs WHERE deleted_at IS NULL AND uid = 'hand-赵一'"
        ).fetchone()
        binned = office.db.execute(
            "SELECT count(*) FROM selection_mentors WHERE deleted_at IS NOT NULL"
        ).fetchone()
    finally:
        office.close(backup_if_changed=False)
    assert living == (1,) and binned == (2,)


# --- the dry run says it (G) -----------------------------------------------------------------------------

RUNNING = "已与该导师结对（帮带对子仍在进行），确认时沿用该对子，不重复建立"


def test_the_dry_run_says_who_is_placed_on_a_running_pair(office_db, tmp_path, capsys):  # noqa: F811
    _pair_by_hand(office_db, "赵一", None)
    _pair_by_hand(office_db, "孙三", "2026-02-01")  # ended: confirming starts a new pair, nothing to say
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    out = tmp_path / "r.csv"
    assert _assign(office_db, prefs, out) == 0
    said = capsys.readouterr().out
    assert "  已结对 第4行 赵一：与导师“张伟”的帮带对子仍在进行，确认时沿用，不重复建立" in said
    assert "孙三：与导师" not in said
    rows = {r[1]: r for r in _rows(out)[1:]}
    assert rows["赵一"][0] == "张伟" and rows["赵一"][4].endswith("；" + RUNNING)
    assert RUNNING not in rows["孙三"][4] and RUNNING not in rows["钱二"][4]


def test_the_applicants_read_carry_their_running_pairs(office_db, tmp_path):  # noqa: F811
    from app.training.round_file import read_round

    _pair_by_hand(office_db, "赵一", None)
    office = open_office(office_db)
    try:
        found = read_round(office.db, write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE))
    finally:
        office.close(backup_if_changed=False)
    assert {a.name: a.paired for a in found.applicants} == {"赵一": ("张伟",), "钱二": (), "孙三": ()}


def test_the_note_is_for_the_mentor_placed_with_only():
    zhao = Applicant("1", "赵一", 3, "张伟", "李红", paired=("李红",))
    qian = Applicant("2", "钱二", 4, "张伟", "李红", paired=("张 伟",))
    result = assign([Mentor("张伟", 0, 1), Mentor("李红", 0, 1)], [zhao, qian], fallback=["1", "2"])
    notes = {o.applicant.name: (o.mentor, o.note) for o in result.outcomes}
    assert (
        notes["赵一"][0] == "张伟" and RUNNING not in notes["赵一"][1]
    )  # paired with 李红, placed with 张伟
    assert notes["钱二"][0] == "李红" and RUNNING not in notes["钱二"][1]
    alone = Applicant("2", "钱二", 4, "张伟", paired=("张 伟",))  # the key, as read_round gives it
    both = assign([Mentor("张伟", 0, 2)], [alone], fallback=["2"]).outcomes[0]
    assert both.mentor == "张伟" and both.note.endswith("；" + RUNNING)
    assert kept_note(alone, "张 伟") == "；" + RUNNING and kept_note(alone, "李红") == ""


def test_a_mentor_nobody_chose_stays_in_the_stored_round_flagged(office_db, tmp_path):  # noqa: F811
    """The dry run shows 王芳（0/3 人） and flags her; the stored round shows her the same way, not dropped."""
    prefs = write_round(tmp_path / "round.xlsx", [*MENTORS, ["王芳", "组织", 2, 3]], EVERYONE)
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm", "--name", "第一轮") == 0
    found = _stored_groups(office_db)
    wang = next(g for g in found.groups if g.mentor == "王芳")
    assert wang.mentees == [] and (wang.min_mentees, wang.max_mentees) == (2, 3)
    assert wang.flag == "少于最少带教人数（2 人）"
