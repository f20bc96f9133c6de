"""Carrying out an import plan in one transaction after a backup (of a database that holds something), recording
it, and undoing the last one."""

from __future__ import annotations

import json
import operator
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app import audit
from app.changes import OpChanges, OperationRefused, OpResult, Progress
from app.clock import local_text, utc_now
from app.exchange.bulk import collector_paused
from app.exchange.plan import Action, ImportPlan, RowPlan
from app.jobs import JobCancelled
from app.people.pinyin import name_keys
from app.people.service import store_fields
from app.uids import new_uids
from db.backup import holds_no_records, make_backup

PERSON_COLUMNS = (
    "role", "name", "gender", "ethnicity", "id_number", "birth_date", "education", "major", "political_status",
    "party_join_date", "work_start_date", "post_start_date", "unit_id", "position", "phone", "source", "status",
    "social_work_level", "note",
)  # fmt: skip
# An import (or its undo) writes people, units, a backup and the import record.
IMPORT_CHANGED = OpChanges(people=True, units=True, backups=True, imports=True)


@dataclass(frozen=True)
class _PeopleCreated:
    """Stands in the audit list for the new people with ids first..last: their audit and change rows are made
    by SQLite from the rows just inserted (json_object of the stored columns), not built and encoded in Python
    row by row — the same values, a third of an import's commit time less."""

    first: int
    last: int


