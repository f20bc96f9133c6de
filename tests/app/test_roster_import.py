"""Importing rosters as streets really send them: the dry run row by row, the commit, the undo, the round trip."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from app.exchange.import_commit import (
    PERSON_COLUMNS,
    ImportCancelled,
    commit_import,
    list_imports,
    undo_import,
)
from app.exchange.plan import Action
from app.exchange.roster_export import export_roster
from app.exchange.roster_import import STORED_FIELDS, ImportOptions, PlanError, plan_import
from app.office import open_office
from app.people.idnumber import check_digit
from app.people.service import create_person, update_person
from app.units.service import create_unit
from tests.sheets import write_xlsx

ACTOR = "测试员"
TODAY = dt.date(2026, 11, 21)


def make_id(birth: str, serial: int, female: bool = False) -> str:
    order = serial * 2 + (0 if female else 1)
    first17 = f"510107{birth}{order:03d}"
    return first17 + check_digit(first17)


ZHANG = make_id("19900315", 11)  # existing, phone will change
LI = make_id("19850620", 12, female=True)  # existing, unchanged
NEW = make_id("19920701", 13)
WANG = make_id("19880808", 14)


@pytest.fixture
def office(tmp_path):
    opened = open_office(tmp_path / "office.db")
    db = opened.db
    top = create_unit(db, {"name": "武侯区", "kind": "区/县"}, ACTOR).record_id
    street = create_unit(db, {"name": "玉林街道", "kind": "街道/镇", "parent_id": top}, ACTOR).record_id
    create_unit(db, {"name": "芳草社区(东区)", "kind": "社区/村", "parent_id": street}, ACTOR)
    community = create_unit(db, {"name": "黉门社区", "kind": "社区/村", "parent_id": street}, ACTOR).record_id
    for name, number, phone in (("张三", ZHANG, "13800001111"), ("李梅", LI, "13900002222")):
        create_person(db, {"role": "community_worker", "name": name, "id_number": number, "unit_id": community,
                           "phone": phone, "political_status": "中共党员", "education": "大学本科"}, ACTOR)  # fmt: skip
    yield opened
    opened.close(backup_if_changed=False)


HEADER = [
    "序号",
    "姓 名",
    "身份证号",
    "出生年月",
    "所在社区",
    "类别",
    "手机",
    "政治面貌",
    "学历",
    "参加工作时间",
    "籍贯",
]


def messy_workbook(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["2026年玉林街道社区工作者花名册"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    # A street the office does not have: a 填报单位 it has would look the file's units up there (--within).
    sheet.append(["填报单位：城北街道（盖章）", None, None, None, None, "填报日期：2026年11月"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def person(n, name, number, birth, unit="黉门社区", role="社工", phone="", political="党员", edu="本科",
           work="2019.7", origin="四川成都"):  # fmt: skip
    return [n, name, number, birth, unit, role, phone, political, edu, work, origin]


@pytest.fixture
def messy(tmp_path):
    rows = [
        person(
            1, "王　伟", NEW.lower(), "1992.07", unit="芳草社区（东区）", phone="13512345678"
        ),  # row 4: new
        person(2, "张三", ZHANG, "1990.03", phone="13811112222", work=None),  # row 5: update (phone)
        person(3, "李梅", LI, 1985.06, phone="13900002222", work=""),  # row 6: unchanged (blank never erases)
        [None] * len(HEADER),  # row 7: blank
        person(4, "赵四", 5.10107199203151e17, "1992.03"),  # row 8: ID stored as a number
        person(5, "钱五", NEW[:-1] + ("0" if NEW[-1] != "0" else "1"), "1992.07"),  # row 9: wrong check digit
        person(6, "孙六", WANG, "1989.08"),  # row 10: birth date contradicts the ID (1988-08)
        # row 11: row 4 again, alike: skipped (rows of one person that disagree refuse both)
        person(7, "王　伟", NEW.lower(), "1992.07", unit="芳草社区（东区）", phone="13512345678"),
        person(8, "周七", make_id("19910101", 15), "1991.01", edu="幼儿园"),  # row 12: unknown education
        person(9, "吴八", make_id("19930303", 16), "1993.03", unit="新建社区"),  # row 13: new unit
        ["合计", None, None, None, None, None, None, None, None, None, None],  # row 14
        ["注：本表由街道汇总填报"],  # row 15
    ]
    return messy_workbook(tmp_path / "玉林街道.xlsx", rows)


def by_row(plan):
    return {r.row: r for r in plan.rows}


def test_the_dry_run_says_what_each_row_would_do(office, messy):
    plan = plan_import(office.db, messy, today=TODAY)
    assert (plan.sheet, plan.header_row) == ("花名册", 3)
    assert plan.unknown_columns == ["籍贯"]  # 序号 is in every roster: not listed
    rows = by_row(plan)
    actions = {n: r.action for n, r in rows.items()}
    assert actions == {
        4: Action.NEW, 5: Action.UPDATE, 6: Action.UNCHANGED, 8: Action.REJECT, 9: Action.REJECT,
        10: Action.REJECT, 12: Action.REJECT, 13: Action.NEW,
    }  # fmt: skip
    assert plan.skipped == {
        "空行": 1,
        "合计行": 1,
        "说明行": 1,
        "与前面某行完全相同的行": 1,
    }  # row 11: row 4 again
    assert plan.new_units == ["新建社区"]
    assert rows[4].name == "王伟" and rows[4].id_number == NEW
    assert rows[4].values["party_join_date"] is None and rows[4].values["work_start_date"] == "2019-07-01"
    assert rows[4].values["political_status"] == "中共党员" and rows[4].values["education"] == "大学本科"
    # What a row would store, no more: the stored fields, with gender and birth date from the ID number.
    assert set(rows[4].values) == {*STORED_FIELDS, "gender", "birth_date"}
    assert rows[5].changes == {"phone": ("13800001111", "13811112222")}
    assert plan.summary() == "新增 2 人，更新 1 人，无变化 1 人，拒绝 4 人，非人员行 4 行"


def test_every_rejection_names_row_column_value_and_fix(office, messy):
    rows = by_row(plan_import(office.db, messy, today=TODAY))
    excel = rows[8].problems[0]
    assert (excel.row, excel.column) == (8, "身份证号")
    assert "文本" in excel.message and "重新录入" in excel.message
    assert f"第8行 {rows[8].name}“身份证号”列" in excel.text() and rows[8].name
    assert "校验位" in rows[9].reason() and rows[9].problems[0].column == "身份证号"
    contradiction = rows[10].problems[0]
    assert contradiction.column == "出生年月" and "1989年8月" in contradiction.message
    assert "1988-08-08" in contradiction.message
    assert rows[12].problems[0].column == "学历" and rows[12].problems[0].value == "幼儿园"


def test_an_excel_number_is_never_turned_back_into_digits(office, messy):
    row = by_row(plan_import(office.db, messy, today=TODAY))[8]
    assert row.id_number == "" and row.values == {}


def test_commit_adds_new_people_and_skips_existing_by_default(office, messy):
    plan = plan_import(office.db, messy, today=TODAY)
    result = commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)
    assert (result.added, result.updated, result.unchanged, result.rejected, result.new_units) == (
        2,
        0,
        2,
        4,
        1,
    )
    db = office.db
    wang = db.execute(
        "SELECT p.name, u.name, p.birth_date, p.gender, p.search_key FROM people p JOIN org_units u ON u.id = p.unit_id"
        " WHERE id_number = ?",
        [NEW],
    ).fetchone()
    assert wang == ("王伟", "芳草社区(东区)", "1992-07-01", "男", "ww wangwei w wei")
    assert db.execute("SELECT phone FROM people WHERE id_number = ?", [ZHANG]).fetchone()[0] == "13800001111"
    parent = db.execute(
        "SELECT p.name FROM org_units u JOIN org_units p ON p.id = u.parent_id WHERE u.name = '新建社区'"
    )
    assert parent.fetchone() is None  # no parent chosen: a new top-level unit
    assert result.backup.exists() and "-bulk" in result.backup.name
    batch = list_imports(db)[0]
    assert (batch.file_name, batch.added, batch.rejected, batch.skipped) == ("玉林街道.xlsx", 2, 4, 4)
    created = db.execute("SELECT count(*) FROM audit_log WHERE action = 'create' AND entity = 'person'")
    assert created.fetchone()[0] == 2 + 2  # the two of the fixture and the two imported


def test_each_created_person_audit_row_holds_the_stored_row(office, messy):
    """The create rows are made by SQLite from the inserted rows: each says what was stored, with the new unit's
    id, in id order after the unit's own row, and each new person has one import change row."""
    plan = plan_import(office.db, messy, today=TODAY)
    result = commit_import(office.db, office.path, plan, update_existing=True, actor=ACTOR)
    db = office.db
    columns = ", ".join(PERSON_COLUMNS)
    created = db.execute(
        "SELECT a.id, a.at, a.actor, a.record_uid, a.label, a.before, a.after, p.uid, p.name, "
        f"{columns} FROM audit_log a JOIN people p ON p.id = a.record_id "
        "WHERE a.action = 'create' AND a.entity = 'person' AND a.record_id IN (SELECT record_id FROM "
        "import_changes WHERE batch_id = ? AND entity = 'person' AND action = 'create') ORDER BY a.id",
        [result.batch_id],
    ).fetchall()
    assert len(created) == result.added == 2
    for row in created:
        _id, at, actor, record_uid, label, before, after, uid, name, *stored = row
        assert (record_uid, label, before) == (uid, name, None)
        assert json.loads(after) == dict(zip(PERSON_COLUMNS, stored, strict=True))
        assert list(json.loads(after)) == sorted(PERSON_COLUMNS)  # keys sorted, as audit.record writes
    unit_row = db.execute("SELECT id FROM audit_log WHERE entity = 'unit' AND label = '新建社区'").fetchone()[
        0
    ]
    assert unit_row < created[0][0]
    changes = db.execute(
        "SELECT entity, action, count(*) FROM import_changes WHERE batch_id = ? GROUP BY entity, action",
        [result.batch_id],
    ).fetchall()
    assert sorted(changes) == [("person", "create", 2), ("person", "update", 1), ("unit", "create", 1)]
    assert undo_import(db, office.path, result.batch_id, ACTOR).message.startswith("已撤销导入")
    assert db.execute("SELECT count(*) FROM people WHERE id_number = ?", [NEW]).fetchone()[0] == 0


