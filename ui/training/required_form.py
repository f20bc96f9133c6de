"""要求学时: the yearly hours each role must complete (app/training/settings.py), set by the office from the
学时统计 tab; a refused value is marked beside its role and nothing is stored."""

from __future__ import annotations

from app.changes import OpResult
from app.people.fields import ROLE_LABELS, Role
from app.training import settings
from app.training.rules import hours_text
from ui.care.form_parts import CareForm, line_edit


class RequiredHoursForm(CareForm):
    title = "每年要求学时"

    def build(self) -> None:
        current = settings.required_hours(self.ctx.db)
        for role in Role:
            self.add_row(role.value, ROLE_LABELS[role], line_edit(hours_text(current[role.value]), "如 48"))

    def write(self) -> OpResult:
        return settings.save(self.ctx.db, {key: self.text(key) for key in self.fields}, self.ctx.actor)
