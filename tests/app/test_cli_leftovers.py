"""What a command leaves beside the database: an import that wrote nothing into a database it created leaves no
new file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.test_cli import people_count, roster_csv

HEADER = "姓名,公民身份号码,人员类别,工作单位"


def rejected_only(folder: Path) -> Path:
    """A roster whose one person is refused (a wrong check digit): nothing to write."""
    path = folder / "坏名单.csv"
    path.write_text(f"{HEADER}\n赵新,510107199001010012,社区工作者,武侯区\n", encoding="utf-8")
    return path


def broken_workbook(folder: Path) -> Path:
    path = folder / "坏文件.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    return path


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    "sheet, code", [(rejected_only, 2), (broken_workbook, 1)], ids=["rejected", "unreadable"]
)
def test_an_import_that_writes_nothing_into_a_new_database_leaves_no_file(tmp_path, capsys, sheet, code):
    from ui.entry import main

    work = tmp_path / "work"
    work.mkdir()
    bad = sheet(tmp_path)
    assert main(["import", "roster", str(bad), "--db", str(work / "新.db")]) == code, capsys.readouterr()
    assert listing(work) == []


def test_a_database_that_existed_stays_even_when_nothing_was_written(tmp_path, capsys):
    from ui.entry import main

    db = tmp_path / "office.db"
    assert main(["import", "roster", str(roster_csv(tmp_path)), "--db", str(db)]) == 0
    assert main(["import", "roster", str(rejected_only(tmp_path)), "--db", str(db)]) == 2
    assert people_count(db) == 1
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")  # what an interrupted first start leaves: the user's file, kept
    assert main(["import", "roster", str(broken_workbook(tmp_path)), "--db", str(empty)]) == 1
    assert empty.exists()
    capsys.readouterr()


def test_a_new_database_that_people_were_imported_into_stays(tmp_path, capsys):
    from ui.entry import main

    db = tmp_path / "新.db"
    assert main(["import", "roster", str(roster_csv(tmp_path, rows=2)), "--db", str(db)]) == 0
    assert people_count(db) == 2
    capsys.readouterr()
