"""What an override leaves behind and how a refusal names people (the appraisal trial's findings 6 and 7): the
audit row of an override keeps the rule's grade beside the hand's, through the service and the command line
(read back from the database); a finalize refusal tells two people of one name apart."""

from __future__ import annotations

import csv
import json
import sqlite3
from decimal import Decimal as D
from pathlib import Path

import pytest

from app.appraisal import service
from app.appraisal.service import ScoreInput
from app.audit import query
from app.changes import OperationRefused
from app.office import open_office
from app.people.service import create_person
from app.units.service import create_unit
from tests.app.test_cli import run
from tests.ids import make_id as _id

ACTOR = "测试员"
KEY = "weighted-top20"


def _roster(db, names: list[tuple[str, str]]) -> list[int]:
    """People (name, unit name) with ID numbers _id(0), _id(1) …; units made as needed."""
    units: dict[str, int] = {}
    ids = []
    for serial, (name, unit) in enumerate(names):
        if unit not in units:
            units[unit] = create_unit(db, {"name": unit, "kind": "社区/村"}, ACTOR).record_id
        person = {"role": "community_worker", "name": name, "id_number": _id(serial), "unit_id": units[unit]}
        ids.append(create_person(db, person, ACTOR).record_id)
    return ids


def _scored(db, ids: list[int], works: list[str | None]):
    period = service.open_period(db, KEY, 2024, None, ACTOR).made
    items = [
        ScoreInput(person, {"work": None if w is None else D(w), "test": D(80), "satisfaction": D(80)})
        for person, w in zip(ids, works, strict=True)
    ]
    service.set_many_scores(db, period.id, items, ACTOR)
    return period


# Ten people: 100, 96, 96 (a tie over the 20% line: 待定), then 90 … 70 (称职; below 80 with 补课).
TEN = ["100", "96", "96", "90", "88", "86", "84", "80", "76", "70"]
NAMES = [(f"测试{chr(0x4E00 + i)}", "东门社区") for i in range(10)]


def _last_override(db) -> tuple[dict, dict]:
    entry = query(db, entity="appraisal_score")[0]
    return entry.before, entry.after


# --- 6. the audit row keeps both values ---------------------------------------------------------------------


def test_an_override_is_audited_with_the_rules_grade_and_the_hands(db):
    ids = _roster(db, NAMES)
    period = _scored(db, ids, TEN)
    service.override_grade(db, period.id, ids[3], "优秀", "区级表彰", ACTOR)
    assert _last_override(db) == ({"等次": "称职（按规则）"}, {"等次": "优秀（手工）", "理由": "区级表彰"})
    # A 待定 member: the rule gave no grade yet, and the row says so.
    service.override_grade(db, period.id, ids[1], "优秀", "述职评议第一", ACTOR)
    assert _last_override(db) == (
        {"等次": "待定（按规则）"},
        {"等次": "优秀（手工）", "理由": "述职评议第一"},
    )
    # From one hand-set grade to another: the rule's grade is kept on both sides.
    service.override_grade(db, period.id, ids[3], "不称职", "复核发现违纪", ACTOR)
    assert _last_override(db) == (
        {"等次": "优秀（手工）", "理由": "区级表彰", "按规则": "称职"},
        {"等次": "不称职（手工）", "理由": "复核发现违纪", "按规则": "称职"},
    )
    service.clear_override(db, period.id, ids[3], ACTOR)
    assert _last_override(db) == (
        {"等次": "不称职（手工）", "理由": "复核发现违纪"},
        {"等次": "称职（按规则）"},
    )


def test_exempting_and_bringing_back_keeps_the_grade_the_rule_would_give(db):
    ids = _roster(db, NAMES)
    period = _scored(db, ids, TEN)
    service.override_grade(db, period.id, ids[9], "不参加考核", "长期病假", ACTOR)
    assert _last_override(db) == (
        {"等次": "称职（按规则）"},
        {"等次": "不参加考核（手工）", "理由": "长期病假"},
    )
    service.clear_override(db, period.id, ids[9], ACTOR)
    assert _last_override(db)[1] == {"等次": "称职（按规则）"}


def test_the_history_reads_the_two_values_in_words(db):
    from app.record_text import change_text

    ids = _roster(db, NAMES)
    period = _scored(db, ids, TEN)
    service.override_grade(db, period.id, ids[3], "优秀", "区级表彰", ACTOR)
    before, after = _last_override(db)
    assert change_text("appraisal_score", before, after, {}) == (
        "等次：称职（按规则） → 优秀（手工）；理由：（空） → 区级表彰"
    )


# --- 7. a finalize refusal tells people of one name apart -------------------------------------------------------