def test_commit_with_update_changes_existing_people_and_audits_old_and_new(office, messy):
    plan = plan_import(office.db, messy, today=TODAY)
    top = office.db.execute("SELECT id FROM org_units WHERE name = '武侯区'").fetchone()[0]
    result = commit_import(
        office.db, office.path, plan, update_existing=True, actor=ACTOR, new_unit_parent=top
    )
    assert result.updated == 1
    assert (
        office.db.execute("SELECT phone FROM people WHERE id_number = ?", [ZHANG]).fetchone()[0]
        == "13811112222"
    )
    before, after = office.db.execute(
        "SELECT before, after FROM audit_log WHERE action = 'update' AND label = '张三'"
    ).fetchone()
    assert "13800001111" in before and "13811112222" in after
    parent = office.db.execute("SELECT parent_id FROM org_units WHERE name = '新建社区'").fetchone()[0]
    assert parent == top


def counts(db) -> tuple[int, int, int, int]:
    return tuple(
        db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("people", "org_units", "audit_log", "import_batches")
    )


def test_cancel_leaves_the_database_as_it_was(office, messy):
    plan = plan_import(office.db, messy, today=TODAY)
    before = counts(office.db)
    with pytest.raises(ImportCancelled):
        commit_import(
            office.db, office.path, plan, update_existing=True, actor=ACTOR, progress=lambda d, t: False
        )
    assert counts(office.db) == before
    assert (
        office.db.execute("SELECT phone FROM people WHERE id_number = ?", [ZHANG]).fetchone()[0]
        == "13800001111"
    )


