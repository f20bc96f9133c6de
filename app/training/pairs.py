"""The mentor pool and the pairs for the 导师帮带 page: what it lists, and the small writes it makes (a mentor
saved or binned, a pair binned, a task added or done, an activity logged), each with its audit row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from app import audit
from app.appraisal.points import CADRE, MAX_ACTIVITY, RULES, PointsInput, add_points
from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.clock import utc_now
from app.dates import DateError, parse_date

TRAINING = OpChanges(training=True)


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


@dataclass(frozen=True)
class PairRow:
    id: int
    mentor: str
    mentee: str
    kind: str
    start_date: str
    end_date: str
    goals: str
    note: str
    mentor_id: int
    mentee_id: int


def mentors(db: Database) -> list[MentorRow]:
    rows = db.execute(
        "SELECT m.id, m.name, coalesce(m.unit, ''), coalesce(m.post, ''), coalesce(m.line, ''), m.min_mentees,"
        " m.max_mentees, (SELECT count(*) FROM mentor_pairs p WHERE p.mentor_id = m.id AND p.deleted_at IS NULL"
        " AND (p.end_date IS NULL OR p.end_date >= date('now'))), coalesce(m.note, '')"
        " FROM mentors m WHERE m.deleted_at IS NULL ORDER BY m.name, m.id"
    ).fetchall()
    return [MentorRow(*row) for row in rows]


def pairs(db: Database) -> list[PairRow]:
    rows = db.execute(
        "SELECT p.id, m.name, e.name, p.kind, p.start_date, coalesce(p.end_date, ''), coalesce(p.goals, ''),"
        " coalesce(p.note, ''), p.mentor_id, p.mentee_id FROM mentor_pairs p JOIN mentors m ON m.id = p.mentor_id"
        " JOIN people e ON e.id = p.mentee_id WHERE p.deleted_at IS NULL ORDER BY m.name, e.name, p.id"
    ).fetchall()
    return [PairRow(*row) for row in rows]


def tasks(db: Database, pair_id: int) -> list[tuple[int, str, str, str]]:
    """(id, 任务, 期限, 完成日期) of a pair, oldest first."""
    return db.execute(
        "SELECT id, task, coalesce(due_date, ''), coalesce(done_date, '') FROM mentor_tasks"
        " WHERE pair_id = ? AND deleted_at IS NULL ORDER BY id",
        [pair_id],
    ).fetchall()


def activities(db: Database, pair_id: int) -> list[tuple[int, str, str, str]]:
    """(id, 日期, 内容, 积分) of a pair, by date; 积分 is '+5' when the entry earned points that are still in the
    ledger."""
    rows = db.execute(
        "SELECT a.id, a.date, a.content, e.points FROM mentor_activities a"
        " LEFT JOIN points_entries e ON e.id = a.points_entry_id AND e.deleted_at IS NULL"
        " WHERE a.pair_id = ? AND a.deleted_at IS NULL ORDER BY a.date, a.id",
        [pair_id],
    ).fetchall()
    return [(i, day, text, f"+{points}" if points else "") for i, day, text, points in rows]


def mentee_is_cadre(db: Database, pair_id: int) -> bool:
    """Whether the pair's mentee is a young cadre: only they have a points ledger."""
    row = db.execute(
        "SELECT p.role FROM mentor_pairs m JOIN people p ON p.id = m.mentee_id WHERE m.id = ?", [pair_id]
    ).fetchone()
    return row is not None and row[0] == CADRE


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


def save_mentor(db: Database, mentor_id: int | None, data: dict[str, str], actor: str) -> OpResult:
    """A new mentor (mentor_id None) or the correction of one."""
    values = mentor_values(data)
    if mentor_id is None:
        with db.atomic():
            new_id = _insert(db, "mentors", "mentor", values, actor)
        return OpResult(TRAINING, new_id, f"已把“{values['name']}”加入导师库")
    return _update(db, "mentors", "mentor", mentor_id, values, actor, f"已保存导师“{values['name']}”")


