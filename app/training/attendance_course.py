"""Which course an attendance list goes into: the one named (`--course`, the course chosen in the window), the
one a title above the list names, or a new one whose values the clerk gives — checked as the course form checks
them, and written with the attendance, never before."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from sqlite_utils import Database

from app.changes import ValidationError
from app.exchange.plan import PlanError
from app.training import courses
from app.training.courses import Course
from app.training.rules import hours_text

_BRACKETS = re.compile(r"[()\[\]【】〔〕<>《》\s]")
_YEAR = re.compile(r"^(?:19|20)\d\d年度?")
_A_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")


class CourseNeeded(PlanError):
    """No course was named and the list's title names none that exists: the clerk must give one. `titled` is
    what the title names ('' when nothing), to start the new course's name with."""

    def __init__(self, titled: str | None):
        self.titled = titled or ""
        said = f"名单标题中的“{self.titled}”不是已有的培训班" if self.titled else "名单中没有写明培训班"
        super().__init__(f"{said}：请选择一个培训班，或新建一个培训班后再导入")


def _key(name: str) -> str:
    return _BRACKETS.sub("", unicodedata.normalize("NFKC", name)).casefold()


def spelled_alike(db: Database, name: str) -> list[Course]:
    """The living courses whose names are `name` but for spaces, brackets and full-width characters
    ('…全员轮训(第一期)' is '…全员轮训（第一期）'): one course, however the clerk typed it."""
    key = _key(name)
    return [course for course in courses.list_courses(db) if _key(course.name) == key]


def _one_apart(one: str, other: str) -> bool:
    """Whether one character typed, dropped or changed turns `one` into `other`."""
    if one == other or abs(len(one) - len(other)) > 1:
        return False
    at = next(
        (i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other))
    )
    if len(one) == len(other):
        return one[at + 1 :] == other[at + 1 :]
    longer, shorter = (one, other) if len(one) > len(other) else (other, one)
    return longer[at + 1 :] == shorter[at:]


def _year(key: str) -> str:
    return found.group() if (found := _A_YEAR.search(key)) else ""


def near_courses(db: Database, values: dict[str, Any]) -> list[tuple[Course, str]]:
    """The living courses a new course (its checked values) may be meant as, each with why: a name one
    character away (of the same year: '2025年…' beside '2026年…' is next year's course, not a typo), or the same
    category on overlapping dates."""
    key = _key(values["name"])
    start, end = (dt.date.fromisoformat(values[which]) for which in ("start_date", "end_date"))
    found = []
    for course in courses.list_courses(db):
        other = _key(course.name)
        if _one_apart(key, other) and (not _year(key) or not _year(other) or _year(key) == _year(other)):
            found.append((course, "名称只差一个字"))
        elif course.category == values["category"] and course.start_date <= end and start <= course.end_date:
            found.append((course, f"同为{course.category}，日期重叠"))
    return found


def course_said(course: Course, why: str = "") -> str:
    """'“2026年入门培训班”（入门，2026-03-02—2026-03-03，8 学时）', with why it is named at the end."""
    said = f"{course.category}，{course.start_date}—{course.end_date}，{hours_text(course.hours)} 学时"
    return f"“{course.name}”（{said}{f'；{why}' if why else ''}）"


def near_said(near: list[tuple[Course, str]]) -> str:
    """'名称相近的有：“…”（…；名称只差一个字）、…' — the words `print attendance` suggests names with."""
    listed = "、".join(course_said(course, why) for course, why in near[:5])
    return f"名称相近的有：{listed}{f'等 {len(near)} 个' if len(near) > 5 else ''}"


def same_name(one: str, other: str) -> bool:
    """Two spellings of one course's name: spaces, brackets, full-width characters and a leading year aside."""
    return bool({_key(one), _key(_YEAR.sub("", one))} & {_key(other), _key(_YEAR.sub("", other))})


def match_course(db: Database, name: str | None) -> Course | None:
    """The living course a title names: the same name, or the same but for spaces, brackets, full-width
    characters or a leading year ('2026年入门培训班（第1期）' is '入门培训班第1期')."""
    if not name:
        return None
    if (found := courses.find_course(db, name)) is not None:
        return found
    return next((course for course in courses.list_courses(db) if same_name(course.name, name)), None)


def checked_new_course(db: Database, values: dict[str, Any]) -> dict[str, Any]:
    """A new course's values as the course form checks them, and its name not already taken; ValidationError
    names every field that is wrong."""
    errors: dict[str, str] = {}
    try:
        clean = courses.checked_course(values)
    except ValidationError as exc:
        errors, clean = dict(exc.errors), {}
    name = " ".join(str(values.get("name") or "").split())
    taken = (courses.find_course(db, name) or next(iter(spelled_alike(db, name)), None)) if name else None
    if taken is not None and "name" not in errors:
        alike = "" if taken.name == name else "（与所填名称只差括号、空格或全角半角）"
        errors["name"] = (
            f"已有名为“{taken.name}”的培训班{alike}（{taken.start_date} 开班，{hours_text(taken.hours)} 学时）："
            "要导入到它，请在“导入到”中选它；新建请换一个名称（如加上期数）"
        )
    if errors:
        raise ValidationError(errors)
    return clean


def resolve_course(db: Database, name: str, values: dict[str, Any] | None) -> tuple[Course, dict | None, str]:
    """The course of that name, or the one the values would make (not yet written); and a line saying which."""
    name = " ".join((name or "").split())
    if not name:
        raise PlanError("请给出培训班名称（--course）")
    found = courses.find_course(db, name) or _spelled_alike(db, name)
    given = {k: v for k, v in (values or {}).items() if v not in (None, "") and k != "name"}
    if found is not None:
        said = f"培训班{course_said(found)}已存在"
        if found.name != name:  # typed another way: the same course, its hours never counted twice
            said += f"（“{name}”与它只差括号、空格或全角半角，按同一个培训班计）"
        return found, None, said + ("，给出的类别、日期和学时没有使用" if given else "")
    if not given:
        raise PlanError(
            f"没有名为“{name}”的培训班。要新建，请同时给出类别、开始日期、结束日期和学时"
            "（--category --start --end --hours）"
        )
    try:
        clean = courses.checked_course({**given, "name": name})
    except ValidationError as exc:
        raise PlanError(f"无法新建培训班“{name}”：{exc}") from exc
    course = Course(0, "", name, clean["category"], dt.date.fromisoformat(clean["start_date"]),
                    dt.date.fromisoformat(clean["end_date"]), Decimal(clean["hours"]), None, None, None, None)  # fmt: skip
    return course, clean, new_course_said(clean)


def _spelled_alike(db: Database, name: str) -> Course | None:
    """The one course `name` spells another way; PlanError when it could be several."""
    found = spelled_alike(db, name)
    if len(found) > 1:
        listed = "、".join(course_said(course) for course in found)
        raise PlanError(
            f"没有名为“{name}”的培训班，与它只差括号、空格或全角半角的有 {len(found)} 个：{listed}。"
            "请写明其中一个的准确名称（--course）"
        )
    return found[0] if found else None


def new_course_said(values: dict[str, Any]) -> str:
    """'将新建培训班“…”（入门，2026-03-02—2026-03-03，8 学时）' for the dry run."""
    return (
        f"将新建培训班“{values['name']}”（{values['category']}，{values['start_date']}—{values['end_date']}，"
        f"{values['hours']} 学时），与参训记录一起写入"
    )
