"""The mentor pool (导师库): who is in it, with how many running pairs each has, and a mentor saved (every
problem of the form said at once)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.changes import OpResult, ValidationError
from app.clock import today
from app.training.mentor_writes import TRAINING, insert, update
from app.training.selection import mentor_key


@dataclass(frozen=True)
class MentorRow:
    id: int
    name: str
    unit: str
    post: str
    line: str
    min_mentees: int
    max_mentees: int
    mentees: int  # living pairs now
    note: str


def mentors(db: Database) -> list[MentorRow]:
    # The office's day, not SQLite's date('now'): that is the UTC day, a day behind in China until 08:00, and
    # deaf to a pinned clock.
    rows = db.execute(
        "SELECT m.id, m.name, coalesce(m.unit, ''), coalesce(m.post, ''), coalesce(m.line, ''), m.min_mentees,"
        " m.max_mentees, (SELECT count(*) FROM mentor_pairs p WHERE p.mentor_id = m.id AND p.deleted_at IS NULL"
        " AND (p.end_date IS NULL OR p.end_date >= ?)), coalesce(m.note, '')"
        " FROM mentors m WHERE m.deleted_at IS NULL ORDER BY m.name, m.id",
        [today().isoformat()],
    ).fetchall()
    return [MentorRow(*row) for row in rows]


def _count(text: str, label: str, key: str, errors: dict[str, str]) -> int:
    text = text.strip()
    if not text.isdigit() or not 0 <= int(text) <= 20:
        errors[key] = f"{label}“{text}”应是 0 到 20 的整数"
        return 0
    return int(text)


def mentor_values(data: dict[str, str]) -> dict[str, Any]:
    """The typed mentor checked: ValidationError (field → message) naming every problem at once."""
    errors: dict[str, str] = {}
    name = data.get("name", "").strip()
    if not name:
        errors["name"] = "请填写导师姓名"
    least = _count(data.get("min_mentees", "3"), "最少带教人数", "min_mentees", errors)
    most = _count(data.get("max_mentees", "5"), "最多带教人数", "max_mentees", errors)
    if not errors and least > most:
        errors["min_mentees"] = f"最少带教人数（{least}）不能大于最多带教人数（{most}）"
    if errors:
        raise ValidationError(errors)
    texts = {k: data.get(k, "").strip() or None for k in ("unit", "post", "line", "note")}
    return {"name": name, **texts, "min_mentees": least, "max_mentees": most}


def duplicate_of(db: Database, data: dict[str, str], mentor_id: int | None) -> str:
    """The living pool mentor (other than `mentor_id`) with the typed name, 条线 and unit, as the clerk knows
    them — “刘建国”（党建，区委党校） — or ''. Spaces and full-width letters are no difference; a round's
    workbook finds mentors by name and line, so two such mentors would stop it from being confirmed."""
    typed = tuple(mentor_key(data.get(k) or "") for k in ("name", "line", "unit"))
    for other, name, line, unit in db.execute(
        "SELECT id, name, coalesce(line, ''), coalesce(unit, '') FROM mentors WHERE deleted_at IS NULL"
    ).fetchall():
        if other != mentor_id and tuple(map(mentor_key, (name, line, unit))) == typed:
            return f"“{name}”（{'，'.join(x for x in (line, unit) if x) or '无条线、单位'}）"
    return ""


_DUPLICATE = "导师库中已有{0}，姓名、条线和单位都相同，不能重复加入；如是另一位同名导师，请写明其条线或单位"


def save_mentor(db: Database, mentor_id: int | None, data: dict[str, str], actor: str) -> OpResult:
    """A new mentor (mentor_id None) or the correction of one; refused when the pool already has a mentor of the
    same name, 条线 and unit (a namesake with another line or unit is saved: the window asks about it first)."""
    values = mentor_values(data)
    if same := duplicate_of(db, data, mentor_id):
        raise ValidationError({"name": _DUPLICATE.format(same)})
    if mentor_id is None:
        with db.atomic():
            new_id = insert(db, "mentors", "mentor", values, actor)
        return OpResult(TRAINING, new_id, f"已把“{values['name']}”加入导师库")
    return update(db, "mentors", "mentor", mentor_id, values, actor, f"已保存导师“{values['name']}”")
