"""`grassroots care due --on D`: a day that cannot be is refused (64) with what is wrong with it, and nothing is
written."""

from __future__ import annotations

from tests.app.test_care_cli import office_db  # noqa: F401 (fixture)
from tests.app.test_cli import run


def test_an_impossible_day_for_due_says_what_is_wrong_with_it(office_db, tmp_path):  # noqa: F811
    out = tmp_path / "due.csv"
    for typed, says in [
        ("2026-02-30", "2026年2月没有30日"),
        ("2026-13-01", "月份应在1到12之间"),
        ("3月1日", "YYYY-MM-DD"),
    ]:
        result = run("care", "due", "--db", str(office_db), "--on", typed, "--out", str(out))
        assert result.returncode == 64 and says in result.stderr, result.stderr
        assert not out.exists()
