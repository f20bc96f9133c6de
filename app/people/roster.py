"""The roster as the UI shows it: one SQL query, columns in a fixed order, plus a search text per person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum

from sqlite_utils import Database

from app.people.fields import ROLE_LABELS, Role
from app.people.pinyin import pinyin_needle
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
    # The search text is built by SQLite: one string per person instead of four to join in Python. The pinyin
    # key comes last, after a space, so that a pinyin needle (' zs') can only start at a syllable.
    " name || char(31) || lower(id_number) || char(31) || coalesce(phone, '') || char(31) || ' ' || search_key,"
    " name_order FROM people WHERE deleted_at IS NULL ORDER BY id"
)


@dataclass(frozen=True)
class RosterData:
    """Column-wise data: `cells[c][i]` is column c of person i. Lists keep 100k rows small and fast to sort."""

    ids: list[int]
    unit_ids: list[int | None]
    cells: list[list]  # indexed by Col
    search: list[str]  # lower-case text searched with `needle in text`
    name_order: list[str] = field(default_factory=list)  # pinyin with syllables apart: what names sort by


def search_needle(typed: str) -> str:
    """What a row's search text must contain for `typed` to find it (`needle in text`, one test per row).

    Pinyin (letters only) must start at a syllable of the name (see pinyin.search_key); anything else (Chinese
    characters, part of an ID or phone number) is found anywhere."""
    return pinyin_needle(typed) or typed.strip().lower()


def ages(births: tuple[str | None, ...], today: dt.date) -> list[int | None]:
    """Whole years on `today`; compares ISO text so 10,000 rows cost no date parsing."""
    month_day = f"{today:%m-%d}"
    return [today.year - int(b[:4]) - (b[5:] > month_day) if b else None for b in births]


def load_roster(db: Database, units: list[Unit], today: dt.date) -> RosterData:
    rows = db.execute(_SQL).fetchall()
    if not rows:
        return RosterData([], [], [[] for _ in Col], [])
    (
        ids,
        names,
        genders,
        births,
        roles,
        unit_ids,
        positions,
        politicals,
        edus,
        phones,
        statuses,
        search,
        order,
    ) = zip(*rows, strict=True)
    paths = unit_paths(units)
    role_names = {role.value: ROLE_LABELS[role] for role in Role}
    # Many people share a value: interning keeps one string object per distinct value.
    shared: dict[str | None, str] = {None: ""}

    def interned(values: tuple[str | None, ...]) -> list[str]:
        return [shared.setdefault(v, v) for v in values]

    cells: list[list] = [
        list(names),
        interned(genders),
        ages(births, today),
        [role_names.get(r, r) for r in roles],
        [paths.get(u, "") for u in unit_ids],
        interned(positions),
        interned(politicals),
        interned(edus),
        [p or "" for p in phones],
        interned(statuses),
    ]
    return RosterData(list(ids), list(unit_ids), cells, list(search), list(order))
