"""A course named another way than it is stored (half-width brackets, a space) is that course; a new course
whose name is one character from another's, or of the same category on overlapping dates, is made only when the
clerk says it is another course — else the hours of one course would count twice."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.changes import ValidationError
from app.office import open_office
from app.training import courses
from app.training.attendance_course import checked_new_course, near_courses
from tests.app.test_training_cli import ACTOR, call, ids, office_db  # noqa: F401

FIRST = "2026年社区工作者全员轮训（第一期）"
FIRST_DATES = ["--category", "轮训", "--start", "2026-06-16", "--end", "2026-06-17", "--hours", "12"]


@pytest.fixture
def office(office_db):  # noqa: F811
    """The office with 张三 already in the first 轮训."""
    first = {"category": "轮训", "start_date": "2026-06-16", "end_date": "2026-06-17", "hours": "12"}
    with _opened(office_db) as db:
        courses.create_course(db, {"name": FIRST, **first}, ACTOR)
    return office_db


class _opened:
    def __init__(self, path: Path):
        self.office = open_office(path)

    def __enter__(self):
        return self.office.db

    def __exit__(self, *_exc):
        self.office.close(backup_if_changed=False)


def _list(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "学时"])
    book.active.append(["张三", ids()["张三"], 12])
    book.save(path)
    return path


def _courses(path: Path) -> list[str]:
    with _opened(path) as db:
        return [
            name for (name,) in db.execute("SELECT name FROM courses WHERE deleted_at IS NULL ORDER BY id")
        ]


def test_half_width_brackets_name_the_course_there(office, tmp_path, capsys):
    """'…(第一期)' with --category and dates was a second course, its hours counted twice."""
    typed = "2026年社区工作者全员轮训(第一期)"
    code, out, _err = call(["import", _list(tmp_path / "名单.xlsx"), "--db", office, "--course", typed, *FIRST_DATES],
                           capsys)  # fmt: skip
    assert code == 0
    assert f"培训班“{FIRST}”（轮训，2026-06-16—2026-06-17，12 学时）已存在" in out
    assert f"“{typed}”与它只差括号、空格或全角半角，按同一个培训班计" in out
    assert _courses(office) == [FIRST]
    code, _out, _err = call(["import", _list(tmp_path / "名单.xlsx"), "--db", office, "--course", " 2026年社区工作者"
                             "全员轮训 （第一期） "], capsys)  # fmt: skip
    assert code == 0 and _courses(office) == [FIRST]


def test_a_name_one_character_away_is_refused_naming_the_course_and_the_ways_on(office, tmp_path, capsys):
    second = "2026年社区工作者全员轮训（第二期）"
    later = ["--category", "轮训", "--start", "2026-09-01", "--end", "2026-09-02", "--hours", "12"]
    sheet = _list(tmp_path / "名单.xlsx")
    code, _out, err = call(["import", sheet, "--db", office, "--course", second, *later], capsys)
    assert code == 1
    assert f"名称相近的有：“{FIRST}”（轮训，2026-06-16—2026-06-17，12 学时；名称只差一个字）" in err
    assert "请用 --course 写它的准确名称" in err and "请加 --new-course 重新运行" in err
    assert _courses(office) == [FIRST]
    code, out, _err = call(
        ["import", sheet, "--db", office, "--course", second, *later, "--new-course"], capsys
    )
    assert code == 0 and "名称相近的有" in out  # said in the dry run too
    assert _courses(office) == [FIRST, second]


def test_the_same_category_on_overlapping_dates_is_refused_too(office, tmp_path, capsys):
    other = ["--category", "轮训", "--start", "2026-06-17", "--end", "2026-06-18", "--hours", "12"]
    code, _out, err = call(["import", _list(tmp_path / "名单.xlsx"), "--db", office, "--course", "社区工作者轮训班",
                            *other, "--dry-run"], capsys)  # fmt: skip
    assert code == 1 and f"“{FIRST}”（轮训，2026-06-16—2026-06-17，12 学时；同为轮训，日期重叠）" in err


def test_next_years_course_and_another_course_are_no_near_ones(office):
    with _opened(office) as db:
        assert near_courses(db, _values("2027年社区工作者全员轮训（第一期）", "轮训", "2027-06-16")) == []
        assert near_courses(db, _values("2026年社区工作者入门培训班", "入门", "2026-06-16")) == []
        assert near_courses(db, _values("2026年社区工作者全员轮训（第1期）", "轮训", "2026-12-01")) != []


def test_the_windows_new_course_form_refuses_a_name_spelled_another_way(office):
    with _opened(office) as db, pytest.raises(ValidationError) as refused:
        checked_new_course(
            db, {**_values("2026年社区工作者全员轮训(第一期)", "轮训", "2026-12-01"), "hours": "4"}
        )
    assert f"已有名为“{FIRST}”的培训班（与所填名称只差括号、空格或全角半角）" in refused.value.errors["name"]


def _values(name: str, category: str, day: str) -> dict[str, str]:
    return {"name": name, "category": category, "start_date": day, "end_date": day}
