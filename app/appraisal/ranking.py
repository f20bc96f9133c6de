"""The ranking of a period: its scored people loaded as the engine's entries, split into the groups the period
(or the caller) asks for, and `rank_group` called once per group. Reads only."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlite_utils import Database

from app.appraisal.periods import Period
from app.appraisal.rules import EXEMPT, MISSING, PENDING, Entry, Override, Result, rank_group
from app.appraisal.weighing import weigh
from app.people.fields import Role, role_label


@dataclass(frozen=True)
class Member:
    """One person scored in a period, with what the ranking shows beside the result."""

    person_id: int
    name: str
    id_number: str
    role: str
    unit_id: int | None
    unit_name: str
    entry: Entry


@dataclass(frozen=True)
class RankedRow:
    member: Member
    result: Result
    group: str  # '' when the period is ranked as one group, else 社区工作者 / 玉林社区


@dataclass(frozen=True)
class Ranking:
    period: Period
    split: str
    rows: list[RankedRow]  # group by group, each in the engine's display order

    def flagged(self, flag: str) -> list[RankedRow]:
        return [r for r in self.rows if flag in r.result.flags]

    def blockers(self) -> tuple[list[RankedRow], list[RankedRow]]:
        """Who keeps the period from being finalized: the 待定 and the 待补录 (not those taken out of it)."""
        missing = [r for r in self.flagged(MISSING) if r.result.grade != EXEMPT]
        return self.flagged(PENDING), missing

    def row_of(self, person_id: int) -> RankedRow | None:
        return next((r for r in self.rows if r.member.person_id == person_id), None)


def decimal_or_none(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


class ScoreTexts(dict):
    """Stored score texts made Decimals once per distinct text: a period of 10,000 people holds a few hundred
    distinct scores, and one shared Decimal per score hashes once — the ranking weighs each distinct score once
    (scoring.Totals), and hashing a new Decimal costs as much as weighing it."""

    def __missing__(self, text: str) -> Decimal:
        value = self[text] = Decimal(text)
        return value

    def get_decimal(self, text: str | None) -> Decimal | None:
        return None if text is None else self[text]


def entry_of(
    person_id: int,
    scores_json: str,
    bonus: str | None,
    grade: str | None,
    reason: str | None,
    texts: ScoreTexts | None = None,
) -> Entry:
    """The engine's entry for a stored score row; `texts` shares the Decimals of equal scores among rows."""
    texts = ScoreTexts() if texts is None else texts
    scores = {key: None if value is None else texts[value] for key, value in json.loads(scores_json).items()}
    override = Override(grade, reason or "") if grade else None
    return Entry(person_id, scores, texts.get_decimal(bonus), override)


def load_members(db: Database, period: Period, person_ids: Iterable[int] | None = None) -> list[Member]:
    """Everyone with a living score row in the period who is on the roster (not in the recycle bin), in pinyin
    order of their names: people tied on everything are listed in that order."""
    rows = db.execute(
        "SELECT p.id, p.name, p.id_number, p.role, p.unit_id, coalesce(u.name, ''), s.scores, s.bonus,"
        " s.override_grade, s.override_reason"
        " FROM appraisal_scores s JOIN people p ON p.id = s.person_id LEFT JOIN org_units u ON u.id = p.unit_id"
        " WHERE s.period_id = ? AND s.deleted_at IS NULL AND p.deleted_at IS NULL"
        " ORDER BY p.name_order, p.name, p.id",
        [period.id],
    ).fetchall()
    wanted = set(person_ids) if person_ids is not None else None
    texts = ScoreTexts()
    from app.units.service import living_unit_labels  # not with the score import, which reads no ranking

    labels = living_unit_labels(db)  # 锦绣社区 under two streets: each by its path
    members = [
        Member(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            labels.get(r[4], r[5]),
            entry_of(r[0], r[6], r[7], r[8], r[9], texts),
        )
        for r in rows
        if wanted is None or r[0] in wanted
    ]
    weigh(period.scheme, [m.entry for m in members])  # each total once, however often the period is ranked
    return members


_ROLE_ORDER = {role.value: index for index, role in enumerate(Role)}


def group_of(member: Member, split: str) -> tuple[tuple, str]:
    """(sort key, label) of the member's group under `split`."""
    if split == "role":
        return (_ROLE_ORDER.get(member.role, len(_ROLE_ORDER)), member.role), role_label(member.role)
    if split == "unit":
        return (member.unit_name, member.unit_id or 0), member.unit_name or "（无单位）"
    return (), ""


def split_members(members: list[Member], split: str) -> list[tuple[str, list[Member]]]:
    """The groups in order (roles in their usual order, units by name), each keeping the members' order."""
    groups: dict[tuple, tuple[str, list[Member]]] = {}
    for member in members:
        key, label = group_of(member, split)
        groups.setdefault(key, (label, []))[1].append(member)
    return [groups[key] for key in sorted(groups)]


def rank_members(period: Period, members: list[Member], split: str) -> list[RankedRow]:
    rows: list[RankedRow] = []
    for label, group in split_members(members, split):
        by_id = {m.person_id: m for m in group}
        for result in rank_group(period.scheme, [m.entry for m in group]):
            rows.append(RankedRow(by_id[result.person_id], result, label))
    return rows


def rank_period(db: Database, period: Period, split: str | None = None) -> Ranking:
    """The period ranked by its own split, or by `split` for this look only (the stored one is what counts
    when it is finalized)."""
    split = split or period.split
    return Ranking(period, split, rank_members(period, load_members(db, period), split))


def group_entries(db: Database, period: Period, person_id: int) -> list[Entry]:
    """The entries of the group the person is ranked in (for checking an override against its quotas)."""
    members = load_members(db, period)
    mine = next((m for m in members if m.person_id == person_id), None)
    if mine is None:
        return []
    key = group_of(mine, period.split)[0]
    return [m.entry for m in members if group_of(m, period.split)[0] == key]
