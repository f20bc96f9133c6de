"""The result of a selection round as the clerk adjusts it: the assignment, plus the mentees moved by hand
(改派). Pure data (no Qt), so the groups, counts and the adjusted result are simple to check."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from app.training.mentor_pool import MentorRow
from app.training.round_file import RoundFile
from app.training.selection import Assignment, Outcome, kept_note, mentor_key


@dataclass
class Adjusted:
    found: RoundFile
    result: Assignment
    moves: dict[str, str] = field(default_factory=dict)  # applicant key -> mentor name, moved by hand

    def outcomes(self) -> list[Outcome]:
        """The assignment's outcomes with the hand moves in place (a move says so in its 说明)."""
        return [self._moved(o) if o.applicant.key in self.moves else o for o in self.result.outcomes]

    def _moved(self, outcome: Outcome) -> Outcome:
        mentor = self.moves[outcome.applicant.key]
        applicant = outcome.applicant
        chosen = {mentor_key(applicant.first): 1, mentor_key(applicant.second): 2}
        choice = chosen.get(mentor_key(mentor))
        why = f"第{choice}志愿" if choice else "非本人志愿"
        note = f"人工改派给导师“{mentor}”（{why}）" + kept_note(applicant, mentor)
        return replace(outcome, mentor=mentor, choice=choice, note=note)

    def groups(self) -> list[tuple[str, list[Outcome]]]:
        """(mentor name, placed outcomes) for each mentor of the round in the file's order."""
        placed = [o for o in self.outcomes() if o.mentor is not None]
        return [(m.name, [o for o in placed if o.mentor == m.name]) for m in self.found.mentors]

    def kept(self) -> list[Outcome]:
        """The placements whose mentee already has a running pair with that mentor: confirming keeps that pair."""
        return [o for o in self.outcomes() if o.mentor is not None and kept_note(o.applicant, o.mentor)]

    def unplaced(self) -> list[Outcome]:
        return [o for o in self.outcomes() if o.mentor is None and not o.refused]

    def refused(self) -> list[Outcome]:
        return [o for o in self.outcomes() if o.refused]

    def count(self, choice: int | None) -> int:
        return sum(1 for o in self.outcomes() if not o.refused and o.choice == choice)

    def taken(self, mentor: str) -> int:
        return sum(1 for o in self.outcomes() if o.mentor == mentor)

    def capacity(self, mentor: str) -> int:
        return next(m.max_mentees for m in self.found.mentors if m.name == mentor)

    def summary(self) -> str:
        unplaced = len(self.unplaced())
        text = f"第一志愿 {self.count(1)} 人，第二志愿 {self.count(2)} 人，未分配 {unplaced} 人"
        if elsewhere := self.count(None) - unplaced:
            text += f"，改派到志愿以外的导师 {elsewhere} 人"
        text += f"（人工改派共 {len(self.moves)} 人）" if self.moves else ""
        if refused := self.refused():
            text += f"，有误未参加分配 {len(refused)} 人"
        return text

    def to_confirm(self) -> Assignment:
        return Assignment(self.outcomes(), list(self.result.flags), dict(self.result.taken))

    def namesakes(self, pool: list[MentorRow]) -> list[str]:
        """The workbook's mentors that confirming adds to the pool beside a pool mentor of the same name (the
        lines differ, so app/training/mentoring.py takes them for someone else): 张伟（条线“党建”，志愿表写“组织”）."""
        found = []
        for mentor in self.found.mentors:
            line = mentor_key(mentor.line)
            named = [m for m in pool if mentor_key(m.name) == mentor_key(mentor.name)]
            if line and named and all(m.line and mentor_key(m.line) != line for m in named):
                lines = "、".join(f"“{m.line}”" for m in named)
                found.append(f"{mentor.name}（条线{lines}，志愿表写“{mentor.line}”）")
        return found
