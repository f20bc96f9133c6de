"""A CSV whose encoding changes partway — a line pasted in from a file of another encoding — names the line
(a new-user trial, finding 14)."""

from __future__ import annotations

import pytest

from app.exchange.sheet import ReadError
from app.exchange.text_reader import read_text


def test_a_csv_whose_encoding_changes_partway_names_the_line(tmp_path):
    path = tmp_path / "f45.csv"
    lines = ["姓名,身份证号码,所在单位,人员类别", "甲一,510107198801010310,浆洗街街道/棕北社区,社工"]
    pasted = "乙二,510107198801010337,浆洗街街道/棕北社区,社工"
    path.write_bytes("\r\n".join(lines).encode("gbk") + b"\r\n" + pasted.encode("utf-8") + b"\r\n")
    with pytest.raises(ReadError) as refused:
        read_text(path)
    message = str(refused.value)
    assert "第3行" in message and "GBK" in message and "UTF-8" in message and "f45.csv" in message


def test_a_utf8_csv_with_one_gbk_line_names_that_line(tmp_path):
    path = tmp_path / "mixed.csv"
    lines = ["姓名,身份证号码", "甲一,510107198801010310", "乙二,510107198801010337"]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines[:2]).encode() + b"\n" + lines[2].encode("gbk") + b"\n")
    with pytest.raises(ReadError, match="第3行"):
        read_text(path)