def test_a_crash_half_way_leaves_the_database_as_it_was(office, messy, monkeypatch):
    import app.exchange.import_commit as commit_module

    plan = plan_import(office.db, messy, today=TODAY)
    before = counts(office.db)

    def broken(name):
        raise OSError("disk gone")

    monkeypatch.setattr(commit_module, "name_keys", broken)
    with pytest.raises(OSError):
        commit_import(office.db, office.path, plan, update_existing=True, actor=ACTOR)
    assert counts(office.db) == before


def test_the_last_import_can_be_undone(office, messy):
    before = counts(office.db)
    plan = plan_import(office.db, messy, today=TODAY)
    result = commit_import(office.db, office.path, plan, update_existing=True, actor=ACTOR)
    outcome = undo_import(office.db, office.path, result.batch_id, ACTOR)
    assert "已撤销" in outcome.message
    people, units, _audit, batches = counts(office.db)
    assert (people, units, batches) == (before[0], before[1], 1)
    assert (
        office.db.execute("SELECT phone FROM people WHERE id_number = ?", [ZHANG]).fetchone()[0]
        == "13800001111"
    )
    assert list_imports(office.db)[0].undone_by == ACTOR
    with pytest.raises(Exception, match="撤销过"):
        undo_import(office.db, office.path, result.batch_id, ACTOR)


