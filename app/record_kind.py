"""What the registry knows about one kind of record (app/records.py holds the kinds themselves): its table and
label, how one record is named, its fields and references, whether it goes to the recycle bin, and what belongs to
it or must stay unique."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Companion:
    """Records that belong to another and go to the bin, come back and are purged with it (a course's
    enrolments): rows of `kind` whose `key` column holds the owner's id. With `held`, it is the other way
    round: the owner's `key` column holds the id of the one companion (the ledger entry a mentor activity
    earned). A companion's own companions go with it."""

    kind: str
    key: str
    held: bool = False


@dataclass(frozen=True)
class Unique:
    """Columns no two living records may share; `message` says who holds them ({holder}, and the record's
    own columns by name)."""

    columns: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class RecordKind:
    entity: str  # the audit log's code for the kind: 'person'
    label: str  # what the clerk calls one: 人员
    table: str | None = None  # None for things that are not rows (系统设置, the database as a whole)
    # An SQL expression over the table naming one record for people: name, or name || '（' || year || '）'.
    name_sql: str = "name"
    # Field → label, in the order the record's form shows them; the audit detail lists fields in this order.
    fields: Mapping[str, str] = field(default_factory=dict)
    # Fields that hold the id of another kind's record: shown as that record's name, never as a number.
    references: Mapping[str, str] = field(default_factory=dict)
    # Fields stored as a code: how to say the code.
    codes: Mapping[str, Callable[[Any], str]] = field(default_factory=dict)
    binnable: bool = False  # deleted into the recycle bin (deleted_at / deleted_by), restored or purged there
    detail_sql: str = "''"  # the bin's 详情 column: an ID number, a unit's kind
    companions: tuple[Companion, ...] = ()
    unique: tuple[Unique, ...] = ()
    measure: str = "条"  # the measure word for counting them: 3 名人员, 2 个组织单位

    def count_text(self, count: int) -> str:
        return f"{count} {self.measure}{self.label}"

    def field_label(self, key: str) -> str:
        return self.fields.get(key, key)