class ImportCancelled(JobCancelled):
    """The user cancelled: the transaction was rolled back and nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    batch_id: int
    added: int
    updated: int
    unchanged: int
    rejected: int
    skipped: int
    new_units: int
    backup: Path | None  # None: the database held nothing to back up
    changes: OpChanges = IMPORT_CHANGED
    held_back: int = 0  # of `unchanged`: people whose differences were not written (no 更新已在册人员)

    def summary(self) -> str:
        same = self.unchanged - self.held_back
        text = f"新增 {self.added} 人，更新 {self.updated} 人，无变化 {same} 人，拒绝 {self.rejected} 行"
        if self.held_back:
            text += f"，有不同之处但未更新 {self.held_back} 人"
        return text + (f"，新建单位 {self.new_units} 个" if self.new_units else "")


@dataclass(frozen=True)
class ImportBatch:
    id: int
    file_name: str
    sheet: str
    imported_at: str
    actor: str
    added: int
    updated: int
    unchanged: int
    rejected: int
    skipped: int
    new_units: int
    undone_at: str | None
    undone_by: str | None


class _Writer:
    """Collects the rows of one import and writes them with a few executemany calls."""

    def __init__(self, db: Database, actor: str, now: str, batch_id: int):
        self.db, self.actor, self.now, self.batch_id = db, actor, now, batch_id
        # Audit rows in the order they are written: (at, actor, action, …) tuples, or for a run of new people
        # a _PeopleCreated, made into their rows by SQLite (a dict of 19 values per person, kept for the whole
        # import, was 100 MB of a 100,000-row import). Likewise the import's change rows.
        self.audit: list[tuple | _PeopleCreated] = []
        self.changes: list[tuple | _PeopleCreated] = []

    def create_units(self, units: list[Any], default_parent: int | None) -> dict[int, int]:
        ids: dict[int, int] = {}
        for unit in units:
            parent = ids.get(unit.parent_id, unit.parent_id) if unit.parent_id is not None else default_parent
            uid = str(uuid.uuid4())
            kind = guess_kind(unit.name)
            cursor = self.db.execute(
                "INSERT INTO org_units (uid, name, kind, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                [uid, unit.name, kind, parent, self.now, self.now],
            )
            ids[unit.placeholder] = cursor.lastrowid
            after = {"name": unit.name, "kind": kind, "parent_id": parent}
            self.audit.append(
                (self.now, self.actor, "create", "unit", cursor.lastrowid, uid, unit.name, None, after)
            )
            self.changes.append((self.batch_id, "unit", cursor.lastrowid, "create", None))
        return ids

    def insert_people(self, rows: list[RowPlan], unit_ids: dict[int, int]) -> None:
        if not rows:
            return
        next_id = self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM people").fetchone()[0]
        records = []
        now = self.now
        uids = new_uids(len(rows))
        for person_id, row in enumerate(rows, next_id):
            values = row.values
            unit = values["unit_id"]  # a new unit's placeholder until now
            records.append(
                (person_id, uids[person_id - next_id], *_values_but_unit(values), unit_ids.get(unit, unit),
                 *name_keys(values["name"]), now, now)
            )  # fmt: skip
        columns = ("id", "uid", *_BUT_UNIT, "unit_id", "search_key", "name_order", "created_at", "updated_at")
        self.db.conn.executemany(
            f"INSERT INTO people ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", records
        )
        created = _PeopleCreated(next_id, next_id + len(records) - 1)
        self.audit.append(created)
        self.changes.append(created)

    def update_people(self, rows: list[RowPlan], unit_ids: dict[int, int]) -> None:
        for row in rows:
            new = {f: unit_ids.get(v, v) if f == "unit_id" else v for f, (_old, v) in row.changes.items()}
            old = {f: old for f, (old, _v) in row.changes.items()}
            store_fields(self.db, row.person_id, new, self.now)
            uid = self.db.execute("SELECT uid FROM people WHERE id = ?", [row.person_id]).fetchone()[0]
            self.audit.append(
                (self.now, self.actor, "update", "person", row.person_id, uid, row.name, old, new)
            )
            self.changes.append(
                (self.batch_id, "person", row.person_id, "update", json.dumps(old, ensure_ascii=False))
            )

    def flush(self) -> None:
        """Write the audit and change rows, in the order they were noted."""
        for run in _runs(self.audit):
            if isinstance(run, _PeopleCreated):
                self._audit_created(run)
            else:
                audit.record_many(self.db, run)
        for run in _runs(self.changes):
            if isinstance(run, _PeopleCreated):
                self.db.conn.execute(
                    "INSERT INTO import_changes (batch_id, entity, record_id, action, before)"
                    " SELECT ?, 'person', id, 'create', NULL FROM people WHERE id BETWEEN ? AND ? ORDER BY id",
                    (self.batch_id, run.first, run.last),
                )
            else:
                self.db.conn.executemany(
                    "INSERT INTO import_changes (batch_id, entity, record_id, action, before) VALUES (?, ?, ?, ?, ?)",
                    run,
                )

    def _audit_created(self, people: _PeopleCreated) -> None:
        """Each new person's audit row: "create", with the stored columns as its `after` — read back from the row
        itself, so it says what was stored (keys sorted, as audit.record writes them)."""
        self.db.conn.execute(
            "INSERT INTO audit_log (at, actor, action, entity, record_id, record_uid, label, before, after)"
            f" SELECT ?, ?, 'create', 'person', id, uid, name, NULL, json_object({_AFTER_PAIRS})"
            " FROM people WHERE id BETWEEN ? AND ? ORDER BY id",
            (self.now, self.actor, people.first, people.last),
        )


_BUT_UNIT = tuple(column for column in PERSON_COLUMNS if column != "unit_id")
_values_but_unit = operator.itemgetter(*_BUT_UNIT)
_AFTER_PAIRS = ", ".join(f"'{column}', {column}" for column in sorted(PERSON_COLUMNS))


def _runs(entries: list[tuple | _PeopleCreated]) -> Iterator[list[tuple] | _PeopleCreated]:
    """The entries as runs of tuples (one executemany each) and the _PeopleCreated between them."""
    run: list[tuple] = []
    for entry in entries:
        if isinstance(entry, _PeopleCreated):
            if run:
                yield run
                run = []
            yield entry
        else:
            run.append(entry)
    if run:
        yield run


# A new unit's kind from its name: the words that say what a unit is, most telling first (产业社区 before 社区,
# 产业功能区 before 区).
_KIND_WORDS = (
    (("产业功能区", "功能区"), "产业功能区"),
    (("产业社区", "产业园"), "产业社区"),
    (("商务楼宇", "楼宇", "大厦"), "商务楼宇"),
    (("系统",), "行业系统"),
)
_KIND_ENDINGS = (
    (("社区", "村"), "社区/村"),
    (("街道", "镇", "乡"), "街道/镇"),
    (("区", "县", "市"), "区/县"),
)


def guess_kind(name: str) -> str:
    """A new unit's kind from its name; the clerk can change it on the 组织单位 page."""
    for words, kind in _KIND_WORDS:
        if any(word in name for word in words):
            return kind
    for endings, kind in _KIND_ENDINGS:
        if name.endswith(endings):
            return kind
    return "两新组织"