def test_an_undone_import_says_when_in_the_offices_time(office, messy, beijing_time):
    from app.clock import local_text

    plan = plan_import(office.db, messy, today=TODAY)
    result = commit_import(office.db, office.path, plan, update_existing=True, actor=ACTOR)
    undo_import(office.db, office.path, result.batch_id, ACTOR)
    stored = office.db.execute(
        "SELECT undone_at FROM import_batches WHERE id = ?", [result.batch_id]
    ).fetchone()[0]
    with pytest.raises(Exception) as refused:
        undo_import(office.db, office.path, result.batch_id, ACTOR)
    assert str(refused.value) == f"这次导入已于 {local_text(stored)} 撤销过了"
    assert local_text(stored) != stored[:16].replace(
        "T", " "
    )  # UTC+8: the stored UTC text is not what is said


def test_undo_is_refused_when_an_imported_person_was_edited_since(office, messy):
    plan = plan_import(office.db, messy, today=TODAY)
    result = commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)
    wang = office.db.execute("SELECT id FROM people WHERE id_number = ?", [NEW]).fetchone()[0]
    update_person(office.db, wang, {"phone": "13700000000"}, ACTOR)
    with pytest.raises(Exception, match="王伟"):
        undo_import(office.db, office.path, result.batch_id, ACTOR)
    assert office.db.execute("SELECT count(*) FROM people WHERE id = ?", [wang]).fetchone()[0] == 1


def test_only_the_newest_import_can_be_undone(office, messy, tmp_path):
    first = commit_import(office.db, office.path, plan_import(office.db, messy, today=TODAY),
                          update_existing=False, actor=ACTOR)  # fmt: skip
    second_file = messy_workbook(
        tmp_path / "second.xlsx", [person(1, "郑九", make_id("19940404", 17), "1994.04")]
    )
    commit_import(office.db, office.path, plan_import(office.db, second_file, today=TODAY),
                  update_existing=False, actor=ACTOR)  # fmt: skip
    with pytest.raises(Exception, match="最近一次"):
        undo_import(office.db, office.path, first.batch_id, ACTOR)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_an_exported_roster_reimports_as_nothing_to_change(tmp_path, suffix):
    from app.demo import build_demo

    office = open_office(tmp_path / "demo.db")
    try:
        build_demo(office.db, 120)
        out = tmp_path / f"roster{suffix}"
        export_roster(office.db, out)
        plan = plan_import(office.db, out)
        assert [r.reason() for r in plan.rejected()] == []
        assert plan.count(Action.UNCHANGED) == 120, [r.change_text({}) for r in plan.rows if r.changes][:3]
        assert plan.unknown_columns == [] and plan.new_units == []
    finally:
        office.close(backup_if_changed=False)


