"""`grassroots print` into a folder that cannot be written: said as such ("文件夹…不能写入"), exit 1, nothing
left there; "open in a PDF reader" only when the old file is there and cannot be replaced."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from app.printing import layout
from app.printing.layout import write_part
from app.printing.problems import PrintError
from tests.app.test_cli import run
from tests.app.test_print_cli import _office

READER = "PDF 阅读器"


@pytest.fixture(scope="module")
def office_db(tmp_path_factory) -> Path:
    return _office(tmp_path_factory.mktemp("print_folders") / "office.db")


def _ranking(db: Path, out: Path) -> list[str]:
    return [
        "print",
        "ranking",
        "--db",
        str(db),
        "--scheme",
        "weighted-top20",
        "--year",
        "2025",
        "--out",
        str(out),
    ]


def test_a_folder_nobody_may_write_is_named_not_an_open_file(office_db, capsys):
    """Mode 555, as an administrator sets it up (as root the print runs as the user nobody)."""
    from tests.db.media import folder_nobody_may_write
    from ui.entry import main

    with folder_nobody_may_write(lambda folder: shutil.copyfile(office_db, folder / "office.db")) as folder:
        code = main(_ranking(folder / "office.db", folder / "排名表.pdf"))
        listing = sorted(p.name for p in folder.iterdir())
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"文件夹“{folder}”不能写入（只读或没有权限），请换一个文件夹" in err, err
    assert READER not in err
    assert listing == ["office.db"]


def test_a_read_only_medium_is_named_not_an_open_file(office_db, tmp_path):
    """A write-protected stick (a read-only tmpfs) or, where that cannot be mounted, a folder chattr +i."""
    from tests.db.media import read_only_medium

    with read_only_medium(tmp_path / "U盘", lambda folder: None) as how:
        folder = tmp_path / "U盘"
        done = run(*_ranking(office_db, folder / "排名表.pdf"))
        listing = os.listdir(folder)
    assert done.returncode == 1, done.stderr
    assert f"文件夹“{folder}”" in done.stderr and "请换一个文件夹" in done.stderr, (how, done.stderr)
    assert "只读" in done.stderr and READER not in done.stderr
    assert listing == []


def _refused(part: Path) -> int:
    raise PermissionError(errno.EACCES, "Permission denied", str(part))


def test_a_folder_found_unwritable_while_writing_is_named(tmp_path, monkeypatch):
    """os.access may say yes where the write then fails (a network share): the failure is looked at again."""
    answers = iter([True])  # yes before the build, no after it failed
    monkeypatch.setattr(layout.os, "access", lambda *_a, **_k: next(answers, False))
    with pytest.raises(PrintError) as caught:
        write_part(tmp_path / "排名表.pdf", _refused)
    assert "不能写入（只读或没有权限）" in str(caught.value) and READER not in str(caught.value)
    assert os.listdir(tmp_path) == []


def test_an_old_file_that_cannot_be_replaced_may_be_open_in_a_reader(tmp_path, monkeypatch):
    out = tmp_path / "排名表.pdf"
    out.write_bytes(b"%PDF old")

    def locked(self, target):  # Windows refuses to replace a file a reader holds open
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "replace", locked)
    with pytest.raises(PrintError, match="文件可能正在 PDF 阅读器中打开，请关闭后重试"):
        write_part(out, lambda part: part.write_bytes(b"%PDF new") and 1)
    assert out.read_bytes() == b"%PDF old" and sorted(os.listdir(tmp_path)) == ["排名表.pdf"]


def test_a_new_file_refused_in_a_writable_folder_is_not_called_open(tmp_path, monkeypatch):
    monkeypatch.setattr(Path, "replace", lambda self, target: _refused(self))
    with pytest.raises(PrintError) as caught:
        write_part(tmp_path / "排名表.pdf", lambda part: part.write_bytes(b"%PDF") and 1)
    assert "没有权限" in str(caught.value) and READER not in str(caught.value)
    assert os.listdir(tmp_path) == []
