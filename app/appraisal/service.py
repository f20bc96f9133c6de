"""Appraisal operations the window and the command line call: scores and grades set by hand. Every write is one
transaction with an audit row per record changed, and returns an OpResult whose changes say `appraisal`.

The rest of the area's API lives beside it and is re-exported here, so a page imports one module:
periods (open_period, find_period, get_period, list_periods, set_split), the ranking (rank_period), grades set
by hand (override_grade, clear_override: app/appraisal/overrides.py), finalizing
(finalize_period, reopen_period, list_honors) and schemes (list_schemes, create_scheme, update_scheme,
copy_scheme).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlite_utils import Database

from app import audit
from app.appraisal.overrides import OVERRIDE_GRADES, clear_override, override_grade
from app.appraisal.periods import (
    Period,
    find_period,
    get_period,
    list_periods,
    open_period,
    refuse_if_finalized,
    set_split,
)
from app.appraisal.ranking import RankedRow, Ranking, rank_members, rank_period
from app.appraisal.rules import (
    BONUS_KEY,
    Scheme,
    score_problem,
)
from app.appraisal.schemes import (
    APPRAISAL_CHANGED,
    copy_scheme,
    create_scheme,
    find_scheme,
    list_schemes,
    update_scheme,
)
from app.changes import OpChanges, OperationRefused, OpResult, ValidationError
from app.clock import utc_now
from app.people.fields import role_label
from app.uids import new_uids

if TYPE_CHECKING:  # at run time through __getattr__ below
    from app.appraisal.finalize import finalize_period, list_honors, reopen_period

__all__ = [
    "APPRAISAL_CHANGED", "OVERRIDE_GRADES", "Period", "RankedRow", "Ranking", "ScoreInput", "clear_override",
    "copy_scheme", "create_scheme", "decimal_text", "delete_period", "finalize_period", "find_period",
    "find_scheme", "get_period", "list_honors", "list_periods", "list_schemes", "open_period", "override_grade",
    "rank_members", "rank_period", "remove_from_period", "reopen_period", "set_many_scores", "set_scores",
    "set_split", "update_scheme",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    """finalize_period, list_honors and reopen_period, loaded when first asked for: an import of scores (the
    command line's, ten thousand rows) needs none of 定稿, honors and 补课."""
    if name in _FROM_FINALIZE:
        from app.appraisal import finalize

        return getattr(finalize, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_FROM_FINALIZE = frozenset({"finalize_period", "list_honors", "reopen_period"})


class ScoreInput(NamedTuple):
    """New values for one person in a period: each component named in `scores` is set (None clears it: 待补录);
    components not named keep their score. X is set only when `set_bonus`. A named tuple: an import makes ten
    thousand at once, three times faster than a frozen dataclass."""

    person_id: int
    scores: Mapping[str, Decimal | None] = MappingProxyType({})
    bonus: Decimal | None = None
    set_bonus: bool = False


def decimal_text(value: Decimal) -> str:
    """How a score is stored and shown: 85.50 -> '85.5', 80.00 -> '80' (never an exponent)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def input_problems(scheme: Scheme, item: ScoreInput) -> dict[str, str]:
    """component key (or 'bonus') -> what is wrong with the value, in Chinese."""
    names = {c.key: c for c in scheme.components}
    errors: dict[str, str] = {}
    for key, value in item.scores.items():
        if key not in names:
            errors[key] = f"方案“{scheme.name}”没有考核项目“{key}”"
        elif value is not None:
            problem = score_problem(scheme, key, value)
            if problem is None and not Decimal(0) <= value <= names[key].max_score:
                problem = (
                    f"{names[key].name}的分数应在 0 到 {decimal_text(names[key].max_score)} 之间，"
                    f"输入的是 {decimal_text(value)}"
                )
            if problem:
                errors[key] = problem
    if (
        item.set_bonus
        and item.bonus is not None
        and (problem := score_problem(scheme, BONUS_KEY, item.bonus))
    ):
        errors[BONUS_KEY] = problem
    return errors


@dataclass(frozen=True)
class _Stored:
    id: int
    uid: str
    scores: dict[str, str]
    bonus: str | None


def _stored_rows(db: Database, period_id: int) -> dict[int, _Stored]:
    rows = db.execute(
        "SELECT person_id, id, uid, scores, bonus FROM appraisal_scores WHERE period_id = ? AND deleted_at IS NULL",
        [period_id],
    ).fetchall()
    return {r[0]: _Stored(r[1], r[2], json.loads(r[3]), r[4]) for r in rows}


def _people(db: Database, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Living people among `ids`: id -> (name, role)."""
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        for row in db.execute(
            f"SELECT id, name, role FROM people WHERE deleted_at IS NULL AND id IN ({marks})", chunk
        ):
            found[row[0]] = (row[1], row[2])
    return found


def _audit_values(scheme: Scheme, scores: Mapping[str, str | None], bonus: str | None) -> dict[str, Any]:
    """Scores by component name as the audit log shows them (工作考核：80 → 85)."""
    return {
        name: scores.get(key) if kind == "score" else bonus
        for name, (kind, key) in _audit_sources(scheme).items()
    }


def set_scores(db: Database, period_id: int, item: ScoreInput, actor: str) -> OpResult:
    """One person's scores (a cell of the grid); see set_many_scores."""
    return set_many_scores(db, period_id, [item], actor)


def set_many_scores(
    db: Database, period_id: int, items: Sequence[ScoreInput], actor: str, *, checked: bool = False
) -> OpResult:
    """Scores for many people in one transaction, each person added to the period if new. Refused as a whole
    (ValidationError, keyed 'person_id:component') if any value is out of range; refused if the period is
    finalized, a person is not on the roster, or the scheme does not apply to their role. `checked`: the
    values were already checked against this scheme (the score import's dry run did it for each cell), so only
    the people and the period are checked again."""
    period = get_period(db, period_id)
    refuse_if_finalized(period)
    scheme = period.scheme
    items = _merged(items)
    people = _people(db, [i.person_id for i in items])
    errors: dict[str, str] = {}
    for item in items:
        who = people.get(item.person_id)
        if who is None:
            raise OperationRefused("有人员不存在或已被移入回收站，成绩没有保存")
        if scheme.roles and who[1] not in scheme.roles:
            raise OperationRefused(f"方案“{scheme.name}”不适用于{role_label(who[1])}“{who[0]}”")
        if not checked:
            for key, message in input_problems(scheme, item).items():
                errors[f"{item.person_id}:{key}"] = f"{who[0]}：{message}"
    if errors:
        raise ValidationError(errors)
    return _write_scores(db, period, items, people, actor)


def _merged(items: Sequence[ScoreInput]) -> list[ScoreInput]:
    """One input per person: a person named twice gets both, the later value of a component winning."""
    merged: dict[int, ScoreInput] = {}
    for item in items:
        first = merged.get(item.person_id)
        if first is None:
            merged[item.person_id] = item
            continue
        bonus = (item.bonus, True) if item.set_bonus else (first.bonus, first.set_bonus)
        merged[item.person_id] = ScoreInput(item.person_id, {**first.scores, **item.scores}, *bonus)
    return list(merged.values())


def _write_scores(
    db: Database, period: Period, items: Sequence[ScoreInput], people: dict[int, tuple[str, str]], actor: str
) -> OpResult:
    stored = _stored_rows(db, period.id)
    now = utc_now()
    encoded = _Encoded()
    fresh: list[ScoreInput] = []  # people new to the period: a row each, audited by SQLite (_audit_created)
    updates, entries = [], []  # changed stored rows and their audit rows
    for item in items:
        old = stored.get(item.person_id)
        if old is None:
            fresh.append(item)
        elif changed := _changed(period, old, item, people[item.person_id][0], encoded):
            updates.append((*changed[0], now, old.id))
            entries.append((now, actor, *changed[1]))
    if not fresh and not entries:
        return OpResult(OpChanges(audit=False), period.id, "成绩没有变化")
    with db.atomic():
        # New rows get their ids here, inside the transaction, so their audit rows can name them without
        # reading every uid back (the table has no AUTOINCREMENT: max + 1 is the id SQLite would give).
        first_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM appraisal_scores").fetchone()[0]
        uids = new_uids(len(fresh))
        db.conn.executemany(
            "INSERT INTO appraisal_scores (id, uid, period_id, person_id, scores, bonus, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(first_id + n, uids[n], period.id, item.person_id, *encoded.new_row(item), now, now)
             for n, item in enumerate(fresh)],
        )  # fmt: skip
        db.conn.executemany(
            "UPDATE appraisal_scores SET scores = ?, bonus = ?, updated_at = ? WHERE id = ?", updates
        )
        # One audit row per changed record: the new rows' first (in the items' order), then the updates'.
        if fresh:
            _audit_created(db, period, range(first_id, first_id + len(fresh)), (now, actor), people)
        audit.record_many(db, entries)
    return OpResult(APPRAISAL_CHANGED, period.id, f"已保存 {len(fresh) + len(entries)} 人的成绩")


class _Encoded:
    """Scores as stored, each distinct value and set of keys worked out once per call: a period of 10,000 people
    holds a few hundred distinct scores, and decimal_text and json.dumps per score were a third of its import."""

    def __init__(self) -> None:
        self._texts: dict[Decimal, str] = {}
        self._quoted: dict[Decimal, str] = {}  # a score -> its text as a JSON string
        self._orders: dict[tuple[str, ...], list[tuple[str, str]]] = {}  # keys -> (key, '"key": ') sorted

    def text(self, value: Decimal) -> str:
        text = self._texts.get(value)
        if text is None:
            text = decimal_text(value)
            if value:  # 0 and -0 are one key but print apart ('0', '-0'): zeros are not kept
                self._texts[value] = text
        return text

    def new_row(self, item: ScoreInput) -> tuple[str, str | None]:
        """A new row's scores and bonus: the scores text the same bytes as json.dumps(scores, sort_keys=True)
        gives, joined from the JSON of each key and value in the keys' order."""
        scores = item.scores
        keys = tuple(scores)
        order = self._orders.get(keys)
        if order is None:
            order = self._orders[keys] = [(key, f"{json.dumps(key)}: ") for key in sorted(keys)]
        pairs = [head + self._json(value) for key, head in order if (value := scores[key]) is not None]
        bonus = self.text(item.bonus) if item.set_bonus and item.bonus is not None else None
        return "{" + ", ".join(pairs) + "}", bonus

    def _json(self, value: Decimal) -> str:
        quoted = self._quoted.get(value)
        if quoted is None:
            quoted = json.dumps(self.text(value))
            if value:
                self._quoted[value] = quoted
        return quoted


def _changed(
    period: Period, old: _Stored, item: ScoreInput, name: str, encoded: _Encoded
) -> tuple[tuple, tuple] | None:
    """A stored row's new (scores, bonus) and its audit row past (at, actor), or None if nothing changes."""
    scores = dict(old.scores)
    for key, value in item.scores.items():
        if value is None:
            scores.pop(key, None)
        else:
            scores[key] = encoded.text(value)
    bonus = (None if item.bonus is None else encoded.text(item.bonus)) if item.set_bonus else old.bonus
    if scores == old.scores and bonus == old.bonus:
        return None
    before, after = audit.changed_fields(
        _audit_values(period.scheme, old.scores, old.bonus), _audit_values(period.scheme, scores, bonus)
    )
    row = (json.dumps(scores, sort_keys=True), bonus)
    return row, ("update", "appraisal_score", old.id, old.uid, f"{name} {period.label}", before, after)


def _audit_created(
    db: Database, period: Period, ids: range, stamp: tuple[str, str], people: dict[int, tuple[str, str]]
) -> None:
    """The "create" audit rows of the new score rows `ids`, `after` read back from the stored row, as
    _audit_values gives it (keys sorted, as audit.record writes them). SQLite writes them when every component
    key can be named in a JSON path: SQLite's json_extract (3.40, as bundled) does not find a key stored with
    \\u escapes (a non-ASCII key), so such a scheme's rows are built in Python instead."""
    values = _audit_sources(period.scheme)
    if not all(json.dumps(key)[1:-1] == key for kind, key in values.values() if kind == "score"):
        _audit_created_here(db, period, ids, stamp, people)
        return
    pairs, params = [], []
    for name, (kind, key) in sorted(values.items()):
        pairs.append("?, json_extract(s.scores, ?)" if kind == "score" else "?, s.bonus")
        params += [name, f'$."{key}"'] if kind == "score" else [name]
    # Names and paths are bound, never written into the SQL: the office names its scheme's components.
    db.conn.execute(
        "INSERT INTO audit_log (at, actor, action, entity, record_id, record_uid, label, before, after)"
        " SELECT ?, ?, 'create', 'appraisal_score', s.id, s.uid, p.name || ' ' || ?, NULL,"
        f" json_object({', '.join(pairs)})"
        " FROM appraisal_scores s JOIN people p ON p.id = s.person_id WHERE s.id BETWEEN ? AND ? ORDER BY s.id",
        (*stamp, period.label, *params, ids[0], ids[-1]),
    )


def _audit_sources(scheme: Scheme) -> dict[str, tuple[str, str]]:
    """_audit_values' keys, each with where its value is stored: ('score', component key) or ('bonus', '')."""
    sources: dict[str, tuple[str, str]] = {c.name: ("score", c.key) for c in scheme.components}
    if scheme.bonus_cap is not None:
        sources[scheme.bonus_name] = ("bonus", "")
    return sources


def _audit_created_here(
    db: Database, period: Period, ids: range, stamp: tuple[str, str], people: dict[int, tuple[str, str]]
) -> None:
    """_audit_created's rows built from the stored rows read back, for keys a JSON path cannot name."""
    rows = db.execute(
        "SELECT id, uid, person_id, scores, bonus FROM appraisal_scores WHERE id BETWEEN ? AND ? ORDER BY id",
        [ids[0], ids[-1]],
    ).fetchall()
    audit.record_many(
        db,
        [(*stamp, "create", "appraisal_score", row_id, uid, f"{people[person_id][0]} {period.label}", None,
          _audit_values(period.scheme, json.loads(scores), bonus))
         for row_id, uid, person_id, scores, bonus in rows],
    )  # fmt: skip


def remove_from_period(db: Database, period_id: int, person_ids: Sequence[int], actor: str) -> OpResult:
    """Take people scored by mistake out of a period: their score rows go to the recycle bin (restorable
    there), so the period no longer counts them."""
    period = get_period(db, period_id)
    refuse_if_finalized(period)
    marks = ", ".join("?" * len(person_ids))
    rows = db.execute(
        "SELECT s.id, s.uid, p.name FROM appraisal_scores s JOIN people p ON p.id = s.person_id"
        f" WHERE s.period_id = ? AND s.deleted_at IS NULL AND s.person_id IN ({marks})",
        [period_id, *person_ids],
    ).fetchall()
    if not rows:
        return OpResult(OpChanges(audit=False), period_id, "没有需要移出的人员")
    now = utc_now()
    with db.atomic():
        db.conn.executemany(
            "UPDATE appraisal_scores SET deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ?",
            [(now, actor, now, row[0]) for row in rows],
        )
        audit.record_many(
            db,
            [
                (now, actor, "delete", "appraisal_score", r[0], r[1], f"{r[2]} {period.label}", None, None)
                for r in rows
            ],
        )
    return OpResult(
        OpChanges(appraisal=True, recycle_bin=True), period_id, f"已将 {len(rows)} 人移出“{period.label}”"
    )


def delete_period(db: Database, period_id: int, actor: str) -> OpResult:
    """A period made by mistake goes to the recycle bin with its scores; a finalized one is reopened first."""
    period = get_period(db, period_id)
    if period.finalized:
        raise OperationRefused(f"“{period.label}”已定稿，不能删除；如确需删除，请先重新打开（需说明原因）")
    now = utc_now()
    with db.atomic():
        # The same moment on the period and its scores: the bin brings them back together (its companions).
        db.execute(
            "UPDATE appraisal_scores SET deleted_at = ?, deleted_by = ?, updated_at = ?"
            " WHERE period_id = ? AND deleted_at IS NULL",
            [now, actor, now, period_id],
        )
        db.execute(
            "UPDATE appraisal_periods SET deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ?",
            [now, actor, now, period_id],
        )
        audit.record(
            db, actor=actor, action="delete", entity="appraisal_period", label=period.label, record_id=period_id,
            record_uid=period.uid,
        )  # fmt: skip
    return OpResult(OpChanges(appraisal=True, recycle_bin=True), period_id, f"已将“{period.label}”移入回收站")