PAIR_KINDS = ("一对一", "2+1", "3+1")


def pair_values(data: dict[str, Any]) -> dict[str, Any]:
    """The typed pair checked (mentor_id, mentee_id, kind, dates, goals, note): every problem at once."""
    errors: dict[str, str] = {}
    if not data.get("mentor_id"):
        errors["mentor_id"] = "请选择导师（导师库中没有的，请先在“导师库”中新增）"
    if not data.get("mentee_id"):
        errors["mentee_id"] = "请选择学员"
    if data.get("kind") not in PAIR_KINDS:
        errors["kind"] = f"帮带形式应是{'、'.join(PAIR_KINDS)}之一"
    start = _date(str(data.get("start_date", "")), "开始日期", "start_date", errors, allow_future=True)
    if start is None and "start_date" not in errors:
        errors["start_date"] = "请填写开始日期"
    end = _date(str(data.get("end_date", "")), "结束日期", "end_date", errors, allow_future=True)
    if start and end and end < start:
        errors["end_date"] = f"结束日期（{end}）早于开始日期（{start}）"
    if errors:
        raise ValidationError(errors)
    texts = {k: str(data.get(k, "")).strip() or None for k in ("goals", "note")}
    return {"mentor_id": data["mentor_id"], "mentee_id": data["mentee_id"], "kind": data["kind"],
            "start_date": start, "end_date": end, **texts}  # fmt: skip


def save_pair(db: Database, pair_id: int | None, data: dict[str, Any], actor: str) -> OpResult:
    """A new pair (pair_id None) or the correction of one; the same mentor and mentee twice is refused."""
    values = pair_values(data)
    same = db.execute(
        "SELECT id FROM mentor_pairs WHERE mentor_id = ? AND mentee_id = ? AND deleted_at IS NULL AND id != ?",
        [values["mentor_id"], values["mentee_id"], pair_id or 0],
    ).fetchone()
    if same is not None:
        raise ValidationError({"mentee_id": "这位导师和这名学员已经结成帮带对子，不必重复建立"})
    if pair_id is None:
        with db.atomic():
            new_id = _insert(db, "mentor_pairs", "mentor_pair", values, actor)
        return OpResult(TRAINING, new_id, "已建立帮带对子")
    return _update(db, "mentor_pairs", "mentor_pair", pair_id, values, actor, "已保存帮带对子")


def add_task(db: Database, pair_id: int, task: str, due: str, actor: str) -> OpResult:
    errors: dict[str, str] = {}
    if not task.strip():
        errors["task"] = "请填写任务内容"
    due_date = _date(due, "期限", "due_date", errors, allow_future=True)
    if errors:
        raise ValidationError(errors)
    values = {"pair_id": pair_id, "task": task.strip(), "due_date": due_date}
    with db.atomic():
        new_id = _insert(db, "mentor_tasks", "mentor_task", values, actor)
    return OpResult(TRAINING, new_id, f"已布置任务“{task.strip()}”")


def finish_task(db: Database, task_id: int, done: str, actor: str) -> OpResult:
    errors: dict[str, str] = {}
    done_date = _date(done, "完成日期", "done_date", errors)
    if errors or done_date is None:
        raise ValidationError(errors or {"done_date": "请填写完成日期"})
    return _update(
        db, "mentor_tasks", "mentor_task", task_id, {"done_date": done_date}, actor, "任务已标记完成"
    )


# The ledger's rules an activity may earn: the +5 ones (a practice group's 20 is not one conversation's worth).
ACTIVITY_RULES = tuple(rule for rule in RULES if rule.points == 5)


