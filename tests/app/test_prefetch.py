"""The command line reads a roster in a background thread while the app loads: the import must see exactly what
reading it then would have given — the same rows, the same refusal — and never a stale or forgotten read."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import openpyxl
import pytest

from app.cli import build_parser, run_command
from app.exchange import prefetch
from app.exchange.reader import ReadError, read_workbook
from tests.app.test_roster_import import make_id, messy_workbook, person


def _roster(path: Path, name: str) -> Path:
    return messy_workbook(path, [person(1, name, make_id("19940404", 17), "1994.04", unit="浆洗街街道")])


def test_a_file_read_ahead_gives_the_rows_reading_it_now_gives(tmp_path):
    sheet = _roster(tmp_path / "街道.xlsx", "郑九")
    prefetch.start(sheet)
    taken = prefetch.sheets_of(sheet)
    assert [(s.name, s.rows) for s in taken] == [(s.name, s.rows) for s in read_workbook(sheet)]
    assert any("郑九" in row for row in taken[0].rows)


def test_a_broken_file_read_ahead_is_refused_as_reading_it_would_be(tmp_path):
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ReadError) as direct:
        read_workbook(broken)
    prefetch.start(broken)
    with pytest.raises(ReadError) as ahead:
        prefetch.sheets_of(broken)
    assert str(ahead.value) == str(direct.value)


def test_a_file_changed_after_it_was_read_ahead_is_read_again(tmp_path):
    sheet = _roster(tmp_path / "街道.xlsx", "郑九")
    prefetch.start(sheet)
    prefetch._started[os.path.abspath(sheet)].result()  # the first version is read to the end
    book = openpyxl.load_workbook(sheet)
    book.worksheets[0].cell(row=4, column=2, value="冯十")
    book.save(sheet)
    os.utime(sheet, ns=(1, 1))  # a save within the same clock tick still changes the time we compare
    rows = prefetch.sheets_of(sheet)[0].rows
    assert any("冯十" in row for row in rows) and not any("郑九" in row for row in rows)


def _run(*argv: str) -> int:
    return run_command(build_parser().parse_args(list(argv)))


def test_the_import_command_reads_ahead_and_leaves_nothing_behind(tmp_path, monkeypatch):
    sheet = _roster(tmp_path / "街道.xlsx", "郑九")
    started: list[Path] = []
    real_start = prefetch.start
    monkeypatch.setattr(prefetch, "start", lambda path: (started.append(path), real_start(path)))
    assert _run("import", "roster", str(sheet), "--db", str(tmp_path / "office.db")) == 0
    assert started == [sheet]
    assert prefetch._started == {}
    assert not [t for t in threading.enumerate() if t.name == "read-workbook"]


def test_a_read_nobody_took_is_forgotten_when_the_command_ends(tmp_path):
    sheet = _roster(tmp_path / "街道.xlsx", "郑九")
    # A --report into a folder that does not exist stops the command before the file is read.
    report = str(tmp_path / "没有" / "问题.xlsx")
    code = _run("import", "roster", str(sheet), "--db", str(tmp_path / "office.db"), "--report", report)
    assert code == 1
    assert prefetch._started == {}
    assert not [t for t in threading.enumerate() if t.name == "read-workbook"]


def test_a_named_pipe_is_never_read_ahead(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "管道.xlsx"
    os.mkfifo(pipe)
    assert _run("import", "roster", str(pipe), "--db", str(tmp_path / "office.db")) == 1
    assert not [t for t in threading.enumerate() if t.name == "read-workbook"]


def test_the_score_import_reads_its_sheet_ahead_too(tmp_path, monkeypatch):
    from tests.app.test_appraisal_cli import scores_csv

    db = tmp_path / "office.db"
    assert _run("demo", "--db", str(db), "--people", "5") == 0
    sheet = scores_csv(tmp_path / "成绩.csv", [["不在册", "110101199003077777", 90, 90, 90]])
    started: list[Path] = []
    real_start = prefetch.start
    monkeypatch.setattr(prefetch, "start", lambda path: (started.append(path), real_start(path)))
    code = _run("appraisal", "import", str(sheet), "--db", str(db), "--scheme", "weighted-top20", "--year", "2031",
                "--dry-run")  # fmt: skip
    assert started == [sheet] and prefetch._started == {}
    assert code == 2  # the one row names nobody on the roster: refused, as reading it now would have said


def test_the_reader_says_when_its_checks_are_done_and_only_once(tmp_path):
    """The command line waits for the checks (which need Python's lock) before it loads the rest of the app
    beside calamine's parse (which does not)."""
    sheet = _roster(tmp_path / "街道.xlsx", "郑九")
    said: list[int] = []
    sheets = read_workbook(sheet, lambda: said.append(len(said)))
    assert said == [0] and any("郑九" in row for row in sheets[0].rows)
    text = tmp_path / "名单.csv"
    text.write_text("姓名,公民身份号码\n郑九,110101199404040017\n", encoding="utf-8")
    said.clear()
    read_workbook(text, lambda: said.append(len(said)))
    assert said == [0]


def test_waiting_for_the_checks_of_a_file_that_cannot_be_read_does_not_hang(tmp_path):
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    prefetch.start(broken)
    waited = threading.Event()
    worker = threading.Thread(target=lambda: (prefetch.let_checks_run(broken, timeout=30), waited.set()))
    worker.start()
    worker.join(timeout=10)
    assert waited.is_set()
    with pytest.raises(ReadError):
        prefetch.sheets_of(broken)