def test_a_file_without_an_id_column_is_refused_as_a_whole(office, tmp_path):
    path = tmp_path / "no_id.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "性别", "工作单位"])
    book.active.append(["张三", "男", "黉门社区"])
    book.save(path)
    with pytest.raises(PlanError, match="公民身份号码"):
        plan_import(office.db, path)


def test_defaults_fill_columns_the_file_lacks(office, tmp_path):
    path = tmp_path / "short.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码"])
    book.active.append(["郑九", make_id("19940404", 17)])
    book.save(path)
    unit = office.db.execute("SELECT id FROM org_units WHERE name = '黉门社区'").fetchone()[0]
    plain = plan_import(office.db, path, today=TODAY)
    assert plain.rows[0].action == Action.REJECT and "人员类别" in plain.rows[0].reason()
    plan = plan_import(
        office.db, path, ImportOptions(defaults={"role": "instructor", "unit_id": unit}), today=TODAY
    )
    assert plan.rows[0].action == Action.NEW
    assert plan.rows[0].values["role"] == "instructor" and plan.rows[0].values["unit_id"] == unit


def test_ambiguous_unit_names_ask_for_the_street(office, tmp_path):
    db = office.db
    top = db.execute("SELECT id FROM org_units WHERE name = '武侯区'").fetchone()[0]
    other = create_unit(db, {"name": "望江路街道", "kind": "街道/镇", "parent_id": top}, ACTOR).record_id
    create_unit(db, {"name": "黉门社区", "kind": "社区/村", "parent_id": other}, ACTOR)
    path = messy_workbook(tmp_path / "amb.xlsx", [
        person(1, "郑九", make_id("19940404", 17), "1994.04"),
        person(2, "冯十", make_id("19950505", 18), "1995.05", unit="望江路街道 / 黉门社区"),
    ])  # fmt: skip
    rows = plan_import(db, path, today=TODAY).rows
    assert rows[0].action == Action.REJECT and "街道 / 社区" in rows[0].reason()
    assert rows[1].action == Action.NEW
    assert (
        rows[1].values["unit_id"]
        == db.execute(
            "SELECT id FROM org_units WHERE name = '黉门社区' AND parent_id = ?", [other]
        ).fetchone()[0]
    )


def test_a_filled_in_template_imports_with_zero_problems(office, tmp_path):
    from app.exchange.template import write_template

    path = write_template(tmp_path / "模板.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["花名册"]
    headers = [c.value for c in sheet[1]]
    first_empty = 2
    while any(c.value not in (None, "") for c in sheet[first_empty]):
        first_empty += 1
    values = {"姓名": "郑九", "公民身份号码": make_id("19940404", 17), "工作单位": "玉林街道 / 黉门社区",
              "人员类别": "社区工作者", "性别": "男", "政治面貌": "中共党员", "学历": "大学本科",
              "参加工作时间": "2016-07-01", "联系电话": "13512345678", "状态": "在岗"}  # fmt: skip
    for column, header in enumerate(headers, start=1):
        if header in values:
            sheet.cell(row=first_empty, column=column, value=values[header])
    book.save(path)
    plan = plan_import(office.db, path, today=TODAY)
    assert [r.reason() for r in plan.rejected()] == []
    assert plan.count(Action.NEW) == 1


@pytest.mark.parametrize("name", ["roster_old_excel.xls", "roster_gbk.csv"])
def test_old_excel_and_gbk_csv_files_import(office, name):
    source = Path(__file__).parent.parent / "data" / name
    plan = plan_import(office.db, source, today=TODAY)
    assert [r.reason() for r in plan.rejected()] == []
    assert plan.count(Action.NEW) == 3
    result = commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)
    names = {r[0] for r in office.db.execute("SELECT name FROM people WHERE deleted_at IS NULL")}
    assert result.added == 3 and {r.name for r in plan.rows} <= names


def test_excel_number_1990_1_is_january_or_october_as_the_id_number_says(office, tmp_path):
    january, october = make_id("19900105", 21), make_id("19901005", 22)
    path = messy_workbook(tmp_path / "months.xlsx", [
        person(1, "郑九", january, 1990.1),
        person(2, "冯十", october, 1990.1),
        person(3, "陈十一", make_id("19900505", 23), 1990.1),
    ])  # fmt: skip
    rows = by_row(plan_import(office.db, path, today=TODAY))
    assert rows[4].action == Action.NEW and rows[5].action == Action.NEW
    assert rows[6].action == Action.REJECT and "无法确定是1990年1月还是10月" in rows[6].reason()