def log_activity(
    db: Database, pair_id: int, date: str, content: str, actor: str, *, rule: str | None = None
) -> OpResult:
    """An activity of a pair; with `rule` (one of ACTIVITY_RULES) it also earns the mentee, a young cadre,
    that rule's points in the ledger, in the same transaction. The entry's 事项 is 导师帮带：content, so the same
    activity logged twice (by both mentors of a 2+1) is counted once; the activity keeps the entry it made."""
    errors: dict[str, str] = {}
    day = _date(date, "活动日期", "date", errors)
    text = " ".join(content.split())
    if not text:
        errors["content"] = "请填写活动内容"
    elif day is None and "date" not in errors:
        errors["date"] = "请填写活动日期"
    if rule is not None and rule not in {r.key for r in ACTIVITY_RULES}:
        errors["rule"] = f"积分项目“{rule}”不能用于帮带活动"
    if errors:
        raise ValidationError(errors)
    if rule is not None and not mentee_is_cadre(db, pair_id):
        raise OperationRefused("积分制只适用于青年干部，这名学员不是青年干部，不能计入积分")
    values = {"pair_id": pair_id, "date": day, "content": content.strip()}
    message = f"已记录帮带活动（{day}）"
    with db.atomic():
        new_id = _insert(db, "mentor_activities", "mentor_activity", values, actor)
        if rule is not None:
            message += "；" + _earn(db, new_id, pair_id, str(day), text, rule, actor)
    return OpResult(OpChanges(training=True, appraisal=rule is not None), new_id, message)


def _earn(db: Database, activity_id: int, pair_id: int, day: str, text: str, rule: str, actor: str) -> str:
    """Inside log_activity's transaction: the points entry, linked to the activity (what add_points says)."""
    mentee = db.execute("SELECT mentee_id FROM mentor_pairs WHERE id = ?", [pair_id]).fetchone()[0]
    activity = ("导师帮带：" + text)[:MAX_ACTIVITY]
    done = add_points(db, PointsInput([mentee], day, rule, activity), actor)
    entry = db.execute(
        "SELECT id FROM points_entries WHERE deleted_at IS NULL AND person_id = ? AND rule = ? AND date = ?"
        " AND activity = ?",
        [mentee, rule, day, activity],
    ).fetchone()[0]
    if done.made:  # an entry already made by another activity stays that activity's
        _update(
            db, "mentor_activities", "mentor_activity", activity_id, {"points_entry_id": entry}, actor, ""
        )
    return done.message


def bin_record(db: Database, entity: str, record_id: int, actor: str) -> OpResult:
    """A mentor or a pair (with its tasks and activities) to the recycle bin. A mentor with living pairs stays:
    the pairs would name someone in the bin."""
    from app.recycle import to_bin

    if entity not in ("mentor", "mentor_pair"):
        raise OperationRefused(f"“{entity}”不是导师或帮带对子")

    def refusal(name: str) -> str | None:
        living = "SELECT 1 FROM mentor_pairs WHERE mentor_id = ? AND deleted_at IS NULL"
        if entity == "mentor" and db.execute(living, [record_id]).fetchone():
            return f"导师“{name}”还有帮带对子，请先把这些对子移入回收站"
        return None

    # A pair's activities may take ledger points along (their companions): the ledger shows it.
    return to_bin(
        db, entity, record_id, actor, OpChanges(training=True, appraisal=entity == "mentor_pair"), refusal
    )


def _date(
    text: str, label: str, key: str, errors: dict[str, str], *, allow_future: bool = False
) -> str | None:
    try:
        day = parse_date(text.strip(), field=label, allow_future=allow_future)
    except DateError as exc:
        errors[key] = str(exc)
        return None
    return day.isoformat() if day else None


def _insert(db: Database, table: str, entity: str, values: dict[str, Any], actor: str) -> int:
    from app.records import kind

    now, uid = utc_now(), str(uuid.uuid4())
    row = {"uid": uid, **values, "created_at": now, "updated_at": now}
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )
    record_id = int(cursor.lastrowid or 0)
    label = db.execute(f"SELECT {kind(entity).name_sql} FROM {table} WHERE id = ?", [record_id]).fetchone()[0]
    after = {k: v for k, v in values.items() if v not in (None, "")}
    audit.record(
        db, actor=actor, action="create", entity=entity, label=label, record_id=record_id, record_uid=uid,
        after=after,
    )  # fmt: skip
    return record_id


