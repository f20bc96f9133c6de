"""`grassroots care …` as real processes: the due list's exact columns read back, a ledger imported (dry run,
rejected rows exit 2, a second import adds nothing), spending to the fen in .csv and .xlsx, in use (3), usage
(64), errors in Chinese without a traceback."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.care.service import VisitInput, record_event, record_visit
from app.office import open_office
from app.people.service import create_person
from app.units.service import create_unit
from tests.app.test_care_service import id_born
from tests.app.test_cli import assert_clean_failure, run

ACTOR = "测试员"
PEOPLE = [
    ("张三", "1990-06-15", "东门社区"),
    ("李四", "1992-02-29", "西门社区"),
    ("王五", "1985-03-05", "西门社区"),
]
LEDGER_HEADER = [
    "日期",
    "姓名",
    "公民身份号码",
    "记录类型",
    "类别",
    "方式",
    "走访人",
    "慰问品",
    "金额（元）",
    "回访日期",
    "备注",
]


@pytest.fixture
def office_db(tmp_path) -> Path:
    path = tmp_path / "office.db"
    office = open_office(path)
    try:
        units = {
            n: create_unit(office.db, {"name": n, "kind": "社区/村"}, ACTOR).record_id
            for n in ("东门社区", "西门社区")
        }
        for serial, (name, birth, unit) in enumerate(PEOPLE, 1):
            data = {
                "role": "community_worker",
                "name": name,
                "id_number": id_born(birth, serial),
                "unit_id": units[unit],
            }
            create_person(office.db, data, ACTOR)
    finally:
        office.close(backup_if_changed=False)
    return path


def _ids() -> dict[str, str]:
    return {name: id_born(birth, serial) for serial, (name, birth, _u) in enumerate(PEOPLE, 1)}


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def _with_office(path: Path, work) -> None:
    office = open_office(path)
    try:
        work(office.db)
    finally:
        office.close(backup_if_changed=False)


def test_due_lists_the_open_duties_with_exactly_the_columns(office_db, tmp_path):
    def events(db):
        ids = dict(db.execute("SELECT name, id FROM people").fetchall())
        record_event(db, ids["张三"], "生病住院", "2026-03-01", ACTOR)
        talk = record_event(db, ids["李四"], "思想波动", "2026-02-20", ACTOR)
        assert talk.changes.care

    _with_office(office_db, events)
    out = tmp_path / "due.csv"
    result = run("care", "due", "--db", str(office_db), "--on", "2026-03-08", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "待走访 1" in result.stdout
    rows = _read_csv(out)
    assert rows[0] == ["类型", "姓名", "公民身份号码", "事由", "到期日", "逾期天数"]
    ids = _ids()
    assert rows[1:] == [  # newest duty first; 逾期天数 is the day minus 到期日
        ["待走访", "张三", ids["张三"], "生病住院", "2026-03-08", "0"],
        ["生日", "王五", ids["王五"], "41岁生日", "2026-03-05", "3"],
        ["待谈话", "李四", ids["李四"], "思想波动", "2026-02-27", "9"],
    ]


def _ledger(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年关怀工作台账"])
    sheet.append(["填报单位：玉林街道"])
    sheet.append(LEDGER_HEADER)
    for row in rows:
        sheet.append(row)
    for cell in sheet["C"]:
        cell.number_format = "@"
    book.save(path)
    return path


def test_a_ledger_is_checked_then_imported_once(office_db, tmp_path):
    ids = _ids()
    ledger = _ledger(tmp_path / "台账.xlsx", [
        ["2026-03-01", "张三", ids["张三"], "事件", "生病住院", None, None, None, None, None, "住院"],
        ["2026.3.12", "张三", ids["张三"], "走访慰问", "生病住院", "上门", "刘书记", "水果", "￥1,200.5", "2026-04-01", None],
        ["2026-02-20", "李四", ids["李四"], "事件", "思想波动", None, None, None, None, None, None],
        ["2026-02-25", "李四", ids["李四"], "谈心谈话", "思想波动", None, "王主任", None, None, None, "已谈"],
        ["2026-01-20", "王五", ids["王五"], "走访慰问", "节日慰问", "上门", "刘书记", "米油", "300元", None, None],
        ["2026-05-01", "王五", ids["王五"], "健康体检", None, None, None, None, None, None, "区医院"],
        ["2026-01-21", "王小五", ids["王五"], "走访慰问", "节日慰问", None, None, None, "100", None, None],
        ["2026-01-22", "王五", ids["王五"], "走访慰问", "节日慰问", None, None, None, "-5", None, None],
        ["合计", None, None, None, None, None, None, None, "1500.5", None, None],
    ])  # fmt: skip
    dry = run("care", "import", str(ledger), "--db", str(office_db), "--dry-run")
    assert dry.returncode == 2, dry.stderr
    assert "新增 6 条" in dry.stdout and "拒绝 2 条" in dry.stdout and "这是试运行" in dry.stdout
    assert "回应本表第4行的2026-03-01“生病住院”事件（逾期4天）" in dry.stdout
    assert "第10行 王小五" in dry.stdout and "姓名与公民身份号码不符" in dry.stdout
    assert "第11行" in dry.stdout and "负数" in dry.stdout
    assert "跳过合计行 1 行" in dry.stdout

    done = run("care", "import", str(ledger), "--db", str(office_db))
    assert done.returncode == 2, done.stderr
    assert (
        "已导入 6 条关怀记录" in done.stdout
        and "金额合计 1500.50 元" in done.stdout
        and "备份" in done.stdout
    )

    def check(db):
        fen = db.execute("SELECT sum(amount_fen) FROM care_visits").fetchone()[0]
        assert fen == 150050
        answered = db.execute("SELECT count(*) FROM care_visits WHERE event_id IS NOT NULL").fetchone()[0]
        answered += db.execute("SELECT count(*) FROM care_talks WHERE event_id IS NOT NULL").fetchone()[0]
        assert answered == 2
        assert db.execute("SELECT count(*) FROM audit_log WHERE entity LIKE 'care_%'").fetchone()[0] == 6

    _with_office(office_db, check)
    again = run("care", "import", str(ledger), "--db", str(office_db))
    assert again.returncode == 2 and "新增 0 条" in again.stdout and "已有（跳过） 6 条" in again.stdout


def test_a_clean_ledger_exits_0_and_csv_ledgers_in_gbk_are_read(office_db, tmp_path):
    ids = _ids()
    path = tmp_path / "台账.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LEDGER_HEADER)
        writer.writerow(
            [
                "2026-06-15",
                "张三",
                ids["张三"],
                "走访慰问",
                "生日慰问",
                "上门",
                "",
                "蛋糕",
                "1200.50元",
                "",
                "",
            ]
        )
    result = run("care", "import", str(path), "--db", str(office_db))
    assert result.returncode == 0, result.stderr + result.stdout


def test_spending_to_the_fen_in_csv_and_all_three_views_in_xlsx(office_db, tmp_path):
    def visits(db):
        ids = dict(db.execute("SELECT name, id FROM people").fetchall())
        record_visit(
            db, VisitInput([ids["张三"], ids["李四"]], "2026-01-20", "节日慰问", amount_fen=100001), ACTOR
        )
        record_visit(db, VisitInput([ids["王五"]], "2026-03-02", "生病住院", amount_fen=50050), ACTOR)
        record_visit(db, VisitInput([ids["王五"]], "2025-12-30", "生病住院", amount_fen=7), ACTOR)

    _with_office(office_db, visits)
    out = tmp_path / "spending.csv"
    result = run(
        "care", "spending", "--db", str(office_db), "--year", "2026", "--by", "unit", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "合计 1500.51 元" in result.stdout
    assert _read_csv(out) == [
        ["单位", "次数", "金额（元）"], ["西门社区", "2", "1000.50"], ["东门社区", "1", "500.01"], ["合计", "2", "1500.51"],
    ]  # fmt: skip
    xlsx = tmp_path / "spending.xlsx"
    assert (
        run("care", "spending", "--db", str(office_db), "--year", "2026", "--out", str(xlsx)).returncode == 0
    )
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["按类别", "按单位", "按月份"]
    kinds = [[c.value for c in row] for row in book["按类别"].iter_rows()]
    assert kinds[0] == ["类别", "次数", "金额（元）"] and kinds[-1] == ["合计", 2, 1500.51]
    months = list(book["按月份"].iter_rows(values_only=True))
    assert len(months) == 14 and months[1] == ("2026-01", 1, 1000.01)
    assert sum(Decimal(str(r[2])) for r in months[1:-1]) == Decimal("1500.51")


def test_in_use_exits_3_and_due_reads_beside_the_window(office_db, tmp_path):
    from db.lock import DatabaseLock

    ledger = _ledger(tmp_path / "台账.xlsx", [])
    with DatabaseLock(office_db):
        refused = run("care", "import", str(ledger), "--db", str(office_db))
        beside = run("care", "due", "--db", str(office_db), "--out", str(tmp_path / "d.csv"))
    assert refused.returncode == 3, refused.stderr
    assert_clean_failure(refused)
    assert beside.returncode == 0, beside.stderr


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["care", "due", "--db", "X", "--on", "2026-13-01", "--out", "d.csv"], 64, "YYYY-MM-DD"),
        (["care", "spending", "--db", "X", "--year", "26", "--out", "s.csv"], 64, "四位年份"),
        (["care", "spending", "--db", "X", "--year", "2026", "--by", "week", "--out", "s.csv"], 64, "week"),
        (["care", "due", "--db", "X"], 64, "--out"),
        (["care", "pay", "--db", "X"], 64, "没有“pay”这个命令"),
    ],
)
def test_usage_errors_exit_64_in_chinese(args, code, says):
    result = run(*args)
    assert result.returncode == code and says in result.stderr
    assert_clean_failure(result)


def test_failures_are_said_in_chinese(office_db, tmp_path):
    missing = run("care", "due", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "d.csv"))
    assert missing.returncode == 1
    assert_clean_failure(missing)
    wrong = run("care", "due", "--db", str(office_db), "--out", str(tmp_path / "d.xlsx"))
    assert wrong.returncode == 64 and ".csv" in wrong.stderr  # an option's value that cannot be used
    assert_clean_failure(wrong)
    no_file = run("care", "import", str(tmp_path / "none.xlsx"), "--db", str(office_db))
    assert no_file.returncode == 1
    assert_clean_failure(no_file)
    headless = tmp_path / "bad.csv"
    headless.write_text("a,b\n1,2\n", encoding="utf-8")
    no_header = run("care", "import", str(headless), "--db", str(office_db))
    assert no_header.returncode == 1 and "没有找到表头行" in no_header.stderr


def test_spending_by_unit_keeps_communities_of_one_name_under_two_streets_apart(office_db, tmp_path):
    """桂溪社区 under two streets is two units: two rows, each by its path, never one sum of both."""

    def two_of_a_name(db):
        ids = dict(db.execute("SELECT name, id FROM people").fetchall())
        for street, person, fen in (("望江路街道", "张三", 30000), ("火车南站街道", "王五", 12345)):
            parent = create_unit(db, {"name": street, "kind": "街道/镇"}, ACTOR).record_id
            unit = create_unit(
                db, {"name": "桂溪社区", "kind": "社区/村", "parent_id": parent}, ACTOR
            ).record_id
            db.execute("UPDATE people SET unit_id = ? WHERE id = ?", [unit, ids[person]])
            record_visit(db, VisitInput([ids[person]], "2026-04-10", "生病住院", amount_fen=fen), ACTOR)

    _with_office(office_db, two_of_a_name)
    out = tmp_path / "by_unit.csv"
    result = run(
        "care", "spending", "--db", str(office_db), "--year", "2026", "--by", "unit", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert _read_csv(out) == [
        ["单位", "次数", "金额（元）"], ["望江路街道 / 桂溪社区", "1", "300.00"],
        ["火车南站街道 / 桂溪社区", "1", "123.45"], ["合计", "2", "423.45"],
    ]  # fmt: skip
