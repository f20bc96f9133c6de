"""The recycle bin and the training records: the ledger points a mentor activity earned go to the bin and come
back with the activity (and with its pair), and a selection round binned to redo the assignment does not come
back beside the round of the same name and year confirmed since."""

from __future__ import annotations

import pytest

from app import recycle
from app.changes import OperationRefused
from app.office import open_office
from app.training import pairs
from tests.app.conftest import ACTOR
from tests.app.test_mentoring_cli import EVERYONE, MENTORS, _assign, office_db  # noqa: F401 (fixture)
from tests.app.test_mentoring_round_file import write_round


@pytest.fixture
def cadre_pair(db, person) -> int:
    cadre = person("安安", 1, "reserve_cadre")
    mentor = pairs.save_mentor(db, None, {"name": "张伟", "min_mentees": "1", "max_mentees": "3"}, ACTOR)
    values = {"mentor_id": mentor.record_id, "mentee_id": cadre, "kind": "一对一", "start_date": "2026-03-01"}
    return pairs.save_pair(db, None, values, ACTOR).record_id


def living_points(db) -> list[tuple[str, int]]:
    return db.execute("SELECT activity, points FROM points_entries WHERE deleted_at IS NULL").fetchall()


def test_an_activitys_points_go_to_the_bin_and_come_back_with_it(db, cadre_pair):
    activity = pairs.log_activity(
        db, cadre_pair, "2026-05-06", "调研社区养老", ACTOR, rule="homework"
    ).record_id
    assert living_points(db) == [("导师帮带：调研社区养老", 5)]
    recycle.to_bin(db, "mentor_activity", activity, ACTOR, pairs.TRAINING)
    assert living_points(db) == []
    recycle.restore(db, "mentor_activity", activity, ACTOR)
    assert living_points(db) == [("导师帮带：调研社区养老", 5)]
    assert pairs.activities(db, cadre_pair)[0][3] == "+5"


def test_a_binned_pair_takes_its_activities_points_along_and_brings_them_back(db, cadre_pair):
    pairs.log_activity(db, cadre_pair, "2026-05-06", "调研社区养老", ACTOR, rule="homework")
    pairs.log_activity(db, cadre_pair, "2026-05-20", "谈心", ACTOR)
    pairs.bin_record(db, "mentor_pair", cadre_pair, ACTOR)
    assert living_points(db) == []
    recycle.restore(db, "mentor_pair", cadre_pair, ACTOR)
    assert living_points(db) == [("导师帮带：调研社区养老", 5)]
    assert [a[2:] for a in pairs.activities(db, cadre_pair)] == [("调研社区养老", "+5"), ("谈心", "")]


def test_points_removed_from_the_ledger_before_stay_binned_when_the_activity_comes_back(db, cadre_pair):
    activity = pairs.log_activity(db, cadre_pair, "2026-05-06", "调研", ACTOR, rule="homework").record_id
    entry = db.execute("SELECT id FROM points_entries").fetchone()[0]
    recycle.to_bin(db, "points_entry", entry, ACTOR, pairs.TRAINING)  # the ledger's own 移入回收站
    db.execute("UPDATE points_entries SET deleted_at = '2026-05-07T08:00:00+00:00' WHERE id = ?", [entry])
    recycle.to_bin(db, "mentor_activity", activity, ACTOR, pairs.TRAINING)
    recycle.restore(db, "mentor_activity", activity, ACTOR)
    assert living_points(db) == [] and pairs.activities(db, cadre_pair)[0][3] == ""


def test_an_activity_whose_points_were_earned_again_is_not_restored_twice(db, cadre_pair):
    first = pairs.log_activity(db, cadre_pair, "2026-05-06", "调研", ACTOR, rule="homework").record_id
    recycle.to_bin(db, "mentor_activity", first, ACTOR, pairs.TRAINING)
    pairs.log_activity(db, cadre_pair, "2026-05-06", "调研", ACTOR, rule="homework")  # logged again
    with pytest.raises(OperationRefused, match="已重新记过"):
        recycle.restore(db, "mentor_activity", first, ACTOR)
    assert living_points(db) == [("导师帮带：调研", 5)]
    assert len(pairs.activities(db, cadre_pair)) == 1