def _update(
    db: Database, table: str, entity: str, record_id: int, values: dict[str, Any], actor: str, message: str
) -> OpResult:
    from app.records import kind

    columns = ", ".join(values)
    old = db.execute(
        f"SELECT uid, {columns} FROM {table} WHERE id = ? AND deleted_at IS NULL", [record_id]
    ).fetchone()
    if old is None:
        raise OperationRefused(f"这条{kind(entity).label}不存在或已在回收站中")
    before, after = audit.changed_fields(dict(zip(values, old[1:], strict=True)), values)
    with db.atomic():
        db.execute(
            f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)}, updated_at = ? WHERE id = ?",
            [*values.values(), utc_now(), record_id],
        )
        label = db.execute(
            f"SELECT {kind(entity).name_sql} FROM {table} WHERE id = ?", [record_id]
        ).fetchone()[0]
        audit.record(
            db, actor=actor, action="update", entity=entity, label=label, record_id=record_id, record_uid=old[0],
            before=before, after=after,
        )  # fmt: skip
    return OpResult(TRAINING, record_id, message)


def note_hand_moves(db: Database, round_id: int, notes: dict[int, str], actor: str) -> None:
    """After a round is confirmed: the pairs the clerk placed by hand say so (person id → 说明), audited."""
    for person_id, note in notes.items():
        row = db.execute(
            "SELECT id FROM mentor_pairs WHERE round_id = ? AND mentee_id = ? AND deleted_at IS NULL",
            [round_id, person_id],
        ).fetchone()
        if row is not None:
            _update(db, "mentor_pairs", "mentor_pair", row[0], {"note": note}, actor, "")


def confirmed_rounds(db: Database) -> list[tuple[int, str, int, str]]:
    """(id, name, year, confirmed_at) of the living confirmed rounds, the latest first. Their groups are read
    by app/training/list_export.mentor_groups, which the printout and the export read too."""
    return db.execute(
        "SELECT id, name, year, confirmed_at FROM selection_rounds WHERE deleted_at IS NULL"
        " AND confirmed_at IS NOT NULL ORDER BY year DESC, confirmed_at DESC, id DESC"
    ).fetchall()


def bin_round(db: Database, round_id: int, actor: str) -> OpResult:
    """A confirmed round to the recycle bin with its choices and the pairs it made, so that the workbook can be
    assigned and confirmed again. Refused while one of those pairs has tasks or activities: the mentoring has
    begun, and those records must not vanish with a round binned to redo the assignment."""
    from app.recycle import to_bin

    made = [row[0] for row in db.execute(
        "SELECT id FROM mentor_pairs WHERE round_id = ? AND deleted_at IS NULL", [round_id]
    )]  # fmt: skip
    marks = ", ".join("?" * len(made))
    started = db.execute(
        f"SELECT count(DISTINCT pair_id) FROM (SELECT pair_id FROM mentor_tasks WHERE deleted_at IS NULL"
        f" AND pair_id IN ({marks}) UNION ALL SELECT pair_id FROM mentor_activities WHERE deleted_at IS NULL"
        f" AND pair_id IN ({marks}))",
        [*made, *made],
    ).fetchone()[0]
    if started:
        raise OperationRefused(
            f"这次双向选择的帮带对子中有 {started} 对已有任务或活动记录，不能整体移入回收站；"
            "确需撤销的，请先在“帮带对子”中把这些对子移入回收站"
        )
    with db.atomic():
        for pair_id in made:
            to_bin(db, "mentor_pair", pair_id, actor, TRAINING)
        done = to_bin(db, "selection_round", round_id, actor, TRAINING)
    said = f"（连同帮带对子 {len(made)} 对）" if made else ""
    return replace(done, message=done.message.replace("移入回收站", f"{said}移入回收站", 1))
