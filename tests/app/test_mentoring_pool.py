"""The mentor pool's service: a mentor the pool already has — the same name, 条线 and unit — is refused with
what is already there, whatever the window asked before, since two identical 刘建国 would later stop a round
from being confirmed (the workbook names mentors by name and line). A namesake with other particulars is saved."""

from __future__ import annotations

import pytest

from app.changes import ValidationError
from app.training.mentor_pool import duplicate_of, mentors, save_mentor
from tests.app.conftest import ACTOR

LIU = {"name": "刘建国", "unit": "区委党校", "line": "党建", "min_mentees": "2", "max_mentees": "4"}


def _audit_rows(db) -> int:
    return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


@pytest.mark.parametrize(
    "typed",
    [
        {},
        {"name": " 刘 建国 "},  # spaces are no difference: mentor_key reads them as one name
        {"unit": " 区委党校 ", "line": "党建 "},
        {
            "min_mentees": "3",
            "max_mentees": "5",
            "post": "副校长",
            "note": "另一条",
        },  # counts are no particulars
    ],
)
def test_the_same_mentor_twice_is_refused_and_nothing_written(db, typed):
    save_mentor(db, None, LIU, ACTOR)
    before = _audit_rows(db)
    with pytest.raises(ValidationError) as refused:
        save_mentor(db, None, LIU | typed, ACTOR)
    said = refused.value.errors["name"]
    assert said.startswith("导师库中已有“刘建国”（党建，区委党校）") and "姓名、条线和单位都相同" in said
    assert [m.name for m in mentors(db)] == ["刘建国"] and _audit_rows(db) == before


@pytest.mark.parametrize(
    "other",
    [{"unit": "街道党工委"}, {"line": "组织"}, {"unit": ""}, {"line": "", "unit": ""}, {"name": "刘建"}],
)
def test_a_namesake_with_other_particulars_is_saved(db, other):
    save_mentor(db, None, LIU, ACTOR)
    assert duplicate_of(db, LIU | other, None) == ""
    save_mentor(db, None, LIU | other, ACTOR)
    assert len(mentors(db)) == 2


def test_a_mentor_without_line_or_unit_twice_is_refused(db):
    bare = {"name": "王芳"}
    save_mentor(db, None, bare, ACTOR)
    with pytest.raises(ValidationError, match="导师库中已有“王芳”（无条线、单位）"):
        save_mentor(db, None, {"name": "王芳", "line": " ", "unit": ""}, ACTOR)


def test_a_correction_may_keep_its_own_particulars_but_not_take_anothers(db):
    first = save_mentor(db, None, LIU, ACTOR).record_id
    second = save_mentor(db, None, LIU | {"unit": "街道党工委"}, ACTOR).record_id
    save_mentor(db, first, LIU | {"max_mentees": "5"}, ACTOR)  # itself is no duplicate
    with pytest.raises(ValidationError, match="已有“刘建国”（党建，区委党校）"):
        save_mentor(db, second, LIU, ACTOR)
    assert {m.unit for m in mentors(db)} == {"区委党校", "街道党工委"}


def test_a_binned_mentor_is_no_duplicate(db):
    from app.recycle import to_bin
    from app.training.mentor_writes import TRAINING

    first = save_mentor(db, None, LIU, ACTOR).record_id
    to_bin(db, "mentor", first, ACTOR, TRAINING)
    save_mentor(db, None, LIU, ACTOR)
    assert len(mentors(db)) == 1
