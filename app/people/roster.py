"""The roster as the UI shows it: one SQL query, columns in a fixed order, plus a search text per person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from sqlite_utils import Database

from app.clock import age_on
from app.people.fields import ROLE_LABELS, Role
from app.units.service import Unit, unit_paths


class Col(IntEnum):
    NAME = 0
    GENDER = 1
    AGE = 2
    ROLE = 3
    UNIT = 4
    POSITION = 5
    POLITICAL = 6
    EDUCATION = 7
    PHONE = 8
    STATUS = 9


HEADERS = {
    Col.NAME: "姓名",
    Col.GENDER: "性别",
    Col.AGE: "年龄",
    Col.ROLE: "人员类别",
    Col.UNIT: "工作单位",
    Col.POSITION: "岗位",
    Col.POLITICAL: "政治面貌",
    Col.EDUCATION: "学历",
    Col.PHONE: "联系电话",
    Col.STATUS: "状态",
}

_SQL = (
    "SELECT id, name, gender, birth_date, role, unit_id, position, political_status, education, phone, status,"
    " id_number, search_key FROM people WHERE deleted_at IS NULL ORDER BY id"
)


@dataclass(frozen=True)
class RosterData:
    """Column-wise data: `cells[c][i]` is column c of person i. Lists keep 100k rows small and fast to sort."""

    ids: list[int]
    unit_ids: list[int | None]
    cells: list[list]  # indexed by Col
    search: list[str]  # lower-case text searched with `needle in text`


def load_roster(db: Database, units: list[Unit], today: dt.date) -> RosterData:
    paths = unit_paths(units)
    roles = {role.value: ROLE_LABELS[role] for role in Role}
    # Many people share a value: interning keeps one string object per distinct value.
    interned: dict[str, str] = {}

    def intern(value: str | None) -> str:
        return interned.setdefault(value, value) if value else ""

    ids, unit_ids, search = [], [], []
    cells: list[list] = [[] for _ in Col]
    for (
        pid,
        name,
        gender,
        birth,
        role,
        unit_id,
        position,
        political,
        edu,
        phone,
        status,
        idn,
        key,
    ) in db.execute(_SQL):
        ids.append(pid)
        unit_ids.append(unit_id)
        row = (
            name,
            intern(gender),
            age_on(birth, today),
            roles.get(role, role),
            paths.get(unit_id, ""),
            intern(position),
            intern(political),
            intern(edu),
            phone or "",
            intern(status),
        )
        for column, value in zip(cells, row, strict=True):
            column.append(value)
        search.append(f"{name}\x1f{key}\x1f{idn.lower()}\x1f{phone or ''}")
    return RosterData(ids, unit_ids, cells, search)
