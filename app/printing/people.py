"""The people a document prints, with their unit's name (its path where two units share it): one query, plain
values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from app.people.fields import role_label


@dataclass(frozen=True)
class PersonInfo:
    id: int
    name: str
    gender: str
    birth_date: str
    ethnicity: str
    id_number: str
    role: str  # the label: 社区工作者
    unit_name: str
    position: str
    political_status: str
    education: str
    phone: str
    post_start_date: str
    source: str
    status: str
    photo: bytes | None = None
    # The roster's other columns, printed when a 花名册 asks for them (--columns).
    major: str = ""
    party_join_date: str = ""
    work_start_date: str = ""
    social_work_level: str = ""
    note: str = ""

    def age(self, today: dt.date) -> str:
        if not self.birth_date:
            return ""
        born = dt.date.fromisoformat(self.birth_date)
        return str(today.year - born.year - ((today.month, today.day) < (born.month, born.day)))


_COLUMNS = (
    "p.id, p.name, p.gender, p.birth_date, p.ethnicity, p.id_number, p.role, u.name, p.position,"
    " p.political_status, p.education, p.phone, p.post_start_date, p.source, p.status,"
    " p.major, p.party_join_date, p.work_start_date, p.social_work_level, p.note"
)


def load_people(db: Database, ids: Iterable[int] | None = None, *, photos: bool = False) -> list[PersonInfo]:
    """The living people with these ids (all when None), in the order of `ids` (else by id)."""
    select = _COLUMNS + ", p.unit_id" + (", p.photo" if photos else ", NULL")  # the photo last
    rows = db.execute(
        f"SELECT {select} FROM people p LEFT JOIN org_units u ON u.id = p.unit_id"
        " WHERE p.deleted_at IS NULL ORDER BY p.id"
    ).fetchall()
    from app.units.service import living_unit_labels  # with the first document, not with the package

    labels = living_unit_labels(db)  # 锦绣社区 under two streets: each by its path, as the ranking prints it
    people = {row[0]: _person(row, labels) for row in rows}
    if ids is None:
        return list(people.values())
    return [people[i] for i in ids if i in people]


def _person(row: tuple, labels: dict[int, str]) -> PersonInfo:
    values = ["" if v is None else v for v in row[:-2]]
    values[6] = role_label(values[6])
    values[7] = labels.get(row[-2], values[7])
    major, party, work, level, note = values[15:]
    return PersonInfo(*values[:15], photo=row[-1], major=major, party_join_date=party, work_start_date=work,
                      social_work_level=level, note=note)  # fmt: skip
