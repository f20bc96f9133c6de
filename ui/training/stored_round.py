"""A confirmed selection round as the 双向选择 tab shows it again: the groups as app/training/list_export.py
reads them for the printout and the export (so screen, paper and spreadsheet agree), with the counts of first
choices, second choices and the unplaced. Pure data (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from app.clock import local_day
from app.training.list_export import FIRST, SECOND, MentorGroups, Unplaced

CHOICE_NUMBER = {FIRST: "1", SECOND: "2"}


@dataclass(frozen=True)
class StoredRound:
    id: int
    name: str
    year: int
    confirmed_at: str
    found: MentorGroups

    def count(self, how: str) -> int:
        return sum(1 for g in self.found.groups for m in g.mentees if m.how == how)

    def summary(self) -> str:
        placed = self.found.mentee_count
        elsewhere = placed - self.count(FIRST) - self.count(SECOND)
        text = (
            f"“{self.name}”（{self.year}年）已于 {local_day(self.confirmed_at)} 确认：第一志愿 {self.count(FIRST)} 人，"
            f"第二志愿 {self.count(SECOND)} 人，未分配 {len(self.found.unplaced)} 人"
        )
        return text + (f"，人工调配到志愿以外的导师 {elsewhere} 人" if elsewhere else "")


def unplaced_note(u: Unplaced) -> str:
    wanted = "，".join(f"{label}“{m}”" for label, m in (("第一志愿", u.first), ("第二志愿", u.second)) if m)
    return f"未分配（{wanted or '未填志愿'}），待人工决定"
