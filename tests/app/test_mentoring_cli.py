"""`grassroots mentoring assign`: the result CSV read back row by row, the exit codes, nothing written without
--confirm, --confirm writing round, choices, mentors and pairs once (a second confirm is refused)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.cli import build_parser, run_command
from app.office import open_office
from app.people.service import create_person
from app.units.service import create_unit
from tests.app.test_cli import assert_clean_failure, run
from tests.app.test_mentoring_round_file import IDS, NAMES, write_round
from tests.ids import make_id

ACTOR = "测试员"


@pytest.fixture
def office_db(tmp_path) -> Path:
    path = tmp_path / "office.db"
    office = open_office(path)
    try:
        unit = create_unit(office.db, {"name": "东门街道", "kind": "街道/镇"}, ACTOR).record_id
        for name in NAMES:
            data = {"role": "reserve_cadre", "name": name, "id_number": IDS[name], "unit_id": unit}
            create_person(office.db, data, ACTOR)
        office.db.execute(
            "INSERT INTO mentors (uid, name, line, min_mentees, max_mentees, created_at, updated_at)"
            " VALUES ('m1', '张伟', '组织', 3, 5, '2026-01-01', '2026-01-01')"
        )
        office.db.conn.commit()
    finally:
        office.close(backup_if_changed=False)
    return path


def _assign(office_db: Path, prefs: Path, out: Path, *extra: str) -> int:
    args = build_parser().parse_args(
        ["mentoring", "assign", "--db", str(office_db), "--prefs", str(prefs), "--out", str(out), *extra]
    )
    return run_command(args)


def _rows(out: Path) -> list[list[str]]:
    assert out.read_bytes().startswith("\ufeff".encode())
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _count(path: Path, sql: str) -> int:
    office = open_office(path)
    try:
        return office.db.execute(sql).fetchone()[0]
    finally:
        office.close(backup_if_changed=False)


MENTORS = [["张 伟", "组织", 1, 2], ["李红", "宣传", 1, 1]]
EVERYONE = [
    ["赵一", IDS["赵一"], "组织", "张伟", "李红"],
    ["钱二", IDS["钱二"], "组织", "李红", "张伟"],
    ["孙三", IDS["孙三"], "宣传", "张伟", ""],
]


def test_everyone_placed_exits_0_and_writes_nothing(office_db, tmp_path, capsys):
    prefs = write_round(tmp_path / "2026年双向选择.xlsx", MENTORS, EVERYONE)
    out = tmp_path / "result.csv"
    assert _assign(office_db, prefs, out) == 0
    rows = _rows(out)
    assert rows[0] == ["导师", "学员", "公民身份号码", "志愿", "说明"]
    assert [r[:4] for r in rows[1:]] == [
        ["张伟", "赵一", IDS["赵一"], "1"],
        ["李红", "钱二", IDS["钱二"], "1"],
        ["张伟", "孙三", IDS["孙三"], "1"],
    ]
    said = capsys.readouterr()
    assert "第一志愿 3 人，第二志愿 0 人，未分配 0 人" in said.out
    assert "数据库没有改动" in said.out
    assert _count(office_db, "SELECT count(*) FROM selection_rounds") == 0
    assert _count(office_db, "SELECT count(*) FROM mentor_pairs") == 0


def test_unplaced_exits_2_with_the_reason_in_the_csv(office_db, tmp_path, capsys):
    mentees = [*EVERYONE, ["李四", IDS["李四"], "组织", "张伟", "李红"]]
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, mentees, [["张伟", IDS["李四"], "1"]])
    out = tmp_path / "result.csv"
    assert _assign(office_db, prefs, out) == 2
    rows = {r[1]: r for r in _rows(out)[1:]}
    assert rows["李四"][0] == "张伟" and rows["李四"][3] == "1"
    assert "导师排序第1位" in rows["李四"][4]
    # Nobody has an appraisal total: the roster's name order (pinyin) puts 孙 before 赵.
    assert rows["孙三"][0] == "张伟"
    assert rows["赵一"][0] == "" and rows["赵一"][3] == "—"
    assert rows["赵一"][4].startswith("第一志愿导师“张伟”名额已满（可录2人，本人在3人中排第3位")
    assert (
        "第二志愿导师“李红”的名额已被第一志愿学员占满（最多1人，最后录取的是钱二）。需人工决定"
        in rows["赵一"][4]
    )
    assert "未分配 第4行 赵一" in capsys.readouterr().out


def test_refused_rows_and_flags_on_stderr_and_confirm_writes_nothing(office_db, tmp_path, capsys):
    mentees = [*EVERYONE, ["周五", make_id(77), "组织", "张伟", ""]]
    prefs = write_round(tmp_path / "round.xlsx", [*MENTORS, ["王芳", "组织", 2, 3]], mentees)
    out = tmp_path / "result.csv"
    assert _assign(office_db, prefs, out, "--confirm") == 2
    err = capsys.readouterr().err
    assert "被拒绝 “学员”表第7行 周五“身份证号码”列" in err
    assert "导师提示 导师“王芳”只分到0人，少于最少2人，参加分配的学员中没有人选择这位导师" in err
    assert "没有确认" in err
    assert _rows(out)[4][1:4] == ["周五", make_id(77), "—"]
    assert _count(office_db, "SELECT count(*) FROM selection_rounds") == 0


def test_confirm_writes_the_round_once(office_db, tmp_path, capsys):
    prefs = write_round(tmp_path / "2026年双向选择.xlsx", MENTORS, EVERYONE)
    out = tmp_path / "result.csv"
    assert _assign(office_db, prefs, out, "--confirm", "--year", "2026") == 0
    said = capsys.readouterr().out
    assert "已确认双向选择“2026年双向选择”（2026年）：结成帮带对子 3 对，导师库新增 1 人（李红）" in said
    assert "已备份" in said
    pairs = (
        "SELECT count(*) FROM mentor_pairs p JOIN mentors m ON m.id = p.mentor_id JOIN people x ON x.id = p.mentee_id"
        " WHERE p.kind = '一对一' AND p.round_id IS NOT NULL"
    )
    assert _count(office_db, pairs) == 3
    assert _count(office_db, "SELECT count(*) FROM mentors WHERE name = '张伟'") == 1  # the pool's, matched
    assert _count(office_db, pairs + " AND m.name = '张伟' AND m.uid = 'm1'") == 2
    assert _count(office_db, "SELECT count(*) FROM selection_choices WHERE second_mentor IS NOT NULL") == 2
    assert _count(office_db, "SELECT count(*) FROM audit_log WHERE entity = 'mentor_pair'") == 3
    assert _count(office_db, "SELECT count(*) FROM selection_rounds WHERE confirmed_by IS NOT NULL") == 1

    with pytest.raises(SystemExit):  # argparse: a year that is no year
        _assign(office_db, prefs, out, "--year", "26")
    capsys.readouterr()
    assert _assign(office_db, prefs, out, "--confirm", "--year", "2026") == 1
    assert "已于" in capsys.readouterr().err
    assert _count(office_db, "SELECT count(*) FROM mentor_pairs") == 3
    assert _assign(office_db, prefs, out, "--year", "2026") == 0
    assert "已在数据库中（帮带对子 3 对）" in capsys.readouterr().out


def test_as_a_process(office_db, tmp_path):
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    out = tmp_path / "result.csv"
    result = run("mentoring", "assign", "--db", str(office_db), "--prefs", str(prefs), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(_rows(out)) == 4
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    result = run("mentoring", "assign", "--db", str(office_db), "--prefs", str(broken), "--out", str(out))
    assert_clean_failure(result)
    result = run(
        "mentoring", "assign", "--db", str(office_db), "--prefs", str(prefs), "--out", str(tmp_path / "x.txt")
    )
    assert_clean_failure(result)
    assert result.returncode == 64 and ".csv" in result.stderr


def test_confirm_with_someone_unplaced_records_every_choice(office_db, tmp_path, capsys):
    mentees = [*EVERYONE, ["李四", IDS["李四"], "组织", "张伟", "李红"]]
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, mentees)
    assert _assign(office_db, prefs, tmp_path / "result.csv", "--confirm") == 2
    assert "结成帮带对子 3 对，导师库新增 1 人（李红）；1 人未分配，志愿已记录" in capsys.readouterr().out
    assert _count(office_db, "SELECT count(*) FROM selection_choices") == 4
    assert _count(office_db, "SELECT count(*) FROM mentor_pairs") == 3


def test_confirm_beside_another_programs_sqlite_lock_exits_3(office_db, tmp_path, capsys):
    """Another program (a DB browser, a script) holding SQLite's lock: 3, "in use", as its --help says and as
    `training import` exits beside the same lock — not 1, as if the round could not be confirmed at all."""
    from tests.app.test_cli_foreign_lock import held_by_another_program

    prefs = write_round(tmp_path / "round.xlsx", MENTORS, EVERYONE)
    with held_by_another_program(office_db, "BEGIN EXCLUSIVE"):
        code = _assign(office_db, prefs, tmp_path / "result.csv", "--confirm")
    assert code == 3
    assert "没有确认" in capsys.readouterr().err
    assert _count(office_db, "SELECT count(*) FROM selection_rounds") == 0


def _add_running_pairs(path: Path, mentor_uid: str, mentees: list[str]) -> None:
    """Pairs of the pool mentor with these roster people, running (no end date), made by hand."""
    office = open_office(path)
    try:
        for number, name in enumerate(mentees):
            office.db.execute(
                "INSERT INTO mentor_pairs (uid, mentor_id, mentee_id, kind, start_date, created_at, updated_at)"
                " SELECT ?, m.id, p.id, '一对一', '2026-01-01', '2026-01-01', '2026-01-01' FROM mentors m, people p"
                " WHERE m.uid = ? AND p.id_number = ?",
                [f"run{number}", mentor_uid, IDS[name]],
            )
        office.db.conn.commit()
    finally:
        office.close(backup_if_changed=False)


def test_blank_counts_take_the_pools_capacity_less_the_running_pairs(office_db, tmp_path, capsys):
    """Trial finding 5: 张伟 is in the pool with 3–5 and has 3 pairs running: with 最少/最多 blank the round
    gives him 5 − 3 = 2 places (最少 3 − 3 = 0), not the default 3–5; the round's own counts are stored."""
    _add_running_pairs(office_db, "m1", ["李四", "周五", "吴六"])
    mentees = [[name, IDS[name], "组织", "张伟", ""] for name in ("赵一", "钱二", "孙三")]
    prefs = write_round(tmp_path / "round.xlsx", [["张伟", "组织", None, None]], mentees)
    out = tmp_path / "result.csv"
    assert _assign(office_db, prefs, out, "--confirm") == 2
    said = capsys.readouterr().out
    assert (
        "“导师”表第3行 导师“张伟”未填最少、最多人数，按导师库中的人数（最少3人、最多5人），已有在带对子 3 个，"
        "本轮最多 2 人；本轮另定人数的，请填写“最少（人）”“最多（人）”列"
    ) in said
    rows = {r[1]: r for r in _rows(out)[1:]}
    assert [rows[n][0] for n in ("钱二", "孙三", "赵一")] == [
        "张伟",
        "张伟",
        "",
    ]  # the name order: qian, sun, zhao
    assert rows["赵一"][4].startswith("第一志愿导师“张伟”名额已满（可录2人，本人在3人中排第3位")
    stored = "SELECT min_mentees * 10 + max_mentees FROM selection_mentors"
    assert _count(office_db, stored) == 2  # 最少 0, 最多 2
    assert _count(office_db, "SELECT count(*) FROM mentor_pairs WHERE round_id IS NOT NULL") == 2