def test_purging_a_pair_purges_its_activities_points(db, cadre_pair):
    pairs.log_activity(db, cadre_pair, "2026-05-06", "调研", ACTOR, rule="homework")
    pairs.bin_record(db, "mentor_pair", cadre_pair, ACTOR)
    recycle.purge(db, "mentor_pair", cadre_pair, ACTOR)
    assert db.execute("SELECT count(*) FROM points_entries").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM mentor_activities").fetchone()[0] == 0


def test_a_binned_round_is_not_restored_beside_the_same_name_and_year_confirmed_again(
    office_db,  # noqa: F811
    tmp_path,
):
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm", "--name", "第一轮") == 0
    office = open_office(office_db)
    try:
        first = office.db.execute("SELECT id FROM selection_rounds").fetchone()[0]
        pairs.bin_round(office.db, first, ACTOR)
        office.db.conn.commit()
    finally:
        office.close(backup_if_changed=False)
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm", "--name", "第一轮") == 0
    office = open_office(office_db)
    try:
        with pytest.raises(OperationRefused, match="第一轮"):
            recycle.restore(office.db, "selection_round", first, ACTOR)
        living = office.db.execute("SELECT count(*) FROM selection_rounds WHERE deleted_at IS NULL")
        assert living.fetchone()[0] == 1
    finally:
        office.close(backup_if_changed=False)


def test_a_round_restored_brings_back_the_pairs_it_was_binned_with(office_db, tmp_path):  # noqa: F811
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    assert _assign(office_db, prefs, tmp_path / "r.csv", "--confirm", "--name", "第一轮") == 0
    office = open_office(office_db)
    try:
        db = office.db
        first = db.execute("SELECT id FROM selection_rounds").fetchone()[0]
        living = "SELECT count(*) FROM mentor_pairs WHERE deleted_at IS NULL"
        made = db.execute(living).fetchone()[0]
        pairs.bin_round(db, first, ACTOR)
        assert db.execute(living).fetchone()[0] == 0
        recycle.restore(db, "selection_round", first, ACTOR)
        assert db.execute(living).fetchone()[0] == made == 3
        assert [r[1] for r in pairs.confirmed_rounds(db)] == ["第一轮"]
    finally:
        office.close(backup_if_changed=False)


def test_the_bins_detail_says_what_it_is_for_each_kind(db, person):
    """The bin's 详情 of a record: its kind's detail field said with that field's label (a mentor's 条线 is
    never read as an ID number or a unit's kind); an expression (已定稿, 36 学时) is its own words."""
    from app.record_text import detail_text

    zhang = person("张三", 1)
    liu = pairs.save_mentor(db, None, {"name": "刘建国", "line": "党建"}, ACTOR).record_id
    bare = pairs.save_mentor(db, None, {"name": "王芳"}, ACTOR).record_id
    for entity, record in (("person", zhang), ("mentor", liu), ("mentor", bare)):
        recycle.to_bin(db, entity, record, ACTOR, pairs.TRAINING)
    said = {item.label: detail_text(item.entity, item.detail) for item in recycle.list_bin(db)}
    assert said["刘建国"] == "条线：党建" and said["王芳"] == ""
    assert said["张三"].startswith("公民身份号码：") and said["张三"].endswith(db.execute(
        "SELECT id_number FROM people WHERE id = ?", [zhang]).fetchone()[0])  # fmt: skip
    assert detail_text("unit", "社区/村") == "单位类别：社区/村"
    assert detail_text("care_budget", 2026) == "年度：2026"
    assert detail_text("appraisal_period", "已定稿") == "已定稿"
    assert detail_text("selection_mentor", "最少1人，最多2人") == "最少1人，最多2人"
