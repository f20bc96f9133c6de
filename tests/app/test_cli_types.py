"""An option's value that cannot be used is a usage error: exit 64 with the option named, before anything is
read or written — the same for every command that writes a file of a given kind."""

from __future__ import annotations

import pytest

from tests.app.test_cli import run


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["care", "due", "--db", "o.db", "--out", "x.xlsx"], "--out：待办清单只能是 .csv 文件"),
        (["care", "spending", "--db", "o.db", "--year", "2026", "--out", "s.pdf"], "支出统计只能是 .csv 或 .xlsx 文件"),
        (["care", "import", "f.xlsx", "--db", "o.db", "--report", "r.csv"], "--report：问题报告只能是 .xlsx 文件"),
        (["training", "hours", "--db", "o.db", "--year", "2026", "--out", "h.txt"], "学时统计只能是"),
        (["mentoring", "assign", "--db", "o.db", "--prefs", "p.xlsx", "--out", "r.xlsx"], "分配结果只能是 .csv 文件"),
        (["print", "roster", "--db", "o.db", "--out", "r.docx"], "--out：打印结果只能是 .pdf 文件"),
        (["print", "roster", "--db", "o.db", "--year", "26", "--out", "r.pdf"], "年度“26”应是四位年份"),
        (["appraisal", "rank", "--db", "o.db", "--scheme", "3x", "--year", "2101", "--out", "r.csv"],
         "年度“2101”超出范围：应在 2000–2100 年之间"),
        (["export", "roster", "r.txt", "--db", "o.db"], "花名册只能是 .xlsx 或 .csv 文件，“r.txt”的扩展名是“.txt”"),
        (["import", "roster", "f.xlsx", "--db", "o.db", "--report", "r.csv"], "问题报告只能是 .xlsx 文件"),
    ],
)  # fmt: skip
def test_a_file_of_the_wrong_kind_is_a_usage_error(tmp_path, args, said):
    result = run(*[str(tmp_path / "o.db") if arg == "o.db" else arg for arg in args])
    assert result.returncode == 64 and said in result.stderr, result.stderr
    assert not (tmp_path / "o.db").exists()
