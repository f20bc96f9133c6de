"""Why a file could not be written, said so the clerk knows what to do: a folder that refuses writing is not
an open Excel file."""

import errno
import os
from pathlib import Path

import pytest

from app.exchange import xlsx_out
from app.exchange.xlsx_out import ExportError, write_via_part


def refused(part: Path) -> None:
    raise PermissionError(errno.EACCES, "Permission denied", str(part))


@pytest.mark.parametrize(
    ("folder_writable", "said"),
    [(False, "不允许写入（只读或没有权限），请另选一个文件夹"), (True, "文件可能正在 Excel 或 WPS 中打开")],
)
def test_a_refused_write_names_the_folder_or_the_open_file(tmp_path, monkeypatch, folder_writable, said):
    monkeypatch.setattr(xlsx_out.os, "access", lambda path, mode: folder_writable)
    with pytest.raises(ExportError) as caught:
        write_via_part(tmp_path / "名单.xlsx", refused)
    assert said in str(caught.value) and "名单.xlsx" in str(caught.value)
    assert os.listdir(tmp_path) == []


def test_a_full_disk_is_said_in_chinese(tmp_path):
    def full(part: Path) -> None:
        part.write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match="磁盘空间不足"):
        write_via_part(tmp_path / "名单.csv", full)
    assert os.listdir(tmp_path) == []