def test_a_work_date_excel_made_ambiguous_is_refused_not_guessed(office, tmp_path):
    path = messy_workbook(
        tmp_path / "work.xlsx", [person(1, "郑九", make_id("19850105", 21), None, work=2012.1)]
    )
    rows = by_row(plan_import(office.db, path, today=TODAY))
    assert rows[4].action == Action.REJECT
    assert "参加工作时间“2012.1”" in rows[4].reason() and "2012-01 或 2012-10" in rows[4].reason()


def test_every_problem_of_a_row_is_reported_at_once(office, tmp_path):
    bad_check = NEW[:-1] + ("0" if NEW[-1] != "0" else "1")
    path = messy_workbook(tmp_path / "multi.xlsx", [
        person(1, "郑九", bad_check, "1992.07", political="党棍", phone="12345", work="2099.1"),
    ])  # fmt: skip
    columns = {p.column for p in plan_import(office.db, path, today=TODAY).rows[0].problems}
    assert {"政治面貌", "身份证号", "手机", "参加工作时间"} <= columns


def test_blank_cells_keep_a_known_persons_status_unit_and_role(office, tmp_path):
    db = office.db
    zhang = db.execute("SELECT id, unit_id FROM people WHERE id_number = ?", [ZHANG]).fetchone()
    update_person(db, zhang[0], {"status": "转岗"}, ACTOR)
    path = tmp_path / "blanks.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "所在社区", "类别", "状态", "手机"])
    book.active.append(["张三", ZHANG, None, None, None, "13811112222"])
    book.save(path)
    row = plan_import(db, path, today=TODAY).rows[0]
    assert row.action == Action.UPDATE
    assert row.changes == {"phone": ("13800001111", "13811112222")}


def test_an_ambiguous_unit_name_means_the_one_a_known_person_is_in(office, tmp_path):
    db = office.db
    top = db.execute("SELECT id FROM org_units WHERE name = '武侯区'").fetchone()[0]
    other = create_unit(db, {"name": "望江路街道", "kind": "街道/镇", "parent_id": top}, ACTOR).record_id
    create_unit(db, {"name": "黉门社区", "kind": "社区/村", "parent_id": other}, ACTOR)
    path = messy_workbook(tmp_path / "known.xlsx", [person(1, "张三", ZHANG, "1990.03", work=None)])
    row = plan_import(db, path, today=TODAY).rows[0]
    assert row.action == Action.UNCHANGED


def test_units_named_only_by_rejected_rows_are_not_created(office, tmp_path):
    bad_check = NEW[:-1] + ("0" if NEW[-1] != "0" else "1")
    path = messy_workbook(tmp_path / "ghost.xlsx", [
        person(1, "郑九", bad_check, "1992.07", unit="幽灵社区"),
        person(2, "冯十", make_id("19950505", 18), "1995.05", unit="真实社区"),
    ])  # fmt: skip
    plan = plan_import(office.db, path, today=TODAY)
    assert plan.new_units == ["真实社区"]
    result = commit_import(office.db, office.path, plan, update_existing=False, actor=ACTOR)
    names = {r[0] for r in office.db.execute("SELECT name FROM org_units")}
    assert "真实社区" in names and "幽灵社区" not in names and result.new_units == 1


def test_an_id_number_in_the_recycle_bin_is_said_before_it_is_imported_again(office, tmp_path):
    from app.people.service import retire_people

    li = office.db.execute("SELECT id FROM people WHERE id_number = ?", [LI]).fetchone()[0]
    retire_people(office.db, [li], ACTOR)
    path = messy_workbook(tmp_path / "bin.xlsx", [person(1, "李梅", LI, 1985.06, work="")])
    row = plan_import(office.db, path, today=TODAY).rows[0]
    assert row.action == Action.NEW and "回收站" in " ".join(row.notices)


