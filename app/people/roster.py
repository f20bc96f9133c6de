"""The roster as the UI shows it: one SQL query, columns in a fixed order, plus a search text per person."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from enum import IntEnum

from sqlite_utils import Database

from app.appraisal.points import AT_POST, promotion_holds
from app.people.fields import ROLE_LABELS, Role
from app.people.pinyin import pinyin_needle
from app.units.service import Unit, unit_paths


class Col(IntEnum):
    """Roster columns in the order shown; the optional ones are hidden until the clerk picks them."""

    NAME = 0
    GENDER = 1
    AGE = 2
    BIRTH_DATE = 3
    ETHNICITY = 4
    ID_NUMBER = 5
    ROLE = 6
    UNIT = 7
    POSITION = 8
    POLITICAL = 9
    EDUCATION = 10
    PHONE = 11
    POST_START = 12
    SOURCE = 13
    STATUS = 14
    PROMOTION = 15  # 三年内不考虑提拔 (the young cadres' points ledger): until which year


HEADERS = {
    Col.NAME: "姓名",
    Col.GENDER: "性别",
    Col.AGE: "年龄",
    Col.BIRTH_DATE: "出生日期",
    Col.ETHNICITY: "民族",
    Col.ID_NUMBER: "公民身份号码",
    Col.ROLE: "人员类别",
    Col.UNIT: "工作单位",
    Col.POSITION: "岗位",
    Col.POLITICAL: "政治面貌",
    Col.EDUCATION: "学历",
    Col.PHONE: "联系电话",
    Col.POST_START: "到岗时间",
    Col.SOURCE: "来源渠道",
    Col.STATUS: "状态",
    Col.PROMOTION: "提拔限制",
}
# 提拔限制 is optional too: a default column more would squeeze 工作单位 below its minimum at 960 px; while it
# is hidden the name of a person so marked is flagged in colour, with the reason as its tooltip.
OPTIONAL_COLUMNS = frozenset(
    {Col.BIRTH_DATE, Col.ETHNICITY, Col.ID_NUMBER, Col.POST_START, Col.SOURCE, Col.PROMOTION}
)
ALWAYS_SHOWN = Col.NAME  # a roster without names makes no sense

_SQL = (
    "SELECT id, name, gender, birth_date, ethnicity, id_number, role, unit_id, position, political_status,"
    " education, phone, post_start_date, source, status,"
    # The search text is built by SQLite: one string per person instead of three to join in Python.
    " name || char(31) || lower(id_number) || char(31) || coalesce(phone, ''),"
    " name_order FROM people WHERE deleted_at IS NULL ORDER BY id"
)
# The pinyin keys are kept apart, after a space (a pinyin needle ' zs' can only start at a syllable), and read by
# a query of their own: 100,000 keys made one after another lie side by side in memory and are searched about
# three times as fast as the same keys made among the other columns' values (measured: 7 against 21 ms).
_PINYIN_SQL = "SELECT ' ' || search_key FROM people WHERE deleted_at IS NULL ORDER BY id"


@dataclass(frozen=True)
class RosterData:
    """Column-wise data: `cells[c][i]` is column c of person i. Lists keep 100k rows small and fast to sort."""

    ids: list[int]
    unit_ids: list[int | None]
    cells: list[list]  # indexed by Col
    search: list[str]  # name, ID number, phone: searched with `needle in text` for anything but pinyin
    name_order: list[str] = field(default_factory=list)  # pinyin with syllables apart: what names sort by
    pinyin: list[str] = field(default_factory=list)  # ' ' + search_key: searched for a pinyin needle
    notes: dict[int, str] = field(default_factory=dict)  # person id → why 提拔限制 says what it says


def search_needle(typed: str) -> str:
    """What a row's search text must contain for `typed` to find it (`needle in text`, one test per row).

    Pinyin (letters only, returned with a leading space) is looked for in RosterData.pinyin and must start at a
    syllable of the name (see pinyin.search_key); anything else (Chinese characters, part of an ID or phone
    number) in RosterData.search, anywhere."""
    return pinyin_needle(typed) or typed.strip().lower()


def ages(births: list[str | None], today: dt.date) -> list[int | None]:
    """Whole years on `today`; compares ISO text so 10,000 rows cost no date parsing."""
    month_day = f"{today:%m-%d}"
    return [today.year - int(b[:4]) - (b[5:] > month_day) if b else None for b in births]


# Columns of _SQL with few distinct values (dates included: many people share a birthday): one string object
# per value instead of one per person.
_INTERNED = frozenset({2, 3, 4, 8, 9, 10, 12, 13, 14})
_CHUNK = 5000


def _fetch_columns(db: Database) -> list[list]:
    """_SQL's result column by column, fetched in chunks and interned as it comes: the copies SQLite hands out
    die with each chunk, so a large office's roster needs about a quarter less memory at its peak."""
    cursor = db.execute(_SQL)
    columns: list[list] = [[] for _ in cursor.description]
    shared: dict[str | None, str] = {None: ""}
    keep = shared.setdefault
    while chunk := cursor.fetchmany(_CHUNK):
        for index, values in enumerate(zip(*chunk, strict=True)):
            columns[index].extend([keep(v, v) for v in values] if index in _INTERNED else values)
    return columns