def test_blank_choices_are_no_refusal_and_confirm_writes_the_round(office_db, tmp_path, capsys):
    """Trial finding 6: a blank first choice ('/', '—') with a second one takes part in step 2; no choice at all
    is unplaced for a decision (未填志愿). Neither is a refused row, so --confirm writes (exit 2: one unplaced)."""
    mentees = [
        ["赵一", IDS["赵一"], "组织", "/", "李红"],
        ["钱二", IDS["钱二"], "组织", "", "无"],
        ["孙三", IDS["孙三"], "组织", "张伟", ""],
        ["李四", IDS["李四"], "组织", "—", "张伟"],
    ]
    prefs = write_round(tmp_path / "round.xlsx", MENTORS, mentees)
    out = tmp_path / "result.csv"
    assert _assign(office_db, prefs, out, "--confirm") == 2
    said = capsys.readouterr()
    assert "被拒绝" not in said.err and "没有确认" not in said.err
    assert "未分配 第5行 钱二：未填志愿。需人工决定" in said.out
    assert "结成帮带对子 3 对" in said.out
    rows = {r[1]: r for r in _rows(out)[1:]}
    assert [rows[n][:4] for n in ("赵一", "钱二", "孙三", "李四")] == [
        ["李红", "赵一", IDS["赵一"], "2"],
        ["", "钱二", IDS["钱二"], "—"],
        ["张伟", "孙三", IDS["孙三"], "1"],
        ["张伟", "李四", IDS["李四"], "2"],
    ]
    assert rows["赵一"][4].startswith("未填第一志愿；第二志愿：在导师“李红”的顺序中排第1位")
    assert rows["钱二"][4] == "未填志愿。需人工决定"
    choices = (
        "SELECT group_concat(p.name || ':' || coalesce(f.name, '-') || '/' || coalesce(s.name, '-') || '>'"
        " || coalesce(m.name, '-'), ' ') FROM (SELECT * FROM selection_choices ORDER BY id) c"
        " JOIN people p ON p.id = c.person_id LEFT JOIN mentors f ON f.id = c.first_mentor"
        " LEFT JOIN mentors s ON s.id = c.second_mentor LEFT JOIN mentors m ON m.id = c.placed_mentor"
    )
    assert _count(office_db, choices) == "赵一:-/李红>李红 钱二:-/->- 孙三:张伟/->张伟 李四:-/张伟>张伟"
    notes = "SELECT group_concat(note, ' ') FROM (SELECT note FROM mentor_pairs ORDER BY id)"
    assert _count(office_db, notes) == "双向选择“round”第2志愿 双向选择“round”第1志愿 双向选择“round”第2志愿"