def test_defaults_fill_new_people_and_leave_known_people_as_they_are(office, tmp_path):
    db = office.db
    other = db.execute("SELECT id FROM org_units WHERE name = '芳草社区(东区)'").fetchone()[0]
    path = tmp_path / "phones.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "手机"])
    book.active.append(["张三", ZHANG, "13811112222"])
    book.active.append(["郑九", make_id("19940404", 17), "13512345678"])
    book.save(path)
    options = ImportOptions(defaults={"role": "instructor", "unit_id": other})
    rows = plan_import(db, path, options, today=TODAY).rows
    assert rows[0].action == Action.UPDATE and rows[0].changes == {"phone": ("13800001111", "13811112222")}
    assert rows[1].action == Action.NEW and rows[1].values["unit_id"] == other


def test_a_known_person_written_with_the_old_15_digit_number_keeps_blank_cells(office, tmp_path):
    from app.people.idnumber import upgrade_15_to_18

    old = "510107900315113"
    number = upgrade_15_to_18(old)
    community = office.db.execute("SELECT id FROM org_units WHERE name = '黉门社区'").fetchone()[0]
    create_person(office.db, {"role": "community_worker", "name": "老周", "id_number": number,
                              "unit_id": community}, ACTOR)  # fmt: skip
    path = tmp_path / "old.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "工作单位", "类别", "手机"])
    book.active.append(["老周", old, None, None, "13511112222"])
    book.save(path)
    row = plan_import(office.db, path, today=TODAY).rows[0]
    assert row.action == Action.UPDATE and list(row.changes) == ["phone"]


def test_a_file_from_one_street_finds_its_communities_there(office, tmp_path):
    db = office.db
    top = db.execute("SELECT id FROM org_units WHERE name = '武侯区'").fetchone()[0]
    yulin = db.execute("SELECT id FROM org_units WHERE name = '玉林街道'").fetchone()[0]
    other = create_unit(db, {"name": "望江路街道", "kind": "街道/镇", "parent_id": top}, ACTOR).record_id
    theirs = create_unit(db, {"name": "黉门社区", "kind": "社区/村", "parent_id": other}, ACTOR).record_id
    path = messy_workbook(tmp_path / "wangjiang.xlsx", [
        person(1, "郑九", make_id("19940404", 17), "1994.04"),
        person(2, "冯十", make_id("19950505", 18), "1995.05", unit="新开社区"),
    ])  # fmt: skip
    unscoped = plan_import(db, path, today=TODAY).rows
    assert unscoped[0].action == Action.REJECT  # two 黉门社区: which one?
    plan = plan_import(db, path, ImportOptions(unit_scope=other), today=TODAY)
    assert plan.rows[0].values["unit_id"] == theirs
    commit_import(db, office.path, plan, update_existing=False, actor=ACTOR, new_unit_parent=yulin)
    assert db.execute("SELECT parent_id FROM org_units WHERE name = '新开社区'").fetchone()[0] == other


def test_people_beside_a_community_cell_merged_down_are_each_placed_in_it(office, tmp_path):
    path = messy_workbook(tmp_path / "merged.xlsx", [
        person(1, "郑九", make_id("19900105", 21), None, unit="黉门社区"),
        person(2, "冯十", make_id("19900205", 22), None, unit=None),
        person(3, "陈十一", make_id("19900505", 23), None, unit=None),
    ])  # fmt: skip
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("E4:E6")  # 所在社区, written once beside its three people
    book.save(path)
    rows = by_row(plan_import(office.db, path, today=TODAY))
    assert [rows[n].action for n in (4, 5, 6)] == [Action.NEW] * 3
    assert len({rows[n].values["unit_id"] for n in (4, 5, 6)}) == 1