def test_finalize_refusal_tells_two_of_one_name_apart_by_unit_and_id(db):
    ids = _roster(db, [("高豪霞", "东门社区"), ("田娟", "玉林社区"), ("田娟", "簇桥社区"), ("周晶", "东门社区"),
                       *[(f"测试{chr(0x4E00 + i)}", "东门社区") for i in range(4, 10)]])  # fmt: skip
    # 高豪霞 and 田娟 (玉林) share place 1 over the 20% line; 田娟 (簇桥) has no 工作考核 yet.
    period = _scored(db, ids, ["95", "95", None, "95", *["80"] * 6])
    _roster_add(db, "周晶", 90)  # another 周晶 on the roster, not in the period
    with pytest.raises(OperationRefused) as caught:
        service.finalize_period(db, period.id, ACTOR)
    said = str(caught.value)
    assert said.startswith(
        f"还不能定稿。等次待定（同分跨越名额界线，需要人工决定）：高豪霞、田娟（玉林社区，…{_id(1)[-4:]}）、"
        f"周晶（东门社区，…{_id(3)[-4:]}）；缺少成绩（待补录）：田娟（簇桥社区，…{_id(2)[-4:]}）。"
    )


def _roster_add(db, name: str, serial: int) -> int:
    unit = db.execute("SELECT min(id) FROM org_units").fetchone()[0]
    person = {"role": "community_worker", "name": name, "id_number": _id(serial), "unit_id": unit}
    return create_person(db, person, ACTOR).record_id


def test_finalize_refusal_names_a_unique_name_alone(db):
    ids = _roster(db, NAMES)
    period = _scored(db, ids, ["96", "96", *TEN[3:], None])  # nine ranked, one 优秀 seat: the two 96 are 待定
    with pytest.raises(OperationRefused) as caught:
        service.finalize_period(db, period.id, ACTOR)
    named = str(caught.value).split("。")[1]
    assert named.count("、") == 1 and "…" not in named  # no unit, no ID number
    assert all(name in named for name, _unit in (NAMES[0], NAMES[1], NAMES[9]))


# --- the command line, read back --------------------------------------------------------------------------------


# The command line's office: 田娟 (玉林) has no 工作考核 yet; 田娟 (簇桥) and the next share place 1 of nine
# ranked over the one 优秀 seat (待定); the fourth is 称职 at place 3.
CLI_WORKS = ["", "96", "96", *TEN[3:]]


@pytest.fixture
def office(tmp_path) -> Path:
    """An office of ten people (two named 田娟, in two units) scored under weighted-top20 for 2020 from a CSV."""
    work = tmp_path
    path = work / "office.db"
    names = [("田娟", "玉林社区"), ("田娟", "簇桥社区"), *NAMES[2:]]
    opened = open_office(path)
    try:
        _roster(opened.db, names)
    finally:
        opened.close(backup_if_changed=False)
    sheet = work / "成绩.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "公民身份号码", "工作考核", "业务测试", "满意度测评"])
        for serial, ((name, _unit), work_score) in enumerate(zip(names, CLI_WORKS, strict=True)):
            writer.writerow([name, _id(serial), work_score, 80, 80])
    imported = run("appraisal", "import", str(sheet), *_period_args(path))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    return path


def _period_args(path: Path) -> list[str]:
    return ["--db", str(path), "--scheme", KEY, "--year", "2020"]


def _audit_rows(path: Path) -> list[tuple[dict, dict]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT before, after FROM audit_log WHERE entity = 'appraisal_score' AND action = 'update' ORDER BY id"
        ).fetchall()
    return [(json.loads(before), json.loads(after)) for before, after in rows]


def test_the_command_line_refuses_to_finalize_naming_which_tian_juan(office):
    refused = run("appraisal", "finalize", *_period_args(office))
    assert refused.returncode == 1
    pending = f"{NAMES[2][0]}、田娟（簇桥社区，…{_id(1)[-4:]}）"
    assert f"等次待定（同分跨越名额界线，需要人工决定）：{pending}；" in refused.stderr
    assert f"缺少成绩（待补录）：田娟（玉林社区，…{_id(0)[-4:]}）。" in refused.stderr


def _override(path: Path, number: str, *argv: str):
    done = run("appraisal", "override", *_period_args(path), "--id", number, *argv)
    assert done.returncode == 0, done.stderr
    return done


def test_the_command_line_override_is_audited_with_both_values(office):
    _override(office, _id(3), "--grade", "优秀", "--reason", "区级表彰")
    _override(office, _id(1), "--grade", "优秀", "--reason", "述职第一")
    _override(office, _id(3), "--clear")
    assert _audit_rows(office)[-3:] == [
        ({"等次": "称职（按规则）"}, {"等次": "优秀（手工）", "理由": "区级表彰"}),
        ({"等次": "待定（按规则）"}, {"等次": "优秀（手工）", "理由": "述职第一"}),
        ({"等次": "优秀（手工）", "理由": "区级表彰"}, {"等次": "称职（按规则）"}),
    ]