def commit_import(
    db: Database,
    db_path: Path,
    plan: ImportPlan,
    *,
    update_existing: bool,
    actor: str,
    new_unit_parent: int | None = None,
    progress: Progress | None = None,
    take_backup: Callable[[], Path] | None = None,
) -> ImportResult:
    """Back the database up, then write the plan's new (and, if asked, updated) people in one transaction.
    An empty database (an office's first import) is not backed up: the copy would keep nothing. `take_backup`:
    the backup the caller began earlier (the command line's, beside its dry run), taken instead of making one."""
    backup = take_backup() if take_backup is not None else _backup_now(db, db_path)
    new_rows = [r for r in plan.rows if r.action == Action.NEW]
    update_rows = [r for r in plan.rows if r.action == Action.UPDATE] if update_existing else []
    # Only the units the written rows are placed in: skipped updates must not leave empty new units behind.
    units = plan.units_needed(new_rows + update_rows)
    now = utc_now()
    with collector_paused(), db.atomic():
        batch_id = _insert_batch(db, plan, actor, now, len(new_rows), len(update_rows), len(units))
        writer = _Writer(db, actor, now, batch_id)
        unit_ids = writer.create_units(units, new_unit_parent)
        written = new_rows + update_rows
        total = len(written)
        for start in range(0, max(total, 1), 1000):
            chunk = written[start : start + 1000]
            writer.insert_people([r for r in chunk if r.action == Action.NEW], unit_ids)
            writer.update_people([r for r in chunk if r.action == Action.UPDATE], unit_ids)
            if progress and not progress(min(start + 1000, total), total):
                raise ImportCancelled("已取消导入，数据库没有任何改动。")
        label = f"导入“{plan.file_name}”：新增 {len(new_rows)} 人，更新 {len(update_rows)} 人"
        writer.audit.append((now, actor, "bulk", "database", batch_id, None, label, None, None))
        writer.flush()
        db.execute("UPDATE import_batches SET last_audit_id = (SELECT max(id) FROM audit_log) WHERE id = ?",
                   [batch_id])  # fmt: skip
    skipped_updates = plan.count(Action.UPDATE) - len(update_rows)
    return ImportResult(batch_id, len(new_rows), len(update_rows), plan.count(Action.UNCHANGED) + skipped_updates,
                        plan.count(Action.REJECT), sum(plan.skipped.values()), len(units), backup,
                        held_back=skipped_updates)  # fmt: skip


def _backup_now(db: Database, db_path: Path) -> Path | None:
    return None if holds_no_records(db.conn) else make_backup(db.conn, db_path, "bulk")


def _insert_batch(db: Database, plan: ImportPlan, actor: str, now: str, added: int, updated: int,
                  new_units: int) -> int:  # fmt: skip
    cursor = db.execute(
        "INSERT INTO import_batches (uid, file_name, sheet, imported_at, actor, added, updated, unchanged, rejected,"
        " skipped, new_units, last_audit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        [str(uuid.uuid4()), plan.file_name, plan.sheet, now, actor, added, updated,
         len(plan.rows) - added - updated - plan.count(Action.REJECT), plan.count(Action.REJECT),
         sum(plan.skipped.values()), new_units],
    )  # fmt: skip
    return cursor.lastrowid


def list_imports(db: Database) -> list[ImportBatch]:
    rows = db.execute(
        "SELECT id, file_name, sheet, imported_at, actor, added, updated, unchanged, rejected, skipped, new_units,"
        " undone_at, undone_by FROM import_batches ORDER BY id DESC"
    ).fetchall()
    return [ImportBatch(*row) for row in rows]


