"""The `grassroots` subcommands, run as real processes (each costs about half a second, so there are few)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from app.office import open_office
from app.people.idnumber import check_digit
from app.people.service import create_person
from db.backup import backup_dir_for, inspect_backup, list_backups

PROJECT = Path(__file__).resolve().parents[2]
PEOPLE = 50


def run(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    """`python -m ui.entry ARGS`, or `python -c CODE ARGS`; output decoded as UTF-8."""
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "ui.entry", *args]
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        command, cwd=PROJECT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60
    )


def people_count(path: Path) -> int:
    office = open_office(path)
    try:
        return office.db.execute("SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        office.close(backup_if_changed=False)


def assert_clean_failure(result: subprocess.CompletedProcess) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.stderr), result.stderr


# Runs the demo subcommand in-process and proves that no subcommand needs Qt.
NO_QT = """
import sys
from ui.entry import main
code = main(sys.argv[1:])
assert "PySide6" not in sys.modules, "a subcommand imported PySide6"
sys.exit(code)
"""


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def demo_run(work):
    db = work / "demo.db"
    return db, run("demo", "--db", str(db), "--people", str(PEOPLE), code=NO_QT)


@pytest.fixture(scope="module")
def demo_db(demo_run) -> Path:
    db, result = demo_run
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def backup_run(demo_db, work):
    folder = work / "U盘"
    folder.mkdir()  # a backup never creates its target folder (a mistyped USB path must not "succeed")
    return folder, run("backup", "--db", str(demo_db), "--to", str(folder))


@pytest.fixture(scope="module")
def backup_file(backup_run) -> Path:
    folder, result = backup_run
    assert result.returncode == 0, result.stderr
    (made,) = folder.iterdir()
    return made


def test_demo_builds_the_database_without_importing_qt(demo_run):
    db, result = demo_run
    assert result.returncode == 0, result.stderr
    assert f"{PEOPLE} 名人员" in result.stdout
    assert people_count(db) == PEOPLE
    assert not backup_dir_for(db).exists()  # a new database needs no backup


def test_export_roster_xlsx(demo_db, work):
    out = work / "花名册.xlsx"
    result = run("export", "roster", str(out), "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert f"已导出 {PEOPLE} 名人员" in result.stdout
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("姓名", "性别", "民族", "公民身份号码")
    assert len(rows) == PEOPLE + 1
    assert all(isinstance(row[3], str) and len(row[3]) == 18 for row in rows[1:])


def test_export_roster_csv(demo_db, work):
    out = work / "roster.csv"
    result = run("export", "roster", str(out), "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "姓名" and len(rows) == PEOPLE + 1


def test_check_passes_on_a_healthy_database(demo_db):
    command = shutil.which("grassroots")
    if command:  # the installed entry point, as IT staff would run it
        env = {**os.environ, "PYTHONUTF8": "1"}
        result = subprocess.run(
            [command, "check", "--db", str(demo_db)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
        )
    else:
        result = run("check", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    assert "完整性检查通过" in result.stdout


def test_backup_writes_a_restorable_file_to_the_chosen_folder(backup_run):
    folder, result = backup_run
    assert result.returncode == 0, result.stderr
    (made,) = folder.iterdir()
    assert made.name.startswith("demo-") and made.name.endswith("-manual.db")
    assert str(made) in result.stdout
    info = inspect_backup(made)
    assert info.ok and info.people == PEOPLE and info.units > 0


def add_people(path: Path, count: int) -> None:
    office = open_office(path)
    try:
        for n in range(count):
            body = f"51010719800101{n:03d}"
            data = {"role": "instructor", "name": "新人", "id_number": body + check_digit(body), "unit_id": 1}
            create_person(office.db, data, "测试")
    finally:
        office.close(backup_if_changed=False)


def test_restore_brings_the_backup_back_and_keeps_a_safety_copy(demo_db, backup_file, tmp_path):
    db = tmp_path / "office.db"
    shutil.copyfile(demo_db, db)  # closed cleanly, so the file alone is the whole database
    add_people(db, 3)
    assert people_count(db) == PEOPLE + 3

    result = run("restore", str(backup_file), "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert "已从" in result.stdout and "恢复" in result.stdout
    assert people_count(db) == PEOPLE
    safety = [
        path for _, path in list_backups(backup_dir_for(db), "office") if path.name.endswith("-safety.db")
    ]
    assert len(safety) == 1
    assert inspect_backup(safety[0]).people == PEOPLE + 3
    assert str(safety[0]) in result.stdout


def test_restore_onto_a_damaged_database_sets_it_aside(backup_file, tmp_path):
    db = tmp_path / "office.db"
    damaged = b"SQLite format 3\x00" + b"\x55" * 8000
    db.write_bytes(damaged)

    result = run("restore", str(backup_file), "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert people_count(db) == PEOPLE
    (aside,) = tmp_path.glob("office-损坏-*.db")
    assert aside.read_bytes() == damaged  # kept as it was, never deleted
    assert str(aside) in result.stdout


# --- errors ------------------------------------------------------------------------------------


def test_missing_db_argument_is_a_usage_error():
    result = run("check")
    assert result.returncode == 64  # a usage error, never confused with import's "rows rejected" (2)
    assert "命令参数有误" in result.stderr and "--db" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_of_a_missing_database_fails_in_chinese(tmp_path):
    missing = tmp_path / "nowhere.db"
    result = run("check", "--db", str(missing))
    assert_clean_failure(result)
    assert "不存在" in result.stderr
    assert not missing.exists()


def test_demo_into_a_database_with_people_is_refused(demo_db):
    result = run("demo", "--db", str(demo_db), "--people", "5")
    assert_clean_failure(result)
    assert "已有人员" in result.stderr
    assert people_count(demo_db) == PEOPLE


def test_export_from_a_missing_database_fails_and_creates_nothing(tmp_path, capsys):
    from ui.entry import main

    missing = tmp_path / "typo.db"
    code = main(["export", "roster", str(tmp_path / "out.xlsx"), "--db", str(missing)])
    assert code != 0
    assert "不存在" in capsys.readouterr().err
    assert not missing.exists()
    assert not (tmp_path / "out.xlsx").exists()


# --- usage errors name what a user types -------------------------------------------------------


def usage_error(capsys, *argv: str) -> str:
    from ui.entry import main

    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    assert caught.value.code == 64
    return capsys.readouterr().err


def test_missing_arguments_are_named_as_typed(capsys):
    err = usage_error(capsys, "import")
    assert "缺少必需的参数：roster、要导入的文件、--db 数据库文件" in err, err
    assert "what" not in err and "file," not in err
    assert "--db 数据库文件" in usage_error(capsys, "check")


def test_an_unknown_command_lists_the_commands(capsys):
    err = usage_error(capsys, "chek", "--db", "x.db")
    assert "“chek”" in err
    assert "demo、export、import、check、backup、restore" in err, err
    assert "command" not in err and "'" not in err


def test_an_unknown_kind_of_data_lists_the_choices(capsys):
    err = usage_error(capsys, "export", "people", "out.xlsx", "--db", "x.db")
    assert "“people”" in err and "roster" in err
    assert "what" not in err and "'" not in err


def all_parsers():
    import argparse

    from app.cli import build_parser

    def commands(name: str, parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        """The parser, or the commands under it (`appraisal import` …) when it has some."""
        subs = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
        if not subs or name == "grassroots":
            return {name: parser}
        return {f"{name} {k}": p for k, p in subs[0].choices.items()}

    parser = build_parser()
    (sub,) = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    found = {"grassroots": parser}
    for name, command in sub.choices.items():
        found.update(commands(name, command))
    return found


def test_every_db_option_has_a_help_text():
    for name, parser in all_parsers().items():
        (db,) = [action for action in parser._actions if "--db" in action.option_strings]
        assert db.help and db.metavar == "数据库文件", name


def test_version(capsys, monkeypatch):
    import importlib.metadata

    from ui.entry import main

    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"grassroots {importlib.metadata.version('grassroots-desk')}"

    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    out = capsys.readouterr().out.strip()
    assert out.startswith("grassroots ") and len(out) > len("grassroots ")


# --- an empty file is not an office database ---------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("check",),
        ("export", "roster", "{tmp}/out.xlsx"),
        ("backup", "--to", "{tmp}"),
    ],
    ids=lambda argv: argv[0],
)
def test_an_empty_database_file_is_refused_in_chinese(tmp_path, capsys, argv):
    from ui.entry import main

    empty = tmp_path / "office.db"
    empty.write_bytes(b"")
    (tmp_path / "roster.csv").write_text("姓名,公民身份号码\n", encoding="utf-8")
    code = main([arg.format(tmp=tmp_path) for arg in argv] + ["--db", str(empty)])
    err = capsys.readouterr().err
    assert code == 1
    assert "是空的" in err and "不是本系统的数据库" in err and str(empty) in err, err
    assert "OperationalError" not in err
    assert empty.read_bytes() == b""  # left exactly as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.db", "roster.csv"]


def test_demo_into_an_empty_file_treats_it_as_new(tmp_path, capsys):
    from ui.entry import main

    empty = tmp_path / "office.db"
    empty.write_bytes(b"")
    assert main(["demo", "--db", str(empty), "--people", "3"]) == 0
    assert people_count(empty) == 3


# --- a folder that does not exist is never created ---------------------------------------------


def test_backup_to_a_missing_folder_is_refused(demo_db, tmp_path, capsys):
    from ui.entry import main

    usb = tmp_path / "no" / "such" / "dir"
    assert main(["backup", "--db", str(demo_db), "--to", str(usb)]) == 1
    err = capsys.readouterr().err
    assert str(usb) in err and "不存在" in err, err
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("demo", "--db", "{missing}/x.db"),
        ("restore", "{backup}", "--db", "{missing}/x.db"),
        ("export", "roster", "{missing}/out.xlsx", "--db", "{db}"),
        ("import", "roster", "{tmp}/roster.csv", "--db", "{db}", "--report", "{missing}/problems.xlsx"),
    ],
    ids=lambda argv: argv[0],
)
def test_a_missing_target_folder_is_refused_and_not_created(demo_db, backup_file, tmp_path, capsys, argv):
    from ui.entry import main

    missing = tmp_path / "no" / "such"
    (tmp_path / "roster.csv").write_text("姓名,公民身份号码\n", encoding="utf-8")
    values = {"missing": missing, "backup": backup_file, "db": demo_db, "tmp": tmp_path}
    code = main([arg.format(**values) for arg in argv])
    err = capsys.readouterr().err
    assert code == 1
    assert str(missing) in err and "不存在" in err, err
    assert not (tmp_path / "no").exists()


# --- no lock file is left behind ---------------------------------------------------------------


def test_no_lock_file_is_left_after_a_command(demo_run, backup_file, tmp_path, capsys):
    from ui.entry import main

    db, _ = demo_run
    assert not Path(f"{db}.lock").exists()
    target = tmp_path / "office.db"
    assert main(["demo", "--db", str(target), "--people", "2"]) == 0
    assert main(["restore", str(backup_file), "--db", str(target)]) == 0
    assert not Path(f"{target}.lock").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["office.db", "备份"]


# --- faults of the machine (issue 7) -----------------------------------------------------------

READ_ONLY_WORDS = "只能查看和导出，不能修改"
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"


def roster_csv(folder: Path, rows: int = 1) -> Path:
    """A roster of `rows` valid new people, as a street would send it."""
    path = folder / "roster.csv"
    lines = ["姓名,公民身份号码,人员类别,工作单位"]
    for n in range(rows):
        body = f"51010719900101{n:03d}"
        lines.append(f"{SURNAMES[n]}新,{body}{check_digit(body)},社区工作者,武侯区")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_into_a_database_that_does_not_exist_creates_it(tmp_path):
    sheet = roster_csv(tmp_path, rows=2)
    new = tmp_path / "新单位.db"
    dry = run("import", "roster", str(sheet), "--db", str(new), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "新增 2 人" in dry.stdout
    assert not new.exists()  # a dry run writes nothing, not even a new file
    real = run("import", "roster", str(sheet), "--db", str(new))
    assert real.returncode == 0, real.stderr
    assert "数据库原来是空的，导入前没有需要备份的数据" in real.stdout
    assert not backup_dir_for(new).exists()  # a copy of an empty database keeps nothing
    assert people_count(new) == 2
    again = run("import", "roster", str(roster_csv(tmp_path, rows=3)), "--db", str(new))
    assert again.returncode == 0, again.stderr
    assert "新增 1 人" in again.stdout and "导入前的数据已备份" in again.stdout
    assert [b.name for _when, b in list_backups(backup_dir_for(new))][0].endswith("-bulk.db")


def test_import_into_an_empty_file_treats_it_as_a_new_database(tmp_path, capsys):
    from ui.entry import main

    sheet = roster_csv(tmp_path)
    empty = tmp_path / "office.db"
    empty.write_bytes(b"")
    assert main(["import", "roster", str(sheet), "--db", str(empty), "--dry-run"]) == 0
    assert empty.read_bytes() == b""
    assert main(["import", "roster", str(sheet), "--db", str(empty)]) == 0, capsys.readouterr().err
    assert people_count(empty) == 1


def test_in_use_has_its_own_exit_code_and_a_dry_run_runs_beside_the_window(demo_db, tmp_path):
    from db.lock import DatabaseLock

    sheet = roster_csv(tmp_path)
    with DatabaseLock(demo_db):  # the window has it open
        refused = run("import", "roster", str(sheet), "--db", str(demo_db))
        dry = run("import", "roster", str(sheet), "--db", str(demo_db), "--dry-run")
    assert refused.returncode == 3, refused.stderr
    assert "正在被另一个窗口或程序使用" in refused.stderr
    assert dry.returncode == 0, dry.stderr
    assert "新增 1 人" in dry.stdout and "数据库没有改动" in dry.stdout
    assert people_count(demo_db) == PEOPLE


def test_the_same_database_through_a_hard_link_is_in_use(demo_db, tmp_path):
    from db.lock import DatabaseLock

    link = tmp_path / "link.db"
    try:
        os.link(demo_db, link)
    except OSError as exc:
        pytest.skip(f"cannot make a hard link here: {exc}")
    with DatabaseLock(demo_db):
        result = run("import", "roster", str(roster_csv(tmp_path)), "--db", str(link))
    assert result.returncode == 3, result.stderr
    assert people_count(demo_db) == PEOPLE


def test_help_names_the_exit_codes(capsys):
    from ui.entry import main

    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert "3    数据库正在被另一个窗口或程序使用" in out and "64   命令写法有误" in out


def test_output_closed_early_exits_quietly(demo_db):
    """`grassroots check --db X | head -0`: nothing on stderr, no traceback, exit 141 (like a SIGPIPE)."""
    env = {**os.environ, "PYTHONUTF8": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "ui.entry", "check", "--db", str(demo_db)],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # the reader went away before anything was written
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 141
    assert err == ""


def test_reading_commands_work_on_read_only_media_and_writes_are_refused(demo_db, tmp_path):
    from tests.db.media import read_only_medium

    usb = tmp_path / "U盘"
    sheet = roster_csv(tmp_path)
    with read_only_medium(usb, lambda folder: shutil.copyfile(demo_db, folder / "office.db")):
        db = str(usb / "office.db")
        checked = run("check", "--db", db)
        exported = run("export", "roster", str(tmp_path / "out.csv"), "--db", db)
        (tmp_path / "copy").mkdir()
        backed = run("backup", "--db", db, "--to", str(tmp_path / "copy"))
        dry = run("import", "roster", str(sheet), "--db", db, "--dry-run")
        refused = run("import", "roster", str(sheet), "--db", db)
        restored = run("restore", str(demo_db), "--db", db)
        listing = sorted(p.name for p in usb.iterdir())
    for result in (checked, exported, backed, dry):
        assert result.returncode == 0, result.stderr
    for result in (refused, restored):
        assert_clean_failure(result)
        assert result.returncode == 1
        assert READ_ONLY_WORDS in result.stderr, result.stderr
        assert "损坏" not in result.stderr
    assert listing == ["office.db"]  # nothing renamed as damaged, no lock file, no backup folder


def test_reading_commands_work_in_a_folder_nobody_may_write(demo_db, capsys):
    """A WAL database there: SQLite cannot make its -shm, so the commands read it without one."""
    from tests.db.media import folder_nobody_may_write
    from ui.entry import main

    with folder_nobody_may_write(lambda folder: shutil.copyfile(demo_db, folder / "office.db")) as folder:
        db, out = str(folder / "office.db"), folder.parent
        sheet = roster_csv(out)
        codes = [
            main(["check", "--db", db]),
            main(["export", "roster", str(out / "out.csv"), "--db", db]),
            main(["import", "roster", str(sheet), "--db", db, "--dry-run"]),
        ]
        refused = main(["import", "roster", str(sheet), "--db", db])
        listing = sorted(p.name for p in folder.iterdir())
        exported = (out / "out.csv").read_text(encoding="utf-8-sig") if codes[1] == 0 else ""
    err = capsys.readouterr().err
    assert codes == [0, 0, 0], err
    assert exported.count("\n") == PEOPLE + 1
    assert refused == 1 and READ_ONLY_WORDS in err, err
    assert listing == ["office.db"]


def test_import_into_a_database_file_without_write_permission_is_refused(demo_db, tmp_path, capsys):
    from tests.db.media import unwritable_file
    from ui.entry import main

    db = tmp_path / "office.db"
    shutil.copyfile(demo_db, db)
    with unwritable_file(db):
        code = main(["import", "roster", str(roster_csv(tmp_path)), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1
    assert READ_ONLY_WORDS in err and "Error" not in err, err
    assert people_count(db) == PEOPLE


def test_a_database_from_a_newer_version_is_read_but_never_written(demo_db, tmp_path):
    import sqlite3

    db = tmp_path / "office.db"
    shutil.copyfile(demo_db, db)
    conn = sqlite3.connect(db)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('grassroots', 'm950_x', 'now')"
    )
    conn.execute("INSERT INTO app_versions (migration, app_version) VALUES ('m950_x', '9.1.0')")
    conn.commit()
    conn.close()
    sheet = roster_csv(tmp_path)
    refused = run("import", "roster", str(sheet), "--db", str(db))
    exported = run("export", "roster", str(tmp_path / "out.csv"), "--db", str(db))
    assert_clean_failure(refused)
    assert refused.returncode == 1 and "9.1.0" in refused.stderr, refused.stderr
    assert exported.returncode == 0, exported.stderr
    assert people_count_read_only(db) == PEOPLE


def people_count_read_only(path: Path) -> int:
    office = open_office(path, readonly=True)
    try:
        return office.db.execute("SELECT count(*) FROM people WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        office.close()


def test_a_full_disk_during_import_is_said_in_chinese_and_nothing_is_lost(
    demo_db, tmp_path, capsys, monkeypatch
):
    import sqlite3

    from app.exchange import import_commit
    from ui.entry import main

    db = tmp_path / "office.db"
    shutil.copyfile(demo_db, db)

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(import_commit, "commit_import", full)
    code = main(["import", "roster", str(roster_csv(tmp_path)), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1
    assert "磁盘空间不足" in err and "导入没有完成" in err, err
    assert "OperationalError" not in err and "意外" not in err
    assert people_count(db) == PEOPLE


@pytest.mark.parametrize("room", [16_384, 100_000, 200_000], ids=["opening", "backup", "backup-half-way"])
def test_a_full_disk_under_a_real_import_is_said_in_chinese(demo_db, tmp_path, room):
    """With less room than the database's -shm, the open fails; with less than a copy, the backup before the
    import does (half-way, it leaves a part file and SQLite's -wal/-shm beside it, all removed)."""
    from tests.db.media import fill_disk, tmpfs

    disk = tmp_path / "disk"
    with tmpfs(disk, "2m"):
        db = disk / "office.db"
        shutil.copyfile(demo_db, db)
        fill_disk(disk, leave=room)
        result = run("import", "roster", str(roster_csv(tmp_path, rows=20)), "--db", str(db))
        (disk / "ballast").unlink()
        count = people_count(db)
        left = list((disk / "备份").iterdir()) if (disk / "备份").exists() else []
    assert_clean_failure(result)
    assert result.returncode == 1
    assert "磁盘空间不足" in result.stderr, result.stderr
    assert "Error" not in result.stderr and "损坏" not in result.stderr
    assert count == PEOPLE
    assert left == []


@pytest.mark.parametrize("room", ["none", "half"])
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_to_a_full_disk_or_a_read_only_folder_is_said_in_chinese(demo_db, tmp_path, suffix, room):
    """With room for half the file, openpyxl's zip used to be left open and print an English traceback."""
    from tests.db.media import fill_disk, read_only_medium, tmpfs

    demo_db = tmp_path / "300.db"  # a file larger than openpyxl's write buffer
    assert run("demo", "--db", str(demo_db), "--people", "300").returncode == 0
    whole = tmp_path / f"whole{suffix}"
    assert run("export", "roster", str(whole), "--db", str(demo_db)).returncode == 0
    disk = tmp_path / "disk"
    with tmpfs(disk, "256k"):
        fill_disk(disk, leave=4096 if room == "none" else whole.stat().st_size // 8192 * 4096)
        full = run("export", "roster", str(disk / f"out{suffix}"), "--db", str(demo_db))
        left = sorted(p.name for p in disk.iterdir())
    assert_clean_failure(full)
    assert full.returncode == 1 and "磁盘空间不足" in full.stderr, full.stderr
    assert left == ["ballast"]
    usb = tmp_path / "U盘"
    with read_only_medium(usb, lambda folder: None):
        refused = run("export", "roster", str(usb / f"out{suffix}"), "--db", str(demo_db))
    assert_clean_failure(refused)
    assert refused.returncode == 1 and "只读" in refused.stderr, refused.stderr
    assert "Error" not in refused.stderr and ".part" not in refused.stderr  # the file asked for, not ours


def test_backup_to_a_read_only_folder_is_said_in_chinese(demo_db, tmp_path):
    from tests.db.media import read_only_medium

    usb = tmp_path / "U盘"
    with read_only_medium(usb, lambda folder: None):
        result = run("backup", "--db", str(demo_db), "--to", str(usb))
    assert_clean_failure(result)
    assert result.returncode == 1 and "只读" in result.stderr, result.stderr
    assert "Error" not in result.stderr and "readonly" not in result.stderr


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["appraisal", "rank", "--scheme", "weighted-top20", "--year", "2025"], "考核数据"),
        (["care", "due"], "关怀数据"),
    ],
)
def test_reading_an_older_database_says_it_is_not_upgraded_yet(tmp_path, args, what):
    import shutil

    old = tmp_path / "old.db"
    shutil.copy(PROJECT / "tests" / "data" / "schema_m001.db", old)
    result = run(*args, "--db", str(old), "--out", str(tmp_path / "out.csv"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"还没有升级到本版本的格式，其中还没有{what}" in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_the_version_the_app_reports_is_the_one_it_is_packaged_as():
    import tomllib

    from app.cli import app_version

    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    packaged = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    assert app_version() == packaged