def test_a_street_column_beside_the_community_column_places_people_in_that_streets_community(tmp_path):
    opened = open_office(tmp_path / "new.db")
    write_xlsx(tmp_path / "streets.xlsx", [
        ["序号", "街道", "社区", "姓名", "身份证号码", "人员类别"],
        [1, "浆洗街街道", "玉林社区", "柏一", make_id("19850505", 70), "社区工作者"],
        [2, "望江路街道", "玉林社区", "柏二", make_id("19860606", 71), "社区工作者"],
        [3, "望江路街道", None, "柏三", make_id("19870707", 72), "社区工作者"],
    ])  # fmt: skip
    plan = plan_import(opened.db, tmp_path / "streets.xlsx", today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW] * 3 and "街道" not in plan.unknown_columns
    assert "街道" not in plan.unknown_columns and "“街道”列与“社区”列合起来读作工作单位" in plan.notices[0]
    commit_import(opened.db, opened.path, plan, update_existing=False, actor=ACTOR)
    placed = dict(opened.db.execute(
        "SELECT p.name, coalesce(s.name || ' / ', '') || u.name FROM people p JOIN org_units u ON u.id = p.unit_id"
        " LEFT JOIN org_units s ON s.id = u.parent_id"
    ).fetchall())  # fmt: skip
    assert placed == {"柏一": "浆洗街街道 / 玉林社区", "柏二": "望江路街道 / 玉林社区", "柏三": "望江路街道"}
    opened.close(backup_if_changed=False)


def test_a_cell_that_only_says_nothing_here_is_blank(office, tmp_path):
    """'/', '无', '—' in a date, a phone, a choice or a text: blank, never refused or stored; 社工资格 无 is a value."""
    header = [
        "姓名",
        "身份证号码",
        "入党时间",
        "政治面貌",
        "联系电话",
        "专业",
        "岗位",
        "人员类别",
        "所在社区",
        "社工资格",
    ]
    write_xlsx(tmp_path / "nothing.xlsx", [
        header,
        ["郑九", make_id("19850105", 21), "无", "群众", "/", "／", "—", "社区工作者", "黉门社区", "无"],
        ["冯十", make_id("19860105", 22), "/", "－", "暂无", "-", "无", "社区工作者", "黉门社区", "/"],
    ])  # fmt: skip
    rows = by_row(plan_import(office.db, tmp_path / "nothing.xlsx", today=TODAY))
    assert [rows[n].action for n in (2, 3)] == [Action.NEW, Action.NEW], [rows[n].reason() for n in (2, 3)]
    for n in (2, 3):
        values = rows[n].values
        assert values["party_join_date"] is None and values["phone"] is None
        assert values["major"] is None and values["position"] is None
    assert rows[2].values["social_work_level"] == "无" and rows[3].values["social_work_level"] is None
    assert rows[2].values["political_status"] == "群众" and rows[3].values["political_status"] is None


def test_nothing_here_never_overwrites_what_the_office_knows(office, tmp_path):
    known = office.db.execute(
        "SELECT name, id_number, phone FROM people WHERE phone IS NOT NULL LIMIT 1"
    ).fetchone()
    write_xlsx(
        tmp_path / "update.xlsx",
        [["姓名", "身份证号码", "联系电话", "岗位"], [known[0], known[1], "/", "无"]],
    )
    row = plan_import(office.db, tmp_path / "update.xlsx", today=TODAY).rows[0]
    assert row.action == Action.UNCHANGED and row.changes == {}


def test_headings_numbered_blank_rows_and_a_signature_line_are_skipped_not_refused(office, tmp_path):
    header = ["序号", "姓名", "身份证号码", "所在社区", "人员类别"]
    write_xlsx(tmp_path / "sections.xlsx", [
        header,
        ["一、党建指导员"],
        [1, "郑九", make_id("19850105", 21), "黉门社区", "党建指导员"],
        [2],
        ["二、社区工作者"],
        [3, "冯十", make_id("19860105", 22), "黉门社区", "社区工作者"],
        [4],
        ["单位负责人：李某", None, "审核人：王某", None, "填表人：赵某"],
    ])  # fmt: skip
    plan = plan_import(office.db, tmp_path / "sections.xlsx", today=TODAY)
    assert [r.action for r in plan.rows] == [Action.NEW, Action.NEW] and not plan.rejected()
    assert plan.skipped == {"标题行": 2, "空行": 2, "说明行": 1}