def load_roster(db: Database, units: list[Unit], today: dt.date) -> RosterData:
    with db.atomic():  # both queries see the same people
        columns = _fetch_columns(db)
        pinyin = [key for (key,) in db.execute(_PINYIN_SQL)]
    if not columns[0]:
        return RosterData([], [], [[] for _ in Col], [])
    ids, names, genders, births, ethnicities, id_numbers, roles, unit_ids = columns[:8]
    positions, politicals, edus, phones, posts, sources, statuses, search, order = columns[8:]
    paths = unit_paths(units)
    role_names = {role.value: ROLE_LABELS[role] for role in Role}
    cells: list[list] = [[] for _ in Col]
    cells[Col.NAME] = names
    cells[Col.GENDER] = genders
    cells[Col.AGE] = ages(births, today)
    cells[Col.BIRTH_DATE] = births
    cells[Col.ETHNICITY] = ethnicities
    cells[Col.ID_NUMBER] = id_numbers
    cells[Col.ROLE] = [role_names.get(r, r) for r in roles]
    cells[Col.UNIT] = [paths.get(u, "") for u in unit_ids]
    cells[Col.POSITION] = positions
    cells[Col.POLITICAL] = politicals
    cells[Col.EDUCATION] = edus
    cells[Col.PHONE] = [p or "" for p in phones]
    cells[Col.POST_START] = posts
    cells[Col.SOURCE] = sources
    cells[Col.STATUS] = statuses
    cadre = Role.RESERVE_CADRE.value
    cadres = (
        (ids[i], (posts[i] or "") if statuses[i] in AT_POST else None)
        for i, r in enumerate(roles)
        if r == cadre
    )
    holds = promotion_holds(db, today, cadres)
    cells[Col.PROMOTION] = (
        [f"至{holds[i].until}年" if i in holds else "" for i in ids] if holds else [""] * len(ids)
    )
    notes = {person_id: hold.text for person_id, hold in holds.items()}
    return RosterData(ids, unit_ids, cells, search, order, pinyin, notes)


_PERIOD = re.compile(r"(\d{4})(?:[.\-/年]?(\d{1,2})(?:[.\-/月]?(\d{1,2})日?)?月?)?")


def period_bounds(typed: str) -> tuple[str, str] | None:
    """The first and last day a typed year, month or date covers, as ISO text: '2019' -> ('2019-01-01',
    '2019-12-31'), '2019.7' -> July, '2019年7月15日' -> that day. None when blank; ValueError when not a date."""
    text = unicodedata.normalize("NFKC", typed).strip()
    if not text:
        return None
    found = _PERIOD.fullmatch(text)
    if found is None:
        raise ValueError(typed)
    year, month, day = (int(g) if g else None for g in found.groups())
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
    if day is None:
        if not last:
            raise ValueError(typed)
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    if not (last and 1 <= day <= last):
        raise ValueError(typed)
    return (f"{year:04d}-{month:02d}-{day:02d}",) * 2
