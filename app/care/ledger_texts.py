"""The texts of a care ledger's row: who visited or talked, the note, and what no column of the record holds.

Two columns for one field lose nothing: a visit reads 走访人, a talk 谈话人 (either reads a column both share,
走访人/谈话人); a talk's 谈话内容 and 备注 are joined with '；' (a talk has no note); anything typed in a column the
record has no place for — the other 走访人 or 谈话人 among them, a 时间 beside 日期 — is kept in its note as
'列名：内容' and said in the dry run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.care.ledger_cells import TALK_RECORD, VISIT_RECORD, stray, with_kept
from app.care.ledger_people import same_name

if TYPE_CHECKING:
    from app.care.ledger_rows import LedgerRow

MAX_TEXT = 2000  # 备注, 谈话内容
MAX_SHORT = 100  # 走访人, 慰问品, 地点
# A visit reads its own column of who went first, a talk its own; the others on the row are kept in its note.
_WHO_ORDER = {VISIT_RECORD: ("visitors", "who", "talker"), TALK_RECORD: ("talker", "who", "visitors")}
_STRAYING = ("category", "method", "visitors", "talker", "who", "gift", "place", "summary")


class RecordTexts:
    """The part of the row planner that reads texts; the planner gives the columns and says the problems."""

    column_of: dict[str, int]
    headers: list[str]

    def text(self, what: str, texts: list[str]) -> str:
        raise NotImplementedError

    def problem(self, row: LedgerRow, what: str, value: Any, message: str) -> None:
        raise NotImplementedError

    def who_of(self, row: LedgerRow, kind: str, texts: list[str]) -> tuple[str, frozenset[str]]:
        """Who visited or talked, from the record's own column (走访人 for a visit, 谈话人 for a talk, or the
        column both share); the column read."""
        for what in _WHO_ORDER.get(kind, ()):
            if what in self.column_of:
                return self.short(row, what, texts, MAX_SHORT), frozenset((what,))
        return "", frozenset()

    def note_of(
        self, row: LedgerRow, kind: str, texts: list[str], used: frozenset[str]
    ) -> tuple[str | None, frozenset[str]]:
        """The record's text: a talk's 谈话内容 and its 备注, joined with '；' (a talk has no note); another
        record's 备注 — or its 谈话内容 when the ledger has no 备注 (the one text column)."""
        note = self.short(row, "note", texts, MAX_TEXT)
        if kind != TALK_RECORD and "note" in self.column_of:
            return note or None, used
        text = "；".join(filter(None, (self.short(row, "summary", texts, MAX_TEXT), note)))
        if len(text) > MAX_TEXT:
            said = f"谈话内容与备注合起来过长（{len(text)}个字），请控制在{MAX_TEXT}个字以内"
            self.problem(row, "note", text, said)
        return text or None, used | {"summary"}

    def keep_stray(self, row: LedgerRow, kind: str, texts: list[str], follow_up: str | None, note: str | None,
                   used: frozenset[str], more: list[tuple[str, str]]) -> str | None:  # fmt: skip
        """Cells this kind of record has no column for (and `more`: (label, text) kept besides), in its note
        ('方式：电话') and said in the dry run."""
        filled = {what: self.text(what, texts) for what in _STRAYING}
        filled["follow_up"] = follow_up or ""
        if same_name(filled["category"]) in (
            kind,
            kind[-2:],
        ):  # 类别 健康体检 on a 健康体检 row says nothing more
            filled["category"] = ""
        kept = [(self.headers[self.column_of[what]], filled[what]) for what in stray(kind, filled, used)]
        kept += more
        if kept:
            labels = "、".join(label for label, _ in kept)
            row.note = "；".join(filter(None, (row.note, f"{labels}不属于{kind}，已记入备注")))
        return with_kept(note, kept)

    def short(self, row: LedgerRow, what: str, texts: list[str], limit: int) -> str:
        """The cell's text; longer than `limit` rejects the row (never cut short silently)."""
        text = self.text(what, texts)
        if len(text) > limit:
            self.problem(row, what, text, f"内容过长（{len(text)}个字），请控制在{limit}个字以内")
        return text
