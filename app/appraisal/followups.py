"""What an appraisal leaves for the staff to do, for the reminders page and `care due`: open 补课 requirements and
suggestions waiting for a decision, as of a day (counting only what existed by then).

Neither has a deadline in the district's rules, so `due` is None: the reminders list shows them from `since`
(the day the requirement was made at 定稿, or the day the run's last 优秀 was granted) rather than inventing
a date to be late against.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from app.appraisal.remedial import list_requirements
from app.appraisal.suggestions import open_suggestions

REMEDIAL = "补课"
SUGGESTION = "表彰建议"


@dataclass(frozen=True)
class FollowUp:
    kind: str  # 补课 or 表彰建议
    person_id: int
    name: str
    id_number: str
    about: str
    due: dt.date | None
    since: dt.date


def due_followups(db: Database, day: dt.date) -> list[FollowUp]:
    """Open 补课 first (oldest first: the longest waiting), then suggestions (newest first)."""
    found = [
        FollowUp(REMEDIAL, r.person_id, r.name, r.id_number, r.about, None, r.required_on)
        for r in list_requirements(db, open_only=True, day=day)
    ]
    found += [
        FollowUp(SUGGESTION, s.person_id, s.name, s.id_number, s.about, None, s.since)
        for s in open_suggestions(db, day)
    ]
    return found