def _total(path: Path, scores: dict[str, str]) -> None:
    """A 2025 appraisal (weighted-top20: 工作 50%, 测试 20%, 满意度 30%) giving each named person a total of
    0.5 × the work score + 40."""
    from decimal import Decimal

    from app.appraisal import service
    from app.appraisal.service import ScoreInput

    office = open_office(path)
    try:
        period = service.open_period(office.db, "weighted-top20", 2025, None, ACTOR).made.id
        for name, work in scores.items():
            person = office.db.execute("SELECT id FROM people WHERE id_number = ?", [IDS[name]]).fetchone()[0]
            values = {"work": Decimal(work), "test": Decimal(80), "satisfaction": Decimal(80)}
            service.set_scores(office.db, period, ScoreInput(person, values), ACTOR)
    finally:
        office.close(backup_if_changed=False)


def test_a_tie_decided_by_the_name_order_is_said_with_the_value(office_db, tmp_path, capsys):
    """Trial finding 8: 钱二 and 赵一 both total 88.26 for 张伟's one place; the roster's name order (qian before
    zhao) decided. Both rows say so with the value, and 赵一's says who took the place."""
    _total(office_db, {"赵一": "96.52", "钱二": "96.52", "孙三": "100"})
    mentees = [
        ["赵一", IDS["赵一"], "组织", "张伟", "李红"],
        ["钱二", IDS["钱二"], "组织", "张伟", ""],
        ["孙三", IDS["孙三"], "宣传", "李红", ""],
    ]
    prefs = write_round(tmp_path / "round.xlsx", [["张伟", "组织", 0, 1], ["李红", "宣传", 0, 1]], mentees)
    out = tmp_path / "result.csv"
    assert _assign(office_db, prefs, out) == 2
    rows = {r[1]: r for r in _rows(out)[1:]}
    assert rows["钱二"][0] == "张伟" and rows["赵一"][0] == ""
    assert rows["钱二"][4] == (
        "第一志愿：在导师“张伟”的顺序中排第1位（共2人，导师未排序，按考核总分和姓名顺序），名额1人，已录取"
        "；与未录取的赵一考核总分相同（88.26），按姓名顺序在前"
    )
    assert rows["赵一"][4] == (
        "第一志愿导师“张伟”名额已满（可录1人，本人在2人中排第2位，导师未排序，按考核总分和姓名顺序"
        "；与最后录取的钱二考核总分相同（88.26），按姓名顺序在后）；第二志愿导师“李红”的名额已被第一志愿学员占满"
        "（最多1人，最后录取的是孙三）。需人工决定"
    )
    assert "未分配 第4行 赵一：" in capsys.readouterr().out