def undo_import(db: Database, db_path: Path, batch_id: int, actor: str) -> OpResult:
    """Take back the most recent import: its new people and units go, updated people get their old values."""
    batch = _undoable_batch(db, batch_id)
    changes = db.execute(
        "SELECT entity, record_id, action, before FROM import_changes WHERE batch_id = ? ORDER BY id",
        [batch_id],
    ).fetchall()
    _refuse_if_changed_since(db, batch, changes)
    make_backup(db.conn, db_path, "bulk")
    now = utc_now()
    with db.atomic():
        people = [c for c in changes if c[0] == "person"]
        for _entity, person_id, action, before in people:
            _undo_person(db, person_id, action, before, actor, now)
        units = [unit_id for entity, unit_id, _a, _b in changes if entity == "unit"]
        kept = [_undo_unit(db, unit_id, actor, now) for unit_id in reversed(units)]  # children before parents
        db.execute(
            "UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?", [now, actor, batch_id]
        )
    message = f"已撤销导入“{batch['file_name']}”（涉及 {len(people)} 人）"
    if any(kept):
        message += f"；{sum(kept)} 个新建单位因已有人员而保留"
    return OpResult(IMPORT_CHANGED, batch_id, message)


def _undoable_batch(db: Database, batch_id: int) -> dict[str, Any]:
    cursor = db.execute("SELECT * FROM import_batches WHERE id = ?", [batch_id])
    row = cursor.fetchone()
    if row is None:
        raise OperationRefused("没有这条导入记录")
    batch = dict(zip([d[0] for d in cursor.description], row, strict=True))
    if batch["undone_at"]:
        raise OperationRefused(f"这次导入已于 {local_text(batch['undone_at'])} 撤销过了")
    later = db.execute(
        "SELECT count(*) FROM import_batches WHERE id > ? AND undone_at IS NULL", [batch_id]
    ).fetchone()[0]
    if later:
        raise OperationRefused("只能撤销最近一次导入：请先撤销之后的导入")
    return batch


def _refuse_if_changed_since(db: Database, batch: dict[str, Any], changes: list[tuple]) -> None:
    touched = {(entity, record_id) for entity, record_id, _a, _b in changes}
    later = db.execute(
        "SELECT DISTINCT entity, record_id, label FROM audit_log WHERE id > ? AND entity IN ('person', 'unit')",
        [batch["last_audit_id"]],
    ).fetchall()
    edited = [label for entity, record_id, label in later if (entity, record_id) in touched]
    if edited:
        names = "、".join(edited[:5]) + (f" 等 {len(edited)} 条" if len(edited) > 5 else "")
        raise OperationRefused(f"无法撤销：导入之后 {names} 又被修改过。请逐条处理，以免丢失之后的修改。")


def _undo_person(db: Database, person_id: int, action: str, before: str | None, actor: str, now: str) -> None:
    row = db.execute("SELECT uid, name FROM people WHERE id = ?", [person_id]).fetchone()
    if row is None:
        return
    uid, name = row
    if action == "create":
        db.execute("DELETE FROM people WHERE id = ?", [person_id])
        audit.record(db, actor=actor, action="undo", entity="person", label=name, record_id=person_id,
                     record_uid=uid, at=now)  # fmt: skip
        return
    old = json.loads(before or "{}")
    store_fields(db, person_id, old, now)
    audit.record(db, actor=actor, action="undo", entity="person", label=old.get("name", name),
                 record_id=person_id, record_uid=uid, after=old, at=now)  # fmt: skip


def _undo_unit(db: Database, unit_id: int, actor: str, now: str) -> bool:
    """Delete a unit the import created; True if it had to be kept because people are in it now."""
    used = db.execute("SELECT count(*) FROM people WHERE unit_id = ?", [unit_id]).fetchone()[0]
    children = db.execute("SELECT count(*) FROM org_units WHERE parent_id = ?", [unit_id]).fetchone()[0]
    row = db.execute("SELECT uid, name FROM org_units WHERE id = ?", [unit_id]).fetchone()
    if row is None:
        return False
    if used or children:
        return True
    db.execute("DELETE FROM org_units WHERE id = ?", [unit_id])
    audit.record(db, actor=actor, action="undo", entity="unit", label=row[1], record_id=unit_id,
                 record_uid=row[0], at=now)  # fmt: skip
    return False
