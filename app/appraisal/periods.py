"""Appraisal periods (考核): one scheme applied in one year, or one quarter of it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlite_utils import Database

from app import audit
from app.appraisal.definitions import SPLIT_LABELS
from app.appraisal.rules import Scheme
from app.appraisal.schemes import APPRAISAL_CHANGED, ensure_scheme, find_scheme, scheme_from_row
from app.changes import OpChanges, OperationRefused, OpResult
from app.clock import utc_now

SPLITS = tuple(SPLIT_LABELS)  # none, role, unit
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Period:
    id: int
    uid: str
    scheme_id: int
    scheme: Scheme
    year: int
    quarter: int | None
    split: str  # the group ranked together: none (everyone), role (人员类别) or unit (工作单位)
    finalized_at: str | None
    finalized_by: str | None

    @property
    def title(self) -> str:
        """2024年度考核, 2024年第1季度考核."""
        return period_title(self.year, self.quarter)

    @property
    def label(self) -> str:
        """2024年度考核（加权评价·双达标）: what the audit log and messages call it."""
        return f"{self.title}（{self.scheme.name}）"

    @property
    def finalized(self) -> bool:
        return self.finalized_at is not None


def period_title(year: int, quarter: int | None) -> str:
    return f"{year}年度考核" if quarter is None else f"{year}年第{quarter}季度考核"


def period_problem(scheme: Scheme, year: int, quarter: int | None) -> str | None:
    """A year and quarter that do not fit the scheme's period type, said with the fix."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return f"年度应在 {FIRST_YEAR} 到 {LAST_YEAR} 之间，输入的是 {year}"
    if scheme.period_type == "季度" and quarter is None:
        return f"方案“{scheme.name}”按季度考核，请指定季度（1 到 4）"
    if scheme.period_type == "年度" and quarter is not None:
        return f"方案“{scheme.name}”按年度考核，不分季度，请不要指定季度"
    if quarter is not None and not 1 <= quarter <= 4:
        return f"季度应为 1 到 4，输入的是 {quarter}"
    return None


_SELECT = (
    "SELECT p.id, p.uid, p.scheme_id, p.year, p.quarter, p.split, p.finalized_at, p.finalized_by,"
    " s.key, s.name, s.builtin, s.roles, s.period_type, s.components, s.bonus_cap, s.bonus_name,"
    " s.tie_breakers, s.rule, s.remedial_below"
    " FROM appraisal_periods p JOIN appraisal_schemes s ON s.id = p.scheme_id WHERE p.deleted_at IS NULL"
)
_SCHEME_COLUMNS = (
    "key", "name", "builtin", "roles", "period_type", "components", "bonus_cap", "bonus_name", "tie_breakers",
    "rule", "remedial_below",
)  # fmt: skip


def _period(row: tuple) -> Period:
    scheme = scheme_from_row(dict(zip(_SCHEME_COLUMNS, row[8:], strict=True)))
    return Period(row[0], row[1], row[2], scheme, row[3], row[4], row[5], row[6], row[7])


def get_period(db: Database, period_id: int) -> Period:
    row = db.execute(_SELECT + " AND p.id = ?", [period_id]).fetchone()
    if row is None:
        raise OperationRefused("该考核不存在或已被移入回收站")
    return _period(row)


def find_period(db: Database, key: str, year: int, quarter: int | None) -> Period | None:
    """The living period of the scheme `key` in this year (and quarter), or None. Reads only."""
    row = db.execute(
        _SELECT + " AND s.key = ? AND s.deleted_at IS NULL AND p.year = ? AND p.quarter IS ?",
        [key, year, quarter],
    ).fetchone()
    return _period(row) if row else None


def list_periods(db: Database) -> list[Period]:
    """Newest first."""
    rows = db.execute(_SELECT + " ORDER BY p.year DESC, coalesce(p.quarter, 5) DESC, p.id").fetchall()
    return [_period(row) for row in rows]


def open_period(db: Database, key: str, year: int, quarter: int | None, actor: str) -> OpResult:
    """The period of `key` in this year (and quarter), created (and the built-in scheme stored) if new.
    `made` is the Period."""
    existing = find_period(db, key, year, quarter)
    if existing is not None:
        return OpResult(OpChanges(audit=False), existing.id, "", made=existing)
    problem = period_problem(find_scheme(db, key), year, quarter)
    if problem:
        raise OperationRefused(problem)
    with db.atomic():
        period_id = create_period_row(db, key, year, quarter, actor)
    period = get_period(db, period_id)
    return OpResult(APPRAISAL_CHANGED, period_id, f"已新建“{period.label}”", made=period)


def create_period_row(db: Database, key: str, year: int, quarter: int | None, actor: str) -> int:
    """Insert the period (inside the caller's transaction, after period_problem) and audit it."""
    scheme_id = ensure_scheme(db, key, actor)
    now, uid = utc_now(), str(uuid.uuid4())
    cursor = db.execute(
        "INSERT INTO appraisal_periods (uid, scheme_id, year, quarter, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [uid, scheme_id, year, quarter, now, now],
    )
    name = db.execute("SELECT name FROM appraisal_schemes WHERE id = ?", [scheme_id]).fetchone()[0]
    audit.record(
        db, actor=actor, action="create", entity="appraisal_period",
        label=f"{period_title(year, quarter)}（{name}）", record_id=cursor.lastrowid, record_uid=uid,
        after={"scheme_id": scheme_id, "year": year, "quarter": quarter, "split": "none"},
    )  # fmt: skip
    return cursor.lastrowid


def refuse_if_finalized(period: Period) -> None:
    if period.finalized:
        raise OperationRefused(
            f"“{period.label}”已定稿，成绩和等次不能再修改；如确需修改，请先重新打开（需说明原因）"
        )


def set_split(db: Database, period_id: int, split: str, actor: str) -> OpResult:
    """Rank the period as one group (none) or in parts by 人员类别 (role) or 工作单位 (unit)."""
    period = get_period(db, period_id)
    if split not in SPLITS:
        raise OperationRefused(f"分组方式应为：{'、'.join(SPLITS)}")
    refuse_if_finalized(period)
    if split == period.split:
        return OpResult(OpChanges(audit=False), period_id, "没有需要保存的修改")
    with db.atomic():
        db.execute(
            "UPDATE appraisal_periods SET split = ?, updated_at = ? WHERE id = ?",
            [split, utc_now(), period_id],
        )
        audit.record(
            db, actor=actor, action="update", entity="appraisal_period", label=period.label,
            record_id=period_id, record_uid=period.uid, before={"split": period.split}, after={"split": split},
        )  # fmt: skip
    return OpResult(APPRAISAL_CHANGED, period_id, f"“{period.label}”改为{SPLIT_LABELS[split]}排名")