def test_a_mentee_placed_with_another_mentor_has_the_running_pair_ended(office_db, tmp_path, capsys):
    """A trial: 江浩雨, paired with 李明, chose 赵刚 in a later round; after --confirm she had both running, and 李明
    was over his pool's maximum. One mentor each: her pair with the pool's 张伟 ends the day before."""
    _add_running_pairs(office_db, "m1", ["赵一"])
    prefs = write_round(
        tmp_path / "round.xlsx", [["李红", "宣传", 1, 1]], [["赵一", IDS["赵一"], "宣传", "李红", ""]]
    )
    assert _assign(office_db, prefs, tmp_path / "result.csv") == 0  # the dry run says it first
    assert (
        "确认后，以下 1 人原有的一对一帮带将结束，改由本次分配的导师帮带：赵一（原导师张伟）"
        in capsys.readouterr().out
    )
    assert _assign(office_db, prefs, tmp_path / "result.csv", "--confirm") == 0
    said = capsys.readouterr().out
    assert "1 人原有的一对一帮带已于" in said and "赵一（原导师张伟）" in said
    running = (
        "SELECT group_concat(m.name || ':' || coalesce(p.end_date, '-'), ' ') FROM mentor_pairs p"
        " JOIN mentors m ON m.id = p.mentor_id JOIN people x ON x.id = p.mentee_id WHERE x.name = '赵一'"
        " AND p.deleted_at IS NULL ORDER BY p.id"
    )
    ended, now = _count(office_db, running).split(" ")
    assert ended.startswith("张伟:") and ended != "张伟:-" and now == "李红:-"
